"""Debris recognised by where a line sits: outside the article block, in teaser runs, in bio boxes.

A page's article is one dense region of long, punctuated lines; menus, headers, footers and
link lists are runs of short lines around it. Like body-text extraction on HTML (maximise text
inside minus markup outside), we pick the contiguous run of lines with the largest prose score
and call the short-line head and tail outside it debris. Inside the block short lines are kept
(sub-headings, one-line quotes) unless a rule or a teaser cue says otherwise.
"""

from __future__ import annotations

import re

from storyline.clean.lines import Line

# "More from ...", "Related ...": after such a cue a page lists other stories, not this one.
_TEASER_CUE = re.compile(
    r"^(?:more (?:from|on|in|about|stories|news|articles)\b|related\b|read (?:more|next|also)\b|"
    r"see also\b|also read\b|recommended\b|you (?:may|might) (?:also )?(?:like|enjoy)\b|"
    r"(?:most|more) (?:popular|read|viewed|shared)\b|trending\b|latest (?:news|stories)\b|"
    r"top stories\b|editor'?s picks?\b|what to read next\b|further reading\b|"
    r"(?:\d+\s+)?comments?\b|leave a (?:reply|comment)\b|join the conversation\b|"
    r"sponsored (?:stories|links|content)\b|around the web\b|from the web\b|"
    r"share your thoughts\b|tell us what you think\b|"
    r"\d+ (?:responses?|replies|comments?|thoughts) (?:to|on)\b|(?-i:More [A-Z]))",
    re.IGNORECASE,
)
_COMMENT_CUE = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|thoughts)\b(?! (?:from|by|of|on the)\b)|"
    r"leave a (?:reply|comment)|"
    r"join the conversation|share your thoughts|tell us what you think",
    re.IGNORECASE,
)
_BARE_COMMENTS = re.compile(r"^(?:\d+\s+)?comments?\W*$", re.IGNORECASE)
# "Gary M on September 17, 2018 at 8:50 pm said:", "2 days ago at 07:50 am"
_COMMENT_DATED = re.compile(
    r"\bat \d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:said:?)?\s*$", re.IGNORECASE
)
# "joetoronto says:" (a bare handle; "In a statement, Vindman said:" is article text)
_COMMENT_HANDLE = re.compile(r"^\S+(?: \S+)? (?:says|said|wrote|replied|commented)\s*:\s*$")
_SIGNATURE_MAX_WORDS = 15
_INLINE_LINK = re.compile(r"^[^:]{2,30}:\s*\S")
_CUE_MAX_WORDS = 8
_BIO_VOCABULARY = re.compile(
    r"\b(?:graduated|alumn\w*|has been (?:at|with)|previously|joined|is a (?:senior |staff )?"
    r"(?:writer|reporter|journalist|editor|correspondent|contributor)|covers|writes about|"
    r"editor|reporter|journalist|correspondent|contributor|based in)\b",
    re.IGNORECASE,
)
# Weight of a non-prose line inside the block: menus cost, so they fall outside it.
_SHORT_LINE_COST = 4
_PROSE_WORD_CAP = 80


def _weight(line: Line) -> int:
    if line.is_prose:
        return min(line.words, _PROSE_WORD_CAP)
    if line.is_list_item:
        return 0
    return -max(_SHORT_LINE_COST, min(line.words, 12))


def main_block(lines: list[Line], debris: set[int]) -> tuple[int, int] | None:
    """Indices ``(first, last)`` of the densest run of prose lines, or ``None`` when no prose.

    Lines already known to be debris weigh like short lines, so a share widget between two
    paragraphs does not split the article but a long promo cannot anchor a block by itself.
    """
    best_sum = 0
    best: tuple[int, int] | None = None
    run_sum = 0
    run_start = 0
    for position, line in enumerate(lines):
        weight = -_SHORT_LINE_COST if line.index in debris else _weight(line)
        if run_sum <= 0:
            run_sum, run_start = weight, position
        else:
            run_sum += weight
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, position)
    return best


def is_teaser_cue(line: Line) -> bool:
    """'More from Defence Notes', 'Related', '34 responses to ...': the article ends here."""
    if line.words > _CUE_MAX_WORDS + 12 or not _TEASER_CUE.match(line.text):
        return False
    return not line.terminal or line.text.endswith(":") or line.words <= _CUE_MAX_WORDS


def is_comment_cue(line: Line) -> bool:
    return bool(_COMMENT_CUE.match(line.text))


def is_strong_comment_cue(line: Line) -> bool:
    """A comment cue that is not just a 'Comments' button (those also sit inside stories)."""
    return is_comment_cue(line) and not _BARE_COMMENTS.match(line.text)


def is_comment_signature(line: Line) -> bool:
    """The header of a reader comment: who wrote it and when."""
    if line.words > _SIGNATURE_MAX_WORDS:
        return False
    return bool(_COMMENT_DATED.search(line.text) or _COMMENT_HANDLE.match(line.text))


def is_inline_link(line: Line) -> bool:
    """'Read more: Tencent profit falls ...': one teaser link inside the story, not a list."""
    return is_teaser_cue(line) and bool(_INLINE_LINK.match(line.text))


def teaser_run(lines: list[Line], cue: int) -> int:
    """Index one past the teaser list that starts at the cue line ``cue``.

    A teaser list is headline-like lines (short, no full stop), separators and at most one blurb
    after each headline. It ends where the article resumes: two prose lines in a row without a
    headline before them.
    """
    position = cue + 1
    after_headline = True
    while position < len(lines):
        line = lines[position]
        if line.is_prose:
            if not after_headline:
                # Two prose lines in a row: the article resumed at the previous one.
                return position - 1
            after_headline = False
        else:
            after_headline = True
        position += 1
    return position


def is_bio_line(line: Line) -> bool:
    """A sentence of an author box: 'Graduated from ...', 'He has been at the ... since ...'."""
    return line.words <= 60 and len(_BIO_VOCABULARY.findall(line.text)) >= 1
