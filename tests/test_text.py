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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é\n\t\u00a0\u3000\x1f.")), max_size=60))
def test_canonical_text_fast_path_is_the_offset_walk(raw):
    """Text with "\\n" as its only break and no invisible characters takes one regex pass: same text."""
    from storyline.text.normalize import _canon

    assert canonical_text(raw, repaired=True) == _canon(raw, False)[0] == normalize(raw, repaired=True).text
    assert canonical_text("  a \t b\n c \n\n\n d\u3000 ", repaired=True) == "a b\nc\n\nd"


def _syntok_spans(chunk: str) -> list[tuple[int, int]]:
    from syntok import segmenter

    out = []
    for para in segmenter.analyze(chunk):
        for sent in para:
            toks = list(sent)
            if toks:
                out.append((toks[0].offset, toks[-1].offset + len(toks[-1].value)))
    return out


def test_one_sentence_shortcut_agrees_with_syntok():
    """Paragraphs the shortcut reads as one sentence are one sentence for syntok too; the others go to syntok."""
    from storyline.text.normalize import _one_sentence

    one = ["The council approved the plan on Monday.", "Nobody was hurt, officials said!",
           'She called it "a bitter blow."', 'He said it was "final".', "Breaking news", "Why now?",
           "A quote of the mayor’s’", "...", "Rates rose 5% overnight…"]
    many = ["Mr. Reed said no. Then he left.", "It rose 5.4 percent.", "One; two", "See (page 4) now.",
            " Leading space.", "Trailing space. ", "Two\nlines.", "", "Wait?! Yes."]
    for chunk in one:
        assert _one_sentence(chunk), chunk
        assert _syntok_spans(chunk) == [(0, len(chunk))], chunk
    for chunk in many:
        assert not _one_sentence(chunk), chunk
    assert sentences("First one here.\n\nMr. Reed said no. Then he left.") == [(0, 15), (17, 34), (35, 48)]


def test_sentences_match_syntok_on_the_seeds():
    """Whole-text spans with the shortcut equal syntok's own, paragraph by paragraph (real news text)."""
    from conftest import SEEDS, need

    from storyline.text.normalize import paragraphs

    need(SEEDS)
    for path in sorted(SEEDS.iterdir()):
        text = canonical_text(path.read_text(encoding="utf-8"))
        expected = [(s + a, s + b) for s, e in paragraphs(text) for a, b in _syntok_spans(text[s:e])]
        assert sentences(text) == expected, path.name
