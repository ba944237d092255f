"""Names: extraction, entity grouping, misspellings — unit cases, the labelled fixtures, seeds and the demo."""

from __future__ import annotations

import datetime as dt
import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from storyline.claims import names
from storyline.claims.names import Entity, extract_names, fold, group_entities, typo_close
from storyline.ingest import read_paths
from storyline.model import Article


def name_conflicts(*args: Any, **kw: Any) -> list[dict[str, Any]]:
    """The name conflicts in their report form (what the assertions read)."""
    return [c.to_json() for c in names.name_conflicts(*args, **kw)]

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "names_dates"
SEEDS = REPO.parent / "shared" / "seeds"
DEMO = REPO / "examples"


def art(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, source=aid, text=text, published=dt.date.fromisoformat(published) if published else None)


def load_story(path: Path) -> tuple[list[Article], dict, dict[str, str]]:
    """Articles, expectations and independence groups of one labelled fixture story."""
    story = json.loads(path.read_text(encoding="utf-8"))
    arts = [art(a["id"], a["text"], a["published"]) for a in story["articles"]]
    return arts, story["expected"], {a["id"]: a["group"] for a in story["articles"]}


STORIES = sorted(FIXTURES.glob("*.json"))


def entities_of(arts: list[Article]) -> list[Entity]:
    return group_entities({a.id: extract_names(a) for a in arts})


def by_form(ents: list[Entity]) -> dict[str, Entity]:
    return {f: e for e in ents for f in e.forms}


# --- extraction ------------------------------------------------------------------------------------------

def test_titles_roles_possessives_and_kinds() -> None:
    text = ("Mayor Ingrid Vale said the Harrowgate Borough Council would meet. Ms Vale's office confirmed it. "
            "The bus driver, Tom Oakes, 54, was hurt. Dr. Ada Finch of St. Brigid's Hospital treated him. "
            "Photographer Lina Moss filmed it in Carrow Bay, New Mexico, for Channel Nine News.")
    ms = {m.normalized: m for m in extract_names(art("x", text))}
    assert ms["Ingrid Vale"].title == "Mayor" and ms["Ingrid Vale"].kind == "person"
    assert ms["Vale"].title == "Ms" and ms["Vale"].text == "Ms Vale"  # the possessive is not part of the span
    assert ms["Tom Oakes"].kind == "person"  # role word before the comma, age after
    assert ms["Ada Finch"].title == "Dr"
    assert ms["St Brigid's Hospital"].kind == "org"
    assert ms["Harrowgate Borough Council"].kind == "org"
    assert ms["Lina Moss"].kind == "person" and "Photographer Lina Moss" not in ms
    assert ms["Carrow Bay"].kind == "place" and ms["New Mexico"].kind == "place"
    assert ms["Channel Nine News"].kind == "org"
    for m in ms.values():
        assert text[m.start:m.end] == m.text


def test_sentence_initial_common_words_and_shouting_are_not_names() -> None:
    text = ("Firefighters arrived at dusk. Police said the road was shut. Wendle Police closed it. "
            "Marsh said the crews were tired, and Tess Marsh agreed. PEOPLE were angry.\n\n"
            "Cranes lifted the cars.")
    names = [m.normalized for m in extract_names(art("x", text))]
    assert "Firefighters" not in names and "Police" not in names and "Cranes" not in names
    assert "People" not in names and "PEOPLE" not in names
    assert names.count("Marsh") == 1 and "Wendle Police" in names  # "Marsh" vouched by "Tess Marsh"


def test_all_caps_names_and_datelines_are_normalised() -> None:
    text = "DUNMERE, Varrowshire — The death of Orla QUENBY’s brother was reported. Orla Quenby spoke."
    ms = extract_names(art("x", text))
    norm = [m.normalized for m in ms]
    assert "Dunmere" in norm and "Orla Quenby" in norm
    assert next(m for m in ms if m.normalized == "Dunmere").kind == "place"


def test_headline_capitals_keep_only_known_names() -> None:
    text = ("Tess Marsh Says Harbour Plan Could Be Over After Vote\n\n"
            "The harbour plan was backed by Tess Marsh, the council leader, on Monday.")
    norm = [m.normalized for m in extract_names(art("x", text))]
    assert norm.count("Tess Marsh") == 2 and "Harbour Plan Could Be Over After Vote" not in norm
    assert not any("Says" in n for n in norm)


# --- grouping and misspellings -------------------------------------------------------------------------------

