"""Configs of the per-story stages: summary, llm and analysis (TOML tables of the same names).

:class:`AnalysisConfig` is what :func:`storyline.pipeline.analyze_story` takes: its own options plus the
summary, align and llm configs it passes on, so one object carries everything a story's analysis depends
on (and the analysis cache key, made from it, changes whenever any of them does).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .stages import AlignConfig

#: Field metadata of nested configs: they are filled from their own tables, not from ``[analysis]``.
NESTED = {"nested": True}


@dataclass(slots=True, frozen=True)
class SummaryConfig:
    """Knobs of the extractive summariser (table ``[summary]``).

    Attributes:
        words: word budget of each story's summary (the one place this default is written).
        truncate: cut the last picked sentence at the budget (what the ROUGE baselines do) instead of
            stopping before the budget would be exceeded.
        near_copy: a sentence this similar (TF-IDF cosine) to a picked one is not picked.
        title_weight: weight of a concept per headline that has it (a group reporting it counts 1).
        lead_weight: prior bonus of an article's first sentence (the n-th gets ``lead_weight / n``).
        fill: use the whole budget even when only uncorroborated content is left (the default stops).
        support_threshold: lowest support score at which an article counts as carrying a sentence.
        lead_sentences: only the first this many sentences of an article are candidates (the rest still
            count as support); bounds the work on long stories.
        min_words: shorter sentences are not candidates (captions, bylines, fragments).
        max_words: longer sentences are not candidates (run-ons, lists).
        length_ratio: the summary is at most this many times as long as the story's mean article (in
            words), whatever the budget: sources that are themselves one-paragraph briefs get a summary of
            about one paragraph rather than one padded with asides (``None``: the budget alone).
        long_words: a candidate longer than this many words has its prior scaled by ``long_words / n``, so
            that the budget goes to several distinct facts rather than one long lead (``None``: no scaling).
        min_tail: with ``truncate``, a sentence is cut at the budget only when this many words fit.
        clause_keep: a sentence cut at the budget ends at its last clause boundary (comma, semicolon,
            colon, dash) when that keeps at least this share of the words that fit: "… the Hawaii
            congresswoman failed to gain …" becomes a phrase that reads whole (1.0: cut at the word).
    """

    words: int = 150
    truncate: bool = False
    near_copy: float = 0.4
    title_weight: float = 2.0
    lead_weight: float = 0.5
    fill: bool = False
    support_threshold: float = 0.5
    lead_sentences: int = 12
    min_words: int = 6
    max_words: int = 60
    length_ratio: float | None = 1.0
    long_words: int | None = None
    min_tail: int = 4
    clause_keep: float = 0.6


@dataclass(slots=True, frozen=True)
class LLMConfig:
    """Where and how to ask for the optional abstractive summary (table ``[llm]``).

    Attributes:
        base_url: server root, e.g. ``http://127.0.0.1:8080`` (``/v1/chat/completions`` is appended) of an
            OpenAI-compatible chat endpoint (llama.cpp, vLLM, Ollama…); empty keeps the extractive summary.
            Every generated sentence is verified against the articles or dropped.
        model: model name as the server knows it.
        api_key: sent as a bearer token when given (better set as ``STORYLINE_LLM_API_KEY`` than written
            into a file).
        timeout: seconds to wait for the answer.
        temperature: sampling temperature (0 keeps the wording close to the facts).
        max_tokens: cap on the answer's length.
    """

    base_url: str = ""
    model: str = ""
    api_key: str = ""
    timeout: float = 60.0
    temperature: float = 0.0
    max_tokens: int = 400


@dataclass(slots=True, frozen=True)
class AnalysisConfig:
    """Options of the per-story analysis (table ``[analysis]``), with the configs it passes on.

    Attributes:
        max_articles: above this many articles a story is analysed on its originals only, then the
            earliest (duplicates add nothing to alignment or claims but cost quadratic alignment time;
            they still count through their group).
        workers: processes analysing stories side by side (0: one per CPU core; 1: in this process).
        summary: the summary config (from ``[summary]``).
        align: the aligner config (from ``[align]``).
        llm: the chat endpoint of the abstractive summary; ``None`` (the default) keeps the extractive one.
        words: summary word budget. Kept so that callers can write ``AnalysisConfig(words=40)``: when given
            it overrides ``summary.words``, and it always equals ``summary.words`` after construction.
    """

    max_articles: int = 250
    workers: int = 0
    summary: SummaryConfig = field(default_factory=SummaryConfig, metadata=NESTED)
    align: AlignConfig = field(default_factory=AlignConfig, metadata=NESTED)
    llm: LLMConfig | None = field(default=None, metadata=NESTED)
    words: int | None = field(default=None, metadata=NESTED)

    def __post_init__(self) -> None:
        # One budget: ``words`` and ``summary.words`` must never disagree (frozen, hence object.__setattr__).
        if self.words is None:
            object.__setattr__(self, "words", self.summary.words)
        elif self.words != self.summary.words:
            object.__setattr__(self, "summary", replace(self.summary, words=self.words))

    # Read-only views under the names of the old ``[analysis]`` options, for callers written against them.
    @property
    def llm_url(self) -> str:
        """The chat endpoint's root, empty when the abstractive summary is off."""
        return self.llm.base_url if self.llm else ""

    @property
    def llm_model(self) -> str:
        """The chat model's name (empty when off)."""
        return self.llm.model if self.llm else ""

    @property
    def llm_api_key(self) -> str:
        """The chat endpoint's bearer token (empty when none)."""
        return self.llm.api_key if self.llm else ""

    @property
    def llm_timeout(self) -> float:
        """Seconds to wait for the chat endpoint."""
        return self.llm.timeout if self.llm else LLMConfig().timeout
