"""The web app: the report's pages served live from a store, each with a JSON twin.

Pages render the same Jinja2 templates as the static report (:mod:`storyline.report.html`), only with web
:class:`~storyline.report.views.Links`. Every HTML page has a JSON twin at the same path plus ``.json``
(and under ``/api``); every error is ``{"error": {"status", "message"}}``. The app is read-only unless
built with ``allow_writes``, and then a write needs ``Authorization: Bearer <token>``.

Security choices (a served page shows text from arbitrary web pages):

* all text is autoescaped by the templates; links are http(s) only (:func:`~storyline.report.html.safe_url`);
* a Content-Security-Policy allows no script but the report's own (by hash), no network, no framing;
* request bodies are capped (:data:`MAX_BODY_BYTES`); no route takes a file path from the request, and the
  server never fetches a URL found in an article.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from ..config import Config
from ..report.html import html_environment, render_article, render_index, render_story
from ..report.views import Links, asset
from ..store.records import HIT_END, HIT_START
from ..store.search import words_of
from .highlights import article_marks
from .schemas import (
    ArticleRecord,
    ConflictList,
    ErrorBody,
    OutletList,
    OutletRecord,
    PostResult,
    SearchResult,
    StoryEntry,
    StoryList,
    ok,
)
from .state import Snapshot, SnapshotSource
from .watch import FolderWatcher

__all__ = ["MAX_BODY_BYTES", "WEB_LINKS", "create_app"]

#: Links of the served pages (the static report's point at files instead).
WEB_LINKS = Links(index="/", report_json=None, story_pattern="/stories/{id}", story_json_pattern="/stories/{id}.json",
                  story_markdown_pattern=None, article_pattern="/articles/{id}",
                  evidence_pattern="/articles/{id}?start={start}&end={end}#hl")
#: Largest request body accepted (a POST of articles); larger ones get 413.
MAX_BODY_BYTES = 20 * 1024 * 1024
PAGE_SIZE = 50
#: Cookie holding ``previous:current``: the store's article count at the reader's previous and latest visit.
VISIT_COOKIE = "storyline_visits"


def _visits(value: str | None) -> tuple[int | None, int | None]:
    """The (previous, latest) visit marks of the cookie; anything malformed reads as no visit."""
    prev, _, last = (value or "").partition(":")
    return (int(prev) if prev.isdigit() else None), (int(last) if last.isdigit() else None)


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(asset("story.js").encode("utf-8")).digest()).decode()
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class _Guard(BaseHTTPMiddleware):
    """Security headers on every response; bodies over the cap refused before they are read."""

    def __init__(self, app: Any, csp: str) -> None:
        super().__init__(app)
        self.csp = csp

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > MAX_BODY_BYTES):
            response: Response = _error(413, f"request body over {MAX_BODY_BYTES} bytes")
        elif size is None and request.method in ("POST", "PUT", "PATCH"):
            # a chunked body's size is known only once read: refuse it rather than read without a bound
            response = _error(411, "send the body with a Content-Length")
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = self.csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def _filtered(snap: Snapshot, outlet: str | None, since: str | None, until: str | None, min_size: int,
              conflicts: bool) -> list[dict[str, Any]]:
    """The index rows that pass the filters, newest activity first."""
    rows = []
    for row in snap.index_rows:
        members = [snap.by_id[a] for a in row["articles"] if a in snap.by_id]
        if len(row["articles"]) < min_size or (conflicts and not row["conflict_count"]):
            continue
        if outlet and not any((m.get("outlet") or "").casefold() == outlet.casefold() for m in members):
            continue
        last, first = row.get("last_published") or "", row.get("first_published") or ""
        if (since and (not last or last < since)) or (until and (not first or first > until)):
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: (r.get("last_published") or "", len(r["articles"])), reverse=True)


def create_app(db_path: str | Path, config: Config | None = None, *, allow_writes: bool = False,
               token: str | None = None, watch: str | Path | None = None, watch_seconds: float = 5.0) -> FastAPI:
    """The web app over the store at ``db_path``.

    Args:
        db_path: the SQLite store (as written by ``storyline run``).
        config: the configuration to analyse new stories with (default: the usual layered config).
        allow_writes: accept ``POST /api/articles``; needs ``token``.
        token: the bearer token writes must carry.
        watch: a folder whose new or changed files are ingested while the app runs (every ``watch_seconds``;
            unchanged files are not parsed again, see :meth:`Workspace.ingest`).
    """
    if allow_writes and not token:
        raise ValueError("allow_writes needs a token")
    source = SnapshotSource(str(db_path), config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        watcher = FolderWatcher(source, Path(watch), watch_seconds) if watch is not None else None
        if watcher:
            watcher.start()
        yield
        if watcher:
            watcher.stop()

    app = FastAPI(title="storyline", version="1", openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description="Stories, conflicts and sources from a storyline store. Every page has a JSON twin.")
    app.add_middleware(_Guard, csp=_csp())

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, f"{where}: {first.get('msg', 'invalid request')}")

    def index_data(outlet: str | None, since: str | None, until: str | None, min_size: int, conflicts: bool,
                   page: int) -> tuple[Snapshot, dict[str, Any]]:
        snap = source.current()
        rows = _filtered(snap, outlet, since, until, min_size, conflicts)
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page = min(page, pages)
        shown = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        return snap, {"stories": shown, "total": len(rows), "page": page, "pages": pages}

    def query(**values: Any) -> str:
        return urlencode({k: v for k, v in values.items() if v not in (None, "", False, 0)})

    @app.get("/index.json", tags=["stories"], response_model=None, responses=ok(StoryList))
    @app.get("/api/stories", tags=["stories"], response_model=None, responses=ok(StoryList))
    def stories_json(outlet: str | None = None, since: str | None = None, until: str | None = None,
                     min_size: int = Query(0, ge=0), conflicts: bool = False,
                     page: int = Query(1, ge=1)) -> dict[str, Any]:
        """Stories, newest activity first, filtered and paged (50 per page)."""
        return index_data(outlet, since, until, min_size, conflicts, page)[1]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, outlet: str | None = None, since: str | None = None, until: str | None = None,
              min_size: int = Query(0, ge=0), conflicts: bool = False, page: int = Query(1, ge=1)) -> Response:
        snap, data = index_data(outlet, since, until, min_size, conflicts, page)
        # "updated" marks: the cookie keeps the store's size at the reader's previous visit and at this one
        previous, seen = _visits(request.cookies.get(VISIT_COOKIE))
        size = len(snap.articles)
        if seen is not None and size > seen:
            previous, seen = seen, size
        seen = size if seen is None else seen
        if previous is not None:
            data["stories"] = [r | {"updated": r["grew_at_article"] > previous} for r in data["stories"]]
        base = dict(outlet=outlet, since=since, until=until, min_size=min_size, conflicts=conflicts)
        p = data["page"]
        filters = base | {"page": p, "pages": data["pages"],
                          "prev": "/?" + query(**base, page=p - 1) if p > 1 else None,
                          "next": "/?" + query(**base, page=p + 1) if p < data["pages"] else None}
        html = render_index({"articles": snap.articles, "stories": data["stories"]}, WEB_LINKS, filters)
        response = HTMLResponse(html)
        response.set_cookie(VISIT_COOKIE, f"{'' if previous is None else previous}:{seen}", max_age=365 * 86400,
                            httponly=True, samesite="strict")
        return response

    def story_entry(story_id: str, snap: Snapshot | None = None) -> tuple[Snapshot, dict[str, Any]]:
        snap = snap or source.current()
        entry = snap.story(story_id)
        if entry is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return snap, entry

    @app.get("/stories/{story_id}.json", tags=["stories"], response_model=None, responses=ok(StoryEntry))
    @app.get("/api/stories/{story_id}", tags=["stories"], response_model=None, responses=ok(StoryEntry))
    def story_json(story_id: str) -> Response:
        """One story's report entry: summary, timeline, conflicts, quotes, claims, reuse, provenance."""
        snap = source.current()
        body = snap.page(f"json:{story_id}", lambda: json.dumps(story_entry(story_id, snap)[1],
                                                                  ensure_ascii=False).encode("utf-8"))
        return Response(body, media_type="application/json")

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> Response:
        snap = source.current()

        def render() -> bytes:
            _, entry = story_entry(story_id, snap)
            return render_story(entry, snap.by_id, snap.texts, WEB_LINKS).encode("utf-8")

        return HTMLResponse(snap.page(f"html:{story_id}", render))

    def article_entry(article_id: str) -> tuple[Snapshot, dict[str, Any]]:
        snap = source.current()
        if article_id not in snap.by_id:
            raise HTTPException(404, f"no article {article_id!r}")
        return snap, snap.by_id[article_id]

    @app.get("/articles/{article_id}.json", tags=["articles"], response_model=None, responses=ok(ArticleRecord))
    @app.get("/api/articles/{article_id}", tags=["articles"], response_model=None, responses=ok(ArticleRecord))
    def article_json(article_id: str) -> dict[str, Any]:
        """One article's record and canonical text."""
        snap, art = article_entry(article_id)
        return art | {"text": snap.texts.get(article_id, "")}

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, start: int | None = Query(None, ge=0),
                     end: int | None = Query(None, ge=0)) -> Response:
        snap, art = article_entry(article_id)
        span = (start, end) if start is not None and end is not None else None

        def render() -> bytes:
            text = snap.texts.get(article_id, "")
            story = snap.story(art["story"]) if art.get("story") else None
            label_of = {a["id"]: str(a.get("outlet") or a["id"]) for a in snap.articles}
            twin = f"/articles/{quote(article_id, safe='')}.json"
            return render_article(art, text, WEB_LINKS, twin, span,
                                  article_marks(text, article_id, story, WEB_LINKS, label_of)).encode("utf-8")

        # the plain page is cached with the snapshot; a page highlighting a cited passage is made per request
        return HTMLResponse(snap.page(f"article:{article_id}", render) if span is None else render())

    def search_hits(q: str, limit: int) -> tuple[Snapshot, list[dict[str, Any]]]:
        snap = source.current()
        with source.workspace() as ws:
            hits = ws.store.search(q, limit)
        return snap, [{"article_id": h.article_id, "title": h.title, "score": h.score,
                       "story": (snap.by_id.get(h.article_id) or {}).get("story"),
                       "snippet": h.snippet.replace(HIT_START, "").replace(HIT_END, ""),
                       "pieces": _pieces(h.snippet)} for h in hits]

    def search_claims(q: str, limit: int) -> list[dict[str, Any]]:
        want = set(words_of(q))
        if not want:
            return []
        found = [c for c in source.current().across()["claims"]
                 if want <= set(words_of(f"{c['about']} {c['value']} {c['text']}"))]
        return sorted(found, key=lambda c: -c["independent_support"])[:limit]

    @app.get("/search.json", tags=["search"], response_model=None, responses=ok(SearchResult))
    @app.get("/api/search", tags=["search"], response_model=None, responses=ok(SearchResult))
    def search_json(q: str = "", limit: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        """Articles holding every word of ``q`` (full-text, case and accents folded), best first, and the
        stories' claims that state every word (most independently supported first)."""
        hits = search_hits(q, limit)[1]
        return {"q": q, "hits": [{k: v for k, v in h.items() if k != "pieces"} for h in hits],
                "claims": search_claims(q, limit)}

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", limit: int = Query(50, ge=1, le=500)) -> str:
        hits = search_hits(q, limit)[1]
        return html_environment().get_template("search.html").render(
            q=q, hits=hits, claims=search_claims(q, limit), limit=limit, links=WEB_LINKS,
            json_url="/search.json?" + urlencode({"q": q}))

    @app.get("/conflicts.json", tags=["conflicts"], response_model=None, responses=ok(ConflictList))
    @app.get("/api/conflicts", tags=["conflicts"], response_model=None, responses=ok(ConflictList))
    def conflicts_json() -> dict[str, Any]:
        """Every conflict of every story, with its story's id and title."""
        return {"conflicts": source.current().across()["conflicts"]}

    @app.get("/conflicts", response_class=HTMLResponse, include_in_schema=False)
    def conflicts_page() -> str:
        rows = source.current().across()["conflicts"]
        return html_environment().get_template("conflicts.html").render(
            conflicts=rows, stories=len({c["story"] for c in rows}), links=WEB_LINKS)

    def outlet_url(name: str, suffix: str = "") -> str:
        return f"/outlets/{quote(name, safe='')}{suffix}"

    def outlets_data(name: str | None) -> tuple[Snapshot, dict[str, Any]]:
        snap = source.current()
        every = snap.across()["outlets"]
        if name is None:
            return snap, every
        if name not in every:
            raise HTTPException(404, f"no outlet {name!r}")
        return snap, {name: every[name]}

    @app.get("/outlets.json", tags=["outlets"], response_model=None, responses=ok(OutletList))
    @app.get("/api/outlets", tags=["outlets"], response_model=None, responses=ok(OutletList))
    def outlets_json() -> dict[str, Any]:
        """Per outlet: its articles, stories, and the outlets it copied from or was copied by (article counts)."""
        return {"outlets": outlets_data(None)[1]}

    @app.get("/outlets/{name}.json", tags=["outlets"], response_model=None, responses=ok(OutletRecord))
    @app.get("/api/outlets/{name}", tags=["outlets"], response_model=None, responses=ok(OutletRecord))
    def outlet_json(name: str) -> dict[str, Any]:
        """One outlet: its articles, stories and copying links."""
        return outlets_data(name)[1][name]

    def outlets_page(name: str | None) -> str:
        snap, rows = outlets_data(name)
        arts = [snap.by_id[a] for a in rows[name]["articles"]] if name else []
        return html_environment().get_template("outlets.html").render(
            name=name, outlets=list(rows.items()), articles=arts, links=WEB_LINKS, outlet_url=outlet_url,
            json_url=outlet_url(name, ".json") if name else "/outlets.json")

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_index() -> str:
        return outlets_page(None)

    @app.get("/outlets/{name}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(name: str) -> str:
        return outlets_page(name)

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> str:
        return html_environment().get_template("api_docs.html").render(spec=app.openapi(), links=WEB_LINKS)

    @app.post("/api/articles", tags=["articles"], status_code=201, response_model=None,
              responses={201: {"model": PostResult}, **{c: {"model": ErrorBody} for c in (400, 401, 403, 413)}})
    async def post_articles(request: Request) -> dict[str, Any]:
        """Ingest articles (a JSON list of article objects, or JSONL) and report what changed.

        Needs the server started with writes allowed, and ``Authorization: Bearer <token>``.
        """
        if not allow_writes:
            raise HTTPException(403, "this server is read-only (start it with --allow-writes)")
        sent = request.headers.get("authorization", "")
        if not (token and sent.startswith("Bearer ") and hmac.compare_digest(sent[7:].encode(), token.encode())):
            raise HTTPException(401, "writes need Authorization: Bearer <token>")
        before = source.current()
        old = {s["id"]: len(s["articles"]) for s in before.stories}
        with tempfile.TemporaryDirectory(prefix="storyline-post-") as tmp:
            if request.headers.get("content-type", "").startswith("multipart/form-data"):
                names = await _save_uploads(request, Path(tmp))
            else:
                (Path(tmp) / "posted.jsonl").write_text("\n".join(_jsonl(await request.body())) + "\n",
                                                        encoding="utf-8")
                names = {"posted.jsonl": "body"}
            with source.workspace() as ws:
                result = ws.ingest([Path(tmp)], command="serve")
            # the temporary folder means nothing to the client: name the uploaded file (or "body")
            shown = [(str(Path(tmp) / n), label) for n, label in names.items()]

            def client_name(text: str) -> str:
                for real, label in shown:
                    text = text.replace(real, label)
                return text.replace(tmp, "upload")

            skipped = [{"file": client_name(k.source), "line": k.line, "reason": k.reason,
                        "message": client_name(k.message)} for k in result.skipped]
        source.recheck()
        after = source.current()
        new = [s["id"] for s in after.stories if s["id"] not in old]
        grown = [s["id"] for s in after.stories if s["id"] in old and len(s["articles"]) > old[s["id"]]]
        raised = sum(r["conflict_count"] for r in after.index_rows if r["id"] in set(new) | set(grown))
        return {"added": len(result.added), "already_stored": len(result.already_stored),
                "duplicates": len(result.duplicates),
                "skipped": skipped,
                "new_stories": new, "grown_stories": grown, "conflicts_in_changed_stories": raised}

    return app


def _pieces(snippet: str) -> list[tuple[bool, str]]:
    """A store snippet cut into (is a match, text) pieces, for the template to mark (and escape)."""
    out: list[tuple[bool, str]] = []
    for n, part in enumerate(snippet.split(HIT_START)):
        hit, _, rest = part.partition(HIT_END) if n else ("", "", part)
        out += [(True, hit)] if hit else []
        out += [(False, rest)] if rest else []
    return out


async def _save_uploads(request: Request, folder: Path) -> dict[str, str]:
    """Write the uploaded files of a multipart form into ``folder``; returns stored name → client file name.

    Only the base name of a client's file name is kept (never a path), prefixed by its position, so two
    uploads cannot collide and none can land outside ``folder``.
    """
    form = await request.form()
    names: dict[str, str] = {}
    for n, (_, value) in enumerate(form.multi_items()):
        if isinstance(value, str):
            continue  # a plain form field, not a file
        given = Path((value.filename or "").replace("\\", "/")).name or "upload"
        stored = f"{n:04d}-{given}"
        (folder / stored).write_bytes(await value.read())
        names[stored] = given
    if not names:
        raise HTTPException(400, "no files in the form")
    return names


def _jsonl(body: bytes) -> list[str]:
    """The posted articles as JSONL lines (a JSON list or JSONL); a malformed body is a 400."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "the body is not UTF-8") from exc
    stripped = text.strip()
    if not stripped:
        raise HTTPException(400, "no articles in the body")
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise HTTPException(400, f"invalid JSON: {exc}") from exc
        if not all(isinstance(x, dict) for x in items):
            raise HTTPException(400, "expected a list of article objects")
        return [json.dumps(x, ensure_ascii=False) for x in items]
    return [line for line in stripped.splitlines() if line.strip()]
