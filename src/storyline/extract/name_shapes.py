"""What a person's name looks like in running English news text, without a model.

A speaker is usually written as a run of capitalised words ("Kremlin spokesman Dmitry
Peskov said"). The run is not all name: titles, demonyms, acronyms ("U.S.", "NATO") and the
places or parties the article also writes on their own ("Libya", "Republican") come first, and a
possessive ("Cavusoglu’s") may end it. This module holds those word lists and patterns and the
rules that cut a run down to the name, so that :mod:`storyline.extract.names` can resolve
speakers and decide what is worth sending to spaCy's entity recogniser.

The rules look at the article's own text only (:class:`NameShapes` is per document): a word is
a place or party if *this* article writes it capitalised on its own, and a sentence-initial word
is common if *this* article also writes it in lower case. No global state, no model.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

# Words that precede a name without being part of it ("Kremlin spokesman Dmitry Peskov"), and
# demonyms, which spaCy would label NORP.
TITLE_WORDS = frozenset(
    "mr mrs ms dr prof professor gen col lt sgt capt adm sen rep gov president prime minister"
    " foreign defense defence deputy vice secretary general director chief head spokesman"
    " spokeswoman spokesperson ambassador envoy senator governor mayor chairman chair ceo"
    " commander colonel admiral rear navy army sir sheikh speaker house senate press leader"
    " minority majority former republican democrat democratic secretary-general prosecutor judge"
    " king queen prince republic kremlin state department ministry office turkish russian"
    " american us u.s. uk british french chinese german indian israeli iranian ukrainian libyan"
    " egyptian syrian iraqi afghan pakistani saudi italian european arab palestinian tunisian"
    " japanese canadian australian".split()
)
PRONOUNS = frozenset({"he", "she"})
# Capitalised words that name no one, wherever they stand in a sentence.
NEVER_NAMES = frozenset(STOP_WORDS) | frozenset(
    "later regardless watch reply also still monday tuesday wednesday thursday friday saturday"
    " sunday january february march april may june july august september october november"
    " december".split()
)
# A run of capitalised words, one space or more apart, possessives included.
CAP_RUN = re.compile(r"[A-Z][\w.\-]*(?:[’']s\b)?(?:\s+[A-Z][\w.\-]*(?:[’']s\b)?)*")
# A capitalised word, never one inside another word ("Neill" in "O’Neill"); "al-Obeidy" too.
CAP_WORD = re.compile(r"(?<![\w’'\-])(?:[A-Z]|(?:al|el)-[A-Z])[\w\-]*")
WORD = re.compile(r"[\w\-]+")
_TOKEN = re.compile(r"[\w.\-’']+")
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,}(?:[’']s)?")
_POSSESSIVE = re.compile(r"[’']s$")
_LOWER_WORD = re.compile(r"(?<![\w\-])[a-z][a-z]*")


def may_be_name(word: str) -> bool:
    """Whether a capitalised ``word`` may be part of a name: it is no function word, weekday,
    month or title. Cheap, and used to skip model calls, so it errs towards yes."""
    lower = word.lower()
    return lower not in NEVER_NAMES and lower not in TITLE_WORDS


def may_hold_name(text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` has a capitalised word that is no function word or title."""
    return any(may_be_name(word.group()) for word in CAP_WORD.finditer(text, start, end))


def run_ending_at(text: str, lower: int, end: int) -> int | None:
    """Start of the run of capitalised words, one space apart, that ends at ``end`` and starts
    no earlier than ``lower``; None when the word before ``end`` is not capitalised."""
    last = re.search(r"[A-Z][\w.\-]*$", text[max(lower, end - 60) : end])
    if not last:
        return None
    start = max(lower, end - 60) + last.start()
    while start > lower:
        window = max(lower, start - 60)
        previous = re.search(r"([A-Z][\w.\-]*) $", text[window:start])
        if not previous:
            break
        start = window + previous.start(1)
    return start


def strip_possessive(text: str, start: int, end: int) -> int:
    """``end`` moved before a trailing "’s" or "'s" of ``start:end``."""
    if text[start:end].endswith(("’s", "'s")):
        return end - 2
    return end


class NameShapes:
    """The name-shape rules for one article's text.

    The article-wide word sets the rules need (words written capitalised on their own, words
    written in lower case) are computed on first use and kept: one pass over the text each,
    however many runs are stripped.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._alone: frozenset[str] | None = None
        self._lowercase: frozenset[str] | None = None

    def strip_titles(self, start: int, end: int) -> tuple[int, int]:
        """Drops leading titles ("Kremlin spokesman"), demonyms, acronyms ("U.S.", "NATO") and
        place or party names ("Libya", "Republican": capitalised words the article also uses
        on their own) from a capitalised run, and a trailing possessive.

        The last word is always kept, so a one-word run comes back whole (less a possessive);
        ``(start, start)`` means the run had no words at all.
        """
        text = self.text
        words = list(_TOKEN.finditer(text, start, end))
        while len(words) > 1 and self.not_a_name(words[0].group()):
            words.pop(0)
        if not words:
            return start, start
        return words[0].start(), strip_possessive(text, words[0].start(), end)

    def not_a_name(self, word: str) -> bool:
        """Whether ``word``, leading a capitalised run, is a title, demonym, acronym, "ex-"
        word, lower-case word, or a word the article writes capitalised on its own."""
        lower = word.lower()
        if lower in TITLE_WORDS or lower.rstrip(".") in TITLE_WORDS or lower.startswith("ex-"):
            return True
        if _ACRONYM.fullmatch(word) or not word[:1].isupper():
            return True
        return _POSSESSIVE.sub("", word) in self.words_alone()

    def words_alone(self) -> frozenset[str]:
        """Capitalised words the article writes on their own, inside a sentence: places,
        parties, organisations ("in Libya ,", "Republican senators"); first names never are."""
        if self._alone is None:
            self._alone = self._find_words_alone()
        return self._alone

    def _find_words_alone(self) -> frozenset[str]:
        text = self.text
        alone = set()
        for run in CAP_RUN.finditer(text):
            word = run.group()
            before = text[max(0, run.start() - 2) : run.start()]
            if (
                len(before) == 2
                and before[1] == " "
                and before[0] not in ".!?\n`'\"“‘"
                and (not any(ch.isspace() for ch in word))
            ):
                alone.add(_POSSESSIVE.sub("", word))
        return frozenset(alone)

    def is_common(self, word: str) -> bool:
        """True when ``word`` is a function word or appears in lower case in the article: a
        sentence-initial "Later" is capitalised by position, not because it names someone."""
        if self._lowercase is None:
            self._lowercase = frozenset(_LOWER_WORD.findall(self.text))
        lower = word.lower()
        return lower in NEVER_NAMES or lower in self._lowercase
