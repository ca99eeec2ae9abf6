"""Quotes: the words a person said, with who said them, both pointing at the source text.

Quotes are found by rules, not a model: the marks (“ ” " ‘ ’ ') are paired within a run of
clean sentences of one paragraph, so a quote may cover several sentences but never jumps over
debris; a colon after a reporting verb ("Peskov said: Russia is open to this") opens an unmarked
quote. Whether quoted words are a *quote* (rather than a title or scare quotes like “walk
away”) is decided by the attribution: a reporting verb next to the quote, or quoted words that
read as a sentence.

Speakers are resolved by :class:`~storyline.extract.names.NameIndex`. A speaker named next to
the reporting verb ("Demir said", "said Recep Tayyip Erdogan") is read by regex; spaCy's entity
recogniser is only asked who a pronoun or a role description stands for, in one ``nlp.pipe``
call per article, on unquoted text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language

from storyline.extract.names import PRONOUNS, NameIndex
from storyline.extract.sentences import Sentence
from storyline.records import Document, Quote, Span

_VERB = (
    r"(?:said|says|say|added|adds|told|tells|stressed|stresses|noted|notes|explained|explains"
    r"|continued|insisted|insists|declared|declares|wrote|writes|argued|argues|remarked|replied"
    r"|replies|responded|responds|warned|warns|stated|states|concluded|announced|announces"
    r"|emphasized|emphasised|emphasizes|underlined|recalled|claimed|claims|commented|confirmed"
    r"|confirms|admitted|asked|asks)"
)
_PASSIVE = r"(?:was|were|is|has\s+been)\s+(?:quoted|reported|cited)\s+as\s+(?:saying|telling)"
_ADVERB = r"(?:also|later|then|again|earlier|further|previously|reportedly|once)"
# Where a speaker named after the verb ends: "said Erdogan on September 13".
_AFTER_WHO_STOP = (
    r"(?:on|at|in|during|after|before|when|while|to|last|this|yesterday|today|earlier|later"
    r"|who|which|that|as|according|from)"
)
_WHO = r"[^,.;:!?“”\"‘]{1,120}?"
_TAIL_VERB_FIRST = re.compile(
    rf"[\s,.!?]*(?:{_VERB})\s+(?P<who>{_WHO})(?=\s*(?:[,.;:!?(]|$)|\s+{_AFTER_WHO_STOP}\b)"
)
_TAIL_WHO_FIRST = re.compile(
    rf"[\s,.!?]*(?P<who>[^.;:!?“”\"‘]{{1,120}}?),?\s+(?:{_ADVERB}\s+)?(?:{_PASSIVE}|{_VERB})\b"
)
_HEAD_DIRECT = re.compile(
    rf"(?P<who>{_WHO})\s+(?:{_ADVERB}\s+)?(?:{_VERB})(?:\s+[\w\-]+){{0,3}}?\s*[,:]\s*$"
)
_HEAD_THAT = re.compile(rf"(?P<who>{_WHO})\s+(?:{_ADVERB}\s+)?(?:{_VERB})\s+that\b[^“”\"‘]*$")
_HEAD_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+(?P<who>{_WHO})\s*,\s*$")
_VERB_THAT = re.compile(rf"\b(?:{_VERB})\s+that\b")
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s")
_COLON = re.compile(
    rf"(?P<who>{_WHO})\s+(?:{_ADVERB}\s+)?(?:{_VERB})(?:\s+[\w\-]+){{0,3}}?\s*:[ \t]*"
)
# The characters a speaker phrase never holds, and how far before its colon one can start.
_WHO_EXCLUDED = frozenset(',.;:!?“”"‘')
_COLON_REACH = 400
_WHO_START = re.compile(r"(?:[A-Z]|(?:the|a|an|he|she|they|it|we)\b)")
_OPENERS = "“‘\"'`"
_LINKING = frozenset(
    ["of", "for", "the", "a", "an", "in", "at", "on", "and", "to", "from", "with", "by"]
)


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    head: tuple[int, int]
    """Text before the quote in its sentence, where "He said," or "X said that" would be."""
    tail: tuple[int, int]
    """Text after the quote in its sentence, where ", Demir said" would be."""
    sentence_like: bool
    who: tuple[int, int] | None = None


def find_quotes(document: Document, sentences: list[Sentence], nlp: Language) -> list[Quote]:
    """Quotes in the given sentences, in text order, each with its speaker when one is named.

    ``evidence[0]`` spans the quoted words (marks and a trailing comma excluded);
    ``speaker_evidence[0]`` spans the speaker mention next to the quote ("Demir", "He", "the
    head of ..."), followed by the span of the name it was resolved to when that is elsewhere.
    ``speaker`` is ``None`` when the article does not say who spoke. The same words quoted
    twice give two records; merging is the caller's business.
    """
    text = document.text
    candidates: list[_Candidate] = []
    for block in _blocks(text, sentences):
        candidates.extend(_marked(text, block))
    quoted = [(c.start, c.end) for c in candidates]
    candidates.extend(_colon(text, sentences, quoted))
    by_position = sorted(candidates, key=lambda c: c.start)
    kept = [c for c in by_position if _attribute(text, c, sentences) or c.sentence_like]
    if not kept:
        return []

    names = NameIndex(document, sentences, nlp, [(c.start, c.end) for c in kept])
    # First the speakers named outright, by regex, so that pronoun and role resolution
    # recognise their surnames even where spaCy misses them; then one model call for the
    # pieces the other mentions need.
    found: dict[int, tuple[str | None, tuple[Span, ...]]] = {}
    unnamed: list[tuple[int, tuple[int, int]]] = []
    for n, c in enumerate(kept):
        if c.who:
            named = _named(names, document, c.who)
            if named:
                found[n] = named
                names.speaker_names.add(named[0])
            else:
                unnamed.append((n, c.who))
    names.tag(p for _, who in unnamed for p in _needs(names, document.text, who))
    for n, who in unnamed:
        found[n] = _unnamed(names, document, who)
    # A lookup that walked past what was tagged (spaCy saw no person where a capitalised word
    # promised one) asked for the rest: a second call, needed by few articles.
    if names.pending:
        names.tag(names.pending)
        for n, who in unnamed:
            if found[n][0] is None:
                found[n] = _unnamed(names, document, who)
    quotes = []
    for n, c in enumerate(kept):
        speaker, evidence = found.get(n, (None, ()))
        span = Span.of(document, c.start, c.end)
        quotes.append(Quote(speaker, span.text, (span,), evidence))
    return quotes


def _blocks(text: str, sentences: list[Sentence]) -> list[list[Sentence]]:
    """Runs of sentences of one paragraph with nothing but whitespace between them."""
    blocks: list[list[Sentence]] = []
    for sentence in sentences:
        last = blocks[-1][-1] if blocks else None
        if (
            last
            and last.paragraph == sentence.paragraph
            and not text[last.end : sentence.start].strip()
        ):
            blocks[-1].append(sentence)
        else:
            blocks.append([sentence])
    return blocks


# PTB-tokenised text (T17) writes `` and '' for double quotes and ` for an opening single one.
_MARK = re.compile(r"``|''|[`“”\"‘’']")
_CANONICAL = {"``": "“", "''": "”", "`": "‘"}


def _pairs(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """``(open_start, open_end, close_start, close_end)`` of matching marks; apostrophes are
    told apart by context."""
    pairs = []
    opened: tuple[str, int, int] | None = None
    for mark in _MARK.finditer(text, start, end):
        i, j = mark.span()
        ch = _CANONICAL.get(mark.group(), mark.group())
        before = text[i - 1] if i > start else " "
        after = text[j] if j < end else " "
        if before.isalnum() and after.isalnum():
            continue  # Russia’s, don't
        can_open = (before.isspace() or before in "([{—–-") and not after.isspace()
        can_close = not before.isspace() and not after.isalnum()
        if opened is None:
            if (ch in '“"' or (ch in "‘'" and can_open)) and ch not in "”’":
                opened = (ch, i, j)
        elif opened[0] in '“"':
            if ch in '”"':
                pairs.append((opened[1], opened[2], i, j))
                opened = None
            elif ch == "“":
                opened = (ch, i, j)  # the earlier mark was never closed
        elif ch in "’'" and can_close:
            pairs.append((opened[1], opened[2], i, j))
            opened = None
        elif ch in '“"':
            opened = (ch, i, j)
    return pairs


def _marked(text: str, block: list[Sentence]) -> list[_Candidate]:
    lo, hi = block[0].start, block[-1].end
    pairs = _pairs(text, lo, hi)
    found = []
    for n, (open_at, open_end, close_at, close_end) in enumerate(pairs):
        start, end = _trim(text, open_end, close_at)
        if not any(ch.isalpha() for ch in text[start:end]):
            continue
        first = next(s for s in block if s.start <= open_at < s.end)
        last = next(s for s in block if s.start <= close_at < s.end)
        head_start = max(first.start, pairs[n - 1][3] if n else lo)
        tail_end = min(last.end, pairs[n + 1][0] if n + 1 < len(pairs) else hi)
        inner = text[open_end:close_at].rstrip()
        sentence_like = len(inner.split()) >= 4 and inner[-1:] in ".!?,"
        found.append(
            _Candidate(start, end, (head_start, open_at), (close_end, tail_end), sentence_like)
        )
    return found


def _colon(text: str, sentences: list[Sentence], quoted: list[tuple[int, int]]) -> list[_Candidate]:
    """Unmarked quotes after "X said:", to the end of that sentence."""
    found = []
    for sentence in sentences:
        match = _colon_match(text, sentence.start, sentence.end)
        if not match or any(a <= match.start() < b for a, b in quoted):
            continue
        if text[match.end() : match.end() + 1] in _OPENERS:
            continue
        start, end = _trim(text, match.end(), sentence.end)
        if len(text[start:end].split()) < 3:
            continue
        who = _who(text, match.start("who"), match.end("who"))
        if who:
            found.append(_Candidate(start, end, (sentence.start, start), (end, end), True, who))
    return found


def _colon_match(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_COLON.search(text, start, end)``, without its backtracking over the whole sentence.

    A match cannot hold any of ``_WHO``'s excluded marks before its colon, so it lies between
    a colon and the last such mark before it: the pattern is tried on that window only, colon
    by colon, which gives the leftmost match the plain search would find.
    """
    colon = text.find(":", start, end)
    while colon != -1:
        lo = max(start, colon - _COLON_REACH)
        for i in range(colon - 1, lo - 1, -1):
            if text[i] in _WHO_EXCLUDED:
                lo = i + 1
                break
        stop = colon + 1
        while stop < end and text[stop] in " \t":
            stop += 1
        match = _COLON.search(text, lo, stop)
        if match:
            return match
        colon = text.find(":", colon + 1, end)
    return None


def _attribute(text: str, c: _Candidate, sentences: list[Sentence]) -> bool:
    """Finds the speaker mention for ``c`` (sets ``c.who``); True when there is one."""
    if c.who:
        return True
    tail_start, tail_end = c.tail
    head_start, head_end = c.head
    for pattern, lo, hi, search in (
        (_TAIL_VERB_FIRST, tail_start, tail_end, False),
        (_TAIL_WHO_FIRST, tail_start, tail_end, False),
        (_HEAD_DIRECT, head_start, head_end, True),
        (_HEAD_THAT, head_start, head_end, True),
        (_HEAD_ACCORDING, head_start, head_end, True),
    ):
        if search and not _may_match(pattern, text, lo, hi):
            continue
        match = pattern.search(text, lo, hi) if search else pattern.match(text, lo, hi)
        if match:
            c.who = _who(text, match.start("who"), match.end("who"))
            if c.who:
                return True
    # A quote opening its sentence after "X said:" at the end of the previous one.
    if not text[head_start:head_end].strip():
        previous = [s for s in sentences if s.end <= c.start]
        if previous:
            s = previous[-1]
            match = _colon_match(text, s.start, s.end)
            if match and not text[match.end() : s.end].strip():
                c.who = _who(text, match.start("who"), match.end("who"))
    return c.who is not None


def _may_match(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> bool:
    """A cheap necessary condition for a head pattern: they are searched for from every
    position, which costs more than all the rest of quote finding."""
    if pattern is _HEAD_DIRECT:
        return text[lo:hi].rstrip().endswith((",", ":"))
    if pattern is _HEAD_THAT:
        return _VERB_THAT.search(text, lo, hi) is not None
    if pattern is _HEAD_ACCORDING:
        return _ACCORDING.search(text, lo, hi) is not None
    return True


def _who(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The trimmed speaker phrase, or None when it cannot be one (too long, lowercase noise)."""
    start, end = _trim(text, start, end)
    phrase = text[start:end]
    if not phrase or len(phrase.split()) > 15 or not _WHO_START.match(phrase):
        return None
    return start, end


def _named(
    names: NameIndex, document: Document, who: tuple[int, int]
) -> tuple[str, tuple[Span, ...]] | None:
    """The speaker when the mention ``who`` spells out a name ("Demir", "Turkish President Recep
    Tayyip Erdogan", "Rosoboronexport director general Alexander Mikheyev"), without the model;
    None for a pronoun, a role or anything else that needs it."""
    text = document.text
    start, end = who
    phrase = text[start:end]
    if phrase.lower() in PRONOUNS:
        return None
    if all(_is_name_word(w) for w in phrase.split()):
        a, b = names.strip_titles(start, end)
        if b > a:
            return names.full_name(text[a:b]), (Span.of(document, a, b),)
    # A name after the role words, but not an organisation after "of" ("the head of Russia’s
    # Federal Service for Military-Technical Cooperation").
    trailing = re.search(r"\b([a-z]+) ([A-Z][\w\-]+(?: [A-Z][\w\-]+)+)$", phrase)
    if trailing and trailing.group(1) not in _LINKING and _may_be_person(trailing.group(2)):
        a, b = names.strip_titles(start + trailing.start(2), start + trailing.end(2))
        if b > a:
            return names.full_name(text[a:b]), (Span.of(document, a, b),)
    return None


def _needs(names: NameIndex, text: str, who: tuple[int, int]) -> list[tuple[int, int]]:
    """The pieces :func:`_unnamed` will look at, to tag them in one batch."""
    start, end = who
    if text[start:end].lower() in PRONOUNS:
        return names.antecedent_pieces(start)
    return names.mention_pieces(start, end) + names.role_pieces(start, end)


def _unnamed(
    names: NameIndex, document: Document, who: tuple[int, int]
) -> tuple[str | None, tuple[Span, ...]]:
    """The speaker a pronoun or description stands for, by spaCy's entities, with the mention's
    span followed by the name's; ``(None, (mention,))`` when the article does not tell."""
    start, end = who
    mention = Span.of(document, start, end)
    if document.text[start:end].lower() in PRONOUNS:
        person = names.antecedent(start)
    else:
        persons = names.persons_within(start, end)
        if persons:
            own = persons[-1]
            return names.full_name(own.name), (Span.of(document, own.start, own.end),)
        person = names.role_person(start, end)
    if person is None:
        return None, (mention,)
    return names.full_name(person.name), (mention, Span.of(document, person.start, person.end))


# Lower-case particles inside names ("Saif al-Islam Gadhafi", "Osama bin Laden").
_PARTICLE = re.compile(r"(?:al|el|bin|ibn|abu|de|da|di|van|von|der|du|le|la)(?:-[A-Z]|$)")
# Last words of organisation names: a capitalised run ending so is not a person.
_ORG_ENDINGS = frozenset(
    "Council Nations States Union Ministry Department Agency Party Army Forces Force Committee"
    " Court Front Company Corporation Group Association Organization Organisation Service"
    " Secretariat News Times Post Journal Press Network Television Bank Fund Office House"
    " Senate Congress Parliament Government Administration Commission Guard Institute"
    " University Center Centre Foundation Authority Board Bureau Police Navy Petroleum".split()
)


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() or _PARTICLE.match(word) is not None


def _may_be_person(run: str) -> bool:
    words = run.split()
    return words[-1] not in _ORG_ENDINGS and not any(len(w) > 1 and w.isupper() for w in words)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
