"""Summary stage: a short summary in which every sentence cites the articles that support it.

* :mod:`.extractive` — :func:`~.extractive.summarize`, the cited extractive summary, and its verifier.
* :mod:`.units` — the sentence units a summary is built from (splitting, cleaning, speakers).
* :mod:`.llm` — the optional abstractive backend (an OpenAI-compatible endpoint), verified like the rest.
"""
