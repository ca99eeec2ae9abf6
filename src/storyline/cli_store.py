"""The story store's commands: add, stories, show, export, and ``bench stories``.

Thin, like the rest of the CLI: each parses its arguments and calls ``storyline.store``. A
problem the user can fix (a busy or newer store, a folder given as the store, a full disk) is
one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline.cli_ingest import (
    ExcludeHostOption,
    ExecutorOption,
    IncludeHostOption,
    LanguagesOption,
    RayAddressOption,
    UrlPatternOption,
    WorkersOption,
    ingest_settings,
)

err = Console(stderr=True)
DEFAULT_PATH = Path("storyline.duckdb")  # storyline.store.DEFAULT_PATH; importing it costs spaCy

DbOption = Annotated[Path, typer.Option("--db", help="The store file (created by the first add).")]
WaitOption = Annotated[
    float,
    typer.Option(help="Seconds to wait for a store another storyline process is using."),
]
SHOW_FORMATS = ("md", "json", "html", "tilse")


@contextmanager
def _user_errors() -> Iterator[None]:
    """A problem the user can act on: one message on stderr, exit code 2."""
    from storyline.nlp import ModelNotInstalled
    from storyline.store import StoreError

    try:
        yield
    except (StoreError, ModelNotInstalled, UsageError) as error:
        err.print(f"[red]{escape(str(error))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        reason = error.strerror or str(error)
        err.print(f"[red]cannot write{escape(where)}: {escape(reason)}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None


class UsageError(Exception):
    """An option value the command cannot use."""


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UsageError(f"unknown {name} {value!r}; expected one of {', '.join(allowed)}")


def _notify(message: str) -> None:
    err.print(f"[yellow]{escape(message)}[/yellow]", soft_wrap=True)


def add(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or folders (.txt, .html, .jsonl, .warc, .warc.gz), or URLs."),
    ],
    db: DbOption = DEFAULT_PATH,
    wait: WaitOption = 60.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No line per article.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    languages: LanguagesOption = "en",
    include_hosts: IncludeHostOption = None,
    exclude_hosts: ExcludeHostOption = None,
    url_patterns: UrlPatternOption = None,
    executor: ExecutorOption = "local",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
) -> None:
    """Add articles to the store: each joins its story or starts one; events, corroboration
    and disagreements update. Adding the same file again changes nothing. A crawl is read as
    ``run`` reads it: languages and URL filters decide which records are articles to add.
    The executor's workers read and analyse the articles ahead of the store, which takes them
    one at a time, in order (the store is the same whatever the executor)."""
    ingest = ingest_settings(languages, include_hosts, exclude_hosts, url_patterns)

    def each(kind: str, text: str) -> None:
        if not quiet and not as_json:
            colour = {"rejected": "yellow", "unchanged": "dim"}.get(kind, "default")
            line = f"[{colour}]{kind}[/{colour}] {escape(text)}"
            err.print(line, highlight=False, soft_wrap=True)

    from storyline.executors import ExecutorUnavailable, open_executor
    from storyline.nlp import load_model
    from storyline.store import Store

    with _user_errors(), Store.open(db, write=True, wait=wait, notify=_notify) as store:
        nlp = load_model()
        try:
            chosen = open_executor(executor, workers=workers, address=ray_address, nlp=nlp)
        except ExecutorUnavailable as error:
            raise UsageError(str(error)) from None
        try:
            report = store.add(list(paths), nlp=nlp, each=each, ingest=ingest, executor=chosen)
        finally:
            chosen.close()
    summary = report.to_json()
    if as_json:
        print(json.dumps(summary))
    elif not quiet:
        err.print(
            f"{summary['added']} added, {summary['duplicates']} duplicates, "
            f"{summary['unchanged']} already stored, {len(summary['rejected'])} rejected; "
            f"{len(summary['new_stories'])} new stories, {len(summary['stories'])} updated "
            f"({summary['seconds']:.1f} s) -> {db}"
        )
    usable = report.added or report.duplicates or report.unchanged
    raise typer.Exit(0 if usable or not report.rejected else 2)


def stories(
    db: DbOption = DEFAULT_PATH,
    wait: WaitOption = 30.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the stories: id, title, articles, events, date span, last update."""
    from storyline.store import Store

    with _user_errors(), Store.open(db, wait=wait, notify=_notify) as store:
        found = store.stories()
    if as_json:
        for summary in found:
            print(json.dumps(summary.to_json(), ensure_ascii=False))
        return
    table = Table(title=f"Stories in {db}")
    table.add_column("id", no_wrap=True)
    table.add_column("title", overflow="fold", max_width=80)
    for column in ("articles", "events", "dates", "last update (UTC)"):
        table.add_column(column, no_wrap=True)
    for s in found:
        span = f"{s.first} … {s.last}" if s.first and s.last else "undated"
        table.add_row(
            s.id,
            escape(s.title),
            str(s.documents),
            str(s.events),
            span,
            s.updated.isoformat(sep=" ", timespec="seconds"),
        )
    # Piped output has no terminal width to fit: keep each story on one line.
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def show(
    story: Annotated[str, typer.Argument(help="A story id (or a unique prefix of it).")],
    fmt: Annotated[str, typer.Option("--format", help="md, json, html or tilse.")] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout).")
    ] = None,
    db: DbOption = DEFAULT_PATH,
    wait: WaitOption = 30.0,
) -> None:
    """Render one story from the store, without the input files."""
    from storyline.output import manifest_json, tilse_days, timeline_json
    from storyline.render import render_html, render_markdown
    from storyline.render.tilse import tilse_text
    from storyline.store import Store

    with _user_errors():
        _choice("--format", fmt, SHOW_FORMATS)
        with Store.open(db, wait=wait, notify=_notify) as store:
            result = store.result([story])
        timeline = timeline_json(result)
        renderers: dict[str, Callable[[], str]] = {
            "json": lambda: json.dumps(timeline, ensure_ascii=False, indent=1) + "\n",
            "md": lambda: render_markdown(timeline, manifest_json(result)),
            "html": lambda: render_html(timeline, manifest_json(result)),
            "tilse": lambda: tilse_text(tilse_days(result)),
        }
        text = renderers[fmt]()
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")


