#!/usr/bin/env bash
# The README's test command: set up .venv (and the headless browser the page tests use), then run
# the linters and the whole test suite. CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh
if [ -f scripts/install-browser.sh ]; then bash scripts/install-browser.sh; fi
.venv/bin/ruff check src tests
.venv/bin/mypy src
.venv/bin/python -m pytest "$@"
