#!/usr/bin/env bash
# The README's test command: set up .venv (with the headless browser the page tests use and tilse
# for the timeline quality gate), then run the linters and the whole test suite. CI (.ci/run)
# runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh
# Ray for the executor tests (tests/test_executors.py); the demo does not need it.
.venv/bin/python -m pip install -q -e ".[dev,ray]"
if [ -f scripts/install-browser.sh ]; then bash scripts/install-browser.sh; fi
# tilse for the timeline-summarization quality gate (tests/test_bench_tls.py).
bash scripts/install-tls-bench.sh
.venv/bin/ruff check src tests
.venv/bin/mypy src
.venv/bin/python -m pytest "$@"
