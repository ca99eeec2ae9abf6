"""Storyline: a pile of news articles in, an evidence-linked story timeline out.

import storyline
result = storyline.build(["articles/"])      # or no argument: the bundled demo corpus
storyline.write_outputs(result, Path("out"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["build", "write_outputs"]

if TYPE_CHECKING:
    from storyline.output import write_outputs
    from storyline.pipeline import build


def __getattr__(name: str) -> Any:
    # Lazy, so that `import storyline` stays cheap and spaCy loads only when a run needs it.
    if name == "build":
        from storyline.pipeline import build

        return build
    if name == "write_outputs":
        from storyline.output import write_outputs

        return write_outputs
    raise AttributeError(name)
