"""Typed calls to the KSeF API v2, one method per operation the app uses."""

from __future__ import annotations

import base64
import binascii
import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

import requests
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from ksefdesk.core.crypto import aes_encrypt, b64, rsa_oaep_encrypt, sha256_b64, sha256_b64_chunks
from ksefdesk.core.errors import Bilingual, KsefUnreachable, UserError
from ksefdesk.core.fa3 import FORM_CODE
from ksefdesk.core.redaction import scrub
from ksefdesk.core.xml_safety import MAX_XML_BYTES
from ksefdesk.services.ksef.answers import (
    AuthSession,
    BatchSession,
    CertificateInfo,
    CertificateLimits,
    CreatedToken,
    EnrollmentData,
    EnrollmentStatus,
    ExportStatus,
    Fields,
    KsefToken,
    MetadataPage,
    PartUpload,
    RetrievedCertificate,
    SessionInvoice,
    SessionStatus,
    parse_auth_session,
    parse_batch_session,
    parse_certificate_info,
    parse_certificate_limits,
    parse_created_token,
    parse_enrollment_data,
    parse_enrollment_status,
    parse_export_status,
    parse_invoice_metadata,
    parse_ksef_token,
    parse_retrieved_certificate,
    parse_session_invoice,
    parse_session_status,
)
from ksefdesk.services.ksef.answers import (
    parse_time as parse_time,  # re-exported: callers parse KSeF's times with it
)
from ksefdesk.services.ksef.http import CancelToken, KsefApiError, KsefHttp

log = logging.getLogger(__name__)

TOKEN_USAGE = "KsefTokenEncryption"
SYMMETRIC_USAGE = "SymmetricKeyEncryption"
DOWNLOAD_CHUNK = 1 << 20
MAX_PART_BYTES = 100 * 1024 * 1024 + 16  # KSeF's limit for one encrypted package part (plus AES padding)


P = ParamSpec("P")
R = TypeVar("R")
_PART = Bilingual("część paczki faktur", "invoice package part")
_HASH_MISMATCH = Bilingual(
    "jego skrót SHA-256 nie zgadza się z nagłówkiem x-ms-meta-hash (plik uszkodzony w drodze)",
    "its SHA-256 does not match the x-ms-meta-hash header (damaged on the way)",
)


def meta_hash_matches(announced: str | None, actual_b64: str) -> bool:
    """Whether the bytes match the storage's ``x-ms-meta-hash`` (Base64 SHA-256 of what it serves); a
    download without the header is checked by the caller's own hashes only."""
    if announced is None:
        return True
    try:
        return base64.b64decode(announced.strip(), validate=True) == base64.b64decode(actual_b64)
    except (binascii.Error, ValueError):
        return False


def _answer_checked(method: Callable[P, R]) -> Callable[P, R]:
    """KSeF's answer lacking a field or holding the wrong type ({} for a challenge, a list for an object)
    becomes ``ksef.bad_answer`` (a message) instead of a KeyError deep in the caller."""

    @functools.wraps(method)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            details = f"{method.__name__}: {type(exc).__name__} {exc}"[:300]
            raise UserError("ksef.bad_answer", status=200, details=scrub(details)) from exc

    return checked


SUBJECT_VALIDATION = "subject-identifier-validation"  # X-KSeF-Feature (2.8.0): TEST checks NIPs as PRD does


def _feature_headers(features: tuple[str, ...]) -> dict[str, str]:
    return {"X-KSeF-Feature": ", ".join(features)} if features else {}


@dataclass(frozen=True)
class Challenge:
    challenge: str
    timestamp: datetime
    timestamp_ms: int


@dataclass(frozen=True)
class AuthOperation:
    reference: str
    operation_token: str
    valid_until: datetime


