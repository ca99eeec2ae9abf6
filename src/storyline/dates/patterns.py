"""The regular expressions that find temporal expressions in English news text.

The contract: ``TIMEX_REGEX`` is one case-insensitive alternation of named patterns, tried left
to right with the longest forms first; the name of the group that matched (``_mdy``,
``_relative_unit``...) is the form, and the groups inside it hold the calendar fields as
written. ``TIMEX_START`` finds every place a match can begin, so a scan need not try the others.

The patterns live apart from the code that reads their groups (``timex.py``) because they are
the part that grows: a new form is a new entry in ``_PATTERNS`` (and maybe an opener in
``TIMEX_START``), checked by the property tests that compare the anchored scan with a scan of
every position.
"""

from __future__ import annotations

import re

from storyline.dates.patterns_news import NEWS_PATTERNS, ZONE

_MONTH = (
    r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?"
    r"|Nov\.?|Dec\.?)"
)
_MONTH_START = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
"""Where a month name begins: "May-July" is two months, as TimeML marks them."""
_DAY = r"(?P<{n}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:1[89]|20)\d\d)"
_WEEKDAY = r"(?P<{n}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
# "twenty-four", "twenty four hours", "two thousand years": counts spelled in more than one word
# (``match.number`` reads them).
_COMPOUND_NUMBER = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)\b"
    r"|(?:a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:hundred|thousand)\b"
)
_NUM = (
    r"(?P<{n}>\d{{1,3}}|"
    + _COMPOUND_NUMBER
    + r"|a\s+couple\s+of|a|an|"
    + _NUMBER_WORDS
    + r"|several|a few|few|many|couple\s+of)"
)
# The approximators and bounds TimeML keeps inside a duration's extent (TIMEX3 ``mod``:
# APPROX, LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE; the TimeML 1.2.1 specification's
# example is "no more than 60 days"). "over" only before "a"/"an": "over a week" can only be
# "more than a week", while "over three years" is as often "during three years".
_APPROX = (
    r"(?:(?:no\s+)?(?:more|less|fewer)\s+than|almost|nearly|about|around|approximately"
    r"|roughly|at\s+least|at\s+most|up\s+to|over(?=\s+an?\s))"
)
_UNITS_DIGIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# "nineteen ninety-six", "the year two thousand": years as broadcast transcripts spell them.
_SPELLED_YEAR = (
    r"nineteen[\s-]+(?:(?P<sy_tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:[\s-]+(?P<sy_unit>{_UNITS_DIGIT}))?"
    r"|(?P<sy_teen>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen))"
    rf"|(?<=year )two\s+thousand(?:\s+and\s+(?P<sy_2k>{_UNITS_DIGIT}))?"
)
# Holidays are DATEs to TimeML; those counted from Easter ("Good Friday", "Easter week") too.
# Inside a proper name ("the Good Friday agreement") they name no day (TIDES: non-markable).
_HOLIDAY = (
    r"Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)"
    r"|Election\s+Day|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Veterans\s+Day|Halloween"
    r"|Easter(?:\s+(?:Sunday|Monday|week))?|Good\s+Friday(?!\s+(?:agreement|accord)\b)"
    r"|Palm\s+Sunday|Ash\s+Wednesday|Valentine's\s+Day|(?:St\.?|Saint)\s+Patrick's\s+Day"
    r"|Mother's\s+Day|Father's\s+Day|Boxing\s+Day|Presidents'?\s+Day|Columbus\s+Day"
    r"|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day"
)
_SEASON = r"spring|summer|autumn|fall|winter"
_UNIT = r"(?P<{n}>year|month|fortnight|week|day|decade|hour|minute)s?"
# "a second" is as often an ordinal ("a second term"): a second counts time only in the plural,
# after "one" or after digits ("one second", "a 30-second clip").
_DUR_UNIT = (
    r"(?P<{n}>year|month|fortnight|week|day|decade|hour|minute|quarter|century|centuries"
    r"|second(?=s)|(?<=one )second|(?<=\d )second|(?<=\d-)second)s?"
)
DECADE_WORDS = (
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
)
_MOD = r"(?P<{n}>early|mid|late|the end of|the beginning of|the start of|the middle of)"


def _g(pattern: str, **names: str) -> str:
    return pattern.format(**{key: value for key, value in names.items()})


