"""Handing invoices to the accountant: a CSV sheet and the original XML files.

The CSV opens in a Polish spreadsheet with a double-click: UTF-8 with a BOM, ``;`` between fields
and, on request, decimal commas. Text cells that a spreadsheet would run as a formula are
neutralised, because party names come from other people's invoices. XML files are the exact bytes
KSeF holds, named by KSeF number in folders per NIP / year / month, written atomically so that an
interrupted export never leaves a half file behind.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import secrets
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.file_names import safe_file_name
from ksefdesk.core.formatting import format_money_plain
from ksefdesk.core.invoices import Direction, StoredInvoice
from ksefdesk.core.models import Company
from ksefdesk.services.store.invoices import InvoiceRepository

_HEADERS: dict[str, Bilingual] = {
    "ksef_number": Bilingual("Numer KSeF", "KSeF number"),
    "direction": Bilingual("Kierunek", "Direction"),
    "invoice_number": Bilingual("Numer faktury", "Invoice number"),
    "invoice_type": Bilingual("Rodzaj", "Type"),
    "issue_date": Bilingual("Data wystawienia", "Issue date"),
    "seller_nip": Bilingual("NIP sprzedawcy", "Seller NIP"),
    "seller_name": Bilingual("Sprzedawca", "Seller"),
    "buyer_id": Bilingual("Identyfikator nabywcy", "Buyer ID"),
    "buyer_name": Bilingual("Nabywca", "Buyer"),
    "net": Bilingual("Netto", "Net"),
    "vat": Bilingual("VAT", "VAT"),
    "gross": Bilingual("Brutto", "Gross"),
    "currency": Bilingual("Waluta", "Currency"),
    "status": Bilingual("Status", "Status"),
}
_DIRECTIONS: dict[Direction, Bilingual] = {
    Direction.SALES: Bilingual("sprzedaż", "sales"),
    Direction.PURCHASE: Bilingual("zakup", "purchase"),
    Direction.THIRD_PARTY: Bilingual("podmiot trzeci", "third party"),
    Direction.AUTHORIZED: Bilingual("podmiot upoważniony", "authorized"),
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportResult:
    csv_rows: int = 0
    xml_written: int = 0
    xml_unchanged: int = 0


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _amount(value: Decimal | float, polish: bool) -> str:
    return format_money_plain(value, "pl" if polish else "en")


def write_csv(invoices: Iterable[StoredInvoice], path: Path, *, lang: Lang = "pl", polish_numbers: bool = True) -> int:
    """Write the sheet; returns the number of invoice rows."""
    rows = 0
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    try:
        # a fresh name, never an existing file or a link planted under the old fixed ".part" name
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o666)
        with open(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow([name.text(lang) for name in _HEADERS.values()])
            for invoice in invoices:
                writer.writerow(
                    [
                        invoice.ksef_number,
                        _DIRECTIONS[invoice.direction].text(lang),
                        _text(invoice.invoice_number),
                        invoice.invoice_type,
                        invoice.issue_date or "",
                        invoice.seller_nip,
                        _text(invoice.seller_name),
                        _text(invoice.buyer_id),
                        _text(invoice.buyer_name),
                        _amount(invoice.net, polish_numbers),
                        _amount(invoice.vat, polish_numbers),
                        _amount(invoice.gross, polish_numbers),
                        invoice.currency,
                        invoice.status,
                    ]
                )
                rows += 1
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError("export.cannot_write", path=str(path), details=str(exc)) from exc
    return rows


def safe_name(text: str, fallback: str) -> str:
    """``text`` as one file or folder name valid on Windows, macOS and Linux (see ``safe_file_name``). A
    changed name gets a short hash of the original, so that two hostile names never land on one file."""
    return safe_file_name(text, fallback=fallback, unique=True)


def _safe_leaf(name: str) -> str:
    """A file name made safe with its extension kept last (``FV_1-1a2b3c4d.xml``, not ``FV_1.xml-1a2b3c4d``)."""
    ext = re.search(r"\.[A-Za-z0-9]{1,8}$", name)
    stem, suffix = (name[: ext.start()], ext.group()) if ext and ext.start() > 0 else (name, "")
    return safe_file_name(stem, suffix, fallback="file", unique=True)


def xml_path(root: Path, nip: str, ksef_number: str, issue_date: str | None) -> Path:
    """root / NIP / year / month / KSeF number.xml (month of the issue date; 0000/00 when it is not a date).
    The parts come from KSeF's answers, so each is made a plain, safe name."""
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])-\d{2}", (issue_date or "")[:10])
    year, month = match.groups() if match else ("0000", "00")
    return (
        root
        / safe_name(nip, "nip")
        / year
        / month
        / safe_file_name(ksef_number, ".xml", fallback="faktura", unique=True)
    )


