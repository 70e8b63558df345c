#!/usr/bin/env bash
# Installs KSeF Desk with its test dependencies into .venv and runs the whole test suite
# (ruff, mypy and the import-layering check run inside it as tests). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
