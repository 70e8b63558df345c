"""Which language to speak: Polish on a Polish system, English otherwise."""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

from ksefdesk.core.errors import Lang

LANGUAGE_ENV = "KSEFDESK_LANG"


def detect_language(environ: Mapping[str, str] | None = None) -> Lang:
    """KSEFDESK_LANG if set, else the POSIX locale variables, else the process locale."""
    env = os.environ if environ is None else environ
    forced = env.get(LANGUAGE_ENV, "").strip().lower()
    if forced in ("pl", "en"):
        return "pl" if forced == "pl" else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "pl" if value.lower().startswith("pl") else "en"
    if environ is None:
        current = locale.getlocale()[0] or ""
        return "pl" if current.lower().startswith("pl") else "en"
    return "en"
