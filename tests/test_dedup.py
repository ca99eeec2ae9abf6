"""Dedup: reprints of whole articles and paragraphs copied into other articles."""

from __future__ import annotations

from storyline.dedup import DedupSettings, clean_text, find_duplicates, mark_reprinted_paragraphs
from storyline.records import Document, Mark

SETTINGS = DedupSettings()

ORIGINAL = """Turkey receives first parts of Russian S-400 missile system

ANKARA (Reuters) - The first parts of a Russian S-400 missile defence system were delivered to \
an air base near Ankara on Friday, the Turkish Defence Ministry said, a move likely to draw a \
response from the United States.
The delivery of the system, which Washington has said is not compatible with NATO defences, \
marks a major step in Turkey's deepening ties with Russia and could trigger U.S. sanctions.
The ministry said the delivery of the parts to the Murted Air Base would continue in the coming \
days. Turkish President Tayyip Erdogan has repeatedly said the deal is a matter of national \
sovereignty and that Turkey will not back down.
Washington has warned that Turkey will face sanctions under the CAATSA law and could be removed \
from the F-35 fighter jet programme if it takes delivery of the Russian system.
Russia said in 2017 that it had signed a contract worth about $2.5 billion for the supply of the \
system, which Turkey says it needs to protect its territory after years of failed talks on buying \
air defences from its NATO allies.
The lira weakened after the ministry's announcement, with investors worried that sanctions could \
hit an economy that is only now recovering from a currency crisis last year.
A senior Turkish official said the second and third planes carrying parts of the system were \
expected to land at the base within days, and that the system would be fully operational by \
April next year.
Officials at the Pentagon and the State Department did not immediately respond to requests for \
comment on the delivery, which had been widely expected since Erdogan and President Donald \
Trump met at the G20 summit in Osaka last month.
"""

# A reprint: one sentence reworded, a credit line and a promotion added.
REPRINT = (
    ORIGINAL.replace(
        "a move likely to draw a response from the United States.",
        "in a step certain to anger Washington.",
    )
    + "Copyright 2019 Reuters. All rights reserved.\nFollow us on Twitter for more news.\n"
)

OTHER_ON_TOPIC = """US warns Turkey over S-400 purchase

WASHINGTON - The State Department on Tuesday repeated its warning that Ankara's purchase of \
the S-400 would have real and negative consequences for the alliance.
A spokeswoman said the United States had offered Turkey the Patriot system as an alternative \
and that the offer remained on the table, but talks had stalled over technology transfer.
Lawmakers from both parties urged the administration to impose sanctions without delay, \
arguing that the law left the president little room for manoeuvre.
Turkish officials have said they would respond in kind to any measures against their economy.
"""


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, text, text.split("\n", 1)[0], f"{doc_id}.txt")


def test_exact_duplicate_is_marked():
    a, b = _doc("a", ORIGINAL), _doc("b", ORIGINAL)
    assert find_duplicates([a, b], SETTINGS) == {"b": "a"}
    assert a.duplicate_of is None
    assert b.duplicate_of == "a"


def test_duplicate_differing_only_in_spacing_and_case_is_exact():
    a = _doc("a", ORIGINAL)
    b = _doc("b", ORIGINAL.upper().replace(" ", "  "))
    assert find_duplicates([a, b], SETTINGS) == {"b": "a"}


def test_near_duplicate_reprint_is_marked_duplicate_of_the_earlier():
    a, b = _doc("a", ORIGINAL), _doc("b", REPRINT)
    assert find_duplicates([a, b], SETTINGS) == {"b": "a"}
    assert b.duplicate_of == "a"


def test_input_order_decides_the_original():
    a, b = _doc("a", ORIGINAL), _doc("b", REPRINT)
    assert find_duplicates([b, a], SETTINGS) == {"a": "b"}
    assert a.duplicate_of == "b" and b.duplicate_of is None


