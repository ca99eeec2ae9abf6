"""The options ``run`` and ``add`` share: accepted languages, URL filters, and the executor.

A crawl is read the same way whether its articles become one run's timelines or arrive in the
story store one day at a time, so both commands take the same options and build the same
:class:`~storyline.ingest.IngestSettings` from them; and the same executors read and analyse
their articles (:mod:`storyline.executors`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from storyline.ingest import IngestSettings

err = Console(stderr=True)

LanguagesOption = Annotated[
    str,
    typer.Option(
        "--languages",
        help="Accepted article languages, ISO 639-1, comma-separated; others are set aside "
        "with a reason. 'all' accepts every language.",
    ),
]
IncludeHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--include-host",
        help="Only read URLs on this host or its subdomains (repeat or comma-separate).",
    ),
]
ExcludeHostOption = Annotated[
    list[str] | None,
    typer.Option("--exclude-host", help="Leave out URLs on this host and its subdomains."),
]
UrlPatternOption = Annotated[
    list[str] | None,
    typer.Option("--url-pattern", help="Only read URLs matching this regular expression."),
]

ExecutorOption = Annotated[
    str, typer.Option(help="local (a process pool over all cores) or ray (a Ray cluster).")
]
WorkersOption = Annotated[
    int | None, typer.Option(min=1, help="Workers (default: every core / the Ray CPUs).")
]
RayAddressOption = Annotated[
    str | None, typer.Option(help="An existing Ray cluster; without it, a local Ray.")
]


def ingest_settings(
    languages: str,
    include: list[str] | None,
    exclude: list[str] | None,
    patterns: list[str] | None,
) -> IngestSettings:
    """The settings the options ask for; a bad value is one line on stderr and exit code 2."""
    from storyline.ingest import IngestSettings, parse_languages

    def hosts(values: list[str] | None) -> tuple[str, ...]:
        return tuple(h.strip() for value in values or [] for h in value.split(",") if h.strip())

    try:
        return IngestSettings(
            parse_languages(languages), hosts(include), hosts(exclude), tuple(patterns or [])
        )
    except ValueError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
