"""The ``clean`` stage: mark page debris in article text as stand-off spans.

Cleaning never cuts the text; it adds ``Mark(kind="debris", attrs={"reason": ...})`` so every
offset stays valid downstream and a reader can see why a piece was set aside.
"""

from __future__ import annotations

from storyline.clean.marker import DEBRIS, clean, mark_debris

__all__ = ["DEBRIS", "clean", "mark_debris"]
