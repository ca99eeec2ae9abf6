"""The HTML the server sends: small page shells, and the API reference made from OpenAPI.

A shell carries its data as JSON in ``<script type="application/json">`` elements (written by
:func:`storyline.render.html.script_json`, which escapes everything that could end the element)
and loads the scripts and styles the app serves itself: ``page.css``/``page.js``, the offline
page's own (``storyline.render``), and ``serve.css``/``serve.js`` for what only the server
can do (stories list, search, rhythm chart, adding articles, texts fetched on demand). The only
data string that reaches markup from Python, a story title in ``<title>``, is HTML-escaped.
No page refers to anything but this server.
"""

from __future__ import annotations

import html
from typing import Any

from storyline.render.html import script_json


def _head(title: str, scripts: bool = True) -> str:
    deferred = (
        # Fetched while the (possibly large) page downloads, run once it is parsed.
        '<script defer src="/assets/page.js"></script>\n'
        '<script defer src="/assets/serve.js"></script>\n'
        if scripts
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        '<link rel="stylesheet" href="/assets/page.css">\n'
        '<link rel="stylesheet" href="/assets/serve.css">\n'
        f"{deferred}</head>\n<body>\n"
    )


def _site_bar(read_only: bool) -> str:
    mode = (
        '<span class="mode" title="Started with --read-only: uploads are off">read-only</span>'
        if read_only
        else ""
    )
    return (
        '<header class="site"><a class="brand" href="/">Storyline</a>'
        '<nav aria-label="Site"><a href="/">Stories</a><a href="/api/docs">API</a></nav>'
        f"{mode}</header>\n"
    )


def _data(element_id: str, body: str) -> str:
    return f'<script type="application/json" id="{element_id}">{body}</script>\n'


NOSCRIPT = (
    '<noscript><div class="noscript"><h1>This page needs JavaScript</h1><p>It draws the '
    "stories from data the local server sent and loads nothing from the network. The same data "
    'is at <a href="/api/stories">/api/stories</a>.</p></div></noscript>\n'
)


def stories_page(config: dict[str, Any], listing: dict[str, Any]) -> str:
    """The stories list: ``config`` (``read_only``, ``limits``) and ``listing`` (``query``,
    ``stories``) become JSON for ``serve.js``."""
    return "".join(
        [
            _head("Stories — Storyline"),
            _site_bar(config["read_only"]),
            '<div id="app" class="app" data-view="stories">\n',
            NOSCRIPT,
            "</div>\n",
            _data("storyline-serve", script_json({**config, "view": "stories"})),
            _data("storyline-stories", script_json(listing)),
            "</body>\n</html>\n",
        ]
    )


def story_page(config: dict[str, Any], title: str, parts: dict[str, str]) -> str:
    """A story: ``parts`` are the JSON bodies of its page view (``timeline`` without document
    texts, ``manifest``, ``rhythm``), drawn by ``page.js`` as the offline page draws them, with
    ``serve.js``'s additions."""
    return "".join(
        [
            _head(f"{title or 'Untitled story'} — Storyline"),
            _site_bar(config["read_only"]),
            '<div id="app" class="app" aria-live="polite" data-view="story">\n',
            NOSCRIPT,
            "</div>\n",
            _data("storyline-serve", script_json({**config, "view": "story"})),
            _data("storyline-data", parts["timeline"]),
            _data("storyline-manifest", parts["manifest"]),
            _data("storyline-rhythm", parts["rhythm"]),
            "</body>\n</html>\n",
        ]
    )


def not_found(message: str, read_only: bool) -> str:
    """A page for a story that is not in the store (``message`` says which, escaped)."""
    return "".join(
        [
            _head("Not found — Storyline", scripts=False),
            _site_bar(read_only),
            '<main class="app"><h1>Not found</h1>',
            f'<p class="empty">{html.escape(message)}. <a href="/">All stories</a></p></main>\n',
            "</body>\n</html>\n",
        ]
    )


def _e(value: Any) -> str:
    return html.escape(str(value if value is not None else ""))


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in (text or "").split("\n\n") if b.strip()]
    return "".join(f"<p>{_e(' '.join(b.split()))}</p>" for b in blocks)


def _schema_type(schema: dict[str, Any]) -> str:
    if "type" in schema:
        kind = str(schema["type"])
        if kind == "array":
            return f"array of {_schema_type(schema.get('items', {}))}"
        return kind + (f" ({schema['format']})" if "format" in schema else "")
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"])
    return "object"


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    rows = [
        f"<tr><td><code>{_e(p['name'])}</code></td><td>{_e(p['in'])}</td>"
        f"<td>{'yes' if p.get('required') else 'no'}</td>"
        f"<td>{_e(_schema_type(p.get('schema', {})))}</td>"
        f"<td>{_e(p.get('description') or p.get('schema', {}).get('description', ''))}</td></tr>"
        for p in op.get("parameters", [])
    ]
    body = op.get("requestBody", {}).get("content", {})
    for media, content in body.items():
        for name, prop in content.get("schema", {}).get("properties", {}).items():
            rows.append(
                f"<tr><td><code>{_e(name)}</code></td><td>body ({_e(media)})</td><td>no</td>"
                f"<td>{_e(_schema_type(prop))}</td><td>{_e(prop.get('description', ''))}</td></tr>"
            )
    table = (
        '<table class="params"><thead><tr><th>name</th><th>in</th><th>required</th>'
        "<th>type</th><th>description</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else ""
    )
    responses = "".join(
        f"<li><code>{_e(code)}</code> {_e(r.get('description', ''))}</li>"
        for code, r in sorted(op.get("responses", {}).items())
    )
    anchor = f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "")
    return (
        f'<section class="operation" id="{_e(anchor)}"><h2><span class="method">'
        f"{_e(method.upper())}</span> <code>{_e(path)}</code></h2>"
        f'<p class="summary">{_e(op.get("summary", ""))}</p>'
        f"{_paragraphs(op.get('description', ''))}{table}"
        f'<h3>Responses</h3><ul class="responses">{responses}</ul></section>\n'
    )


def api_reference(schema: dict[str, Any], read_only: bool) -> str:
    """The API reference, drawn from the app's own OpenAPI schema: no third-party viewer,
    nothing loaded from a CDN, no script at all."""
    info = schema.get("info", {})
    sections = [
        _operation(path, method, op)
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    toc = "".join(
        f'<li><a href="#{_e(f"{m}-{p}".replace("/", "-").replace("{", "").replace("}", ""))}">'
        f"{_e(m.upper())} <code>{_e(p)}</code></a></li>"
        for p, methods in schema.get("paths", {}).items()
        for m in methods
    )
    return "".join(
        [
            _head("API — Storyline", scripts=False),
            _site_bar(read_only),
            '<main class="app api-docs">',
            f"<h1>{_e(info.get('title', 'API'))} <small>{_e(info.get('version', ''))}</small></h1>",
            _paragraphs(info.get("description", "")),
            '<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI).</p>',
            f'<nav aria-label="Operations"><ul class="toc">{toc}</ul></nav>',
            *sections,
            "</main>\n</body>\n</html>\n",
        ]
    )
