#!/usr/bin/env bash
# Install everything and run every test: lint, types, unit/property tests, quiz banks,
# nbval (strict) on chapters and exercises, the exercise verifier, the book build
# (warnings as errors) and the headless-Chromium tests of the built pages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup_env.sh" test
cd "$ROOT"

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "==> chromium not found and cannot install it here (needs root and apt-get):"
    echo "    the browser tests will be skipped (they are required when CI=true)"
  fi
fi

echo "==> ruff (lint and format), mypy and the import contract (lint-imports)"
ruff check src tests scripts benchmarks
ruff format --check src tests scripts benchmarks
mypy
lint-imports --no-cache

echo "==> pytest (unit, property, banks, CLI, nbval strict, book build, browser)"
export KETCOURSE_MODE=static
python -m pytest -n 2 --dist loadfile \
  --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
  tests chapters exercises "$@"
