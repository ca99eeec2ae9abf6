"""The whole pipeline as one function: ``build(inputs) -> Result``.

ingest → clean → dedup → dates → extract → link → (anchor dates across documents) → compare →
timeline. Each stage is a function of typed records (see ``records.py``). This module holds the
two ends that every way of running the pipeline shares: :func:`analyse`, everything learnt from
one document alone, and :func:`assemble`, the corpus-wide steps on all the analyses. The order
in which they run — shards read, cleaned and fingerprinted, duplicates decided, originals
analysed, stories assembled — is the stage plan of :mod:`storyline.executors.plan`, which keeps
the manifest, so that every input is accounted for: used, a duplicate of another, or rejected
with a reason. A document that crashes a stage is reported and skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from storyline.compare import FigureSentence, find_discrepancies
from storyline.dates.anchor import anchor_documents
from storyline.dates.document import DatedDocument, date_document
from storyline.dates.published import after_background
from storyline.digest import DigestDay
from storyline.extract.events import SentenceFacts, find_event_mentions, sentence_event_date
from storyline.extract.figures import find_figures
from storyline.extract.quotes import find_quotes
from storyline.extract.sentences import Sentence, segment
from storyline.link import LinkSettings, MentionLinker, build_events, merge_figures
from storyline.records import (
    DateEstimate,
    Document,
    Event,
    EventMention,
    Figure,
    ManifestEntry,
    Quote,
    Span,
    Story,
)
from storyline.settings import Settings
from storyline.timeline import group_documents, order_events, story_id, story_title

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class Analysis:
    """Everything the per-document stages found in one document."""

    document: Document
    sentences: list[Sentence]
    dated: DatedDocument
    figures: list[Figure] = field(default_factory=list)
    figure_sentences: list[FigureSentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    stories: list[Story]
    manifest: list[ManifestEntry]
    settings: Settings
    timings: dict[str, float]
    digest: list[DigestDay] = field(default_factory=list)
    """The most salient days across all the run's articles (``settings.digest``; else empty)."""

    @property
    def rejected(self) -> list[ManifestEntry]:
        return [entry for entry in self.manifest if entry.status == "rejected"]

    @property
    def usable(self) -> bool:
        return any(entry.status != "rejected" for entry in self.manifest)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _facts(analysis: Analysis) -> list[SentenceFacts]:
    figures_by_sentence: dict[int, list[Figure]] = {}
    for figure in analysis.figures:
        start = figure.evidence[0].start
        for sentence in analysis.sentences:
            if sentence.start <= start < sentence.end:
                figures_by_sentence.setdefault(sentence.index, []).append(figure)
                break
    analysis.figure_sentences = [
        (s.span(analysis.document), figures_by_sentence[s.index])
        for s in analysis.sentences
        if s.index in figures_by_sentence
    ]
    return [
        SentenceFacts(
            s, analysis.dated.timexes.get(s.index, []), figures_by_sentence.get(s.index, [])
        )
        for s in analysis.sentences
    ]


def _analyse(document: Document, nlp: Language) -> Analysis:
    sentences = segment(document)
    dated = date_document(document, sentences)
    analysis = Analysis(document, sentences, dated)
    analysis.figures = find_figures(document, sentences)
    analysis.quotes = find_quotes(document, sentences, nlp)
    quoted = [(span.start, span.end) for quote in analysis.quotes for span in quote.evidence]
    analysis.mentions = find_event_mentions(document, _facts(analysis), dated.published, quoted)
    return analysis


def _date_news_after_background(analysis: Analysis) -> None:
    """Dated statements whose year is open start after the article's background events."""
    for mention in analysis.mentions:
        if mention.kind != "statement" or mention.date.value:
            continue
        for timex in mention.timexes:
            if timex.date == mention.date:
                better = after_background(timex, analysis.dated.clock)
                if better:
                    mention.date = better
                break


def _quote_date(analysis: Analysis, quote: Quote) -> DateEstimate:
    """The date of the saying: the dated statement or the date in the attribution sentence
    ("... Demir said on May 7"), else the article's."""
    anchors = [span.start for span in quote.speaker_evidence] or [quote.evidence[-1].end - 1]
    for mention in analysis.mentions:
        sentence_span = mention.sentence
        if (
            mention.kind == "statement"
            and mention.date.earliest is not None
            and any(sentence_span.start <= a < sentence_span.end for a in anchors)
        ):
            return mention.date
    for sentence in analysis.sentences:
        if any(sentence.start <= a < sentence.end for a in anchors):
            dated = [
                t
                for t in analysis.dated.timexes.get(sentence.index, [])
                if t.date and t.type == "DATE"
            ]
            if dated and dated[0].date:
                return dated[0].date
    published = analysis.dated.published
    if published.latest or published.earliest:
        return DateEstimate(
            published.value,
            published.earliest,
            published.latest,
            "not dated in the text; said by the article's publication: " + published.basis,
            published.evidence,
        )
    return DateEstimate.unknown("not dated in the text, and the article's date is not established")


