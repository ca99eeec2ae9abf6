"""``storyline serve``'s JSON API and its defences, through a real uvicorn server on 127.0.0.1.

The server runs in a thread of the test process (sharing the spaCy model the ``nlp`` fixture
loaded) on a copy of the demo store; requests go over real sockets with ``http.client``, which
sends paths exactly as written (no normalisation), so traversal attempts reach the server
unaltered. The ``storyline serve`` command itself is started once as a subprocess.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.serve import create_app
from storyline.serve.background import BackgroundServer
from storyline.serve.uploads import MB, Limits

STORYLINE = Path(sys.executable).with_name("storyline")
SEND = {"X-Storyline-Request": "test"}
ARTICLE = """Turkey takes delivery of a third S-400 battery from Russia

ANKARA - Turkey's defence ministry said on March 3, 2021 that a third battery of Russian S-400 \
air defence systems had arrived at Murted air base near Ankara.

Russia's Rosoboronexport confirmed the delivery of the S-400 battery to Turkey, saying the \
contract with Ankara had been fulfilled on schedule.

President Erdogan said Turkey would not give up the S-400 despite American sanctions under CAATSA.
"""


class Client:
    """Raw HTTP to one server: the path goes on the wire as given."""

    def __init__(self, url: str) -> None:
        self.host, port = url.removeprefix("http://").split(":")
        self.port = int(port)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> tuple[int, Any]:
        status, _, body = self.request("GET", path, headers=headers)
        return status, json.loads(body) if body.startswith((b"{", b"[")) else body

    def upload(
        self,
        files: list[tuple[str, bytes]],
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        body, kind = multipart(files, fields or {})
        sent = {"Content-Type": kind, **(SEND if headers is None else headers)}
        status, _, answer = self.request("POST", "/api/documents", body, sent)
        return status, json.loads(answer)


def multipart(files: list[tuple[str, bytes]], fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    for key, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        parts.append(head.encode() + value.encode() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def store(demo_store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve-api") / "store.duckdb"
    shutil.copy(demo_store_file, path)
    return path


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[Client]:
    with BackgroundServer(create_app(store, read_only=False)) as running:
        yield Client(running.url)


@pytest.fixture(scope="module")
def story_id(server: Client) -> str:
    status, data = server.get("/api/stories")
    assert status == 200 and len(data["stories"]) == 1
    found: str = data["stories"][0]["id"]
    return found


def stored_documents(server: Client) -> int:
    return sum(s["documents"] for s in server.get("/api/stories")[1]["stories"])


# ---- reading ---------------------------------------------------------------------------------


def test_stories_are_listed_and_searched_by_title_entity_and_text(server: Client) -> None:
    status, data = server.get("/api/stories")
    assert status == 200
    (story,) = data["stories"]
    assert story["documents"] == 5 and story["events"] > 10
    assert story["first"] <= "2017-09-12" <= story["last"]
    assert "S-400" in story["title"] and story["updated"].endswith("Z")
    assert server.get("/api/stories?q=s-400")[1]["stories"][0]["matches"][0] == "title"
    assert "entity" in server.get("/api/stories?q=Rosoboronexport")[1]["stories"][0]["matches"]
    # "regimental kit" is only in the body of one article: found as text.
    assert server.get("/api/stories?q=Regimental%20KIT")[1]["stories"][0]["matches"] == ["text"]
    assert server.get("/api/stories?q=%25")[1]["stories"] == []  # no LIKE wildcards
    assert server.get("/api/stories?q=zebra%20crossing")[1]["stories"] == []


def test_story_json_is_exactly_what_storyline_show_prints(
    server: Client, story_id: str, store: Path
) -> None:
    status, headers, body = server.request("GET", f"/api/stories/{story_id}")
    assert status == 200 and headers["content-type"].startswith("application/json")
    # The server holds no connection between requests, so another process can read the store.
    shown = subprocess.run(
        [str(STORYLINE), "show", story_id, "--format", "json", "--db", str(store)],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    assert body == shown
    prefix = server.request("GET", f"/api/stories/{story_id[:5]}")[2]
    assert prefix == body  # a unique prefix names the story, as on the command line
    assert server.get("/api/stories/s-nope")[0] == 404
    status, headers, page = server.request("GET", "/stories/%3Cscript%3Ealert(1)")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert b"no story &#x27;&lt;script&gt;alert(1)&#x27;" in page and b"<script>" not in page


def test_page_view_leaves_texts_out_and_documents_give_them(server: Client, story_id: str) -> None:
    full = server.get(f"/api/stories/{story_id}")[1]["stories"][0]
    status, view = server.get(f"/api/stories/{story_id}/view")
    assert status == 200 and set(view) == {"timeline", "manifest", "rhythm", "summary"}
    light = view["timeline"]["stories"][0]
    assert light["events"] == full["events"] and light["quotes"] == full["quotes"]
    for doc, page_doc in zip(full["documents"], light["documents"], strict=True):
        assert "text" not in page_doc and page_doc["length"] == len(doc["text"])
        status, one = server.get(f"/api/stories/{story_id}/documents/{doc['id']}")
        assert status == 200 and one == doc
    assert len(view["manifest"]) == 5 and view["summary"]["id"] == story_id
    rows = server.get(f"/api/stories/{story_id}/documents")[1]["documents"]
    assert [r["id"] for r in rows] == [d["id"] for d in full["documents"]]
    assert all(r["published"]["basis"] and "text" not in r for r in rows)
    assert any(r["ignored_chars"] > 0 for r in rows)  # the demo pages carry debris


def test_rhythm_counts_every_event_and_article_once(server: Client, story_id: str) -> None:
    full = server.get(f"/api/stories/{story_id}")[1]["stories"][0]
    rhythm = server.get(f"/api/stories/{story_id}/rhythm")[1]
    assert rhythm["unit"] in ("day", "week", "month", "year") and rhythm["bins"]
    events = sum(b["events"] for b in rhythm["bins"])
    events += rhythm["before"]["events"] + rhythm["after"]["events"] + rhythm["unplaced"]["events"]
    assert events == len(full["events"])
    articles = sum(b["articles"] for b in rhythm["bins"]) + rhythm["unplaced"]["articles"]
    assert articles == len(full["documents"])
    contract = [b for b in rhythm["bins"] if b["start"] <= "2017-09-12" < b["end"]]
    assert contract and contract[0]["events"] >= 1


# ---- defences --------------------------------------------------------------------------------

TRAVERSALS = [
    "/assets/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/assets/../../../../../../etc/passwd",
    "/assets/%2e%2e%2fapp.py",
    "/assets/..%5c..%5capp.py",
    "/assets/page.js%00.txt",
    "/assets/%2fetc%2fpasswd",
    "/stories/..%2f..%2f..%2fetc%2fpasswd",
    "/api/stories/..%2f..%2f..%2fetc%2fpasswd",
    "/api/stories/{story}/documents/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/api/stories/{story}/documents/../../../../etc/passwd",
    "/api/stories/{story}/documents/%2fetc%2fpasswd",
    "/static/../../../etc/passwd",
    "/../../../../etc/passwd",
    "/etc/passwd",
]


def test_no_route_reads_a_file_outside_the_store(server: Client, story_id: str) -> None:
    for path in TRAVERSALS:
        status, _, body = server.request("GET", path.replace("{story}", story_id))
        assert status in (400, 404), (path, status)
        assert b"root:" not in body and b"import " not in body, path
    # The fixed asset set is all there is.
    for name in ("page.css", "page.js", "serve.css", "serve.js"):
        assert server.request("GET", f"/assets/{name}")[0] == 200
    assert server.request("GET", "/assets/__init__.py")[0] == 404


def test_responses_carry_a_strict_policy_and_answer_only_loopback_names(
    server: Client, story_id: str
) -> None:
    for path in ("/", f"/stories/{story_id}", "/api/stories", "/api/docs", "/assets/page.js"):
        status, headers, _ = server.request("GET", path)
        assert status == 200, path
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and headers["x-content-type-options"] == "nosniff"
    # A name that resolves to 127.0.0.1 for an attacker's page (DNS rebinding) gets nothing.
    status, _, body = server.request("GET", "/api/stories", headers={"Host": "evil.example"})
    assert status == 421 and b"evil.example" in body
    assert server.request("GET", "/api/stories", headers={"Host": "localhost:1"})[0] == 200


def test_served_pages_refer_to_nothing_but_this_server(server: Client, story_id: str) -> None:
    external = re.compile(
        rb"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//|url\(\s*["']?\s*(?:[a-z]+:)?//"""
        rb"""|@import|https?://(?!127\.0\.0\.1)[a-z0-9.-]+\.[a-z]{2,}/[a-z0-9]""",
        re.I,
    )
    paths = ["/", f"/stories/{story_id}", "/api/docs"]
    paths += [f"/assets/{n}" for n in ("page.css", "page.js", "serve.css", "serve.js")]
    for path in paths:
        body = server.request("GET", path)[2]
        assert not external.findall(body), (path, external.findall(body)[:3])
    # FastAPI's CDN-based viewers are off; our reference is made from the schema.
    assert server.request("GET", "/docs")[0] == 404
    assert server.request("GET", "/redoc")[0] == 404
    schema = server.get("/api/openapi.json")[1]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/documents"} <= set(schema["paths"])
    reference = server.request("GET", "/api/docs")[2].decode()
    for path in schema["paths"]:
        assert f"<code>{path}</code>" in reference


