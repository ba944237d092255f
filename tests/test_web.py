"""``storyline serve``: pages and JSON twins over a real store, the error shape, security, token-guarded writes.

Most tests drive the app in-process (Starlette's test client); one starts a real uvicorn on 127.0.0.1 and
talks to it with httpx.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from storyline.engine import Workspace  # noqa: E402
from storyline.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo corpus run into a store and a static report (the reference the app must match)."""
    tmp = tmp_path_factory.mktemp("web")
    with Workspace(tmp / "s.db") as ws:
        ws.run([ROOT / "examples" / "corpus"], tmp / "out")
    return tmp / "s.db", tmp / "out"


@pytest.fixture(scope="module")
def client(demo: tuple[Path, Path]) -> TestClient:
    return TestClient(create_app(demo[0]))


def test_every_story_page_and_its_json_twin_match_the_static_report(client: TestClient, demo: tuple[Path, Path]
                                                                      ) -> None:
    report = json.loads((demo[1] / "report.json").read_text(encoding="utf-8"))
    listed = client.get("/api/stories").json()
    assert listed["total"] == len(report["stories"]) == len(client.get("/index.json").json()["stories"])
    for story in report["stories"]:
        twin = client.get(f"/stories/{story['id']}.json")
        assert twin.status_code == 200 and twin.json() == story
        assert client.get(f"/api/stories/{story['id']}").json() == story
        page = client.get(f"/stories/{story['id']}")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert story["title"].split()[0] in page.text
        # summary citations link to the cited passage of the article
        assert f'href="/articles/{story["articles"][0]}' in page.text or "/articles/" in page.text
    home = client.get("/")
    assert home.status_code == 200 and all(f'href="/stories/{s["id"]}"' in home.text for s in report["stories"])


def test_citation_link_highlights_the_evidence(client: TestClient) -> None:
    story = client.get("/api/stories").json()["stories"][0]
    entry = client.get(f"/stories/{story['id']}.json").json()
    sentence = entry["summary"][0]
    cited = sentence["citations"][0]
    start, end = sentence["verification"][cited]["evidence"]
    page = client.get(f"/articles/{cited}", params={"start": start, "end": end})
    assert page.status_code == 200
    text = client.get(f"/articles/{cited}.json").json()["text"]
    assert 'id="hl"' in page.text and text[start:end].split()[0] in page.text.split('id="hl"')[1]
    assert "m-hl" in page.text


def test_filters_and_paging(client: TestClient) -> None:
    everything = client.get("/api/stories").json()
    assert everything["page"] == 1 and everything["pages"] == 1
    big = client.get("/api/stories", params={"min_size": 6}).json()
    assert all(len(s["articles"]) >= 6 for s in big["stories"]) and big["total"] < everything["total"]
    with_conflicts = client.get("/api/stories", params={"conflicts": True}).json()
    assert all(s["conflict_count"] > 0 for s in with_conflicts["stories"]) and with_conflicts["total"] >= 1
    assert client.get("/api/stories", params={"since": "2999-01-01"}).json()["total"] == 0
    assert client.get("/api/stories", params={"outlet": "no such outlet"}).json()["total"] == 0


def test_one_error_shape(client: TestClient) -> None:
    for url, status in (("/stories/nope", 404), ("/stories/nope.json", 404), ("/articles/nope", 404),
                        ("/api/stories?page=0", 422), ("/no/such/route", 404)):
        got = client.get(url)
        assert got.status_code == status
        assert got.json()["error"]["status"] == status and got.json()["error"]["message"]


def test_security_headers_and_openapi(client: TestClient) -> None:
    got = client.get("/")
    csp = got.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "frame-ancestors 'none'" in csp
    assert got.headers["x-content-type-options"] == "nosniff"
    spec = client.get("/api/openapi.json").json()
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "GET /api/stories/{story_id}" in docs.text and "StoryEntry" in docs.text
    assert "<script" not in docs.text  # readable offline, nothing loaded from a CDN
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/articles"} <= set(
        spec["paths"])


def test_read_only_by_default(client: TestClient, demo: tuple[Path, Path]) -> None:
    before = client.get("/api/stories").json()["total"]
    got = client.post("/api/articles", json=[{"title": "x", "text": "A new article. " * 20}])
    assert got.status_code == 403 and got.json()["error"]["status"] == 403
    assert client.get("/api/stories").json()["total"] == before


