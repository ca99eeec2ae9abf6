#!/usr/bin/env bash
# Install what tests/test_page_browser.py needs: Debian's Chromium (/usr/bin/chromium) and the
# Playwright Python package (which carries its own driver). Safe to run again.
#
# Never runs `playwright install`: a test tool's own browser download fails on our machines, and
# the tests launch the system Chromium instead. When Chromium cannot be installed (no root, no
# sudo, no apt), this prints why and exits 0, so the browser tests skip rather than the test
# command failing.
set -euo pipefail
cd "$(dirname "$0")/.."

PLAYWRIGHT_VERSION=1.65.2
CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    SUDO="none"
  fi
  if [ "$SUDO" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: $CHROMIUM is missing and cannot be installed here" \
      "(needs apt-get as root or passwordless sudo); browser tests will be skipped." >&2
    exit 0
  fi
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; }; then
    echo "install-browser: apt-get could not install chromium; browser tests will be skipped." >&2
    exit 0
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "install-browser: .venv is missing (run scripts/setup-venv.sh first); browser tests will be skipped." >&2
  exit 0
fi
if ! .venv/bin/python -c "import playwright, importlib.metadata as m; \
    raise SystemExit(m.version('playwright') != '$PLAYWRIGHT_VERSION')" 2>/dev/null; then
  if ! .venv/bin/python -m pip install -q "playwright==$PLAYWRIGHT_VERSION"; then
    echo "install-browser: pip could not install playwright==$PLAYWRIGHT_VERSION; browser tests will be skipped." >&2
  fi
fi
