"""The clean stage: debris marks on the demo seeds, one synthetic case per debris class, and
properties that must hold for any input (marks in bounds, sorted, non-overlapping)."""

from __future__ import annotations

import itertools
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.clean import clean, mark_debris
from storyline.records import Document, Mark

SEEDS = files("storyline").joinpath("data/seeds")


def seed(prefix: str) -> Document:
    path = next(p for p in SEEDS.iterdir() if p.name.startswith(prefix))
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.strip()).strip()
    return Document(id=path.name, text=text, title=title, origin=path.name)


def debris_pieces(text: str, marks: list[Mark]) -> list[str]:
    """Each marked stretch, split into its non-blank lines."""
    pieces: list[str] = []
    for mark in marks:
        pieces += [line.strip() for line in text[mark.start : mark.end].splitlines()]
    return [piece for piece in pieces if piece]


def lines_starting(text: str, *prefixes: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    return [line for line in lines if line.startswith(prefixes)]


def cleaned(prefix: str) -> tuple[str, list[str]]:
    document = clean(seed(prefix))
    assert all(mark.kind == "debris" and mark.attrs["reason"] for mark in document.marks)
    return document.text, debris_pieces(document.text, document.marks)


def test_seed_000_outlet_line_and_doubled_headline_links() -> None:
    text, debris = cleaned("000")
    expected = lines_starting(text, "Duvar English", "Russia hopes to sign", "S-400 activation")
    assert len(expected) == 3
    assert debris == expected
    # The third paragraph repeats the lede's quote with another attribution: real text.
    assert not any(piece.startswith("“The sale of a new batch") for piece in debris)


def test_seed_001_author_bio() -> None:
    text, debris = cleaned("001")
    assert debris == lines_starting(text, "Author: Steve Cowan", "Graduated From", "Function:")


def test_seed_002_widgets_and_glued_agency_credit() -> None:
    _, debris = cleaned("002")
    assert debris == ["—Agencies", "Share this post", "scroll to top"]
    document = clean(seed("002"))
    sentence_end = document.text.index("similar Chinese system.") + len("similar Chinese system.")
    assert not document.is_debris(0, sentence_end)


def test_seed_003_promo_and_teasers_after_more_from() -> None:
    text, debris = cleaned("003")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    promo = next(i for i, line in enumerate(lines) if line.startswith("As part of our promise"))
    assert debris == lines[promo:]
    assert lines[promo - 1].startswith("The original S-400 deal")


def test_seed_004_title_again_captions_and_credit() -> None:
    text, debris = cleaned("004")
    title = text.splitlines()[0].strip()
    captions = [line for line in lines_starting(text, "") if line.endswith(")")]
    assert len(captions) == 3
    source = lines_starting(text, "Source: Author of Overseas Network")
    assert debris == [title, captions[0], captions[1], captions[2], *source]
    assert text.count(title) == 2 and not clean(seed("004")).is_debris(0, len(title))


def test_clean_is_idempotent_and_keeps_other_marks() -> None:
    document = seed("002")
    document.marks.append(Mark(0, 5, "entity"))
    once = list(clean(document).marks)
    assert clean(document).marks == once
    assert document.marks_of("entity") == [Mark(0, 5, "entity")]


def reasons(text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.attrs["reason"]) for m in mark_debris(text)]


DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def body(n: int = 1, first_day: int = 0) -> str:
    """``n`` distinct two-paragraph news blocks (distinct, so none is 'printed twice')."""
    return "".join(
        f"The ministry said on {DAYS[i]} that the contract for the new air defence systems "
        f"was signed.\nOfficials declined on {DAYS[i]} to give the value of the deal, citing "
        "commercial confidentiality.\n"
        for i in range(first_day, first_day + n)
    )


BODY = body()


