"""Put the debris rules together into stand-off marks over a document's text.

Order matters only for the reason a line gets: the most specific rule that fires names it
(a doubled headline link is reported as such, not as "outside the article block"). Marks are
whole lines, or the exact suffix of a line for credits glued to the last sentence; adjacent
lines with the same reason become one mark.
"""

from __future__ import annotations

from storyline.clean import layout, repeats, rules
from storyline.clean.lines import Line, split_lines
from storyline.records import Document, Mark

DEBRIS = "debris"
# A run of this many short lines with no sentence ending inside the article is a link list.
_LINK_RUN = 5
_BIO_BOX_LINES = 6
# After this much prose a comment cue ends the article even if more prose (comments) follows.
_SURE_ARTICLE_WORDS = 150
# Rule-marked lines on one side of the article that show it is page furniture, not article.
_FURNITURE_LINES = 2


def mark_debris(text: str, *, title_end: int = 0, layout: bool = True) -> list[Mark]:
    """Marks page debris in already-flattened article text, without cutting the text.

    Returns sorted, non-overlapping ``Mark(start, end, "debris", {"reason": ...})`` with
    Python str offsets into ``text``. ``title_end`` is the offset where the title line ends
    (0 if none): the title itself is never debris, and it is used to spot the headline printed
    again. Precision before recall: a real sentence left unmarked costs little, a real
    sentence marked as debris loses evidence downstream. ``layout=False`` skips the rules that
    read the page's layout (the main block, teaser runs): for text an extractor already cut
    out of HTML, where they only remove real article lines.
    """
    if not 0 <= title_end <= len(text):
        raise ValueError(f"title_end {title_end} outside text of length {len(text)}")
    lines = split_lines(text, title_end)
    if not lines:
        return []
    title = text[:title_end].strip()
    reasons = _line_reasons(lines, title)
    _mark_bio_boxes(lines, reasons)
    if layout:
        _mark_teasers(lines, reasons)
        _mark_link_runs(lines, reasons)
        _mark_outside_block(lines, reasons)
    marks = _merge(lines, reasons)
    marks.extend(_trailing_credits(text, lines, reasons))
    marks.sort(key=lambda mark: mark.start)
    return marks


def clean(document: Document) -> Document:
    """Add debris marks (``kind="debris"``) to ``document.marks`` and return the document.

    The title is the first non-empty line when it equals ``document.title`` (plain-text input);
    otherwise the whole text is body. Existing debris marks are replaced, so cleaning twice is
    the same as cleaning once.
    """
    title_end = _title_end(document.text, document.title)
    kept = [mark for mark in document.marks if mark.kind != DEBRIS]
    marks = mark_debris(document.text, title_end=title_end, layout=not document.extracted)
    document.marks = kept + marks
    return document


def _title_end(text: str, title: str) -> int:
    title = title.strip()
    stripped = text.lstrip()
    if not title or not stripped.startswith(title):
        return 0
    return len(text) - len(stripped) + len(title)


def _line_reasons(lines: list[Line], title: str) -> dict[int, str]:
    reasons: dict[int, str] = {}
    twice = repeats.printed_twice(lines)
    for line in lines:
        if repeats.is_doubled(line.text):
            reasons[line.index] = "headline link run together"
        elif repeats.is_title_again(line, title):
            reasons[line.index] = "title printed again"
        elif line.index in twice:
            reasons[line.index] = f"paragraph printed twice (first at offset {twice[line.index]})"
        elif (reason := rules.line_reason(line)) is not None:
            reasons[line.index] = reason
    return reasons


def _mark_bio_boxes(lines: list[Line], reasons: dict[int, str]) -> None:
    """An ``Author:`` line and the bio sentences and key-value lines right after it."""
    for line in lines:
        if not rules.is_bio_key(line):
            continue
        reasons[line.index] = "author bio"
        for follower in lines[line.index + 1 : line.index + _BIO_BOX_LINES]:
            if follower.blank_before and follower.is_prose:
                break
            if not (rules.is_bio_key(follower) or layout.is_bio_line(follower)):
                break
            reasons[follower.index] = "author bio"