def test_body_size_is_capped(client: TestClient) -> None:
    from storyline.web.app import MAX_BODY_BYTES

    got = client.post("/api/articles", content=b"x", headers={"content-length": str(MAX_BODY_BYTES + 1)})
    assert got.status_code == 413

    def chunks() -> Iterator[bytes]:  # a chunked body: no Content-Length, size unknown until read
        yield b"[]"

    chunked = client.post("/api/articles", content=chunks())
    assert chunked.status_code == 411 and chunked.json()["error"]["status"] == 411


def _seed_articles() -> list[dict[str, Any]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        out.append({"id": path.stem, "title": title.strip(), "text": body.strip()})
    return out


def test_posting_the_seeds_needs_the_token_and_then_makes_their_story(tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    Workspace(tmp_path / "s.db").close()
    client = TestClient(create_app(tmp_path / "s.db", allow_writes=True, token=TOKEN))
    seeds = _seed_articles()
    refused = client.post("/api/articles", json=seeds)
    assert refused.status_code == 401 and refused.json()["error"]["status"] == 401
    wrong = client.post("/api/articles", json=seeds, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert client.get("/api/stories").json()["total"] == 0  # nothing stored by the refused posts
    got = client.post("/api/articles", json=seeds, headers={"Authorization": f"Bearer {TOKEN}"})
    assert got.status_code == 201, got.text
    body = got.json()
    assert body["added"] == len(seeds) and body["new_stories"]
    story = max(client.get("/api/stories").json()["stories"], key=lambda s: len(s["articles"]))
    assert len(story["articles"]) == len(seeds)
    page = client.get(f"/stories/{story['id']}").text
    assert '<div id="disputes">' in page and "<b>25</b>" in page and "<b>20</b>" in page
    again = client.post("/api/articles", json=seeds, headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert again["added"] == 0 and again["already_stored"] == len(seeds) and again["new_stories"] == []
    bad = client.post("/api/articles", content=b"{not json\n", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 201 and bad.json()["added"] == 0 and bad.json()["skipped"][0]["line"] == 1


def test_planted_markup_renders_as_text(tmp_path: Path) -> None:
    evil = [{"id": f"x{i}", "title": "<script>alert(1)</script> Harbour bridge closes",
             "outlet": "<img src=x onerror=alert(2)>", "url": "javascript:alert(3)",
             "text": ("The harbour bridge in Velmora closed on Monday after engineers found a crack, the "
                      "council said. <script>alert(4)</script> Ferries will run every 20 minutes. ") * 3}
            for i in range(2)]
    Workspace(tmp_path / "s.db").close()
    client = TestClient(create_app(tmp_path / "s.db", allow_writes=True, token=TOKEN))
    assert client.post("/api/articles", json=evil, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 201
    story = client.get("/api/stories").json()["stories"][0]
    pages = [client.get("/").text, client.get(f"/stories/{story['id']}").text, client.get("/articles/x0").text]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)" in pages[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_uvicorn_on_loopback(demo: tuple[Path, Path]) -> None:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(demo[0]), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(600):  # wait for startup (no timing assertion: only a bound on waiting)
            if server.started:
                break
            time.sleep(0.05)
        assert server.started
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            listed = http.get("/api/stories").json()
            assert listed["total"] >= 1
            sid = listed["stories"][0]["id"]
            assert http.get(f"/stories/{sid}").status_code == 200
            assert http.get(f"/stories/{sid}.json").json()["id"] == sid
            assert http.get("/missing").json() == {"error": {"status": 404, "message": "Not Found"}}
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_search_conflicts_and_outlets(client: TestClient) -> None:
    got = client.get("/search.json", params={"q": "bridge collapse"}).json()
    assert got["hits"]
    for h in got["hits"]:
        art = client.get(f"/articles/{h['article_id']}.json").json()
        assert {"bridge", "collapse"} <= set(re.findall(r"\w+", (art["title"] + " " + art["text"]).lower()))
    assert [h["score"] for h in got["hits"]] == sorted((h["score"] for h in got["hits"]), reverse=True)
    first = got["hits"][0]
    assert first["story"] and client.get(f"/articles/{first['article_id']}").status_code == 200
    assert "<mark>" in client.get("/search", params={"q": "bridge"}).text
    claims = client.get("/api/search", params={"q": "injured"}).json()["claims"]
    assert claims and all("injured" in (c["about"] + " " + c["text"]).lower() for c in claims)
    assert 'id="claim-hits"' in client.get("/search", params={"q": "injured"}).text
    page = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page  # the query is echoed escaped
    for hostile in ('"', "NEAR(", "a OR", "*"):
        assert client.get("/api/search", params={"q": hostile}).status_code == 200
    conflicts = client.get("/conflicts.json").json()["conflicts"]
    listed = sum(s["conflict_count"] for s in client.get("/api/stories").json()["stories"])
    assert len(conflicts) == listed > 0 and all(c["story"] and c["values"] for c in conflicts)
    assert client.get("/conflicts").text.count("<tr>") == len(conflicts) + 1
    outlets = client.get("/outlets.json").json()["outlets"]
    total = len(client.get("/index.json").json()["stories"])
    assert total and sum(len(o["articles"]) for o in outlets.values()) == 12  # every demo article, once
    # the demo's wire copies: the copying outlets are not independent of the wire
    assert outlets["Daily Courier"]["copied_from"] and "Coastline Wire" in outlets["Daily Courier"]["same_source_as"]
    name = next(iter(outlets))
    one = client.get(f"/outlets/{name}.json").json()
    assert one == outlets[name] and client.get(f"/outlets/{name}").status_code == 200
    assert client.get("/outlets/no such outlet").json()["error"]["status"] == 404


def test_watch_ingests_files_dropped_into_the_folder(tmp_path: Path) -> None:
    Workspace(tmp_path / "s.db").close()
    inbox = tmp_path / "inbox"
    app = create_app(tmp_path / "s.db", watch=inbox, watch_seconds=0.05)
    with TestClient(app) as client:  # the context runs the app's lifespan: the watcher starts and stops
        assert client.get("/api/stories").json()["total"] == 0
        for src in sorted((ROOT / "examples" / "corpus").iterdir())[:4]:
            if src.is_file():
                (inbox / src.name).write_bytes(src.read_bytes())
        seen = 0
        for _ in range(1200):  # a bound on waiting for the watcher's next pass, not a timing assertion
            seen = sum(len(s["articles"]) for s in client.get("/api/stories").json()["stories"])
            if seen:
                break
            time.sleep(0.05)
        assert seen >= 1
        (inbox / "broken.json").write_text("{not json", encoding="utf-8")  # a bad file never stops the watcher
        before = seen
        extra = next(p for p in sorted((ROOT / "examples" / "corpus").iterdir())[4:] if p.is_file())
        (inbox / extra.name).write_bytes(extra.read_bytes())
        for _ in range(1200):
            seen = sum(len(s["articles"]) for s in client.get("/api/stories").json()["stories"])
            if seen > before:
                break
            time.sleep(0.05)
        assert seen > before


def test_index_marks_stories_updated_since_the_previous_visit(tmp_path: Path) -> None:
    Workspace(tmp_path / "s.db").close()
    client = TestClient(create_app(tmp_path / "s.db", allow_writes=True, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bridge = [{"id": f"b{i}", "title": "Ostler Bridge collapse in Velmouth", "text": (
        f"Report {i}. The Ostler Bridge in Velmouth collapsed into the River Vell on Tuesday evening, injuring "
        "fourteen people, the county council said. Engineers had reported cracks in the footway. ") * 3}
        for i in range(3)]
    pier = [{"id": f"p{i}", "title": "Harbour pier fire in Brackenford", "text": (
        f"Update {i}. A fire destroyed the wooden harbour pier at Brackenford overnight, the fire service said; "
        "no one was hurt and the cause is being investigated by arson officers. ") * 3} for i in range(2)]
    client.post("/api/articles", json=bridge[:2] + pier, headers=auth)
    first = client.get("/")
    assert "storyline_visits" in first.cookies and 'class="updated"' not in first.text  # a first visit
    assert 'class="updated"' not in client.get("/").text  # nothing new since
    grown = client.post("/api/articles", json=bridge[2:], headers=auth).json()
    assert grown["grown_stories"] and not grown["new_stories"]
    page = client.get("/").text
    assert page.count('class="updated"') == 1  # the bridge story grew; the pier story did not
    row = next(line for line in page.splitlines() if 'class="updated"' in line)
    assert "Ostler" in row


def test_files_uploaded_as_multipart_are_ingested_by_name_only(tmp_path: Path) -> None:
    Workspace(tmp_path / "s.db").close()
    client = TestClient(create_app(tmp_path / "s.db", allow_writes=True, token=TOKEN))
    corpus = ROOT / "examples" / "corpus"
    files = [("file", (p.name, p.read_bytes())) for p in sorted(corpus.glob("*.html"))[:3]]
    files.append(("file", ("../../../escape.txt", b"Escape attempt\n\n" + b"A short article about nothing. " * 20)))
    files.append(("file", ("bad.jsonl", b"{broken\n")))
    got = client.post("/api/articles", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert got.status_code == 201, got.text
    body = got.json()
    assert body["added"] == 4 and body["new_stories"]
    assert body["skipped"] and body["skipped"][0]["file"] == "bad.jsonl" and body["skipped"][0]["line"] == 1
    assert "storyline-post-" not in json.dumps(body)  # no server path leaks to the client
    assert not (tmp_path.parent / "escape.txt").exists() and not (tmp_path / "escape.txt").exists()
    assert client.post("/api/articles", files=files).status_code == 401
    empty = client.post("/api/articles", data={"x": "1"}, files=[],
                        headers={"Authorization": f"Bearer {TOKEN}", "content-type": "multipart/form-data; b=x"})
    assert empty.status_code == 400


def test_every_json_twin_validates_against_the_openapi_schema(client: TestClient) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    spec = client.get("/api/openapi.json").json()

    def check(path: str, route: str, method: str = "get", status: str = "200") -> None:
        got = client.get(path)
        assert got.status_code == int(status), path
        ref = spec["paths"][route][method]["responses"][status]["content"]["application/json"]["schema"]
        schema = {"$ref": ref["$ref"], "components": spec["components"]}
        jsonschema.validate(got.json(), schema)  # raises on the first mismatch

    stories = client.get("/api/stories").json()["stories"]
    check("/index.json", "/api/stories")
    check("/api/stories?conflicts=true", "/api/stories")
    for s in stories:
        check(f"/stories/{s['id']}.json", "/api/stories/{story_id}")
        check(f"/articles/{s['articles'][0]}.json", "/api/articles/{article_id}")
    check("/search.json?q=bridge", "/api/search")
    check("/conflicts.json", "/api/conflicts")
    check("/outlets.json", "/api/outlets")
    name = next(iter(client.get("/outlets.json").json()["outlets"]))
    check(f"/outlets/{name}.json", "/api/outlets/{name}")
    check("/stories/nope.json", "/api/stories/{story_id}", status="404")
    # and the schema is not vacuous: a twin missing a required field fails it
    broken = dict(client.get(f"/stories/{stories[0]['id']}.json").json())
    del broken["summary"]
    ref = spec["paths"]["/api/stories/{story_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, {"$ref": ref["schema"]["$ref"], "components": spec["components"]})


def test_article_page_marks_quotes_numbers_names_and_links_reused_passages(client: TestClient) -> None:
    story = max(client.get("/api/stories").json()["stories"], key=lambda s: len(s["articles"]))
    entry = client.get(f"/stories/{story['id']}.json").json()
    copied = next(r for r in entry["reuse"] if r["passages"] and r["kind"] != "none")
    page = client.get(f"/articles/{copied['target']}").text
    assert 'class="reuse-link"' in page and f'href="/articles/{copied["source"]}?start=' in page
    assert "m-reused" in page and "m-name" in page
    numbered = next(c for c in entry["claims"] if c["kind"] == "number" and c.get("evidence"))
    aid, (s, e) = next(iter(numbered["evidence"].items()))
    text = client.get(f"/articles/{aid}.json").json()["text"]
    shown = client.get(f"/articles/{aid}").text
    assert "m-number" in shown and numbered["value"].split()[-1] in text[s:e]
    quoted = next(v for g in entry["quotes"] for v in g["variants"])
    assert "m-quote" in client.get(f"/articles/{quoted['articles'][0]}").text
