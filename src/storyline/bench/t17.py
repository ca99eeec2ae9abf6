"""Timeline17 (T17) as the news-tls protocol reads it: topics, articles, reference timelines.

The data (``../shared/data/t17``, see its README) has one folder per *source*
(``bpoil_bbc``, ``bpoil_reuters``, ...); the protocol merges them into nine *topics* and makes one
*task* per reference timeline (19). A task's input is the topic's articles published from the
reference's first to its last date; the system is told ``l`` (the reference's number of dates)
and ``k`` (its mean sentences per date, rounded). Only sentences containing a topic keyword may
enter a summary. The keywords are tilse's, as the protocol states, *not* the folders'
``keywords.json`` (that fork's lists differ).

Articles come back as ordinary :class:`~storyline.records.Document` records so the product
engine can be driven on exactly the task input (``storyline.pipeline.build(documents)``). The
text is the file as read: T17 articles are already PTB-tokenised, one sentence a line, so
``sentences_of`` splits on lines.

This module only reads; it never scores (that is :mod:`storyline.bench.tls`) and needs nothing
beyond the standard library.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.records import Document

TOPICS: dict[str, tuple[str, ...]] = {
    "bpoil": (
        "bpoil_bbc",
        "bpoil_foxnews",
        "bpoil_guardian",
        "bpoil_reuters",
        "bpoil_washingtonpost",
    ),
    "egypt": ("EgyptianProtest_cnn",),
    "finan": ("Finan_washingtonpost",),
    "h1n1": ("H1N1_bbc", "H1N1_guardian", "H1N1_reuters"),
    "haiti": ("haiti_bbc",),
    "iraq": ("IraqWar_guardian",),
    "libya": ("LibyaWar_cnn", "LibyaWar_reuters"),
    "mj": ("MJ_bbc",),
    "syria": ("SyrianCrisis_bbc", "SyrianCrisis_reuters"),
}
"""Topic -> source folders, the protocol's merge (data README, "The standard protocol")."""

KEYWORDS: dict[str, tuple[str, ...]] = {
    "bpoil": ("bp", "oil", "spill"),
    "egypt": ("egypt", "egyptian"),
    "finan": ("financial", "economic", "crisis"),
    "h1n1": ("h1n1", "swine", "flu"),
    "haiti": ("haiti", "quake", "earthquake"),
    "iraq": ("iraq", "iraqi"),
    "libya": ("libya", "libyan"),
    "mj": ("michael", "jackson"),
    "syria": ("syria", "syrian"),
}
"""tilse's topic keywords (the data README's list), not the folders' ``keywords.json``."""

SEPARATOR = "-" * 32
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(slots=True)
class Topic:
    """A merged topic: its documents (all dates), keywords, and what was skipped on the way."""

    name: str
    folders: tuple[str, ...]
    keywords: tuple[str, ...]
    documents: list[Document]
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Task:
    """One reference timeline of a topic: the unit the protocol scores.

    ``reference`` maps each date to its summary sentences (whitespace-tokenised, as in the file).
    ``start``/``end`` bound the input window (inclusive), ``l``/``k`` are what the system is told.
    """

    name: str
    topic: Topic
    reference_path: Path
    reference: dict[dt.date, list[str]]
    problems: list[str] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return min(self.reference)

    @property
    def end(self) -> dt.date:
        return max(self.reference)

    @property
    def l(self) -> int:  # noqa: E743 - the protocol's own name for it
        return len(self.reference)

    @property
    def k(self) -> int:
        # Python's round() is news-tls's (banker's rounding on .5), which is the point here.
        sentences = sum(len(summary) for summary in self.reference.values())
        return round(sentences / len(self.reference))

    @property
    def documents(self) -> list[Document]:
        """The task input: the topic's documents published inside the reference's window."""
        return [d for d in self.topic.documents if self.start <= published(d) <= self.end]


def published(document: Document) -> dt.date:
    """The publication date of a T17 document (its folder name, kept in ``published_hint``)."""
    if document.published_hint is None:
        raise ValueError(f"T17 document {document.id!r} has no publication date")
    return dt.date.fromisoformat(document.published_hint)


def sentences_of(document: Document) -> list[str]:
    """The document's sentences: T17 text is one PTB-tokenised sentence a line."""
    return [line.strip() for line in document.text.splitlines() if line.strip()]


def has_keyword(sentence: str, keywords: Iterable[str]) -> bool:
    """True when the lower-cased sentence contains a keyword.

    A substring test, as news-tls's ``sent_filter`` does (``kw in sent.raw.lower()``): "oil"
    also admits "toil". Matching tokens instead would change which sentences may be chosen.
    """
    lower = sentence.lower()
    return any(keyword in lower for keyword in keywords)


