"""Quotes and speakers on the demo seeds, one synthetic case per rule, and robustness."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import storyline
from storyline.extract.name_shapes import NameShapes, may_hold_name, run_ending_at
from storyline.extract.quotes import find_quotes
from storyline.extract.sentences import segment
from storyline.nlp import ModelNotInstalled, load_model
from storyline.records import Document, Mark, Quote

SEEDS = Path(storyline.__file__).parent / "data" / "seeds"


@pytest.fixture(scope="module")
def nlp() -> Language:
    try:
        return load_model()
    except ModelNotInstalled as error:
        pytest.skip(str(error))


def _seed(prefix: str, debris: tuple[str, ...] = ()) -> Document:
    """A demo seed; lines starting with any of ``debris`` are marked as debris by hand."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"demo seed {prefix} not found under {SEEDS}")
    text = path.read_text(encoding="utf-8")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    document = Document(id=path.stem, text=text, title=title, origin=str(path))
    offset = 0
    for line in text.splitlines(keepends=True):
        if debris and line.strip().startswith(debris):
            document.marks.append(Mark(offset, offset + len(line.rstrip("\n")), "debris"))
        offset += len(line)
    return document


def _quotes(document: Document, nlp: Language) -> list[Quote]:
    return find_quotes(document, segment(document), nlp)


def _by_start(quotes: list[Quote]) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in quotes]


def _check_spans(document: Document, quotes: list[Quote]) -> None:
    for quote in quotes:
        assert quote.evidence[0].text == quote.text
        for span in (*quote.evidence, *quote.speaker_evidence):
            assert span.text == document.text[span.start : span.end]
        if quote.speaker:
            assert quote.speaker_evidence
        assert quote.date is None


def test_seed_000_shugaev_by_name_role_and_apposition(nlp: Language) -> None:
    document = _seed("000", debris=("Duvar English", "Russia hopes", "S-400 activation"))
    quotes = _quotes(document, nlp)
    _check_spans(document, quotes)
    assert [q.speaker for q in quotes] == ["Dmitry Shugaev"] * 3
    first, second, third = quotes
    assert first.text == second.text  # the same words quoted twice: kept twice
    assert first.text.startswith("The sale of a new batch") and first.text.endswith("conditions")
    assert "did not fall of our agenda. We are trying" in first.text  # spans two sentences
    assert second.speaker_evidence[0].text.startswith("the head of Russia’s Federal Service")
    assert third.speaker_evidence[0].text == "Dmitry Shugaev"
    assert not any("walk away" in q.text for q in quotes)


def test_seed_000_debris_quotes_are_not_found(nlp: Language) -> None:
    marked = _quotes(_seed("000", debris=("S-400 activation",)), nlp)
    assert not any("very significant possibility" in q.text for q in marked)


def test_seed_001_demir_by_surname_pronoun_and_role(nlp: Language) -> None:
    document = _seed("001", debris=("Author:", "Graduated", "Function:"))
    quotes = _quotes(document, nlp)
    _check_spans(document, quotes)
    assert [q.speaker for q in quotes] == ["Ismail Demir"] * 4
    texts = [q.text for q in quotes]
    assert texts[0].startswith("We have an agreement in principle")
    assert texts[1].startswith("The S-400 system is being purchased") and "Point." in texts[1]
    assert texts[2] == "is interested in the proposals for Patriot and Eurosam air defense systems."
    assert [s.text for s in quotes[2].speaker_evidence] == ["He", "Demir"]
    assert texts[3].startswith("If they are specific") and texts[3].endswith("we will move on")
    assert (
        quotes[3].speaker_evidence[0].text == "the head of the Turkish defense industry Secretariat"
    )
    # A quoted law title is not a quote.
    assert not any("countering America" in t for t in texts)


