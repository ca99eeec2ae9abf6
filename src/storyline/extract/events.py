"""Event mentions: sentences that report something that happened or was said.

A sentence is a mention when it holds an event trigger from a small lexicon of news event
classes (agreements, deliveries, sanctions, statements...) and a past-tense cue or a date. It
works on surface forms (``lexicon.py``), not on a model: it runs on every sentence of every
article, and spaCy here cost ten times the per-article budget on T17. Each mention carries its
date (from the sentence's temporal expression,
else honestly open), its actors (named entities) and its figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.extract.lexicon import (
    content_terms,
    inflections,
    is_past_form,
    looks_past,
    names,
    words,
)
from storyline.extract.sentences import Sentence
from storyline.records import DateEstimate, Document, EventMention, Figure, Timex

EVENT_CLASSES: dict[str, frozenset[str]] = {
    "agreement": frozenset(
        [
            "sign",
            "ink",
            "agree",
            "agreement",
            "contract",
            "deal",
            "order",
            "purchase",
            "buy",
            "acquire",
            "acquisition",
            "conclude",
        ]
    ),
    "delivery": frozenset(
        [
            "deliver",
            "delivery",
            "send",
            "supply",
            "arrive",
            "receive",
            "ship",
            "transfer",
            "fulfil",
            "fulfill",
        ]
    ),
    "sanction": frozenset(
        [
            "remove",
            "evict",
            "expel",
            "exclude",
            "suspend",
            "sanction",
            "ban",
            "cancel",
            "halt",
            "freeze",
            "impose",
            "threaten",
        ]
    ),
    "negotiation": frozenset(
        ["negotiate", "negotiation", "talk", "discuss", "dialogue", "meet", "meeting", "visit"]
    ),
    "payment": frozenset(["pay", "payment", "fund", "finance", "loan"]),
    "conflict": frozenset(
        [
            "attack",
            "kill",
            "strike",
            "bomb",
            "clash",
            "protest",
            "fight",
            "die",
            "injure",
            "arrest",
            "shoot",
            "invade",
            "capture",
        ]
    ),
    "legal": frozenset(
        [
            "charge",
            "sentence",
            "convict",
            "sue",
            "rule",
            "testify",
            "trial",
            "acquit",
            "indict",
            "plead",
        ]
    ),
    "disaster": frozenset(
        [
            "earthquake",
            "quake",
            "spill",
            "leak",
            "explode",
            "explosion",
            "flood",
            "outbreak",
            "collapse",
            "erupt",
        ]
    ),
    "politics": frozenset(
        ["elect", "vote", "resign", "appoint", "win", "nominate", "oust", "step"]
    ),
    "statement": frozenset(
        [
            "say",
            "tell",
            "announce",
            "state",
            "confirm",
            "declare",
            "warn",
            "stress",
            "add",
            "report",
            "claim",
            "deny",
            "insist",
            "urge",
        ]
    ),
}
_TRIGGER_TO_CLASS = {
    lemma: kind for kind, lemmas in reversed(list(EVENT_CLASSES.items())) for lemma in lemmas
}
_CLASS_ORDER = list(EVENT_CLASSES)


def _form_to_lemma() -> dict[str, str]:
    """Each word form the triggers take, with its trigger lemma. A form that is a lemma itself
    stays that lemma ("meeting", not a form of "meet"); another form shared by two lemmas goes
    to the first in alphabetical order. Never the order of the frozensets above: it changes
    with each process's string-hash seed, so workers and runs named the same event differently.
    """
    found: dict[str, str] = {}
    for lemma in sorted(_TRIGGER_TO_CLASS):
        for form in sorted(inflections(lemma)):
            found.setdefault(form, lemma)
    found.update((lemma, lemma) for lemma in _TRIGGER_TO_CLASS)
    return found


_FORM_TO_LEMMA = _form_to_lemma()
# "said Erdogan on September 13", "was reported as saying on 23 August": the date is the date
# of the saying, so the sentence is a statement event whatever it reports.
_DATED_SAYING = re.compile(
    r"\b(?:said|says|told|announced|stated|added|saying|confirmed|declared)\b(?:(?!\bthat\b)[^.;,]){0,30}$",
    re.IGNORECASE,
)
_ANCHORED_CLAUSE = re.compile(
    r"^\W*(?:a|an|one|two|three|\d+)\s+(?:days?|weeks?)\s+(?:after|before)\b", re.IGNORECASE
)
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_STOP_TERMS = frozenset(
    {"say", "tell", "be", "have", "do", "will", "would", "also", "year", "month"}
)


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the extract stage already knows of a sentence when it decides on events."""

    sentence: Sentence
    timexes: Sequence[Timex]
    figures: Sequence[Figure]


