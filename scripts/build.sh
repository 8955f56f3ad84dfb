#!/usr/bin/env bash
# Install everything (only when pyproject.toml or constraints.txt changed) and build the book
# (student edition) into _build/html. Pass --edition instructor to build the instructor edition
# into _instructor/_build/html.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup_env.sh" book
cd "$ROOT"
python scripts/build_book.py "$@"
cat <<MSG

Next steps (the commands below need the environment: activate it once per terminal):
  source $VIRTUAL_ENV/bin/activate
  ketcourse --help                          # instructor tools (copies, verify, quiz export)
  ketcourse student                         # student copies of the exercises into _handouts/student
  jupyter lab                               # run the chapters and exercises live
MSG