def test_different_articles_on_the_same_topic_are_not_duplicates():
    documents = [_doc("a", ORIGINAL), _doc("c", OTHER_ON_TOPIC)]
    assert find_duplicates(documents, SETTINGS) == {}
    assert all(d.duplicate_of is None for d in documents)


def test_debris_is_ignored_when_comparing():
    extra = "\n".join(f"Related: story number {n} about something else entirely" for n in range(40))
    text = ORIGINAL + extra + "\n"
    start = len(ORIGINAL)
    padded = Document("b", text, "t", "b.txt", marks=[Mark(start, len(text), "debris")])
    assert clean_text(padded).split() == ORIGINAL.split()
    assert find_duplicates([_doc("a", ORIGINAL), padded], SETTINGS) == {"b": "a"}


def test_chains_collapse_to_the_first_original():
    # c reprints b (itself a reprint of a) with one more line: it is a copy of a, not a source.
    c_text = REPRINT + "The article was updated to add a comment from the Kremlin press office.\n"
    a, b, c = _doc("a", ORIGINAL), _doc("b", REPRINT), _doc("c", c_text)
    duplicates = find_duplicates([a, b, c], SETTINGS)
    assert duplicates == {"b": "a", "c": "a"}
    assert c.duplicate_of == "a"


def test_exact_copy_of_a_duplicate_collapses_to_the_first_original():
    a, b, c = _doc("a", ORIGINAL), _doc("b", REPRINT), _doc("c", REPRINT)
    assert find_duplicates([a, b, c], SETTINGS) == {"b": "a", "c": "a"}
    assert c.duplicate_of == "a"


AGENCY_PARAGRAPH = (
    "Russia said in September 2017 that it had signed a $2.5 billion contract for supplies of "
    "its S-400 missile systems with Turkey."
)


def test_paragraph_copied_into_a_different_article_is_marked_reprint():
    a = _doc("a", ORIGINAL + AGENCY_PARAGRAPH + "\n")
    b_text = OTHER_ON_TOPIC + AGENCY_PARAGRAPH + "\nShort line.\n"
    b = _doc("b", b_text)
    mark_reprinted_paragraphs([a, b], SETTINGS)
    assert a.marks_of("reprint") == []
    (mark,) = b.marks_of("reprint")
    assert b.text[mark.start : mark.end] == AGENCY_PARAGRAPH
    assert mark.attrs["of_doc"] == "a"
    assert a.text[mark.attrs["of_start"] : mark.attrs["of_end"]] == AGENCY_PARAGRAPH


def test_short_paragraphs_are_not_reprints():
    common = "The Kremlin declined to comment."
    a = _doc("a", ORIGINAL + common + "\n")
    b = _doc("b", OTHER_ON_TOPIC + common + "\n")
    mark_reprinted_paragraphs([a, b], SETTINGS)
    assert b.marks_of("reprint") == []


def test_paragraphs_of_whole_duplicates_and_debris_are_not_marked():
    a = _doc("a", ORIGINAL + AGENCY_PARAGRAPH + "\n")
    dup = _doc("dup", ORIGINAL + AGENCY_PARAGRAPH + "\n")
    dup.duplicate_of = "a"
    b_text = OTHER_ON_TOPIC + AGENCY_PARAGRAPH + "\n"
    start = b_text.index(AGENCY_PARAGRAPH)
    b = Document(
        "b", b_text, "t", "b.txt", marks=[Mark(start, start + len(AGENCY_PARAGRAPH), "debris")]
    )
    mark_reprinted_paragraphs([a, dup, b], SETTINGS)
    assert dup.marks_of("reprint") == []
    assert b.marks_of("reprint") == []


def test_paragraph_repeated_inside_one_document_is_not_a_reprint():
    a = _doc("a", ORIGINAL + AGENCY_PARAGRAPH + "\n" + AGENCY_PARAGRAPH + "\n")
    mark_reprinted_paragraphs([a], SETTINGS)
    assert a.marks_of("reprint") == []