def sentence_event_date(facts: SentenceFacts, published: DateEstimate | None) -> DateEstimate:
    """The date of what a sentence reports: its most specific date expression, else no later
    than the article's publication (it is reported as past), else unknown."""
    dated = [t for t in facts.timexes if t.type == "DATE" and t.date is not None]
    if dated:
        # The most specific date the sentence gives (a day beats a month beats a year).
        def precision(t: Timex) -> tuple[int, int]:
            date = t.date
            assert date is not None
            width = (date.latest - date.earliest).days if date.earliest and date.latest else 10**6
            return (0 if date.value else 1, width)

        best = min(dated, key=precision)
        assert best.date is not None
        return best.date
    if published and published.latest:
        return DateEstimate(
            None,
            None,
            published.latest,
            "no date in the sentence; reported as past, so no later than the article's publication",
        )
    return DateEstimate.unknown(
        "no date in the sentence, and the article's date is not established"
    )


def _is_dated_saying(text: str, start: int, timex: Timex, triggers: list[tuple[str, int]]) -> bool:
    """The sentence's date is the date of a saying, and nothing else is reported after it."""
    if not _DATED_SAYING.search(text, start, timex.start):
        return False
    if _ANCHORED_CLAUSE.search(text[timex.end : timex.end + 30]):
        return True
    return not any(
        offset >= timex.end and _TRIGGER_TO_CLASS[lemma] != "statement"
        for lemma, offset in triggers
    )


def find_event_mentions(
    document: Document,
    facts: Sequence[SentenceFacts],
    published: DateEstimate | None,
    quoted: Sequence[tuple[int, int]] = (),
) -> list[EventMention]:
    """Event mentions in the document's clean sentences (debris never reaches this stage).

    Words inside ``quoted`` ranges (the quotes stage's findings) are what someone said, not
    what happened: a sentence whose only triggers are quoted is a statement, or nothing.
    """
    text = document.text
    mentions: list[EventMention] = []
    for fact in facts:
        start, end = fact.sentence.start, fact.sentence.end
        sentence = text[start:end]
        triggers = [
            (_FORM_TO_LEMMA[word], start + offset)
            for offset, word in words(sentence)
            if word in _FORM_TO_LEMMA and not any(a <= start + offset < b for a, b in quoted)
        ]
        if not triggers or not (fact.timexes or looks_past(sentence)):
            continue
        # Prefer a content trigger over a reporting verb ("Russia said it had signed" is a
        # signing), and a verb in the past over a noun ("the batch under the contract was
        # delivered" is a delivery, not a contract).
        triggers.sort(
            key=lambda pair: (
                _TRIGGER_TO_CLASS[pair[0]] == "statement",
                not is_past_form(text[pair[1] : pair[1] + 20]),
                _CLASS_ORDER.index(_TRIGGER_TO_CLASS[pair[0]]),
                pair[1],
            )
        )
        trigger = triggers[0][0]
        kind = _TRIGGER_TO_CLASS[trigger]
        if any(_is_dated_saying(text, start, t, triggers) for t in fact.timexes if t.date):
            kind = "statement"
            trigger = next(
                (lemma for lemma, _ in triggers if _TRIGGER_TO_CLASS[lemma] == kind), "say"
            )
        mentions.append(
            EventMention(
                doc=document.id,
                sentence=fact.sentence.span(document),
                trigger=trigger,
                kind=kind,
                date=sentence_event_date(fact, published),
                kinds=frozenset(_TRIGGER_TO_CLASS[lemma] for lemma, _ in triggers),
                timexes=list(fact.timexes),
                actors=names(sentence),
                figures=list(fact.figures),
                terms=content_terms(sentence),
            )
        )
    return mentions
