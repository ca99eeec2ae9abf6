"""One settings object with every tunable default in one place; written next to each output so
a result says how it was made."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from storyline.dedup import DedupSettings
from storyline.digest import DigestSettings
from storyline.ingest.options import IngestSettings
from storyline.link import LinkSettings


@dataclass(frozen=True, slots=True)
class Settings:
    dedup: DedupSettings = field(default_factory=DedupSettings)
    link: LinkSettings = field(default_factory=LinkSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    """The L-days digest (off unless ``max_dates`` is set: ``storyline run --max-dates``)."""
    max_bytes: int = 20 * 1024 * 1024
    """Inputs larger than this are rejected unread (principle 3: reported, never fatal)."""
    ingest: IngestSettings = field(default_factory=IngestSettings)
    """Accepted languages (default English) and URL/host filters: which articles are read."""

    def to_json(self) -> dict[str, Any]:
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    """``value`` with dates as ISO strings and tuples as lists: what JSON can hold."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
