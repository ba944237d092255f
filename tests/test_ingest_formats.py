"""Each reader on project-written fixtures: HTML, JSON/JSONL, RSS, Atom, WARC, mixed folders."""

import datetime as dt
import gzip
import json
import sys
from pathlib import Path

from conftest import BODY

from storyline.ingest import detect_format, read_file, read_paths
from storyline.model import Article, Skip

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from make_corpus import warc_bytes  # noqa: E402

PARAS = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Pier closed | Larkspur Ledger</title>
<meta property="og:site_name" content="Larkspur Ledger">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<meta name="author" content="Ada Li">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry pier closed after rot found</h1>{PARAS}</article>
<footer>© Larkspur Ledger. All rights reserved. Subscribe to our newsletter.</footer></body></html>"""


def articles(items):
    return [a for a in items if isinstance(a, Article)]


def test_html_reader(write):
    (a,) = list(read_file(write("pier.html", PAGE)))
    assert isinstance(a, Article)
    assert a.title == "Ferry pier closed after rot found"
    assert a.outlet == "Larkspur Ledger"
    assert a.published == dt.date(2024, 3, 5) and a.published_source == "html-meta"
    assert a.text.startswith("The council of Larkspur Bay")
    assert "Subscribe" not in a.text and "Home" not in a.text.split("\n")[0]
    assert a.authors == ["Ada Li"]


def test_html_outlet_from_url_host_and_declared_charset(write):
    page = PAGE.replace('<meta property="og:site_name" content="Larkspur Ledger">', "")
    page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("Ines Valcourt", "Inès Valcourt").replace("Larkspur Ledger", "Ledger")
    page = page.replace("<head>", '<head><link rel="canonical" href="https://www.ledger.example/pier">')
    (a,) = list(read_file(write("pier.htm", page.encode("cp1252"))))
    assert "Inès Valcourt" in a.text
    assert a.url == "https://www.ledger.example/pier"
    assert a.outlet in {"ledger.example", "Ledger"}


def test_html_without_main_text_is_skipped(write):
    page = ("<html><head><title>Ledger</title></head><body><nav><a href='/'>Home</a></nav>"
            "<footer>(c)</footer></body></html>")
    (s,) = list(read_file(write("empty.html", page)))
    assert isinstance(s, Skip) and s.reason == "no_main_text" and s.source.endswith("empty.html")


def test_jsonl_reader_alternate_fields_and_bad_lines(write):
    rows = [
        {"id": "a1", "title": "Pier closed", "text": BODY, "url": "https://ledger.example/a1",
         "published": "2024-03-05", "outlet": "Larkspur Ledger", "authors": ["Ada Li"]},
        "{not json",
        # news-please field names
        {"maintext": BODY.replace("Tuesday", "Monday"), "title": "Pier shut", "date_publish": "2024-03-04 10:00:00",
         "source_domain": "bayherald.example", "url": "https://bayherald.example/x"},
        {"title": "no text here"},
    ]
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    items = list(read_file(write("batch.jsonl", "\n".join(lines) + "\n")))
    arts = articles(items)
    skips = [i for i in items if isinstance(i, Skip)]
    assert [a.id for a in arts][0] == "a1"
    assert arts[0].outlet == "Larkspur Ledger" and arts[0].published_source == "user"
    assert arts[1].outlet == "bayherald.example" and arts[1].published == dt.date(2024, 3, 4)
    assert {(s.reason, s.line) for s in skips} == {("malformed_json", 2), ("missing_text", 4)}
    assert all(s.source.endswith("batch.jsonl") for s in skips)
    assert skips[0].where().endswith("batch.jsonl:2")


def test_jsonl_gz_and_json_list(write):
    data = gzip.compress((json.dumps({"text": BODY, "title": "T"}) + "\n").encode())
    assert len(articles(read_file(write("b.jsonl.gz", data)))) == 1
    assert len(articles(read_file(write("c.json", json.dumps([{"text": BODY}, {"text": BODY + " More."}]))))) == 2


RSS = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bay Herald</title>
<link>https://bayherald.example</link><description>news</description>
<item><title>Pier closed</title><link>https://bayherald.example/pier</link><guid>pier-1</guid>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate><description><![CDATA[{PARAS}]]></description></item>
<item><title>Empty one</title><link>https://bayherald.example/e</link><description></description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Quay Times</title><id>urn:q</id><updated>2024-03-06T00:00:00Z</updated>
<entry><title>Pier shut for repairs</title><id>urn:q:1</id><link href="https://quay.example/1"/>
<published>2024-03-06T08:00:00Z</published><updated>2024-03-06T09:00:00Z</updated>
<author><name>Ines Moor</name></author>
<content type="html"><![CDATA[{PARAS}]]></content></entry></feed>"""


def test_rss_reader(write):
    items = list(read_file(write("herald.rss", RSS)))
    (a,) = articles(items)
    assert a.outlet == "Bay Herald" and a.title == "Pier closed"
    assert a.published == dt.date(2024, 3, 5) and a.published_source == "feed"
    assert a.url == "https://bayherald.example/pier"
    assert "\n\n" in a.text and "<p>" not in a.text
    assert any(isinstance(i, Skip) and i.reason == "empty" for i in items)


def test_atom_reader(write):
    (a,) = articles(read_file(write("quay.xml", ATOM)))
    assert a.outlet == "Quay Times" and a.published == dt.date(2024, 3, 6)
    assert a.authors == ["Ines Moor"]


def test_warc_reader(write):
    data = warc_bytes([
        ("https://ledger.example/pier", "text/html; charset=utf-8", PAGE.encode()),
        ("https://ledger.example/style.css", "text/css", b"body{}"),
        ("https://ledger.example/latin", "text/html; charset=iso-8859-1",
         PAGE.replace("Ines", "Inès").replace('<meta charset="utf-8">', "").encode("latin-1")),
    ], gz=True)
    arts = articles(read_file(write("crawl.warc.gz", data)))
    assert len(arts) == 2
    assert arts[0].url == "https://ledger.example/pier" and arts[0].outlet == "Larkspur Ledger"
    assert "Inès" in arts[1].text
    assert "crawl.warc.gz#https://ledger.example/pier" in arts[0].source


def test_truncated_warc_keeps_records_before_damage(write):
    data = warc_bytes([("https://a.example/1", "text/html", PAGE.encode())], gz=True)
    items = list(read_file(write("bad.warc.gz", data + b"\x1f\x8b\x08garbage" * 20)))
    assert len(articles(items)) == 1
    assert any(isinstance(i, Skip) and i.reason == "bad_warc" for i in items)


def test_mixed_folder_and_glob(write, tmp_path):
    write("d/a.txt", "Pier closed\n\n" + BODY)
    write("d/b.html", PAGE)
    write("d/c.rss", RSS)
    write("d/sub/e.jsonl", json.dumps({"text": BODY + " Extra.", "title": "x"}))
    write("d/.hidden.txt", "ignored")
    assert len(articles(read_paths([tmp_path / "d"]))) == 4
    assert len(articles(read_paths([str(tmp_path / "d" / "*.txt")]))) == 1


def test_detect_format():
    from pathlib import Path

    assert detect_format(Path("x.warc.gz")) == "warc"
    assert detect_format(Path("x.JSONL")) == "jsonl"
    assert detect_format(Path("x.txt.gz")) == "text"
    assert detect_format(Path("x.pdf")) is None
