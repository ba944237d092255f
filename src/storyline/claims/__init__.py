"""Claims found in one article: direct quotations (:mod:`.quotes`), their variants across articles
(:mod:`.quote_variants`) and numbers with what they count (:mod:`.numbers`).

Extraction is a pure function of one article; grouping and conflict finding are small reduces over a story.
"""