def test_uploads_over_the_limits_are_refused_whole_with_clear_messages(server: Client) -> None:
    limits = Limits()
    before = stored_documents(server)
    big = b"Headline\n\n" + b"word " * (limits.file_bytes // 5 + 10)
    cases = [
        (server.upload([("huge.txt", big)]), 413, "limit is 5.0 MB per file"),
        (
            server.upload([(f"a{i}.txt", ARTICLE.encode()) for i in range(limits.files + 1)]),
            413,
            "at most 20 files",
        ),
        (server.upload([("scan.pdf", b"%PDF-1.4")]), 415, "scan.pdf: type .pdf is not accepted"),
        (server.upload([("run.exe.", b"MZ")]), 415, "not accepted"),
        (server.upload([], {"title": "Only a title"}), 400, "paste the article's text"),
        (server.upload([]), 400, "nothing to add"),
        (server.upload([], {"text": ARTICLE, "published": "next week"}), 400, "YYYY-MM-DD"),
        (server.upload([], {"text": "x" * (limits.text_bytes + 10)}), 413, "pasted text is over"),
        (server.upload([("a.txt", ARTICLE.encode())], headers={}), 403, "x-storyline-request"),
        (
            server.upload(
                [("a.txt", ARTICLE.encode())], headers={**SEND, "Origin": "http://evil.example"}
            ),
            403,
            "evil.example may not change",
        ),
    ]
    for (status, answer), expected, message in cases:
        assert status == expected, (answer, expected)
        assert message in answer["detail"], (answer, message)
    # A declared body over the request limit is refused before a byte of it is read.
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    connection.putrequest("POST", "/api/documents")
    for key, value in {**SEND, "Content-Type": "multipart/form-data; boundary=x"}.items():
        connection.putheader(key, value)
    connection.putheader("Content-Length", str(limits.request_bytes + MB))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413 and b"at most 25.0 MB" in response.read()
    connection.close()
    status, _, body = server.request(
        "POST", "/api/documents", None, {**SEND, "Transfer-Encoding": "chunked"}
    )
    assert status == 411 and b"Content-Length" in body
    assert stored_documents(server) == before  # nothing was stored


def test_an_uploaded_article_joins_its_story_and_changes_the_timeline(
    server: Client, story_id: str, store: Path
) -> None:
    before = server.get(f"/api/stories/{story_id}")[1]["stories"][0]
    assert not any(e["date"]["value"] == "2021-03-03" for e in before["events"])
    status, report = server.upload([("../../../s400-third-battery.txt", ARTICLE.encode())])
    assert status == 200, report
    assert report["added"] == 1 and report["stories"] == [story_id], report
    assert report["documents"] == [
        {"id": "s400-third-battery", "story": story_id, "status": "added"}
    ]
    after = server.get(f"/api/stories/{story_id}")[1]["stories"][0]
    new = [e for e in after["events"] if e["date"]["value"] == "2021-03-03"]
    assert new and new[0]["evidence"][0]["doc"] == "s400-third-battery"
    doc = next(d for d in after["documents"] if d["id"] == "s400-third-battery")
    assert doc["text"] == ARTICLE
    # The client's path was reduced to a file name of ours: nothing was written beside the store.
    assert not list(store.parent.parent.glob("**/s400-third-battery.txt"))
    manifest = server.get(f"/api/stories/{story_id}/view")[1]["manifest"]
    assert {"input": "upload/s400-third-battery.txt", "doc": "s400-third-battery"}.items() <= next(
        m for m in manifest if m["doc"] == "s400-third-battery"
    ).items()
    # The same file again changes nothing.
    status, again = server.upload([("s400-third-battery.txt", ARTICLE.encode())])
    assert status == 200 and again["added"] == 0 and again["unchanged"] == 1


def test_pasted_text_becomes_an_article_with_its_metadata(server: Client, story_id: str) -> None:
    text = (
        "Russia ready to deliver more S-400 systems to Turkey\n\nMoscow, Turkey and Rosoboronexport"
        " agreed on 14 June 2021 to begin talks on a second S-400 regiment for Ankara.\r\n"
    )
    fields = {"text": text, "source": "Pasted Wire", "published": "2021-06-15"}
    status, report = server.upload([], fields)
    assert status == 200 and report["added"] == 1, report
    (added,) = report["documents"]
    assert added["id"].startswith("pasted-") and added["story"] == story_id
    doc = server.get(f"/api/stories/{story_id}/documents/{added['id']}")[1]
    assert doc["title"] == "Russia ready to deliver more S-400 systems to Turkey"
    assert doc["source"] == "Pasted Wire" and doc["published"]["value"] == "2021-06-15"
    assert "\r" not in doc["text"]


def test_the_server_holds_the_store_only_while_it_answers(server: Client, store: Path) -> None:
    server.get("/api/stories")
    # Another process opens the store for writing at once: no lock is left behind.
    probe = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", probe, str(store)], check=True, timeout=60)
    assert time.monotonic() - started < 20


def test_a_new_store_starts_empty_and_the_first_upload_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with BackgroundServer(create_app(path, read_only=False)) as running:
        client = Client(running.url)
        assert client.get("/api/stories")[1]["stories"] == []
        assert b"No stories yet" in client.request("GET", "/assets/serve.js")[2]
        assert client.get("/api/stories/s-1")[0] == 404
        status, report = client.upload([("first.txt", ARTICLE.encode())])
        assert status == 200 and report["new_stories"] == report["stories"], report
        (story,) = client.get("/api/stories")[1]["stories"]
        assert story["id"] == report["new_stories"][0] and story["documents"] == 1
    assert path.exists()


def test_changed_stories_are_prepared_again_in_the_background(
    demo_store_file: Path, tmp_path: Path, nlp: Any
) -> None:
    from storyline.records import Document
    from storyline.serve.library import Library

    path = tmp_path / "warm.duckdb"
    shutil.copy(demo_store_file, path)
    library = Library(path)
    stop = threading.Event()
    thread = threading.Thread(
        target=library.keep_warm, args=(stop,), kwargs={"poll": 0.05, "settle": 0.2}, daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not library._cache and time.monotonic() < deadline:
            time.sleep(0.05)
        ((story, before),) = library._cache.items()  # prepared at start
        article = Document("warm-new", ARTICLE, ARTICLE.splitlines()[0], origin="test")
        report = library.add([article], [], lambda: nlp)
        assert report["stories"] == [story]
        while library._cache[story] is before and time.monotonic() < deadline:
            time.sleep(0.05)
        after = library._cache[story]  # rebuilt without anyone asking for the story
        assert after is not before and after.summary["documents"] == 6
        assert "parts" in after._memo  # the page itself is ready, not only the story
    finally:
        stop.set()
        thread.join(timeout=30)


# ---- read-only, and the command --------------------------------------------------------------


def test_a_read_only_server_refuses_uploads(demo_store_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    shutil.copy(demo_store_file, path)
    with BackgroundServer(create_app(path, read_only=True)) as running:
        client = Client(running.url)
        status, answer = client.upload([("a.txt", ARTICLE.encode())])
        assert status == 403 and "read-only" in answer["detail"]
        assert client.get("/api/info")[1]["read_only"] is True
        page = client.request("GET", "/")[2].decode()
        assert '"read_only":true' in page and "read-only</span>" in page
        assert client.get("/api/stories")[0] == 200


def test_storyline_serve_listens_on_loopback_and_refuses_unusable_stores(
    demo_store_file: Path, tmp_path: Path
) -> None:
    bad = subprocess.run(
        [str(STORYLINE), "serve", "--db", str(tmp_path / "none.duckdb"), "--read-only"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "no store at" in bad.stderr
    folder = subprocess.run(
        [str(STORYLINE), "serve", "--db", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    path = tmp_path / "cli.duckdb"
    shutil.copy(demo_store_file, path)
    process = subprocess.Popen(
        [str(STORYLINE), "serve", "--db", str(path), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        client = Client(f"http://127.0.0.1:{found.group(1)}")
        status, _, body = client.request("GET", "/")
        assert status == 200 and b'id="storyline-stories"' in body, (status, body[:300])
    finally:
        process.terminate()
        process.wait(timeout=30)
