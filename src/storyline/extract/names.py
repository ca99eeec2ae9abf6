"""Who said it: resolving a speaker mention to the fullest name the article uses.

Articles name a person once in full ("Turkish President Recep Tayyip Erdogan") and then by
surname, pronoun or role ("Erdogan", "He", "the head of the Turkish defense industry
Secretariat"). A quote is only useful to a fact-checker with the full name, and only honest if
the name really is in the article; so every resolution points at text, and a mention that cannot
be resolved stays unresolved rather than guessed.

A speaker named next to the reporting verb ("Demir said") needs no model: it is a run of
capitalised words, titles dropped (the rules are in :mod:`storyline.extract.name_shapes`), and
its full name is the fullest run of capitalised words in the article that ends with the same
surname. spaCy's entity recogniser is only needed to pick the person a pronoun or a role
description stands for, and it runs once per article, on the few unquoted pieces of sentences
those lookups can reach (:meth:`NameIndex.tag`). Its small model
misses or mislabels some names (it reads "Cavusoglu" as an ORG and misses "Ismail Demir" after
"Secretariat of the Republic"), so its entities are combined with the surnames the article itself
uses as speakers.

Contract: :class:`NameIndex` never returns a name that is not written in the article, every
:class:`Mention` is an exact stretch of the document's text, and a lookup whose pieces were not
tagged yet answers None and lists them in :attr:`NameIndex.pending` instead of calling the
model itself.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from storyline.extract.name_shapes import (
    CAP_RUN,
    CAP_WORD,
    PRONOUNS,
    TITLE_WORDS,
    WORD,
    NameShapes,
    may_be_name,
    may_hold_name,
    run_ending_at,
)
from storyline.extract.sentences import Sentence
from storyline.records import Document

__all__ = ["PRONOUNS", "ROLE_NOUNS", "TITLE_WORDS", "Mention", "NameIndex"]

# Head nouns of role descriptions that stand for a person ("the official", "the head of ...").
ROLE_NOUNS = frozenset(
    "head official spokesman spokeswoman spokesperson minister director chief secretary envoy"
    " ambassador president chairman commander representative adviser advisor diplomat leader ceo"
    " officer aide negotiator".split()
)
_ROLE_STOP = frozenset("the a an of for in at on and to its his her their this that".split())
# Characters kept either side of the names in a piece sent to the model (about six tokens).
_CONTEXT = 40


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text naming a person, with the name it stands for."""

    start: int
    end: int
    name: str


# Where to look for the person a pronoun or role stands for: a sentence, the offset its text is
# cut at (None: the whole sentence), and which of the persons found there to take.
_Scope = tuple[Sentence, int | None, str]


