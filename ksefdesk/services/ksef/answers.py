"""KSeF's answers as frozen dataclasses, parsed once where they come in.

One small parse function per shape of the contract (tests/data/open-api-2.8.1.json; each class names
its schema, and each field its JSON name where that differs from the Python one). A required field that
is missing or of the wrong type is ``ksef.bad_answer`` naming the shape and the field; fields the app
does not know are ignored, because KSeF adds fields between versions. Values of enumerations stay plain
strings, so that a value KSeF adds later is shown as it is instead of breaking the answer.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ksefdesk.core.errors import UserError
from ksefdesk.core.numbers import is_valid_ksef_number

MAX_AMOUNT = Decimal("1e15")  # no invoice is a quadrillion; beyond this (or NaN, infinity) the server is not KSeF
MAX_FIELD = 1024


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def bad_answer(shape: str, name: str, why: str) -> UserError:
    """``ksef.bad_answer`` whose details say where: "SessionStatusResponse: status is missing"."""
    return UserError("ksef.bad_answer", status=200, details=f"{shape}: {name} {why}".replace(":  ", ": ")[:300])


Bad = Callable[[str, str, str], UserError]  # (shape, field, what is wrong) -> the error to raise


def exact_amount(value: object) -> Decimal:
    """A JSON number as the exact decimal it was written as. The KSeF answers are decoded with
    ``parse_float=Decimal``; an int is exact anyway; a float (a dict built in Python) is taken by its
    shortest repr, which is the decimal it was written as for every amount of up to 15 digits.
    ``ValueError`` for anything that is not a finite number within ``MAX_AMOUNT``."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{str(value)[:40]!r} is not a number")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        raise ValueError(f"{amount} is not an amount")
    return amount