_PATTERNS: list[tuple[str, str]] = [
    *NEWS_PATTERNS,
    ("iso", r"(?P<iy>(?:1[89]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?!\d)"),
    # "Wednesday, April 10, 2019" / "April 10, 2019" / "mid-July 2019"
    (
        "mdy",
        rf"(?:{_g(_WEEKDAY, n='mdy_wd')}(?:\s?,)?\s+)?{_g(_MONTH, n='mdy_m')}\s+"
        rf"{_g(_DAY, n='mdy_d')}(?:\s?,)?\s+{_g(_YEAR, n='mdy_y')}\b",
    ),
    (
        "dmy",
        rf"(?:{_g(_WEEKDAY, n='dmy_wd')}(?:\s?,)?\s+)?(?:the\s+)?{_g(_DAY, n='dmy_d')}(?:\s+of)?\s+"
        rf"{_g(_MONTH, n='dmy_m')}(?:\s?,)?\s+{_g(_YEAR, n='dmy_y')}\b",
    ),
    (
        "my",
        rf"(?:{_g(_MOD, n='my_mod')}[\s-]+(?:of\s+)?)?"
        rf"{_g(_MONTH, n='my_m')}(?:\s?,)?\s+(?:of\s+)?{_g(_YEAR, n='my_y')}\b",
    ),
    (
        "md",
        rf"(?:{_g(_WEEKDAY, n='md_wd')}(?:\s?,)?\s+)?"
        rf"{_g(_MONTH, n='md_m')}\s+{_g(_DAY, n='md_d')}\b(?![,.]?\d)",
    ),
    (
        "spelled_year",
        rf"(?:{_g(_MONTH, n='sy_m')}\s+|the\s+year\s+)?(?:{_SPELLED_YEAR})(?![\w-])",
    ),
    ("dm", rf"(?:the\s+)?{_g(_DAY, n='dm_d')}(?:\s+of)?\s+{_g(_MONTH, n='dm_m')}\b"),
    # "last October", "late November", "in April", "June last year": the year from the DCT.
    (
        "month",
        rf"(?:(?P<mo_rel>last|this|next|{_MOD[8:-1]})[\s-]+(?:of\s+)?)?"
        # "last Oct. 23" is the day, Oct. 23 (``md``), not last October.
        rf"{_g(_MONTH, n='mo_m')}(?![\w]|-(?!{_MONTH_START})|\s+(?:[12]\d|3[01]|0?[1-9])\b)"
        r"(?:\s+(?P<mo_yrel>this|last|next)\s+year\b)?",
    ),
    (
        "season",
        r"(?:the\s+)?(?:(?P<s_mod>early|late|mid)[\s-]+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<s_y>(?:1[89]|20)\d\d)\b",
    ),
    # "last fall", "this summer", "this past spring", "the early summer"; "the fall of" is a noun.
    # Bare after a preposition, "in spring", "since summer", as news writes them: lowercase
    # (``timex.py`` checks), so "in Spring Valley" stays a place.
    (
        "season_rel",
        r"(?:(?P<sr_rel>last|this\s+past|(?:this\s+|the\s+)?coming|this|next|the)\s+"
        r"|(?<=\bin )|(?<=\bduring )|(?<=\bsince )|(?<=\buntil )|(?<=\bby )|(?<=\bthrough ))"
        r"(?:(?P<sr_mod>early|late|mid)[\s-]+)?"
        rf"(?P<sr_season>{_SEASON})(?:\s+months)?(?![\w-])(?<!the fall)(?!\s+of\b)",
    ),
    ("holiday", rf"(?:(?P<h_rel>last|this|next)\s+)?(?P<hol>{_HOLIDAY})(?![\w-])"),
    # "10:35 a.m.", "9 a.m. EST Tuesday", "5 p.m. EST, Nov. 6", "noon Thursday"; a weekday after
    # a parenthesis ("10:35 a.m. (0735 GMT) Friday") gives the day without joining the extent.
    (
        "clock",
        # "9:30 a.m.", "9.30am" (British style), "12 noon".
        r"(?:(?P<c_h>1[0-2]|0?[1-9])(?:[:.](?P<c_min>[0-5]\d))?\s*(?P<c_ap>[ap])(?:\.m\.|\.m\b|m\b)"
        r"|(?:12\s+(?=noon|midnight))?(?P<c_word>noon|midnight|midday)\b)"
        rf"(?:\s+{ZONE}|\s+local\s+time\b)?"
        rf"(?:(?:\s?,)?\s+{_g(_WEEKDAY, n='c_wd')}\b"
        rf"|(?:\s?,)?\s+{_g(_MONTH, n='c_m')}\s+{_g(_DAY, n='c_d')}\b"
        rf"|(?=\s*\([^()]{{0,20}}\)\s*{_g(_WEEKDAY, n='cl_wd')}\b))?",
    ),
    (
        "quarter",
        # "the third quarter (of 2019)", but "third-quarter" alone: "the" belongs to the noun.
        # The whole noun phrase with its determiner is the expression (TimeML TIMEX3 extents
        # are full NPs without their prepositions): "the 1988 third quarter", "the year-ago
        # third quarter", "this year's third quarter", "the fiscal-first quarter".
        r"(?:(?:the\s+(?:(?P<q_yp>(?:1[89]|20)\d\d)\s+"
        r"|(?:comparable\s+)?(?P<q_rel>year-ago|year-earlier)\s+)?"
        r"|(?P<q_pos>this|last|next)\s+year's\s+)?"
        r"(?:fiscal[\s-]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+"
        r"|(?:fiscal\s+)?(?P<qh>first|second|third|fourth|1st|2nd|3rd|4th)-)quarter"
        r"(?:\s+(?:of\s+)?(?P<q_y>(?:1[89]|20)\d\d)\b|(?![\w-]))",
    ),
    # "the quarter", "the latest quarter", "the year-ago period": quarterly reports' own words.
    (
        "quarter_rel",
        r"(?:the\s+(?:comparable\s+)?(?:(?P<qr_rel>latest|year-ago|year-earlier|current|past|last"
        r"|previous)\s+(?:fiscal\s+)?(?:quarter|(?<=latest |ar-ago |arlier )period)"
        # "the 1988 quarter", "the 1989 period": the quarter reported on, in the year stated.
        r"|(?P<qr_y>(?:1[89]|20)\d\d)\s+(?:quarter|period)"
        r"|(?:fiscal\s+)?quarter)"
        r"|(?P<qr_this>this|next)\s+quarter)(?![\w-])",
    ),
    ("year_ended", r"the\s+(?:fiscal\s+)?year(?=\s+end(?:ed|ing)\b)"),
    # "the 1990s", "the early 1980s", "the mid-1990s", "1960s", "the 1990's", "the nineties",
    # "the '80s", "the mid-'90s" (only with the apostrophe: "in the 90s" is as often degrees).
    (
        "decade",
        r"(?:\bthe\s+)?(?:(?P<dec_mod>early|late|mid)[\s-]+)?"
        r"(?:(?P<dec>(?:1[89]|20)\d0)['’]?s\b|['’](?P<dec2>\d)0['’]?s\b"
        rf"|(?:(?<=the )|(?<=early )|(?<=late )|(?<=mid-)|(?<=mid ))"
        rf"(?P<dec_w>{'|'.join(DECADE_WORDS)})(?![\w-]))",
    ),
    # "over the weekend", "this weekend".
    ("weekend", r"(?P<we_rel>the|this|last|next)\s+weekend\b"),
    # Anaphoric "For the week," "the week's", "For the year," "the full year", "for the fiscal
    # year.": the DCT's.
    (
        "the_unit",
        r"the\s+(?:(?P<tu_full>full)\s+(?P<tu_fy>year)\b"
        r"|(?:fiscal\s+(?=year))?(?P<tu_unit>week|year)(?=\s*[,.](?!\d)|'s\s))",
    ),
    # "by year-end", "since year-end", "by year's end".
    (
        "year_end",
        r"(?:(?<=by )|(?<=at )|(?<=since )|(?<=until )|(?<=before )|(?<=around ))"
        r"year(?:[\s-]+end|'s\s+end)(?![\w-])",
    ),
    ("modyear", rf"{_g(_MOD, n='y_mod')}[\s-]+(?:of\s+)?{_g(_YEAR, n='y_y')}\b"),
    # "fiscal 1989", "fiscal year 2014", "the 2014 fiscal year".
    (
        "fiscal_year",
        r"(?:fiscal\s+(?:year\s+)?(?P<fy>(?:1[89]|20)\d\d)\b(?![\w%-]|[.,]\d)"
        r"|(?:the\s+)?(?P<fy2>(?:1[89]|20)\d\d)\s+fiscal\s+year\b)",
    ),
    # Older years ("in 1517", "in 1789 or 1776") only after a preposition, and closing a phrase,
    # where a count ("in 1500 cases") would go on with its noun.
    (
        "old_year",
        r"(?:(?<=\bin )|(?<=\bsince )|(?<=\buntil )|(?<=\bfrom )|(?<=\bbefore )|(?<=\bafter )"
        r"|(?<=\d\d\d\d or )|(?<=\d\d\d\d and ))(?P<oy>1[0-7]\d\d)"
        r"(?=\s*(?:[,.;:)!?]|$)|\s+(?:or|and)\s+1[0-9]\d\d\b)",
    ),
    (
        "year",
        # "post-1959 politics" (TBAQ keeps "post-" in), "a 1960-era town", "a 1929-style run".
        # "the year 2030": the noun and its article belong to the expression.
        r"(?:(?<![\w$£€-])(?:the\s+year\s+|(?:post|pre)-)?|(?<=(?:1[89]|20)\d\d-))"
        r"(?P<yy>(?:1[89]|20)\d\d)"
        # A span of years ("from 1999-2008", "1995-98") is two years, as TimeML marks them.
        r"(?![\w%]|-(?!(?:1[89]|20)\d\d\b|\d\d\b|era\b|style\b)|[.,]\d"
        r"|\s*(?:%|percent|people|troops|km|kilometers|miles|tons|tonnes))",
    ),
    # The end of a span of years written short: the "98" of "1995-98".
    ("year_end_short", r"(?<=(?:1[89]|20)\d\d-)(?P<ys>\d\d)(?![\w%-]|[.,]\d)"),
    ("weekday_day", rf"{_g(_WEEKDAY, n='wdd_wd')}\s*\(\s*(?P<wdd_d>[12]\d|3[01]|0?[1-9])\s*\)"),
    (
        "ordinal_this_month",
        r"the\s+(?P<otm_d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\s+of\s+(?P<otm_rel>this|last|next)\s+month",
    ),
    # "on the 22nd": a day of the month; not "on the 11th day" of a protest or "the 13th Floor".
    (
        "ordinal_day",
        r"(?<=\bon )the\s+(?P<od_d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
        r"(?!\s+(?:day|days|anniversary|century|floor|time|round|hour|week|month|year|(?-i:[A-Z])))",
    ),
    (
        "weekday",
        # "the previous Friday", "the following Monday": the determiner is in the extent.
        r"(?:(?P<wd_mod>early|late)\s+)?(?:(?P<wd_rel>last|next|this|the\s+(?:previous|following))\s+)?"
        # Not the "Friday" of "the Good Friday agreement", which the holiday pattern declines.
        rf"(?<!good ){_g(_WEEKDAY, n='wd')}\b"
        r"(?:\s+(?P<wd_pod>morning|afternoon|evening|night)\b)?",
    ),
    (
        "part_of_day",
        r"(?P<pod_rel>this|last|tomorrow|yesterday)\s+(?P<pod>morning|afternoon|evening|night)\b",
    ),
    (
        "relative_unit",
        r"(?:the\s+)?(?:(?P<ru_mod>early|late|mid)[\s-]+)?"
        r"(?P<ru_rel>last|next|this|previous|coming|past|current|(?<=the )latest)\s+"
        r"(?:fiscal\s+(?=year))?(?P<ru_unit>year|month|week|fortnight)\b(?:\s+or\s+so\b)?",
    ),
    (
        "earlier_later",
        # The TimeBank annotations keep "earlier" in "earlier this month".
        r"(?P<el_mod>earlier|later|early|late)\s+(?:this|in\s+the)\s+"
        r"(?P<el_unit>year|month|week)\b",
    ),
    (
        "ago",
        rf"(?:(?:{_APPROX}|some|over)\s+)?"
        rf"(?<!\d[.,]){_g(_NUM, n='ago_n')}\s+"
        # "a month after the vote", "three days later": TimeML leaves "after" and "later" out,
        # signals rather than part of the length (TBAQ: "later" outside 4 times of 4; "earlier"
        # inside 26 of 28). "or so" is an approximator (mod APPROX) inside: "a week or so ago".
        # "two weeks from now" counts forward as "ago" counts back, and is one expression.
        rf"{_g(_UNIT, n='ago_u')}(?:\s+or\s+so)?"
        r"(?:\s+(?P<ago_dir>ago|earlier|from\s+now)\b"
        r"|(?=\s+(?P<ago_ev>before|after|later)\b))",
    ),
    (
        "deictic",
        r"\b(?P<deictic>yesterday|today|tomorrow|tonight|(?:right\s+)?now|currently|nowadays"
        r"|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))\b",
    ),
    ("set", r"\b(?P<set>every\s+(?:year|month|week|day)|annually|daily|weekly|monthly|yearly)\b"),
    # "the past two months", "the first nine months", "more than six weeks", "a 16-hour flight";
    # not ages ("a 44-year-old"), which TimeML leaves untagged.
    (
        "duration",
        # "at least the past 18 months": the bound before the determiner, as TimeML keeps it.
        rf"(?:{_APPROX}\s+(?=the\s))?"
        r"(?:(?:the\s+)?(?P<dur_rel>past|last|next|first|coming|previous|final"
        r"|(?<=the )(?:latest|year-earlier|year-ago))\s+"
        # "the past nearly three years"; but "likely to last over a week" is the verb.
        rf"(?:(?<!last\s){_APPROX}\s+)?"
        # "the nine months": a bare "the" only right before the count.
        rf"|the\s+(?=\d|an?\s|couple|several|few|{_NUMBER_WORDS})"
        rf"|{_APPROX}\s+)?"
        rf"(?<!\d[.,]){_g(_NUM, n='dur_n')}"
        # "two to three weeks", "the next 12 to 18 months": one length of unknown count.
        rf"(?:(?:\s+to\s+|-)(?P<dur_n2>\d{{1,3}}|{_NUMBER_WORDS}))?"
        # "two more weeks", "an additional year": still a length, and so in the extent.
        r"(?:\s+(?P<dur_more>more|additional|further))?"
        # "eight trading days", "30 business days": days counted on a calendar of their own.
        r"[\s-]+(?:(?:trading|business|working)\s+(?=days?\b))?"
        rf"{_g(_DUR_UNIT, n='dur_u')}\b"
        # Not ages ("52 years old"), which TimeBank leaves untagged as it does "a 44-year-old".
        r"(?!-(?:old|earlier|ago|long)\b|\s+old\b)(?:\s+or\s+so\b)?",
    ),
    # "a year-earlier loss", "year-ago levels": the year before, as "a year ago" is.
    ("year_ago", r"year-(?:earlier|ago)(?![\w-])"),
    # TimeML's vague references: "recently", "in the past", "the future", "recent years".
    (
        "vague",
        # Not the "recently" of "as recently as January", a bound on the date after it.
        r"(?P<vague>(?<!\bas )recently(?!\s+as\b)"
        # "will soon", "may soon seek", "soon will": a modal makes "soon" a time ahead.
        r"|(?:(?<=will )|(?<=may )|(?<=might )|(?<=could )|(?<=would )|(?<=to ))soon(?!\s+after)"
        r"|soon(?=\s+will\b)|the\s+past(?!\s+(?:[\w-]+\s+)?(?:year|month|fortnight|week|day|decade|quarter"
        r"|hour|minute|summer|spring|fall|winter|century)s?\b)"
        r"|the\s+(?:(?:near|foreseeable|distant)\s+)?future|the\s+(?:near|short)\s+term"
        r"|these\s+days|(?:recent|previous|(?:the\s+)?past)\s+(?P<vague_u>year|month|week|day|quarter)s"
        # "future quarters", "coming quarters": a time ahead, as TBAQ marks them (FUTURE_REF).
        r"|(?P<vague_f>future\s+(?:year|month|week|quarter)s|(?:the\s+)?coming\s+quarters)"
        # The adjectives alone, as TimeML marks them: "current law", "recent arrests".
        r"|current(?!\s+account)|recent|as\s+soon\s+as\s+possible)(?![\w-])",
    ),
]

