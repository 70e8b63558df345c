"""``python -m ksefsandbox``: the sandbox as the app's child process (see ``hosted``).

For a sandbox in the foreground of a terminal, use ``ksefdesk sandbox``."""

from __future__ import annotations

import sys

from ksefsandbox.child import main

if __name__ == "__main__":
    sys.exit(main())
