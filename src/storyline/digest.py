"""The digest: a story told in its ``L`` most important days, ``K`` sentences each.

This is the timeline-summarization view of the engine's output (what the T17 benchmark scores,
and what an editor wants on one screen): choose the days that matter, then the sentences that
say best what happened on each. It works on what the earlier stages already found, so it is as
good as they are: debris-free sentences, dates resolved against each article's clock, articles
anchored across the story.

Days are ranked by *salience*: how many different articles refer to the day with an expression
resolved to that exact day ("on March 19", "yesterday" in an article of March 20), plus a
smaller weight for how many articles were published on it (news of a day appears that day or
the next). Mentions are the stronger signal, and looking back is stronger than reporting: an
article published two or more days later that still names the day says the day mattered, while
a mention from the day itself or the next is the day's news, which the publication count
already holds, so it counts half (Tran et al. 2015; Gholipour Ghalandari & Ifrim 2020).

A day's candidate sentences are those that mention it, and the sentences of articles published
that day or the next that date nothing else (reports of the day's news). Among them the ones
closest to the candidates' TF-IDF centroid say what most sources say; a sentence too similar
to one already chosen for the day is skipped (redundancy), and no sentence is told on two days.
An article's lead (its first sentences) says what happened, quoted speech says what someone
thought of it: the first get a bonus, the second a penalty. Only sentences containing one of
the ``keywords`` (case-insensitive substring, as the benchmark protocol has it) may enter.
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.extract.sentences import Sentence
from storyline.records import Document, Span, Timex


@dataclass(frozen=True, slots=True)
class DigestSettings:
    """What the digest is asked for; ``max_dates=None`` means no digest is made."""

    max_dates: int | None = None
    per_date: int = 1
    keywords: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    published_weight: float = 0.5
    """Salience of one article published on a day, against 1.0 for one article looking back."""
    near_weight: float = 0.5
    """Salience of a mention from an article published on the day or the next."""
    lead_sentences: int = 8
    lead_bonus: float = 0.2
    """Added to the centroid similarity of a sentence among its article's first sentences."""
    quote_penalty: float = 0.1
    """Taken from the similarity of a sentence that holds quotation marks."""
    redundancy: float = 0.5
    """A sentence whose cosine to one already chosen for the day is above this is skipped."""
    min_words: int = 5
    max_words: int = 60

    def __post_init__(self) -> None:
        if self.max_dates is not None and self.max_dates < 1:
            raise ValueError(f"max_dates must be at least 1, not {self.max_dates}")
        if self.per_date < 1:
            raise ValueError(f"per_date must be at least 1, not {self.per_date}")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")


@dataclass(frozen=True, slots=True)
class DatedSentences:
    """One article as the digest reads it: its sentences, their resolved expressions, its day."""

    document: Document
    sentences: Sequence[Sentence]
    timexes: dict[int, list[Timex]]
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class DigestDay:
    """One day of the digest: its sentences (exact source text) and why the day was chosen."""

    date: dt.date
    sentences: tuple[Span, ...]
    salience: float
    basis: str


def day_of(timex: Timex) -> dt.date | None:
    """The calendar day a DATE/TIME expression pins down, or None when it is coarser."""
    if timex.type not in ("DATE", "TIME") or timex.date is None:
        return None
    low, high = timex.date.earliest, timex.date.latest
    return low if low is not None and low == high else None


_WORD = re.compile(r"[a-z][a-z'-]*|\d[\d,.]*")


def terms(text: str) -> list[str]:
    """Content words of a sentence, lower-cased, stop words and one-letter tokens dropped."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS]


@dataclass(slots=True)
class _Candidate:
    span: Span
    terms: list[str]
    order: tuple[int, int]
    """(article rank, sentence index): ties broken by input order, so runs are reproducible."""
    bonus: float = 0.0
    """Lead bonus minus quote penalty, added to the similarity to the day's centroid."""


_QUOTE_MARKS = ("``", "''", '"', "“", "”")


def _in_window(day: dt.date, settings: DigestSettings) -> bool:
    return (settings.since is None or day >= settings.since) and (
        settings.until is None or day <= settings.until
    )


def _has_keyword(text: str, keywords: Sequence[str]) -> bool:
    lowered = text.lower()
    return not keywords or any(k in lowered for k in keywords)


