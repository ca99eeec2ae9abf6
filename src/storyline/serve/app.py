"""The story page's web app: ``create_app(db, read_only)`` (``server.py`` runs it).

Built to be trusted on a journalist's laptop:

- It binds to 127.0.0.1 unless told otherwise, and then answers only requests that name a
  loopback host (a web page cannot reach it through a DNS name it controls).
- Every response carries a Content-Security-Policy that allows nothing but this server's own
  scripts, styles and API (no inline script, no third-party host), so even text that slipped
  into markup could not run or load anything.
- Changing requests must carry a custom header no cross-site form can send, must not come
  from another origin, and are refused on a read-only server; upload bodies without a length
  or over the limit are refused before they are read.
- Assets come from a fixed set loaded from the package at start; every other route looks ids
  up in the store. No route maps a URL to a file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from storyline import __version__
from storyline.serve import pages
from storyline.serve.api import UPLOAD_HEADER, router
from storyline.serve.library import Library, NotFound
from storyline.serve.uploads import Limits, UploadError, check_length

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
ASSETS = {
    "page.css": ("storyline.render", "text/css; charset=utf-8"),
    "page.js": ("storyline.render", "text/javascript; charset=utf-8"),
    "serve.css": ("storyline.serve", "text/css; charset=utf-8"),
    "serve.js": ("storyline.serve", "text/javascript; charset=utf-8"),
}
DESCRIPTION = (
    "Stories of a Storyline store: a timeline of events, who said what, key figures and where "
    "sources disagree, every item linked to the text it came from (document id and character "
    "offsets). Story JSON follows the timeline.json contract (see the README).\n\n"
    f"Adding articles needs the header {UPLOAD_HEADER} (any value) and is refused when the "
    "server runs with --read-only."
)

ASGIApp = Callable[..., Awaitable[None]]
Scope = MutableMapping[str, Any]


def load_assets() -> dict[str, tuple[bytes, str]]:
    """The fixed set of files the app serves, read once from the installed package."""
    return {
        name: (resources.files(package).joinpath("assets", name).read_bytes(), media)
        for name, (package, media) in ASSETS.items()
    }


class Guard:
    """ASGI middleware: host check, security headers, and the checks on changing requests
    that must run before a body is read (see the module docstring)."""

    def __init__(
        self, app: ASGIApp, *, hosts: tuple[str, ...] | None, read_only: bool, limits: Limits
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.read_only = read_only
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self._problem(scope, headers)

        async def secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        if problem is not None:
            status, text = problem
            await JSONResponse({"detail": text}, status_code=status)(scope, receive, secured)
            return
        await self.app(scope, receive, secured)

    def _problem(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = headers.get("host", "")
        if self.hosts is not None and _hostname(host) not in self.hosts:
            return 421, f"this server answers to {', '.join(self.hosts)}, not {host!r}"
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return None
        if self.read_only:
            return 403, "this server is read-only (--read-only): uploads are off"
        origin = headers.get("origin")
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            return 403, f"requests from {origin} may not change this store"
        if UPLOAD_HEADER not in headers:
            return 403, f"send the {UPLOAD_HEADER} header to add articles (the page does)"
        if scope["path"] == "/api/documents":
            try:
                check_length(headers, self.limits)
            except UploadError as error:
                return error.status, error.message
        return None


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def create_app(
    db: Path,
    read_only: bool = False,
    *,
    hosts: tuple[str, ...] | None = LOOPBACK,
    limits: Limits | None = None,
    nlp: Callable[[], Any] | None = None,
) -> FastAPI:
    """The web app for the store at ``db`` (created by the first upload if missing).

    ``hosts``: the Host names it answers (None: any, for a server bound to a network address);
    ``nlp``: returns the spaCy pipeline, called on the first upload (default: the engine's
    model, loaded once per process)."""
    from storyline.nlp import load_model

    app = FastAPI(
        title="Storyline",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.library = Library(Path(db))
    app.state.read_only = read_only
    app.state.limits = limits or Limits()
    app.state.nlp = nlp or load_model
    assets = load_assets()
    app.include_router(router)
    _errors(app)
    _pages(app, assets)
    app.add_middleware(Guard, hosts=hosts, read_only=read_only, limits=app.state.limits)
    return app


def _config(request: Request) -> dict[str, Any]:
    state = request.app.state
    return {"read_only": state.read_only, "limits": state.limits.to_json()}


def _pages(app: FastAPI, assets: dict[str, tuple[bytes, str]]) -> None:
    @app.get("/", include_in_schema=False)
    def stories_page(request: Request, q: str = "") -> HTMLResponse:
        listing = {"query": q, "stories": request.app.state.library.summaries(q[:200])}
        return HTMLResponse(pages.stories_page(_config(request), listing))

    @app.get("/stories/{story_id}", include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        try:
            view = request.app.state.library.story(story_id)
        except NotFound as error:
            page = pages.not_found(str(error), request.app.state.read_only)
            return HTMLResponse(page, status_code=404)
        config = {**_config(request), "story": view.story["id"]}

        def make() -> bytes:
            return pages.story_page(config, view.story["title"], view.page_parts()).encode()

        return HTMLResponse(view.memo("html", make))

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return HTMLResponse(pages.api_reference(app.openapi(), request.app.state.read_only))

    @app.get("/assets/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name not in assets:
            return JSONResponse({"detail": f"no asset {name!r}"}, status_code=404)
        body, media = assets[name]
        return Response(body, media_type=media, headers={"cache-control": "no-cache"})


def _errors(app: FastAPI) -> None:
    from storyline.nlp import ModelNotInstalled
    from storyline.store import StoreBusy, StoreError

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(UploadError)
    async def refused(request: Request, error: UploadError) -> JSONResponse:
        return JSONResponse({"detail": error.message}, status_code=error.status)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, error: StoreBusy) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503, headers={"retry-after": "5"})

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)

    @app.exception_handler(ModelNotInstalled)
    async def no_model(request: Request, error: ModelNotInstalled) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)
