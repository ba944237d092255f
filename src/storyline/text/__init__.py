"""Text shared by every stage: canonical text with offset maps, words, sentences, lexical similarity.

* :mod:`.normalize` — repair, canonical text, ids and hashes, words, paragraphs, sentences.
* :mod:`.lexsim` — tokens, stems, concepts and the lexical similarity used by alignment and summaries.
* :mod:`.lexicon` — the shared word lists (stopwords, titles, months).
"""

from .normalize import (
    Normalized,
    canonical_text,
    content_hash,
    exact_form,
    normalize,
    paragraphs,
    repair,
    sentences,
    stable_id,
    word_spans,
    words,
)

__all__ = ["Normalized", "canonical_text", "content_hash", "exact_form", "normalize", "paragraphs", "repair",
           "sentences", "stable_id", "word_spans", "words"]
