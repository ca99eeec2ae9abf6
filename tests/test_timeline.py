"""Timeline: event order and ids, documents grouped into stories, and one end-to-end run."""

from __future__ import annotations

import datetime as dt

from storyline.ingest import demo_paths
from storyline.pipeline import build
from storyline.records import DateEstimate, Document, Event, EventMention, Span
from storyline.timeline import group_documents, order_events, story_id


def _date(earliest: dt.date | None, latest: dt.date | None, value: str | None = None):
    return DateEstimate(value, earliest, latest, "test")


def _event(summary: str, date: DateEstimate, docs: tuple[str, ...] = ("a",), corroboration=1):
    mentions = [
        EventMention(doc, Span(doc, 0, len(summary), summary), "sign", "agreement", date)
        for doc in docs
    ]
    return Event("", date, summary, "agreement", [], [], mentions, corroboration)


def test_order_events_by_lower_bound_then_undated_last():
    day = _event("signed", _date(dt.date(2017, 9, 12), dt.date(2017, 9, 12), "2017-09-12"))
    month = _event("delivered", _date(dt.date(2019, 7, 1), dt.date(2019, 7, 31), "2019-07"))
    year = _event("talks", _date(dt.date(2017, 1, 1), dt.date(2017, 12, 31), "2017"))
    after = _event("opened", _date(dt.date(2018, 3, 1), None))
    before_weak = _event("paid", _date(None, dt.date(2016, 1, 1)), corroboration=1)
    before_strong = _event("visited", _date(None, dt.date(2020, 5, 10)), corroboration=3)
    unknown = _event("met", DateEstimate.unknown("none"), corroboration=2)
    ordered = order_events([unknown, before_weak, month, after, day, before_strong, year])
    assert [e.summary for e in ordered] == [
        "talks",
        "signed",
        "opened",
        "delivered",
        # Bounded only from above, however early the bound, is not placed on the line.
        "visited",
        "met",
        "paid",
    ]
    assert [e.id for e in ordered] == [f"e{n:03d}" for n in range(1, 8)]


def test_order_events_ties_on_date_go_to_the_most_corroborated():
    date = _date(dt.date(2019, 7, 1), dt.date(2019, 7, 31), "2019-07")
    ordered = order_events([_event("b", date, corroboration=1), _event("a", date, corroboration=3)])
    assert [e.corroboration for e in ordered] == [3, 1]


def _doc(doc_id: str, duplicate_of: str | None = None) -> Document:
    document = Document(doc_id, f"{doc_id}\n\ntext", doc_id, f"{doc_id}.txt")
    document.duplicate_of = duplicate_of
    return document


def test_documents_sharing_an_event_form_one_story():
    docs = [_doc(x) for x in ("a", "b", "c", "d", "quake")]
    undated = DateEstimate.unknown("none")
    events = [
        _event("signed", undated, ("a", "b")),
        _event("delivered", undated, ("c", "b")),
        _event("visited", undated, ("d",)),
        _event("shook", undated, ("quake",)),
    ]
    groups = group_documents(docs, events)
    assert [[d.id for d in g] for g in groups] == [["a", "b", "c"], ["d"], ["quake"]]


def test_duplicates_follow_their_original():
    docs = [_doc("a"), _doc("b"), _doc("reprint", duplicate_of="b"), _doc("other")]
    events = [_event("signed", DateEstimate.unknown("none"), ("a", "b"))]
    groups = group_documents(docs, events)
    assert [[d.id for d in g] for g in groups] == [["a", "b", "reprint"], ["other"]]


def test_story_id_is_stable_and_order_free():
    assert story_id([_doc("a"), _doc("b")]) == story_id([_doc("b"), _doc("a")])
    assert story_id([_doc("a"), _doc("b")]) != story_id([_doc("a")])


EARTHQUAKE = """Magnitude 5.1 earthquake shakes Elazig province

A magnitude 5.1 earthquake struck Elazig province in eastern Turkey on Tuesday morning, the \
disaster agency AFAD said, damaging several old buildings in the village of Sivrice.
The quake hit at 10:42 local time at a depth of seven kilometres, AFAD said. Local officials \
said two people were slightly injured when a barn collapsed and that schools in the district \
were closed for the day as a precaution.
Governor Erol Kaya told reporters that teams had inspected 40 buildings and that residents \
whose homes were damaged would be housed in tents set up in the school yard.
"""


def test_end_to_end_unrelated_article_is_its_own_story(nlp, tmp_path):
    quake = tmp_path / "elazig-quake.txt"
    quake.write_text(EARTHQUAKE, encoding="utf-8")
    result = build([*demo_paths(), quake], nlp=nlp)
    assert len(result.stories) == 2
    s400, earthquake = result.stories
    assert [d.id for d in earthquake.documents] == ["elazig-quake"]
    assert earthquake.title == "Magnitude 5.1 earthquake shakes Elazig province"
    assert len(s400.documents) == 5 and "elazig-quake" not in {d.id for d in s400.documents}
    assert earthquake.events, "the quake report has events of its own"
    for story in result.stories:
        ids = {d.id for d in story.documents}
        numbers = range(1, len(story.events) + 1)
        assert [e.id for e in story.events] == [f"e{n:03d}" for n in numbers]
        assert all(span.doc in ids for e in story.events for span in e.evidence)
    assert all(e.corroboration == 1 for e in earthquake.events)
    assert earthquake.discrepancies == []