def export(
    what: Annotated[
        str,
        typer.Option(help="events, quotes, figures, documents or discrepancies."),
    ] = "events",
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet or jsonl.")] = "csv",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file (stdout if not given; not Parquet)."),
    ] = None,
    story: Annotated[
        list[str] | None, typer.Option(help="Only this story (repeatable). Default: all.")
    ] = None,
    db: DbOption = DEFAULT_PATH,
    wait: WaitOption = 30.0,
) -> None:
    """Export one kind of record, one row each, every row naming its story."""
    from storyline.store import Store
    from storyline.store.export import FORMATS, WHAT, export_rows, write_export

    with _user_errors():
        _choice("--what", what, WHAT)
        _choice("--format", fmt, FORMATS)
        if fmt == "parquet" and out is None:
            raise UsageError("Parquet is a binary file: give --out FILE")
        with Store.open(db, wait=wait, notify=_notify) as store:
            result = store.result(story)
        written = write_export(export_rows(result, what), what, fmt, out, sys.stdout)
    if out is not None:
        err.print(f"{written} {what} -> {out}")


def bench_stories(
    root: Annotated[
        Path, typer.Argument(help="The story-clustering folder (../shared/data/story-clustering).")
    ],
    split: Annotated[str, typer.Option(help="ECB+ split to score: test, dev or train.")] = "test",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write scores as JSON.")] = None,
) -> None:
    """Story assignment on ECB+: documents fed in a fixed order through a real store, stories
    scored with BCubed and pairwise F1 against the gold stories."""
    import storyline.bench.stories as bench

    with _user_errors():
        _choice("--split", split, ("train", "dev", "test"))
        _bench(lambda: bench.run_ecb(root, split), json_out)


def bench_stories_t17(
    root: Annotated[Path, typer.Argument(help="The T17 folder (../shared/data/t17).")],
    db: Annotated[
        Path | None, typer.Option("--db", help="Keep the store here (default: a temporary file).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write scores as JSON.")] = None,
) -> None:
    """All 17 T17 folders, one add per publication day: stories against the 9 topics, and the
    time per article as the store grows."""
    import storyline.bench.stories as bench

    with _user_errors():
        if db is not None and db.exists():
            raise UsageError(f"{db} exists; the benchmark starts from an empty store")
        _bench(lambda: bench.run_t17(root, db), json_out)


def _bench(run: Callable[[], dict[str, object]], json_out: Path | None) -> None:
    import storyline.bench.stories as bench

    try:
        result = run()
    except ValueError as error:  # benchmark data missing or not where it was said to be
        raise UsageError(str(error)) from None
    print(bench.format_table([result]))
    if json_out:
        json_out.write_text(json.dumps(result, indent=1))


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Adds the store's commands to the ``storyline`` app and ``bench stories`` to ``bench``."""
    app.command()(add)
    app.command()(stories)
    app.command()(show)
    app.command()(export)
    bench_app.command("stories")(bench_stories)
    bench_app.command("stories-t17")(bench_stories_t17)
