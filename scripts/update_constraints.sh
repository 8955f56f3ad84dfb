#!/usr/bin/env bash
# Re-resolve the dependency ranges in pyproject.toml and pin the result in constraints.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d)"
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/python" -m pip install -q --upgrade pip
"$TMP/venv/bin/python" -m pip install -q -e "$ROOT[test]"
{
  echo "# Exact versions CI and the README commands install (pip -c constraints.txt)."
  echo "# Regenerate with: scripts/update_constraints.sh (after changing pyproject.toml ranges)."
  "$TMP/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^-e'
} > "$ROOT/constraints.txt"
rm -rf "$TMP"
echo "constraints.txt updated"
