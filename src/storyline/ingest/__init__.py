"""Ingest: turn input files (``.txt``, ``.html``/``.htm``, ``.jsonl``, ``.warc``/``.warc.gz``)
into documents, from local paths or fsspec URLs.

Every input becomes either a :class:`~storyline.records.Document`, whose ``text`` all later
offsets refer to, or a :class:`~storyline.records.Rejection` with a reason for the manifest.
:class:`IngestSettings` chooses the accepted languages and the URL/host filters.
"""

from __future__ import annotations

from storyline.ingest.discover import ARCHIVE_SUFFIXES, READABLE, SUFFIXES, demo_paths
from storyline.ingest.encoding import MAX_BYTES
from storyline.ingest.html import read_html
from storyline.ingest.options import IngestSettings, parse_languages
from storyline.ingest.read import read_file, read_inputs

__all__ = [
    "ARCHIVE_SUFFIXES",
    "MAX_BYTES",
    "READABLE",
    "SUFFIXES",
    "IngestSettings",
    "demo_paths",
    "parse_languages",
    "read_file",
    "read_html",
    "read_inputs",
]