def test_surname_title_and_unambiguous_first_name_join_the_full_name() -> None:
    a = art("a", "Cinematographer Rhea Tamsin was praised. Ms Tamsin said little. Rhea, colleagues said, was kind.")
    b = art("b", "The film's director, Joel Pardo, said Tamsin had been brave.")
    ents = by_form(entities_of([a, b]))
    assert ents["Rhea Tamsin"] is ents["Ms Tamsin"] is ents["Tamsin"] is ents["Rhea"]
    assert ents["Rhea Tamsin"].kind == "person" and ents["Rhea Tamsin"].forms["Tamsin"] == ["b"]


def test_shared_first_name_or_surname_does_not_merge_people() -> None:
    a = art("a", "Spokeswoman Anna Kestrel spoke first. Passenger Anna Ruddock, 34, was rescued. Anna said thanks.")
    b = art("b", "Kwame Oduro and his sister Ama Oduro were charged. Mr Oduro denies it.")
    ents = by_form(entities_of([a, b]))
    assert ents["Anna Kestrel"] is not ents["Anna Ruddock"]
    assert "Anna" not in ents["Anna Kestrel"].forms and "Anna" not in ents["Anna Ruddock"].forms
    assert ents["Kwame Oduro"] is not ents["Ama Oduro"]
    assert ents["Mr Oduro"] not in (ents["Kwame Oduro"], ents["Ama Oduro"])
    assert name_conflicts(entities_of([a, b])) == []


@pytest.mark.parametrize(("a", "b", "close"), [
    ("falconer", "falconner", True), ("hutchins", "houtchins", True), ("stephanopoulos", "stephanopolous", True),
    ("hutchins", "hutchinson", False), ("robert", "roberts", False), ("rust", "rusk", False),
    ("baldwin", "baldwin", False), ("kelderby", "keldersby", True), ("marchenko", "marchuk", False),
    ("democrats", "democratic", False), ("cowan", "cowen", True), ("brecken", "brekken", True),
])
def test_typo_close(a: str, b: str, close: bool) -> None:
    assert typo_close(a, b) is close


def test_legitimate_variants_are_one_spelling() -> None:
    assert fold("Papadopoulos’s") == fold("papadopoulos's") == fold("PAPADOPOULOS") == "papadopoulos"
    assert fold("José Ibáñez") == fold("Jose Ibanez")
    arts = [art("a", "Minister Eleni Papadopoulos spoke. Papadopoulos's aide agreed."),
            art("b", "Eleni PAPADOPOULOS, the minister, left. José Ibáñez, a farmer, stayed."),
            art("c", "Minister Eleni Papadopoulos returned, said Jose Ibanez, a farmer.")]
    ents = entities_of(arts)
    assert name_conflicts(ents) == []
    assert by_form(ents)["José Ibáñez"] is by_form(ents)["Jose Ibanez"]


def test_copies_count_once_with_independence_groups() -> None:
    wrong = "Lineworker Dana Ferabee, 29, said the storm was the worst she had seen."
    right = "Lineworker Dana Ferrabee, 29, said the storm was the worst she had seen."
    arts = [art("a1", wrong), art("a2", wrong), art("b", right), art("c", right), art("d", right)]
    ents = entities_of(arts)
    assert name_conflicts(ents) == []  # 2 articles against 3: not "one source against the majority"
    got = name_conflicts(ents, {"a1": "g", "a2": "g"})
    assert len(got) == 1
    assert got[0]["likely_correct"] == "Dana Ferrabee" and got[0]["about"] == "Dana Ferrabee"
    v = got[0]["values"][1]
    assert (v["value"], v["articles"], v["forms"]) == ("Dana Ferabee", ["a1", "a2"], ["Dana Ferabee"])


# --- the labelled fixture set: precision/recall gates -------------------------------------------------------

def _name_scores() -> dict[str, tuple[int, int, int]]:
    """(true positives, predicted, expected) per detector over all fixture stories."""
    flag = [0, 0, 0]
    pairs = [0, 0, 0]
    for path in STORIES:
        arts, exp, groups = load_story(path)
        ents = entities_of(arts)
        flags = name_conflicts(ents, groups)
        wanted = {(fold(m["wrong"]), fold(m["correct"])) for m in exp["misspellings"]}
        got = {(fold(c["values"][1]["value"]), fold(c["likely_correct"])) for c in flags}
        flag[0] += len(wanted & got)
        flag[1] += len(got)
        flag[2] += len(wanted)
        # Entity grouping, pairwise over the labelled surface forms: same entity or not.
        where = {f: id(e) for e in ents for f in e.forms}
        truth = {f: i for i, e in enumerate(exp["entities"]) for f in e["forms"]}
        for f, g in combinations(sorted(truth), 2):
            same_truth = truth[f] == truth[g]
            same_pred = f in where and where.get(f) == where.get(g)
            pairs[0] += same_truth and same_pred
            pairs[1] += same_pred
            pairs[2] += same_truth
    return {"misspelling": tuple(flag), "grouping": tuple(pairs)}  # type: ignore[dict-item]