def test_seed_002_cavusoglu_peskov_erdogan(nlp: Language) -> None:
    document = _seed("002", debris=("Share this post", "scroll to top"))
    quotes = _quotes(document, nlp)
    _check_spans(document, quotes)
    assert [q.speaker for q in quotes] == [
        "Mevlut Cavusoglu",
        "Dmitry Peskov",
        "Recep Tayyip Erdogan",
    ]
    assert quotes[1].text == (
        "Contacts and negotiations at an expert level in the context of this deal are ongoing. "
        "This is all I can say for now."
    )
    assert quotes[1].speaker_evidence[0].text == "He"
    assert quotes[2].speaker_evidence[0].text == "Erdogan"
    assert quotes[2].text.endswith("wait for you?")


def test_seed_003_single_curly_quotes_mikheyev(nlp: Language) -> None:
    document = _seed(
        "003", debris=("As part of", "Related", "More from", "-", "Incoming", "It has")
    )
    quotes = _quotes(document, nlp)
    _check_spans(document, quotes)
    assert _by_start(quotes) == [
        ("Alexander Mikheyev", "The contract has been signed"),
        ("Alexander Mikheyev", "procedural issues with the financing of this project"),
    ]


def test_seed_004_colon_quote_peskov(nlp: Language) -> None:
    document = _seed("004", debris=("Source:",))
    quotes = _quotes(document, nlp)
    _check_spans(document, quotes)
    assert _by_start(quotes) == [
        ("Peskov", "Russia is open to this, Russia has the technology and capacity in this regard.")
    ]


def _doc(text: str) -> Document:
    return Document(id="t", text=text, title="", origin="test")


@pytest.mark.parametrize(
    ("text", "speaker", "quoted"),
    [
        (
            "Jane Roe met reporters. “We will win the vote,” Roe said.",
            "Jane Roe",
            "We will win the vote",
        ),
        ("“We will win the vote,” said Jane Roe on Monday.", "Jane Roe", "We will win the vote"),
        ('"We will win the vote," Jane Roe said.', "Jane Roe", "We will win the vote"),
        ("‘We will win the vote,’ Jane Roe said.", "Jane Roe", "We will win the vote"),
        ("'We will win the vote,' Jane Roe said.", "Jane Roe", "We will win the vote"),
        ("Jane Roe spoke. She said, “We will win.”", "Jane Roe", "We will win."),
        ("Jane Roe said: we will win the vote easily.", "Jane Roe", "we will win the vote easily."),
        ("Jane Roe said that the party “will win the vote.”", "Jane Roe", "will win the vote."),
        ("According to Jane Roe, “the vote is won.”", "Jane Roe", "the vote is won."),
    ],
)
def test_quote_rules(nlp: Language, text: str, speaker: str, quoted: str) -> None:
    quotes = _quotes(_doc(text), nlp)
    assert _by_start(quotes) == [(speaker, quoted)]


def test_apostrophes_are_not_quote_marks(nlp: Language) -> None:
    text = "Russia’s plan doesn't change Ankara's view. 'We don’t care,' Jane Roe said."
    assert _by_start(_quotes(_doc(text), nlp)) == [("Jane Roe", "We don’t care")]


def test_scare_quotes_and_titles_are_not_quotes(nlp: Language) -> None:
    text = "Washington hopes Turkey will “walk away” from the law “On countering adversaries”."
    assert _quotes(_doc(text), nlp) == []


def test_unattributed_sentence_quote_has_no_speaker(nlp: Language) -> None:
    quotes = _quotes(_doc("The crowd shouted. “We want the deal cancelled now.”"), nlp)
    assert [(q.speaker, q.speaker_evidence) for q in quotes] == [(None, ())]


def test_unresolvable_role_stays_unknown(nlp: Language) -> None:
    (quote,) = _quotes(_doc("“We will sign soon,” a senior official said."), nlp)
    assert quote.speaker is None
    assert quote.speaker_evidence[0].text == "a senior official"


def test_quote_does_not_cross_debris(nlp: Language) -> None:
    text = "“We will sign the deal soon. AD: Buy now. We are sure,” Jane Roe said."
    document = _doc(text)
    start = text.index("AD:")
    document.marks.append(Mark(start, start + len("AD: Buy now."), "debris"))
    for quote in _quotes(document, nlp):
        assert not document.is_debris(quote.evidence[0].start, quote.evidence[0].end)


