"""Write a corpus of bad and odd inputs (plus a few good articles) for the ingest robustness test.

Every case is a file (or folder, symlink, pipe) under ROOT with what ingesting it must give:

* ``article``: at least one article is stored whose text holds the case's marker word;
* ``skip``: it is skipped with one of the named reasons;
* ``either``: stored or skipped with a named reason, but never silently lost and never a crash;
* ``partial``: what could be read is stored, and a skip with one of the named reasons says where it stopped.

Usage::

    python tests/hostile/make_corpus.py OUT_DIR [--listener-url http://127.0.0.1:PORT]

Inputs that look like URLs point at ``--listener-url`` so that a test can prove no reader fetches
anything. All text is written for the project (fictional).
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import io
import json
import os
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    """One input and what ingesting it must give."""

    name: str
    expect: str  # "article" | "skip" | "either" | "partial"
    reasons: set[str] = field(default_factory=set)
    markers: list[str] = field(default_factory=list)


def marker(name: str) -> str:
    """A word that appears only in the case's own good text."""
    return "zq" + "".join(ch for ch in name.lower() if ch.isalnum())


def body(name: str) -> str:
    m = marker(name)
    return (f"The harbour council of Larkspur Bay met on Tuesday evening to discuss case {m} and the ferry "
            "timetable. Harbour master Ines Valcourt said the temporary landing at North Quay would stay "
            "open for at least six more weeks while divers inspect the pilings.\n\n"
            f"Residents asked why the {m} repairs had taken so long; the council promised a written answer.")


def html_page(name: str, head: str = "", extra: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body(name).split("\n\n"))
    return (f"<!DOCTYPE html><html><head>{head}<title>Council meets on {marker(name)} - Bay Post</title></head>"
            f"<body>{extra}<article><h1>Council meets on ferry timetable</h1>{paras}</article></body></html>")