class Fields:
    """One JSON object of a named shape, read field by field (a missing or ill-typed one: ``bad``)."""

    def __init__(self, shape: str, data: object, bad: Bad = bad_answer) -> None:
        self.shape = shape
        self._bad = bad
        if not isinstance(data, dict):
            raise bad(shape, "", "is not an object")
        self.data: dict[str, Any] = data

    def fail(self, name: str, why: str) -> UserError:
        return self._bad(self.shape, name, why)

    def _get(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            raise self.fail(name, "is missing")
        return value

    def text(self, name: str) -> str:
        value = self.opt_text(name, required=True)
        assert value is not None
        return value

    def opt_text(self, name: str, *, required: bool = False) -> str | None:
        value = self._get(name, required)
        if value is not None and not isinstance(value, str):
            raise self.fail(name, "is not a text")
        return value

    def integer(self, name: str) -> int:
        value = self.opt_integer(name, required=True)
        assert value is not None
        return value

    def opt_integer(self, name: str, *, required: bool = False) -> int | None:
        value = self._get(name, required)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(name, "is not a whole number")
        return value

    def flag(self, name: str, default: bool | None = None) -> bool:
        """A boolean; ``default`` for an optional one (None: required)."""
        value = self._get(name, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, bool):
            raise self.fail(name, "is not true or false")
        return value

    def moment(self, name: str) -> datetime:
        value = self.opt_moment(name, required=True)
        assert value is not None
        return value

    def opt_moment(self, name: str, *, required: bool = False) -> datetime | None:
        text = self.opt_text(name, required=required)
        if text is None:
            return None
        try:
            return parse_time(text)
        except ValueError as exc:
            raise self.fail(name, f"is not a date and time ({text[:40]!r})") from exc

    def amount(self, name: str) -> Decimal | None:
        value = self._get(name, False)
        if value is None:
            return None
        try:
            return exact_amount(value)
        except ValueError as exc:
            raise self.fail(name, "is not an amount") from exc

    def obj(self, name: str, shape: str) -> Fields:
        found = self.opt_obj(name, shape, required=True)
        assert found is not None
        return found

    def opt_obj(self, name: str, shape: str, *, required: bool = False) -> Fields | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(name, "is not an object")
        return Fields(shape, value, self._bad)

    def objects(self, name: str, shape: str, *, required: bool = True) -> list[Fields]:
        """A list of objects (an optional one that is absent: empty)."""
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(name, "is not a list")
        return [Fields(shape, item, self._bad) for item in value]

    def texts(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        value = self._get(name, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(name, "is not a list")
        return tuple(str(item) for item in value)

    def mapping(self, name: str, *, required: bool = False) -> dict[str, Any]:
        value = self._get(name, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(name, "is not an object")
        return dict(value)


# --- shared shapes --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Status:
    """StatusInfo (InvoiceStatusInfo adds ``extensions``, e.g. the original's number of a duplicate)."""

    code: int
    description: str
    details: tuple[str, ...] = ()
    extensions: Mapping[str, Any] = field(default_factory=dict)


def parse_status(fields: Fields) -> Status:
    return Status(
        fields.integer("code"),
        fields.opt_text("description") or "",
        fields.texts("details"),
        fields.mapping("extensions"),
    )


@dataclass(frozen=True)
class Identifier:
    """A typed identifier (TokenAuthorIdentifierTypeIdentifier, CertificateSubjectIdentifier, ...)."""

    type: str
    value: str | None = None

    def as_json(self) -> dict[str, str]:
        return {"type": self.type} if self.value is None else {"type": self.type, "value": self.value}


def _identifier(fields: Fields | None) -> Identifier | None:
    return None if fields is None else Identifier(fields.text("type"), fields.opt_text("value"))


def _status_of(fields: Fields, shape: str) -> Status:
    return parse_status(fields.obj("status", shape))


# --- authentication -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuthSession:
    """AuthenticationListItem: one login of the context (GET /auth/sessions)."""

    reference_number: str  # referenceNumber
    start_date: datetime  # startDate
    method: str  # authenticationMethod
    status: Status
    is_current: bool = False  # isCurrent
    refresh_token_valid_until: datetime | None = None  # refreshTokenValidUntil


def parse_auth_session(data: object) -> AuthSession:
    fields = Fields("AuthenticationListItem", data)
    return AuthSession(
        fields.text("referenceNumber"),
        fields.moment("startDate"),
        fields.text("authenticationMethod"),
        _status_of(fields, "StatusInfo"),
        fields.flag("isCurrent", False),
        fields.opt_moment("refreshTokenValidUntil"),
    )


# --- KSeF tokens ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CreatedToken:
    """GenerateTokenResponse: the new token (shown once) and its reference."""

    reference_number: str  # referenceNumber
    token: str


def parse_created_token(data: object) -> CreatedToken:
    fields = Fields("GenerateTokenResponse", data)
    return CreatedToken(fields.text("referenceNumber"), fields.text("token"))


@dataclass(frozen=True)
class KsefToken:
    """QueryTokensResponseItem and TokenStatusResponse (the same fields): a KSeF token, never its secret.
    ``status``: Pending, Active, Revoking, Revoked, Failed (AuthenticationTokenStatus)."""

    reference_number: str  # referenceNumber
    status: str
    description: str
    requested_permissions: tuple[str, ...]  # requestedPermissions
    date_created: datetime | None = None  # dateCreated
    author: Identifier | None = None  # authorIdentifier
    context: Identifier | None = None  # contextIdentifier
    last_use_date: datetime | None = None  # lastUseDate
    status_details: tuple[str, ...] = ()  # statusDetails

    def as_json(self) -> dict[str, Any]:
        """The contract's JSON (for ``token list --json``)."""
        item: dict[str, Any] = {
            "referenceNumber": self.reference_number,
            "description": self.description,
            "requestedPermissions": list(self.requested_permissions),
            "status": self.status,
        }
        for name, moment in (("dateCreated", self.date_created), ("lastUseDate", self.last_use_date)):
            if moment is not None:
                item[name] = moment.isoformat().replace("+00:00", "Z")
        for name, identifier in (("authorIdentifier", self.author), ("contextIdentifier", self.context)):
            if identifier is not None:
                item[name] = identifier.as_json()
        if self.status_details:
            item["statusDetails"] = list(self.status_details)
        return item


def parse_ksef_token(data: object, shape: str = "QueryTokensResponseItem") -> KsefToken:
    fields = Fields(shape, data)
    return KsefToken(
        fields.text("referenceNumber"),
        fields.text("status"),
        fields.opt_text("description") or "",
        fields.texts("requestedPermissions"),
        fields.opt_moment("dateCreated"),
        _identifier(fields.opt_obj("authorIdentifier", "TokenAuthorIdentifierTypeIdentifier")),
        _identifier(fields.opt_obj("contextIdentifier", "TokenContextIdentifierTypeIdentifier")),
        fields.opt_moment("lastUseDate"),
        fields.texts("statusDetails"),
    )


# --- KSeF certificates ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificateLimit:
    """CertificateLimit."""

    limit: int
    remaining: int


@dataclass(frozen=True)
class CertificateLimits:
    """CertificateLimitsResponse: whether another certificate may be requested."""

    can_request: bool  # canRequest
    enrollment: CertificateLimit
    certificate: CertificateLimit


def _limit(fields: Fields) -> CertificateLimit:
    return CertificateLimit(fields.integer("limit"), fields.integer("remaining"))


def parse_certificate_limits(data: object) -> CertificateLimits:
    fields = Fields("CertificateLimitsResponse", data)
    return CertificateLimits(
        fields.flag("canRequest"),
        _limit(fields.obj("enrollment", "CertificateLimit")),
        _limit(fields.obj("certificate", "CertificateLimit")),
    )


_SUBJECT_FIELDS = (
    "commonName",
    "countryName",
    "givenName",
    "surname",
    "serialNumber",
    "uniqueIdentifier",
    "organizationName",
    "organizationIdentifier",
)


@dataclass(frozen=True)
class EnrollmentData:
    """CertificateEnrollmentDataResponse: the subject a certificate request must carry. ``attributes``
    are its (JSON name, value) pairs in the order KSeF listed them: the request repeats that order."""

    common_name: str  # commonName
    country_name: str  # countryName
    attributes: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        """An attribute by its JSON name (givenName, surname, serialNumber, ...)."""
        return next((value for key, value in self.attributes if key == name), None)

    def replaced(self, name: str, value: str) -> EnrollmentData:
        """The same subject with one attribute changed (a request KSeF must refuse, in tests)."""
        return EnrollmentData(
            value if name == "commonName" else self.common_name,
            value if name == "countryName" else self.country_name,
            tuple((key, value if key == name else old) for key, old in self.attributes),
        )


def parse_enrollment_data(data: object) -> EnrollmentData:
    fields = Fields("CertificateEnrollmentDataResponse", data)
    common, country = fields.text("commonName"), fields.text("countryName")
    attributes = []
    for name in fields.data:  # KSeF's order
        if name in _SUBJECT_FIELDS:
            value = fields.opt_text(name)
            if value:
                attributes.append((name, value))
    return EnrollmentData(common, country, tuple(attributes))


@dataclass(frozen=True)
class EnrollmentStatus:
    """CertificateEnrollmentStatusResponse."""

    status: Status
    request_date: datetime | None = None  # requestDate
    certificate_serial_number: str | None = None  # certificateSerialNumber


def parse_enrollment_status(data: object) -> EnrollmentStatus:
    fields = Fields("CertificateEnrollmentStatusResponse", data)
    return EnrollmentStatus(
        _status_of(fields, "StatusInfo"),
        fields.opt_moment("requestDate"),
        fields.opt_text("certificateSerialNumber"),
    )


@dataclass(frozen=True)
class RetrievedCertificate:
    """RetrieveCertificatesListItem: an issued certificate (``der`` is the decoded ``certificate``)."""

    der: bytes  # certificate (Base64)
    name: str  # certificateName
    serial_number: str  # certificateSerialNumber
    type: str  # certificateType: Authentication, Offline


def parse_retrieved_certificate(data: object) -> RetrievedCertificate:
    fields = Fields("RetrieveCertificatesListItem", data)
    try:
        der = base64.b64decode(fields.text("certificate"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise fields.fail("certificate", "is not Base64") from exc
    return RetrievedCertificate(
        der, fields.text("certificateName"), fields.text("certificateSerialNumber"), fields.text("certificateType")
    )


@dataclass(frozen=True)
class CertificateInfo:
    """CertificateListItem. ``status``: Active, Blocked, Revoked, Expired (CertificateListItemStatus)."""

    serial_number: str  # certificateSerialNumber
    status: str
    name: str = ""
    type: str = ""
    common_name: str = ""  # commonName
    valid_from: datetime | None = None  # validFrom
    valid_to: datetime | None = None  # validTo
    subject: Identifier | None = None  # subjectIdentifier


def parse_certificate_info(data: object) -> CertificateInfo:
    fields = Fields("CertificateListItem", data)
    return CertificateInfo(
        fields.text("certificateSerialNumber"),
        fields.text("status"),
        fields.opt_text("name") or "",
        fields.opt_text("type") or "",
        fields.opt_text("commonName") or "",
        fields.opt_moment("validFrom"),
        fields.opt_moment("validTo"),
        _identifier(fields.opt_obj("subjectIdentifier", "CertificateSubjectIdentifier")),
    )


# --- receiving ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PackagePart:
    """InvoicePackagePart: one encrypted part of an export package, at a pre-signed address."""

    ordinal_number: int  # ordinalNumber
    url: str
    encrypted_part_hash: str  # encryptedPartHash
    encrypted_part_size: int | None = None  # encryptedPartSize
    method: str = "GET"


@dataclass(frozen=True)
class InvoicePackage:
    """InvoicePackage: what an export produced. ``compression_type`` (compressionType) is required from
    2.8.1; None before (the package's bytes tell)."""

    parts: tuple[PackagePart, ...]
    is_truncated: bool  # isTruncated
    permanent_storage_hwm_date: datetime | None = None  # permanentStorageHwmDate
    last_permanent_storage_date: datetime | None = None  # lastPermanentStorageDate
    compression_type: str | None = None  # compressionType
    invoice_count: int | None = None  # invoiceCount


@dataclass(frozen=True)
class ExportStatus:
    """InvoiceExportStatusResponse: 100 in progress, 200 ready (``package``), 4xx refused."""

    status: Status
    package: InvoicePackage | None = None


def _part(fields: Fields) -> PackagePart:
    return PackagePart(
        fields.integer("ordinalNumber"),
        fields.text("url"),
        fields.text("encryptedPartHash"),
        fields.opt_integer("encryptedPartSize"),
        fields.opt_text("method") or "GET",
    )


def parse_export_status(data: object) -> ExportStatus:
    fields = Fields("InvoiceExportStatusResponse", data)
    status = _status_of(fields, "StatusInfo")
    found = fields.opt_obj("package", "InvoicePackage", required=status.code == 200)
    if found is None:
        return ExportStatus(status)
    parts = sorted((_part(p) for p in found.objects("parts", "InvoicePackagePart")), key=lambda p: p.ordinal_number)
    package = InvoicePackage(
        tuple(parts),
        found.flag("isTruncated", False),
        found.opt_moment("permanentStorageHwmDate", required=True),
        found.opt_moment("lastPermanentStorageDate"),
        found.opt_text("compressionType"),
        found.opt_integer("invoiceCount"),
    )
    return ExportStatus(status, package)


def _bad_metadata(shape: str, name: str, why: str) -> UserError:
    """A metadata entry is refused like the package that holds it (``sync.bad_package``)."""
    where = ": ".join(part for part in (shape, name) if part)
    return UserError("sync.bad_package", reason=f"invoice metadata: {where} {why}"[:300])


@dataclass(frozen=True)
class InvoiceMetadata:
    """InvoiceMetadata: one invoice as the metadata query and the export packages describe it. Amounts
    are the exact decimals KSeF wrote. ``document`` is the JSON object as it came (kept with the invoice,
    unknown fields included)."""

    ksef_number: str  # ksefNumber
    invoice_hash: str  # invoiceHash
    invoice_number: str = ""  # invoiceNumber
    invoice_type: str = ""  # invoiceType
    issue_date: str | None = None  # issueDate (ISO date)
    acquisition_date: str | None = None  # acquisitionDate
    permanent_storage_date: str | None = None  # permanentStorageDate
    seller_nip: str = ""  # seller.nip
    seller_name: str = ""  # seller.name
    buyer_id: str = ""  # buyer.identifier.value
    buyer_name: str = ""  # buyer.name
    net_amount: Decimal = Decimal("0")  # netAmount
    vat_amount: Decimal = Decimal("0")  # vatAmount
    gross_amount: Decimal = Decimal("0")  # grossAmount
    currency: str = "PLN"
    document: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


_METADATA_TEXTS = ("invoiceNumber", "invoiceType", "issueDate", "acquisitionDate", "permanentStorageDate", "currency")


def _short_text(fields: Fields, name: str) -> str | None:
    value = fields.opt_text(name)
    if value is not None and len(value) > MAX_FIELD:
        raise fields.fail(name, "is not a text")
    return value


def parse_invoice_metadata(data: object) -> InvoiceMetadata:
    """Everything stored or turned into a file name later (KSeF number, dates, amounts, parties) has the
    type and shape it must have, else ``sync.bad_package`` (the invoice cannot be taken)."""
    if not isinstance(data, dict):
        raise _bad_metadata("", "an entry", "is not an object")
    number = data.get("ksefNumber")
    if not isinstance(number, str) or not is_valid_ksef_number(number):
        raise _bad_metadata("", f"{str(number)[:40]!r}", "is not a KSeF number")
    fields = Fields(number, data, _bad_metadata)
    if not isinstance(data.get("invoiceHash"), str):
        raise _bad_metadata(number, "", "has no hash")
    texts = {name: _short_text(fields, name) for name in _METADATA_TEXTS}
    seller = fields.opt_obj("seller", f"{number}: seller") or Fields("", {})
    buyer = fields.opt_obj("buyer", f"{number}: buyer") or Fields("", {})
    identifier = buyer.opt_obj("identifier", f"{number}: buyer identifier") or Fields("", {})
    _short_text(identifier, "type")
    net, vat, gross = (fields.amount(name) or Decimal("0") for name in ("netAmount", "vatAmount", "grossAmount"))
    return InvoiceMetadata(
        ksef_number=number,
        invoice_hash=str(data["invoiceHash"]),
        invoice_number=texts["invoiceNumber"] or "",
        invoice_type=texts["invoiceType"] or "",
        issue_date=texts["issueDate"],
        acquisition_date=texts["acquisitionDate"],
        permanent_storage_date=texts["permanentStorageDate"],
        seller_nip=_short_text(seller, "nip") or "",
        seller_name=_short_text(seller, "name") or "",
        buyer_id=_short_text(identifier, "value") or "",
        buyer_name=_short_text(buyer, "name") or "",
        net_amount=net,
        vat_amount=vat,
        gross_amount=gross,
        currency=texts["currency"] or "PLN",
        document=data,
    )


@dataclass(frozen=True)
class MetadataPage:
    """QueryInvoicesMetadataResponse: one page of the metadata query (``invoices`` parsed by the caller,
    whose refusal of a bad entry is a package's, not an answer's)."""

    has_more: bool  # hasMore
    is_truncated: bool  # isTruncated
    permanent_storage_hwm_date: datetime | None  # permanentStorageHwmDate
    invoices: tuple[InvoiceMetadata, ...]


# --- sending --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PartUpload:
    """PartUploadRequest: where and how to PUT one encrypted part of a batch package."""

    ordinal_number: int  # ordinalNumber
    url: str
    method: str = "PUT"
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchSession:
    """OpenBatchSessionResponse."""

    reference_number: str  # referenceNumber
    part_uploads: tuple[PartUpload, ...]  # partUploadRequests


def parse_batch_session(data: object) -> BatchSession:
    fields = Fields("OpenBatchSessionResponse", data)
    uploads = []
    for item in fields.objects("partUploadRequests", "PartUploadRequest"):
        headers = {str(k): str(v) for k, v in item.mapping("headers").items()}
        uploads.append(
            PartUpload(item.integer("ordinalNumber"), item.text("url"), item.opt_text("method") or "PUT", headers)
        )
    return BatchSession(fields.text("referenceNumber"), tuple(uploads))


@dataclass(frozen=True)
class SessionStatus:
    """SessionStatusResponse: 100 open, 150 processing, 170 closed, 200 processed, 4xx refused."""

    status: Status
    invoice_count: int | None = None  # invoiceCount
    successful_invoice_count: int | None = None  # successfulInvoiceCount
    failed_invoice_count: int | None = None  # failedInvoiceCount


def parse_session_status(data: object) -> SessionStatus:
    fields = Fields("SessionStatusResponse", data)
    return SessionStatus(
        _status_of(fields, "StatusInfo"),
        fields.opt_integer("invoiceCount"),
        fields.opt_integer("successfulInvoiceCount"),
        fields.opt_integer("failedInvoiceCount"),
    )


@dataclass(frozen=True)
class SessionInvoice:
    """SessionInvoiceStatusResponse: what became of one invoice sent in a session."""

    reference_number: str  # referenceNumber
    invoice_hash: str  # invoiceHash
    status: Status  # InvoiceStatusInfo
    ordinal_number: int | None = None  # ordinalNumber
    ksef_number: str | None = None  # ksefNumber
    invoice_number: str | None = None  # invoiceNumber
    upo_download_url: str | None = None  # upoDownloadUrl


def parse_session_invoice(data: object) -> SessionInvoice:
    fields = Fields("SessionInvoiceStatusResponse", data)
    return SessionInvoice(
        fields.text("referenceNumber"),
        fields.text("invoiceHash"),
        _status_of(fields, "InvoiceStatusInfo"),
        fields.opt_integer("ordinalNumber"),
        fields.opt_text("ksefNumber"),
        fields.opt_text("invoiceNumber"),
        fields.opt_text("upoDownloadUrl"),
    )
