"""Per-story analysis helpers."""

from __future__ import annotations


def test_misspelt_name_in_a_summary_sentence_is_corrected_and_noted() -> None:
    from storyline.pipeline import correct_misspellings

    conflicts = [{"kind": "name", "likely_correct": "Ingrid Falconer", "values": [
        {"value": "Ingrid Falconer", "articles": ["a", "b"], "forms": ["Ingrid Falconer"]},
        {"value": "Ingrid Falconner", "articles": ["x"], "forms": ["Ingrid Falconner", "Mayor Falconner"]}]},
        {"kind": "number", "about": "injured", "values": [{"value": "14", "articles": ["a"]}]}]
    summary = [{"text": "Mayor Falconner said the bridge, opened by Ingrid Falconner's father, would be rebuilt.",
                "citations": ["x"]}, {"text": "Fourteen people were hurt.", "citations": ["a"]}]
    out = correct_misspellings(summary, conflicts)
    assert out[0]["text"] == ("Mayor Falconer [spelt “Falconner” by 1 source] said the bridge, opened by Ingrid "
                              "Falconer's father, would be rebuilt.")
    assert out[0]["corrected"] == [{"from": "Falconner", "to": "Falconer"}]
    assert out[1] == {"text": "Fourteen people were hurt.", "citations": ["a"]}
