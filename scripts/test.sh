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
# The whole suite (no arguments): every lecture's runs are recorded first, two lectures at a time, while the
# static checks run. Tests read them; trained inside the tests, a run held one worker for up to two minutes
# while the other waited on that recording's lock (a fresh clone's suite used 1.2 of its 2 cores).
recording=""
if [ $# -eq 0 ]; then
  mkdir -p media
  # its own process group (setsid), so that a failed check below ends every recording with it
  setsid bash -c '.venv/bin/python -m lecture list --json | .venv/bin/python -c \
      "import json, sys; print(*(lec[\"id\"] for lec in json.load(sys.stdin)[\"lectures\"]), sep=chr(10))" |
    xargs -P 2 -I{} .venv/bin/python -m lecture record {}' > media/test-recordings.log 2>&1 &
  recording=$!
  trap 'kill -- -$recording 2>/dev/null || true' EXIT
fi
check "ruff check (lint, pyproject [tool.ruff])" .venv/bin/ruff check .
check "mypy (types, pyproject [tool.mypy])" .venv/bin/mypy
check "lint-imports (layers, pyproject [tool.importlinter])" env PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/lint-imports
if [ -n "$recording" ] && ! wait "$recording"; then
  echo "scripts/test.sh: recording the lectures' runs failed (media/test-recordings.log); the tests record what they need" >&2
fi
trap - EXIT
workers=(-n "${TEST_WORKERS:-2}")
for arg in "$@"; do
  case "$arg" in
    -n|-n[0-9]*|--numprocesses|--numprocesses=*|no:xdist|-pno:xdist) workers=() ;;
  esac
done
# --durations: the slowest tests are listed at the end of every run, so the suite's time stays visible
exec .venv/bin/python -m pytest ${workers[@]+"${workers[@]}"} --durations=15 "$@"