def warc_bytes(records: list[tuple[str, str, bytes]], gz: bool = False) -> bytes:
    """WARC bytes with one ``response`` record per (url, content type, body); ``gz``: one gzip member per
    record (also used by ``test_ingest_formats`` and ``test_remote_inputs``)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, ctype, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return buf.getvalue()


def _gzip_members(raw: bytes) -> bytes:
    """One gzip member per WARC record is what crawlers write; a single member is fine here."""
    return gzip.compress(raw)


def make_corpus(root: Path, listener_url: str = "http://127.0.0.1:9/") -> list[Case]:
    """Write every case under ``root`` (created) and return the cases."""
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    url = listener_url.rstrip("/")

    def put(name: str, content: bytes | str, expect: str, *reasons: str, markers: bool | None = None) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        want_marker = expect == "article" if markers is None else markers
        cases.append(Case(name, expect, set(reasons), [marker(name)] if want_marker else []))

    def text_file(name: str) -> str:
        return f"Council meets on ferry timetable\n\n{body(name)}\n"

    # --- good and odd-but-good text -------------------------------------------------------------------
    put("good_plain.txt", text_file("good_plain.txt"), "article")
    put("good_crlf.txt", text_file("good_crlf.txt").replace("\n", "\r\n"), "article")
    put("good_cr_only.txt", text_file("good_cr_only.txt").replace("\n", "\r"), "article")
    put("good_bom_utf8.txt", codecs.BOM_UTF8 + text_file("good_bom_utf8.txt").encode(), "article")
    put("good_bom_utf16le.txt", codecs.BOM_UTF16_LE + text_file("good_bom_utf16le.txt").encode("utf-16-le"), "article")
    put("good_bom_utf16be.txt", codecs.BOM_UTF16_BE + text_file("good_bom_utf16be.txt").encode("utf-16-be"), "article")
    put("good_bom_utf32.txt", text_file("good_bom_utf32.txt").encode("utf-32"), "article")
    put("utf16le_nobom.txt", text_file("utf16le_nobom.txt").encode("utf-16-le"), "either", "binary", markers=False)
    put("utf16be_nobom.txt", text_file("utf16be_nobom.txt").encode("utf-16-be"), "either", "binary", markers=False)
    put("good_cjk.txt", "拉克斯珀湾议会周二开会讨论渡轮时刻表。\n\n" + text_file("good_cjk.txt")
        + "\n港务长表示临时码头将继续开放六周。", "article")
    put("good_rtl.txt", "اجتمع مجلس الميناء يوم الثلاثاء\n\n" + text_file("good_rtl.txt")
        + "\nמועצת הנמל התכנסה ביום שלישי.", "article")
    put("good_cp1252.txt", ("Caf\u00e9 owners \u201cwelcome\u201d the pier decision\n\n"
                            + text_file("good_cp1252.txt")).encode("cp1252"), "article")
    put("good_mixed_encodings.txt", text_file("good_mixed_encodings.txt").encode("utf-8")
        + "Caf\u00e9 \u201cclosed\u201d\n".encode("cp1252"), "either", "undecodable", markers=False)
    put("control_chars.txt", text_file("control_chars.txt").replace("council", "coun\x07cil", 1)
        .replace("ferry", "fe\x1brry", 1), "either", "binary", markers=False)
    put("nul_in_text.txt", text_file("nul_in_text.txt").replace("Tuesday", "Tues\x00day"), "either", "binary",
        markers=False)
    put("good_notes.md", "# Council meets\n\n" + body("good_notes.md"), "article")
    put("huge_line.txt", "Council notes\n\n" + (body("huge_line.txt").replace("\n", " ") + " ") * 3000, "article")
    put("caf\udce9_latin1_name.txt".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"),
        text_file("nonutf8name"), "article", markers=False)
    cases[-1].markers = [marker("nonutf8name")]
    put("dir_named_like_file.txt/inside.txt", text_file("dir_named_like_file.txt/inside.txt"), "article")

    # --- bad text -----------------------------------------------------------------------------------------
    put("empty.txt", b"", "skip", "empty")
    put("empty.html", b"", "skip", "empty")
    put("whitespace_only.txt", " \n\t\r\n  \n", "skip", "empty")
    put("too_short.txt", "Hi\n\nok", "skip", "too_short")
    rng = random.Random(7)
    put("binary.txt", bytes(rng.randrange(256) for _ in range(4096)), "skip", "binary", "undecodable")
    put("zeros.txt", b"\x00" * 4096, "skip", "binary")
    put("pdf_as.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\x03\nendstream\n",
        "skip", "binary", "undecodable", "too_short")
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("a.txt", body("zip"))
    put("zip_as.txt", zbuf.getvalue(), "skip", "binary", "undecodable")
    put("png_as.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "skip", "binary")
    with (root / "whitespace_50mb.txt").open("wb") as fh:
        for _ in range(50):
            fh.write(b" " * (1 << 20))
    cases.append(Case("whitespace_50mb.txt", "skip", {"too_large"}))
    put("unknown.pdf", b"%PDF-1.4 not read", "skip", "unknown_format")
    put("no_extension", body("noext"), "skip", "unknown_format")

    # --- HTML -----------------------------------------------------------------------------------------------
    put("good_page.html", html_page("good_page.html"), "article")
    inner = html_page("iframe-inner").replace('"', "&quot;")
    put("good_nested_iframes.html", html_page("good_nested_iframes.html", extra=(
        f'<iframe srcdoc="{inner}"></iframe><iframe src="{url}/iframe"><iframe src="{url}/deeper"></iframe>'
        "</iframe>")), "article")
    for cs in ("rot13", "zlib", "base64", "hex", "bz2", "uu", "x-nonsense-charset", "utf-7"):
        name = f"charset_{cs}.html"
        put(name, html_page(name, head=f"<meta charset={cs}>"), "article")
    put("good_latin1_declared.html", html_page("good_latin1_declared.html",
        head='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
        .replace("Tuesday", "Tuesday (caf\u00e9)").encode("latin-1"), "article")
    put("html_no_body.html", "<html><head><title>Nothing here</title></head></html>", "skip", "no_main_text",
        "too_short")
    put("script_only.html", "<html><head><script>var a = 1;" + "a += 1;" * 2000 + "</script></head>"
        "<body><script>document.write('x')</script></body></html>", "skip", "no_main_text", "too_short")
    put("nav_only.html", "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "skip", "no_main_text", "too_short")
    put("deep_nesting.html", "<html><body>" + "<div>" * 100_000 + body("deep_nesting.html") + "</div>" * 100_000
        + "</body></html>", "either", "no_main_text", markers=False)
    put("url_only.html", f"{url}/fetch-me-html", "skip", "no_main_text", "too_short")
    # A page with no space at all that starts with a URL: htmldate used to download it.
    put("url_first_no_space.html", f"{url}/no-space\n<html><body><article><p>"
        + "\n".join(body("url_first_no_space.html").split()) + "</p></article></body></html>", "article")
    put("url_only_https.htm", f"https://127.0.0.1:1/{url}", "skip", "no_main_text", "too_short")
    put("meta_refresh.html", html_page("meta_refresh.html", head=(
        f'<meta http-equiv="refresh" content="0; url={url}/refresh"><base href="{url}/base/">'
        f'<link rel="canonical" href="{url}/canonical"><script src="{url}/script.js"></script>')), "article")

    # --- JSON / JSON Lines --------------------------------------------------------------------------------
    def rec(name: str, **extra: object) -> dict:
        return {"text": body(name), "title": f"Council meets ({marker(name)})", **extra}

    put("good_records.jsonl", "\n".join(json.dumps(rec("good_records.jsonl", id=f"gr{i}", n=i)) for i in range(2)),
        "article")
    put("good_dupkeys.jsonl", '{"text": "short", "title": "t", "text": ' + json.dumps(body("good_dupkeys.jsonl"))
        + "}", "article")
    put("nan_inf.jsonl", json.dumps(rec("nan_inf.jsonl", score=float("inf"), low=float("-inf"), ratio=float("nan"),
                                        published=float("nan"))), "article")
    put("date_0001.jsonl", json.dumps(rec("date_0001.jsonl", published="0001-01-01")), "article")
    put("date_9999.jsonl", json.dumps(rec("date_9999.jsonl", published="9999-12-31T23:59:59Z")), "article")
    put("date_huge_epoch.jsonl", json.dumps(rec("date_huge_epoch.jsonl")).replace(
        '"text"', '"published": 1' + "0" * 400 + ', "text"'), "article")
    put("surrogates.jsonl", json.dumps(rec("surrogates.jsonl", title="Bad \ud800 title", note="x\udfffy")),
        "article")
    put("control_title.jsonl", json.dumps(rec("control_title.jsonl", title="Bell\u0007 and \u202eoverride\u0000")),
        "article")
    put("good_crlf.jsonl", "\r\n".join(json.dumps(rec("good_crlf.jsonl", id=f"crlf{i}")) for i in range(2)),
        "article")
    put("good_bom.jsonl", codecs.BOM_UTF8 + json.dumps(rec("good_bom.jsonl")).encode(), "article")
    put("good_utf16.jsonl", json.dumps(rec("good_utf16.jsonl")).encode("utf-16"), "article")
    put("mixed_encodings.jsonl", json.dumps(rec("mixed_encodings.jsonl"), ensure_ascii=False).encode("utf-8") + b"\n"
        + json.dumps(rec("mixed-cp1252") | {"title": "Caf\u00e9 \u201cnews\u201d"}, ensure_ascii=False)
        .encode("cp1252"), "article")
    cases[-1].markers.append(marker("mixed-cp1252"))
    put("good_list.json", json.dumps([rec("good_list.json"), rec("good_list.json")]), "article")
    put("good_object.json", json.dumps(rec("good_object.json")), "article")
    put("list_of_scalars.json", "[1, 2, 3]", "skip", "malformed_json")
    put("scalar.json", "42", "skip", "malformed_json")
    put("string.json", '"just a string"', "skip", "malformed_json")
    put("no_text.json", json.dumps({"title": "No body", "url": "https://x.example/a"}), "skip", "missing_text")
    put("text_is_number.jsonl", json.dumps({"text": 12345, "title": "n"}), "skip", "missing_text")
    put("text_is_object.jsonl", json.dumps({"text": {"p": body("x")}, "title": "o"}), "skip", "missing_text")
    put("array_line.jsonl", "[1, 2]\n", "skip", "malformed_json")
    put("not_json.jsonl", "this is not json at all\n{still not\n", "skip", "malformed_json")
    put("nested_100k.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + '{"a":' * 100_000 + "1" + "}" * 100_000,
        "skip", "malformed_json")
    put("nested_100k.json", '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "skip", "malformed_json")
    put("html_field_url.jsonl", json.dumps({"html": f"{url}/from-jsonl", "url": f"{url}/page"}), "skip",
        "no_main_text", "too_short")
    good_lines = [json.dumps(rec("good_badtail.jsonl.gz", id=f"tail{i}", n=i)) for i in range(49)]
    put("good_badtail.jsonl.gz", gzip.compress(("\n".join(good_lines) + "\n").encode()
                                               + b'{"text": "\xff\xfe\x00 broken tail'), "article")
    trunc_lines = [json.dumps(rec("good_truncated.jsonl.gz", id=f"tr{i}", n=i)) for i in range(30)]
    whole = gzip.compress(("\n".join(trunc_lines) + "\n").encode())
    put("good_truncated.jsonl.gz", whole[: len(whole) * 2 // 3], "article")
    put("good_records.jsonl.gz", gzip.compress(json.dumps(rec("good_records.jsonl.gz")).encode()), "article")
    put("not_gzip.jsonl.gz", json.dumps(rec("not_gzip")), "skip", "unreadable")
    put("truncated_header.txt.gz", gzip.compress(text_file("x").encode())[:6], "skip", "unreadable", "empty")
    member = gzip.compress(b"\x00" * (1 << 20), compresslevel=9)
    put("bomb.jsonl.gz", member * 2048, "skip", "too_large")  # ~2 MB that inflates to 2 GiB
    put("bomb_text.txt.gz", member * 64, "skip", "too_large")

    # --- feeds ----------------------------------------------------------------------------------------------
    def rss(items: str, pre: str = "") -> str:
        return (f'<?xml version="1.0" encoding="utf-8"?>{pre}<rss version="2.0"><channel><title>Bay Post</title>'
                f"<link>https://baypost.example/</link>{items}</channel></rss>")

    item = ("<item><title>Council meets</title><link>https://baypost.example/a</link>"
            "<pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate><description>{}</description></item>")
    put("good_feed.rss", rss(item.format(body("good_feed.rss"))), "article")
    put("good_atom.atom", '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Bay Post</title><entry><title>Council</title><id>urn:x:1</id><updated>2026-03-03T09:00:00Z</updated>"
        f"<content type=\"text\">{body('good_atom.atom')}</content></entry></feed>", "article")
    put("empty_feed.rss", rss(""), "skip", "no_articles", "bad_feed")
    put("broken_xml.rss", rss(item.format(body("broken"))).replace("</channel>", "")[:-40] + "<<<&&&",
        "either", "bad_feed", "no_articles", "empty", markers=False)
    # Billion laughs: nine levels of ten-fold entity expansion (10**9 "lol"s) must not blow up.
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    put("billion_laughs.rss", rss(item.format("&lol9; " + body("billion_laughs.rss")),
                                  pre="<!DOCTYPE rss [" + "".join(ents) + "]>"),
        "either", "bad_feed", "no_articles", "too_large", markers=False)
    put("external_entity.rss", rss(item.format("&ext; " + body("external_entity.rss")),
                                   pre=f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "{url}/entity">]>'),
        "either", "bad_feed", "no_articles", markers=False)
    put("undefined_entity.rss", rss(item.format("&nosuch; " + body("undefined_entity.rss"))), "either",
        "bad_feed", "no_articles", markers=False)
    # feedparser.parse(bytes) opened the bytes as a file name: this feed "is" another feed's path.
    put("feed_is_a_path.rss", str(root / "good_feed.rss"), "skip", "no_articles", "bad_feed")
    put("sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://baypost.example/a</loc></url></urlset>", "skip", "no_articles", "bad_feed")
    put("feed_entry_no_text.rss", rss("<item><title>Only a title</title></item>"), "skip", "empty", "no_articles")

    # --- WARC -----------------------------------------------------------------------------------------------
    good_warc = warc_bytes([("https://baypost.example/a", "text/html; charset=utf-8",
                        html_page("good_archive.warc.gz").encode())])
    put("good_archive.warc.gz", _gzip_members(good_warc), "article")
    target = warc_bytes([(f"{url}/warc-target", "text/html", html_page("listener_target.warc").encode())])
    put("listener_target.warc", target, "article")
    put("non_html.warc", warc_bytes([("https://baypost.example/s.css", "text/css", b"body { color: red }" * 20),
                                ("https://baypost.example/robots.txt", "text/plain", b"User-agent: *\n")]),
        "skip", "no_articles")
    put("garbage.warc", b"this is not a warc file at all\n" * 50, "skip", "bad_warc")
    big_warc = _gzip_members(warc_bytes([(f"https://baypost.example/{i}", "text/html",
                                     html_page(f"trunc{i}").encode()) for i in range(6)]))
    put("truncated.warc.gz", big_warc[: len(big_warc) // 2], "partial", "bad_warc", markers=False)
    put("not_gzip.warc.gz", b"WARC/1.0\r\nnot really\r\n", "skip", "bad_warc")

    # --- file system oddities -------------------------------------------------------------------------------
    def link(name: str, target: str, *reasons: str) -> None:
        os.symlink(target, root / name)
        cases.append(Case(name, "skip", set(reasons)))

    link("looping_symlink.txt", "looping_symlink.txt", "unreadable")
    link("loop_a.html", "loop_b.html", "unreadable")
    os.symlink("loop_a.html", root / "loop_b.html")
    cases.append(Case("loop_b.html", "skip", {"unreadable"}))
    link("dangling_symlink.html", "does/not/exist.html", "unreadable")
    if os.path.exists("/dev/zero"):
        link("dev_zero.txt", "/dev/zero", "not_a_file")
        link("dev_zero.jsonl.gz", "/dev/zero", "not_a_file")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "named_pipe.txt")
        cases.append(Case("named_pipe.txt", "skip", {"not_a_file"}))
    locked = root / "locked_dir"
    locked.mkdir()
    (locked / "inside.txt").write_text(text_file("locked_dir/inside.txt"), encoding="utf-8")
    os.chmod(locked, 0)
    # Readable anyway when the test runs as root: stored or skipped, never lost.
    cases.append(Case("locked_dir", "either", {"unreadable"}))
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--listener-url", default="http://127.0.0.1:9/")
    args = ap.parse_args()
    cases = make_corpus(args.out, args.listener_url)
    print(f"{len(cases)} cases written to {args.out}")


if __name__ == "__main__":
    main()
