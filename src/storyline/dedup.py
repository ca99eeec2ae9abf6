"""The dedup stage: exact and near-duplicate documents, and paragraphs reprinted across documents.

Documents are compared by MinHash over word 5-gram shingles of their clean text, bucketed by the
LSH bands datasketch's ``MinHashLSH`` uses, so the cost grows with the corpus, not with its
square. A near-duplicate is a reprint: it becomes an extra source of the original's passages
(linked), never a second copy of each event. Paragraphs copied verbatim from an earlier document
(agency copy inside a different article) are marked ``reprint`` so they do not count as
independent corroboration.

The work is cut in two so that it scales past one machine without an engine shuffle:

1. :func:`fingerprint`, per document, wherever the document is (one shard, one worker): the
   hash of its clean words, its MinHash signature and the hashes of its long paragraphs;
2. :func:`duplicates_of` and :func:`reprinted_paragraphs`, once over the whole corpus, from the
   fingerprints alone (no text): LSH buckets → the best earlier match of each document →
   its root (union-find) → the duplicates; first occurrences of paragraph hashes → reprints.

:func:`find_duplicates` and :func:`mark_reprinted_paragraphs` are the two steps run back to back
on documents in memory; the pipeline's executors run the steps apart, with the same result.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from storyline.records import Document, Mark

_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"[^\n]+")


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


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """All that the corpus-wide dedup steps need of one cleaned document: no text, ~1 KB.

    ``words`` is the SHA-1 of its clean words (``None`` when it has none: such a document is
    nobody's copy and nobody copies it); ``signature`` their MinHash values; ``paragraphs`` the
    hash, start and end of each non-debris paragraph long enough to count as a reprint.
    """

    words: str | None
    signature: npt.NDArray[np.uint64] | None
    paragraphs: tuple[tuple[str, int, int], ...]


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


def paragraph_hashes(
    document: Document, settings: DedupSettings
) -> tuple[tuple[str, int, int], ...]:
    """Hash, start and end of each non-debris paragraph long enough to count as a reprint."""
    found = []
    for match in _PARAGRAPH.finditer(document.text):
        if document.is_debris(match.start(), match.end()):
            continue
        words = _WORD.findall(match.group().lower())
        if len(words) >= settings.min_paragraph_words:
            key = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
            found.append((key, match.start(), match.end()))
    return tuple(found)


def fingerprint(
    document: Document, settings: DedupSettings, *, paragraphs: bool = True
) -> Fingerprint:
    """The document's fingerprint, after cleaning (debris is neither compared nor reprinted);
    without its paragraph hashes when ``paragraphs`` is false (duplicates only)."""
    words = _WORD.findall(clean_text(document).lower())
    hashes = paragraph_hashes(document, settings) if paragraphs else ()
    if not words:
        return Fingerprint(None, None, hashes)
    digest = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
    return Fingerprint(digest, _signature(words, settings).hashvalues, hashes)


@lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    # LSH banded at the threshold itself misses ~60% of pairs at exactly the threshold; band
    # looser (x0.75) and let the Jaccard check decide. The bands are datasketch's own.
    lsh = MinHashLSH(threshold=threshold * 0.75, num_perm=num_perm)
    return tuple((int(start), int(end)) for start, end in lsh.hashranges)


def _jaccard(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    # Exactly datasketch's MinHash.jaccard, so thresholds keep their measured meaning.
    return float(np.count_nonzero(a == b)) / float(len(a))


def duplicates_of(
    prints: Sequence[tuple[str, Fingerprint]], settings: DedupSettings
) -> dict[str, str]:
    """Maps each duplicate's id to the id of the original it reprints, from fingerprints only.

    ``prints`` are (document id, fingerprint) in input order; ids must be unique. Input order
    decides which copy is the original. An exact copy of the clean words is a duplicate of the
    first document with those words. Otherwise a document's candidates are the earlier
    documents sharing one of its LSH buckets; the one most alike at or above the threshold
    (ties: the smaller id) is its match, and its root — the match's own original, if the match
    is itself a reprint — is what it duplicates (union-find over the match links). Reprints are
    bucketed too: a reprint of a reprint that drifted away from the original still finds its
    way back to it through the chain. Memory and time grow with the corpus times the bucket
    sizes, never with all pairs.
    """
    bands = _bands(settings.threshold, settings.num_perm)
    buckets: list[dict[bytes, list[int]]] = [{} for _ in bands]
    exact: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    indexed: list[tuple[str, npt.NDArray[np.uint64]]] = []
    for doc_id, found in prints:
        original: str | None = None
        if found.words is not None and found.words in exact:
            original = exact[found.words]
        elif found.words is not None and found.signature is not None:
            signature = found.signature
            keys = [signature[start:end].tobytes() for start, end in bands]
            candidates = {
                i for key, bucket in zip(keys, buckets, strict=True) for i in bucket.get(key, ())
            }
            best: tuple[float, str] | None = None
            for i in candidates:
                other_id, other = indexed[i]
                similarity = _jaccard(signature, other)
                if similarity >= settings.threshold and (
                    best is None or (-similarity, other_id) < (-best[0], best[1])
                ):
                    best = (similarity, other_id)
            if best is not None:
                original = best[1]
            for key, bucket in zip(keys, buckets, strict=True):
                bucket.setdefault(key, []).append(len(indexed))
            indexed.append((doc_id, signature))
            exact[found.words] = doc_id
        if original is not None:
            # Roots are resolved on arrival, so one step finds the root of any earlier document.
            duplicates[doc_id] = duplicates.get(original, original)
    return duplicates


def reprinted_paragraphs(prints: Sequence[tuple[str, Fingerprint]]) -> dict[str, list[Mark]]:
    """The ``reprint`` marks of each document, from fingerprints only: a paragraph that repeats,
    word for word, a paragraph of an earlier document (in the order of ``prints``; pass only
    documents that are not duplicates) names that first occurrence (``of_doc``, ``of_start``,
    ``of_end``). A paragraph repeated inside its own document is not a reprint."""
    seen: dict[str, tuple[str, int, int]] = {}
    marks: dict[str, list[Mark]] = {}
    for doc_id, found in prints:
        for key, start, end in found.paragraphs:
            if key in seen and seen[key][0] != doc_id:
                origin = seen[key]
                attrs = {"of_doc": origin[0], "of_start": origin[1], "of_end": origin[2]}
                marks.setdefault(doc_id, []).append(Mark(start, end, "reprint", attrs))
            else:
                seen.setdefault(key, (doc_id, start, end))
    return marks


def find_duplicates(documents: Sequence[Document], settings: DedupSettings) -> dict[str, str]:
    """Maps each duplicate document's id to the id of the earlier document it reprints.

    Sets ``duplicate_of`` on the duplicates. Input order decides which copy is the original.
    """
    prints = [(d.id, fingerprint(d, settings, paragraphs=False)) for d in documents]
    duplicates = duplicates_of(prints, settings)
    for document in documents:
        if document.id in duplicates:
            document.duplicate_of = duplicates[document.id]
    return duplicates


def mark_reprinted_paragraphs(documents: Sequence[Document], settings: DedupSettings) -> None:
    """Marks paragraphs that repeat, word for word, a paragraph of an earlier document."""
    originals = [d for d in documents if not d.duplicate_of]
    prints = [(d.id, Fingerprint(None, None, paragraph_hashes(d, settings))) for d in originals]
    apply_reprints(originals, reprinted_paragraphs(prints))


def apply_reprints(documents: Sequence[Document], marks: Mapping[str, list[Mark]]) -> None:
    """Adds each document's ``reprint`` marks (from :func:`reprinted_paragraphs`) to it."""
    for document in documents:
        document.marks.extend(marks.get(document.id, ()))
