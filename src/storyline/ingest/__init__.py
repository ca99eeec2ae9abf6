"""Ingest: turn input files (``.txt``, ``.html``/``.htm``, ``.jsonl``) into documents.

Every input becomes either a :class:`~storyline.records.Document`, whose ``text`` all later
offsets refer to, or a :class:`~storyline.records.Rejection` with a reason for the manifest.
"""

from __future__ import annotations

from storyline.ingest.discover import SUFFIXES, demo_paths
from storyline.ingest.encoding import MAX_BYTES
from storyline.ingest.html import read_html
from storyline.ingest.read import read_inputs

__all__ = ["MAX_BYTES", "SUFFIXES", "demo_paths", "read_html", "read_inputs"]