def _merge_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """One quote per speaker and wording; every place it appears becomes its evidence."""
    merged: dict[tuple[str | None, str], Quote] = {}
    for quote in quotes:
        key = (quote.speaker, " ".join(quote.text.lower().split()))
        if key in merged:
            first = merged[key]
            merged[key] = Quote(
                first.speaker,
                first.text,
                first.evidence + quote.evidence,
                first.speaker_evidence + quote.speaker_evidence,
                first.date,
            )
        else:
            merged[key] = quote
    return list(merged.values())


def _independent_source(analyses: Sequence[Analysis]) -> Callable[[EventMention], str]:
    """A mention's independent source: the document a reprinted paragraph was copied from,
    else its own document (whole-document reprints are not analysed at all)."""
    reprinted = {
        a.document.id: [m for m in a.document.marks if m.kind == "reprint"] for a in analyses
    }

    def source_of(mention: EventMention) -> str:
        for mark in reprinted.get(mention.doc, []):
            if mark.start <= mention.sentence.start < mark.end:
                return str(mark.attrs.get("of_doc", mention.doc))
        return mention.doc

    return source_of


def _echo_in_reprints(events: Sequence[Event], documents: Sequence[Document]) -> None:
    """Adds each evidence passage, found word for word in a reprint, as an extra source."""
    reprints: dict[str, list[Document]] = {}
    for document in documents:
        if document.duplicate_of:
            reprints.setdefault(document.duplicate_of, []).append(document)
    for event in events:
        for mention in event.mentions:
            for reprint in reprints.get(mention.doc, []):
                at = reprint.text.find(mention.sentence.text)
                if at >= 0:
                    event.echoes.append(Span.of(reprint, at, at + len(mention.sentence.text)))


def build(
    inputs: Sequence[str | Path | Document] | None = None,
    *,
    settings: Settings | None = None,
    nlp: Language | None = None,
    progress: Progress = _noop,
) -> Result:
    """Runs the pipeline on files, folders or ``Document`` records (the demo corpus if none).

    In this process, shard after shard: the stage plan of :mod:`storyline.executors.plan` with
    the in-process executor, the reference a process pool or a Ray cluster must equal (``storyline
    run --executor``). ``Document`` records given are the ones the stages annotate, in place.
    """
    from storyline.executors.plan import execute

    return execute(inputs, settings=settings, nlp=nlp, progress=progress).result


def assemble(
    analyses: Sequence[Analysis], documents: Sequence[Document], settings: Settings
) -> list[Story]:
    """The corpus-wide steps, once every document is analysed: link event mentions across
    documents (blocking, see :class:`~storyline.link.MentionLinker`), anchor dates across
    documents, settle dates, build events, group documents into stories, tell each story.

    ``analyses`` in input order, one per analysed original; ``documents`` every document read
    (duplicates included), in input order, the analysed ones being the analyses' own objects.
    """
    by_id = {a.document.id: a for a in analyses}
    mentions = [m for a in analyses for m in a.mentions]
    dated = {a.document.id: a.dated for a in analyses}
    linker = MentionLinker(mentions, settings.link)
    near = linker.neighbours(mentions)
    changed = anchor_documents(
        [a.document for a in analyses], dated, mentions, linker.score, lambda m: near[id(m)]
    )
    if changed:
        # Re-date the mentions of re-anchored documents, then the events from their mentions.
        for doc_id in set(changed):
            _redate_mentions(by_id[doc_id])
    for analysis in analyses:
        _date_news_after_background(analysis)
    events = build_events(mentions, settings.link, _independent_source(analyses), linker)
    _echo_in_reprints(events, documents)
    for analysis in analyses:
        analysis.document.published = analysis.dated.published
        analysis.quotes = [
            Quote(q.speaker, q.text, q.evidence, q.speaker_evidence, _quote_date(analysis, q))
            for q in analysis.quotes
        ]
    for document in documents:
        if document.duplicate_of and document.duplicate_of in by_id:
            document.published = by_id[document.duplicate_of].document.published

    stories = []
    usable = [d for d in documents if d.id in by_id or (d.duplicate_of and d.duplicate_of in by_id)]
    # Each event by the document of its first mention: a story takes its documents' events in
    # one lookup each (scanning every event for every story grew with stories x events).
    events_of: dict[str, list[tuple[int, Event]]] = {}
    for position, event in enumerate(events):
        events_of.setdefault(event.mentions[0].doc, []).append((position, event))
    for group in group_documents(usable, events):
        found = sorted(pair for d in group for pair in events_of.get(d.id, ()))
        story_events = [event for _, event in found]
        story_analyses = [by_id[d.id] for d in group if d.id in by_id]
        stories.append(story_record(story_id(group), group, story_events, story_analyses))
    return stories


