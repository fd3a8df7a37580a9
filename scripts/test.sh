#!/usr/bin/env bash
# Set up what is missing, then run the whole test suite (slow tests included).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
