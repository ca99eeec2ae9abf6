"""The date layer: recognizing temporal expressions and resolving them against a clock."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.dates import patterns, timex
from storyline.dates.calendar import DocumentClock, valid_day
from storyline.dates.resolve import Resolution, resolve
from storyline.dates.timex import TimexMatch, find_timexes

D = dt.date
DCT = DocumentClock.exact(D(2019, 4, 10))  # a Wednesday
JUNE = DocumentClock.exact(D(2020, 6, 1))
AFTER_JULY = DocumentClock(D(2019, 7, 1), None)
DATELINE = DocumentClock(D(2019, 4, 10), None, (4, 10))

# TIMEX3 values the resolver may produce (TimeML 1.2, with X for unknown digits).
VALID_VALUE = re.compile(
    r"""
    (?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?   # YYYY, YYYY-MM, YYYY-MM-DD, XXXX-05-07
    | (?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX)T(?:MO|AF|EV|NI)  # parts of a day
    | (?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX)T(?:[01]\d|2[0-4]):[0-5]\d  # clock times
    | XXXX-QX                                           # a quarter of an unknown year
    | (?:\d{4}|XXXX)-W(?:\d{2}|XX)(?:-[1-7]|-WE)?       # 2019-W14, XXXX-WXX-1, weekends
    | \d{4}-Q[1-4] | (?:\d{4}|XXXX)-(?:SP|SU|FA|WI)    # quarters, seasons
    | \d{3}                                             # decades
    | PRESENT_REF | PAST_REF | FUTURE_REF
    | P(?:\d+|X)(?:[YMWDQ]|DE) | PXC                    # durations and sets; "for centuries"
    | PT(?:\d+|X)[HMS]                                   # hours, minutes and seconds
    | P\d+\.5[MQ] | PT\d+\.5M                            # half a month, quarter or minute
    | P(?:\d+Y)?6M | P(?:\d+D)?T12H | PT(?:\d+H)?30M | PT(?:\d+M)?30S  # "and a half"
    | \d{2} | XX | XXX                                  # centuries; unknown century/decade
    | (?:\d{4}|XXXX)-H[12]                              # halves of a year
    | (?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX)T(?:MO|AF|EV|NI|[01]\d:[0-5]\d|2[0-4]:[0-5]\d)
    | XXXX-(?:\d{2}|WXX-[1-7])                          # "each July", "every Monday"
    """,
    re.VERBOSE,
)
# Forms whose text states a year, and forms relative to the article's date.
YEAR_FORMS = {"iso", "mdy", "dmy", "my", "season", "quarter", "decade", "modyear", "year"}
RELATIVE_FORMS = {
    "relative_unit",
    "earlier_later",
    "ago",
    "deictic",
    "weekday",
    "weekday_day",
    "ordinal_day",
    "ordinal_this_month",
    "md",
    "dm",
    "month",
    "quarter_rel",
    "part_of_day",
}


def one(text: str) -> TimexMatch:
    matches = find_timexes(text)
    assert len(matches) == 1, matches
    return matches[0]


def res(text: str, clock: DocumentClock = DCT, *, future: bool = False) -> Resolution:
    return resolve(one(text), clock, future=future)


def bounds(resolution: Resolution) -> tuple[dt.date | None, dt.date | None]:
    assert resolution.date is not None
    return resolution.date.earliest, resolution.date.latest


# ---- explicit dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It happened on September 12, 2017.", "2017-09-12"),
        ("It happened on 12 September 2017.", "2017-09-12"),
        ("It happened on the 12th of September, 2017.", "2017-09-12"),
        ("Filed 2019-04-10 in Ankara.", "2019-04-10"),
        ("Published Wednesday, April 10, 2019.", "2019-04-10"),
        ("Signed on Sept. 5, 2019.", "2019-09-05"),
        # Tokenised text (T17, PTB): a space before the comma.
        ("It began on April 20 , 2010 when", "2010-04-20"),
        ("Published Tuesday , April 20 , 2010 .", "2010-04-20"),
    ],
)
def test_explicit_day(text: str, value: str) -> None:
    resolution = res(text)
    assert (resolution.type, resolution.value) == ("DATE", value)
    assert resolution.date is not None and resolution.date.value == value
    assert bounds(resolution) == (D.fromisoformat(value),) * 2


def test_explicit_date_ignores_clock() -> None:
    assert res("on September 12, 2017", DocumentClock.unknown()).value == "2017-09-12"


def test_impossible_day_keeps_month() -> None:
    resolution = res("on February 30, 2019")
    assert resolution.value == "2019-02"
    assert bounds(resolution) == (D(2019, 2, 1), D(2019, 2, 28))


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("in mid-July 2019", "2019-07", D(2019, 7, 11), D(2019, 7, 20)),
        ("Mid-July 2019 saw deliveries", "2019-07", D(2019, 7, 11), D(2019, 7, 20)),
        ("in September 2017", "2017-09", D(2017, 9, 1), D(2017, 9, 30)),
        ("in early September 2017", "2017-09", D(2017, 9, 1), D(2017, 9, 10)),
        ("at the end of February 2019", "2019-02", D(2019, 2, 21), D(2019, 2, 28)),
        ("in 2020", "2020", D(2020, 1, 1), D(2020, 12, 31)),
        ("in early 2020", "2020", D(2020, 1, 1), D(2020, 4, 30)),
        ("Early 2020 was quiet", "2020", D(2020, 1, 1), D(2020, 4, 30)),
        ("by late 2019", "2019", D(2019, 9, 1), D(2019, 12, 31)),
    ],
)
def test_month_and_year_with_modifiers(text: str, value: str, low: dt.date, high: dt.date) -> None:
    resolution = res(text)
    assert resolution.value == value
    assert resolution.date is not None and resolution.date.value == value
    assert bounds(resolution) == (low, high)


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("in the first quarter of 2019", "2019-Q1", D(2019, 1, 1), D(2019, 3, 31)),
        ("in summer 2019", "2019-SU", D(2019, 6, 1), D(2019, 8, 31)),
        ("in the 1990s", "199", D(1990, 1, 1), D(1999, 12, 31)),
    ],
)
def test_quarters_seasons_decades(text: str, value: str, low: dt.date, high: dt.date) -> None:
    resolution = res(text)
    assert (resolution.type, resolution.value) == ("DATE", value)
    assert bounds(resolution) == (low, high)


# ---- month and day without a year -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clock", "future", "value"),
    [
        ("on May 7", JUNE, False, "2020-05-07"),
        ("on December 20", JUNE, False, "2019-12-20"),
        ("on 20 December", JUNE, False, "2019-12-20"),
        # The occurrence nearest the article's date; a later one when near or in a future sentence.
        ("on May 7", JUNE, True, "2020-05-07"),
        ("on December 20", JUNE, True, "2020-12-20"),
        ("on June 20", JUNE, False, "2020-06-20"),
        ("on September 1", JUNE, False, "2019-09-01"),
        ("by Jan. 14", DocumentClock.exact(D(2019, 12, 20)), False, "2020-01-14"),
        ("on Dec. 28", DocumentClock.exact(D(2020, 1, 3)), True, "2019-12-28"),
        ("on November 20", JUNE, True, "2020-11-20"),
        ("on November 20", JUNE, False, "2019-11-20"),
    ],
)
def test_month_day_exact_clock(text: str, clock: DocumentClock, future: bool, value: str) -> None:
    resolution = res(text, clock, future=future)
    assert resolution.value == value
    assert resolution.date is not None and resolution.date.value == value


def test_month_day_lower_bound_clock_never_guesses_a_year() -> None:
    resolution = res("on May 7", AFTER_JULY)
    assert resolution.value == "XXXX-05-07"
    assert resolution.date is not None and resolution.date.value is None
    assert bounds(resolution) == (D(2019, 5, 7), None)
    future = res("on May 7", AFTER_JULY, future=True)
    assert future.value == "XXXX-05-07"
    assert bounds(future) == (D(2020, 5, 7), None)


def test_month_day_ranged_clock() -> None:
    year = DocumentClock(D(2019, 1, 1), D(2019, 12, 31))
    # The article's year is known: news writes a bare date only within that year.
    december = res("on December 20", year)
    assert december.value == "2019-12-20"
    # Across a year boundary the year stays open: a range between the two candidates.
    straddling = res("on December 20", DocumentClock(D(2019, 6, 1), D(2020, 5, 31)))
    assert straddling.value == "XXXX-12-20"
    assert bounds(straddling) == (D(2018, 12, 20), D(2019, 12, 20))
    # Only one May 7 precedes every date from July to December.
    second_half = DocumentClock(D(2019, 7, 1), D(2019, 12, 31))
    assert res("on May 7", second_half).value == "2019-05-07"


# ---- relative to the article's date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("last year", "2018", D(2018, 1, 1), D(2018, 12, 31)),
        ("Next year", "2020", D(2020, 1, 1), D(2020, 12, 31)),
        ("this month", "2019-04", D(2019, 4, 1), D(2019, 4, 30)),
        ("last week", "2019-W14", D(2019, 4, 1), D(2019, 4, 7)),
        ("yesterday", "2019-04-09", D(2019, 4, 9), D(2019, 4, 9)),
        ("today", "2019-04-10", D(2019, 4, 10), D(2019, 4, 10)),
        ("tomorrow", "2019-04-11", D(2019, 4, 11), D(2019, 4, 11)),
        ("two weeks ago", "2019-03-27", D(2019, 3, 27), D(2019, 3, 27)),
        ("three years ago", "2016", D(2016, 1, 1), D(2016, 12, 31)),
        ("two months ago", "2019-02", D(2019, 2, 1), D(2019, 2, 28)),
        ("a decade ago", "2009", D(2009, 1, 1), D(2009, 12, 31)),
        ("on Monday", "2019-04-08", D(2019, 4, 8), D(2019, 4, 8)),
        ("last Wednesday", "2019-04-03", D(2019, 4, 3), D(2019, 4, 3)),
        ("next Monday", "2019-04-15", D(2019, 4, 15), D(2019, 4, 15)),
    ],
)
def test_relative_to_exact_clock(text: str, value: str, low: dt.date, high: dt.date) -> None:
    resolution = res(text)
    assert (resolution.type, resolution.value) == ("DATE", value)
    assert bounds(resolution) == (low, high)


def test_weekday_in_future_sentence_points_forward_unless_last() -> None:
    assert res("on Monday", future=True).value == "2019-04-15"
    assert res("last Monday", future=True).value == "2019-04-08"


def test_relative_with_unknown_clock_stays_unknown() -> None:
    unknown = DocumentClock.unknown()
    assert res("last year", unknown).value == "XXXX"
    assert res("on Monday", unknown).value == "XXXX-WXX-1"
    assert res("yesterday", unknown).value == "XXXX-XX-XX"


def test_ago_with_ranged_clock_is_a_range() -> None:
    resolution = res("two weeks ago", AFTER_JULY)
    assert resolution.value == "XXXX-XX-XX"
    assert bounds(resolution) == (D(2019, 6, 17), None)
    in_2019 = DocumentClock(D(2019, 1, 1), D(2019, 12, 31))
    assert res("three years ago", in_2019).value == "2016"


def test_ago_far_back_stays_valid() -> None:
    assert res("999 years ago", DocumentClock.exact(D(1950, 1, 1))).value == "0951"
    # Before year 1: no date, and no crash.
    assert res("999 decades ago").value == "XXXX"


def test_ago_without_amount_is_past() -> None:
    resolution = res("several days ago")
    assert (resolution.type, resolution.value) == ("DATE", "PAST_REF")
    assert bounds(resolution) == (None, D(2019, 4, 10))


@pytest.mark.parametrize("text", ["two days later", "three years earlier", "a day before the vote"])
def test_counts_from_an_event_are_durations(text: str) -> None:
    # Not counted from the article's date: "two days before the vote" is not April 8.
    assert res(text).type == "DURATION"


# ---- day of the month -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tass said on the 8th that", "2019-04-08"),
        ("the 4th of this month", "2019-04-04"),
        ("Wednesday (10)", "2019-04-10"),
        ("Tass said on the 28th that", "2019-03-28"),
        ("the 4th of last month", "2019-03-04"),
    ],
)
def test_day_of_month_exact_clock(text: str, value: str) -> None:
    assert res(text).value == value


def test_day_of_month_skips_months_without_that_day() -> None:
    # Early May: the last 31st was March 31, April has none.
    assert (
        res("Tass said on the 31st that", DocumentClock.exact(D(2019, 5, 10))).value == "2019-03-31"
    )


@pytest.mark.parametrize(
    ("text", "value", "low"),
    [
        ("Tass said on the 8th that", "XXXX-04-08", D(2019, 4, 8)),
        ("the 4th of this month", "XXXX-04-04", D(2019, 4, 4)),
        ("Wednesday (10)", "XXXX-04-10", D(2019, 4, 10)),
        ("Tass said on the 28th that", "XXXX-03-28", D(2019, 3, 28)),
    ],
)
def test_day_of_month_from_dateline(text: str, value: str, low: dt.date) -> None:
    resolution = res(text, DATELINE)
    assert resolution.value == value
    assert resolution.date is not None and resolution.date.value is None
    assert bounds(resolution) == (low, None)


# ---- durations and sets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("for three years", "DURATION", "P3Y"),
        ("for more than six weeks", "DURATION", "P6W"),
        ("for several months", "DURATION", "PXM"),
        ("a 10-day visit", "DURATION", "P10D"),
        ("every year", "SET", "P1Y"),
        ("published weekly", "SET", "P1W"),
    ],
)
def test_durations_and_sets(text: str, kind: str, value: str) -> None:
    resolution = res(text)
    assert (resolution.type, resolution.value, resolution.date) == (kind, value, None)


# ---- what is not a date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Turkey may buy more systems.",
        "The S-400 and the F-35 are weapons.",
        "a range of 400 kilometers",
        "protesters march on the capital",
        "It cost $2019 million.",  # a sum, not a year
        "There were 2019 people there.",
        "The index rose 2019.5 points.",
        "It took 1,000 years.",  # not "000 years"
        "during the Obama years",  # not "a years"
        "amid protests",
        "a distance of 1118 kilometres",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_timexes(text) == []


def test_word_boundaries() -> None:
    assert [m.text for m in find_timexes("Amid 2019 protests, nearly 2000 fled.")] == [
        "2019",
        "2000",
    ]
    assert [m.text for m in find_timexes("It lasted 1118 months.")] == []


def test_rejected_name_does_not_hide_what_follows() -> None:
    # "may 2019" is rejected as a month-year; the year inside it is still found.
    assert [m.text for m in find_timexes("they may 2019 be")] == ["2019"]


def test_unicode_case_folding_is_not_a_month() -> None:
    # "ſ" (long s) matches "s" case-insensitively, but "Auguſt" names no month.
    for text, look_alike in [
        ("Auguſt 5, 2019", "Auguſt"),
        ("Frıday", "Frıday"),
        ("on Tueſday", "Tueſday"),
    ]:
        for match in find_timexes(text):
            assert look_alike not in match.text, match.text  # never read as a month or weekday
            resolve(match, DCT)  # and whatever else is found resolves without error


def test_range_of_text() -> None:
    text = "On May 7, 2019 and on June 1, 2019."
    matches = find_timexes(text, 15, len(text))
    assert [m.text for m in matches] == ["June 1, 2019"]
    assert text[matches[0].start : matches[0].end] == "June 1, 2019"


# ---- properties -------------------------------------------------------------------------------

DATE_WORDS = [
    "May 7",
    "7 May",
    "May 7, 2019",
    "mid-July 2019",
    "early 2020",
    "2019",
    "2019-04-10",
    "last year",
    "next month",
    "this week",
    "yesterday",
    "today",
    "tomorrow",
    "now",
    "two weeks ago",
    "999 years ago",
    "999 decades ago",
    "several days ago",
    "3 days later",
    "on the 31st",
    "the 4th of next month",
    "Friday (29)",
    "on Monday",
    "last Sunday",
    "the first quarter of 2019",
    "winter 2019",
    "the 1990s",
    "three years",
    "every day",
    "February 29",
    "February 30",
    "Feb 29, 2019",
    "later this year",
    "more than 12 months",
    "Wednesday, April 10, 2019",
    "the 12th of September, 2017",
    "Sept. 5",
    "may",
    "March",
    "in March",
    "last October",
    "late November",
    "June last year",
    "third-quarter",
    "the fourth quarter",
    "the quarter",
    "the year-ago period",
    "Wednesday night",
    "tonight",
    "this morning",
    "last night",
    "recently",
    "the past",
    "the future",
    "recent years",
    "current",
    "the past two months",
    "a 16-hour",
    "almost four years ago",
    "two decades",
    "last fall",
    "this past spring",
    "the early summer",
    "the fall of",
    "Thanksgiving Day",
    "last Christmas",
    "Election Day",
    "10:35 a.m.",
    "9 a.m. EST Tuesday",
    "5 p.m. EST, Nov. 6",
    "7 pm (local) Friday",
    "noon Thursday",
    "midnight",
    "nineteen ninety-six",
    "January nineteen ninety-seven",
    "the year two thousand",
    "the year ended",
    "earlier this year",
    "the past twenty years",
    "the past year",
    "the 30-day",
    "Now,",
    "right now",
    "a couple of years",
    "almost a hundred years",
    "2013-03-21T10:30",
    "21/03/2013",
    "3/21/13",
    "the 2012-13 season",
    "this century",
    "the 21st century",
    "the past decade",
    "this decade",
    "the first half of 2013",
    "the second half of the year",
    "the end of the year",
    "the next day",
    "the following week",
    "the day before",
    "later that year",
    "that same day",
    "each year",
    "every two years",
    "twice a week",
    "each July",
    "every Monday",
    "half an hour",
    "two and a half years",
    "a year and a half",
    "year-long",
    "decades-long",
    "for years",
    "the coming weeks",
    "this season",
    "10:30 GMT",
    "at 14:30",
    "3 o'clock",
    "overnight",
    "at dawn",
    "mid-afternoon",
    "the spring of 2012",
    "the summer months",
    "the nine months",
    "the eight-year",
    "the past two quarters",
    "a quarter of",
    "the near future",
    "these days",
    "the year before.",
    # TIMEX3 modifiers and the noun phrases of earnings reports (tests/test_dates_extent.py)
    "around 7:15 p.m.",
    "around Nov. 1",
    "late yesterday",
    "no more than sixty days",
    "at least the past 18 months",
    "two to three weeks",
    "between two to six days",
    "5 1/2 hours",
    "twenty four hours",
    "two thousand years",
    "two more weeks",
    "a week or so ago",
    "for centuries",
    "11th century",
    "the 1988 third quarter",
    "the year-ago third quarter",
    "this year's third quarter",
    "the 1988 period",
    "This quarter",
    "the last half of 1989",
    "the previous Friday",
    "last Oct. 23",
    "52 years old",
]
texty = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.one_of(st.sampled_from(DATE_WORDS), st.text(alphabet=" ,.-()on the", max_size=6)),
        max_size=8,
    ).map(" ".join),
)
days = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@st.composite
def clocks(draw: st.DrawFn) -> DocumentClock:
    kind = draw(st.sampled_from(["exact", "range", "lower", "upper", "dateline", "unknown"]))
    a, b = sorted([draw(days), draw(days)])
    if kind == "exact":
        return DocumentClock.exact(a)
    if kind == "range":
        return DocumentClock(a, b)
    if kind == "lower":
        return DocumentClock(a, None)
    if kind == "upper":
        return DocumentClock(None, b)
    if kind == "dateline":
        return DocumentClock(a, None, (a.month, a.day))
    return DocumentClock.unknown()


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text())
def test_find_timexes_never_raises(text: str) -> None:
    find_timexes(text)


@FAST
@given(texty, st.data())
def test_matches_are_faithful_sorted_and_disjoint(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    matches = find_timexes(text, start, end)
    previous_end = start
    for match in matches:
        assert start <= match.start < match.end <= end
        assert text[match.start : match.end] == match.text
        assert match.start >= previous_end
        previous_end = match.end


@FAST
@given(texty, clocks(), st.booleans())
def test_resolve_is_total_and_valid(text: str, clock: DocumentClock, future: bool) -> None:
    for match in find_timexes(text):
        resolution = resolve(match, clock, future=future)
        assert resolution.type in ("DATE", "TIME", "DURATION", "SET")
        assert VALID_VALUE.fullmatch(resolution.value), (match.text, resolution.value)
        estimate = resolution.date
        if estimate is not None:
            if estimate.earliest and estimate.latest:
                assert estimate.earliest <= estimate.latest
            if estimate.value is not None:
                assert re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", estimate.value)
                assert "X" not in resolution.value


@FAST
@given(texty, days, st.booleans())
def test_exact_clock_resolves_every_stated_or_relative_date(
    text: str, day: dt.date, future: bool
) -> None:
    clock = DocumentClock.exact(day)
    for match in find_timexes(text):
        resolution = resolve(match, clock, future=future)
        if resolution.type != "DATE" or resolution.value in ("PRESENT_REF", "PAST_REF"):
            continue
        if match.form not in YEAR_FORMS | RELATIVE_FORMS:
            continue
        if match.month and match.day and not valid_day(2000, match.month, match.day):
            continue  # "February 30" is no date in any year
        if match.form == "ago" and day.year - 10 * (match.amount or 0) < 1:
            continue  # before year 1
        assert "X" not in resolution.value, (match.text, resolution.value)
        assert resolution.date is not None
        assert resolution.date.earliest and resolution.date.latest, match.text
        assert (
            resolution.date.earliest <= day
            or match.form in YEAR_FORMS
            or match.year is not None  # "the 1989 quarter" states its year, as YEAR_FORMS do
            or future
            or (match.relation == "next" or match.word == "tomorrow")
            # A month (and day) without a year: the occurrence nearest the article's date.
            or (
                match.form in {"md", "dm", "month"}
                and resolution.date.earliest <= day + dt.timedelta(days=250)
            )
            # A bare weekday: the nearer occurrence, the tense cue weighing three days.
            or (match.form == "weekday" and resolution.date.earliest <= day + dt.timedelta(days=3))
        )


# ---- the anchored scan against the plain one ---------------------------------------------------


def _scan_every_position(text: str, start: int = 0, end: int | None = None) -> list[TimexMatch]:
    """The reference: ``find_timexes`` as it was before anchors, trying every character."""
    end = len(text) if end is None else end
    found = []
    position = floor = start
    while position <= end:
        match = patterns.TIMEX_REGEX.search(text, position, end)
        if match is None:
            break
        found_here = timex._build(match) if timex._names_capitalised(match) else None
        if found_here is None:
            position = match.start() + 1
            continue
        taken, position = timex.accept(text, match, found_here, floor, end)
        found.extend(taken)
        floor = position
    return found


# Every word a pattern can open with, in odd cases and Unicode folds, and what may follow it.
OPENERS = [
    *DATE_WORDS,
    *"the a an A AN The THE tHe ſeveral Aſ few last Last NEXT this This past coming".split(),
    *"current".split(),
    *"currently previous earlier later early Early late mid Mid- more than less fewer".split(),
    *"every annually daily weekly monthly yearly nowadays tonight first second 1st 4th".split(),
    *"quarter of in on ago before after year years month week day days decade YEARS Day".split(),
    *"spring Summer fall winter end beginning start middle Jan. Sept sept MAY Frıday".split(),
    *"fiscal latest year-ago year-earlier period recent recently future night morning".split(),
    *"almost nearly about some over at least up to hour minutes final since by until".split(),
    *"Mon Monday Tueſday İn DECEMBER 31st 2019 1999 20 07 3 12th 1990s 2019-04-10 (29)".split(),
    *"nineteen ninety-six twenty thirty teen thousand year two hundred couple of right now".split(),
    *"Now, Thanksgiving Christmas Eve New Year's Election Labor Memorial Veterans".split(),
    *"year-earlier year-ago million flights was has soon will may to Jan Dec".split(),
    *"Halloween weekend full nineties sixties year-end year's end For week's 1960s".split(),
    *"a.m. p.m. am pm 10:35 9 EST GMT ( ) noon midnight midday ended ending Day past".split(),
    *"following preceding prior same that each once twice times half and o'clock -long".split(),
    *"century decades 21st twentieth hourly upcoming season overnight dawn dusk UTC 14:30".split(),
    *"21/03/2013 2012-13 2013-03-21T10:30 later earlier weeks months local time".split(),
    *"quarters couple near foreseeable distant short term these future days".split(),
    *"Easter Sunday Good Friday Palm Ash St. Saint Patrick's Mother's Presidents' Boxing".split(),
    *"ET PT CT local 0830 9.30am 4.15 12 noon '90s mid-'80s 1990's fortnight weeklong".split(),
    *"trading business ahead followed from now Tuesdays nights his its eighth tenth".split(),
    *"fiscal year 2014 spring since during the day before yesterday after tomorrow".split(),
]
openers = st.lists(
    st.one_of(st.sampled_from(OPENERS), st.text(alphabet=" ,.-()$%0123456789", max_size=3)),
    max_size=12,
).map(lambda words: "".join(w + (" " if i % 3 else "") for i, w in enumerate(words)))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(texty, openers, st.text(max_size=60)), st.data())
def test_anchored_scan_equals_scanning_every_position(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert find_timexes(text, start, end) == _scan_every_position(text, start, end)


def test_case_folds_are_complete() -> None:
    # ``caseless`` spells out what re.IGNORECASE matches; a letter it misses would drop dates.
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        folds = set(re.findall(letter, everything, re.IGNORECASE))
        assert folds == {letter, letter.upper(), *patterns.FOLDS.get(letter, "")}


# ---- issue "Dates you can trust": forms TempEval-3 showed missing -----------------------------

AUTUMN = DocumentClock.exact(D(2019, 10, 24))  # a Thursday, in the fourth quarter


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("Its third-quarter profit fell.", "third-quarter", "2019-Q3"),
        ("Sales rose in the third quarter.", "the third quarter", "2019-Q3"),
        ("It expects a loss in the fourth quarter.", "the fourth quarter", "2019-Q4"),
        ("Net income in the quarter doubled.", "the quarter", "2019-Q3"),
        ("Revenue in the latest quarter slipped.", "the latest quarter", "2019-Q3"),
        ("It lost money in the year-ago quarter.", "the year-ago quarter", "2018-Q3"),
        ("Margins in the year-earlier period were thin.", "the year-earlier period", "2018-Q3"),
        ("Orders in the current quarter look weak.", "the current quarter", "2019-Q4"),
        ("Results for fiscal 2018 were restated.", "fiscal 2018", "2018"),
    ],
)
def test_quarters_without_a_year(text: str, found: str, value: str) -> None:
    match = one(text)
    assert match.text == found
    assert resolve(match, AUTUMN).value == value


def test_a_year_ago_in_a_quarterly_report_is_the_year_ago_quarter() -> None:
    match = one("Profit was $4 million, up from $3 million a year ago.")
    assert resolve(match, AUTUMN).value == "2018"
    assert resolve(match, AUTUMN, quarterly=True).value == "2018-Q3"
    earlier = one("Sales reached a record, against a loss a year earlier.")
    assert (resolve(earlier, AUTUMN).type, resolve(earlier, AUTUMN).value) == ("DATE", "2018")


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("The plant closed in April.", "April", "2019-04"),
        ("Talks resume in January.", "January", "2020-01"),
        ("He was arrested last October.", "last October", "2018-10"),
        ("Voting ends in late November.", "late November", "2019-11"),
        ("It opened this September.", "this September", "2019-09"),
        ("The board met in June last year.", "June last year", "2018-06"),
        ("They will march in March.", "March", "2020-03"),
    ],
)
def test_month_without_a_year(text: str, found: str, value: str) -> None:
    match = one(text)
    assert match.text == found
    future = "will" in text
    assert resolve(match, AUTUMN, future=future).value == value


@pytest.mark.parametrize(
    "text", ["May I ask?", "Crowds March on the capital.", "The May report", "Jan said no."]
)
def test_bare_month_names_need_a_preposition(text: str) -> None:
    assert find_timexes(text) == []


@pytest.mark.parametrize(
    ("text", "found", "kind", "value"),
    [
        ("Shots were heard Wednesday night.", "Wednesday night", "DATE", "2019-10-23TNI"),
        ("She left early Tuesday.", "early Tuesday", "DATE", "2019-10-22"),
        ("They meet tonight.", "tonight", "TIME", "2019-10-24TNI"),
        ("It rained this morning.", "this morning", "TIME", "2019-10-24TMO"),
        ("Fire broke out last night.", "last night", "TIME", "2019-10-23TNI"),
    ],
)
def test_parts_of_a_day(text: str, found: str, kind: str, value: str) -> None:
    match = one(text)
    assert match.text == found
    resolution = resolve(match, AUTUMN)
    assert (resolution.type, resolution.value) == (kind, value)
    assert resolution.date is not None and resolution.date.value == value[:10]


@pytest.mark.parametrize(
    ("text", "found", "kind", "value"),
    [
        ("Deals have slowed recently.", "recently", "DATE", "PAST_REF"),
        ("Rates rose in the past.", "the past", "DATE", "PAST_REF"),
        ("Prices may fall in the future.", "the future", "DATE", "FUTURE_REF"),
        ("Imports grew in recent years.", "recent years", "DATE", "PAST_REF"),
        ("Prices fell over the past two months.", "the past two months", "DURATION", "P2M"),
        ("Sales in the first nine months rose.", "the first nine months", "DURATION", "P9M"),
        ("It began almost four years ago.", "almost four years ago", "DATE", "2015"),
        ("After a 16-hour flight she slept.", "16-hour", "DURATION", "PT16H"),
        ("They waited for five hours.", "five hours", "DURATION", "PT5H"),
        ("It lasted two decades.", "two decades", "DURATION", "P20Y"),
        ("Sales will pick up early next year.", "early next year", "DATE", "2020"),
        ("Shares fell earlier this month.", "earlier this month", "DATE", "2019-10"),
        ("He returned a month after the vote.", "a month", "DURATION", "P1M"),
    ],
)
def test_vague_references_and_extents(text: str, found: str, kind: str, value: str) -> None:
    match = one(text)
    assert match.text == found
    assert (resolve(match, AUTUMN).type, resolve(match, AUTUMN).value) == (kind, value)


@pytest.mark.parametrize("text", ["a 44-year-old teacher", "the six-year-old boy", "a 6-month-old"])
def test_ages_are_not_durations(text: str) -> None:
    assert find_timexes(text) == []


def test_weekday_is_the_nearest_with_tense_breaking_near_ties() -> None:
    # AUTUMN is a Thursday: "Wednesday" is yesterday even in a future sentence, "Friday"
    # tomorrow even without one, "Saturday" without one the past one.
    assert res("on Wednesday", AUTUMN, future=True).value == "2019-10-23"
    assert res("on Friday", AUTUMN).value == "2019-10-25"
    assert res("on Saturday", AUTUMN).value == "2019-10-19"
    assert res("on Monday", AUTUMN, future=True).value == "2019-10-28"


# ---- TBAQ-cleaned development errors: forms the TimeBank annotations tag -----------------------

WINTER_DCT = DocumentClock.exact(D(1999, 3, 4))  # a Thursday


@pytest.mark.parametrize(
    ("text", "found", "kind", "value"),
    [
        ("The mill burned down last fall.", "last fall", "DATE", "1998-FA"),
        ("Prices climbed this past spring.", "this past spring", "DATE", "1998-SP"),
        ("The fair reopens this summer.", "this summer", "DATE", "1999-SU"),
        ("Crops suffered in the early summer.", "the early summer", "DATE", "1999-SU"),
        ("Rains are due next winter.", "next winter", "DATE", "1999-WI"),
        ("The boat sank on Thanksgiving Day.", "Thanksgiving Day", "DATE", "1998-11-26"),
        ("They met last Christmas.", "last Christmas", "DATE", "1998-12-25"),
        ("The ferry left at 10:35 a.m. on schedule.", "10:35 a.m.", "TIME", "1999-03-04T10:35"),
        ("Polls close at 9 a.m. EST Tuesday.", "9 a.m. EST Tuesday", "TIME", "1999-03-02T09:00"),
        (
            "Bids were due by 5 p.m. EST, Feb. 26.",
            "5 p.m. EST, Feb. 26",
            "TIME",
            "1999-02-26T17:00",
        ),
        ("The strike ends at noon Wednesday.", "noon Wednesday", "TIME", "1999-03-03T12:00"),
        ("Troops marched in nineteen ninety-six.", "nineteen ninety-six", "DATE", "1996"),
        (
            "It opened January nineteen ninety-seven.",
            "January nineteen ninety-seven",
            "DATE",
            "1997-01",
        ),
        ("Debt must halve by the year two thousand.", "the year two thousand", "DATE", "2000"),
        ("Sales fell in the year ended June 30.", "the year", "DURATION", "P1Y"),
        ("Profit rose earlier this year.", "earlier this year", "DATE", "1999"),
        ("Rents doubled over the past twenty years.", "the past twenty years", "DURATION", "P20Y"),
        ("Output fell over the past year.", "the past year", "DATE", "1998"),
        ("The loan has a 30-day term, the 30-day rate.", "30-day", "DURATION", "P30D"),
        ("Right now the port is shut.", "Right now", "DATE", "PRESENT_REF"),
        ("It may take a couple of years.", "a couple of years", "DURATION", "P2Y"),
        ("Rioters gathered over the weekend.", "the weekend", "DATE", "1999-W08-WE"),
        ("They will meet this weekend.", "this weekend", "DATE", "1999-W09-WE"),
        ("For the week, the index fell 3%.", "the week", "DATE", "1999-W09"),
        ("Profit for the full year doubled.", "the full year", "DATE", "1999"),
        ("The sale should close by year-end.", "year-end", "DATE", "1999"),
        ("Sales in the latest fiscal year fell.", "the latest fiscal year", "DATE", "1998"),
        ("Stocks peaked in the early 1980s.", "the early 1980s", "DATE", "198"),
        ("Crime fell through the nineties.", "the nineties", "DATE", "199"),
        ("He was jailed in the 1960s.", "the 1960s", "DATE", "196"),
        ("The plan saves $5 million a year in rent.", "a year", "SET", "P1Y"),
        ("Two ferries a week call at the island.", "a week", "SET", "P1W"),
        ("Peace may come within a week.", "a week", "DURATION", "P1W"),
        ("It was a year of floods.", "a year", "DURATION", "P1Y"),
        ("Sales beat year-ago levels.", "year-ago", "DATE", "1998"),
        ("The plant will soon close.", "soon", "DATE", "FUTURE_REF"),
    ],
)
def test_tbaq_forms(text: str, found: str, kind: str, value: str) -> None:
    match = find_timexes(text)[0]
    assert match.text == found
    resolution = resolve(match, WINTER_DCT)
    assert (resolution.type, resolution.value) == (kind, value)


def test_year_earlier_in_an_earnings_sentence_is_the_year_ago_quarter() -> None:
    match = one("Net was 9 cents a share, against a year-earlier loss.")
    assert match.text == "year-earlier"
    assert resolve(match, WINTER_DCT, quarterly=True).value == "1997-Q4"


def test_a_clock_time_takes_the_weekday_after_a_parenthesis() -> None:
    matches = find_timexes("The blast came at 10:35 a.m. (0735 GMT) Tuesday in the port.")
    # The restatement in GMT is a time of its own (TimeML marks every clock time).
    assert [m.text for m in matches] == ["10:35 a.m.", "0735 GMT", "Tuesday"]
    assert resolve(matches[0], WINTER_DCT).value == "1999-03-02T10:35"


@pytest.mark.parametrize(
    "text",
    [
        "Now, he says, the deal is dead.",
        "The fall of the empire was swift.",
        "We will hold a labor day rally.",
        "Nineteen people were hurt.",
        "For Poland, high noon comes today at last.",
        "Minister Jan Kavan and Dec Smith spoke.",
        "He left soon after the vote, as soon as he could.",
    ],
)
def test_not_tagged_like_timebank(text: str) -> None:
    assert [m.text for m in find_timexes(text) if m.form != "deictic"] == []


# ---- issue "Dates you can trust": news families beyond TimeBank ---------------------------------

NEWS_DCT = DocumentClock.exact(D(2013, 3, 21))  # a Thursday


@pytest.mark.parametrize(
    ("text", "found", "kind", "value"),
    [
        ("Bids closed at 2013-03-21T10:30 sharp.", "2013-03-21T10:30", "TIME", "2013-03-21T10:30"),
        ("The form is dated 21/03/2013.", "21/03/2013", "DATE", "2013-03-21"),
        ("The form is dated 03/21/2013.", "03/21/2013", "DATE", "2013-03-21"),
        ("The filing of 3/4/12 was late.", "3/4/12", "DATE", "2012-03-04"),
        ("The deal was signed March 21st.", "March 21st", "DATE", "2013-03-21"),
        ("The deal was signed on 21st March.", "21st March", "DATE", "2013-03-21"),
        ("The deal was signed on Mar. 21.", "Mar. 21", "DATE", "2013-03-21"),
        ("It was signed on the 21st of March.", "the 21st of March", "DATE", "2013-03-21"),
        ("Talks resume in mid-March.", "mid-March", "DATE", "2013-03"),
        ("Tuesday's vote was close.", "Tuesday", "DATE", "2013-03-19"),
        ("He scored in the 2012-13 season.", "the 2012-13 season", "DATE", "2012"),
        ("Her 2012-13 budget was cut.", "2012-13", "DATE", "2012"),
        ("It is the worst storm this century.", "this century", "DATE", "20"),
        ("Cities of the 21st century face floods.", "the 21st century", "DATE", "20"),
        ("Prices tripled over the past decade.", "the past decade", "DURATION", "P10Y"),
        ("Prices will triple this decade.", "this decade", "DATE", "201"),
        ("Sales rose in the first half of 2012.", "the first half of 2012", "DATE", "2012-H1"),
        (
            "Growth slows in the second half of the year.",
            "the second half of the year",
            "DATE",
            "2013-H2",
        ),
        ("Rates will rise by the end of the year.", "the end of the year", "DATE", "2013"),
        (
            "It opens at the beginning of next month.",
            "the beginning of next month",
            "DATE",
            "2013-04",
        ),
        ("Profits fell late last year.", "late last year", "DATE", "2012"),
        ("Talks resume early next week.", "early next week", "DATE", "2013-W13"),
        ("He resigned, and the next day she did too.", "the next day", "DATE", "2013-03-22"),
        ("The following week he quit.", "The following week", "DATE", "2013-W13"),
        ("The previous day he had resigned.", "The previous day", "DATE", "2013-03-20"),
        ("He had called the day before.", "the day before", "DATE", "2013-03-20"),
        ("He was freed later that year.", "later that year", "DATE", "2013"),
        ("They met again the next morning.", "the next morning", "TIME", "2013-03-22TMO"),
        ("The fair is held each year.", "each year", "SET", "P1Y"),
        ("Elections are held every two years.", "every two years", "SET", "P2Y"),
        ("The board meets twice a week.", "twice a week", "SET", "P1W"),
        ("Rents rise three times a year.", "three times a year", "SET", "P1Y"),
        ("The fair opens each July.", "each July", "SET", "XXXX-07"),
        ("She visits every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
        ("The index is updated hourly.", "hourly", "SET", "PT1H"),
        ("The vote took half an hour.", "half an hour", "DURATION", "PT30M"),
        ("He served two and a half years.", "two and a half years", "DURATION", "P2Y6M"),
        ("He served a year and a half.", "a year and a half", "DURATION", "P1Y6M"),
        ("They waited an hour and a half.", "an hour and a half", "DURATION", "PT1H30M"),
        ("It has lasted a decade.", "a decade", "DURATION", "P10Y"),
        ("After a year-long inquiry, he quit.", "year-long", "DURATION", "P1Y"),
        ("He won a four-year term.", "four-year", "DURATION", "P4Y"),
        ("The eight-year war ended.", "eight-year", "DURATION", "P8Y"),
        ("Profit for the nine months rose.", "the nine months", "DURATION", "P9M"),
        ("The feud has gone on for years.", "years", "DURATION", "PXY"),
        ("Prices will fall in the coming weeks.", "the coming weeks", "DURATION", "PXW"),
        ("Prices rose in recent weeks.", "recent weeks", "DATE", "PAST_REF"),
        ("He has scored twice this season.", "this season", "DATE", "PRESENT_REF"),
        ("Markets opened at 10:30 GMT.", "10:30 GMT", "TIME", "2013-03-21T10:30"),
        ("The vote starts at 14:30 in Rome.", "14:30", "TIME", "2013-03-21T14:30"),
        ("The vote starts at 3pm.", "3pm", "TIME", "2013-03-21T15:00"),
        ("The vote starts at 3 o'clock.", "3 o'clock", "TIME", "2013-03-21T03:00"),
        ("Shares fell this afternoon.", "this afternoon", "TIME", "2013-03-21TAF"),
        ("Rebels attacked Tuesday afternoon.", "Tuesday afternoon", "DATE", "2013-03-19TAF"),
        ("Rebels attacked overnight.", "overnight", "TIME", "2013-03-21TNI"),
        ("Troops moved in at dawn.", "dawn", "TIME", "2013-03-21TMO"),
        ("Stocks slid by mid-afternoon.", "mid-afternoon", "TIME", "2013-03-21TAF"),
        ("Floods hit in the spring of 2012.", "the spring of 2012", "DATE", "2012-SP"),
        ("Water runs low in the summer months.", "the summer months", "DATE", "2013-SU"),
        ("Rioters gathered over the weekend.", "the weekend", "DATE", "2013-W11-WE"),
        ("Sales fell in the past two quarters.", "the past two quarters", "DURATION", "P2Q"),
        ("It may take the next couple of years.", "the next couple of years", "DURATION", "P2Y"),
        ("Rates will stay low in the near future.", "the near future", "DATE", "FUTURE_REF"),
        ("Few read papers these days.", "these days", "DATE", "PRESENT_REF"),
        ("He had won the year before.", "the year before", "DATE", "2012"),
    ],
)
def test_news_families(text: str, found: str, kind: str, value: str) -> None:
    match = find_timexes(text)[0]
    assert match.text == found
    resolution = resolve(match, NEWS_DCT)
    assert (resolution.type, resolution.value) == (kind, value)
    assert VALID_VALUE.fullmatch(resolution.value)


@pytest.mark.parametrize(
    "text", ["The next day of talks", "He left the day before the vote.", "later that year"]
)
def test_anaphora_claim_no_date(text: str) -> None:
    # Counted from a time the story names, not the article's: the value is a stand-in only.
    for match in find_timexes(text):
        if match.form == "anaphor":
            resolution = resolve(match, NEWS_DCT)
            assert resolution.date is not None
            assert (resolution.date.value, resolution.date.earliest) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "The score was 31/31/2012 in the ledger.",
        "Prices rose 2012-16 across the region.",
        "He pays the quarterly dividend.",
        "He won a quarter of the vote; three quarters of them stayed home.",
        "The vote starts at 10:35 a.m. sharp.",
    ],
)
def test_news_families_not_dates(text: str) -> None:
    # No day from an impossible slash date, no season from a span of years, no set from a
    # dividend, no 24-hour clock out of "10:35 a.m.".
    found = [(m.text, m.form) for m in find_timexes(text)]
    assert all(form in ("year", "clock") and "/" not in said for said, form in found), found
    assert all(said != "10:35" for said, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who worked for BP from 1999-2008 .", [("1999", "1999"), ("2008", "2008")]),
        ("We will see during May-July the", [("May", "2019-05"), ("July", "2019-07")]),
        ("Current law requires it.", [("Current", "PRESENT_REF")]),
        ("the recent arrests in Spain", [("recent", "PAST_REF")]),
        ("come to Libya as soon as possible.", [("as soon as possible", "FUTURE_REF")]),
        ("over many years of experience", [("many years", "PXY")]),
        ("the current account deficit", []),
        ("ISBN 978-2008", []),
    ],
)
def test_spans_and_vague_adjectives(text: str, expected: list[tuple[str, str]]) -> None:
    """Spans of years and months are two expressions; TimeML marks the vague adjectives."""
    from storyline.dates.timeml import tag_text

    found = [(t["text"], t["value"]) for t in tag_text(text, D(2019, 4, 10))]
    assert found == expected
