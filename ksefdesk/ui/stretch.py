"""Stretch mode: every UI text about twice as long, to show which layouts a longer translation cramps.

``KSEFDESK_STRETCH=2`` (read by ``ui.launch.install_translations``) installs a translator in front of the
others: it asks them for the text (the Polish translation when there is one, else the English source) and
returns it with every word repeated, so "Zapisz" reads "Zapisz Zapisz". Only words grow: ``%1``/``%n``
placeholders, ``&`` accelerators (kept on the first copy only), HTML tags and entities stay exactly as they
were, so every text still works where the program fills it in. Polish only: English is the source and
loads no translator. ``tests/gui/test_stretch.py`` measures what no longer fits; ``scripts/stretch_screenshots.py``
shows it in docs/screenshots/stretch/.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, QTranslator

STRETCH_ENV = "KSEFDESK_STRETCH"
# A tag, an entity, a placeholder (%1, %L1, %n), a literal "&&", an address or a dotted name (ksef.mf.gov.pl,
# Qt.py) stays as it is; an accelerator's "&"
# (before or inside a word) stays with the first copy of its word; a word is letters (any script) with
# inner apostrophes, hyphens and digits.
_TOKEN = re.compile(
    r"(?P<keep><[^>]*>|&[a-zA-Z]+;|&#\d+;|%L?\d+|%n|&&|https?://[^\s<>\"]+|[\w-]+(?:\.[^\W\d_][\w-]*)+)"
    r"|(?P<word>&?[^\W\d_](?:(?:[\w'’-]|&(?=\w))*[^\W_])?)",
    re.UNICODE,
)


def stretch_text(text: str, factor: float = 2.0) -> str:
    """``text`` with every word followed by copies of itself (the last one cut short) up to ``factor``."""
    if factor <= 1 or not text:
        return text
    extra = factor - 1

    def grow(match: re.Match[str]) -> str:
        if match.group("keep") is not None:
            return match.group("keep")
        word = match.group("word")
        bare = word.replace("&", "")  # "F&aktury" -> "F&aktury Faktury": one accelerator, on the first copy
        whole, part = divmod(extra, 1)
        copies = [bare] * int(whole)
        if part > 0:
            copies.append(bare[: max(1, math.ceil(len(bare) * part))])
        return " ".join([word, *copies])

    return _TOKEN.sub(grow, text)


def stretch_factor(environ: Mapping[str, str] | None = None) -> float:
    """The factor ``KSEFDESK_STRETCH`` asks for (1 = off); anything unreadable, or below 1, is off."""
    value = (os.environ if environ is None else environ).get(STRETCH_ENV, "").strip().replace(",", ".")
    try:
        factor = float(value) if value else 1.0
    except ValueError:
        return 1.0
    return min(factor, 5.0) if math.isfinite(factor) and factor > 1 else 1.0


class StretchTranslator(QTranslator):
    """Asks ``sources`` in order, takes the first translation or else the source, and stretches it."""

    def __init__(self, sources: Sequence[QTranslator], factor: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sources, self.factor = list(sources), factor

    def translate(self, context: str, sourceText: str, disambiguation: str | None = None, n: int = -1) -> str:
        for source in self.sources:
            found = source.translate(context, sourceText, disambiguation, n)
            if found:
                return stretch_text(found, self.factor)
        return stretch_text(sourceText, self.factor)

    def isEmpty(self) -> bool:  # never empty: every text passes through it
        return False


def stretch_translator(
    parent: QObject, translators: Sequence[QTranslator], environ: Mapping[str, str] | None = None
) -> StretchTranslator | None:
    """The stretching translator over ``translators`` (in install order) when the environment asks for it."""
    factor = stretch_factor(environ)
    # Qt asks the translator installed last first: ask ours in that same order.
    return StretchTranslator(list(reversed(translators)), factor, parent) if factor > 1 else None
