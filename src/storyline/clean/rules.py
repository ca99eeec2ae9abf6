"""Debris a single line gives away by itself: widgets, menus, captions, credits, promos.

Each rule is a small, readable pattern with the reason a user sees. Rules are deliberately
conservative: a line that merely *mentions* subscribing or a photo is news; a line that *is* a
share button, a caption with a picture credit or a promo addressed to the reader is debris.
"""

from __future__ import annotations

import re

from storyline.clean.lines import TRAILING_CREDIT, Line

_SHARE_WIDGET = re.compile(
    r"^(?:share(?: (?:this|the)(?: post| article| story| page)?| on \w+| via \w+)?|tweet|email|"
    r"e-mail|print|pin|save|copy link|link copied|whatsapp|facebook|twitter|linkedin|reddit|"
    r"pinterest|telegram|messenger|scroll(?: to| back to)? top|back to top|top of page|"
    r"(?:\d+\s+)?(?:comments?|shares?)|show comments?|view comments?|"
    r"listen(?: to (?:this )?article)?|"
    r"font size|text size|a\s*a|advertisement|sponsored(?: content)?|ad|"
    r"skip to (?:main )?(?:content|navigation|site index|search)(?: skip to \w+(?: \w+)?)*)"
    r"[\s:.!]*$",
    re.IGNORECASE,
)
_SOCIAL_WORDS = frozenset(
    {
        *("share", "tweet", "email", "e-mail", "print", "facebook", "twitter", "whatsapp"),
        *("linkedin", "reddit", "pinterest", "pint", "telegram", "messenger", "flipboard"),
        *("pocket", "copy", "link", "sms", "mail", "comment", "comments", "save", "x"),
    }
)
_NAVIGATION = re.compile(
    r"^(?:home|menu|search|log ?in|log ?out|sign ?in|sign ?up|register|subscribe(?: now| today)?|"
    r"my account|account|profile|close|open|next|previous|prev|more|less|see all|view all|"
    r"read more|load more|show more|continue reading(?: the main story)?|"
    r"privacy(?: policy| notice)?|terms(?: of (?:use|service))?|cookie(?:s| policy| settings)?|"
    r"contact(?: us)?|about(?: us)?|careers|advertise(?: with us)?|sitemap|site map|faq|help|"
    r"newsletters?|podcasts?|videos?|photos?|sections|topics|trending|latest|most popular|"
    r"most read|editions?|edition|english|archives?|rss|jobs|obituaries|classifieds)[\s:.!»›>]*$",
    re.IGNORECASE,
)
_SEPARATOR_LINE = re.compile(r"^[\W_]+$")
_PIPE_RUN = re.compile(r"[|·•»›]")
_COPYRIGHT_CUES = ("©", "(c)", "copyright", "all rights reserved")
_PROMO_CUES = (
    *("subscri", "newsletter", "sign up", "signing up", "premium", "paywall", "membership"),
    *("free trial", "unlimited access", "digital access", "log in", "register"),
)
_COOKIE_CUES = ("cookie", "javascript", "blocker", "browser")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b|all rights reserved)", re.IGNORECASE)
_CAPTION_CREDIT = re.compile(
    r"\((?:figure|photo|picture|image|pic|credit|file photo|video|illustration|graphic)s?\b"
    r"[^()]{0,80}\)\s*$|(?:photo|image|picture|credit)s?(?:\s*credit)?\s*(?::|\.\.\.|…)\s*\S.{0,80}$",
    re.IGNORECASE,
)
# A line with a glued credit is a sentence first; the credit is a few words at its very end.
_CREDITED_MIN_WORDS = 6
_CREDIT_SEARCH = 80
# A picture credit closes its caption; only the end of a line is searched for one.
_CAPTION_TAIL = 120
_CREDIT_LINE = re.compile(
    r"^(?:source|sources|photo|photos|image|images|picture|credit|credits|photo credit|"
    r"image credit|via|editing by|reporting by|writing by|additional reporting by|"
    r"responsible editor|editor|edited by|compiled by|translated by)\s*:\s*\S",
    re.IGNORECASE,
)
_PICTURE_AGENCY = re.compile(
    r"\b(?:getty images|shutterstock|ap photo|afp photo|reuters/|/reuters|/ap\b|/afp\b|"
    r"istock|alamy|epa-efe|xinhua)\b",
    re.IGNORECASE,
)
_PROMO_TOPIC = re.compile(
    r"\b(?:subscri\w*|newsletters?|sign(?:ing)? up|premium|paywall|membership|"
    r"free trial|unlimited access|digital access|log in|register)\b",
    re.IGNORECASE,
)
_READER_ADDRESS = re.compile(r"\b(?:our|you|your|we)\b", re.IGNORECASE)
# The publisher speaking: "sign up for our newsletter", "our ... subscribers". A sentence telling
# the reader how to subscribe to a product under review addresses "you" but not as "we".
_PUBLISHER_VOICE = re.compile(r"\b(?:our|us)\b", re.IGNORECASE)
_QUOTE_MARK = re.compile(r"[\"“”«»]")
_COOKIE = re.compile(
    r"\b(?:cookies?|javascript|ad ?blocker|browser)\b.*\b(?:enable|accept|use|disable|update|"
    r"continu\w*|agree)\b|\b(?:enable|accept|disable)\b.*\b(?:cookies?|javascript)\b",
    re.IGNORECASE,
)
_OUTLET_NAME = re.compile(
    r"^(?:[A-Z][\w'&.-]*\s+){0,3}(?:English|News|Times|Post|Press|Agency|Daily|Online|"
    r"Network|Media|Herald|Tribune|Journal|Gazette|Wire|TV|Radio)$"
)
_BIO_KEY = re.compile(
    r"^(?:about the author|author|written by|posted by|function|role|position|email|e-mail|"
    r"twitter|follow)\s*:",
    re.IGNORECASE,
)