@dataclass(frozen=True)
class AuthStatus:
    code: int
    description: str
    details: list[str]
    method: str
    refresh_valid_until: datetime | None

    @property
    def in_progress(self) -> bool:
        return 100 <= self.code < 200  # 100 today; a 1xx code KSeF adds later still means "wait"

    @property
    def succeeded(self) -> bool:
        return self.code == 200


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    access_valid_until: datetime
    refresh_token: str | None
    refresh_valid_until: datetime | None


@dataclass(frozen=True)
class PublicKey:
    usage: str
    key: rsa.RSAPublicKey
    public_key_id: str
    valid_from: datetime
    valid_to: datetime


class KsefApi:
    def __init__(self, http: KsefHttp) -> None:
        self.http = http
        self._keys: list[PublicKey] | None = None
        self._keys_lock = threading.Lock()

    # --- keys --------------------------------------------------------------------------------------
    @_answer_checked
    def public_key(self, usage: str, *, refresh: bool = False, cancel: CancelToken | None = None) -> PublicKey:
        """The certificate for ``usage`` valid now with the latest validFrom (the official rule)."""
        with self._keys_lock:
            if self._keys is None or refresh:
                items = self.http.json("GET", "/security/public-key-certificates", group="anonymous", cancel=cancel)
                keys = []
                for item in items:
                    cert = x509.load_der_x509_certificate(base64.b64decode(item["certificate"]))
                    public = cert.public_key()
                    if not isinstance(public, rsa.RSAPublicKey):
                        continue
                    for key_usage in item.get("usage", []):
                        keys.append(
                            PublicKey(
                                key_usage,
                                public,
                                item.get("publicKeyId", ""),
                                parse_time(item["validFrom"]),
                                parse_time(item["validTo"]),
                            )
                        )
                self._keys = keys
            now = datetime.now(UTC)
            candidates = [k for k in self._keys if k.usage == usage and k.valid_from <= now <= k.valid_to]
        if not candidates:
            raise UserError("ksef.bad_answer", status=200, details=f"no valid {usage} public key")
        return max(candidates, key=lambda k: k.valid_from)

    def encryption(self, key: bytes, iv: bytes, cancel: CancelToken | None = None) -> dict[str, str]:
        """The EncryptionInfo of a session or export: our AES key wrapped for the Ministry."""
        wrapped, key_id = self.encrypt_for(SYMMETRIC_USAGE, key, cancel)
        encryption = {"encryptedSymmetricKey": wrapped, "initializationVector": b64(iv)}
        if key_id:
            encryption["publicKeyId"] = key_id
        return encryption

    def encrypt_for(self, usage: str, plain: bytes, cancel: CancelToken | None = None) -> tuple[str, str]:
        key = self.public_key(usage, cancel=cancel)
        return b64(rsa_oaep_encrypt(key.key, plain)), key.public_key_id

    # --- authentication ----------------------------------------------------------------------------
    @_answer_checked
    def challenge(self, cancel: CancelToken | None = None) -> Challenge:
        body = self.http.json("POST", "/auth/challenge", group="anonymous", cancel=cancel, retry_unsafe=True)
        return Challenge(body["challenge"], parse_time(body["timestamp"]), int(body["timestampMs"]))

    @_answer_checked
    def _operation(self, body: dict[str, Any]) -> AuthOperation:
        token = body["authenticationToken"]
        return AuthOperation(body["referenceNumber"], token["token"], parse_time(token["validUntil"]))

    def submit_xades(self, signed: bytes, cancel: CancelToken | None = None) -> AuthOperation:
        return self._operation(
            self.http.json(
                "POST",
                "/auth/xades-signature",
                group="anonymous",
                data=signed,
                headers={"Content-Type": "application/xml"},
                expect=(202,),
                cancel=cancel,
            )
        )

    def submit_ksef_token(
        self, nip: str, ksef_token: str, challenge: Challenge, cancel: CancelToken | None = None
    ) -> AuthOperation:
        for attempt in (1, 2):
            encrypted, key_id = self.encrypt_for(TOKEN_USAGE, f"{ksef_token}|{challenge.timestamp_ms}".encode(), cancel)
            body = {
                "challenge": challenge.challenge,
                "contextIdentifier": {"type": "Nip", "value": nip},
                "encryptedToken": encrypted,
            }
            if key_id:
                body["publicKeyId"] = key_id
            try:
                return self._operation(
                    self.http.json(
                        "POST", "/auth/ksef-token", group="anonymous", json=body, expect=(202,), cancel=cancel
                    )
                )
            except KsefApiError as exc:
                if exc.ksef_code == 21470 and attempt == 1:  # the key was rotated: fetch the list again
                    self.public_key(TOKEN_USAGE, refresh=True, cancel=cancel)
                    continue
                raise
        raise AssertionError("unreachable")

    @_answer_checked
    def auth_status(self, operation: AuthOperation, cancel: CancelToken | None = None) -> AuthStatus:
        body = self.http.json(
            "GET", f"/auth/{operation.reference}", group="anonymous", token=operation.operation_token, cancel=cancel
        )
        status = body.get("status", {})
        info = body.get("authenticationMethodInfo") or {}
        refresh_until = body.get("refreshTokenValidUntil")
        return AuthStatus(
            int(status.get("code", 0)),
            str(status.get("description", "")),
            [str(d) for d in status.get("details") or []],
            str(info.get("code") or body.get("authenticationMethod", "")),
            parse_time(refresh_until) if refresh_until else None,
        )

    @_answer_checked
    def redeem(self, operation: AuthOperation, cancel: CancelToken | None = None) -> TokenPair:
        body = self.http.json(
            "POST", "/auth/token/redeem", group="anonymous", token=operation.operation_token, cancel=cancel
        )
        access, refresh = body["accessToken"], body["refreshToken"]
        return TokenPair(
            access["token"], parse_time(access["validUntil"]), refresh["token"], parse_time(refresh["validUntil"])
        )

    @_answer_checked
    def refresh(self, refresh_token: str, cancel: CancelToken | None = None) -> TokenPair:
        body = self.http.json(
            "POST", "/auth/token/refresh", group="anonymous", token=refresh_token, cancel=cancel, retry_unsafe=True
        )
        access = body["accessToken"]
        return TokenPair(access["token"], parse_time(access["validUntil"]), None, None)

    def revoke_current_session(self, token: str, cancel: CancelToken | None = None) -> None:
        self.http.request("DELETE", "/auth/sessions/current", group="other", token=token, expect=(204,), cancel=cancel)

    def _all_pages(self, path: str, shape: str, key: str, token: str, cancel: CancelToken | None) -> list[Fields]:
        """Every item of a list endpoint paged with x-continuation-token."""
        items: list[Fields] = []
        continuation: str | None = None
        while True:
            headers = {"x-continuation-token": continuation} if continuation else {}
            page = Fields(
                shape,
                self.http.json(
                    "GET", path, group="other", token=token, headers=headers, params={"pageSize": 100}, cancel=cancel
                ),
            )
            items += page.objects(key, shape, required=False)
            continuation = page.opt_text("continuationToken")
            if not continuation:
                return items

    def auth_sessions(self, access_token: str, cancel: CancelToken | None = None) -> list[AuthSession]:
        pages = self._all_pages("/auth/sessions", "AuthenticationListResponse", "items", access_token, cancel)
        return [parse_auth_session(item.data) for item in pages]

    # --- KSeF tokens -------------------------------------------------------------------------------
    def create_token(
        self, access_token: str, permissions: list[str], description: str, cancel: CancelToken | None = None
    ) -> CreatedToken:
        body = self.http.json(
            "POST",
            "/tokens",
            group="other",
            token=access_token,
            expect=(202,),
            cancel=cancel,
            json={"permissions": permissions, "description": description},
        )
        return parse_created_token(body)

    def token_status(self, access_token: str, reference: str, cancel: CancelToken | None = None) -> KsefToken:
        body = self.http.json("GET", f"/tokens/{reference}", group="other", token=access_token, cancel=cancel)
        return parse_ksef_token(body, "TokenStatusResponse")

    def list_tokens(self, access_token: str, cancel: CancelToken | None = None) -> list[KsefToken]:
        return [
            parse_ksef_token(item.data)
            for item in self._all_pages("/tokens", "QueryTokensResponse", "tokens", access_token, cancel)
        ]

    def revoke_token(self, access_token: str, reference: str, cancel: CancelToken | None = None) -> None:
        self.http.request(
            "DELETE", f"/tokens/{reference}", group="other", token=access_token, expect=(204,), cancel=cancel
        )

    # --- KSeF certificates ----------------------------------------------------------------------------
    def certificate_limits(self, access_token: str, cancel: CancelToken | None = None) -> CertificateLimits:
        body = self.http.json("GET", "/certificates/limits", group="other", token=access_token, cancel=cancel)
        return parse_certificate_limits(body)

    def enrollment_data(self, access_token: str, cancel: CancelToken | None = None) -> EnrollmentData:
        body = self.http.json("GET", "/certificates/enrollments/data", group="other", token=access_token, cancel=cancel)
        return parse_enrollment_data(body)

    @_answer_checked
    def enroll_certificate(
        self, access_token: str, name: str, kind: str, csr_der: bytes, cancel: CancelToken | None = None
    ) -> str:
        body = self.http.json(
            "POST",
            "/certificates/enrollments",
            group="other",
            token=access_token,
            expect=(202,),
            cancel=cancel,
            json={"certificateName": name, "certificateType": kind, "csr": b64(csr_der)},
        )
        return Fields("EnrollCertificateResponse", body).text("referenceNumber")

    def enrollment_status(
        self, access_token: str, reference: str, cancel: CancelToken | None = None
    ) -> EnrollmentStatus:
        body = self.http.json(
            "GET", f"/certificates/enrollments/{reference}", group="other", token=access_token, cancel=cancel
        )
        return parse_enrollment_status(body)

    def retrieve_certificates(
        self, access_token: str, serials: list[str], cancel: CancelToken | None = None
    ) -> list[RetrievedCertificate]:
        body = self.http.json(
            "POST",
            "/certificates/retrieve",
            group="other",
            token=access_token,
            cancel=cancel,
            retry_unsafe=True,
            json={"certificateSerialNumbers": serials},
        )
        listed = Fields("RetrieveCertificatesResponse", body).objects("certificates", "RetrieveCertificatesListItem")
        return [parse_retrieved_certificate(item.data) for item in listed]

    def query_certificates(self, access_token: str, cancel: CancelToken | None = None) -> list[CertificateInfo]:
        items: list[CertificateInfo] = []
        for page in range(100):
            body = self.http.json(
                "POST",
                "/certificates/query",
                group="other",
                token=access_token,
                cancel=cancel,
                retry_unsafe=True,
                params={"pageSize": 50, "pageOffset": page},
                json={},
            )
            answer = Fields("QueryCertificatesResponse", body)
            listed = answer.objects("certificates", "CertificateListItem")
            items += [parse_certificate_info(item.data) for item in listed]
            if not answer.flag("hasMore", False):
                break
        return items

    def revoke_certificate(
        self, access_token: str, serial: str, reason: str = "Unspecified", cancel: CancelToken | None = None
    ) -> None:
        self.http.request(
            "POST",
            f"/certificates/{serial}/revoke",
            group="other",
            token=access_token,
            expect=(204,),
            cancel=cancel,
            json={"revocationReason": reason},
        )

    # --- receiving ---------------------------------------------------------------------------------
    @_answer_checked
    def start_export(
        self,
        access_token: str,
        filters: dict[str, Any],
        key: bytes,
        iv: bytes,
        cancel: CancelToken | None = None,
        *,
        compression: str | None = None,
    ) -> str:
        """Start an encrypted export package (``compression`` Zip or TarGz; None: KSeF's default, Zip);
        returns its reference number."""
        request: dict[str, Any] = {"filters": filters}
        if compression is not None:
            request["compressionType"] = compression
        for attempt in (1, 2):
            encryption = self.encryption(key, iv, cancel)
            try:
                body = self.http.json(
                    "POST",
                    "/invoices/exports",
                    group="invoiceExport",
                    token=access_token,
                    json={"encryption": encryption, **request},
                    expect=(201,),
                    cancel=cancel,
                )
                return Fields("ExportInvoicesResponse", body).text("referenceNumber")
            except KsefApiError as exc:
                if exc.ksef_code == 21470 and attempt == 1:
                    self.public_key(SYMMETRIC_USAGE, refresh=True, cancel=cancel)
                    continue
                raise
        raise AssertionError("unreachable")

    def export_status(self, access_token: str, reference: str, cancel: CancelToken | None = None) -> ExportStatus:
        body = self.http.json(
            "GET", f"/invoices/exports/{reference}", group="invoiceExportStatus", token=access_token, cancel=cancel
        )
        return parse_export_status(body)

    def download_presigned(
        self, url: str, cancel: CancelToken | None = None, *, max_bytes: int = MAX_XML_BYTES
    ) -> bytes:
        """A pre-signed address (a UPO): no token, no rate limit, at most ``max_bytes``."""
        return b"".join(self.download_chunks(url, cancel, max_bytes=max_bytes, what="UPO"))

    def download_chunks(
        self,
        url: str,
        cancel: CancelToken | None = None,
        *,
        max_bytes: int = MAX_PART_BYTES,
        what: str | Bilingual = _PART,
    ) -> list[bytes]:
        """A pre-signed download (a package part of up to 100 MB) as 1 MB pieces, never one big buffer;
        cut off as soon as it is larger than ``max_bytes`` (what KSeF announced), whatever the server sends.
        Bytes that do not match the storage's ``x-ms-meta-hash`` are fetched once more, then refused."""
        cancel = cancel or CancelToken()
        for attempt in (1, 2):
            chunks, announced = self._download_once(url, cancel, max_bytes, what)
            if meta_hash_matches(announced, sha256_b64_chunks(chunks)):
                return chunks
            log.warning("download does not match its x-ms-meta-hash (attempt %d)", attempt)
            chunks.clear()
        raise UserError("ksef.bad_download", what=what, reason=_HASH_MISMATCH)

    def _download_once(
        self, url: str, cancel: CancelToken, max_bytes: int, what: str | Bilingual
    ) -> tuple[list[bytes], str | None]:
        response = self.http.request("GET", "", group="other", url=url, cancel=cancel, stream=True)
        announced = response.headers.get("x-ms-meta-hash")
        chunks: list[bytes] = []
        received = 0
        with response:
            try:
                for chunk in response.iter_content(DOWNLOAD_CHUNK):
                    cancel.raise_if_cancelled()
                    received += len(chunk)
                    if received > max_bytes:
                        raise UserError(
                            "ksef.bad_download",
                            what=what,
                            reason=Bilingual(
                                f"jest większy niż zapowiedziane {max_bytes} bajtów",
                                f"it is larger than the announced {max_bytes} bytes",
                            ),
                        )
                    chunks.append(chunk)
            except requests.RequestException as exc:
                raise KsefUnreachable(
                    host=self.http.host, reason="download broken off", details=scrub(str(exc))
                ) from exc
        return chunks, announced

    def query_metadata(
        self,
        access_token: str,
        filters: dict[str, Any],
        *,
        offset: int = 0,
        size: int = 250,
        order: str = "Asc",
        cancel: CancelToken | None = None,
    ) -> MetadataPage:
        """One page of the metadata query; an entry that is not an invoice's metadata is ``sync.bad_package``."""
        body = self.http.json(
            "POST",
            "/invoices/query/metadata",
            group="invoiceMetadata",
            token=access_token,
            json=filters,
            params={"pageOffset": offset, "pageSize": size, "sortOrder": order},
            cancel=cancel,
            retry_unsafe=True,
        )
        page = Fields("QueryInvoicesMetadataResponse", body)
        listed = page.data.get("invoices")
        if not isinstance(listed, list):
            raise page.fail("invoices", "is not a list")
        return MetadataPage(
            page.flag("hasMore"),
            page.flag("isTruncated", False),
            page.opt_moment("permanentStorageHwmDate"),
            tuple(parse_invoice_metadata(entry) for entry in listed),
        )

    def download_invoice(self, access_token: str, ksef_number: str, cancel: CancelToken | None = None) -> bytes:
        """One invoice's XML, checked against ``x-ms-meta-hash``: a damaged one is fetched once more, then refused."""
        for attempt in (1, 2):
            response = self.http.request(
                "GET", f"/invoices/ksef/{ksef_number}", group="invoiceDownload", token=access_token, cancel=cancel
            )
            if meta_hash_matches(response.headers.get("x-ms-meta-hash"), sha256_b64(response.content)):
                return response.content
            log.warning("invoice download does not match its x-ms-meta-hash (attempt %d)", attempt)
        raise UserError("ksef.bad_download", what="XML", reason=_HASH_MISMATCH)

    # --- sending -----------------------------------------------------------------------------------
    @_answer_checked
    def open_online_session(
        self,
        access_token: str,
        key: bytes,
        iv: bytes,
        cancel: CancelToken | None = None,
        *,
        features: tuple[str, ...] = (),
    ) -> str:
        """``features``: X-KSeF-Feature values for the session (e.g. SUBJECT_VALIDATION on test environments)."""
        encryption = self.encryption(key, iv, cancel)
        body = self.http.json(
            "POST",
            "/sessions/online",
            group="onlineSession",
            token=access_token,
            expect=(201,),
            json={"formCode": FORM_CODE, "encryption": encryption},
            headers=_feature_headers(features),
            cancel=cancel,
        )
        return Fields("OpenOnlineSessionResponse", body).text("referenceNumber")

    @_answer_checked
    def send_invoice(
        self,
        access_token: str,
        session: str,
        xml: bytes,
        key: bytes,
        iv: bytes,
        cancel: CancelToken | None = None,
        *,
        offline: bool = False,
    ) -> str:
        encrypted = aes_encrypt(key, iv, xml)
        body = {
            "invoiceHash": sha256_b64(xml),
            "invoiceSize": len(xml),
            "encryptedInvoiceHash": sha256_b64(encrypted),
            "encryptedInvoiceSize": len(encrypted),
            "encryptedInvoiceContent": b64(encrypted),
            "offlineMode": offline,
        }
        result = self.http.json(
            "POST",
            f"/sessions/online/{session}/invoices",
            group="invoiceSend",
            token=access_token,
            json=body,
            expect=(202,),
            cancel=cancel,
        )
        return Fields("SendInvoiceResponse", result).text("referenceNumber")

    def invoice_status(
        self, access_token: str, session: str, invoice: str, cancel: CancelToken | None = None
    ) -> SessionInvoice:
        body = self.http.json(
            "GET", f"/sessions/{session}/invoices/{invoice}", group="invoiceStatus", token=access_token, cancel=cancel
        )
        return parse_session_invoice(body)

    def close_online_session(self, access_token: str, session: str, cancel: CancelToken | None = None) -> None:
        self.http.request(
            "POST",
            f"/sessions/online/{session}/close",
            group="onlineSessionClose",
            token=access_token,
            expect=(204,),
            cancel=cancel,
        )

    def invoice_upo(
        self, access_token: str, session: str, ksef_number: str, cancel: CancelToken | None = None
    ) -> bytes:
        """The invoice's UPO by its KSeF number (also works for the original of a duplicate), checked against
        ``x-ms-meta-hash`` like every download."""
        for attempt in (1, 2):
            response = self.http.request(
                "GET",
                f"/sessions/{session}/invoices/ksef/{ksef_number}/upo",
                group="sessionMisc",
                token=access_token,
                cancel=cancel,
            )
            if meta_hash_matches(response.headers.get("x-ms-meta-hash"), sha256_b64(response.content)):
                return response.content
            log.warning("UPO download does not match its x-ms-meta-hash (attempt %d)", attempt)
        raise UserError("ksef.bad_download", what="UPO", reason=_HASH_MISMATCH)

    # --- batch sending -----------------------------------------------------------------------------
    def open_batch_session(
        self,
        access_token: str,
        archive: bytes,
        parts: list[bytes],
        key: bytes,
        iv: bytes,
        cancel: CancelToken | None,
        *,
        offline: bool = False,
        compression: str = "Zip",
        features: tuple[str, ...] = (),
    ) -> BatchSession:
        """Declare a package, ``compression`` "Zip" or "TarGz" (``parts`` already encrypted); returns the
        session and the upload requests."""
        body = self.http.json(
            "POST",
            "/sessions/batch",
            group="batchSession",
            token=access_token,
            expect=(201,),
            json={
                "formCode": FORM_CODE,
                "encryption": self.encryption(key, iv, cancel),
                "batchFile": {
                    "fileSize": len(archive),
                    "fileHash": sha256_b64(archive),
                    "compressionType": compression,
                    "fileParts": [
                        {"ordinalNumber": n, "fileSize": len(part), "fileHash": sha256_b64(part)}
                        for n, part in enumerate(parts, start=1)
                    ],
                },
                "offlineMode": offline,
            },
            headers=_feature_headers(features),
            cancel=cancel,
        )
        return parse_batch_session(body)

    def upload_part(self, request: PartUpload, part: bytes, cancel: CancelToken | None = None) -> None:
        """PUT one encrypted part to its pre-signed address (idempotent: the same bytes again)."""
        self.http.request(
            request.method,
            "",
            group="other",
            url=request.url,
            data=part,
            headers=request.headers,
            expect=(200, 201),
            cancel=cancel,
            retry_unsafe=True,
        )

    def close_batch_session(self, access_token: str, session: str, cancel: CancelToken | None = None) -> None:
        self.http.request(
            "POST",
            f"/sessions/batch/{session}/close",
            group="batchSessionClose",
            token=access_token,
            expect=(204,),
            cancel=cancel,
        )

    def session_status(self, access_token: str, session: str, cancel: CancelToken | None = None) -> SessionStatus:
        body = self.http.json("GET", f"/sessions/{session}", group="sessionMisc", token=access_token, cancel=cancel)
        return parse_session_status(body)

    def session_invoices(
        self, access_token: str, session: str, cancel: CancelToken | None = None
    ) -> list[SessionInvoice]:
        """Every invoice of a session with its status (pages of 1,000)."""
        items: list[SessionInvoice] = []
        continuation: str | None = None
        while True:
            headers = {"x-continuation-token": continuation} if continuation else {}
            body = self.http.json(
                "GET",
                f"/sessions/{session}/invoices",
                group="sessionInvoiceList",
                token=access_token,
                headers=headers,
                params={"pageSize": 1000},
                cancel=cancel,
            )
            page = Fields("SessionInvoicesResponse", body)
            items += [
                parse_session_invoice(item.data) for item in page.objects("invoices", "SessionInvoiceStatusResponse")
            ]
            continuation = page.opt_text("continuationToken")
            if not continuation:
                return items
