"""Typed calls to KSeF's /permissions API: who may do what in a company's context, grants, revocations.

Grants and revocations are asynchronous in KSeF: the call returns an operation's reference number and
``wait_for_operation`` polls its status (100 = in progress, 200 = done, anything else = refused).
Permission types and identifier types stay plain strings, so a value KSeF adds later (2.9.0's owner
scope, say) is shown as it is instead of breaking the list.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from ksefdesk.core.errors import UserError
from ksefdesk.services.ksef.answers import parse_time
from ksefdesk.services.ksef.api import _answer_checked
from ksefdesk.services.ksef.http import CancelToken, KsefHttp

GROUP = "other"  # every /permissions operation is in KSeF's "other" rate-limit group (10/30/120)
PAGE_SIZE = 100  # the largest page KSeF serves for permission lists
MAX_PAGES = 100  # a runaway hasMore never loops forever

# What the app knows how to name; KSeF may answer others (kept as strings).
PERSON_PERMISSIONS = (
    "InvoiceRead",
    "InvoiceWrite",
    "CredentialsRead",
    "CredentialsManage",
    "Introspection",
    "SubunitManage",
    "EnforcementOperations",
    "CollectiveIdentifierManage",
)
ENTITY_PERMISSIONS = ("InvoiceRead", "InvoiceWrite", "CollectiveIdentifierManage")

T = TypeVar("T")


@dataclass(frozen=True)
class Identifier:
    """A KSeF identifier: ``type`` Nip, Pesel, Fingerprint, InternalId, AllPartners, System, ...;
    ``value`` is None for the kinds that carry none (AllPartners, System)."""

    type: str
    value: str | None = None

    def as_json(self) -> dict[str, str]:
        return {"type": self.type} if self.value is None else {"type": self.type, "value": self.value}

    @classmethod
    def parse(cls, data: Any) -> Identifier | None:
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            return None
        value = data.get("value")
        return cls(data["type"], value if isinstance(value, str) else None)


@dataclass(frozen=True)
class IdDocument:
    type: str
    number: str
    country: str  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Person:
    """Who gets permissions. ``identifier`` is how they log in (Pesel, Nip or a certificate Fingerprint).
    A person known by fingerprint also gives their PESEL/NIP (``person_identifier``) or, lacking one,
    ``birth_date`` and an ``id_document`` (KSeF's subjectDetails)."""

    identifier: Identifier
    first_name: str
    last_name: str
    person_identifier: Identifier | None = None
    birth_date: date | None = None
    id_document: IdDocument | None = None

    def subject_details(self) -> dict[str, Any]:
        name = {"firstName": self.first_name, "lastName": self.last_name}
        if self.identifier.type != "Fingerprint":
            return {"subjectDetailsType": "PersonByIdentifier", "personById": name}
        if self.person_identifier is not None:
            return {
                "subjectDetailsType": "PersonByFingerprintWithIdentifier",
                "personByFpWithId": {**name, "identifier": self.person_identifier.as_json()},
            }
        if self.birth_date is None or self.id_document is None:
            raise ValueError("a person known by fingerprint needs a PESEL/NIP or a birth date and an ID document")
        document = self.id_document
        return {
            "subjectDetailsType": "PersonByFingerprintWithoutIdentifier",
            "personByFpNoId": {
                **name,
                "birthDate": self.birth_date.isoformat(),
                "idDocument": {"type": document.type, "number": document.number, "country": document.country},
            },
        }


@dataclass(frozen=True)
class EntityPermission:
    type: str  # InvoiceRead, InvoiceWrite, CollectiveIdentifierManage
    can_delegate: bool = False


@dataclass(frozen=True)
class OperationStatus:
    reference: str
    code: int
    description: str
    details: list[str] = field(default_factory=list)

    @property
    def in_progress(self) -> bool:
        return self.code == 100

    @property
    def succeeded(self) -> bool:
        return self.code == 200


@dataclass(frozen=True)
class Grant:
    """One permission as KSeF lists it (personal or persons query). ``scope`` is KSeF's permissionScope."""

    id: str
    scope: str
    description: str
    state: str
    start_date: datetime | None
    can_delegate: bool
    authorized: Identifier | None = None
    author: Identifier | None = None
    context: Identifier | None = None
    target: Identifier | None = None
    subject_name: str = ""  # "First Last" or a company's full name, when KSeF gives one

    @property
    def active(self) -> bool:
        return self.state == "Active"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_more: bool


@dataclass(frozen=True)
class AttachmentStatus:
    allowed: bool
    revoked: datetime | None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None


def _subject_name(item: dict[str, Any]) -> str:
    person = item.get("subjectPersonDetails")
    if isinstance(person, dict):
        return " ".join(str(person.get(k) or "") for k in ("firstName", "lastName")).strip()
    entity = item.get("subjectEntityDetails")
    if isinstance(entity, dict):
        return str(entity.get("fullName") or "")
    return ""


def parse_grant(item: dict[str, Any]) -> Grant:
    """A PersonalPermission or PersonPermission; unknown fields are ignored, unknown values kept."""
    return Grant(
        id=str(item["id"]),
        scope=str(item["permissionScope"]),
        description=str(item.get("description") or ""),
        state=str(item.get("permissionState") or "Active"),
        start_date=_time(item.get("startDate")),
        can_delegate=bool(item.get("canDelegate", False)),
        authorized=Identifier.parse(item.get("authorizedIdentifier")),
        author=Identifier.parse(item.get("authorIdentifier")),
        context=Identifier.parse(item.get("contextIdentifier")),
        target=Identifier.parse(item.get("targetIdentifier")),
        subject_name=_subject_name(item),
    )


class PermissionsApi:
    """The /permissions calls the app uses; every one takes the context's access token."""

    def __init__(self, http: KsefHttp, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.http = http
        self._clock = clock

    # --- queries ------------------------------------------------------------------------------------
    @_answer_checked
    def _query(
        self, path: str, token: str, body: dict[str, Any], page: int, size: int, cancel: CancelToken | None
    ) -> Page[Grant]:
        answer = self.http.json(
            "POST",
            path,
            group=GROUP,
            token=token,
            json=body,
            params={"pageOffset": page, "pageSize": size},
            cancel=cancel,
            retry_unsafe=True,  # a query changes nothing
        )
        return Page([parse_grant(item) for item in answer["permissions"]], bool(answer["hasMore"]))

    def _all(self, fetch: Callable[[int], Page[T]]) -> Iterator[T]:
        for page in range(MAX_PAGES):
            result = fetch(page)
            yield from result.items
            if not result.has_more:
                return

    def personal_grants(
        self,
        token: str,
        *,
        permission_types: Sequence[str] = (),
        context: Identifier | None = None,
        page: int = 0,
        size: int = PAGE_SIZE,
        cancel: CancelToken | None = None,
    ) -> Page[Grant]:
        """ "My permissions": what the logged-in person or entity holds in the current context."""
        body: dict[str, Any] = {}
        if permission_types:
            body["permissionTypes"] = list(permission_types)
        if context:
            body["contextIdentifier"] = context.as_json()
        return self._query("/permissions/query/personal/grants", token, body, page, size, cancel)

    def all_personal_grants(self, token: str, cancel: CancelToken | None = None) -> list[Grant]:
        return list(self._all(lambda page: self.personal_grants(token, page=page, cancel=cancel)))

    def person_grants(
        self,
        token: str,
        *,
        granted_by_me: bool = False,
        authorized: Identifier | None = None,
        permission_types: Sequence[str] = (),
        page: int = 0,
        size: int = PAGE_SIZE,
        cancel: CancelToken | None = None,
    ) -> Page[Grant]:
        """Who may work in the current context (or, ``granted_by_me``, what this login granted there)."""
        body: dict[str, Any] = {
            "queryType": "PermissionsGrantedInCurrentContext" if granted_by_me else "PermissionsInCurrentContext"
        }
        if authorized:
            body["authorizedIdentifier"] = authorized.as_json()
        if permission_types:
            body["permissionTypes"] = list(permission_types)
        return self._query("/permissions/query/persons/grants", token, body, page, size, cancel)

    def all_person_grants(
        self, token: str, *, granted_by_me: bool = False, cancel: CancelToken | None = None
    ) -> list[Grant]:
        return list(
            self._all(lambda page: self.person_grants(token, granted_by_me=granted_by_me, page=page, cancel=cancel))
        )

    @_answer_checked
    def attachments_status(self, token: str, cancel: CancelToken | None = None) -> AttachmentStatus:
        """Whether this company may send invoices with attachments (a consent made at the tax office)."""
        answer = self.http.json("GET", "/permissions/attachments/status", group=GROUP, token=token, cancel=cancel)
        return AttachmentStatus(bool(answer.get("isAttachmentAllowed", False)), _time(answer.get("revokedDate")))

    # --- grants and revocations (asynchronous) ------------------------------------------------------
    @_answer_checked
    def _start(self, method: str, path: str, token: str, body: Any, cancel: CancelToken | None) -> str:
        answer = self.http.json(method, path, group=GROUP, token=token, json=body, expect=(202,), cancel=cancel)
        return str(answer["referenceNumber"])

    def grant_to_person(
        self,
        token: str,
        person: Person,
        permissions: Sequence[str],
        description: str,
        cancel: CancelToken | None = None,
    ) -> str:
        """Let a person (or a company by NIP) work in the current context; the operation's reference."""
        body = {
            "subjectIdentifier": person.identifier.as_json(),
            "permissions": list(permissions),
            "description": description,
            "subjectDetails": person.subject_details(),
        }
        return self._start("POST", "/permissions/persons/grants", token, body, cancel)

    def grant_to_entity(
        self,
        token: str,
        nip: str,
        full_name: str,
        permissions: Sequence[EntityPermission],
        description: str,
        cancel: CancelToken | None = None,
    ) -> str:
        """Let another company (an accounting office) handle this company's invoices."""
        body = {
            "subjectIdentifier": {"type": "Nip", "value": nip},
            "permissions": [{"type": p.type, "canDelegate": p.can_delegate} for p in permissions],
            "description": description,
            "subjectDetails": {"fullName": full_name},
        }
        return self._start("POST", "/permissions/entities/grants", token, body, cancel)

    def revoke(self, token: str, permission_id: str, cancel: CancelToken | None = None) -> str:
        """Take back a grant by the id a query listed; the operation's reference."""
        return self._start("DELETE", f"/permissions/common/grants/{permission_id}", token, None, cancel)

    @_answer_checked
    def operation_status(self, token: str, reference: str, cancel: CancelToken | None = None) -> OperationStatus:
        answer = self.http.json("GET", f"/permissions/operations/{reference}", group=GROUP, token=token, cancel=cancel)
        status = answer["status"]
        return OperationStatus(
            reference, int(status["code"]), str(status.get("description") or ""), list(status.get("details") or [])
        )

    def wait_for_operation(
        self,
        token: str,
        reference: str,
        *,
        timeout_s: float = 60.0,
        poll_s: float = 0.5,
        cancel: CancelToken | None = None,
        check: bool = True,
    ) -> OperationStatus:
        """Poll until the operation ends. ``check``: a refused one raises ``permissions.operation_failed``;
        one still running after ``timeout_s`` raises ``permissions.operation_pending`` (it may end later,
        so the caller must not simply order it again)."""
        cancel = cancel or CancelToken()
        deadline = self._clock() + timeout_s
        delay = poll_s
        while True:
            status = self.operation_status(token, reference, cancel)
            if not status.in_progress:
                if check and not status.succeeded:
                    raise UserError(
                        "permissions.operation_failed",
                        status=status.code,
                        description=status.description,
                        details="; ".join(status.details),
                    )
                return status
            if self._clock() + delay > deadline:
                raise UserError("permissions.operation_pending", reference=reference, seconds=round(timeout_s))
            cancel.sleep(delay)
            delay = min(delay * 1.5, 5.0)  # each poll is a request in the 120-per-hour group