class _Folder:
    """A folder opened without following links; files in it are made under a fresh temporary name
    (O_EXCL, O_NOFOLLOW) and renamed over the target, so a planted link is replaced, never written through.
    On systems without ``dir_fd`` (Windows) every step checks for links instead."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path, self.fd = path, fd

    @classmethod
    def open(cls, root: Path, parts: tuple[str, ...]) -> _Folder:
        root.mkdir(parents=True, exist_ok=True)  # the folder the user chose may itself be a link
        if not _DIR_FDS:
            current = root
            for part in parts:
                current = current / part
                with contextlib.suppress(FileExistsError):
                    current.mkdir()
                if current.is_symlink() or not current.is_dir():
                    raise UserError("export.unsafe_path", path=str(current))
            return cls(current, None)
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
        current = root
        try:
            for part in parts:
                current = current / part
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=fd)
                try:
                    child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                except OSError as exc:  # ELOOP / ENOTDIR: a link or a file where a folder belongs
                    raise UserError("export.unsafe_path", path=str(current), details=str(exc)) from exc
                os.close(fd)
                fd = child
        except BaseException:
            os.close(fd)
            raise
        return cls(current, fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def same(self, name: str, data: bytes) -> bool:
        """True when ``name`` is a regular file (not a link) holding exactly ``data``."""
        try:
            fd = os.open(name if self.fd is not None else self.path / name, os.O_RDONLY | _NOFOLLOW, dir_fd=self.fd)
        except OSError:
            return False
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return False
            return handle.read(len(data) + 1) == data

    def write(self, name: str, data: bytes) -> None:
        temporary = f".{name[:60]}.{secrets.token_hex(6)}.part"
        where = temporary if self.fd is not None else str(self.path / temporary)
        fd = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o666, dir_fd=self.fd)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            if self.fd is not None:
                os.rename(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            else:
                os.replace(where, self.path / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(where, dir_fd=self.fd)
            raise


_DIR_FDS = {os.open, os.mkdir, os.rename, os.unlink} <= os.supports_dir_fd and hasattr(os, "O_DIRECTORY")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def write_files(root: Path, folder: tuple[str, ...], files: Iterable[tuple[str, bytes]]) -> int:
    """Files into ``root``/``folder`` the safe way (no links followed, never a half file); names are made
    safe here. Returns how many were written."""
    target = _Folder.open(root, tuple(safe_name(part, "folder") for part in folder))
    written = 0
    try:
        for name, data in files:
            target.write(_safe_leaf(name), data)
            written += 1
    finally:
        target.close()
    return written


def write_xml_files(invoices: InvoiceRepository, company: Company, root: Path) -> ExportResult:
    """Every stored invoice of the company as its original XML; files already there and equal are kept."""
    written = unchanged = 0
    folders: dict[tuple[str, ...], _Folder] = {}
    try:
        for ksef_number, issue_date, xml in invoices.iter_xml(company.id):
            target = xml_path(root, company.nip, ksef_number, issue_date)
            parts = target.relative_to(root).parts
            folder = folders.get(parts[:-1])
            if folder is None:
                folder = folders[parts[:-1]] = _Folder.open(root, parts[:-1])
            if folder.same(parts[-1], xml):
                unchanged += 1
                continue
            folder.write(parts[-1], xml)
            written += 1
    except OSError as exc:
        raise UserError("export.cannot_write", path=str(root), details=str(exc)) from exc
    finally:
        for folder in folders.values():
            folder.close()
    return ExportResult(xml_written=written, xml_unchanged=unchanged)
