"""Cited extractive summary: budget, citations and their verification, repairs, disputes, LLM mode.

The story below is invented for these tests (a ferry strike in a made-up town); the seeds are read
from ../shared at test time.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from storyline.contract import Claim, Conflict
from storyline.model import Article
from storyline.summarize import extractive
from storyline.summarize.extractive import SummaryConfig, SupportIndex
from storyline.summarize.llm import LLMConfig, LLMError, abstractive_summary


def summarize(articles: list[Article], words: int = 150, *, disputed: list[dict] | None = None,
              **kw: Any) -> list[dict]:
    """The summary in report-row form, conflicts given as report rows (what these checks were written against)."""
    conflicts = [Conflict.from_json(c) for c in disputed] if disputed is not None else None
    return [s.to_json() for s in extractive.summarize(articles, words, disputed=conflicts, **kw)]


def _dispute_note(text: str, disputed: list[dict]) -> tuple[str, bool]:
    return extractive._dispute_note(text, [Conflict.from_json(c) for c in disputed])

A_TEXT = (
    "Ferry workers in Port Calloway began a 48-hour strike on Monday, halting all crossings to Skerry Island. "
    "The union said 240 crew members had signed the strike notice.\n\n"
    "Union secretary Dana Whitlock addressed the crowd at the pier. "
    "She said the dispute was about safety rosters rather than pay. "
    "It was the first stoppage in eleven years."
)
B_TEXT = (
    "Crossings to Skerry Island were halted on Monday as Port Calloway ferry workers started a 48-hour strike. "
    "According to the union, 240 crew members signed the notice.\n\n"
    "Union secretary Dana Whitlock said the dispute was about safety rosters rather than pay. "
    "Calloway Lines, the operator, said it regretted the disruption and urged both sides to talk."
)
C_TEXT = (
    "A 48-hour strike by ferry workers in Port Calloway stopped all crossings to Skerry Island on Monday. "
    "The union put the number of crew who signed the notice at 204.\n\n"
    "Calloway Lines said it regretted the disruption and wanted talks to resume. "
    "However, no new talks have been scheduled, a spokesman for the operator said."
)
D_TEXT = (
    "Calloway Lines reported a rise in quarterly freight revenue at its annual meeting. "
    "The company plans to add a second cargo vessel to its fleet next spring, its chairman told shareholders."
)


def _story() -> list[Article]:
    return [
        Article(id="a", source="a.txt", text=A_TEXT, title="Port Calloway ferry strike halts Skerry crossings",
                published=dt.date(2024, 3, 4)),
        Article(id="b", source="b.txt", text=B_TEXT, title="Skerry Island cut off as ferry crews strike",
                published=dt.date(2024, 3, 4)),
        Article(id="c", source="c.txt", text=C_TEXT, title="Ferry strike stops Skerry crossings",
                published=dt.date(2024, 3, 5)),
        Article(id="d", source="d.txt", text=D_TEXT, title="Calloway Lines freight revenue rises",
                published=dt.date(2024, 3, 1)),
    ]


def _words(summary: list[dict[str, Any]]) -> int:
    return sum(len(re.sub(r" \[[^\]]*\]| …$", "", s["text"]).split()) for s in summary)


def _check_verified(summary: list[dict[str, Any]], articles: list[Article]) -> None:
    ids = {a.id for a in articles}
    by_id = {a.id: a for a in articles}
    assert summary, "empty summary"
    for s in summary:
        assert s["citations"], s
        assert set(s["citations"]) <= ids
        assert set(s["citations"]) == set(s["verification"])
        for aid, v in s["verification"].items():
            assert v["method"] in {"source", "lexical", "hint"}
            start, end = v["evidence"]
            assert 0 <= start <= end <= len(by_id[aid].text)
            if v["method"] == "lexical":
                assert v["score"] >= SummaryConfig().support_threshold
        src = s["source"]
        assert src["article"] in s["citations"]
        assert s["verification"][src["article"]]["method"] == "source"


@pytest.mark.parametrize("words", [20, 40, 60, 150])
def test_budget_respected(words: int) -> None:
    summary = summarize(_story(), words)
    assert 0 < _words(summary) <= words


def test_truncate_fills_the_budget_exactly() -> None:
    summary = summarize(_story(), 34, config=SummaryConfig(truncate=True, fill=True))
    assert _words(summary) == 34
    assert summary[-1]["text"].endswith("…")


def test_truncate_adds_no_tail_too_short_to_say_anything() -> None:
    # Two sentences take 28 words: a 2-word tail ("Calloway Lines …") is left out, not shown.
    summary = summarize(_story(), 30, config=SummaryConfig(truncate=True, fill=True))
    assert _words(summary) == 28
    assert not summary[-1]["text"].endswith("…")
    assert _words(summarize(_story(), 30, config=SummaryConfig(truncate=True, fill=True, min_tail=1))) == 30


def test_every_sentence_cited_and_verified() -> None:
    story = _story()
    _check_verified(summarize(story, 150), story)


def test_citations_include_all_supporting_articles() -> None:
    summary = summarize(_story(), 150)
    strike = [s for s in summary if "48-hour strike" in s["text"]]
    assert strike, summary
    # Three outlets report the strike in their own words; the freight story does not.
    assert set(strike[0]["citations"]) == {"a", "b", "c"}
    assert {v["method"] for v in strike[0]["verification"].values()} == {"source", "lexical"}


def test_unsupported_article_is_not_cited() -> None:
    index = SupportIndex(_story())
    cites, _ = index.verify("Ferry workers in Port Calloway began a 48-hour strike on Monday.")
    assert "d" not in cites and {"a", "b", "c"} <= set(cites)
    assert index.verify("Penguins elected a new mayor of the moon yesterday.") == ([], [])


def test_number_mismatch_is_not_support() -> None:
    index = SupportIndex(_story())
    cites, _ = index.verify("The union said 240 crew members had signed the strike notice.", source=(0, 0, 10))
    assert "b" in cites and "c" not in cites  # C says 204


def test_support_hints_are_cited_as_hints() -> None:
    story = _story()
    plain = summarize(story, 150)
    first = plain[0]
    aid, (start, _end) = first["source"]["article"], first["source"]["span"]
    hinted = summarize(story, 150, support_hints={(aid, start): ["d"]})
    same = next(s for s in hinted if s["source"] == first["source"])
    assert "d" in same["citations"] and same["verification"]["d"]["method"] == "hint"


def test_dangling_pronoun_is_repaired_or_avoided() -> None:
    story = _story()
    for s in summarize(story, 150):
        assert not re.match(r"(It|This|They|These|Those|He|She)\b", s["text"]), s["text"]
    # The "She said" sentence of A is corroborated by B; wherever it appears it names the speaker.
    summary = summarize([story[0], story[1]], 150)
    rosters = [s["text"] for s in summary if "safety rosters" in s["text"]]
    assert rosters and all("Dana Whitlock" in t or "Whitlock" in t for t in rosters)


def test_pronoun_replaced_by_speaker_of_previous_sentence() -> None:
    a = Article(id="a", source="a", text=(
        "Union secretary Dana Whitlock addressed strikers at the pier on Monday. She said the strike over safety "
        "rosters would go on until the operator agreed to independent checks."))
    b = Article(id="b", source="b", text=(
        "Pickets gathered early. Boats stayed tied up. Travellers were turned away. The strike over safety rosters "
        "will go on until the operator agrees to independent checks, the union warned."))
    c = Article(id="c", source="c", text=(
        "Skerry was quiet. Shops ran short of milk. Few visitors came. The union warned the strike over safety "
        "rosters would go on until the operator agreed to independent checks."))
    # Right after the sentence that names her, "She" reads fine; on its own it needs the name.
    together = [s["text"] for s in summarize([a, b, c], 40)]
    assert together[0].startswith("Union secretary Dana Whitlock") and together[1].startswith("She said")
    summary = summarize([a, b, c], 20)
    first = summary[0]
    assert first["text"].startswith("Dana Whitlock said the strike")
    assert first["source"]["article"] == "a" and set(first["citations"]) == {"a", "b", "c"}


def test_discourse_opener_is_cut() -> None:
    summary = summarize(_story(), 150)
    assert not any(s["text"].startswith("However") for s in summary)


def test_opener_is_cut_inside_a_paragraph_and_a_pronoun_it_uncovers_is_handled() -> None:
    # "However," opens the *second* sentence of a paragraph; cutting it must not leave a bare "he".
    a = Article(id="a", source="a", text=(
        "The harbour board met on Monday to discuss the ferry strike and the closed crossings to Skerry Island. "
        "However, he refused to say when the ferry crossings to Skerry Island would resume after the strike."))
    b = Article(id="b", source="b", text=(
        "Crossings to Skerry Island stayed closed on Monday because of the ferry strike. Nobody would say when "
        "the ferry crossings to Skerry Island would resume after the strike."))
    for s in summarize([a, b], 150):
        assert not s["text"].startswith(("However", "He ", "he ")), s["text"]
    units = SupportIndex([a, b]).units
    assert units[1].text.startswith("he refused") and not units[1].candidate


def test_first_person_and_mid_quotation_sentences_are_avoided() -> None:
    text = ("“The strike will go on until the operator listens to the crews on safety rosters. We will not "
            "sail with half crews,” said union secretary Dana Whitlock at the pier in Port Calloway. "
            "We asked the operator about the safety rosters of its ferry crews on Monday morning. "
            "Calloway Lines said it regretted the disruption to ferry crossings on Monday.")
    units = SupportIndex([Article(id="a", source="a", text=text)]).units
    by_start = {u.text.split()[0]: u for u in units}
    assert not by_start["We"].candidate  # outlet's voice, or the tail of a quotation opened before
    assert by_start["Calloway"].candidate


def test_speaker_is_a_person_not_a_place_or_an_institution() -> None:
    from storyline.summarize.units import _speaker

    assert _speaker("The harbour board met on Monday about the closed crossings to Skerry Island.") is None
    assert _speaker("The Supreme Court ruled on Monday.") is None
    assert _speaker("Wendshire Rep. Tomasz K. Orlund spoke early Thursday at Larkspur General Hospital.") == (
        "Tomasz K. Orlund")
    assert _speaker("Treasury Secretary Steven Mnuchin met the speaker on Monday.") == "Steven Mnuchin"
    assert _speaker("“We will sail,” said Dana Whitlock at the pier.") == "Dana Whitlock"
    # A name deep in the sentence is not taken for its subject.
    assert _speaker("While she was one of the final three candidates, alongside Joe Biden and Bernie Sanders, "
                    "the congresswoman failed to gain traction.") is None


def test_title_abbreviation_fragments_are_joined() -> None:
    text = ("Skerry Island's new mayor met New York Lt. Gov. Kathy Hochul on Monday to discuss the ferry strike. "
            "The talks ended without an agreement on the crossings.")
    units = SupportIndex([Article(id="a", source="a", text=text)]).units
    assert units[0].text.startswith("Skerry") and "Kathy Hochul on Monday" in units[0].text
    assert len(units) == 2


def test_cut_off_excerpt_sentence_is_shown_with_an_ellipsis() -> None:
    a = Article(id="a", source="a", text=(
        "Ferry workers in Port Calloway began a 48-hour strike on Monday, halting all crossings to Skerry Island "
        "as the union and the operator remained far apart on the safety rosters of"))
    b = Article(id="b", source="b", text=(
        "A 48-hour strike by ferry workers in Port Calloway halted all crossings to Skerry Island on Monday."))
    unit = SupportIndex([a, b]).units[0]
    assert unit.cut and unit.candidate
    summary = summarize([a], 150)
    assert summary[-1]["text"].endswith("safety rosters of …"), summary


def test_summary_is_no_longer_than_the_mean_article() -> None:
    story = _story()
    mean = sum(len(a.text.split()) for a in story) / len(story)
    assert _words(summarize(story, 150, config=SummaryConfig(fill=True))) <= round(mean)
    assert _words(summarize(story, 150, config=SummaryConfig(fill=True, length_ratio=None))) > round(mean)


def test_dispute_inline() -> None:
    story = _story()
    disputed = [{"kind": "number", "about": "crew who signed the strike notice",
                 "values": [{"value": "240", "articles": ["a", "b"]}, {"value": "204", "articles": ["c"]}]}]
    summary = summarize(story, 150, disputed=disputed)
    _check_verified(summary, story)
    for s in summary:  # a disputed number is never stated bare
        if re.search(r"\b(240|204)\b", s["text"]):
            assert re.search(r"\[\d sources?; \d says? \d+\]", s["text"]), s["text"]
    text, hit = _dispute_note("The union said 240 crew members had signed the notice.", disputed)
    assert hit and "240 crew members [2 sources; 1 says 204]" in text


def test_dispute_inline_counts_independent_sources() -> None:
    """Copies of one report are one voice: "8 articles from 4 independent sources; 1 says 41"."""
    disputed = [{"kind": "number", "about": "people injured",
                 "values": [{"value": "14", "articles": list("abcdefgh"), "independent_support": 4},
                            {"value": "41", "articles": ["x"], "independent_support": 1}]}]
    text, hit = _dispute_note("At least 14 people were injured.", disputed)
    assert hit and "[8 articles from 4 independent sources; 1 says 41]" in text


def test_given_sentence_spans_give_the_same_summary() -> None:
    from storyline.text.normalize import sentences

    story = _story()
    spans = {a.id: sentences(a.text) for a in story}
    assert summarize(story, 80, sentence_spans=spans) == summarize(story, 80)


def test_empty_and_tiny_inputs() -> None:
    assert summarize([], 100) == []
    assert summarize([Article(id="x", source="x", text="   ")], 100) == []
    one = summarize([Article(id="x", source="x", text="A short note about the harbour wall repairs in town.")], 50)
    assert one and one[0]["citations"] == ["x"]


def test_seeds_summary(seeds_dir: Path) -> None:
    from storyline.ingest import read_paths

    articles = [a for a in read_paths([seeds_dir]) if isinstance(a, Article)]
    summary = summarize(articles, 150)
    assert 0 < _words(summary) <= 150
    _check_verified(summary, articles)
    assert any(len(s["citations"]) >= 3 for s in summary)  # the letter is reported everywhere


# --- LLM mode against a local fake endpoint ---------------------------------------------------------------

CANNED = ("- Ferry workers in Port Calloway began a 48-hour strike on Monday, halting crossings to Skerry Island. [1]\n"
          "- The mayor announced that penguins will run the new moon ferry from next week.")


def test_llm_mode_keeps_only_supported_sentences(fake_chat) -> None:
    story = _story()
    chat = fake_chat(CANNED)
    result = abstractive_summary(story, LLMConfig(base_url=chat.url, model="fake"), 80,
                                 facts=[Claim("event", "strike", "strike", "A 48-hour ferry strike began on Monday.",
                                              ["a", "b", "c"], 3)])
    kept = [k.to_json() for k in result.summary]
    assert len(kept) == 1 and kept[0]["text"].startswith("Ferry workers in Port Calloway")
    assert "[1]" not in kept[0]["text"]
    assert {"a", "b", "c"} <= set(kept[0]["citations"]) and "d" not in kept[0]["citations"]
    assert all(v["method"] == "lexical" for v in kept[0]["verification"].values())
    assert result.dropped == ["The mayor announced that penguins will run the new moon ferry from next week."]
    assert chat.paths == ["/v1/chat/completions"] and chat.requests[-1]["model"] == "fake"
    prompt = chat.requests[-1]["messages"][-1]["content"]
    assert "48-hour ferry strike" in prompt and "(3 independent sources)" in prompt


def test_llm_unreachable_is_a_clear_error() -> None:
    with pytest.raises(LLMError, match="chat endpoint"):
        abstractive_summary(_story(), LLMConfig(base_url="http://127.0.0.1:9", model="x", timeout=2), 50)