@pytest.mark.parametrize(
    ("debris", "reason"),
    [
        ("Share this post", "share/scroll widget"),
        ("Back to top", "share/scroll widget"),
        ("Facebook Twitter WhatsApp Email", "share/scroll widget"),
        ("Home | World | Business | Sport", "navigation/menu line"),
        ("© 2024 Example Media. All rights reserved.", "copyright notice"),
        ("The minister at the signing ceremony. (Photo: Reuters)", "photo caption"),
        ("Source: Example News Agency", "photo/source credit"),
        ("Sign up for our newsletter to get the latest defence news.", "subscription promo"),
        ("Ankara Daily News", "outlet name line"),
        ("Talks stall on second batchTalks stall on second batch", "headline link run together"),
        ("* * *", "separator line"),
    ],
)
def test_single_line_debris_classes(debris: str, reason: str) -> None:
    text = body(1) + debris + "\n" + body(1, first_day=1)
    assert reasons(text) == [(debris, reason)]


def test_teaser_list_after_more_from_cue() -> None:
    teasers = (
        "More from Defence News\n"
        "Navy orders two more frigates\n"
        "The order follows a long delay in the programme, officials told reporters.\n"
        "Army trials new drone\n"
    )
    text = body(3) + teasers
    marks = mark_debris(text)
    assert [m.attrs["reason"] for m in marks] == ["related-article teaser"]
    assert text[marks[0].start : marks[0].end] == teasers.strip()


def test_inline_related_link_does_not_cut_the_story() -> None:
    text = body(1) + "Related: Navy orders two more frigates\n" + body(3, first_day=1)
    assert reasons(text) == [("Related: Navy orders two more frigates", "related-article link")]


def test_paragraph_printed_twice_names_first_offset() -> None:
    text = BODY + BODY
    marks = mark_debris(text)
    second = BODY.splitlines()[0]
    assert [text[m.start : m.end] for m in marks] == [second, BODY.splitlines()[1]]
    assert marks[0].attrs["reason"] == "paragraph printed twice (first at offset 0)"


def test_menu_head_and_footer_outside_the_article_block() -> None:
    menu = "Home\nWorld\nBusiness\nOpinion\nSport\nCulture\n"
    footer = "About us\nContact\nPrivacy policy\n"
    article = body(2) + "Reporting by Jane Roe\n" + body(2, first_day=2)
    text = menu + article + footer
    kept = [line for line in text.splitlines() if line and not _marked(text, line)]
    assert kept == article.splitlines()


def _marked(text: str, line: str) -> bool:
    start = text.index(line)
    return any(m.start <= start < m.end for m in mark_debris(text))


def test_title_is_never_debris_and_bad_title_end_is_rejected() -> None:
    text = "Home\n" + BODY
    assert mark_debris(text, title_end=4) == []
    with pytest.raises(ValueError, match="title_end"):
        mark_debris(text, title_end=len(text) + 1)


def test_words_are_never_split() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed(prefix).text
        for mark in mark_debris(text):
            assert not (
                mark.start > 0 and text[mark.start - 1].isalnum() and text[mark.start].isalnum()
            )
            assert not (
                mark.end < len(text) and text[mark.end - 1].isalnum() and text[mark.end].isalnum()
            )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400), st.data())
def test_marks_are_sorted_disjoint_and_in_bounds(text: str, data: st.DataObject) -> None:
    title_end = data.draw(st.integers(0, len(text)))
    marks = mark_debris(text, title_end=title_end)
    previous_end = title_end
    for mark in marks:
        assert previous_end <= mark.start < mark.end <= len(text)
        assert mark.kind == "debris" and mark.attrs["reason"]
        previous_end = mark.end


@given(st.lists(st.sampled_from([BODY, "Home\n", "More from us\n", "Share\n", "-\n", "\n"])))
def test_marks_hold_on_page_like_text(parts: list[str]) -> None:
    text = "".join(parts)
    marks = mark_debris(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(marks))
    assert all(0 <= m.start < m.end <= len(text) for m in marks)
