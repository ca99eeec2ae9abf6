"""Running the app: ``storyline serve`` (:func:`run`) and the checks it makes before starting.

Kept apart from ``app.py`` so that a command that cannot start (a folder given as the store,
no store to serve read-only, a port in use) says so at once, without first loading the engine.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


class ServeError(Exception):
    """The server cannot start (the message says why and what to do)."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a clear :class:`ServeError`."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def check_store(db: Path, read_only: bool) -> None:
    """Refuses to start on a path that cannot be a store (a folder; a missing file when
    nothing could ever be added to it; a file in a folder that does not exist)."""
    if db.is_dir():
        raise ServeError(f"{db} is a folder; give a store file with --db (e.g. {db}/x.duckdb)")
    if not db.exists() and read_only:
        raise ServeError(f"no store at {db}; create one with: storyline add FILES --db {db}")
    if not db.exists() and not db.parent.is_dir():
        raise ServeError(f"cannot create a store at {db}: folder {db.parent} does not exist")


def run(
    db: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    read_only: bool = False,
    say: Callable[[str], None] = print,
    warm: bool = True,
) -> None:
    """Serves the store at ``db`` until interrupted (Ctrl-C, or SIGTERM).

    On a loopback address the app answers only loopback host names (see ``app.py``); on any
    other it answers every name, and says that anyone who can reach it may add articles
    unless it is read-only. With ``warm``, a background thread prepares the latest stories at
    start and again after the store changed (see ``Library.keep_warm``), so a reader rarely
    waits for a big story to be rebuilt."""
    check_store(db, read_only)
    sock = bind(host, port)
    import uvicorn

    from storyline.serve.app import LOOPBACK, create_app

    loopback = host in LOOPBACK_NAMES
    app = create_app(db, read_only, hosts=LOOPBACK if loopback else None)
    where = f"[{host}]" if ":" in host else host
    mode = " (read-only)" if read_only else ""
    say(f"Storyline: serving {db} at http://{where}:{sock.getsockname()[1]}/{mode}")
    if not loopback and not read_only:
        say("warning: anyone who can reach this address can add articles (use --read-only)")
    if warm:
        threading.Thread(target=_warm, args=(app, say), daemon=True).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _warm(app: Any, say: Callable[[str], None]) -> None:
    """Keeps the latest stories' views built (a daemon thread: it ends with the server)."""
    try:
        app.state.library.keep_warm(threading.Event())
    except Exception as error:  # the server works without it: say so, and go on serving
        say(f"note: stories are no longer prepared in advance ({type(error).__name__}: {error})")