_PIECES = ["“", "”", "‘", "’", "'", '"', "He said", "Demir said", ",", ".", ":", " ", "\n",
           "the head of", "Ismail Demir", "said:", "that", "We will", "Russia’s"]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_never_raises_on_quote_like_text(nlp: Language, parts: list[str]) -> None:
    document = _doc(" ".join(parts))
    _check_spans(document, _quotes(document, nlp))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_never_raises_on_arbitrary_text(nlp: Language, text: str) -> None:
    document = _doc(text)
    _check_spans(document, _quotes(document, nlp))


def test_ptb_tokenised_quotes(nlp: Language) -> None:
    """Timeline17-style text: one sentence a line, spaces around punctuation, `` and ''."""
    text = (
        "Libyan rebels took the port on Tuesday , officials said .\n"
        "Rebel spokesman Omar Haddad spoke to reporters in the town .\n"
        "`` We are holding the harbor and we will not leave it , '' Haddad said .\n"
        "He added : `` The road to the capital is open now . ''\n"
        "`` Nobody has told us about any ceasefire , '' said Jane Roe , a local doctor .\n"
    )
    quotes = _quotes(_doc(text), nlp)
    assert _by_start(quotes) == [
        ("Omar Haddad", "We are holding the harbor and we will not leave it"),
        ("Omar Haddad", "The road to the capital is open now ."),
        ("Jane Roe", "Nobody has told us about any ceasefire"),
    ]


def _counting(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the texts of each ``nlp.pipe`` call."""
    calls: list[int] = []
    pipe = nlp.pipe

    def counted(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        calls.append(len(texts))
        return pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counted)
    return calls


def test_named_speakers_need_no_model_call(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "U.S. President Barack Obama spoke in Washington on Monday .\n"
        "`` We will not send ground troops , '' Obama said .\n"
        "`` The coalition is holding , '' said Navy Vice Admiral Gerard Hueber .\n"
    )
    calls = _counting(nlp, monkeypatch)
    assert [q.speaker for q in _quotes(_doc(text), nlp)] == ["Barack Obama", "Gerard Hueber"]
    assert calls == []


def test_pronoun_speakers_take_one_model_call(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(nlp, monkeypatch)
    document = _seed("002", debris=("Share this post", "scroll to top"))
    assert [q.speaker for q in _quotes(document, nlp)][1] == "Dmitry Peskov"
    assert len(calls) == 1


# -- name shapes: the model-free rules speakers are resolved with ------------------------------
_SHAPES_TEXT = (
    "Kremlin spokesman Dmitry Peskov said. Later, in Libya , officials met. Turkish President"
    " Recep Tayyip Erdogan’s plane landed. U.S. Senator John Smith spoke. Libya Smith agreed."
)


@pytest.mark.parametrize(
    ("run", "name"),
    [
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"),
        ("Turkish President Recep Tayyip Erdogan’s", "Recep Tayyip Erdogan"),
        ("U.S. Senator John Smith", "John Smith"),
        ("Libya Smith", "Smith"),  # "Libya" stands alone elsewhere: a place, not a first name
        ("Libya", "Libya"),  # the last word is always kept
    ],
)
def test_strip_titles(run: str, name: str) -> None:
    shapes = NameShapes(_SHAPES_TEXT)
    start = _SHAPES_TEXT.index(run)
    a, b = shapes.strip_titles(start, start + len(run))
    assert _SHAPES_TEXT[a:b] == name


def test_article_word_sets() -> None:
    shapes = NameShapes(_SHAPES_TEXT)
    assert shapes.words_alone() == {"Libya"}
    assert shapes.is_common("Later") and shapes.is_common("The")
    assert not shapes.is_common("Erdogan")


def test_runs_and_model_worthy_stretches() -> None:
    end = _SHAPES_TEXT.index("Peskov") + len("Peskov")
    start = run_ending_at(_SHAPES_TEXT, 0, end)
    assert start is not None and _SHAPES_TEXT[start:end] == "Dmitry Peskov"
    assert not may_hold_name("He said the Monday plan was Kremlin policy", 0, 43)
    assert may_hold_name("He said Peskov", 0, 14)