class NameIndex:
    """Per-document index of person mentions, by regex, with spaCy entities where asked for.

    ``quoted`` are the quoted stretches: names inside someone's words are not who is speaking,
    and they are never sent to the model. Callers first ask which pieces a lookup needs
    (:meth:`antecedent_pieces`, :meth:`role_pieces`), tag them all with one :meth:`tag`, then
    look up; a lookup reads only what was tagged, so an article costs one model call at most.
    """

    def __init__(
        self,
        document: Document,
        sentences: list[Sentence],
        nlp: Language,
        quoted: list[tuple[int, int]],
    ) -> None:
        self.document = document
        self.sentences = sentences
        self.nlp = nlp
        self.quoted = quoted
        self.speaker_names: set[str] = set()
        self._ents: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self._full: dict[str, str] = {}
        self._starts = [s.start for s in sentences]
        self._shapes = NameShapes(document.text)
        self.pending: list[tuple[int, int]] = []
        """Pieces a lookup reached untagged: what a second :meth:`tag` call must cover."""
        self._disable = _unneeded_pipes(nlp)

    # -- spaCy, once per article -----------------------------------------------------------
    # The model runs on *pieces*: a sentence cut at the edges of the quotes in it (and at the
    # pronoun being resolved). The words around a quote ("he said .") are far cheaper to tag
    # than the whole sentence, and each ``nlp.pipe`` call has a fixed cost of its own.
    def tag(self, pieces: Iterable[tuple[int, int]]) -> None:
        """Runs the entity recogniser on the pieces not tagged yet, in one ``nlp.pipe`` call."""
        text = self.document.text
        todo = []
        for a, b in dict.fromkeys(pieces):
            if (a, b) in self._ents:
                continue
            if may_hold_name(text, a, b):
                todo.append((a, b))
            else:
                self._ents[a, b] = []  # "He said it was ...": nothing for the model to find
        if not todo:
            return
        docs = self.nlp.pipe([text[a:b] for a, b in todo], disable=self._disable)
        for (a, b), doc in zip(todo, docs, strict=True):
            self._ents[a, b] = [(a + e.start_char, a + e.end_char, e.label_) for e in doc.ents]

    def pieces(self, sentence: Sentence, before: int | None = None) -> list[tuple[int, int]]:
        """The unquoted stretches of ``sentence`` (up to ``before``), cut where quotes start and
        end."""
        end = sentence.end if before is None else min(before, sentence.end)
        cuts = {sentence.start, end}
        for a, b in self.quoted:
            cuts.update(x for x in (a, b) if sentence.start < x < end)
        text = self.document.text
        pieces = []
        for a, b in itertools.pairwise(sorted(cuts)):
            if not any(q0 <= a < q1 for q0, q1 in self.quoted):
                trimmed = _around_names(text, a, b)
                if trimmed:
                    pieces.append(trimmed)
        return pieces

    def antecedent_pieces(self, offset: int) -> list[tuple[int, int]]:
        """What :meth:`antecedent` needs tagged for a pronoun at ``offset``."""
        return self._scope_pieces(self._antecedent_scopes(offset))

    def role_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """What :meth:`role_person` needs tagged for the role description ``start:end``."""
        return self._scope_pieces(self._role_scopes(start, end))

    def mention_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The pieces of the sentence at ``start`` that overlap ``start:end``."""
        sentence = self.sentence_at(start)
        if sentence is None:
            return []
        return [(a, b) for a, b in self.pieces(sentence) if a < end and start < b]

    def _scope_pieces(self, scopes: Iterator[_Scope]) -> list[tuple[int, int]]:
        """Pieces of the scopes a lookup walks, up to the first that may name a person: the
        model decides there, and rarely says no to a capitalised name."""
        needed = []
        for sentence, before, _ in scopes:
            pieces = self.pieces(sentence, before)
            needed.extend(pieces)
            if self._may_name_someone(sentence, pieces):
                break
        return needed

    def _may_name_someone(self, sentence: Sentence, pieces: list[tuple[int, int]]) -> bool:
        """Whether spaCy may find a person in these pieces: a capitalised word that is no
        title or function word, and, first in the sentence, one the article also writes
        capitalised on its own ("Gadhafi said", not "Regardless of ...")."""
        text = self.document.text
        for a, b in pieces:
            for word in CAP_WORD.finditer(text, a, b):
                if not may_be_name(word.group()):
                    continue
                if word.start() != sentence.start or self._names_elsewhere(word.group()):
                    return True
        return False

    def _names_elsewhere(self, word: str) -> bool:
        alone = self._shapes.words_alone()
        return word in alone or any(word in name.split() for name in self.speaker_names)

    def _persons(self, sentence: Sentence, before: int | None = None) -> list[Mention]:
        """Person mentions in the unquoted pieces of ``sentence``, in order, possessives
        ("Cavusoglu’s") left out: spaCy's PERSON entities where the piece was tagged, and runs
        ending with a surname the article uses for a speaker."""
        text = self.document.text
        pieces = self.pieces(sentence, before)
        spans: list[tuple[int, int]] = [
            (a, b)
            for piece in pieces
            for a, b, label in self._ents.get(piece, ())
            if label == "PERSON"
        ]
        surnames = {name.split()[-1] for name in self.speaker_names}
        if surnames:
            for lo, hi in pieces:
                for run in CAP_RUN.finditer(text, lo, hi):
                    a, b = self.strip_titles(run.start(), run.end())
                    if b > a and text[a:b].split()[-1] in surnames:
                        spans.append((a, b))
        mentions: dict[int, Mention] = {}
        for a, b in sorted(spans, key=lambda ab: (ab[0], -ab[1])):
            if re.match(r"[’']s\b", text[b : b + 2]):
                continue
            if any(m.start <= a < m.end for m in mentions.values()):
                continue
            a, b = self.strip_titles(a, b)
            if b > a:
                mentions[a] = Mention(a, b, text[a:b])
        return list(mentions.values())

    def persons_within(self, start: int, end: int) -> list[Mention]:
        """Person mentions inside the stretch ``start:end`` (a speaker phrase)."""
        sentence = self.sentence_at(start)
        if sentence is None:
            return []
        return [m for m in self._persons(sentence) if start <= m.start and m.end <= end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding ``offset``, or None when it falls in a title, debris or a gap."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    # -- full names, from the article's own capitalised runs -------------------------------
    def strip_titles(self, start: int, end: int) -> tuple[int, int]:
        """Drops leading titles, demonyms, acronyms, place or party names and a trailing
        possessive from a capitalised run (:meth:`NameShapes.strip_titles`)."""
        return self._shapes.strip_titles(start, end)

    def full_name(self, name: str) -> str:
        """The fullest name in the document ending with ``name``'s last word ("Demir" → "Ismail
        Demir"), or ``name`` itself when the article never writes it out."""
        if name not in self._full:
            self._full[name] = self._fullest(name)
        return self._full[name]

    def _fullest(self, name: str) -> str:
        surname = name.split()[-1]
        text = self.document.text
        best = name
        for hit in re.finditer(rf"\b{re.escape(surname)}\b", text):
            sentence = self.sentence_at(hit.start())
            if sentence is None or hit.end() > sentence.end:
                continue
            run = run_ending_at(text, sentence.start, hit.end())
            # Dropping titles only shortens a run: one no longer than ``best`` cannot win.
            if run is None or len(text[run : hit.end()].split()) <= len(best.split()):
                continue
            a, b = self.strip_titles(run, hit.end())
            # A sentence-initial word ("Later Erdogan said") is part of the name only if the
            # article never writes it in lower case.
            if a == sentence.start and self._shapes.is_common(text[a:b].split()[0]):
                words = list(WORD.finditer(text, a, b))
                if len(words) < 2:
                    continue
                a, b = self.strip_titles(words[1].start(), b)
            candidate = text[a:b]
            if len(best.split()) < len(candidate.split()) <= 4:
                best = candidate
        return best

    # -- who a pronoun or a role description stands for ------------------------------------
    def antecedent(self, offset: int) -> Mention | None:
        """The person a pronoun at ``offset`` refers to: the last person named before it in its
        sentence, else the first person (a subject, usually) of the nearest earlier sentence
        that names one."""
        return self._first_person(self._antecedent_scopes(offset))

    def _antecedent_scopes(self, offset: int) -> Iterator[_Scope]:
        current = self.sentence_at(offset)
        if current is not None:
            yield current, offset, "last"
        i = bisect.bisect_right(self._starts, offset) - 1
        if current is not None:
            i -= 1
        for sentence in reversed(self.sentences[max(0, i - 3) : i + 1]):
            yield sentence, None, "first"

    def role_person(self, start: int, end: int) -> Mention | None:
        """The person a role description ("the head of the Turkish defense industry
        Secretariat") stands for: the person named next to a matching description elsewhere in
        the article, or in the sentences right after it."""
        return self._first_person(self._role_scopes(start, end))

    def _role_scopes(self, start: int, end: int) -> Iterator[_Scope]:
        text = self.document.text
        words = [
            w.lower().removesuffix("’s").removesuffix("'s") for w in WORD.findall(text[start:end])
        ]
        heads = [w for w in words if w in ROLE_NOUNS]
        content = {w for w in words if w not in _ROLE_STOP}
        if not heads:
            return
        head = heads[0]
        ranked = sorted(self.sentences, key=lambda s: (s.start > start, abs(s.start - start)))
        for sentence in ranked:
            if sentence.start <= start < sentence.end:
                continue
            found = [w.lower() for w in WORD.findall(text[sentence.start : sentence.end])]
            seen = {w.removesuffix("’s").removesuffix("'s") for w in found}
            if head not in seen or len(content & seen) < 0.6 * len(content):
                continue
            yield sentence, None, "after:" + head
            following = [
                s
                for s in self.sentences
                if s.paragraph == sentence.paragraph and s.index > sentence.index
            ]
            for nxt in following[:3]:
                yield nxt, None, "first"

    def _first_person(self, scopes: Iterator[_Scope]) -> Mention | None:
        """The person picked in the first scope that names one. A scope not tagged yet stops
        the walk, unresolved, and the rest of the walk goes to :attr:`pending`."""
        text = self.document.text
        for sentence, before, pick in scopes:
            if self._untagged(self.pieces(sentence, before)):
                rest = itertools.chain([(sentence, before, pick)], scopes)
                self.pending.extend(p for s, b, _ in rest for p in self.pieces(s, b))
                return None
            mentions = self._persons(sentence, before)
            if not mentions:
                continue
            if pick == "last":
                return mentions[-1]
            if pick.startswith("after:"):
                where = text.find(pick.removeprefix("after:"), sentence.start, sentence.end)
                after = [m for m in mentions if m.start >= where]
                return after[0] if after else mentions[-1]
            return mentions[0]
        return None

    def _untagged(self, pieces: list[tuple[int, int]]) -> bool:
        text = self.document.text
        return any(p not in self._ents and may_hold_name(text, *p) for p in pieces)


