"""Linking mentions into events, dating and corroborating them; where sources disagree."""

from __future__ import annotations

import datetime as dt

from storyline.compare import FigureSentence, compare_counts, compare_event, find_discrepancies
from storyline.extract.figures import find_figures
from storyline.extract.lexicon import content_terms
from storyline.extract.sentences import segment
from storyline.link import (
    LinkSettings,
    MentionLinker,
    build_events,
    cluster_mentions,
    dates_compatible,
    event_date,
    merge_figures,
)
from storyline.records import DateEstimate, Document, Event, EventMention, Figure, Span

SETTINGS = LinkSettings()


def _day(y: int, m: int, d: int, doc: str = "x") -> DateEstimate:
    day = dt.date(y, m, d)
    return DateEstimate(day.isoformat(), day, day, "stated in full", (Span(doc, 0, 1, "x"),))


def _month(y: int, m: int) -> DateEstimate:
    last = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return DateEstimate(f"{y}-{m:02d}", dt.date(y, m, 1), dt.date(y, m, last), "month stated")


def _year(y: int) -> DateEstimate:
    return DateEstimate(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year stated")


def _before(y: int, m: int, d: int) -> DateEstimate:
    return DateEstimate(None, None, dt.date(y, m, d), "no later than publication")


UNDATED = DateEstimate.unknown("not established")


def _money(value: float, doc: str, text: str) -> Figure:
    return Figure(text, value, "USD", (Span(doc, 0, len(text), text),), kind="money")


def _mention(
    doc: str,
    text: str,
    kind: str,
    date: DateEstimate = UNDATED,
    kinds: set[str] | None = None,
    figures: list[Figure] | None = None,
    start: int = 0,
) -> EventMention:
    return EventMention(
        doc=doc,
        sentence=Span(doc, start, start + len(text), text),
        trigger="",
        kind=kind,
        date=date,
        kinds=frozenset(kinds or {kind}),
        figures=list(figures or []),
        terms=content_terms(text),
    )


# Background mentions from the same story, so term weights are realistic.
BACKGROUND = [
    _mention(
        "c", "Turkey and Russia are negotiating a second batch of S-400 systems.", "negotiation"
    ),
    _mention(
        "d", "Washington removed Turkey from the F-35 programme.", "sanction", _month(2019, 7)
    ),
    _mention("e", "Turkey's purchase of the S-400 angered the United States.", "agreement"),
    _mention("c", "The first deliveries arrived at Murted Air Base in July 2019.", "delivery"),
]

SIGNING_A = _mention(
    "a",
    "Russia and Turkey signed a $2.5 billion contract for S-400 missile systems on "
    "September 12, 2017.",
    "agreement",
    _day(2017, 9, 12, "a"),
    figures=[_money(2.5e9, "a", "$2.5 billion")],
)
SIGNING_B = _mention(
    "b",
    "Moscow said in September 2017 that Ankara had agreed to buy the S-400 system in a deal "
    "worth $2.5 billion.",
    "agreement",
    _month(2017, 9),
    kinds={"agreement", "statement"},
    figures=[_money(2.5e9, "b", "$2.5 billion")],
)


def _same_cluster(clusters: list[list[EventMention]], *mentions: EventMention) -> bool:
    return any(all(any(m is x for x in c) for m in mentions) for c in clusters)


def test_dates_compatible():
    assert dates_compatible(_day(2017, 9, 12), _month(2017, 9))
    assert dates_compatible(_year(2017), _month(2017, 9))
    assert not dates_compatible(_day(2017, 9, 12), _day(2017, 9, 13))
    assert not dates_compatible(_month(2019, 7), _year(2017))
    assert not dates_compatible(_year(2017), _month(2019, 7))
    assert dates_compatible(_before(2020, 5, 10), _month(2019, 7))
    assert not dates_compatible(_before(2017, 1, 1), _month(2019, 7))
    assert dates_compatible(UNDATED, _day(2017, 9, 12))


def test_two_reports_of_one_signing_merge():
    mentions = [*BACKGROUND, SIGNING_A, SIGNING_B]
    linker = MentionLinker(mentions, SETTINGS)
    assert linker.score(SIGNING_A, SIGNING_B) >= SETTINGS.threshold
    index = {id(m): i for i, m in enumerate(mentions)}
    assert (index[id(SIGNING_A)], index[id(SIGNING_B)]) in linker.candidates(mentions)
    clusters = cluster_mentions(mentions, SETTINGS)
    assert _same_cluster(clusters, SIGNING_A, SIGNING_B)
    assert len(clusters) == len(mentions) - 1


def test_candidates_pair_only_mentions_of_different_documents():
    twin = _mention("a", SIGNING_A.sentence.text, "agreement", start=500)
    mentions = [SIGNING_A, twin, SIGNING_B]
    pairs = MentionLinker(mentions, SETTINGS).candidates(mentions)
    assert (0, 1) not in pairs
    assert (0, 2) in pairs and (1, 2) in pairs


def test_different_contracts_with_disjoint_dates_never_merge():
    text = "Russia and Turkey signed a contract for S-400 missile systems worth $2.5 billion."
    first = _mention(
        "a", text, "agreement", _day(2017, 9, 12), figures=[_money(2.5e9, "a", "$2.5 billion")]
    )
    second = _mention(
        "b", text, "agreement", _day(2021, 8, 23), figures=[_money(2.5e9, "b", "$2.5 billion")]
    )
    mentions = [*BACKGROUND, first, second]
    assert MentionLinker(mentions, SETTINGS).score(first, second) == 0.0
    assert not _same_cluster(cluster_mentions(mentions, SETTINGS), first, second)


def test_identical_words_without_dates_do_merge():
    # The control for the test above: it is the dates, not the words, that keep them apart.
    text = "Russia and Turkey signed a contract for S-400 missile systems worth $2.5 billion."
    first = _mention("a", text, "agreement", figures=[_money(2.5e9, "a", "$2.5 billion")])
    second = _mention("b", text, "agreement", figures=[_money(2.5e9, "b", "$2.5 billion")])
    assert _same_cluster(cluster_mentions([*BACKGROUND, first, second], SETTINGS), first, second)


def test_a_dated_statement_does_not_merge_with_the_event_it_talks_about():
    statement = _mention(
        "b",
        "Erdogan said on September 13, 2017 that Russia and Turkey signed a $2.5 billion "
        "contract for S-400 missile systems.",
        "statement",
        _day(2017, 9, 13, "b"),
        kinds={"statement", "agreement"},
        figures=[_money(2.5e9, "b", "$2.5 billion")],
    )
    undated_statement = _mention(
        "b",
        "Erdogan said Russia and Turkey signed a $2.5 billion contract for S-400 missile systems.",
        "statement",
        kinds={"statement", "agreement"},
        figures=[_money(2.5e9, "b", "$2.5 billion")],
    )
    mentions = [*BACKGROUND, SIGNING_A, statement, undated_statement]
    linker = MentionLinker(mentions, SETTINGS)
    assert linker.score(SIGNING_A, statement) == 0.0
    assert linker.score(SIGNING_A, undated_statement) == 0.0
    clusters = cluster_mentions(mentions, SETTINGS)
    assert not _same_cluster(clusters, SIGNING_A, statement)
    assert not _same_cluster(clusters, SIGNING_A, undated_statement)


def test_mentions_of_different_event_classes_do_not_merge():
    delivery = _mention(
        "b",
        "Russia and Turkey: the $2.5 billion S-400 missile systems were delivered on "
        "September 12, 2017.",
        "delivery",
        _day(2017, 9, 12),
        figures=[_money(2.5e9, "b", "$2.5 billion")],
    )
    assert MentionLinker([SIGNING_A, delivery], SETTINGS).score(SIGNING_A, delivery) == 0.0


def test_a_cluster_never_holds_incompatible_dates():
    text = "Russia and Turkey signed a contract for S-400 missile systems worth $2.5 billion."
    money = [_money(2.5e9, "x", "$2.5 billion")]
    year = _mention("a", text, "agreement", _year(2017), figures=money)
    september = _mention("b", text, "agreement", _day(2017, 9, 12), figures=money)
    march = _mention("c", text, "agreement", _month(2017, 3), figures=money)
    clusters = cluster_mentions([*BACKGROUND, year, september, march], SETTINGS)
    assert _same_cluster(clusters, year, september)
    assert not _same_cluster(clusters, september, march)
    for cluster in clusters:
        for i, m in enumerate(cluster):
            assert all(dates_compatible(m.date, n.date) for n in cluster[i + 1 :])


def test_event_date_is_the_most_precise_consistent_date_and_says_so():
    mentions = [
        _mention("a", "Turkey bought the S-400 in 2017.", "agreement", _year(2017)),
        _mention("b", "Turkey bought the S-400 in September 2017.", "agreement", _month(2017, 9)),
        _mention("c", "Turkey bought the S-400.", "agreement", _before(2020, 1, 1)),
        _mention(
            "d",
            "Turkey bought the S-400 on 12 September 2017.",
            "agreement",
            _day(2017, 9, 12, "d"),
        ),
    ]
    date = event_date(mentions)
    assert date.value == "2017-09-12"
    assert date.earliest == date.latest == dt.date(2017, 9, 12)
    assert date.basis.startswith("stated in full in d")
    assert "consistent with the dates given in a, b" in date.basis
    assert [span.doc for span in date.evidence] == ["d"]


def test_event_date_without_a_value_keeps_a_bound_else_unknown():
    bounded = _mention("b", "Turkey bought it.", "agreement", _before(2020, 1, 1))
    unknown = _mention("a", "Turkey bought it.", "agreement")
    assert event_date([unknown, bounded]) is bounded.date
    assert event_date([unknown]).is_bounded is False


def test_corroboration_counts_independent_sources():
    copied = _mention(
        "c", SIGNING_A.sentence.text, "agreement", SIGNING_A.date, figures=SIGNING_A.figures
    )
    mentions = [*BACKGROUND[1:3], SIGNING_A, SIGNING_B, copied]
    by_doc = lambda m: m.doc  # noqa: E731
    events = build_events(mentions, SETTINGS, by_doc)
    (signing,) = [e for e in events if any(m is SIGNING_A for m in e.mentions)]
    assert len(signing.mentions) == 3
    assert signing.corroboration == 3
    # "c" only reprints a's paragraph: it is not an independent source.
    reprint_of_a = lambda m: "a" if m.doc == "c" else m.doc  # noqa: E731
    events = build_events(mentions, SETTINGS, reprint_of_a)
    (signing,) = [e for e in events if any(m is SIGNING_A for m in e.mentions)]
    assert signing.corroboration == 2
    assert signing.kind == "agreement"
    assert signing.date.value == "2017-09-12"
    assert signing.summary == SIGNING_A.sentence.text
    money = [f for f in signing.figures if f.kind == "money"]
    assert len(money) == 1 and len(money[0].evidence) == 3


def test_merge_figures_one_per_value_and_thing_ordered_by_support():
    figures = [
        _money(2.0e9, "a", "$2 billion"),
        _money(2.5e9, "a", "$2.5 billion"),
        _money(2.5e9, "b", "2.5 billion dollars"),
        Figure("four divisions", 4.0, None, (Span("a", 0, 1, "x"),), "count", "division"),
        Figure("four systems", 4.0, None, (Span("b", 0, 1, "x"),), "count", "system"),
    ]
    merged = merge_figures(figures)
    assert len(merged) == 4
    assert merged[0].value == 2.5e9 and [s.doc for s in merged[0].evidence] == ["a", "b"]
    assert merged[0].text == "$2.5 billion"


# Compare: counts of one product in deal sentences of different documents.


def _figure_sentences(doc: str, body: str) -> list[FigureSentence]:
    text = "Headline\n\n" + body + "\n"
    document = Document(doc, text, "Headline", "test")
    sentences = segment(document)
    figures = find_figures(document, sentences)
    found = []
    for sentence in sentences:
        inside = [f for f in figures if sentence.start <= f.evidence[0].start < sentence.end]
        if inside:
            found.append((sentence.span(document), inside))
    return found


FOUR_DIVISIONS = (
    "Russia fulfilled in 2019 the first contract for the supply of four S-400 divisions to "
    "Turkey for 2.5 billion dollars."
)
TWO_AND_TWO = (
    "Under the deal, Russia would send two S-400 systems to Turkey within the next year and "
    "then help the country domestically produce two more batteries."
)


def test_count_discrepancy_between_two_documents():
    sentences = _figure_sentences("a", FOUR_DIVISIONS) + _figure_sentences("b", TWO_AND_TWO)
    (found,) = compare_counts(sentences)
    assert found.kind == "figure"
    assert [c.text for c in found.claims] == [
        "four S-400 divisions",
        "two S-400 systems ... two more batteries",
    ]
    assert "S-400" in found.summary and "first deal" in found.summary
    for claim, doc in zip(found.claims, ["a", "b"], strict=True):
        assert {span.doc for span in claim.evidence} == {doc}
        assert claim.evidence[-1].text in (FOUR_DIVISIONS, TWO_AND_TWO)


def test_no_count_discrepancy_when_counts_agree():
    agree = "The contract signed in Moscow covered four S-400 divisions, officials said."
    sentences = _figure_sentences("a", FOUR_DIVISIONS) + _figure_sentences("b", agree)
    assert compare_counts(sentences) == []


def test_no_count_discrepancy_inside_one_document():
    sentences = _figure_sentences("a", FOUR_DIVISIONS + " " + TWO_AND_TWO)
    assert compare_counts(sentences) == []


def test_no_count_discrepancy_across_different_products():
    jets = "Under the deal, Turkey was to buy two F-35 squadrons from the United States."
    sentences = _figure_sentences("a", FOUR_DIVISIONS) + _figure_sentences("b", jets)
    assert compare_counts(sentences) == []


def test_no_count_discrepancy_between_first_and_second_deal():
    second = "The second contract, signed this year, covers two S-400 divisions."
    sentences = _figure_sentences("a", FOUR_DIVISIONS) + _figure_sentences("b", second)
    assert compare_counts(sentences) == []


def test_counts_outside_deal_sentences_are_not_compared():
    parade = "Two S-400 batteries were shown at a parade in Ankara."
    sentences = _figure_sentences("a", FOUR_DIVISIONS) + _figure_sentences("b", parade)
    assert compare_counts(sentences) == []


def _event(*mentions: EventMention) -> Event:
    corroboration = len({m.doc for m in mentions})
    summary = "Turkey signed the S-400 contract."
    return Event("e001", UNDATED, summary, "agreement", [], [], list(mentions), corroboration)


def test_money_disagreement_inside_one_event():
    a_money = [_money(2.5e9, "a", "$2.5 billion")]
    b_money = [_money(2.0e9, "b", "$2 billion")]
    a = _mention("a", "The contract is worth $2.5 billion.", "agreement", figures=a_money)
    b = _mention("b", "The contract is worth $2 billion.", "agreement", figures=b_money)
    (found,) = compare_event(_event(a, b))
    assert found.kind == "figure" and found.event == "e001"
    assert [c.text for c in found.claims] == ["$2 billion", "$2.5 billion"]
    assert (
        compare_event(_event(a, _mention("c", a.sentence.text, "agreement", figures=a.figures)))
        == []
    )


def test_date_disagreement_inside_one_event():
    a = _mention("a", "Turkey signed in September 2017.", "agreement", _month(2017, 9))
    b = _mention("b", "Turkey signed in December 2017.", "agreement", _month(2017, 12))
    (found,) = compare_event(_event(a, b))
    assert found.kind == "date"
    assert [c.text for c in found.claims] == ["2017-09 (a)", "2017-12 (b)"]
    assert compare_event(_event(a, _mention("b", "In 2017.", "agreement", _year(2017)))) == []


def test_find_discrepancies_combines_counts_and_events():
    a = _mention("a", "x", "agreement", figures=[_money(2.5e9, "a", "$2.5 billion")])
    b = _mention("b", "y", "agreement", figures=[_money(2.0e9, "b", "$2 billion")])
    sentences = _figure_sentences("a", FOUR_DIVISIONS) + _figure_sentences("b", TWO_AND_TWO)
    found = find_discrepancies([_event(a, b)], sentences)
    assert [d.kind for d in found] == ["figure", "figure"]
    assert found[0].event is None and found[1].event == "e001"


def test_demo_result_has_the_first_deal_size_discrepancy(demo_result):
    (story,) = demo_result.stories
    counts = [d for d in story.discrepancies if "size of the first deal" in d.summary]
    assert len(counts) == 1
    claims = counts[0].claims
    assert [c.text for c in claims] == [
        "four S-400 divisions",
        "two S-400 systems ... two more batteries",
    ]
    assert [c.evidence[-1].doc for c in claims] == [
        "001_497e892b908cdaa8",
        "002_570f20724193ae46",
    ]
    texts = {d.id: d.text for d in story.documents}
    for claim in claims:
        for span in claim.evidence:
            assert texts[span.doc][span.start : span.end] == span.text


def test_a_denial_of_a_reported_event_is_a_contradiction(nlp):
    from storyline.compare import compare_polarity, is_negated
    from storyline.pipeline import build
    from storyline.records import Document

    signed = Document(
        "a",
        "Deal signed\nTurkey signed the S-400 contract with Rosoboronexport on March 3, 2021,"
        " officials said.\n",
        "Deal signed",
        "a.txt",
    )
    denied = Document(
        "b",
        "Ankara denies deal\nTurkey did not sign the S-400 contract with Rosoboronexport on"
        " March 3, 2021, the ministry said.\n",
        "Ankara denies deal",
        "b.txt",
    )
    result = build([signed, denied], nlp=nlp)
    [story] = result.stories
    linked = [e for e in story.events if {m.doc for m in e.mentions} == {"a", "b"}]
    assert linked, "the report and its denial are one event"
    assert [is_negated(m) for m in sorted(linked[0].mentions, key=lambda m: m.doc)] == [False, True]
    [found] = compare_polarity(linked[0])
    assert found.kind == "statement"
    assert {c.evidence[0].doc for c in found.claims} == {"a", "b"}
    assert any(d.kind == "statement" for d in story.discrepancies)


def test_negation_elsewhere_in_the_sentence_is_not_a_denial(nlp):
    from storyline.compare import is_negated
    from storyline.pipeline import build
    from storyline.records import Document

    text = (
        "Deal\nNot only Turkey but also India signed the S-400 contract on March 3, 2021,"
        " officials said.\n"
    )
    result = build([Document("c", text, "Deal", "c.txt")], nlp=nlp)
    mentions = [m for e in result.stories[0].events for m in e.mentions]
    assert mentions and not any(is_negated(m) for m in mentions)
