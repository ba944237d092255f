"""Per-story analysis helpers."""

from __future__ import annotations


def test_misspelt_name_in_a_summary_sentence_is_corrected_and_noted() -> None:
    from storyline.contract import Conflict, SummarySentence
    from storyline.summarize.corrections import correct_misspellings

    conflicts = [{"kind": "name", "about": "Falconer", "likely_correct": "Ingrid Falconer", "values": [
        {"value": "Ingrid Falconer", "articles": ["a", "b"], "forms": ["Ingrid Falconer"]},
        {"value": "Ingrid Falconner", "articles": ["x"], "forms": ["Ingrid Falconner", "Mayor Falconner"]}]},
        {"kind": "number", "about": "injured", "values": [{"value": "14", "articles": ["a"]}]}]
    said = "Mayor Falconner said the bridge, opened by Ingrid Falconner's father, would be rebuilt."
    summary = [SummarySentence(said, ["x"], []), SummarySentence("Fourteen people were hurt.", ["a"], [])]
    out = [s.to_json() for s in correct_misspellings(summary, [Conflict.from_json(c) for c in conflicts])]
    assert out[0]["text"] == ("Mayor Falconer [spelt “Falconner” by 1 source] said the bridge, opened by Ingrid "
                              "Falconer's father, would be rebuilt.")
    assert out[0]["corrected"] == [{"from": "Falconner", "to": "Falconer"}]
    assert out[1] == {"text": "Fourteen people were hurt.", "citations": ["a"], "verification": {}}
