"""The JSON API under ``/api``: stories, one story (the timeline.json contract), its page view,
rhythm and documents, and adding articles.

Every route that names a story or a document only looks its id up in the store (ids are data,
never paths), so no route can reach a file. Errors are JSON ``{"detail": message}``: 404 for an
unknown id, 403/411/413/415/400 for an upload the server refuses (see ``uploads.py``), 503
when the store is busy in another process for longer than the server waits.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline import __version__
from storyline.serve import uploads, views
from storyline.serve.library import Library

router = APIRouter(prefix="/api")

UPLOAD_HEADER = "x-storyline-request"
"""Uploads must carry this header. A page on another site can make a browser post a form to
127.0.0.1, but not add a custom header without a CORS preflight, which this server never
grants; so only our own page (and scripts that set it on purpose) can add articles."""


def _library(request: Request) -> Library:
    library: Library = request.app.state.library
    return library


def _json(body: bytes) -> Response:
    return Response(body, media_type="application/json")


@router.get("/info", summary="What this server serves")
def info(request: Request) -> dict[str, Any]:
    """The Storyline version, the store file's name, whether uploads are refused
    (``read_only``), and the upload limits (bytes per file, files per request, pasted text,
    bytes per request, accepted file types)."""
    state = request.app.state
    return {
        "version": __version__,
        "store": state.library.path.name,
        "read_only": state.read_only,
        "limits": state.limits.to_json(),
    }


@router.get("/stories", summary="List or search the stories")
def stories(
    request: Request,
    q: str = Query("", max_length=200, description="Search titles, entities and article text."),
) -> dict[str, Any]:
    """Every story, most recently updated first: ``id``, ``title``, ``documents`` (articles),
    ``events``, ``first``/``last`` (the span of its events dated to a day or month),
    ``updated`` (UTC). With ``q``, only stories where it occurs (case-insensitive) in the
    story's title, among its named entities, or in an article's headline or text; each with
    ``matches`` saying where."""
    return {"query": q, "stories": _library(request).summaries(q)}


@router.get(
    "/stories/{story_id}",
    summary="One story as timeline.json",
    responses={200: {"content": {"application/json": {}}}, 404: {"description": "No story"}},
)
def story(request: Request, story_id: str) -> Response:
    """The story in the timeline.json contract (README, "timeline.json contract"): exactly
    what ``storyline show STORY_ID --format json`` prints. ``story_id`` may be a unique
    prefix of the id."""
    return _json(_library(request).story(story_id).contract_json())


@router.get("/stories/{story_id}/view", summary="One story as the page draws it")
def story_view(request: Request, story_id: str) -> Response:
    """``{"timeline", "manifest", "rhythm", "summary"}``: the contract with each document's
    ``text`` left out (``length`` instead; fetch a document for its text), the manifest of the
    story's articles, the rhythm (see ``/rhythm``) and the story's list entry."""
    return _json(_library(request).story(story_id).page_json())


@router.get("/stories/{story_id}/rhythm", summary="Events and articles over time")
def story_rhythm(request: Request, story_id: str) -> dict[str, Any]:
    """Counts per period (``unit``: day, week, month or year) over the articles' publication
    span: ``bins`` of ``{"start", "end", "label", "events", "articles"}`` (``end``
    exclusive), events dated ``before`` and ``after`` that span, and the events and articles
    whose date is not known to within a month (``unplaced``)."""
    return views.rhythm(_library(request).story(story_id).story)


@router.get("/stories/{story_id}/documents", summary="The story's articles")
def story_documents(request: Request, story_id: str) -> dict[str, Any]:
    """Every article of the story without its text: title, source, URL, ``published`` (a
    Date with its ``basis``), ``duplicate_of``, ``reprinted_by`` (ids of its reprints),
    ``debris`` (spans cleaning ignored, with reasons), ``ignored_chars``, ``length``."""
    return {"documents": views.document_rows(_library(request).story(story_id).story)}


@router.get(
    "/stories/{story_id}/documents/{doc_id:path}",
    summary="One article with its text",
    responses={404: {"description": "No such document in this story"}},
)
def story_document(request: Request, story_id: str, doc_id: str) -> dict[str, Any]:
    """The article as in the contract's ``documents``, with ``text``: the text every span's
    offsets refer to (Python string indices, i.e. code points)."""
    return _library(request).story(story_id).document(doc_id)


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "Articles: .txt, .html, .htm or .jsonl files.",
                    },
                    "text": {"type": "string", "description": "A pasted article's text."},
                    "title": {"type": "string", "description": "Its title (default: 1st line)."},
                    "published": {"type": "string", "description": "Its date, YYYY-MM-DD."},
                    "source": {"type": "string", "description": "Its outlet."},
                    "url": {"type": "string", "description": "Where it was published."},
                },
            }
        }
    },
}


@router.post(
    "/documents",
    summary="Add articles to the store",
    openapi_extra={
        "requestBody": UPLOAD_BODY,
        "parameters": [
            {
                "name": "X-Storyline-Request",
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": "Any value; proves the request is not a cross-site form post.",
            }
        ],
    },
    responses={
        400: {"description": "Nothing to add, or a bad field"},
        403: {"description": "Read-only server, or a request from another site"},
        411: {"description": "No Content-Length"},
        413: {"description": "Too large: a file, the pasted text, the request, or too many files"},
        415: {"description": "A file type the engine does not read"},
    },
)
async def add_documents(request: Request) -> JSONResponse:
    """Ingests uploaded files and/or pasted text into the store: each article joins its story
    or starts one, and events, corroboration and disagreements update. The whole request is
    refused (nothing stored) when a limit is broken (``GET /api/info`` gives them).

    Returns the add report: ``added``, ``duplicates``, ``unchanged`` (counts), ``rejected``
    (inputs with reasons), ``new_stories``, ``stories`` (every story that changed),
    ``documents`` (each stored article with its story or original), ``seconds``."""
    state = request.app.state
    if state.read_only:
        raise uploads.UploadError(403, "this server is read-only (--read-only): uploads are off")
    limits: uploads.Limits = state.limits
    try:
        form = await request.form(max_part_size=limits.text_bytes + 4096)
    except StarletteHTTPException as error:
        if "maximum size" in str(error.detail):
            message = f"the pasted text is over {uploads.size(limits.text_bytes)}"
            raise uploads.UploadError(413, message) from None
        raise uploads.UploadError(400, f"the upload could not be read: {error.detail}") from None
    try:
        files, fields = uploads.form_fields(form)
        uploads.check_files(files, limits)
        pasted = uploads.pasted_document(fields, limits)
        if not files and pasted is None:
            raise uploads.UploadError(400, "nothing to add: choose files or paste an article")
        with tempfile.TemporaryDirectory(prefix="storyline-upload-") as folder:
            documents, rejected = await run_in_threadpool(
                uploads.save_and_read, files, Path(folder), limits
            )
        if pasted is not None:
            documents.append(pasted)
        report = await run_in_threadpool(_library(request).add, documents, rejected, state.nlp)
    finally:
        await form.close()
    return JSONResponse(report)
