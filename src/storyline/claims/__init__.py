"""Claims found in one article: direct quotations (:mod:`.quotes`), their variants across articles
(:mod:`.quote_variants`), numbers with what they count (:mod:`.numbers`), names grouped into entities with
likely misspellings and role holders (:mod:`.names`) and dates resolved into a timeline (:mod:`.dates`);
:mod:`.aligned` reads changed facts off aligned passages, :mod:`.evalsets` loads the evaluation stories.

Each subpackage reads in the order of the work, extraction first, then the reduce over a story:

* ``quotes``: ``marks`` (quotation marks into quoted segments) → ``speakers`` → ``extract``;
* ``quote_variants``: ``wording`` (two wordings compared) → ``group`` (statements, fidelity) → ``conflicts``;
* ``numbers``: ``vocab`` (number words, units, exclusions) → ``extract`` → ``compare`` (slots, conflicts);
* ``names``: ``extract`` → ``entities`` → ``conflicts`` (spellings, role holders);
* ``dates``: ``patterns`` → ``resolve`` (calendar rules) → ``labels`` (event labels) → ``extract`` → ``timeline``.

Shared word lists (stopwords, titles, month names) live in :mod:`storyline.text.lexicon`. Extraction is a
pure function of one article; grouping and conflict finding are small reduces over a story
(:mod:`storyline.crosscheck` runs them all).
"""
