#!/usr/bin/env bash
# Install everything (only when pyproject.toml or constraints.txt changed) and build the book
# (student edition) into _build/html. Pass --edition instructor to build the instructor edition
# into _instructor/_build/html; add --pdf to print the built book to one PDF as well.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup_env.sh" book
cd "$ROOT"
# --pdf: also print the built book to one PDF (scripts/build_pdf.py, headless Chromium, print CSS).
PDF=0
ARGS=()
EDITION_ARGS=()
prev=""
for arg in "$@"; do
  if [ "$arg" = "--pdf" ]; then PDF=1; else ARGS+=("$arg"); fi
  if [ "$prev" = "--edition" ]; then EDITION_ARGS=(--edition "$arg"); fi
  prev="$arg"
done
python scripts/build_book.py "${ARGS[@]+"${ARGS[@]}"}"
if [ "$PDF" = 1 ]; then
  python scripts/build_pdf.py "${EDITION_ARGS[@]+"${EDITION_ARGS[@]}"}"
fi
cat <<MSG

Next steps (the commands below need the environment: activate it once per terminal):
  source $VIRTUAL_ENV/bin/activate
  ketcourse --help                          # instructor tools (copies, verify, quiz export)
  ketcourse student                         # student copies of the exercises into _handouts/student
  jupyter lab                               # run the chapters and exercises live
MSG
