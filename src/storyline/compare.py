"""The compare stage: where sources disagree.

Two kinds of disagreement are found from aligned claims (no contradiction model ships offline):
- **figures**: the same thing counted differently by different documents — counts of the same
  product or unit in sentences about the same deal or event ("four S-400 divisions" vs "two
  S-400 systems ... two more batteries"), or different money amounts for one linked event;
- **dates**: mentions of one linked event whose dates cannot both be true;
- **statements**: one source reports the event, another denies it ("did not sign", "denied
  signing") — negation right before the event's own trigger word, not anywhere in the sentence.
Each claim keeps the exact spans it rests on.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from storyline.extract.lexicon import inflections
from storyline.link import dates_compatible
from storyline.records import Claim, Discrepancy, Event, EventMention, Figure, Span

_PRODUCT = re.compile(r"\b[A-Z]{1,4}-?\d{1,4}[A-Z]?\b")
_ORDINAL_CONTEXT = re.compile(r"\b(second|new|another|additional|further|third)\b", re.IGNORECASE)
_DEAL = re.compile(r"\b(deal|contract|agreement|order|purchase)\b", re.IGNORECASE)


_NEGATION = re.compile(
    r"(?:\b(?:not|never|no longer)|n't|\b(?:denied|denies|deny|denying|refused to|rejected))"
    r"(?:\s+(?:been|be|yet|ever|to|having|that|it|they|he|she|had|has|have))*\s*$",
    re.IGNORECASE,
)

FigureSentence = tuple[Span, list[Figure]]


def is_negated(mention: EventMention) -> bool:
    """Whether the sentence denies its own event: a negation just before the trigger word."""
    text = mention.sentence.text
    forms = "|".join(sorted(inflections(mention.trigger), key=len, reverse=True))
    for match in re.finditer(rf"\b(?:{forms})\b", text, re.IGNORECASE):
        if _NEGATION.search(text[max(0, match.start() - 40) : match.start()]):
            return True
    return False


def compare_polarity(event: Event) -> list[Discrepancy]:
    """One document reports the event, another denies it."""
    affirmed = [m for m in event.mentions if not is_negated(m)]
    denied = [m for m in event.mentions if is_negated(m)]
    pairs = [(a, d) for a in affirmed for d in denied if a.doc != d.doc]
    if not pairs:
        return []
    a, d = pairs[0]
    claims = (Claim(a.sentence.text, (a.sentence,)), Claim(d.sentence.text, (d.sentence,)))
    summary = f"Sources contradict each other on whether this happened: {event.summary}"
    return [Discrepancy(summary, "statement", claims, event.id)]


def _count_claims(
    sentences: Sequence[FigureSentence],
) -> dict[tuple[str, str], list[FigureSentence]]:
    """Count figures grouped by (product, which deal): the subject a count is about."""
    groups: dict[tuple[str, str], list[FigureSentence]] = defaultdict(list)
    for sentence, figures in sentences:
        counts = [f for f in figures if f.kind == "count"]
        text = sentence.text
        if not counts or not _DEAL.search(text):
            continue
        products = sorted(set(_PRODUCT.findall(text)))
        if not products:
            continue
        which = "later deal" if _ORDINAL_CONTEXT.search(text) else "first deal"
        groups[(products[0], which)].append((sentence, counts))
    return groups


def _figure_phrase(figures: Sequence[Figure]) -> str:
    return " ... ".join(f.text for f in figures)


def compare_counts(sentences: Sequence[FigureSentence]) -> list[Discrepancy]:
    """Counts of one product in sentences about the same deal that differ between documents."""
    found = []
    for (product, which), claims in sorted(_count_claims(sentences).items()):
        by_doc: dict[str, FigureSentence] = {}
        for sentence, counts in claims:
            by_doc.setdefault(sentence.doc, (sentence, counts))
        statements = {
            doc: tuple(sorted((f.value, f.thing) for f in counts))
            for doc, (_, counts) in by_doc.items()
        }
        if len(by_doc) < 2 or len(set(statements.values())) < 2:
            continue
        sides = []
        for _, (sentence, counts) in sorted(by_doc.items()):
            evidence = (*(span for f in counts for span in f.evidence), sentence)
            sides.append(Claim(_figure_phrase(counts), evidence))
        summary = f"Sources differ on the size of the {which} for the {product}: " + " vs ".join(
            f'"{side.text}"' for side in sides
        )
        found.append(Discrepancy(summary, "figure", tuple(sides)))
    return found


def compare_event(event: Event) -> list[Discrepancy]:
    """Disagreements inside one linked event: money amounts and dates."""
    found = []
    money: dict[float, list[Span]] = defaultdict(list)
    for mention in event.mentions:
        for figure in mention.figures:
            if figure.kind == "money" and figure.value:
                money[figure.value].extend(figure.evidence)
    if len(money) > 1:
        claims = tuple(Claim(spans[0].text, tuple(spans)) for _, spans in sorted(money.items()))
        summary = f"Sources give different amounts for: {event.summary}"
        found.append(Discrepancy(summary, "figure", claims, event.id))
    dated = [m for m in event.mentions if m.date.value]
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            if a.doc != b.doc and not dates_compatible(a.date, b.date):
                claims = (
                    Claim(f"{a.date.value} ({a.doc})", a.date.evidence or (a.sentence,)),
                    Claim(f"{b.date.value} ({b.doc})", b.date.evidence or (b.sentence,)),
                )
                found.append(
                    Discrepancy(
                        f"Sources date this differently: {event.summary}", "date", claims, event.id
                    )
                )
    return found


def find_discrepancies(
    events: Sequence[Event], sentences: Sequence[FigureSentence]
) -> list[Discrepancy]:
    """All disagreements of a story: counts across its sentences, then inside each event."""
    found = compare_counts(sentences)
    for event in events:
        found.extend(compare_event(event))
        found.extend(compare_polarity(event))
    return found
