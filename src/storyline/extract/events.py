"""Event mentions: sentences that report something that happened or was said.

A sentence is a candidate when it holds an event trigger from a small lexicon of news event
classes (agreements, deliveries, sanctions, statements...) and a past-tense or dated verb. Only
candidates go through spaCy (tagger, lemmatizer, NER; never the parser), which keeps the stage
fast on large corpora. Each mention carries its date (from the sentence's temporal expression,
else honestly open), its actors (named entities) and its figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language

from storyline.extract.sentences import Sentence
from storyline.records import DateEstimate, Document, EventMention, Figure, Timex

EVENT_CLASSES: dict[str, frozenset[str]] = {
    "agreement": frozenset(
        ["sign", "ink", "agree", "agreement", "contract", "deal", "order", "purchase", "buy", "acquire", "acquisition", "conclude"]
    ),
    "delivery": frozenset(
        ["deliver", "delivery", "send", "supply", "arrive", "receive", "ship", "transfer", "fulfil", "fulfill"]
    ),
    "sanction": frozenset(
        ["remove", "evict", "expel", "exclude", "suspend", "sanction", "ban", "cancel", "halt", "freeze", "impose", "threaten"]
    ),
    "negotiation": frozenset(
        ["negotiate", "negotiation", "talk", "discuss", "dialogue", "meet", "meeting", "visit"]
    ),
    "payment": frozenset(["pay", "payment", "fund", "finance", "loan"]),
    "conflict": frozenset(
        ["attack", "kill", "strike", "bomb", "clash", "protest", "fight", "die", "injure", "arrest", "shoot", "invade", "capture"]
    ),
    "legal": frozenset(
        ["charge", "sentence", "convict", "sue", "rule", "testify", "trial", "acquit", "indict", "plead"]
    ),
    "disaster": frozenset(
        ["earthquake", "quake", "spill", "leak", "explode", "explosion", "flood", "outbreak", "collapse", "erupt"]
    ),
    "politics": frozenset(["elect", "vote", "resign", "appoint", "win", "nominate", "oust", "step"]),
    "statement": frozenset(
        ["say", "tell", "announce", "state", "confirm", "declare", "warn", "stress", "add", "report", "claim", "deny", "insist", "urge"]
    ),
}
_TRIGGER_TO_CLASS = {
    lemma: kind for kind, lemmas in reversed(list(EVENT_CLASSES.items())) for lemma in lemmas
}
_CLASS_ORDER = list(EVENT_CLASSES)
# A quick pre-filter on surface forms, so spaCy only sees sentences that may hold a trigger.
_PREFILTER = re.compile(
    r"\b(?:"
    + "|".join(sorted({lemma[:5] for lemma in _TRIGGER_TO_CLASS}, key=len, reverse=True))
    + r"|said|told|sent|paid|met|won|struck|sold|bought|began|began|took|held|made|came)",
    re.IGNORECASE,
)
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


def _event_date(facts: SentenceFacts, published: DateEstimate | None) -> DateEstimate:
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


def _is_dated_saying(text: str, start: int, timex: Timex, triggers: list, base: int) -> bool:  # type: ignore[type-arg]
    """The sentence's date is the date of a saying, and nothing else is reported after it."""
    if not _DATED_SAYING.search(text, start, timex.start):
        return False
    if _ANCHORED_CLAUSE.search(text[timex.end : timex.end + 30]):
        return True
    return not any(
        base + tok.idx >= timex.end and _TRIGGER_TO_CLASS[lemma] != "statement"
        for lemma, tok in triggers
    )


def find_event_mentions(
    document: Document,
    facts: Sequence[SentenceFacts],
    nlp: Language,
    published: DateEstimate | None,
    quoted: Sequence[tuple[int, int]] = (),
) -> list[EventMention]:
    """Event mentions in the document's clean sentences (debris never reaches this stage).

    Words inside ``quoted`` ranges (the quotes stage's findings) are what someone said, not
    what happened: a sentence whose only triggers are quoted is a statement, or nothing.
    """
    text = document.text
    candidates = [f for f in facts if _PREFILTER.search(text, f.sentence.start, f.sentence.end)]
    mentions: list[EventMention] = []
    parsed = nlp.pipe(text[f.sentence.start : f.sentence.end] for f in candidates)
    for fact, doc in zip(candidates, parsed, strict=True):
        base = fact.sentence.start
        triggers = [
            (tok.lemma_.lower(), tok)
            for tok in doc
            if tok.lemma_.lower() in _TRIGGER_TO_CLASS
            and tok.pos_ in ("VERB", "NOUN", "AUX")
            and not any(a <= base + tok.idx < b for a, b in quoted)
        ]
        if not triggers:
            continue
        past = any(tok.tag_ in ("VBD", "VBN") for tok in doc) or bool(fact.timexes)
        if not past:
            continue
        # Prefer a content trigger over a reporting verb: "Russia said it had signed" is a signing.
        triggers.sort(key=lambda pair: _CLASS_ORDER.index(_TRIGGER_TO_CLASS[pair[0]]))
        trigger = triggers[0][0]
        kind = _TRIGGER_TO_CLASS[trigger]
        if any(
            _is_dated_saying(text, fact.sentence.start, t, triggers, base)
            for t in fact.timexes
            if t.date
        ):
            kind, trigger = (
                "statement",
                next(
                    (lemma for lemma, _ in triggers if _TRIGGER_TO_CLASS[lemma] == "statement"),
                    "say",
                ),
            )
        actors = []
        for ent in doc.ents:
            name = ent.text.strip(" ’'s")
            if ent.label_ in _ACTOR_LABELS and name not in actors:
                actors.append(name)
        terms = frozenset(
            tok.lemma_.lower()
            for tok in doc
            if tok.pos_ in _CONTENT_POS
            and not tok.is_stop
            and tok.lemma_.lower() not in _STOP_TERMS
            and any(ch.isalnum() for ch in tok.text)
        )
        mentions.append(
            EventMention(
                doc=document.id,
                sentence=fact.sentence.span(document),
                trigger=trigger,
                kind=kind,
                date=_event_date(fact, published),
                kinds=frozenset(_TRIGGER_TO_CLASS[lemma] for lemma, _ in triggers),
                timexes=list(fact.timexes),
                actors=actors,
                figures=list(fact.figures),
                terms=terms,
            )
        )
    return mentions
