"""Sentence and paragraph segmentation over the clean parts of a document.

A fast rule-based splitter (a regex pass over each paragraph) rather than a model: it runs on
every sentence of every article, and news prose splits well on terminal punctuation followed by
a capital or a quote. Debris and the title line are skipped, so no later stage can build an
event, quote or figure from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.records import Document, Span

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "co",
        "corp",
        "inc",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "al",
    ]
)
# Scraped news text puts one paragraph on a line; a line is our paragraph.
_PARAGRAPH = re.compile(r"[^\n]+")
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document: offsets into ``Document.text``, and its paragraph's number."""

    start: int
    end: int
    paragraph: int
    index: int

    def span(self, document: Document) -> Span:
        return Span.of(document, self.start, self.end)


def title_end(document: Document) -> int:
    """Offset where the title line ends, when the text starts with the title (``.txt`` input)."""
    text = document.text
    stripped = text.lstrip()
    first_line = stripped.split("\n", 1)[0].strip()
    if document.title and first_line == document.title.strip():
        return len(text) - len(stripped) + len(stripped.split("\n", 1)[0])
    return 0


def _ends_with_abbreviation(text: str) -> bool:
    word = re.search(r"([A-Za-z.]+)\.$", text)
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


# A quotation that runs over several sentences stays with its attribution ("“... conditions,”
# Shugaev said"), unless it stays open implausibly long (an unbalanced mark).
_MAX_QUOTE = 600


def _inside_quote(text: str, start: int, stop: int) -> bool:
    """True when a double quotation mark opened in ``text[start:stop]`` is still open."""
    piece = text[start:stop]
    if len(piece) > _MAX_QUOTE:
        return False
    opened = piece.count("“") - piece.count("”")
    if opened > 0:
        return True
    return "“" not in piece and "”" not in piece and piece.count('"') % 2 == 1


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence boundaries inside ``text[start:end]``, as absolute ``(start, end)`` pairs."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if match.group().startswith(".") and _ends_with_abbreviation(
            text[cursor : match.start() + 1]
        ):
            continue
        if _inside_quote(text, cursor, stop):
            continue
        pieces.append((cursor, stop))
        cursor = stop
    pieces.append((cursor, end))
    result = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            result.append((a, b))
    return result


def segment(document: Document) -> list[Sentence]:
    """Sentences of the document's clean text, in order, skipping the title and debris.

    A paragraph partly covered by debris keeps its clean pieces (e.g. a sentence followed by a
    trailing credit "—Agencies").
    """
    text = document.text
    skip = sorted((m.start, m.end) for m in document.marks if m.kind == "debris")
    body_start = title_end(document)
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(_PARAGRAPH.finditer(text, body_start)):
        for piece_start, piece_end in _clean_pieces(paragraph.start(), paragraph.end(), skip):
            for a, b in split_sentences(text, piece_start, piece_end):
                if any(ch.isalnum() for ch in text[a:b]):
                    sentences.append(Sentence(a, b, number, len(sentences)))
    return sentences


def _clean_pieces(start: int, end: int, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    for a, b in skip:
        if b <= cursor or a >= end:
            continue
        if a > cursor:
            pieces.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < end:
        pieces.append((cursor, end))
    return pieces