def _around_names(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start:end`` cut to the words around its capitalised names, or None when it has none.

    The recogniser sees a few tokens either side of a word (its tok2vec's receptive field),
    so the words far from any name change nothing but the cost, which grows with every token.
    """
    words = [w for w in CAP_WORD.finditer(text, start, end) if may_be_name(w.group())]
    if not words:
        return None
    lo = max(start, words[0].start() - _CONTEXT)
    if lo > start:
        space = text.find(" ", lo, words[0].start())
        lo = space + 1 if space != -1 else words[0].start()
    hi = min(end, words[-1].end() + _CONTEXT)
    if hi < end:
        space = text.rfind(" ", words[-1].end(), hi)
        hi = space if space != -1 else words[-1].end()
    return lo, hi


def _unneeded_pipes(nlp: Language) -> list[str]:
    """Every component but ``ner`` and what it listens to. In ``en_core_web_sm`` the entity
    recogniser embeds its own tok2vec, so it runs alone, with the same entities."""
    keep = {"ner"}
    if "ner" in nlp.pipe_names:
        tok2vec = nlp.config["components"]["ner"]["model"].get("tok2vec", {})
        if "Listener" in str(tok2vec.get("@architectures", "")):
            keep.update(n for n in ("tok2vec", "transformer") if n in nlp.pipe_names)
    return [n for n in nlp.pipe_names if n not in keep]