def test_fixture_precision_recall_floors() -> None:
    scores = _name_scores()
    for name, (tp, pred, exp) in scores.items():
        p, r = tp / max(pred, 1), tp / max(exp, 1)
        print(f"{name}: precision {p:.2f} recall {r:.2f} ({tp}/{pred} predicted, {tp}/{exp} expected)")
    tp, pred, exp = scores["misspelling"]
    assert tp / pred >= 0.9 and tp / exp >= 0.75
    tp, pred, exp = scores["grouping"]
    assert tp / pred >= 0.9 and tp / exp >= 0.85


def test_fixture_kinds_and_must_not_flag() -> None:
    right = total = 0
    for path in STORIES:
        arts, exp, groups = load_story(path)
        ents = entities_of(arts)
        forms = by_form(ents)
        for e in exp["entities"]:
            got = next((forms[f] for f in e["forms"] if f in forms), None)
            assert got is not None, (path.name, e)
            right += got.kind == e["kind"]
            total += 1
        flagged = {fold(c["about"]) for c in name_conflicts(ents, groups)}
        assert not flagged & {fold(n) for n in exp["not_misspelt"]}, path.name
    print(f"entity kind accuracy {right / total:.2f} ({right}/{total})")
    assert right / total >= 0.9


# --- seeds and demo ---------------------------------------------------------------------------------------

def test_seeds_flag_houtchins() -> None:
    if not SEEDS.exists():
        pytest.skip("seed articles not available")
    arts = [a for a in read_paths([SEEDS]) if isinstance(a, Article)]
    ents = entities_of(arts)
    flags = name_conflicts(ents)
    assert len(flags) == 1
    (c,) = flags
    assert c["likely_correct"] == "Halyna Hutchins"
    wrong = c["values"][1]
    assert wrong["value"] == "Halyna Houtchins"
    src = {a.id: Path(a.source).name[:3] for a in arts}
    assert [src[a] for a in wrong["articles"]] == ["001"]
    assert sorted(src[a] for a in c["values"][0]["articles"]) == ["000", "001", "002", "003", "004"]
    hutchins = by_form(ents)["Halyna Hutchins"]
    assert {"Hutchins", "Halyna", "Halyna Houtchins"} <= set(hutchins.forms)  # HUTCHINS’s → Hutchins


def test_demo_flags_falconner_only() -> None:
    key = json.loads((DEMO / "answer_key.json").read_text(encoding="utf-8"))
    arts = [a for a in read_paths([DEMO / "corpus"]) if isinstance(a, Article)]
    name = {a.id: Path(a.source).name.replace(".jsonl:", ".jsonl#") for a in arts}
    flags = name_conflicts(entities_of(arts))
    assert len(flags) == 1
    (c,) = flags
    (planted,) = key["misspellings"]
    assert c["likely_correct"] == planted["correct"] and c["values"][1]["value"] == planted["wrong"]
    assert [name[a] for a in c["values"][1]["articles"]] == planted["files"]
    assert {"Ingrid Falconner", "Mayor Falconner", "Ms Falconner"} <= set(c["values"][1]["forms"])
    assert len(c["values"][0]["articles"]) == 8


def test_demonyms_are_not_misspellings_and_a_small_minority_is() -> None:
    arts = [art(f"a{k}", "American officials met Mexican officials in Texas. Lena Marvik spoke.") for k in range(6)]
    arts += [art(f"b{k}", "American and Mexican officials met. Lena Marvick spoke later.") for k in range(2)]
    arts += [art(f"c{k}", "Lena Marvik, the envoy, said talks went well.") for k in range(10)]
    flags = name_conflicts(entities_of(arts))
    assert [c["likely_correct"] for c in flags] == ["Lena Marvik"]  # 2 sources against 16: flagged
    assert {v["value"] for v in flags[0]["values"]} == {"Lena Marvik", "Lena Marvick"}
    even = [art(f"d{k}", "Lena Marvick, the envoy, spoke.") for k in range(4)] + arts[-10:-4]
    assert name_conflicts(entities_of(even)) == []  # 4 sources against 6: two spellings, no misspelling
