"""What the ingest stage lets through: accepted languages and URL/host filters.

These are user choices, not defaults hidden in readers: they live in one validated record
(:class:`IngestSettings`, part of :class:`storyline.settings.Settings`), so a result's
``settings`` say which articles were left out on purpose. Every article a choice leaves out
becomes a :class:`~storyline.records.Rejection` with a reason naming the choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

FILTERED = "left out by the URL filters"
"""How a reason for an input left out by ``include_hosts``/``exclude_hosts``/``url_patterns``
begins."""

ALL_LANGUAGES = "all"
"""What ``--languages`` takes to accept articles in every language (no identification)."""


@dataclass(frozen=True, slots=True)
class UrlVerdict:
    """Why a URL is left out: ``kind`` groups verdicts for counting, ``reason`` is the sentence."""

    kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Which inputs the ingest stage reads on; the default reads every English article.

    ``languages``: ISO 639-1 codes of the languages accepted; an article identified with
    confidence as another language is set aside. Empty accepts every language (and skips the
    identification). ``include_hosts``: when given, only URLs on one of these hosts or their
    subdomains are read (``example.com`` takes ``www.example.com``). ``exclude_hosts``: URLs on
    these hosts (and subdomains) are left out. ``url_patterns``: when given, a URL must match
    one of these regular expressions (``re.search``). The URL filters apply to inputs that have
    a URL (WARC records, JSONL rows with ``url``, saved pages that state their address); an
    input without one, like a ``.txt`` file, is never filtered out by them.

    Values are normalised and validated on construction: a bad language code or regular
    expression raises ``ValueError`` with a message a user can act on.
    """

    languages: tuple[str, ...] = ("en",)
    include_hosts: tuple[str, ...] = ()
    exclude_hosts: tuple[str, ...] = ()
    url_patterns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        languages = tuple(dict.fromkeys(_language(code) for code in self.languages))
        object.__setattr__(self, "languages", languages)
        object.__setattr__(self, "include_hosts", _hosts(self.include_hosts, "include"))
        object.__setattr__(self, "exclude_hosts", _hosts(self.exclude_hosts, "exclude"))
        for pattern in self.url_patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                message = f"URL pattern {pattern!r} is not a regular expression: {error}"
                raise ValueError(message) from None
        object.__setattr__(self, "url_patterns", tuple(self.url_patterns))

    @property
    def filters_urls(self) -> bool:
        """True when any URL or host filter is set."""
        return bool(self.include_hosts or self.exclude_hosts or self.url_patterns)

    def url_verdict(self, url: str | None) -> UrlVerdict | None:
        """``None`` when ``url`` may be read, else why not. No URL is never filtered out.

        Cheap (a URL split and at most a few regular expressions), so readers call it before
        parsing any HTML: at crawl scale most records are filtered out, and parsing is the cost.
        """
        if not url or not self.filters_urls:
            return None
        host = host_of(url)
        if self.exclude_hosts and _on_hosts(host, self.exclude_hosts):
            return UrlVerdict("excluded host", f"host {host} is excluded ({url})")
        if self.include_hosts and not _on_hosts(host, self.include_hosts):
            wanted = ", ".join(self.include_hosts)
            return UrlVerdict(
                "host not included", f"host {host or '(none)'} is not one of {wanted} ({url})"
            )
        if self.url_patterns and not any(re.search(p, url) for p in self.url_patterns):
            wanted = " or ".join(repr(p) for p in self.url_patterns)
            return UrlVerdict("URL pattern", f"URL does not match {wanted} ({url})")
        return None


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` without port or trailing dot; '' if it has none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # e.g. an unbalanced IPv6 bracket: no host we could match
        return ""
    return host.rstrip(".")


def parse_languages(text: str) -> tuple[str, ...]:
    """``"en,de"`` as ``("en", "de")``; ``"all"`` or an empty text as ``()``: accept all."""
    codes = tuple(code.strip().lower() for code in text.split(",") if code.strip())
    return () if codes in {(), (ALL_LANGUAGES,)} else codes


def _language(code: str) -> str:
    from lingua import IsoCode639_1

    normal = code.strip().lower()
    try:
        IsoCode639_1.from_str(normal)
    except ValueError:
        raise ValueError(
            f"unknown language code {code!r}: use ISO 639-1 codes such as en, de, fr "
            f"(or '{ALL_LANGUAGES}' to accept every language)"
        ) from None
    return normal


def _hosts(values: tuple[str, ...], which: str) -> tuple[str, ...]:
    hosts: list[str] = []
    for value in values:
        text = value.strip().lower()
        # A pasted address instead of a host name means its host; say so when there is none.
        host = host_of(text) if "://" in text else text.split("/")[0].split(":")[0].rstrip(".")
        host = host.removeprefix("*.").removeprefix(".")
        if not host or any(char.isspace() for char in host):
            raise ValueError(f"{which} host {value!r} is not a host name like example.com")
        hosts.append(host)
    return tuple(dict.fromkeys(hosts))


def _on_hosts(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == wanted or host.endswith("." + wanted) for wanted in hosts)
