"""Who said it: resolving a speaker mention to the fullest name the article uses.

Articles name a person once in full ("Turkish President Recep Tayyip Erdogan") and then by
surname, pronoun or role ("Erdogan", "He", "the head of the Turkish defense industry
Secretariat"). A quote is only useful to a fact-checker with the full name, and only honest if
the name really is in the article; so every resolution points at text, and a mention that cannot
be resolved stays unresolved rather than guessed.

spaCy's small model misses or mislabels some names (it reads "Cavusoglu" as an ORG and misses
"Ismail Demir" after "Secretariat of the Republic"), so entities are combined with a regex pass
over capitalised words, and with surnames the article itself uses as speakers.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.language import Language

from storyline.extract.sentences import Sentence
from storyline.records import Document

# Words that precede a name without being part of it ("Kremlin spokesman Dmitry Peskov").
TITLE_WORDS = frozenset(
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
        "adm",
        "sen",
        "rep",
        "gov",
        "president",
        "prime",
        "minister",
        "foreign",
        "defense",
        "defence",
        "deputy",
        "vice",
        "secretary",
        "general",
        "director",
        "chief",
        "head",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "senator",
        "governor",
        "mayor",
        "chairman",
        "chair",
        "ceo",
        "commander",
        "king",
        "queen",
        "prince",
        "republic",
        "kremlin",
        "state",
        "department",
        "ministry",
        "office",
        "turkish",
        "russian",
        "american",
        "us",
        "u.s.",
        "uk",
        "british",
        "french",
        "chinese",
        "german",
        "indian",
        "israeli",
        "iranian",
        "ukrainian",
    ]
)
PRONOUNS = frozenset({"he", "she"})
# Head nouns of role descriptions that stand for a person ("the official", "the head of ...").
ROLE_NOUNS = frozenset(
    [
        "head",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "director",
        "chief",
        "secretary",
        "envoy",
        "ambassador",
        "president",
        "chairman",
        "commander",
        "representative",
        "adviser",
        "advisor",
        "diplomat",
        "leader",
        "ceo",
        "officer",
        "aide",
        "negotiator",
    ]
)
_ROLE_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "in",
        "at",
        "on",
        "and",
        "to",
        "its",
        "his",
        "her",
        "their",
        "this",
        "that",
    ]
)
_CAP_RUN = re.compile(r"[A-Z][\w.\-]*(?:[’']s\b)?(?:\s+[A-Z][\w.\-]*(?:[’']s\b)?)*")
_WORD = re.compile(r"[\w\-]+")
_NON_PERSON = frozenset({"GPE", "NORP", "LOC", "FAC", "ORG", "PRODUCT", "DATE", "EVENT"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text naming a person, with the name it stands for."""

    start: int
    end: int
    name: str


