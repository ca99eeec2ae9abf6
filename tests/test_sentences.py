"""Sentence segmentation: the title and debris are skipped, news prose splits where it should."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.sentences import segment, split_sentences, title_end
from storyline.records import Document, Mark


def _document(text: str, marks: list[Mark] | None = None, title: str | None = None) -> Document:
    if title is None:
        title = text.lstrip().split("\n", 1)[0].strip()
    return Document("doc", text, title, "test", marks=list(marks or []))


def _texts(document: Document) -> list[str]:
    return [document.text[s.start : s.end] for s in segment(document)]


def _debris(text: str, piece: str) -> Mark:
    start = text.index(piece)
    return Mark(start, start + len(piece), "debris", {"reason": "test"})


def test_title_line_is_skipped():
    text = (
        "Turkey signs S-400 deal with Russia\n\nTurkey signed a deal with Russia. It was costly.\n"
    )
    assert _texts(_document(text)) == ["Turkey signed a deal with Russia.", "It was costly."]


def test_title_is_kept_when_the_text_does_not_start_with_it():
    text = "Turkey signed a deal with Russia. It was costly.\n"
    document = _document(text, title="A different headline")
    assert title_end(document) == 0
    assert _texts(document) == ["Turkey signed a deal with Russia.", "It was costly."]


def test_splits_on_terminal_punctuation():
    text = "Title\n\nThe missiles arrived! Did they work? Officials would not say. 2019 was busy.\n"
    assert _texts(_document(text)) == [
        "The missiles arrived!",
        "Did they work?",
        "Officials would not say.",
        "2019 was busy.",
    ]


def test_no_split_after_abbreviations():
    text = (
        "Title\n\nThe U.S. Army said Mr. Erdogan met Dr. Putin on Jan. 5 in Sochi. "
        "Gen. Akar was there too.\n"
    )
    assert _texts(_document(text)) == [
        "The U.S. Army said Mr. Erdogan met Dr. Putin on Jan. 5 in Sochi.",
        "Gen. Akar was there too.",
    ]


def test_paragraphs_are_numbered_and_never_joined():
    text = "Title\n\nFirst paragraph without a stop\nSecond paragraph. Still second.\n"
    sentences = segment(_document(text))
    assert [s.paragraph for s in sentences] == [0, 1, 1]
    assert [s.index for s in sentences] == [0, 1, 2]
    assert text[sentences[0].start : sentences[0].end] == "First paragraph without a stop"


def test_multi_sentence_quotation_stays_with_its_attribution():
    text = (
        "Title\n\n“We are trying to agree on the scope. We hope to meet on common ground,” "
        "Dmitry Shugaev said. Talks continue.\n"
    )
    assert _texts(_document(text)) == [
        "“We are trying to agree on the scope. We hope to meet on common ground,” "
        "Dmitry Shugaev said.",
        "Talks continue.",
    ]


def test_straight_quotes_also_stay_together():
    text = 'Title\n\n"It is done. The deal is signed," Demir said. Markets rose.\n'
    assert _texts(_document(text)) == [
        '"It is done. The deal is signed," Demir said.',
        "Markets rose.",
    ]


def test_debris_paragraph_is_skipped():
    text = (
        "Title\n\nThe first batch was delivered in July 2019.\n"
        "Read more: Ten things to know about air defence.\n"
        "Ankara paid $2.5 billion.\n"
    )
    marks = [_debris(text, "Read more: Ten things to know about air defence.")]
    assert _texts(_document(text, marks)) == [
        "The first batch was delivered in July 2019.",
        "Ankara paid $2.5 billion.",
    ]


def test_paragraph_partly_covered_by_debris_keeps_its_clean_pieces():
    text = "Title\n\nThe contract was signed in Moscow. Subscribe to our newsletter. —Agencies\n"
    marks = [_debris(text, "Subscribe to our newsletter."), _debris(text, "—Agencies")]
    assert _texts(_document(text, marks)) == ["The contract was signed in Moscow."]


def test_debris_in_the_middle_of_a_paragraph_splits_it():
    text = "Title\n\nTurkey bought the system [Photo: Reuters] and deployed it in Ankara.\n"
    marks = [_debris(text, "[Photo: Reuters]")]
    assert _texts(_document(text, marks)) == [
        "Turkey bought the system",
        "and deployed it in Ankara.",
    ]


def test_split_sentences_returns_absolute_offsets():
    text = "xxxx One. Two.yyyy"
    assert split_sentences(text, 5, 14) == [(5, 9), (10, 14)]


# Property: whatever the text and debris, sentences are ordered, disjoint, clean and non-empty.

_PIECES = st.sampled_from(
    [
        "The",
        "deal",
        "U.S.",
        "Mr.",
        "Jan.",
        "S-400",
        "2019",
        "$2.5",
        ".",
        "!",
        "?",
        ",",
        "“",
        "”",
        '"',
        "—",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "Ankara",
        "said",
        "é",
    ]
)


@st.composite
def _documents(draw) -> Document:
    text = "".join(draw(st.lists(_PIECES, max_size=80)))
    marks = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        marks.append(Mark(a, b, "debris", {"reason": "test"}))
    if draw(st.booleans()):
        marks.append(Mark(0, len(text) // 2, "caption"))  # a mark of another kind is not debris
    title = text.lstrip().split("\n", 1)[0].strip() if draw(st.booleans()) else "Other"
    return Document("doc", text, title, "test", marks=marks)


@settings(max_examples=300, deadline=None)
@given(_documents())
def test_sentences_are_ordered_disjoint_clean_and_non_empty(document):
    sentences = segment(document)
    text = document.text
    body = title_end(document)
    previous_end = body
    for number, sentence in enumerate(sentences):
        assert sentence.index == number
        assert body <= previous_end <= sentence.start < sentence.end <= len(text)
        piece = text[sentence.start : sentence.end]
        assert piece.strip() == piece and any(ch.isalnum() for ch in piece)
        assert "\n" not in piece
        assert not document.is_debris(sentence.start, sentence.end)
        previous_end = sentence.end
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)
