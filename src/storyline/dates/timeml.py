"""TimeML in and out: read TempEval-3 ``.tml`` files, tag plain text as TIMEX3, write TimeML.

This is the bridge between the date layer and the TempEval-3 benchmark
(``storyline.bench.tempeval``). The document text is the content of ``<TEXT>`` with its tags
removed and its character entities decoded, so the gold TIMEX3 extents become stand-off
``(start, end)`` offsets into exactly the string our tagger reads. The file is scanned with a
regex rather than parsed as a tree because a tree forgets where each element starts in the text.

Our TIMEX3 are the expressions ``find_timexes`` finds, resolved against the document creation time
(DCT) with ``DocumentClock.exact``: the TE3 setting, where the DCT is given.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from storyline.dates.calendar import DocumentClock
from storyline.dates.resolve import resolve, speaks_of_future, speaks_of_quarters
from storyline.dates.timex import find_timexes

_TEXT = re.compile(r"<TEXT>(?P<body>.*?)</TEXT>", re.DOTALL)
_DCT = re.compile(r"<DCT>(?P<body>.*?)</DCT>", re.DOTALL)
_DOCID = re.compile(r"<DOCID>\s*(?P<id>[^<]*?)\s*</DOCID>")
_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_TAG = re.compile(r"<\s*(?P<close>/)?\s*(?P<name>[\w:.-]+)(?P<attrs>[^>]*?)(?P<empty>/)?\s*>")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# The "sentence" that decides whether an underspecified date points forward ("will meet on
# Friday"): the stretch between sentence-ending punctuation or line breaks around the match.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


class TimeMLError(ValueError):
    """A file that is not the TimeML TempEval-3 distributes (no ``<TEXT>``, no DCT...)."""


def _attributes(text: str) -> dict[str, str]:
    return {m[1]: html.unescape(m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(text)}


def _sentence_around(text: str, start: int, end: int) -> str:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0 : after.end() if after else len(text)]


def tag_text(text: str, dct: dt.date) -> list[dict[str, Any]]:
    """Every temporal expression ``find_timexes`` finds in ``text``, resolved against ``dct``.

    Returns ``{"start", "end", "text", "type", "value"}`` dicts in text order, offsets into
    ``text``. ``future`` comes from the sentence around each match, as in the pipeline
    (``storyline.dates.document``), but with a plain punctuation split so that the benchmark
    measures the date layer alone, without the sentence splitter's model.
    """
    clock = DocumentClock.exact(dct)
    tagged = []
    for match in find_timexes(text):
        sentence = _sentence_around(text, match.start, match.end)
        resolution = resolve(
            match,
            clock,
            future=speaks_of_future(sentence),
            quarterly=speaks_of_quarters(sentence),
        )
        tagged.append(
            {
                "start": match.start,
                "end": match.end,
                "text": match.text,
                "type": resolution.type,
                "value": resolution.value,
            }
        )
    return tagged


def _strip_markup(body: str) -> tuple[str, list[dict[str, Any]]]:
    """The text of a ``<TEXT>`` body and the TIMEX3 elements in it, as offsets into that text."""
    pieces: list[str] = []
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    timexes: list[dict[str, Any]] = []
    position = 0
    for markup in _MARKUP.finditer(body):
        piece = html.unescape(body[position : markup.start()])
        pieces.append(piece)
        length += len(piece)
        position = markup.end()
        tag = _TAG.fullmatch(markup.group())
        if tag is None or tag["name"] != "TIMEX3" or tag["empty"]:
            continue  # EVENT, SIGNAL, comments; an empty TIMEX3 has no extent to score
        if not tag["close"]:
            open_timexes.append((length, _attributes(tag["attrs"])))
        elif open_timexes:
            start, attrs = open_timexes.pop()
            timexes.append({"start": start, "end": length, "attrs": attrs})
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    gold = [
        {
            "start": t["start"],
            "end": t["end"],
            "text": text[t["start"] : t["end"]],
            "type": t["attrs"].get("type", ""),
            "value": t["attrs"].get("value", ""),
            "tid": t["attrs"].get("tid", ""),
            "function": t["attrs"].get("functionInDocument", "NONE"),
        }
        for t in sorted(timexes, key=lambda t: (t["start"], t["end"]))
    ]
    return text, gold


def _dct(raw: str, path: Path) -> dt.date:
    block = _DCT.search(raw)
    for tag in _TAG.finditer(block["body"] if block else raw):
        attrs = _attributes(tag["attrs"])
        if tag["name"] == "TIMEX3" and attrs.get("functionInDocument") == "CREATION_TIME":
            try:
                # "1998-01-08" or "1998-01-08T13:12:00": the day is what the resolver needs.
                return dt.date.fromisoformat(attrs.get("value", "")[:10])
            except ValueError as error:
                raise TimeMLError(f"{path}: unreadable DCT value {attrs.get('value')!r}") from error
    raise TimeMLError(f"{path}: no TIMEX3 with functionInDocument=CREATION_TIME")


def _read(path: Path) -> tuple[str, re.Match[str]]:
    raw = Path(path).read_text(encoding="utf-8")
    text = _TEXT.search(raw)
    if text is None:
        raise TimeMLError(f"{path}: no <TEXT> element")
    return raw, text


def read_tml(path: Path | str) -> tuple[str, dt.date, str, list[dict[str, Any]]]:
    """``(doc_id, dct, text, gold)`` of a TimeML file (gold ``.tml`` or ``.TE3input``).

    ``text`` is the ``<TEXT>`` content with tags removed and entities decoded; ``gold`` holds
    its TIMEX3 elements as ``{"start", "end", "text", "type", "value", "tid", "function"}`` with
    ``text[start:end] == item["text"]`` (empty for input files). The DCT element lies outside
    ``<TEXT>`` and is therefore never among them.
    """
    path = Path(path)
    raw, body = _read(path)
    docid = _DOCID.search(raw)
    doc_id = docid["id"] if docid else path.name.split(".")[0]
    text, gold = _strip_markup(body["body"])
    return doc_id, _dct(raw, path), text, gold


def to_timeml_text(text: str, timexes: list[dict[str, Any]], *, first_tid: int = 1) -> str:
    """``text`` escaped for XML with each expression wrapped in a TIMEX3 (tids t1, t2...)."""
    out: list[str] = []
    position = 0
    for number, timex in enumerate(sorted(timexes, key=lambda t: t["start"]), first_tid):
        if timex["start"] < position:
            continue  # overlapping extents cannot nest in TimeML; the first one wins
        out.append(escape(text[position : timex["start"]]))
        attrs = f"tid={quoteattr(f't{number}')} type={quoteattr(timex['type'])}"
        attrs += f" value={quoteattr(timex['value'])}"
        out.append(f"<TIMEX3 {attrs}>{escape(text[timex['start'] : timex['end']])}</TIMEX3>")
        position = timex["end"]
    out.append(escape(text[position:]))
    return "".join(out)


def annotate_tml(input_path: Path | str) -> str:
    """The TimeML of ``input_path`` with our TIMEX3 tags inserted into ``<TEXT>``.

    Everything outside ``<TEXT>`` (DOCID, the DCT element, TITLE...) is kept byte for byte, so
    the output is a TE3 system file for the official scorer. Tags already inside ``<TEXT>``
    (a gold file given as input) are replaced by ours.
    """
    path = Path(input_path)
    raw, body = _read(path)
    _, dct, text, _ = read_tml(path)
    tagged = to_timeml_text(text, tag_text(text, dct))
    return raw[: body.start("body")] + tagged + raw[body.end("body") :]
