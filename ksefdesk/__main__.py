"""``python -m ksefdesk`` and the ``ksefdesk`` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from ksefsandbox.hosted import CHILD_FLAG

    if args[:1] == [CHILD_FLAG]:  # the frozen bundle runs its sandbox child through its own executable
        from ksefsandbox.child import main as sandbox_child

        return sandbox_child(args[1:])
    from ksefdesk.app import harden_process
    from ksefdesk.cli import run

    harden_process()  # also for the commands without a data folder (pdf, sign-file: key passwords, PINs)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
