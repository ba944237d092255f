from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.text.normalize import canonical_text, content_hash, normalize, repair, sentences, stable_id


def test_normalize_whitespace_and_offsets():
    raw = "  Hello   world\t!\r\n\r\n\r\nSecond  para \n line"
    n = normalize(raw)
    assert n.text == "Hello world !\n\nSecond para\nline"
    assert len(n.offsets) == len(n.text)
    src = repair(raw)
    for i, ch in enumerate(n.text):
        if not ch.isspace():
            assert src[n.offsets[i]] == ch
    s, e = n.source_span(n.text.index("Second"), n.text.index("Second") + 6)
    assert src[s:e] == "Second"


def test_repair_mojibake_and_nfc_keeps_curly_quotes():
    broken = "The cafÃ© said â€œhelloâ€\x9d"
    fixed = repair(broken)
    assert "café" in fixed and "“hello”" in fixed
    decomposed = "Cafe\u0301"
    assert repair(decomposed) == "Café"


def test_canonical_text_is_idempotent():
    t = "A  b\n\n\n\nc  "
    assert canonical_text(canonical_text(t)) == canonical_text(t)


def test_zero_width_removed():
    assert canonical_text("ab\u200bc\u00ad") == "abc"


def test_content_hash_folds_case_and_space():
    assert content_hash("Hello  World") == content_hash("hello world")
    assert content_hash("Hello World") != content_hash("Hello Word")


def test_stable_id_deterministic():
    assert stable_id("a", "b") == stable_id("a", "b") != stable_id("a", "c")
    assert len(stable_id("x")) == 16


def test_sentences_spans():
    text = "The pier closed. Officials said it was rotten.\n\nA second paragraph here."
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "The pier closed.", "Officials said it was rotten.", "A second paragraph here."]


_ALPHABET = st.sampled_from(list("ab é\n\r\t\u00a0\u200b\u2029.“”"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_normalize_properties(raw):
    n = normalize(raw)
    assert n.text == canonical_text(raw)
    assert canonical_text(n.text, repaired=True) == n.text  # idempotent (ftfy itself is a heuristic)
    assert len(n.offsets) == len(n.text)
    assert list(n.offsets) == sorted(n.offsets)
    src = repair(raw)
    for ch, off in zip(n.text, n.offsets, strict=True):
        if not ch.isspace():
            assert src[off] == ch
    assert "\n\n\n" not in n.text and "  " not in n.text and n.text == n.text.strip()