def _redate_mentions(analysis: Analysis) -> None:
    """Re-dates the mentions of a document whose clock cross-document anchoring narrowed."""
    facts = {f.sentence.start: f for f in _facts(analysis)}
    for mention in analysis.mentions:
        fact = facts.get(mention.sentence.start)
        if fact is not None:
            mention.date = sentence_event_date(fact, analysis.dated.published)
            mention.timexes = list(fact.timexes)


def story_record(
    identifier: str,
    documents: Sequence[Document],
    events: Sequence[Event],
    analyses: Sequence[Analysis],
) -> Story:
    """One story from its documents, its linked events and its documents' analyses: events in
    timeline order (their ids follow it), the title, merged quotes and figures, disagreements.

    ``build`` calls it for each group of documents it links; the story store calls it for each
    story it keeps, so both tell a story the same way.
    """
    story_events = order_events(events)
    figure_sentences = [fs for a in analyses for fs in a.figure_sentences]
    return Story(
        id=identifier,
        title=story_title(documents, story_events),
        documents=list(documents),
        events=story_events,
        quotes=_merge_quotes(q for a in analyses for q in a.quotes),
        figures=merge_figures(f for a in analyses for f in a.figures),
        discrepancies=find_discrepancies(story_events, figure_sentences),
    )


# The incremental path: a story store analyses each article once, on arrival, and keeps the
# result. These entry points are the same stages ``build`` runs, cut where the store caches.


def analyse(document: Document, nlp: Language) -> Analysis:
    """The per-document stages (sentences, dates, figures, quotes, event mentions) of one
    cleaned document that is not a duplicate. It reads no other document, so it can be cached."""
    return _analyse(document, nlp)


def anchor_arrival(
    analysis: Analysis,
    neighbours: Callable[[EventMention], Sequence[EventMention]],
    similarity: Callable[[EventMention, EventMention], float],
) -> bool:
    """Cross-document anchoring of one arriving document against mentions already known
    (``neighbours`` of each of its mentions, scored by ``similarity``): where they fix a year its
    own text leaves open, its clock narrows and its mentions are re-dated. Documents already
    stored are not re-dated by a later arrival. True when the document changed."""
    doc_id = analysis.document.id
    changed = anchor_documents(
        [analysis.document], {doc_id: analysis.dated}, analysis.mentions, similarity, neighbours
    )
    if changed:
        _redate_mentions(analysis)
    return bool(changed)


def settle(analysis: Analysis) -> None:
    """The dates that follow once anchoring is done, as ``build`` sets them: news statements
    after the article's background, each quote's date, and the document's publication date."""
    _date_news_after_background(analysis)
    analysis.document.published = analysis.dated.published
    analysis.quotes = [
        Quote(q.speaker, q.text, q.evidence, q.speaker_evidence, _quote_date(analysis, q))
        for q in analysis.quotes
    ]


class _AlreadyLinked(MentionLinker):
    """A linker for mentions known to report one event: every one is linked to the next.

    ``build_events`` then makes the event record (date, lead sentence, kind, actors, figures,
    corroboration) with the engine's own rules; it still refuses a merge whose dates conflict.
    """

    def __init__(self, settings: LinkSettings) -> None:
        super().__init__([], settings)

    def candidates(self, mentions: Sequence[EventMention]) -> list[tuple[int, int]]:
        return [(i, i + 1) for i in range(len(mentions) - 1)]

    def score(self, a: EventMention, b: EventMention) -> float:
        return float("inf")


def events_from_links(
    groups: Sequence[list[EventMention]],
    analyses: Sequence[Analysis],
    documents: Sequence[Document],
    settings: Settings,
) -> list[Event]:
    """Events from mentions already linked into ``groups`` (by a store, on arrival), with
    corroboration counted by independent source and passages echoed in reprints."""
    source_of = _independent_source(analyses)
    linked = _AlreadyLinked(settings.link)
    events = [e for group in groups for e in build_events(group, settings.link, source_of, linked)]
    _echo_in_reprints(events, documents)
    return events
