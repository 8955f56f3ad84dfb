#!/usr/bin/env bash
# Sourced by scripts/build.sh and scripts/test.sh: make sure a Python environment with the
# course installed (pinned by constraints.txt) is active. Uses the active virtualenv if there
# is one, otherwise creates and activates .venv in the repository.
#
# pip runs only when something it depends on changed: a stamp in the environment records the hash
# of pyproject.toml, constraints.txt and the extra; a no-op build.sh skips the install entirely.
# Set KETCOURSE_REINSTALL=1 to force it.
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
KETCOURSE_ENV_STAMP="$VIRTUAL_ENV/.ketcourse-install-$EXTRA"
wanted="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | python -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())') $EXTRA $ROOT"
if [ "${KETCOURSE_REINSTALL:-0}" != "1" ] && [ -f "$KETCOURSE_ENV_STAMP" ] && [ "$(cat "$KETCOURSE_ENV_STAMP")" = "$wanted" ]; then
  echo "==> ketcourse[$EXTRA] is up to date in $VIRTUAL_ENV (pyproject.toml and constraints.txt unchanged)"
else
  if [ -f "$KETCOURSE_ENV_STAMP" ]; then
    echo "==> pyproject.toml or constraints.txt changed: updating ketcourse[$EXTRA] (pinned by constraints.txt)"
    python -m pip install --quiet --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT[$EXTRA]" \
      2> >(grep -v "^WARNING: Location '.*' is ignored" >&2)
  else
    echo "==> installing ketcourse[$EXTRA] (pinned by constraints.txt; the first install takes a minute or two)"
    # Progress: one line per package pip collects (errors still go to the terminal via stderr).
    set +e
    # (A machine-wide pip configuration may name index folders that do not exist here: its
    # "Location ... is ignored" warnings are noise and are dropped.)
    python -m pip install --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT[$EXTRA]" \
      2> >(grep -v "^WARNING: Location '.*' is ignored" >&2) \
      | grep --line-buffered -E '^(Collecting|Installing collected|Successfully installed)'
    pip_status="${PIPESTATUS[0]}"
    set -e
    if [ "$pip_status" != 0 ]; then
      echo "==> pip install failed (exit $pip_status): see the messages above" >&2
      exit "$pip_status"
    fi
  fi
  printf '%s\n' "$wanted" > "$KETCOURSE_ENV_STAMP.tmp" && mv "$KETCOURSE_ENV_STAMP.tmp" "$KETCOURSE_ENV_STAMP"
fi

# Build- and test-time JavaScript tools (maths typeset at build time, axe-core, html-validate,
# gift-pegjs), pinned by package-lock.json. Like pip above, npm runs only when the lock changed.
if [ -f "$ROOT/package-lock.json" ]; then
  if command -v npm >/dev/null 2>&1; then
    NPM_STAMP="$ROOT/node_modules/.ketcourse-npm-stamp"
    npm_wanted="$(python -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$ROOT/package-lock.json")"
    if [ -f "$NPM_STAMP" ] && [ "$(cat "$NPM_STAMP")" = "$npm_wanted" ]; then
      echo "==> JavaScript tools are up to date in node_modules (package-lock.json unchanged)"
    else
      echo "==> installing the JavaScript build and test tools (npm ci, pinned by package-lock.json)"
      (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
      printf '%s\n' "$npm_wanted" > "$NPM_STAMP"
    fi
  else
    echo "==> npm not found: maths will be typeset in the browser and the JavaScript-based tests cannot run"
  fi
fi
