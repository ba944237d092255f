"""Reuse stage: which article copies, rewrites, paraphrases or spins which, and who came first.

Data flow inside the stage::

    passages (candidate pairs, word alignment) -> kinds (per passage and pair) -> provenance (edges, groups)

* :mod:`.passages` — :func:`~.passages.align_story`, the stage's entry point, and the report records.
* :mod:`.wordalign` — word-level local alignment seeded by shared 3-grams; :mod:`.quotespans` keeps
  quotations apart (shared quotations are not copying).
* :mod:`.kinds`, :mod:`.level`, :mod:`.spin` — the kind of each passage and pair (duplicate, copy,
  rewrite, paraphrase, spin).
* :mod:`.paraphrase` — the sentence paraphrase model; :mod:`.embed` / :mod:`.minilm_numpy` the optional
  sentence encoder; :mod:`.weights` loads the fitted coefficients from ``weights.json``.
* :mod:`.provenance` — direction of each reuse edge, independence groups, spun copies.
"""
