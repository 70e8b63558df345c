#!/usr/bin/env bash
# Creates .venv (Python >= 3.11) and installs KSeF Desk into it with the given extras.
#   usage: scripts/venv.sh [EXTRAS]     e.g. scripts/venv.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "KSeF Desk needs Python 3.11 or newer; found: $("$py" --version 2>&1 || echo none)." >&2
  echo "Install it (e.g. sudo apt-get install python3) or set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
target="."
[ -n "${1:-}" ] && target=".[$1]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2>/dev/null || true
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
# Compiled Qt translations are built here (install time), not kept in git.
.venv/bin/python scripts/translations.py compile
