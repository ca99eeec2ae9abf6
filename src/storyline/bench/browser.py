"""The headless Chromium our page tests and ``storyline bench serve`` drive, in one place.

Debian's Chromium (installed by scripts/install-browser.sh) through Playwright. The flags are
the ones our machines need: without the background-networking ones Chromium keeps trying
Google's hosts through a closed network. Playwright adds ``--headless`` and gives every launch a
fresh temporary ``--user-data-dir`` itself (it refuses one passed in args).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Any, timeout_ms: int = 30_000) -> Any:
    """A headless Chromium browser from a started ``sync_playwright()``; close it when done."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=timeout_ms
    )
