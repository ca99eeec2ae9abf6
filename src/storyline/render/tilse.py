"""The tilse timeline text format, so that other researchers can score our timelines.

tilse (Martschat & Markert 2017/2018) and the T17/Crisis reference timelines use one plain text
layout: a date line ``YYYY-MM-DD``, the day's sentences one per line, and a line of 32 dashes
closing each day (tilse's reader keeps a day only when its closing line comes, so the last day
has one too). ``tilse.data.timelines.Timeline.from_file`` reads it back.
"""

from __future__ import annotations

from collections.abc import Sequence

SEPARATOR = "-" * 32


def tilse_text(dated: Sequence[tuple[str, Sequence[str]]]) -> str:
    """``[(YYYY-MM-DD, [sentence, ...]), ...]`` as tilse text, days in the order given.

    A sentence is written on one line (its inner line breaks become spaces); days without a
    sentence are left out, since the format has no way to say "a date and nothing".
    """
    blocks = []
    for date, sentences in dated:
        lines = [" ".join(s.split()) for s in sentences]
        lines = [line for line in lines if line]
        if lines:
            blocks.append("\n".join([date, *lines]))
    return "".join(f"{block}\n{SEPARATOR}\n" for block in blocks)
