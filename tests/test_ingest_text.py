import datetime as dt

from conftest import BODY

from storyline.ingest import read_file
from storyline.ingest.text import parse_plain
from storyline.model import Article


def test_headline_first_line():
    p = parse_plain("Ferry pier closed after rot found\n\n" + BODY)
    assert p.title == "Ferry pier closed after rot found"
    assert p.body.startswith("The council of Larkspur Bay")
    assert not p.title_derived


def test_leading_date_marker_inline_lede():
    p = parse_plain(" date 2024-03-05 The council of Larkspur Bay voted to close the pier.\n\nMore text follows here.")
    assert p.published == dt.date(2024, 3, 5)
    assert p.published_source == "dateline"
    assert p.body.startswith("The council of Larkspur Bay voted")
    assert "date 2024" not in p.body
    assert p.title_derived and p.title.startswith("The council of Larkspur Bay")


def test_published_line_removed():
    p = parse_plain("Pier closed\nPublished: March 5, 2024\n\n" + BODY)
    assert p.published == dt.date(2024, 3, 5)
    assert "Published" not in p.body and p.title == "Pier closed"


def test_byline_with_date():
    p = parse_plain("Pier closed\nBy Tomas Reyes and Ada Li | Mar 5, 2024\n\n" + BODY)
    assert p.published == dt.date(2024, 3, 5)
    assert p.authors == ["Tomas Reyes", "Ada Li"]
    assert "By Tomas" not in p.body


def test_byline_without_date_and_date_only_line():
    p = parse_plain("Pier closed\nBy Tomas Reyes\n5 March 2024\n\n" + BODY)
    assert p.authors == ["Tomas Reyes"]
    assert p.published == dt.date(2024, 3, 5)


def test_published_beats_updated():
    p = parse_plain("Pier closed\nUpdated: 2024-03-07\nPublished: 2024-03-05\n\n" + BODY)
    assert p.published == dt.date(2024, 3, 5)


def test_title_derived_from_long_first_sentence():
    p = parse_plain(BODY)
    assert p.title_derived
    assert p.title.startswith("The council of Larkspur Bay voted on Tuesday")
    assert p.title.endswith("…")
    assert p.body.startswith("The council")  # the lede stays in the body


def test_lede_in_quotes_is_not_a_headline():
    p = parse_plain("The mayor called the pier \u201cunsafe.\u201d\n\nShe spoke on Tuesday at length to reporters.")
    assert p.title_derived and p.body.startswith("The mayor")


def test_by_sentence_is_not_a_byline():
    p = parse_plain("Pier closed\n\nBy Tuesday evening, the pier was empty and boats had left.\n\n" + BODY)
    assert p.authors == [] and "By Tuesday evening" in p.body


def test_read_file_txt(write):
    path = write("pier.txt", "Ferry pier closed\nBy Tomas Reyes | 2024-03-05\n\n" + BODY)
    (a,) = list(read_file(path))
    assert isinstance(a, Article)
    assert a.title == "Ferry pier closed" and a.published == dt.date(2024, 3, 5)
    assert a.published_source == "dateline" and a.published_confidence > 0
    assert a.id == next(iter(read_file(path))).id  # stable
    assert a.content_hash and a.source.endswith("pier.txt")


def test_seeds_datelines_and_titles(seeds_dir):
    arts = {a.source.rsplit("/", 1)[-1][:3]: a for a in read_file_all(seeds_dir)}
    assert len(arts) == 5
    assert arts["003"].published == dt.date(2021, 12, 9)
    assert arts["004"].published == dt.date(2021, 12, 10)
    assert arts["000"].title.startswith("Alec Baldwin Shares Letter")
    assert arts["002"].title.startswith("Alec Baldwin Shares Letter")
    for a in arts.values():
        assert a.title and "date 2021" not in a.text


def read_file_all(folder):
    from storyline.ingest import read_paths

    return [a for a in read_paths([folder]) if isinstance(a, Article)]


def test_outlet_line():
    p = parse_plain("Pier closed\nSource: Larkspur Ledger\nBy Ada Li | 2024-03-05\n\n" + BODY)
    assert p.outlet == "Larkspur Ledger" and p.authors == ["Ada Li"] and "Source:" not in p.body
