#!/usr/bin/env bash
# The README's demo command: set up .venv if needed, then run Storyline on the bundled demo corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh
.venv/bin/storyline run --out storyline-out "$@"
