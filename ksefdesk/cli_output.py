"""How the CLI speaks: exit codes and output in the user's language."""

from __future__ import annotations

import sys
from typing import TextIO

from ksefdesk.core.errors import Bilingual, Lang, UserError

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


class Output:
    """Prints in the user's language; errors go to stderr."""

    def __init__(self, lang: Lang, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.lang = lang
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def say(self, pl: str, en: str) -> None:
        print(Bilingual(pl, en).text(self.lang), file=self.out)

    def data(self, text: str) -> None:
        print(text, file=self.out)

    def notice(self, text: str) -> None:
        """KSeF's own message (X-System-Warning), once per distinct text: on stderr, never mixed into data."""
        label = Bilingual("Komunikat KSeF", "KSeF notice").text(self.lang)
        print(f"{label}: {text}", file=self.err)

    def error(self, exc: UserError) -> None:
        print(exc.full_text(self.lang), file=self.err)