def _mark_teasers(lines: list[Line], reasons: dict[int, str]) -> None:
    """Lists of other stories after a 'More from' / 'Related' cue, and reader comments.

    A teaser list ends where the article resumes; a comment section runs to the page end.
    Either counts only when less prose follows it than came before it, so an inline
    "Related" box early in a story cannot cut the story.
    """
    prose_after = sum(line.words for line in lines if line.is_prose and line.index not in reasons)
    prose_before = 0
    signatures = sum(1 for line in lines if layout.is_comment_signature(line))
    position = 0
    while position < len(lines):
        line = lines[position]
        own_prose = line.words if line.is_prose and line.index not in reasons else 0
        prose_after -= own_prose
        is_signature = layout.is_comment_signature(line)
        if prose_before and layout.is_inline_link(line):
            reasons.setdefault(line.index, "related-article link")
        elif (
            prose_before > prose_after
            and (layout.is_comment_cue(line) or (is_signature and signatures >= 2))
        ) or (prose_before >= _SURE_ARTICLE_WORDS and layout.is_strong_comment_cue(line)):
            for rest in lines[position:]:
                reasons.setdefault(rest.index, "reader comments")
            return
        elif prose_before and layout.is_teaser_cue(line):
            stop = layout.teaser_run(lines, position)
            run = lines[position:stop]
            if sum(teaser.words for teaser in run if teaser.is_prose) < prose_before:
                for teaser in run:
                    reasons.setdefault(teaser.index, "related-article teaser")
                prose_after -= sum(t.words for t in run[1:] if t.is_prose)
                position = stop
                continue
        signatures -= is_signature
        prose_before += own_prose
        position += 1


def _mark_link_runs(lines: list[Line], reasons: dict[int, str]) -> None:
    """Runs of short unpunctuated lines: menus and headline lists, not sub-headings."""
    run: list[Line] = []
    for line in [*lines, None]:
        if (
            line is not None
            and line.is_short
            and not line.terminal
            and line.words <= 12
            and not line.is_list_item
        ):
            run.append(line)
            continue
        if len(run) >= _LINK_RUN:
            for member in run:
                reasons.setdefault(member.index, "navigation/link list")
        run = []


def _mark_outside_block(lines: list[Line], reasons: dict[int, str]) -> None:
    """Head and tail around the article block, when they show page furniture.

    Short lines outside the block are debris. Prose outside it is debris only when its side of
    the page also holds lines a rule recognised (menus, widgets, teasers): text already
    extracted from HTML has no furniture left, and its prose around a list is article text.
    """
    block = layout.main_block(lines, set(reasons))
    if block is None:
        return
    first, last = block
    for side, reason in (
        (lines[:first], "page header before the article"),
        (lines[last + 1 :], "page footer after the article"),
    ):
        furnished = sum(line.index in reasons for line in side) >= _FURNITURE_LINES
        for line in side:
            if furnished or not line.is_prose:
                reasons.setdefault(line.index, reason)


def _merge(lines: list[Line], reasons: dict[int, str]) -> list[Mark]:
    marks: list[Mark] = []
    previous: Line | None = None
    for line in lines:
        reason = reasons.get(line.index)
        if reason is None:
            previous = None
            continue
        if previous is not None and reasons[previous.index] == reason and marks:
            last = marks[-1]
            marks[-1] = Mark(last.start, line.end, DEBRIS, last.attrs)
        else:
            marks.append(Mark(line.start, line.end, DEBRIS, {"reason": reason}))
        previous = line
    return marks


def _trailing_credits(text: str, lines: list[Line], reasons: dict[int, str]) -> list[Mark]:
    marks: list[Mark] = []
    for line in lines:
        if line.index in reasons:
            continue
        span = rules.trailing_credit(text, line)
        if span is not None:
            marks.append(Mark(span[0], span[1], DEBRIS, {"reason": "photo/source credit"}))
    return marks
