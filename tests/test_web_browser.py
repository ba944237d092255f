"""The web app in a real browser: Playwright drives Debian's chromium against a real uvicorn on loopback.

A reader searches, opens a story, follows a summary citation to the article with the cited passage
highlighted, and a planted ``<script>`` title never runs (the page's alert/console would show it).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")

from storyline.engine import Workspace  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.text.normalize import canonical_text  # noqa: E402
from storyline.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    tmp = tmp_path_factory.mktemp("webb")
    with Workspace(tmp / "s.db") as ws:
        ws.ingest([ROOT / "examples" / "corpus"])
        text = canonical_text("The harbour bridge in Velmouth collapsed on Tuesday evening, the council said, and "
                              "fourteen people were hurt. Engineers had reported cracks in the footway. " * 2)
        planted = Article(id="planted", source="planted.txt", title="<script>window.__pwned = 1</script>Velmouth",
                          outlet="<img src=x onerror=\"window.__pwned = 2\">", url="javascript:window.__pwned=3",
                          text=text, content_hash="planted-hash")
        ws.store.put_batch([planted])
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(tmp / "s.db"), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(1200):  # a bound on waiting for startup, not a timing assertion
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=30)


def test_search_story_citation_and_no_script_runs(server: str) -> None:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        page.goto(f"{server}/search?q=bridge+collapse")
        hits = page.locator("#hits li")
        assert hits.count() >= 3
        page.locator("#hits li a", has_text="its story").first.click()
        page.wait_for_load_state()
        assert page.locator("#headline").count() == 1 and page.locator("#summary li").count() >= 1

        cite = page.locator("#summary sup.cite a").first
        href = cite.get_attribute("href") or ""
        assert href.startswith("/articles/") and "start=" in href
        cite.click()
        page.wait_for_load_state()
        mark = page.locator("#hl")
        assert mark.count() == 1 and "m-hl" in (mark.get_attribute("class") or "")
        assert len(" ".join(page.locator(".m-hl").all_inner_texts()).split()) >= 3
        assert "#hl" in page.url

        for path in ("/", "/search?q=Velmouth", "/articles/planted", "/outlets"):
            page.goto(server + path)
            page.wait_for_load_state()
            assert page.evaluate("window.__pwned") is None, path
        page.goto(f"{server}/articles/planted")
        assert "<script>" in page.locator("h1").inner_text()  # shown as text
        assert page.locator("a[href^='javascript:']").count() == 0
        assert errors == [] and dialogs == []
        browser.close()
