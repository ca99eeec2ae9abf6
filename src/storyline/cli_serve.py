"""``storyline serve`` (the story page, a local web app) and ``storyline bench serve``.

Thin, like the rest of the CLI: parses arguments and calls ``storyline.serve`` or
``storyline.bench.serve``. A problem the user can fix (a port in use, a folder given as the
store, no store to serve read-only) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

err = Console(stderr=True)
DEFAULT_PATH = Path("storyline.duckdb")  # storyline.store.DEFAULT_PATH, without importing spaCy


def serve(
    db: Annotated[
        Path, typer.Option("--db", help="The store file (created by the first upload).")
    ] = DEFAULT_PATH,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback exposes the store.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: a free one).")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Refuse uploads: the page only reads.")
    ] = False,
) -> None:
    """Serve the story page: a local web app to read, check and grow the stories of a store
    (stories list and search, timelines with their evidence, documents, adding articles, and
    a JSON API under /api with its reference at /api/docs). Stop it with Ctrl-C."""
    from storyline.serve.server import ServeError, run

    try:
        run(db, host=host, port=port, read_only=read_only, say=_say)
    except ServeError as error:
        err.print(f"[red]{escape(str(error))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None


def _say(text: str) -> None:
    err.print(escape(text), soft_wrap=True, highlight=False)


def bench_serve(
    root: Annotated[
        Path, typer.Argument(help="The T17 folder (../shared/data/t17), to build the store from.")
    ] = Path("../shared/data/t17"),
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Use this store (built here first when the file does not exist)."
        ),
    ] = None,
    articles: Annotated[int, typer.Option(min=1, help="Articles in the story built.")] = 500,
    loads: Annotated[int, typer.Option(min=1, help="Page loads to time (median).")] = 7,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write figures as JSON.")] = None,
) -> None:
    """Time the story page on a big story: page load to the timeline drawn in headless
    Chromium, opening an entry, and the story's JSON from the API (cold and cached)."""
    import storyline.bench.serve as bench

    try:
        result = bench.run(root, db=db, articles=articles, loads=loads, say=err.print)
    except bench.BenchError as error:
        err.print(f"[red]{escape(str(error))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    print(bench.format_table(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=1))


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Adds ``serve`` to the ``storyline`` app and ``serve`` to ``bench``."""
    app.command()(serve)
    bench_app.command("serve")(bench_serve)
