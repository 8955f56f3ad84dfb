#!/usr/bin/env bash
# Sourced by scripts/build.sh and scripts/test.sh: make sure a Python environment with the
# course installed (pinned by constraints.txt) is active. Uses the active virtualenv if there
# is one, otherwise creates and activates .venv in the repository.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXTRA="${1:-book}"
if [ -z "${VIRTUAL_ENV:-}" ]; then
  if [ ! -x "$ROOT/.venv/bin/python" ]; then
    echo "==> creating virtual environment .venv"
    "${PYTHON:-python3}" -m venv "$ROOT/.venv"
  fi
  # shellcheck disable=SC1091
  source "$ROOT/.venv/bin/activate"
fi
python - <<'PY'
import sys
if sys.version_info[:2] < (3, 11):
    sys.exit(f"ketcourse needs Python 3.11 or newer, found {sys.version.split()[0]}")
PY
echo "==> installing ketcourse[$EXTRA] (pinned by constraints.txt)"
python -m pip install --quiet --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT[$EXTRA]"