class NameIndex:
    """Per-document index of person mentions; runs spaCy only on the sentences it is asked about.

    ``quoted`` are the quoted stretches: names inside someone's words are not who is speaking.
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
        self._disable = _unneeded_pipes(nlp)

    # -- spaCy, lazily and in batches -------------------------------------------------------
    # The model runs on *pieces*: a sentence cut at the edges of the quotes in it. Names inside
    # someone's words are never speakers, so the quoted pieces are rarely needed, and the few
    # words around a quote ("he said .") are far cheaper to tag than the whole sentence.
    def prefetch(self, sentences: list[Sentence]) -> None:
        """Tags the unquoted pieces of ``sentences`` in one batch (one model call per article
        instead of one per lookup)."""
        self._tag([p for s in dict.fromkeys(sentences) for p in self._pieces(s) if not p[2]])

    def _tag(self, pieces: list[tuple[int, int, bool]]) -> None:
        text = self.document.text
        todo = []
        for a, b, _ in dict.fromkeys(pieces):
            if (a, b) in self._ents:
                continue
            if any(ch.isupper() for ch in text[a:b]):
                todo.append((a, b))
            else:
                self._ents[a, b] = []  # no capital, no name: spares a model call
        docs = self.nlp.pipe([text[a:b] for a, b in todo], disable=self._disable)
        for (a, b), doc in zip(todo, docs, strict=True):
            self._ents[a, b] = [(a + e.start_char, a + e.end_char, e.label_) for e in doc.ents]

    def _pieces(self, sentence: Sentence) -> list[tuple[int, int, bool]]:
        """``(start, end, quoted)`` stretches of ``sentence``, cut where quotes start and end."""
        cuts = {sentence.start, sentence.end}
        for a, b in self.quoted:
            cuts.update(x for x in (a, b) if sentence.start < x < sentence.end)
        edges = sorted(cuts)
        return [
            (a, b, any(q0 <= a < q1 for q0, q1 in self.quoted))
            for a, b in itertools.pairwise(edges)
        ]

    def _entities(self, sentence: Sentence, *, quoted: bool) -> list[tuple[int, int, str]]:
        pieces = [p for p in self._pieces(sentence) if quoted or not p[2]]
        self._tag(pieces)
        return [e for a, b, _ in pieces for e in self._ents[a, b]]

    def label(self, start: int, end: int) -> str | None:
        """The entity label spaCy gives to exactly (or around) ``start:end``, if any."""
        sentence = self.sentence_at(start)
        if sentence is None:
            return None
        piece = next(p for p in self._pieces(sentence) if p[0] <= start < p[1])
        self._tag([piece])
        for a, b, label in self._ents[piece[0], piece[1]]:
            if a <= start and end <= b:
                return label
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    # -- names -----------------------------------------------------------------------------
    def strip_titles(self, start: int, end: int) -> tuple[int, int]:
        """Drops leading titles, demonyms and organisations from a capitalised run."""
        text = self.document.text
        words = list(_WORD.finditer(text, start, end))
        while len(words) > 1 and (
            words[0].group().lower() in TITLE_WORDS
            or self.label(words[0].start(), words[0].end()) in _NON_PERSON
        ):
            words.pop(0)
        if not words:
            return start, start
        return words[0].start(), _strip_possessive(text, words[0].start(), end)

    def persons_in(self, sentence: Sentence) -> list[Mention]:
        """Person mentions outside quotes, in order, possessives ("Cavusoglu’s") left out."""
        text = self.document.text
        spans: list[tuple[int, int]] = [
            (a, b) for a, b, label in self._entities(sentence, quoted=False) if label == "PERSON"
        ]
        surnames = {name.split()[-1] for name in self.speaker_names}
        for run in _CAP_RUN.finditer(text, sentence.start, sentence.end):
            a, b = self.strip_titles(run.start(), run.end())
            if b > a and text[a:b].split()[-1] in surnames:
                spans.append((a, b))
        mentions: dict[int, Mention] = {}
        for a, b in sorted(spans, key=lambda ab: (ab[0], -ab[1])):
            if any(q0 <= a < q1 for q0, q1 in self.quoted) or re.match(r"[’']s\b", text[b : b + 2]):
                continue
            if any(m.start <= a < m.end for m in mentions.values()):
                continue
            a, b = self.strip_titles(a, b)
            if b > a:
                mentions[a] = Mention(a, b, text[a:b])
        return list(mentions.values())

    def full_name(self, name: str) -> str:
        """The fullest name in the document ending with ``name``'s last word ("Demir" → "Ismail
        Demir"), or ``name`` itself when the article never writes it out."""
        if name not in self._full:
            self._full[name] = self._fullest(name)
        return self._full[name]

    def _fullest(self, name: str) -> str:
        surname = name.split()[-1]
        text = self.document.text
        pattern = re.compile(rf"\b{re.escape(surname)}\b")
        hits = []
        for sentence in self.sentences:
            for hit in pattern.finditer(text, sentence.start, sentence.end):
                run = _run_ending_at(text, sentence.start, hit.end())
                # Dropping titles only shortens a run: one no longer than ``name`` cannot win.
                if run is not None and len(text[run : hit.end()].split()) > len(name.split()):
                    hits.append((sentence, run, hit.end()))
        # The lookups below tag these pieces; one batch is far cheaper than one call each.
        self._tag([p for s, run, _ in hits for p in self._pieces(s) if p[0] <= run < p[1]])
        best = name
        for sentence, run, end in hits:
            if len(text[run:end].split()) <= len(best.split()):
                continue
            a, b = self.strip_titles(run, end)
            candidate = text[a:b]
            # A sentence-initial word ("Later Erdogan said") is a name only if spaCy says so.
            if a == sentence.start and self.label(a, a + 1) != "PERSON":
                continue
            if len(candidate.split()) > len(best.split()) and len(candidate.split()) <= 4:
                best = candidate
        return best

    def antecedent(self, offset: int) -> Mention | None:
        """The person a pronoun at ``offset`` refers to: the first person (a subject, usually)
        of the nearest earlier sentence that names one."""
        earlier = [s for s in self.sentences if s.end <= offset]
        current = self.sentence_at(offset)
        candidates = []
        if current is not None:
            candidates = [m for m in self.persons_in(current) if m.end <= offset]
        if candidates:
            return candidates[-1]
        for sentence in reversed(earlier[-4:]):
            mentions = self.persons_in(sentence)
            if mentions:
                return mentions[0]
        return None

    def role_person(self, start: int, end: int) -> Mention | None:
        """The person a role description ("the head of the Turkish defense industry
        Secretariat") stands for: the person named next to a matching description elsewhere in
        the article, or in the sentences right after it."""
        text = self.document.text
        words = [
            w.lower().removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text[start:end])
        ]
        heads = [w for w in words if w in ROLE_NOUNS]
        content = {w for w in words if w not in _ROLE_STOP}
        if not heads:
            return None
        head = heads[0]
        ranked = sorted(self.sentences, key=lambda s: (s.start > start, abs(s.start - start)))
        for sentence in ranked:
            if sentence.start <= start < sentence.end:
                continue
            found = [w.lower() for w in _WORD.findall(text[sentence.start : sentence.end])]
            seen = {w.removesuffix("’s").removesuffix("'s") for w in found}
            if head not in seen or len(content & seen) < 0.6 * len(content):
                continue
            mentions = self.persons_in(sentence)
            if mentions:
                where = text.find(head, sentence.start, sentence.end)
                after = [m for m in mentions if m.start >= where]
                return after[0] if after else mentions[-1]
            following = [
                s
                for s in self.sentences
                if s.paragraph == sentence.paragraph and s.index > sentence.index
            ]
            for nxt in following[:3]:
                mentions = self.persons_in(nxt)
                if mentions:
                    return mentions[0]
        return None


def _unneeded_pipes(nlp: Language) -> list[str]:
    """Every component but ``ner`` and what it listens to. In ``en_core_web_sm`` the entity
    recogniser embeds its own tok2vec, so it runs alone, with the same entities."""
    keep = {"ner"}
    if "ner" in nlp.pipe_names:
        tok2vec = nlp.config["components"]["ner"]["model"].get("tok2vec", {})
        if "Listener" in str(tok2vec.get("@architectures", "")):
            keep.update(n for n in ("tok2vec", "transformer") if n in nlp.pipe_names)
    return [n for n in nlp.pipe_names if n not in keep]


def _strip_possessive(text: str, start: int, end: int) -> int:
    if text[start:end].endswith(("’s", "'s")):
        return end - 2
    return end


def _run_ending_at(text: str, lower: int, end: int) -> int | None:
    """Start of the run of capitalised words, one space apart, that ends at ``end``."""
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
