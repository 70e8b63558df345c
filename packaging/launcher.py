"""The bundle's entry point (PyInstaller): the same as the ``ksefdesk`` command."""

import sys

from ksefdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
