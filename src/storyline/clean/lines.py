"""Lines of flattened article text with the surface features the debris rules look at.

Flattened text keeps one block element (paragraph, heading, menu item, caption) per line, so a
line is the natural unit of cleaning: debris is almost always whole lines, and the few sub-line
cases (a trailing agency credit) are handled by the rules that know about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_TERMINAL = (".", "!", "?", '"', "”", "'", "’", ":", "…", ";", "。", "！", "？", "」", "』")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s|$)|[。！？]")
_CREDIT_TAIL = 60
# "1) Lego Star Wars ...", "• Item": an article's own list; menus are not numbered.
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]\s|[-*•–]\s)")
# Scripts written without spaces: about two characters carry what one English word does.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
# "...the sentence.—Agencies": an agency or desk credit glued to the end of the last sentence.
TRAILING_CREDIT = re.compile(
    r"(?<=[.!?\"”])(\s*[—–-]{1,2}\s*(?:[A-Z][\w&.'-]*)(?:\s+[A-Z][\w&.'-]*){0,3})\s*$"
)

# A line this long, and punctuated like prose, is article text unless a rule says otherwise.
PROSE_MIN_WORDS = 10
# This long is prose even without terminal punctuation (flattening can drop the full stop).
LONG_LINE_WORDS = 30


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line at ``source[start:end]`` (surrounding spaces excluded).

    ``text`` is that stretch with hard-wrapped pieces joined by single spaces.
    """

    index: int
    start: int
    end: int
    text: str
    words: int
    sentences: int
    terminal: bool
    blank_before: bool

    @property
    def is_prose(self) -> bool:
        """Looks like a sentence-bearing paragraph (long enough and ends like a sentence)."""
        if self.words >= LONG_LINE_WORDS:
            # A tag cloud is long too, but has no sentence punctuation at all.
            return self.sentences > 0 or "," in self.text or "、" in self.text
        return self.words >= PROSE_MIN_WORDS and self.terminal

    @property
    def is_list_item(self) -> bool:
        return bool(_LIST_ITEM.match(self.text))

    @property
    def is_short(self) -> bool:
        """A fragment: menu item, headline, label, widget text."""
        return not self.is_prose


def split_lines(text: str, start: int = 0) -> list[Line]:
    """The non-blank lines of ``text[start:]`` with their offsets into ``text``.

    Hard-wrapped prose ("...making the rounds on social media,\\nshow Nigerian actress...") is
    one line: a line that does not end a sentence and is followed, with no blank line, by one
    starting in lower case continues on it. Judged line by line, wrapped prose looks like a menu.
    """
    lines: list[Line] = []
    pieces: list[tuple[int, int, str]] = []
    blank_before = True
    for line_start, line_end, stripped, blank in _raw_lines(text, start):
        wraps = (
            pieces
            and not blank
            and stripped[0].islower()
            and not _ends_like_sentence(pieces[-1][2])
        )
        if not wraps and pieces:
            lines.append(_line(len(lines), pieces, blank_before))
            pieces = []
        if not pieces:
            blank_before = blank
        pieces.append((line_start, line_end, stripped))
    if pieces:
        lines.append(_line(len(lines), pieces, blank_before))
    return lines


def _raw_lines(text: str, start: int) -> list[tuple[int, int, str, bool]]:
    """(start, end, stripped text, blank line before) for each non-blank line."""
    found: list[tuple[int, int, str, bool]] = []
    blank_before = True
    pos = start
    while True:
        newline = text.find("\n", pos)
        stop = len(text) if newline == -1 else newline
        raw = text[pos:stop]
        stripped = raw.strip()
        if stripped:
            line_start = pos + len(raw) - len(raw.lstrip())
            found.append((line_start, line_start + len(stripped), stripped, blank_before))
        blank_before = not stripped
        if newline == -1:
            return found
        pos = newline + 1


def _line(index: int, pieces: list[tuple[int, int, str]], blank_before: bool) -> Line:
    joined = " ".join(piece for _, _, piece in pieces)
    return Line(
        index=index,
        start=pieces[0][0],
        end=pieces[-1][1],
        text=joined,
        words=_count_words(joined),
        sentences=len(_SENTENCE_END.findall(joined)),
        terminal=_ends_like_sentence(joined),
        blank_before=blank_before,
    )


def _ends_like_sentence(text: str) -> bool:
    """Ends in terminal punctuation, looking past a credit glued to the last sentence."""
    # The credit is a few words at the very end; searching the tail keeps this linear and cheap.
    return text.endswith(_TERMINAL) or TRAILING_CREDIT.search(text[-_CREDIT_TAIL:]) is not None


def _count_words(text: str) -> int:
    words = len(_WORD.findall(text))
    unspaced = 0 if text.isascii() else len(_UNSPACED.findall(text))
    return max(words, unspaced // 2) if unspaced else words
