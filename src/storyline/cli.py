"""The command line: parses arguments and calls the Python API, nothing more."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
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

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Storyline: evidence-linked story timelines from news articles.",
)
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks: quality and speed, measured.")
app.add_typer(bench_app, name="bench")
err = Console(stderr=True)

if TYPE_CHECKING:
    from storyline.settings import Settings


@app.command()
def run(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders (.txt, .html, .htm, .jsonl, .warc, .warc.gz), or URLs "
            "(s3://bucket/crawl/*.warc.gz). Default: the bundled demo corpus."
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the outputs to.")
    ] = Path("storyline-out"),
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON on stdout.")
    ] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="Outputs to write: json, md, html, tilse (repeat the option; default json, md "
            "and html). manifest.json is always written.",
        ),
    ] = None,
    max_dates: Annotated[
        int | None,
        typer.Option("--max-dates", min=1, help="Also make a digest: the L most important days."),
    ] = None,
    per_date: Annotated[
        int, typer.Option("--per-date", min=1, help="Sentences per day in the digest.")
    ] = 1,
    keywords: Annotated[
        list[str] | None,
        typer.Option(
            "--keywords",
            help="Only sentences containing one of these words enter the digest "
            "(comma-separated or repeated; case-insensitive).",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Digest days from this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Digest days up to this date (YYYY-MM-DD).")
    ] = None,
    languages: LanguagesOption = "en",
    include_hosts: IncludeHostOption = None,
    exclude_hosts: ExcludeHostOption = None,
    url_patterns: UrlPatternOption = None,
    executor: ExecutorOption = "local",
    workers: WorkersOption = None,
    ray_address: RayAddressOption = None,
    work_dir: Annotated[
        Path | None, typer.Option(help="Keep finished shards here: a rerun resumes from them.")
    ] = None,
) -> None:
    """Build story timelines from articles: timeline.json/.md/.html and manifest.json."""
    from storyline.executors import ExecutorUnavailable, run_pipeline
    from storyline.output import FORMATS, summary, write_outputs

    chosen = tuple(formats or ("json", "md", "html"))
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown:
        err.print(
            f"[red]error:[/red] unknown format {', '.join(unknown)}; use {', '.join(FORMATS)}"
        )
        raise typer.Exit(2)
    settings = _settings(max_dates, per_date, keywords or [], since, until)
    ingest = ingest_settings(languages, include_hosts, exclude_hosts, url_patterns)
    settings = dataclasses.replace(settings, ingest=ingest)
    show = not quiet and not as_json
    with _progress(show) as report:
        try:
            result = run_pipeline(
                list(paths) if paths else None,
                settings=settings,
                progress=report,
                executor=executor,
                workers=workers,
                address=ray_address,
                work_dir=work_dir,
            )
        except ExecutorUnavailable as error:
            err.print(f"[red]error:[/red] {error}")
            raise typer.Exit(2) from None
        written = write_outputs(result, out, chosen)
    numbers = summary(result)
    if as_json:
        print(json.dumps({**numbers, "outputs": {k: str(v) for k, v in written.items()}}))
    elif not quiet:
        _print_summary(result, numbers, out, written)
    raise typer.Exit(0 if result.usable else 2)


def _settings(
    max_dates: int | None, per_date: int, keywords: list[str], since: str | None, until: str | None
) -> Settings:
    """The run's settings from the command line; a bad date exits with a message (code 2)."""
    from storyline.digest import DigestSettings
    from storyline.settings import Settings

    def day(text: str | None, option: str) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            err.print(f"[red]error:[/red] {option} wants a date as YYYY-MM-DD, not {text!r}")
            raise typer.Exit(2) from None

    words = tuple(w.strip() for item in keywords for w in item.split(",") if w.strip())
    try:
        digest = DigestSettings(
            max_dates, per_date, words, day(since, "--since"), day(until, "--until")
        )
    except ValueError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
    return Settings(digest=digest)