# Case-insensitive as a whole ("Last year", "last year"); month and weekday names are then
# required to be capitalised (``timex.py`` checks the ``NAME_GROUPS``), so "may" and "march"
# as words are not dates.
# Every pattern starts at a word boundary: "amid 2019" is not "mid 2019", "1118 months" not
# "18 months", "the Obama years" not "a years".
TIMEX_REGEX = re.compile(
    "|".join(f"(?<!\\w)(?P<_{name}>{body})" for name, body in _PATTERNS), re.IGNORECASE
)
# The groups that hold a month or weekday name.
NAME_GROUPS = re.compile(r"_(?:m|wd|wdd_wd)$|^wd$")

# Letters besides its two cases that match an ASCII letter under re.IGNORECASE.
FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def caseless(pattern: str) -> str:
    """``pattern``, written in lowercase, spelled out to match what it matches with re.IGNORECASE.

    re.IGNORECASE folds case at every character tried, which makes a scan of every position
    several times slower than the same pattern with its letters spelled out as ``[Tt]``.
    """
    return re.sub(
        r"\\.|[a-z]",
        lambda m: m[0] if len(m[0]) > 1 else f"[{m[0]}{m[0].upper()}{FOLDS.get(m[0], '')}]",
        pattern,
    )


# Where a match can start. Every pattern opens at a word start (the ``(?<!\w)`` in
# ``TIMEX_REGEX``) with a digit or one of these words, so trying ``TIMEX_REGEX`` only at these
# places finds the same matches as scanning every character, several times faster. The words are
# written as loosely as the patterns allow ("jan" stands for "January", "Jan." and "Janet"); the
# common ones ("the", "a", "this", "last", number words) also demand the word that must follow
# them, because a sentence holds many of them and few dates.
TIMEX_START = re.compile(
    caseless(
        r"(?<!\w)(?="
        r"\d"
        r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
        r"|mon|tue|wed|thu|fri|sat|sun"
        r"|the\s+(?:\d|['’]\d|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
        r"|end\ of|beginning\ of|start\ of|middle\ of"
        r"|latest|year-|year\s|current|past|last|previous|fiscal|quarter|future|next|coming|final"
        r"|early|late|mid|spring|summer|autumn|fall|winter|weekend|week|year|full\s"
        r"|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"
        r"|following|preceding|prior|same|days?\s|months?\s|twentieth|this\s|near\s|foreseeable"
        r"|couple"
        r"|comparable\s"
        r"|distant|short\s"
        rf"|an?\s|{_NUMBER_WORDS}|several|few|many)"
        rf"|(?:an?|{_NUMBER_WORDS}|several|few|many)"
        r"[\s-]+(?:few|hundred|thousand|couple|year|month|fortnight|week|day|decade|hour|minute"
        r"|seconds|(?<=one[\s-])second"
        r"|quarter|half|trading\s|business\s|working\s"
        r"|times|centur|and\s|to\s|more\s|additional\s|further\s|one|two|three|four|five|six"
        r"|seven|eight|nine"
        r"|o'clock)"
        r"|(?:first|second|third|fourth)[\s-]+quarter"
        r"|(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|final)\s+(?:day|week|month|year)"
        r"|(?:last|next|this|previous|coming|past|current|first|final|upcoming)\s"
        r"|current|recent|fiscal\s|nineteen|as\s+soon\s|future\s|(?:post|pre)-\d"
        r"|some\s+(?:year|month|week|day|decade|hour|minute)s"
        r"|(?:almost|nearly|about|around|approximately|roughly|some|over|at\s+least|at\s+most"
        r"|up\s+to)\s+(?:\d|an?\s"
        rf"|{_NUMBER_WORDS}|several|few"
        # "at least the past 18 months"
        r"|the\s+(?:past|last|next|first|coming|previous|final)\s)"
        r"|earl|late|mid|spring|summer|autumn|fall|winter"
        r"|yesterday|today|tomorrow|tonight|now|right\s+now|currently|noon|soon"
        r"|thanksgiving|christmas|new\s+year's|election|independence|labor|memorial|veterans"
        r"|halloween|easter|good\s+friday|palm\s+sunday|ash\s+wednesday|valentine's"
        r"|(?:st\.?|saint)\s+patrick's|mother's\s|father's\s|boxing\s|presidents'?\s|columbus\s"
        r"|martin\s+luther|['’]\d0"
        r"|halloween|year[\s-]+end|year's\s+end|year-earlier|year-ago"
        r"|these\s+days|couple\s+of\s|two\s+thousand"
        # Forms that open on a lookbehind: "the" may be glued to the word before it.
        r"|(?<=the\ )(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
        r"|every|each\s|once\s|twice\s|half\s+an?\s|hourly|that\s+(?:same|day|year|month|quarter)"
        r"|annually|daily|weekly|monthly|yearly|overnight|dawn|dusk|daybreak|sunrise|sunset"
        r"|(?:day|week|month|year|decade|hour|minute)s?(?:-?long|(?<=s)(?![\w-]))|centuries"
        r"|(?:more|less|fewer)\s+than\s|no\s+(?:more|less|fewer)\s+than\s"
        r")"
    )
)
