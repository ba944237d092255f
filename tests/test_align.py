"""Passage alignment, reuse classes, quotations, spin and provenance.

Unit tests use short fictional articles written for these tests (Port Ellery is invented); the seed
articles are read from ../shared at test time, and the demo corpus from examples/.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, need

from storyline.align.passages import AlignConfig, align_pair, align_story, reuse_records
from storyline.align.provenance import credits, derive, self_names
from storyline.align.quotespans import quoted_spans
from storyline.ingest import read_paths
from storyline.model import Article

ORIGINAL = (
    "Fire crews in Port Ellery spent most of Sunday night fighting a blaze at the old Marlow cannery on the "
    "north quay, the town's fire service said on Monday. Nobody was hurt, but the roof of the main hall "
    "collapsed shortly after midnight and the building will have to be demolished.\n\n"
    "Station officer Bea Lindqvist said the fire started in a storage room at the back of the cannery, which has "
    "stood empty since 2011. \"We had six engines on the quay within twenty minutes, and the wind was pushing "
    "the flames towards the fuel depot,\" she said. \"Keeping it away from the depot was our first priority.\"\n\n"
    "Residents of Quay Terrace were asked to keep their windows closed because of the smoke. The harbour master "
    "closed the north quay to boats until Tuesday morning, and the coastguard kept a patrol boat off the pier "
    "overnight.\n\n"
    "The cannery was bought by the town council last year for conversion into a market hall. Council leader "
    "Tomas Reed called the fire \"a bitter blow for a project that so many people had worked on\" and said an "
    "investigation into the cause would begin once the site was safe."
)

NEAR_COPY = (
    "Fire crews in Port Ellery spent most of Sunday night fighting a fire at the old Marlow cannery on the "
    "north quay, the town's fire service said on Monday. Nobody was injured, but the roof of the main hall "
    "fell in shortly after midnight and the building will have to be demolished.\n\n"
    "Station officer Bea Lindqvist said the fire started in a storage room at the back of the cannery, which has "
    "been empty since 2011. \"We had six engines on the quay within twenty minutes, and the wind was pushing "
    "the flames towards the fuel depot,\" she said. \"Keeping it away from the depot was our first priority.\"\n\n"
    "Residents of Quay Terrace were told to keep their windows closed because of the smoke. The harbour master "
    "closed the north quay to boats until Tuesday morning, and the coastguard kept a patrol boat off the pier "
    "overnight.\n\n"
    "(Harbor Gazette)"
)

SPUN = (
    "Fire groups in Port Ellery burned through the greater part of Sunday evening battling a burst at the old "
    "Marlow cannery on the north wharf, the town's fire administration said on Monday. No one was harmed, however "
    "the rooftop of the primary corridor fell not long after 12 PM and the structure should be destroyed.\n\n"
    "Station official Bea Lindqvist said the fire began in a capacity room at the rear of the cannery, which has "
    "stood vacant since 2011. \"We had six motors on the wharf inside twenty minutes, and the breeze was driving "
    "the blazes towards the fuel station,\" she said. \"Keeping it away from the station was our first need.\"\n\n"
    "Inhabitants of Quay Terrace were approached to keep their windows shut as a result of the smoke. The harbour "
    "ace shut the north wharf to boats until Tuesday morning, and the coastguard kept a watch boat off the dock "
    "for the time being."
)

INDEPENDENT = (
    "A disused cannery in Port Ellery has been destroyed by fire. Neighbours on Quay Terrace described seeing "
    "orange light over the rooftops before midnight on Sunday and hearing a series of loud bangs.\n\n"
    "\"We had six engines on the quay within twenty minutes, and the wind was pushing the flames towards the fuel "
    "depot,\" station officer Bea Lindqvist told the Northport Herald. Firefighters stayed at the scene until "
    "dawn on Monday.\n\n"
    "Tomas Reed, who leads the council, said the blaze was \"a bitter blow for a project that so many people had "
    "worked on\". Plans for a covered market in the building will now be reviewed, he added."
)

UNRELATED = (
    "The Port Ellery rowing club won the coastal cup for the third year running on Saturday, beating crews from "
    "six other towns over a two-kilometre course in choppy water. Captain Ines Aubert said the young squad had "
    "trained through the winter and thanked the volunteers who repaired the club's boathouse last spring."
)


def art(aid: str, text: str, outlet: str, day: int | None, conf: float = 0.85) -> Article:
    """A test article published on 2024-03-``day`` (or undated)."""
    return Article(id=aid, source=f"{aid}.txt", text=text, outlet=outlet,
                   published=dt.date(2024, 3, day) if day else None,
                   published_source="html-meta" if day else "none", published_confidence=conf if day else 0.0)


@pytest.fixture(scope="module")
def story() -> list[Article]:
    return [art("orig", ORIGINAL, "Harbor Gazette", 4), art("copy", NEAR_COPY, "Coast Daily", 5),
            art("spun", SPUN, "Daily Clicks", 5), art("indep", INDEPENDENT, "Northport Herald", 5),
            art("other", UNRELATED, "Harbor Gazette", 6)]


@pytest.fixture(scope="module")
def story_alignments(story: list[Article]):
    return {frozenset((al.source, al.target)): al for al in align_story(story)}


def test_quoted_spans_tell_quotes_from_apostrophes() -> None:
    text = ("Baldwin’s letter called it ‘chaotic, dangerous and exploitative,’ and the workers’ union said \"no\". "
            "She said “we stayed” and 'never pulled the trigger' — it isn't over.")
    got = [text[s:e] for s, e in quoted_spans(text)]
    assert got == ["chaotic, dangerous and exploitative,", "no", "we stayed", "never pulled the trigger"]


def test_near_copy_is_a_copy_from_the_credited_original(story: list[Article]) -> None:
    al = align_pair(story[1], story[0])
    assert al.kind == "copy"
    assert (al.source, al.target) == ("orig", "copy")
    assert any("credits Harbor Gazette" in r for r in al.direction_reasons)
    assert al.score > 0.9
    p = max(al.passages, key=lambda p: p.target_span[1] - p.target_span[0])
    assert p.edits["match"] > 40 and p.edits["substitute"] + p.edits["synonym"] >= 2
    src, tgt = story[0].text[slice(*p.source_span)], story[1].text[slice(*p.target_span)]
    assert src.startswith("Fire crews") and tgt.startswith("Fire crews")
    # The quoted remarks are a shared quotation, not part of the copied passages.
    assert any("first priority" in story[0].text[slice(*q.source_span)] for q in al.shared_quotations)
    assert all("first priority" not in story[1].text[slice(*p.target_span)] for p in al.passages)


def test_spun_copy_is_spin_with_evidence(story_alignments) -> None:
    al = story_alignments[frozenset(("orig", "spun"))]
    assert al.kind == "spin"
    assert (al.source, al.target, al.spun) == ("orig", "spun", "spun")
    assert any("one-for-one" in e for e in al.evidence)
    assert any("altered word by word" in e for e in al.evidence)


def test_shared_quotations_only_are_not_reuse(story_alignments) -> None:
    al = story_alignments[frozenset(("orig", "indep"))]
    assert al.kind == "quotation_only"
    assert not al.is_reuse and al.shared_quotations
    assert not any({r.source, r.target} == {"orig", "indep"} for r in reuse_records(story_alignments.values()))


def test_story_candidates_skip_unrelated_articles(story_alignments) -> None:
    assert not any("other" in pair for pair in story_alignments)


def test_light_rewrite_is_rewrite() -> None:
    orig = art("a", ORIGINAL, "Harbor Gazette", 4)
    text = (
        "Firefighters in Port Ellery spent much of Sunday night battling a fire at the former Marlow cannery on "
        "the north quay, the local fire service said on Monday. No one was injured, although the roof of the main "
        "hall came down soon after midnight and the whole building will now have to be demolished.\n\n"
        "According to station officer Bea Lindqvist, the blaze began in a storage room at the rear of the "
        "cannery, which has been empty since 2011.\n\n"
        "People living on Quay Terrace were asked to keep windows shut because of the smoke. The harbour master "
        "closed the north quay to all boats until Tuesday morning, while the coastguard kept a patrol boat near "
        "the pier through the night.\n\n"
        "The town council bought the cannery last year to turn it into a market hall. An investigation into the "
        "cause will begin once the site is safe, council leader Tomas Reed said.")
    al = align_pair(orig, art("b", text, "Bay Courier", 5))
    assert al.kind == "rewrite", al.evidence
    assert (al.source, al.target) == ("a", "b")
    assert any(p.kind == "rewrite" and p.edits["substitute"] + p.edits["synonym"] > 0 for p in al.passages)


def test_reuse_records_follow_the_report_contract(story_alignments) -> None:
    records = [r.to_json() for r in reuse_records(story_alignments.values())]
    assert records and all(r["kind"] in {"duplicate", "copy", "rewrite", "paraphrase", "spin"} for r in records)
    for r in records:
        assert {"source", "target", "kind", "score", "passages", "shared_quotations", "evidence"} <= set(r)
        for p in r["passages"]:
            assert isinstance(p["source_span"], list) and len(p["source_span"]) == 2
            assert {"kind", "similarity", "target_span"} <= set(p)
    json.dumps(records)  # JSON-ready


def test_credit_lines_and_self_names() -> None:
    def names(text: str) -> list[str]:
        return [c.name for c in credits(Article(id="x", source="x", text=text))]

    assert names("The mayor resigned, according to the Velmouth Gazette.") == ["Velmouth Gazette"]
    assert names("LONDON (Reuters) - Shares fell.") == ["Reuters"]
    assert names("Shares fell.\n\n(AP)") == ["AP"]
    assert names("Shares fell.\n\n— Reuters") == ["Reuters"]
    assert names("Shares fell.\n\n(IMAGE: AP)") == []
    people = Article(id="p", source="p", text="A crew member told PEOPLE that the set felt unsafe.")
    assert self_names(people) == {"people"}


def test_provenance_edges_original_and_groups(story: list[Article], story_alignments) -> None:
    prov = derive(story, list(story_alignments.values()))
    edges = {(e.source, e.target): e for e in prov.edges}
    assert ("orig", "copy") in edges and ("orig", "spun") in edges
    assert edges[("orig", "copy")].confidence > 0.9
    assert prov.original == "orig"
    assert prov.groups["copy"] == prov.groups["spun"] == prov.groups["orig"] == "orig"
    assert prov.groups["indep"] == "indep" and prov.groups["other"] == "other"
    assert prov.independent_sources(["orig", "copy", "indep"]) == 2
    assert "spun" in prov.spun


def test_exact_duplicate_and_config() -> None:
    a, b = art("a", ORIGINAL, "Coastline Wire", 4), art("b", ORIGINAL.replace("  ", " "), "Town Post", 4)
    al = align_pair(b, a, AlignConfig(paraphrase=False))
    assert al.kind == "duplicate" and al.score == 1.0
    assert al.source == "a"  # the wire agency story is taken as the original


# --- seeds (real articles, read from ../shared at test time) ---------------------------------------

@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    need(SEEDS)
    return {Path(a.source).name[:3]: a for a in read_paths([SEEDS]) if isinstance(a, Article)}


@pytest.fixture(scope="module")
def seed_alignments(seeds: dict[str, Article]):
    return align_story(list(seeds.values()))


def _by_pair(alignments, a: Article, b: Article):
    return next(al for al in alignments if {al.source, al.target} == {a.id, b.id})


def test_seed_004_derives_from_002(seeds, seed_alignments) -> None:
    al = _by_pair(seed_alignments, seeds["002"], seeds["004"])
    assert al.is_reuse and al.kind in {"rewrite", "paraphrase"}
    assert (al.source, al.target) == (seeds["002"].id, seeds["004"].id)
    assert al.passages and any("credits" in r for r in al.direction_reasons)
    quoted = [seeds["004"].text[slice(*q.target_span)] for q in al.shared_quotations]
    assert any("Losing her hurt every single one of us" in q for q in quoted)


def test_seed_letter_quotes_are_shared_quotations(seeds, seed_alignments) -> None:
    # 000 and 003 both quote the crew letter; that does not make one a copy of the other.
    al = _by_pair(seed_alignments, seeds["000"], seeds["003"])
    assert al.kind == "quotation_only" and al.shared_quotations
    reuse = [al for al in seed_alignments if al.is_reuse]
    assert [(al.source, al.target) for al in reuse] == [(seeds["002"].id, seeds["004"].id)]


def test_seed_001_is_spun(seeds, seed_alignments) -> None:
    prov = derive(list(seeds.values()), seed_alignments)
    assert seeds["001"].id in prov.spun
    assert any("brilliant" in e for e in prov.spun[seeds["001"].id])
    assert prov.groups[seeds["004"].id] == prov.groups[seeds["002"].id]


# --- demo corpus (fictional, examples/) -----------------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    key = json.loads((REPO / "examples" / "answer_key.json").read_text(encoding="utf-8"))
    arts = [a for a in read_paths([REPO / "examples" / "corpus"]) if isinstance(a, Article)]
    by_name = {Path(a.source).name.replace(":", "#"): a for a in arts}
    story = [by_name[name] for name in key["stories"]["event_a"]]
    return key, by_name, align_story(story)


@pytest.mark.parametrize("section,kinds", [("near_copies", {"copy"}), ("rewrites", {"rewrite", "paraphrase"}),
                                           ("spun_rewrites", {"spin"}), ("exact_duplicates", {"duplicate"})])
def test_demo_answer_key_reuse(demo, section: str, kinds: set[str]) -> None:
    key, by_name, alignments = demo
    for derived, original in key[section]:
        al = _by_pair(alignments, by_name[derived], by_name[original])
        assert al.kind in kinds, (derived, al.kind, al.evidence)
        assert (al.source, al.target) == (by_name[original].id, by_name[derived].id)
        assert al.passages


def test_demo_independent_quoters_are_not_linked(demo) -> None:
    key, by_name, alignments = demo
    linked = {frozenset((al.source, al.target)) for al in alignments if al.is_reuse}
    for q in key["shared_quotations"]:
        origins = [by_name[f].id for f in q["independent_origins"] if f in by_name]
        for i, a in enumerate(origins):
            for b in origins[i + 1:]:
                assert frozenset((a, b)) not in linked, q["text"]


def test_demo_provenance(demo) -> None:
    key, by_name, alignments = demo
    story = [by_name[n] for n in key["stories"]["event_a"]]
    prov = derive(story, alignments)
    wire = by_name["coastline-wire_ostler-bridge-collapse.txt"].id
    gazette = by_name["velmouth-gazette_ostler-bridge-collapse.html"].id
    assert prov.original == wire
    assert prov.groups[by_name["daily-courier_velmouth-bridge.txt"].id] == wire
    assert prov.groups[by_name["newspulse_velmouth-bridge.txt"].id] == gazette
    assert prov.groups[by_name["northern-ledger_velmouth-bridge-warnings.html"].id] == gazette
    assert by_name["newspulse_velmouth-bridge.txt"].id in prov.spun
    assert len(prov.spun) == 1


def test_level_features_ordered_overlap_and_verbatim_runs() -> None:
    """Feature 12 (ordered content overlap) and 13 (words in shared 8-word runs) of ``pair_features``."""
    from storyline.align.kinds import prepare
    from storyline.align.level import pair_features
    from storyline.align.passages import _passages

    def feats(text: str) -> list[float]:
        pa, pb = prepare(art("a", ORIGINAL, "Harbor Gazette", 4)), prepare(art("b", text, "Bay Courier", 5))
        return pair_features(pa, pb, _passages(pa, pb, AlignConfig())[0])[0]

    copy, spun, indep = feats(NEAR_COPY), feats(SPUN), feats(INDEPENDENT)
    # The same words in another order: shared vocabulary, but no ordered overlap and no verbatim run.
    shuffled = " ".join(sorted(ORIGINAL.split(), key=lambda w: (len(w) % 5, w)))
    mixed = feats(shuffled)
    assert copy[13] > 0.8 and spun[13] < 0.3 and mixed[13] == 0.0
    assert copy[12] > spun[12] > indep[12] and copy[12] > mixed[12] + 0.3


def test_bags_intersect_like_counters() -> None:
    """The prepared multisets of the paraphrase features give Counter's intersection sizes exactly."""
    import random
    from collections import Counter

    from storyline.align.bags import PairTable, bag, inter, overlaps

    rng = random.Random(5)
    for _ in range(200):
        a = Counter(rng.choices("abcdefgh", k=rng.randint(0, 12)))
        b = Counter(rng.choices("abcdefgh", k=rng.randint(0, 12)))
        assert inter(bag(a), bag(b)) == sum((a & b).values())
        if a and b:
            n = sum((a & b).values())
            p, r = n / sum(a.values()), n / sum(b.values())
            assert overlaps(bag(a), bag(b))[:2] == [min(p, r), max(p, r)]
    table = PairTable({"fell rose": -1.5, "gained rose": 0.5, "a b c": 1.0})
    assert table.by_word is None  # a key that is not a word pair: the table lists pairs instead
    table = PairTable({"fell rose": -1.5, "gained rose": 0.5, "zeta alpha": 9.0})
    found, n = table.weights(frozenset({"rose", "x"}), frozenset({"fell", "gained", "y"}))
    assert sorted(found) == [-1.5, 0.5] and n == 6
    assert table.weights(frozenset({"alpha"}), frozenset({"zeta"})) == ([], 1)  # unsorted keys never match
