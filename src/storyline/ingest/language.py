"""Language identification: articles not in an accepted language are set aside, with a reason.

Storyline's analysis is English (one spaCy English model); a German article would yield
nonsense events, not an error. So every document, whatever its input kind, is identified with
lingua and set aside when it is clearly in another language. Multilingual analysis is a later
step; until then the reason says which language was found.

Two guards keep English articles in: a text shorter than :data:`MIN_LETTERS` letters is never
judged (a headline or a stub is too little to tell), and an article is only set aside when
the accepted languages together get less than :data:`MAX_ACCEPTED_SHARE` of the confidence.

lingua is built for a small fixed set of common languages (:data:`KNOWN`, plus any accepted
language outside it) in low-accuracy mode: measured on this project's machine, 0.1 s and
55 MB to build and about 2 ms per article, against 2 s and 380 MB for high accuracy, which
is only better on short texts we do not judge anyway. Building for all 75 languages would
cost 25 s and 0.9 GB. The detector is built on first use, once per process and language set.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

KNOWN = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "tr", "ar", "zh")
"""Languages the detector always knows, so it can name what it found (ISO 639-1)."""

MIN_LETTERS = 200
"""Texts with fewer letters are never set aside: a few sentences are needed to be sure."""

MAX_ACCEPTED_SHARE = 0.1
"""Set aside only when the accepted languages get less than this share of the confidence."""

SAMPLE_CHARS = 3000
"""Identify from the first characters only: enough to be sure, and long texts cost no more."""

NAMED_SHARE = 0.5
"""Name the language found only when it gets at least this share of the confidence."""


def language_reason(text: str, accepted: tuple[str, ...]) -> str | None:
    """``None`` when ``text`` may be read, else the reason it is set aside.

    ``accepted`` are ISO 639-1 codes; empty accepts everything without identifying anything.
    A text in a script none of the known languages use (Korean, Hindi...) is not in an
    accepted language either, unless that language was accepted explicitly.
    """
    if not accepted:
        return None
    sample = text[:SAMPLE_CHARS]
    if sum(1 for char in sample if char.isalpha()) < MIN_LETTERS:
        return None
    detector = _detector(frozenset(KNOWN) | frozenset(accepted))
    values = detector.compute_language_confidence_values(sample)
    shares = {value.language.iso_code_639_1.name.lower(): value.value for value in values}
    if sum(shares.get(code, 0.0) for code in accepted) >= MAX_ACCEPTED_SHARE:
        return None
    wanted = ", ".join(accepted)
    best = values[0] if values else None
    if best is None or best.value < NAMED_SHARE:
        return (
            f"not in an accepted language ({wanted}): not recognised as any of the "
            f"{len(shares)} languages identified ({', '.join(sorted(shares))})"
        )
    # A language outside the set reads as its nearest member (Vietnamese as French): say
    # "among", so the name is not taken for more than it is.
    code = best.language.iso_code_639_1.name.lower()
    name = best.language.name.title()
    return (
        f"not in an accepted language ({wanted}): identified as {name} ({code}, "
        f"{best.value:.0%} confidence among {len(shares)} common languages)"
    )


@lru_cache(maxsize=4)
def _detector(codes: frozenset[str]) -> LanguageDetector:
    """One detector per process and language set; lingua loads its models lazily too."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    # Sorted: the same set always builds the same detector, whatever the set's hash order.
    languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in sorted(codes)]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
