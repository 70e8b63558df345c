"""The open-source components KSeF Desk ships with, and their licences (for the About window)."""

from __future__ import annotations

import re
import sys
from importlib import metadata

ROOT = "ksefdesk"


def _name(requirement: str) -> str | None:
    """The distribution a runtime requirement names; None for optional extras and other platforms."""
    if ";" in requirement:
        marker = requirement.split(";", 1)[1]
        if "extra" in marker or ("sys_platform" in marker and sys.platform not in marker):
            return None
    found = re.match(r"[A-Za-z0-9_.\-]+", requirement.strip())
    return found.group(0) if found else None


def _first(meta: metadata.PackageMetadata, name: str) -> str:
    """A metadata field's first value, "" when absent (the protocol has no ``get``)."""
    values = meta.get_all(name) or []
    return str(values[0]) if values else ""


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = _first(meta, "License-Expression")
    if expression:
        return expression
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    text = _first(meta, "License").strip()
    return text.splitlines()[0][:80] if text else "see the package"


def bundled() -> list[tuple[str, str, str]]:
    """(name, version, licence) of every runtime dependency, found by walking the requirements."""
    seen: dict[str, tuple[str, str, str]] = {}
    queue = [ROOT]
    while queue:
        name = queue.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if key != ROOT:
            seen[key] = (dist.metadata["Name"], dist.version, _licence(dist))
        else:
            seen[key] = ("", "", "")
        queue += [n for n in (_name(r) for r in dist.requires or []) if n]
    return sorted((v for k, v in seen.items() if k != ROOT), key=lambda item: item[0].lower())