class _Weights:
    """Inverse document frequency over all candidate sentences; vectors are L2-normalised."""

    def __init__(self, documents: Iterable[list[str]]) -> None:
        frequency: collections.Counter[str] = collections.Counter()
        count = 0
        for words in documents:
            frequency.update(set(words))
            count += 1
        self._idf = {w: math.log((1 + count) / (1 + n)) + 1.0 for w, n in frequency.items()}

    def vector(self, words: Sequence[str]) -> dict[str, float]:
        counts = collections.Counter(words)
        vector = {w: (1 + math.log(n)) * self._idf.get(w, 1.0) for w, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {w: v / norm for w, v in vector.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _centroid(vectors: Sequence[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = collections.defaultdict(float)
    for vector in vectors:
        for w, v in vector.items():
            total[w] += v
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {w: v / norm for w, v in total.items()}


def _pick(
    candidates: Sequence[_Candidate],
    weights: _Weights,
    settings: DigestSettings,
    seen_texts: set[str],
) -> list[_Candidate]:
    """Up to ``per_date`` candidates nearest the centroid (plus bonus), none redundant, none
    already told (``seen_texts``, shared across days, is updated)."""
    vectors = [weights.vector(c.terms) for c in candidates]
    centroid = _centroid(vectors)
    score = [_cosine(v, centroid) + c.bonus for v, c in zip(vectors, candidates, strict=True)]
    ranked = sorted(range(len(candidates)), key=lambda i: (-score[i], candidates[i].order))
    chosen: list[int] = []
    for i in ranked:
        key = " ".join(candidates[i].span.text.lower().split())
        if key in seen_texts:
            continue
        if any(_cosine(vectors[i], vectors[j]) > settings.redundancy for j in chosen):
            continue
        chosen.append(i)
        seen_texts.add(key)
        if len(chosen) == settings.per_date:
            break
    return [candidates[i] for i in chosen]


def make_digest(articles: Sequence[DatedSentences], settings: DigestSettings) -> list[DigestDay]:
    """The ``max_dates`` most salient days (in date order), ``per_date`` sentences each.

    Days with no usable candidate sentence are passed over (the next day in salience takes the
    place), so the digest has fewer days only when the input has fewer. Empty when
    ``settings.max_dates`` is None.
    """
    if settings.max_dates is None:
        return []
    keywords = tuple(k.lower() for k in settings.keywords)
    mentioned_by: dict[dt.date, set[str]] = collections.defaultdict(set)
    near_by: dict[dt.date, set[str]] = collections.defaultdict(set)
    published_on: dict[dt.date, set[str]] = collections.defaultdict(set)
    candidates: dict[dt.date, list[_Candidate]] = collections.defaultdict(list)
    all_terms: list[list[str]] = []
    for rank, article in enumerate(articles):
        document = article.document
        if article.published is not None and _in_window(article.published, settings):
            published_on[article.published].add(document.id)
        position = -1
        for sentence in article.sentences:
            if document.is_debris(sentence.start, sentence.end):
                continue
            position += 1
            days = {
                day
                for t in article.timexes.get(sentence.index, [])
                if (day := day_of(t)) is not None
            }
            for day in days:
                if not _in_window(day, settings):
                    continue
                if article.published is not None and (article.published - day).days <= 1:
                    near_by[day].add(document.id)
                else:
                    mentioned_by[day].add(document.id)
            text = document.text[sentence.start : sentence.end]
            words = terms(text)
            n_words = len(text.split())
            if not (settings.min_words <= n_words <= settings.max_words):
                continue
            if not _has_keyword(text, keywords):
                continue
            all_terms.append(words)
            bonus = settings.lead_bonus if position < settings.lead_sentences else 0.0
            if any(mark in text for mark in _QUOTE_MARKS):
                bonus -= settings.quote_penalty
            candidate = _Candidate(sentence.span(document), words, (rank, sentence.index), bonus)
            targets = set(days)
            if not days and article.published is not None:
                # An undated sentence reports the day's news: the publication day or the day before.
                targets = {article.published, article.published - dt.timedelta(days=1)}
            for day in targets:
                if _in_window(day, settings):
                    candidates[day].append(candidate)
    salience = {
        day: len(mentioned_by.get(day, set()))
        + settings.near_weight * len(near_by.get(day, set()) - mentioned_by.get(day, set()))
        + settings.published_weight * len(published_on.get(day, ()))
        for day in set(mentioned_by) | set(near_by) | set(published_on)
    }
    weights = _Weights(all_terms)
    told: set[str] = set()
    digest: list[DigestDay] = []
    for day in sorted(salience, key=lambda d: (-salience[d], d)):
        if len(digest) == settings.max_dates:
            break
        chosen = _pick(candidates.get(day, []), weights, settings, told)
        if not chosen:
            continue
        near = near_by.get(day, set()) - mentioned_by.get(day, set())
        basis = (
            f"{len(mentioned_by.get(day, ()))} article(s) refer back to this day, "
            f"{len(near)} report it as news, {len(published_on.get(day, ()))} published on it"
        )
        digest.append(DigestDay(day, tuple(c.span for c in chosen), salience[day], basis))
    return sorted(digest, key=lambda d: d.date)
