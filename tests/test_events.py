"""Event mentions on real sentences, dated by the real dates layer; the trigger lexicon."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.dates.document import date_document
from storyline.extract.events import SentenceFacts, find_event_mentions
from storyline.extract.lexicon import content_terms, inflections, looks_past, names, stem
from storyline.extract.sentences import segment
from storyline.records import Document, EventMention

PUBLISHED = "2020-05-10"


def _document(body: str, published: str | None = PUBLISHED) -> Document:
    text = "Turkey and Russia: the S-400 story\n\n" + body + "\n"
    return Document(
        "doc", text, "Turkey and Russia: the S-400 story", "test", published_hint=published
    )


def _mentions(
    body: str, quoted_pieces: tuple[str, ...] = (), published: str | None = PUBLISHED
) -> list[EventMention]:
    document = _document(body, published)
    sentences = segment(document)
    dated = date_document(document, sentences)
    facts = [SentenceFacts(s, dated.timexes.get(s.index, []), []) for s in sentences]
    quoted = []
    for piece in quoted_pieces:
        start = document.text.index(piece)
        quoted.append((start, start + len(piece)))
    found = find_event_mentions(document, facts, dated.published, quoted)
    for mention in found:
        assert mention.sentence.text == document.text[mention.sentence.start : mention.sentence.end]
        assert mention.doc == "doc"
    return found


def _only(body: str, **kwargs) -> EventMention:
    found = _mentions(body, **kwargs)
    assert len(found) == 1, [m.sentence.text for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "trigger", "kind"),
    [
        ("Turkey signed the contract with Moscow.", "sign", "agreement"),
        ("The first deliveries reached Ankara by air.", "delivery", "delivery"),
        ("Moscow sent the first batch by air transport.", "send", "delivery"),
        ("Ankara paid the first instalment.", "pay", "payment"),
        ("Washington removed Turkey from the F-35 programme.", "remove", "sanction"),
        ("Turkey has been agreeing to every Russian condition.", "agree", "agreement"),
    ],
)
def test_inflected_triggers_make_events_of_their_kind(sentence, trigger, kind):
    mention = _only(sentence)
    assert (mention.trigger, mention.kind) == (trigger, kind)
    assert kind in mention.kinds


def test_content_trigger_beats_a_reporting_verb():
    mention = _only("Moscow sent two more radars, officials said.")
    assert mention.kind == "delivery"
    assert mention.kinds == {"delivery", "statement"}


def test_sentence_without_trigger_is_no_event():
    assert _mentions("The weather in Ankara was mild and dry.") == []


def test_past_cue_required_when_there_is_no_date():
    assert _mentions("Russia delivers the missiles.") == []
    assert _mentions("Russia will deliver the missiles.") == []
    mention = _only("Russia delivered the missiles.")
    # Undated but reported as past: bounded by publication from above only.
    assert mention.date.value is None
    assert mention.date.earliest is None
    assert mention.date.latest == dt.date(2020, 5, 10)


def test_undated_event_in_undated_article_is_unknown():
    mention = _only("Russia delivered the missiles.", published=None)
    assert not mention.date.is_bounded


def test_trigger_only_inside_a_quotation_is_not_an_event_of_that_kind():
    quote = "“We signed the contract.”"
    quoted = _only(f"The minister said: {quote}", quoted_pieces=(quote,))
    assert quoted.kind == "statement"
    assert "agreement" not in quoted.kinds
    # The same sentence without the quotes stage's findings reads as a signing.
    assert _only(f"The minister said: {quote}").kind == "agreement"


def test_sentence_whose_only_triggers_are_quoted_is_no_event():
    quote = "“the deal was signed and the missiles delivered”"
    assert _mentions(f"Officials were upbeat: {quote}.", quoted_pieces=(quote,)) == []


def test_said_on_a_date_is_a_statement_dated_by_that_date():
    mention = _only(
        "“We are trying to agree on the scope,” Dmitry Shugaev was quoted as saying by "
        "Sputnik on May 7."
    )
    assert mention.kind == "statement"
    assert mention.date.value == "2020-05-07"


def test_said_on_a_date_that_something_will_happen_is_a_statement():
    mention = _only("Erdogan said on September 13 that the system would be active in April.")
    assert mention.kind == "statement"
    assert mention.trigger == "say"
    # No year: the last September 13 before publication.
    assert mention.date.value == "2019-09-13"


def test_said_in_a_month_that_it_had_signed_is_an_agreement():
    mention = _only(
        "Russia said in September 2017 that it had signed a $2.5 billion contract for "
        "supplies of its S-400 missile systems with Turkey."
    )
    assert mention.kind == "agreement"
    assert mention.trigger == "sign"
    assert {"agreement", "statement"} <= mention.kinds
    assert mention.date.value == "2017-09"
    assert (mention.date.earliest, mention.date.latest) == (
        dt.date(2017, 9, 1),
        dt.date(2017, 9, 30),
    )


def test_the_most_precise_date_of_the_sentence_wins():
    mention = _only("In 2019, the first batch was delivered on July 12.")
    assert mention.date.value == "2019-07-12"


def test_actors_are_capitalised_runs_without_initial_function_words():
    mention = _only(
        "However, the Turkish Defence Ministry said Mr. Erdogan met Vladimir Putin in Sochi."
    )
    assert mention.actors == ["Turkish Defence Ministry", "Erdogan", "Vladimir Putin", "Sochi"]


def test_actor_names_keep_their_final_s_but_lose_possessives():
    assert names("Ankara’s purchase angered the United States, Reuters reported.") == [
        "Ankara",
        "United States",
        "Reuters",
    ]
    assert names("In July, Tass said.") == ["Tass"]


def test_terms_are_content_stems():
    mention = _only("The first deliveries of S-400 systems reached Ankara.")
    assert {"delivery", "system", "reach", "ankara"} <= mention.terms
    assert "the" not in mention.terms and "of" not in mention.terms


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("sign", {"sign", "signs", "signed", "signing"}),
        ("deliver", {"delivers", "delivered", "delivering"}),
        ("delivery", {"delivery", "deliveries"}),
        ("supply", {"supplies", "supplied", "supplying"}),
        ("purchase", {"purchases", "purchased", "purchasing"}),
        ("agree", {"agrees", "agreed", "agreeing"}),
        ("send", {"sent", "sends", "sending"}),
        ("pay", {"paid", "pays", "paying"}),
        ("ship", {"ships", "shipped", "shipping"}),
        ("finish", {"finishes", "finished", "finishing"}),
        ("die", {"died", "dies", "dying"}),
    ],
)
def test_inflections(lemma, forms):
    assert forms <= inflections(lemma)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("deliveries", "delivery"),
        ("delivery", "delivery"),
        ("signed", "sign"),
        ("signing", "sign"),
        ("contracts", "contract"),
        ("supplied", "supply"),
        ("Turkey's", "turkey"),
        ("Turkey’s", "turkey"),
        ("class", "class"),
        ("gas", "gas"),
    ],
)
def test_stem(word, expected):
    assert stem(word) == expected


def test_stem_is_consistent_across_forms():
    assert stem("deliveries") == stem("delivery")
    assert stem("signed") == stem("signs") == stem("sign")
    assert stem("arrive") == stem("arrived") == stem("arrives") == stem("arriving")
    assert stem("purchase") == stem("purchased") == stem("purchases")


def test_looks_past():
    assert looks_past("The system was activated")
    assert looks_past("Moscow sent the missiles")
    assert not looks_past("Russia will deliver the missiles")


def test_content_terms_skip_stop_words():
    assert content_terms("The deal was signed in Moscow") == {"deal", "sign", "moscow"}


def test_trigger_tables_are_the_same_in_every_process():
    # Workers and separate runs hash strings with different seeds; a table built by iterating
    # a frozenset would name one event "meet" in one process and "meeting" in another.
    import os
    import subprocess
    import sys

    script = (
        "import json; from storyline.extract import events as e; "
        "print(json.dumps([e._FORM_TO_LEMMA, e._TRIGGER_TO_CLASS], sort_keys=True))"
    )
    tables = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        tables.add(done.stdout)
    assert len(tables) == 1
    assert '"meeting": "meeting"' in tables.pop()
