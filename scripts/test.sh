#!/usr/bin/env bash
# Set up what is missing, check the code (ruff, mypy, the import layers), then run the whole test suite
# (slow tests included). A failed check stops here with one line naming it.
# The suite runs on 2 pytest-xdist workers (one per core; $TEST_WORKERS to change): its slow tests
# (manim renders, the layout check of every part) are single-threaded Python. Pass -n 0 to run in one
# process, or -n N / -p no:xdist to choose yourself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
check() {   # check NAME COMMAND...: run a static check; on failure say which one, and stop
  local name=$1; shift
  if ! "$@"; then
    echo "scripts/test.sh: $name failed (above); fix it, then run scripts/test.sh again" >&2
    exit 1
  fi
}
check "ruff check (lint, pyproject [tool.ruff])" .venv/bin/ruff check .
check "mypy (types, pyproject [tool.mypy])" .venv/bin/mypy
check "lint-imports (layers, pyproject [tool.importlinter])" env PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/lint-imports
workers=(-n "${TEST_WORKERS:-2}")
for arg in "$@"; do
  case "$arg" in
    -n|-n[0-9]*|--numprocesses|--numprocesses=*|no:xdist|-pno:xdist) workers=() ;;
  esac
done
# --durations: the slowest tests are listed at the end of every run, so the suite's time stays visible
exec .venv/bin/python -m pytest ${workers[@]+"${workers[@]}"} --durations=15 "$@"
