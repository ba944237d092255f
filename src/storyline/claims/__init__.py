"""Claims found in one article: direct quotations (:mod:`.quotes`), their variants across articles
(:mod:`.quote_variants`), numbers with what they count (:mod:`.numbers`), names grouped into entities with
likely misspellings and role holders (:mod:`.names`) and dates resolved into a timeline (:mod:`.dates`).

Extraction is a pure function of one article; grouping and conflict finding are small reduces over a story
(:mod:`storyline.crosscheck` runs them all).
"""
