"""File names made from data (invoice numbers, company names, KSeF numbers) that every system accepts.

Windows is the strictest: no ``< > : " / \\ | ? *`` or control characters, no name ending in a dot or a
space, no device names (``CON``, ``NUL.txt``, ``COM1.tar.gz``, also with superscript digits), 255 UTF-16
units per name and 260 per path by default. Linux allows 255 *bytes* per name (a Polish letter is two),
macOS stores names decomposed, so names here are NFC and short enough for all three. Polish letters stay.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_NAME_CHARS = 150  # the whole name; leaves room for the folders under Windows' 260-character paths
MAX_NAME_BYTES = 240  # UTF-8 bytes (Linux and macOS count bytes: 255), with some margin

RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
# what Windows refuses, the C0/C1 controls, and invisible format characters (a right-to-left override
# would show "faktura‮fdp.exe" as "fakturaexe.pdf")
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]')
_HASH_LEN = 8


def is_reserved(name: str) -> bool:
    """True for names Windows takes as a device whatever the extension: ``con``, ``NUL.txt``, ``com1.tar.gz``."""
    return name.split(".", 1)[0].rstrip(" ").upper() in RESERVED_NAMES


def _cut(text: str, chars: int, max_bytes: int) -> str:
    text = text[: max(chars, 0)]
    while len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        text = text[:-1]
    return text


def _clean(text: str) -> str:
    return _FORBIDDEN.sub("_", unicodedata.normalize("NFC", text)).strip(" .")


def safe_file_name(stem: str, suffix: str = "", *, fallback: str = "plik", unique: bool = False) -> str:
    """``stem`` + ``suffix`` as one file name valid on Windows, macOS and Linux.

    ``safe_file_name("FV/1/12/2026", ".pdf")`` is ``"FV_1_12_2026.pdf"``; ``"CON"`` becomes ``"_CON"``; a
    name too long is shortened (the suffix is kept); an empty result becomes ``fallback``. With
    ``unique=True`` a name that had to change gets a short hash of the original (``FV_1_12_2026-1a2b3c4d.pdf``),
    so that two different texts never land on one file (exports of data other people wrote)."""
    ending = _clean(suffix)
    if ending and not ending.startswith("."):
        ending = "." + ending
    room_chars = MAX_NAME_CHARS - len(ending)
    room_bytes = MAX_NAME_BYTES - len(ending.encode("utf-8"))
    name = _cut(_clean(stem), room_chars, room_bytes).rstrip(" .")
    if is_reserved(name + ending):
        name = _cut("_" + name, room_chars, room_bytes).rstrip(" .")
    if name == stem and name:
        return name + ending
    if unique:
        digest = hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LEN]
        name = _cut(name, room_chars - _HASH_LEN - 1, room_bytes - _HASH_LEN - 1).rstrip(" .")
        return f"{name or _clean(fallback)}-{digest}{ending}"
    return (name or _clean(fallback) or "_") + ending
