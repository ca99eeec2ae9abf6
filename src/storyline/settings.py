"""One settings object with every tunable default in one place; written next to each output so
a result says how it was made."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from storyline.dedup import DedupSettings
from storyline.link import LinkSettings


@dataclass(frozen=True, slots=True)
class Settings:
    dedup: DedupSettings = field(default_factory=DedupSettings)
    link: LinkSettings = field(default_factory=LinkSettings)
    max_bytes: int = 20 * 1024 * 1024
    """Inputs larger than this are rejected unread (principle 3: reported, never fatal)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