@contextmanager
def _progress(show: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr, fed by the pipeline's progress callback."""
    if not show:
        yield lambda stage, done, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield report


def _print_summary(  # type: ignore[no-untyped-def]
    result, numbers: dict, out: Path, written: dict
) -> None:
    console = Console()
    table = Table(title="Storyline", show_header=False)
    for story in result.stories[:5]:
        table.add_row(
            "story", f"{story.title}  ({len(story.documents)} articles, {len(story.events)} events)"
        )
    if len(result.stories) > 5:
        table.add_row("", f"... and {len(result.stories) - 5} more stories")
    for key in (
        "stories",
        "documents",
        "duplicates",
        "events",
        "dated_events",
        "quotes",
        "figures",
        "disagreements",
        "rejected",
    ):
        table.add_row(key.replace("_", " "), str(numbers[key]))
    console.print(table)
    for entry in result.rejected[:10]:
        console.print(f"[yellow]rejected[/yellow] {entry.origin}: {entry.reason}")
    if len(result.rejected) > 10:
        console.print(f"... {len(result.rejected) - 10} more rejections in {out / 'manifest.json'}")
    if not result.usable:
        console.print("[red]Nothing usable was read.[/red]")
    console.print(f"Outputs in {out}/: {', '.join(sorted(written))}")


@bench_app.command("debris")
def bench_debris(
    root: Annotated[Path, typer.Argument(help="The boilerplate-aeb folder.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write scores as JSON.")] = None,
    subset: Annotated[
        int | None, typer.Option(help="Only the first N pages (sorted ids), for a quick check.")
    ] = None,
    html: Annotated[bool, typer.Option(help="Also score the HTML path (trafilatura).")] = True,
) -> None:
    """Score the clean stage on the article-extraction benchmark (plain text and HTML paths)."""
    from storyline.bench import debris

    if not root.is_dir():
        err.print(f"[red]No such folder: {root}[/red]")
        raise typer.Exit(2)
    ids = sorted(debris.load(root)[0])[:subset] if subset else None
    result = debris.run(root, ids, html=html)
    print(debris.format_table(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=1))


@bench_app.command("speed")
def bench_speed(
    paths: Annotated[list[Path], typer.Argument(help="Articles to time (files or folders).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write figures as JSON.")] = None,
) -> None:
    """Time the pipeline per stage, next to spaCy's full pipeline on the same texts."""
    from storyline.bench import speed

    result = speed.run(paths)
    print(speed.format_table(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=1))


@bench_app.command("dedup")
def bench_dedup(
    root: Annotated[Path, typer.Argument(help="A folder of topic folders (../shared/data/t17).")],
    sample: Annotated[int, typer.Option(help="Articles given synthetic reprints.")] = 150,
) -> None:
    """Measure near-duplicate thresholds: reprint recall vs same-topic articles merged."""
    from storyline.bench import dedup

    print(dedup.format_table(dedup.run(root, sample=sample)))


@bench_app.command(
    "tempeval3", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
)
def bench_tempeval3(ctx: typer.Context) -> None:
    """Score the temporal tagger TempEval-3 style.

    ROOT [--split te3-platinum|tbaq-cleaned] [--errors N] [--json OUT] [--compare-heideltime]
    """
    from storyline.bench import tempeval

    raise typer.Exit(tempeval.main(list(ctx.args)))


@bench_app.command(
    "tls", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
)
def bench_tls(ctx: typer.Context) -> None:
    """Timeline summarization on T17 (groundwork: the PUBCOUNT sanity baseline so far).

    ROOT [--tasks NAME ...] [--rouge reimpl|original] [--json OUT]; needs
    scripts/install-tls-bench.sh (tilse 0.2.1).
    """
    from storyline.bench import tls

    raise typer.Exit(tls.main(list(ctx.args)))


@bench_app.command(
    "scale", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
)
def bench_scale(ctx: typer.Context) -> None:
    """Throughput per stage on 1 and 2 workers, local against Ray, corpus-wide growth.

    ROOT [--workers 1 2] [--executor local ray] [--articles 1000 4651] [--json OUT]
    """
    from storyline.bench import scale

    raise typer.Exit(scale.main(list(ctx.args)))


@app.command()
def timex(
    file: Annotated[Path, typer.Argument(help="A text file, or a TimeML .tml/.TE3input file.")],
    dct: Annotated[
        str | None, typer.Option(help="Document creation time YYYY-MM-DD (json format).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, or timeml for TE3 input.")] = "json",
) -> None:
    """Temporal expressions of a file with TimeML types and values, resolved against the DCT."""
    import datetime as dt

    from storyline.dates import timeml
    from storyline.ingest import read_inputs
    from storyline.records import Document

    if fmt == "timeml":
        print(timeml.annotate_tml(file))
        return
    if fmt != "json" or dct is None:
        err.print("[red]--format json needs --dct YYYY-MM-DD (or use --format timeml)[/red]")
        raise typer.Exit(2)
    try:
        day = dt.date.fromisoformat(dct)
    except ValueError:
        err.print(f"[red]Not a date: {dct!r} (expected YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from None
    items = list(read_inputs([file]))
    document = items[0] if items else None
    if not isinstance(document, Document):
        reason = document.reason if document else "nothing read"
        err.print(f"[red]{file}: {reason}[/red]")
        raise typer.Exit(2)
    print(json.dumps(timeml.tag_text(document.text, day), ensure_ascii=False, indent=1))


from storyline.cli_store import register as _register_store  # noqa: E402 - needs app, bench_app

_register_store(app, bench_app)

from storyline.cli_serve import register as _register_serve  # noqa: E402 - needs app, bench_app

_register_serve(app, bench_app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
