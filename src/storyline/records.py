"""The typed records that flow between pipeline stages.

Everything Storyline learns about an article is a *stand-off* record over the article's text:
character offsets into ``Document.text``, never a rewritten copy. Cleaning marks debris, it does
not cut; so every offset stays valid from ingest to the rendered page, and every output item can
point at the exact source text it came from (principle 1, *Evidence*).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["used", "duplicate", "rejected"]


@dataclass(frozen=True, slots=True)
class Span:
    """Exact source text: ``text == document.text[start:end]`` for the document ``doc``."""

    doc: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, document: Document, start: int, end: int) -> Span:
        if not 0 <= start <= end <= len(document.text):
            raise ValueError(f"span {start}:{end} outside document {document.id!r}")
        return cls(document.id, start, end, document.text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Mark:
    """A labelled stretch of a document's text, e.g. ``kind="debris"`` with a ``reason``.

    ``kind`` names what was found; ``attrs`` carries what the stage that found it knows about it
    (for debris: ``reason``; for a duplicated paragraph: ``duplicate_of``).
    """

    start: int
    end: int
    kind: str
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DateEstimate:
    """A date with the precision the sources support, its bounds and how it was established.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``None`` (not established). ``earliest``
    and ``latest`` bound the true date (either may be ``None``: open-ended); a month has its
    first and last day as bounds. ``basis`` says in words why, ``evidence`` points at the text.
    """

    value: str | None
    earliest: dt.date | None
    latest: dt.date | None
    basis: str
    evidence: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"earliest {self.earliest} after latest {self.latest}")

    @classmethod
    def unknown(cls, basis: str, evidence: Iterable[Span] = ()) -> DateEstimate:
        return cls(None, None, None, basis, tuple(evidence))

    @property
    def is_known(self) -> bool:
        """True when the date is fixed at least to a year (a ``value``)."""
        return self.value is not None

    @property
    def is_bounded(self) -> bool:
        return self.earliest is not None or self.latest is not None

    def sort_key(self) -> tuple[dt.date, dt.date]:
        low = self.earliest or dt.date.min
        return (low, self.latest or dt.date.max)

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "basis": self.basis,
            "evidence": [span.to_json() for span in self.evidence],
        }


@dataclass(slots=True)
class Document:
    """One input article. ``text`` is the text all offsets refer to, exactly as read."""

    id: str
    text: str
    title: str
    origin: str
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    published_hint: str | None = None
    """Publication date as the input metadata states it (JSONL ``published``, htmldate)."""
    modified_hint: str | None = None
    """Last-modified date, kept apart from publication (htmldate, HTML pages only)."""
    published: DateEstimate | None = None
    duplicate_of: str | None = None
    marks: list[Mark] = field(default_factory=list)
    extracted: bool = False
    """True when ``text`` is an extractor's main text (HTML through trafilatura), not a page
    flattened whole: cleaning then skips its page-layout rules, which would cut real text."""

    def marks_of(self, kind: str) -> list[Mark]:
        return [mark for mark in self.marks if mark.kind == kind]

    def is_debris(self, start: int, end: int) -> bool:
        """True when ``start:end`` overlaps text that cleaning marked as debris."""
        return any(m.start < end and start < m.end for m in self.marks if m.kind == "debris")


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be used, with a reason a user can read."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """What happened to one input file or JSONL line."""

    origin: str
    status: Status
    doc: str | None = None
    reason: str | None = None
    duplicate_of: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.origin,
            "status": self.status,
            "doc": self.doc,
            "reason": self.reason,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in a document, with its TimeML type and value.

    ``value`` is the TIMEX3 value (``2019-07``, ``XXXX-08-23``, ``P2Y``, ``PRESENT_REF``);
    ``date`` is what the expression pins down on the calendar, as a range with its basis.
    """

    doc: str
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    date: DateEstimate | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number that matters: money, a count of things, a percentage, a distance."""

    text: str
    value: float | None
    unit: str | None
    evidence: tuple[Span, ...]
    kind: str = "count"
    """``money``, ``count``, ``percent`` or ``measure``."""
    thing: str | None = None
    """For counts, the lemma of what is counted (``division``, ``system``, ``aircraft``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "thing": self.thing,
            "evidence": [span.to_json() for span in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker. ``evidence[0]`` is the quoted text itself."""

    speaker: str | None
    text: str
    evidence: tuple[Span, ...]
    speaker_evidence: tuple[Span, ...] = ()
    date: DateEstimate | None = None


@dataclass(slots=True)
class EventMention:
    """One sentence of one document that reports something that happened or was said."""

    doc: str
    sentence: Span
    trigger: str
    """Lemma of the word that makes this an event (``sign``, ``deliver``, ``say``)."""
    kind: str
    """Coarse event class from the trigger (``agreement``, ``delivery``, ``statement``...)."""
    date: DateEstimate
    kinds: frozenset[str] = frozenset()
    """Every event class the sentence's triggers belong to (``kind`` is the main one)."""
    timexes: list[Timex] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    terms: frozenset[str] = frozenset()
    """Content lemmas, for linking mentions of the same event across documents."""


@dataclass(slots=True)
class Event:
    """A real-world event with every mention of it, merged across documents."""

    id: str
    date: DateEstimate
    summary: str
    kind: str
    actors: list[str]
    figures: list[Figure]
    mentions: list[EventMention]
    corroboration: int
    """How many independent documents report it (reprints count once)."""
    echoes: list[Span] = field(default_factory=list)
    """The same passages in reprints of the reporting documents: extra sources, not events."""

    @property
    def evidence(self) -> list[Span]:
        return [mention.sentence for mention in self.mentions] + self.echoes


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """The same thing stated incompatibly by different sources, each side with its evidence."""

    summary: str
    kind: str
    claims: tuple[Claim, ...]
    event: str | None = None


@dataclass(slots=True)
class Story:
    id: str
    title: str
    documents: list[Document]
    events: list[Event]
    quotes: list[Quote]
    figures: list[Figure]
    discrepancies: list[Discrepancy]
