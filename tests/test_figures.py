"""Figures on the demo seeds and on one synthetic sentence per rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline
from storyline.extract import figures
from storyline.extract.figures import find_figures
from storyline.extract.sentences import Sentence, segment
from storyline.records import Document, Figure

SEEDS = Path(storyline.__file__).parent / "data" / "seeds"


def _seed(prefix: str) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"demo seed {prefix} not found under {SEEDS}")
    text = path.read_text(encoding="utf-8")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return Document(id=path.stem, text=text, title=title, origin=str(path))


def _figures(text: str) -> list[Figure]:
    document = Document(id="t", text=text, title="", origin="test")
    return find_figures(document, segment(document))


def _one(text: str) -> Figure:
    figures = _figures(text)
    assert len(figures) == 1, figures
    return figures[0]


def _texts(document: Document) -> list[str]:
    return [figure.text for figure in find_figures(document, segment(document))]


def test_seed_000_money() -> None:
    doc = _seed("000")
    figures = find_figures(doc, segment(doc))
    assert [(f.text, f.value, f.unit, f.kind) for f in figures] == [
        ("$2.5 billion", 2.5e9, "USD", "money")
    ]


def test_seed_001_count_and_money_in_words() -> None:
    doc = _seed("001")
    figures = {f.text: f for f in find_figures(doc, segment(doc))}
    divisions = figures["four S-400 divisions"]
    assert (divisions.value, divisions.unit, divisions.kind, divisions.thing) == (
        4,
        None,
        "count",
        "division",
    )
    dollars = figures["2.5 billion dollars"]
    assert (dollars.value, dollars.unit, dollars.kind) == (2.5e9, "USD", "money")


def test_seed_002_all_figures() -> None:
    doc = _seed("002")
    figures = find_figures(doc, segment(doc))
    assert [f.text for f in figures] == [
        "two S-400 systems",
        "two more batteries",
        "$2.5 billion",
        "402 kilometers",
        "$2.5 billion",
        "$3.4 billion",
    ]
    things = {f.text: f.thing for f in figures}
    assert things["two S-400 systems"] == "system"
    assert things["two more batteries"] == "battery"
    km = figures[3]
    assert (km.value, km.unit, km.kind) == (402, "km", "measure")


def test_seed_004_aircraft_and_no_model_names_or_years() -> None:
    document = _seed("004")
    figures = find_figures(document, segment(document))
    assert [(f.text, f.value, f.thing) for f in figures] == [("100 F-35 aircraft", 100, "aircraft")]


def test_seeds_have_no_model_names_years_or_ordinals() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        for text in _texts(_seed(prefix)):
            assert text not in {"S-400", "F-35", "2019", "2017", "second", "400", "35"}
            assert not text.isdigit()


def test_evidence_is_the_figure_text() -> None:
    document = _seed("002")
    for figure in find_figures(document, segment(document)):
        (span,) = figure.evidence
        assert span.text == figure.text == document.text[span.start : span.end]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("They paid $2.5 billion for it.", 2.5e9, "USD"),
        ("They paid 2.5 billion dollars for it.", 2.5e9, "USD"),
        ("They paid €300m for it.", 3e8, "EUR"),
        ("They paid £1.2bn for it.", 1.2e9, "GBP"),
        ("They paid 300 million euros for it.", 3e8, "EUR"),
        ("They paid Rs 500 crore for it.", 5e9, "INR"),
        ("They paid $1,200 for it.", 1200, "USD"),
    ],
)
def test_money(text: str, value: float, unit: str) -> None:
    figure = _one(text)
    assert (figure.kind, figure.value, figure.unit) == ("money", pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "value", "thing"),
    [
        ("Russia sent four S-400 divisions.", 4, "division"),
        ("Russia sent two more batteries.", 2, "battery"),
        ("Turkey planned to buy 100 F-35 aircraft.", 100, "aircraft"),
        ("The blast killed twelve people.", 12, "person"),
        ("The army moved 1,500 troops.", 1500, "troop"),
        ("A dozen missiles were fired.", 12, "missile"),
        ("Twenty-five ships sailed.", 25, "ship"),
    ],
)
def test_counts(text: str, value: float, thing: str) -> None:
    figure = _one(text)
    assert (figure.kind, figure.value, figure.unit, figure.thing) == ("count", value, None, thing)


def test_vague_count_has_no_value() -> None:
    figure = _one("Hundreds of protesters gathered.")
    assert (figure.kind, figure.value, figure.thing) == ("count", None, "protester")


@pytest.mark.parametrize("text", ["Growth was 12% last year.", "Growth was 12 percent last year."])
def test_percent(text: str) -> None:
    figure = _one(text)
    assert (figure.kind, figure.value, figure.unit) == ("percent", 12, "%")


def test_measure() -> None:
    figure = _one("It can hit planes 402 kilometers away.")
    assert (figure.text, figure.kind, figure.value, figure.unit) == (
        "402 kilometers",
        "measure",
        402,
        "km",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The deal was signed in 2019 and delivered in July 2019.",
        "It was signed on September 12, 2017 at 10:30.",
        "On 23 August officials met for the second time.",
        "Turkey bought the S-400 and wanted the F-35.",
        "Call +90 312 555 0199 or quote ref NN6799.",
        "He counted 42 and stopped.",
        "It took six weeks and two decades.",
        "The 2019 elections were close.",
        "They will try 5 times.",
    ],
)
def test_not_figures(text: str) -> None:
    assert _figures(text) == []


def test_overlapping_rules_prefer_money() -> None:
    assert [f.kind for f in _figures("They paid 2.5 billion dollars and 3 million euros.")] == [
        "money",
        "money",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_never_raises_and_spans_are_exact(text: str) -> None:
    document = Document(id="h", text=text, title="", origin="hypothesis")
    for figure in find_figures(document, segment(document)):
        for span in figure.evidence:
            assert span.text == document.text[span.start : span.end]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "$2.5 billion",
                "four",
                "S-400",
                "divisions",
                "2019",
                "12%",
                "402 km",
                "two more",
                "batteries",
                ",",
                ".",
                " ",
                "\n",
                "€300m",
                "Rs",
                "crore",
                "of",
                "people",
            ]
        ),
        max_size=40,
    )
)
def test_never_raises_on_figure_like_text(parts: list[str]) -> None:
    text = " ".join(parts)
    document = Document(id="h", text=text, title="", origin="hypothesis")
    for figure in find_figures(document, segment(document)):
        (span,) = figure.evidence
        assert span.text == text[span.start : span.end] == figure.text


# ---- the anchored scan against the plain one ---------------------------------------------------


def _scan_every_position(text: str, sentence: Sentence) -> list[tuple[object, ...]]:
    """The reference: ``_candidates`` as it was before anchors, each pattern over every char."""
    lo, hi = sentence.start, sentence.end
    out: list[tuple[object, ...]] = []
    for m in figures._MONEY_PREFIX.finditer(text, lo, hi):
        unit = figures._CURRENCY_SYMBOLS.get(m["cur"].lower().rstrip(), "USD")
        value = figures._scaled(m["num"], m["scale"])
        if value is not None:
            out.append((m.start(), m.end(), value, unit, "money", None))
    for m in figures._MONEY_SUFFIX.finditer(text, lo, hi):
        value = figures._scaled(m["num"], m["scale"])
        if value is not None and not figures._is_date_number(text, m.start()):
            unit = figures._CURRENCY_WORDS[m["cur"].lower()]
            out.append((m.start(), m.end(), value, unit, "money", None))
    for m in figures._PERCENT.finditer(text, lo, hi):
        out.append((m.start(), m.end(), figures._number(m["num"]), "%", "percent", None))
    for m in figures._MEASURE_RE.finditer(text, lo, hi):
        value = figures._number(m["num"])
        if value is not None and not figures._is_date_number(text, m.start()):
            unit = figures._MEASURES[m["unit"].lower()]
            out.append((m.start(), m.end(), value, unit, "measure", None))
    for m in figures._COUNT.finditer(text, lo, hi):
        count = figures._count(text, m)
        if count is not None:
            out.append(count)
    return out


PIECES = [
    *"$ US$ € £ ¥ ₹ ₽ ₺ USD EUR GBP INR RUB TRY Rs Rs. try us 1 12 2019 1,000 2.5 3.75 ٣".split(),
    *"one Two THREE twenty twenty-one Forty-two dozen a dozen half a dozen A Dozen ſix".split(),
    *"dozens of Scores of hundreds of thousands of millions of bn billion m k Million".split(),
    *"% percent per cent percentage points km kilometres miles Miles tons people troops".split(),
    *"S-400s aircraft dollars euros pounds yen of the more than May March days years".split(),
    *"sheep children Kids batteries -".split(),
]
figure_texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet=" ,.-:/$%0123456789", max_size=3)),
    max_size=14,
).map(lambda words: "".join(w + (" " if i % 4 else "") for i, w in enumerate(words)))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(figure_texts, st.text(max_size=60)), st.data())
def test_anchored_scan_equals_scanning_every_position(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    sentence = Sentence(start, end, 0, 0)
    assert list(figures._candidates(text, sentence)) == _scan_every_position(text, sentence)


def test_case_folds_are_complete() -> None:
    # ``_caseless`` spells out what re.IGNORECASE matches; a letter it misses would drop figures.
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        folds = set(re.findall(letter, everything, re.IGNORECASE))
        assert folds == {letter, letter.upper(), *figures._FOLDS.get(letter, "")}
