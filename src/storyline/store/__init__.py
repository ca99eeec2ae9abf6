"""The story store: articles added over time, grouped into stories as they arrive, kept in one
DuckDB file with everything needed to render any story again (see ``core.py``)."""

from __future__ import annotations

from storyline.store.access import StoreBusy, StoreError
from storyline.store.add import AddReport
from storyline.store.core import DEFAULT_PATH, Store
from storyline.store.read import StorySummary
from storyline.store.settings import StoreSettings, StorySettings

__all__ = [
    "DEFAULT_PATH",
    "AddReport",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreSettings",
    "StorySettings",
    "StorySummary",
]
