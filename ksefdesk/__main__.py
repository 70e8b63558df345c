"""``python -m ksefdesk`` and the ``ksefdesk`` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from ksefdesk.app import harden_process
    from ksefdesk.cli import run

    harden_process()  # also for the commands without a data folder (pdf, sign-file: key passwords, PINs)
    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