def line_reason(line: Line) -> str | None:
    """Why this line, on its own, is debris; ``None`` when it may be article text."""
    text = line.text
    if _SEPARATOR_LINE.match(text):
        return "separator line"
    if line.words <= 8 and _SHARE_WIDGET.match(text):
        return "share/scroll widget"
    if 2 <= line.words <= 10 and _only_social_words(text):
        return "share/scroll widget"
    if line.words <= 5 and _NAVIGATION.match(text):
        return "navigation/menu line"
    if line.words <= 30 and len(_PIPE_RUN.findall(text)) >= 2 and not line.terminal:
        return "navigation/menu line"
    lowered = text.casefold()
    if line.words <= 40 and _has_any(lowered, _COPYRIGHT_CUES) and _is_copyright(text):
        return "copyright notice"
    if _CREDIT_LINE.match(text) and line.words <= 30:
        return "photo/source credit"
    if (
        line.words <= 60
        and _CAPTION_CREDIT.search(text[-_CAPTION_TAIL:])
        and not _QUOTE_MARK.search(text)
    ):
        return "photo caption"
    if line.words <= 12 and _PICTURE_AGENCY.search(text) and not line.terminal:
        return "photo/source credit"
    if _has_any(lowered, _PROMO_CUES) and _is_promo(line):
        return "subscription promo"
    if line.words <= 60 and _has_any(lowered, _COOKIE_CUES) and _is_cookie_notice(text):
        return "cookie/browser notice"
    if line.words <= 4 and _OUTLET_NAME.match(text):
        return "outlet name line"
    return None


def _has_any(lowered: str, cues: tuple[str, ...]) -> bool:
    """Cheap substring screen before a costlier regex: most lines are prose and match nothing."""
    return any(cue in lowered for cue in cues)


def _is_copyright(text: str) -> bool:
    return bool(_COPYRIGHT.search(text)) and not _QUOTE_MARK.search(text)


def _is_cookie_notice(text: str) -> bool:
    return bool(_COOKIE.search(text) and _READER_ADDRESS.search(text))


def _only_social_words(text: str) -> bool:
    words = re.findall(r"[\w-]+", text.casefold())
    return sum(word in _SOCIAL_WORDS for word in words) >= max(2, len(words) - 1)


def _is_promo(line: Line) -> bool:
    """Text addressed to the reader about subscribing, not a news sentence about subscriptions."""
    if line.words > 70 or _QUOTE_MARK.search(line.text):
        return False
    return bool(_PROMO_TOPIC.search(line.text) and _PUBLISHER_VOICE.search(line.text))


def is_bio_key(line: Line) -> bool:
    """``Author: ...``, ``Function: ...``: the key-value lines of an author box."""
    return line.words <= 12 and bool(_BIO_KEY.match(line.text))


def trailing_credit(source: str, line: Line) -> tuple[int, int] | None:
    """Offsets in ``source`` of an agency credit glued to the line's last sentence.

    ``...walked out of a contract.—Agencies`` gives the span of ``—Agencies``: the dash and the
    credit, never the sentence. Searched in ``source`` because ``line.text`` joins wrapped lines.
    """
    if line.words < _CREDITED_MIN_WORDS:
        return None
    tail_start = max(line.start, line.end - _CREDIT_SEARCH)
    match = TRAILING_CREDIT.search(source, tail_start, line.end)
    if match is None:
        return None
    return match.start(1), line.end
