"""Optional abstractive summary through any OpenAI-compatible chat endpoint, verified like the extractive one.

The model is given the story's verified facts and the cited extractive summary and asked to rewrite them as
a short neutral summary. Nothing it writes is trusted: every generated sentence goes through the same
verification as an extracted one (:meth:`storyline.summarize.SupportIndex.verify`), its citations are the
articles that support it, and a sentence that no article supports is dropped (and reported as such).

Off by default; it runs only when called with an endpoint. Any server speaking ``POST {base}/v1/chat/
completions`` works (llama.cpp, vLLM, Ollama, OpenAI …). Only the standard library is needed.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import LLMConfig, SummaryConfig
from ..contract import Claim, Conflict, SummarySentence
from ..errors import StorylineError
from ..model import Article
from ..text.normalize import sentences
from .extractive import SupportHints, SupportIndex, summarize

__all__ = ["LLMConfig", "LLMError", "abstractive_summary", "chat"]

_SYSTEM = ("You write neutral news summaries. Use only the facts given. Do not add names, numbers, dates, "
           "quotes or opinions that are not in them. Where sources disagree, say so. Plain prose, no lists, "
           "no citations, no preamble.")


class LLMError(StorylineError):
    """The chat endpoint could not be reached or answered with something unusable."""


def chat(config: LLMConfig, messages: list[dict[str, str]]) -> str:
    """Send ``messages`` to the endpoint and return the first choice's text.

    Raises:
        LLMError: unreachable server, HTTP error or an answer without a message.
    """
    url = config.base_url.rstrip("/")
    url += "/chat/completions" if url.endswith("/v1") else "/v1/chat/completions"
    body = json.dumps({"model": config.model, "messages": messages, "temperature": config.temperature,
                       "max_tokens": config.max_tokens}).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as resp:  # noqa: S310 (user-given URL)
            answer = json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LLMError(f"chat endpoint {url} failed: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise LLMError(f"chat endpoint {url} did not answer with JSON") from exc
    try:
        return str(answer["choices"][0]["message"]["content"])
    except (KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"chat endpoint {url} answered without a message: {str(answer)[:200]}") from exc


def _fact_text(fact: str | Claim) -> str:
    if isinstance(fact, str):
        return fact
    n = fact.independent_support
    return fact.text + (f" ({n} independent sources)" if n else "")


@dataclass(slots=True)
class AbstractiveSummary:
    """What the model wrote that the articles support, what was dropped, and what it was shown."""

    summary: list[SummarySentence]
    dropped: list[str]
    extractive: list[SummarySentence]
    model: str


def build_messages(extractive: Sequence[SummarySentence], facts: Sequence[str | Claim] = (),
                   words: int | None = None) -> list[dict[str, str]]:
    """The chat messages: the verified facts and the extractive sentences, with the word budget."""
    words = SummaryConfig().words if words is None else words
    lines = [f"Write a neutral summary of this news story in at most {words} words."]
    if facts:
        lines += ["", "Verified facts (with how many independent sources report them):"]
        lines += [f"- {_fact_text(f)}" for f in facts]
    lines += ["", "Sentences from the coverage, each confirmed by the sources named:"]
    lines += [f"- {s.text} ({len(s.citations)} sources)" for s in extractive]
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": "\n".join(lines)}]


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_CITE_MARK = re.compile(r"\s*\[(?:\d+(?:,\s*\d+)*|[a-f0-9]{6,})\]")


def _generated_sentences(text: str) -> list[str]:
    # Models add bullets or "[1]" markers despite being told not to; neither is part of a claim.
    text = "\n".join(_BULLET.sub("", line) for line in text.splitlines())
    text = _CITE_MARK.sub("", text).strip()
    return [text[s:e].strip() for s, e in sentences(text) if len(text[s:e].split()) >= 3]


def abstractive_summary(articles: Sequence[Article], config: LLMConfig, words: int | None = None, *,
                        facts: Sequence[str | Claim] = (), disputed: Sequence[Conflict] | None = None,
                        support_hints: SupportHints | None = None,
                        summary_config: SummaryConfig | None = None) -> AbstractiveSummary:
    """Ask the model for a summary and keep only the sentences the story's articles support.

    Args:
        articles: the story's articles.
        config: the endpoint.
        words: word budget given to the model (the kept text is cut to it too; ``None``: the
            summary config's).
        facts: verified facts (strings, or claims, shown with their independent support).
        disputed: conflicts, passed on to the extractive summary the model is shown.
        support_hints: passed on to the extractive summary.
        summary_config: knobs of the extractive summary and of verification.

    Returns:
        The kept sentences (marked ``generated``; each one's ``source`` is its best-supporting passage),
        the dropped texts no article supports, the extractive summary shown to the model, and the model.
    """
    cfg = summary_config or SummaryConfig()
    words = cfg.words if words is None else words
    extractive = summarize(articles, words, support_hints=support_hints, disputed=disputed, config=cfg)
    answer = chat(config, build_messages(extractive, facts, words))
    index = SupportIndex([a for a in articles if a.text.strip()], config=cfg)
    kept: list[SummarySentence] = []
    dropped: list[str] = []
    used = 0
    for sent in _generated_sentences(answer):
        n = len(sent.split())
        if used + n > words:
            break
        cites, ver = index.verify(sent)
        if not cites:
            dropped.append(sent)
            continue
        best = max(ver, key=lambda v: v.score)  # the first of equals, as cites are in citation order
        kept.append(SummarySentence(sent, cites, ver, best.evidence, generated=True))
        used += n
    return AbstractiveSummary(kept, dropped, extractive, config.model)
