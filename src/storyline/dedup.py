"""The dedup stage: exact and near-duplicate documents, and paragraphs reprinted across documents.

Documents are compared by MinHash over word 5-gram shingles of their clean text, indexed in
datasketch's LSH so the cost grows with the corpus, not with its square. A near-duplicate is a
reprint: it becomes an extra source of the original's passages (linked), never a second copy of
each event. Paragraphs copied verbatim from an earlier document (agency copy inside a different
article) are marked ``reprint`` so they do not count as independent corroboration.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from storyline.records import Document, Mark

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DedupSettings:
    threshold: float = 0.8
    """Estimated Jaccard similarity of 5-gram shingles above which a document is a reprint.

    Measured with ``storyline bench dedup`` on T17 (docs/benchmarks.md): 0.8 finds 96.1% of
    synthetic reprints, merges none of the trimmed-and-reordered copies, and merges 13 of 4,535
    real articles (updated versions of one wire story). 0.7 finds all reprints but merges 31
    articles, more story updates whose new paragraphs would then go unread: we prefer losing
    nothing.
    """
    num_perm: int = 128
    shingle: int = 5
    min_paragraph_words: int = 12


def clean_text(document: Document) -> str:
    """The document's text without its debris, for comparison only (offsets are not kept)."""
    pieces, cursor = [], 0
    for mark in sorted(document.marks_of("debris"), key=lambda m: m.start):
        if mark.start > cursor:
            pieces.append(document.text[cursor : mark.start])
        cursor = max(cursor, mark.end)
    pieces.append(document.text[cursor:])
    return " ".join(pieces)


def _signature(words: list[str], settings: DedupSettings) -> MinHash:
    # CRC-32 (C, stable across runs) instead of datasketch's default SHA-1: half the cost per
    # article, and the permutations applied on top make its linearity harmless here.
    minhash = MinHash(num_perm=settings.num_perm, seed=1, hashfunc=zlib.crc32)
    size = settings.shingle
    shingles = {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def find_duplicates(documents: Sequence[Document], settings: DedupSettings) -> dict[str, str]:
    """Maps each duplicate document's id to the id of the earlier document it reprints.

    Sets ``duplicate_of`` on the duplicates. Input order decides which copy is the original.
    """
    # LSH banded at the threshold itself misses ~60% of pairs at exactly the threshold; band
    # looser and let the Jaccard check below decide.
    lsh = MinHashLSH(threshold=settings.threshold * 0.75, num_perm=settings.num_perm)
    exact: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    signatures: dict[str, MinHash] = {}
    for document in documents:
        words = _WORD.findall(clean_text(document).lower())
        digest = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
        if digest in exact:
            duplicates[document.id] = exact[digest]
        elif words:
            signature = _signature(words, settings)
            matches = [
                m
                for m in lsh.query(signature)
                if signature.jaccard(signatures[m]) >= settings.threshold
            ]
            if matches:
                duplicates[document.id] = min(
                    matches, key=lambda m: (-signature.jaccard(signatures[m]), m)
                )
            # Reprints are indexed too: a reprint of a reprint that drifted away from the
            # original still finds its way back to it through the chain.
            lsh.insert(document.id, signature)
            signatures[document.id] = signature
            exact[digest] = document.id
        if document.id in duplicates:
            original = duplicates[document.id]
            document.duplicate_of = duplicates.get(original, original)
            duplicates[document.id] = document.duplicate_of
    return duplicates


def mark_reprinted_paragraphs(documents: Sequence[Document], settings: DedupSettings) -> None:
    """Marks paragraphs that repeat, word for word, a paragraph of an earlier document."""
    seen: dict[str, tuple[str, int, int]] = {}
    for document in documents:
        if document.duplicate_of:
            continue
        for match in re.finditer(r"[^\n]+", document.text):
            if document.is_debris(match.start(), match.end()):
                continue
            words = _WORD.findall(match.group().lower())
            if len(words) < settings.min_paragraph_words:
                continue
            key = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
            if key in seen and seen[key][0] != document.id:
                origin = seen[key]
                document.marks.append(
                    Mark(
                        match.start(),
                        match.end(),
                        "reprint",
                        {"of_doc": origin[0], "of_start": origin[1], "of_end": origin[2]},
                    )
                )
            else:
                seen.setdefault(key, (document.id, match.start(), match.end()))