def parse_timeline(text: str, origin: str = "") -> tuple[dict[dt.date, list[str]], list[str]]:
    """Parse the tilse / T17 timeline format; return (date -> sentences, problems).

    An entry is a ``YYYY-MM-DD`` line, its sentences one a line, and a line of 32 dashes. An
    entry whose date line is malformed (MJ_bbc's truncated ``2011-04-0``) is skipped and reported
    rather than guessed; tilse itself would file it under the date ``None``. A date that occurs
    twice keeps its later entry (tilse's and news-tls's dict semantics) and is reported.
    """
    timeline: dict[dt.date, list[str]] = {}
    problems: list[str] = []
    date: dt.date | None = None
    bad_date: str | None = None
    sentences: list[str] = []

    def flush() -> None:
        if date is not None and sentences:
            if date in timeline:
                problems.append(
                    f"{origin}: date {date} occurs twice; the later entry replaces the earlier "
                    f"({len(timeline[date])} sentences dropped), as tilse and news-tls read it"
                )
            timeline[date] = sentences
        elif bad_date is not None:
            problems.append(
                f"{origin}: entry with malformed date line {bad_date!r} skipped "
                f"({len(sentences)} sentences)"
            )
        elif date is not None:
            problems.append(f"{origin}: date {date} has no sentences; skipped")

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == SEPARATOR:
            flush()
            date, bad_date, sentences = None, None, []
        elif date is None and bad_date is None:
            date = _parse_date(line)
            if date is None:
                bad_date = line
        else:
            sentences.append(line)
    flush()
    return timeline, problems


def _parse_date(line: str) -> dt.date | None:
    if not _DATE.fullmatch(line):
        return None
    try:
        return dt.date.fromisoformat(line)
    except ValueError:
        return None


def _source(folder: str) -> str:
    return folder.split("_", 1)[1] if "_" in folder else folder


def read_folder(folder: Path) -> tuple[list[Document], list[str]]:
    """The articles of one source folder, ordered by date then numeric file id; problems.

    Empty files (25 in T17) are skipped and counted, as are folders whose name is not a date.
    """
    documents: list[Document] = []
    problems: list[str] = []
    empty = 0
    inputs = folder / "InputDocs"
    for day in sorted(p for p in inputs.iterdir() if p.is_dir()):
        try:
            dt.date.fromisoformat(day.name)
        except ValueError:
            problems.append(f"{day}: folder name is not a date; skipped")
            continue
        files = sorted(day.glob("*.txt"), key=lambda p: (len(p.name), p.name))
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            if not text.strip():
                empty += 1
                continue
            stem = path.name.removesuffix(".txt").removesuffix(".htm")
            title = next((line.strip() for line in text.splitlines() if line.strip()), "")
            documents.append(
                Document(
                    id=f"{folder.name}/{day.name}/{stem}",
                    text=text,
                    title=title,
                    origin=str(path),
                    source=_source(folder.name),
                    published_hint=day.name,
                )
            )
    if empty:
        problems.append(f"{folder.name}: {empty} empty files skipped")
    return documents, problems


def load_topic(root: Path, name: str) -> Topic:
    """Merge a topic's source folders under ``root`` into one :class:`Topic`."""
    if name not in TOPICS:
        raise ValueError(f"unknown T17 topic {name!r}; expected one of {sorted(TOPICS)}")
    documents: list[Document] = []
    problems: list[str] = []
    for folder in TOPICS[name]:
        path = root / folder
        if not (path / "InputDocs").is_dir():
            raise FileNotFoundError(f"T17 folder {path} (topic {name}) has no InputDocs/")
        found, trouble = read_folder(path)
        documents += found
        problems += trouble
    return Topic(name, TOPICS[name], KEYWORDS[name], documents, problems)


def _selected(name: str, topic: str, wanted: Sequence[str] | None) -> bool:
    return not wanted or name in wanted or topic in wanted or name.split("/")[0] in wanted


def load_tasks(root: Path, wanted: Sequence[str] | None = None) -> list[Task]:
    """The protocol's tasks under ``root``, one per reference timeline, in a fixed order.

    ``wanted`` filters by task name (``MJ_bbc/bbc.co.uk``), folder (``MJ_bbc``) or topic
    (``mj``); unknown names raise so a typo does not silently score nothing.
    """
    tasks: list[Task] = []
    for topic_name, folders in TOPICS.items():
        names = [
            (folder, path)
            for folder in folders
            for path in sorted((root / folder / "timelines").glob("*.txt"))
        ]
        chosen = [
            (folder, path)
            for folder, path in names
            if _selected(f"{folder}/{path.stem}", topic_name, wanted)
        ]
        if not chosen:
            continue
        topic = load_topic(root, topic_name)
        for folder, path in chosen:
            reference, problems = parse_timeline(path.read_text(encoding="utf-8"), str(path))
            if not reference:
                raise ValueError(f"reference timeline {path} has no dated entries")
            tasks.append(Task(f"{folder}/{path.stem}", topic, path, reference, problems))
    if wanted:
        known = {t.name for t in tasks} | {t.topic.name for t in tasks}
        known |= {t.name.split("/")[0] for t in tasks}
        missing = [w for w in wanted if w not in known]
        if missing:
            raise ValueError(f"no T17 task matches {missing} under {root}")
    return tasks
