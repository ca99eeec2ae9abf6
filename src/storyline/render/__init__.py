"""Render stage: the timeline.json contract (a plain dict) to Markdown and to one offline HTML page.

Renderers read only the contract, never pipeline objects, so a timeline.json written by any run
(or by hand) renders the same way, and the page can be rebuilt without re-running the pipeline.
"""

from __future__ import annotations

from storyline.render.html import render_html
from storyline.render.markdown import render_markdown

__all__ = ["render_html", "render_markdown"]
