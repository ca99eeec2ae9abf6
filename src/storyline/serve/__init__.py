"""Serve stage: the story page, a local web app to read, check and grow the stories of a store.

``storyline serve`` runs :func:`storyline.serve.server.run`; tests and other programs build
the app with :func:`storyline.serve.app.create_app` and run it with any ASGI server (or
:class:`storyline.serve.background.BackgroundServer`). Both names are importable from here;
importing this package alone loads nothing heavy.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ServeError", "create_app", "run"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from storyline.serve.app import create_app

        return create_app
    if name in ("ServeError", "run"):
        from storyline.serve import server

        return getattr(server, name)
    raise AttributeError(f"module 'storyline.serve' has no attribute {name!r}")
