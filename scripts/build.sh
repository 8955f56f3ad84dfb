#!/usr/bin/env bash
# Install everything and build the book (student edition) into _build/html.
# Pass --edition instructor to build the instructor edition into _instructor/_build/html.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup_env.sh" book
cd "$ROOT"
python scripts/build_book.py "$@"
