"""HTML pages: the article's main text and metadata, extracted with trafilatura.

A page is mostly navigation, adverts and footers; only the article body becomes
``Document.text``. The publication date comes from htmldate (through trafilatura) with
``original_date=True``: the date the article was first published, not last modified, because
the timeline needs to know when a source said something.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import htmldate
import trafilatura

from storyline.ingest.encoding import (
    MAX_BYTES,
    UnusableInput,
    declared_charset,
    decode,
    known_codec,
    read_bytes,
)
from storyline.ingest.fields import first_line, iso_date
from storyline.records import Document, Rejection

NO_ARTICLE = "no article text found in the HTML page"

MIN_SENTENCE_WORDS = 8
"""An article has at least one line this long; menus, link lists and footers do not.

trafilatura returns *something* for nearly every page, a home page's menu included, so the
extracted text must look like prose before it counts as an article."""

# No extensive search: on a page without date metadata it scans the visible text and turns a
# footer's "© 2021" into 2021-01-01, a wrong anchor for every relative date in the article.
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}


def read_html(
    html: str,
    *,
    origin: str,
    doc_id: str,
    url: str | None = None,
    crawled: str | None = None,
) -> Document | Rejection:
    """Extract the article in ``html``; a page without one is a :class:`Rejection`.

    ``url`` is where the page came from, if known; a canonical URL declared in the page wins.
    ``crawled`` is the ``YYYY-MM-DD`` the page was fetched (a WARC record's date): never taken
    as the publication date, only as the latest one possible, so a date in a "latest news"
    widget cannot be read as the article's. Extraction leans modestly towards recall: a
    sentence of debris left in can still be marked by the cleaning stage, a lost paragraph of
    article cannot be recovered.
    """
    params = {**_DATE_PARAMS, "max_date": crawled} if crawled else _DATE_PARAMS
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params=params,
        )
    except Exception as error:  # a third-party parser: one odd page must not end the run
        return Rejection(origin, f"could not parse the HTML page ({type(error).__name__}: {error})")
    if extracted is None:
        return Rejection(origin, NO_ARTICLE)
    meta = extracted if isinstance(extracted, dict) else _as_dict(extracted)
    text = meta.get("text") or ""
    if not _has_prose(text):
        return Rejection(origin, NO_ARTICLE)
    return Document(
        extracted=True,
        id=doc_id,
        text=text,
        title=_clean(meta.get("title")) or first_line(text) or doc_id,
        origin=origin,
        source=_clean(meta.get("sitename")) or _clean(meta.get("hostname")),
        url=_clean(meta.get("url")) or url,
        byline=_clean(meta.get("author")),
        published_hint=iso_date(meta.get("date")),
        modified_hint=_modified_date(html, iso_date(meta.get("date")), crawled),
    )


def read_html_file(
    path: Path, *, origin: str, doc_id: str, max_bytes: int = MAX_BYTES
) -> Document | Rejection:
    """Read one HTML file, honouring the charset the page declares when it is not UTF-8."""
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except UnusableInput as error:
        return Rejection(origin, error.reason)
    return read_html_bytes(data, origin=origin, doc_id=doc_id)


def read_html_bytes(
    data: bytes,
    *,
    origin: str,
    doc_id: str,
    url: str | None = None,
    charset: str | None = None,
    crawled: str | None = None,
) -> Document | Rejection:
    """:func:`read_html` for a page's bytes: decoded with the ``charset`` its server sent,
    else the one the page declares (see :func:`~storyline.ingest.encoding.decode`)."""
    try:
        html = decode(data, declared=known_codec(charset) or declared_charset(data))
    except UnusableInput as error:
        return Rejection(origin, error.reason)
    return read_html(html, origin=origin, doc_id=doc_id, url=url, crawled=crawled)


def _modified_date(html: str, published: str | None, crawled: str | None) -> str | None:
    """The page's last-modified date when it states one that differs from publication."""
    try:
        found = htmldate.find_date(
            html, original_date=False, extensive_search=False, max_date=crawled
        )
    except Exception:  # a third-party parser: a date we cannot read is simply absent
        return None
    modified = iso_date(found)
    return modified if modified and modified != published else None


def _as_dict(extracted: Any) -> dict[str, Any]:
    fields = ("text", "title", "author", "url", "hostname", "sitename", "date")
    return {name: getattr(extracted, name, None) for name in fields}


def _has_prose(text: str) -> bool:
    return any(len(line.split()) >= MIN_SENTENCE_WORDS for line in text.splitlines())


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
