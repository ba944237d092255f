"""The typed per-story analysis contract: what :func:`storyline.pipeline.analyze_story` returns.

Stages pass these slotted records, never report dicts. Every piece of evidence that points into an
article's canonical text is a :class:`~storyline.model.Span`, so a claim, a conflict's passages, a reuse
passage and a summary sentence can all be cited and highlighted the same way.

JSON is made from the records only at the edges (report, web, Spark, the analysis cache) with
``to_json()``, which writes the ``storyline.report/1`` story fields exactly; ``from_json()`` reads them
back (the analysis cache and the web app), so ``Record.from_json(r.to_json()) == r``.

Optional keys: the report leaves out a key a record does not have rather than writing ``null``. A field
whose absence is ``None`` is left out when ``None``; :data:`UNSET` marks the one key that may also be
present as ``null`` (``likely_correct``: "no value is more likely" differs from "not assessed").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .model import Span

Json = dict[str, Any]


class _Unset(Enum):
    UNSET = "unset"

    def __bool__(self) -> bool:
        return False


#: A key the record does not carry (left out of the JSON), as opposed to one present with ``null``.
UNSET = _Unset.UNSET


def _pair(span: Span) -> list[int]:
    return [span.start, span.end]


def _span(article_id: str, pair: Any) -> Span:
    return Span(article_id, int(pair[0]), int(pair[1]))


def _put(out: Json, key: str, value: Any) -> None:
    """Add ``key`` unless its value is ``None`` or :data:`UNSET` (the report leaves such keys out)."""
    if value is not None and value is not UNSET:
        out[key] = value


# --- conflicts ------------------------------------------------------------------------------------

@dataclass(slots=True)
class ConflictValue:
    """One of the values sources give for a disputed slot, and who gives it."""

    value: str
    articles: list[str]
    outlets: list[str] = field(default_factory=list)
    independent_support: int = 0
    forms: list[str] | None = None  # the spellings grouped under a name value
    fidelity: str | None = None  # quote conflicts: how the variant relates to the canonical wording

    def to_json(self) -> Json:
        out: Json = {"value": self.value, "articles": list(self.articles), "outlets": list(self.outlets),
                     "independent_support": self.independent_support}
        _put(out, "forms", None if self.forms is None else list(self.forms))
        _put(out, "fidelity", self.fidelity)
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ConflictValue:
        return cls(str(d["value"]), list(d["articles"]), list(d.get("outlets", [])),
                   int(d.get("independent_support", 0)), d.get("forms"), d.get("fidelity"))


@dataclass(slots=True)
class ConflictPassage:
    """An aligned passage pair inside which a value changed (the evidence of an alignment conflict)."""

    source: Span
    target: Span
    reuse: str

    def to_json(self) -> Json:
        return {"source": self.source.article_id, "target": self.target.article_id, "reuse": self.reuse,
                "source_span": _pair(self.source), "target_span": _pair(self.target)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ConflictPassage:
        return cls(_span(d["source"], d["source_span"]), _span(d["target"], d["target_span"]), str(d["reuse"]))


@dataclass(slots=True)
class Conflict:
    """Sources disagree about one slot (the same counted thing, name, date or quotation)."""

    kind: str  # number | name | date | quote | entity
    about: str
    values: list[ConflictValue]
    slot: str | None = None
    pairs: list[list[int]] | None = None  # indices into ``values`` that cannot both be true
    likely_correct: str | None | _Unset = UNSET
    reason: str | None = None
    confidence: str | None = None
    passages: list[ConflictPassage] | None = None

    def to_json(self) -> Json:
        out: Json = {"kind": self.kind, "about": self.about}
        _put(out, "slot", self.slot)
        out["values"] = [v.to_json() for v in self.values]
        _put(out, "pairs", None if self.pairs is None else [list(p) for p in self.pairs])
        if self.likely_correct is not UNSET:
            out["likely_correct"] = self.likely_correct
        _put(out, "reason", self.reason)
        _put(out, "confidence", self.confidence)
        _put(out, "passages", None if self.passages is None else [p.to_json() for p in self.passages])
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Conflict:
        passages = d.get("passages")
        return cls(str(d["kind"]), str(d["about"]), [ConflictValue.from_json(v) for v in d["values"]],
                   d.get("slot"), None if d.get("pairs") is None else [list(p) for p in d["pairs"]],
                   d["likely_correct"] if "likely_correct" in d else UNSET, d.get("reason"), d.get("confidence"),
                   None if passages is None else [ConflictPassage.from_json(p) for p in passages])


# --- claims, timeline, quotes, entities -----------------------------------------------------------

@dataclass(slots=True)
class Claim:
    """A checkable statement, who supports it and how independently, and who contradicts it."""

    kind: str
    about: str
    value: str
    text: str
    support: list[str]
    independent_support: int
    contradicted_by: list[str] = field(default_factory=list)
    evidence: list[Span] | None = None  # where each supporting article says it

    def to_json(self) -> Json:
        out: Json = {"kind": self.kind, "about": self.about, "value": self.value, "text": self.text,
                     "support": list(self.support), "independent_support": self.independent_support,
                     "contradicted_by": list(self.contradicted_by)}
        _put(out, "evidence", None if self.evidence is None else {s.article_id: _pair(s) for s in self.evidence})
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Claim:
        ev = d.get("evidence")
        return cls(str(d["kind"]), str(d["about"]), str(d["value"]), str(d["text"]), list(d["support"]),
                   int(d["independent_support"]), list(d.get("contradicted_by", [])),
                   None if ev is None else [_span(a, p) for a, p in ev.items()])


@dataclass(slots=True)
class TimelineEntry:
    """A dated event of the story, with the articles that report it."""

    date: str  # YYYY, YYYY-MM or YYYY-MM-DD (see ``granularity``)
    granularity: str
    text: str
    label: str
    citations: list[str]
    resolutions: list[str] = field(default_factory=list)
    approximate: bool = False

    def to_json(self) -> Json:
        return {"date": self.date, "granularity": self.granularity, "text": self.text, "label": self.label,
                "citations": list(self.citations), "resolutions": list(self.resolutions),
                "approximate": self.approximate}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> TimelineEntry:
        return cls(str(d["date"]), str(d["granularity"]), str(d["text"]), str(d["label"]), list(d["citations"]),
                   list(d.get("resolutions", [])), bool(d.get("approximate", False)))


@dataclass(slots=True)
class QuoteVariant:
    """One wording of a quotation and the articles printing it."""

    text: str
    articles: list[str]
    fidelity: str
    changes: list[list[str]] = field(default_factory=list)
    canonical: bool = False
    misquote: bool = False
    speakers: list[str] = field(default_factory=list)
    independent_support: int = 0

    def to_json(self) -> Json:
        return {"text": self.text, "articles": list(self.articles), "fidelity": self.fidelity,
                "changes": [list(c) for c in self.changes], "canonical": self.canonical, "misquote": self.misquote,
                "speakers": list(self.speakers), "independent_support": self.independent_support}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> QuoteVariant:
        return cls(str(d["text"]), list(d["articles"]), str(d["fidelity"]), [list(c) for c in d.get("changes", [])],
                   bool(d.get("canonical", False)), bool(d.get("misquote", False)), list(d.get("speakers", [])),
                   int(d.get("independent_support", 0)))


@dataclass(slots=True)
class QuoteGroup:
    """A remark quoted by several articles (or misattributed), with its variants."""

    speaker: str | None
    variants: list[QuoteVariant]
    misattribution: bool = False
    speakers: list[str] = field(default_factory=list)
    attributions: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> Json:
        return {"speaker": self.speaker, "variants": [v.to_json() for v in self.variants],
                "misattribution": self.misattribution, "speakers": list(self.speakers),
                "attributions": {k: list(v) for k, v in self.attributions.items()}}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> QuoteGroup:
        return cls(d.get("speaker"), [QuoteVariant.from_json(v) for v in d["variants"]],
                   bool(d.get("misattribution", False)), list(d.get("speakers", [])),
                   {k: list(v) for k, v in d.get("attributions", {}).items()})


@dataclass(slots=True)
class Entity:
    """A named entity mentioned by several articles, with the forms each article uses."""

    canonical: str
    kind: str
    forms: dict[str, list[str]]

    def to_json(self) -> Json:
        return {"canonical": self.canonical, "kind": self.kind, "forms": {k: list(v) for k, v in self.forms.items()}}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Entity:
        return cls(str(d["canonical"]), str(d["kind"]), {k: list(v) for k, v in d["forms"].items()})


# --- reuse and provenance -------------------------------------------------------------------------

@dataclass(slots=True)
class ReusePassage:
    """An aligned passage pair: where the target reuses the source, how, and the word edits between them."""

    source: Span
    target: Span
    kind: str
    similarity: float
    edits: dict[str, int]

    def to_json(self) -> Json:
        return {"source_span": _pair(self.source), "target_span": _pair(self.target), "kind": self.kind,
                "similarity": self.similarity, "edits": dict(self.edits)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any], source: str, target: str) -> ReusePassage:
        return cls(_span(source, d["source_span"]), _span(target, d["target_span"]), str(d["kind"]),
                   float(d["similarity"]), dict(d["edits"]))


@dataclass(slots=True)
class Reuse:
    """A reuse edge: ``target`` copies, rewrites, paraphrases or spins ``source`` (the likely original)."""

    source: str
    target: str
    kind: str
    score: float
    passages: list[ReusePassage]
    shared_quotations: list[ReusePassage]
    evidence: list[str]
    direction_confidence: float
    direction_reasons: list[str]

    def to_json(self) -> Json:
        return {"source": self.source, "target": self.target, "kind": self.kind, "score": self.score,
                "passages": [p.to_json() for p in self.passages],
                "shared_quotations": [p.to_json() for p in self.shared_quotations],
                "evidence": list(self.evidence),
                "direction": {"confidence": self.direction_confidence, "reasons": list(self.direction_reasons)}}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Reuse:
        s, t = str(d["source"]), str(d["target"])
        return cls(s, t, str(d["kind"]), float(d["score"]), [ReusePassage.from_json(p, s, t) for p in d["passages"]],
                   [ReusePassage.from_json(p, s, t) for p in d["shared_quotations"]], list(d["evidence"]),
                   float(d["direction"]["confidence"]), list(d["direction"]["reasons"]))


@dataclass(slots=True)
class ProvenanceEdge:
    """``target`` derives from ``source``, with the confidence of that direction and why."""

    source: str
    target: str
    confidence: float
    kind: str
    reasons: list[str]

    def to_json(self) -> Json:
        return {"source": self.source, "target": self.target, "confidence": self.confidence, "kind": self.kind,
                "reasons": list(self.reasons)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ProvenanceEdge:
        return cls(str(d["source"]), str(d["target"]), float(d["confidence"]), str(d["kind"]), list(d["reasons"]))


@dataclass(slots=True)
class Provenance:
    """Who copied whom: the original, the edges, the independence groups and the spun copies."""

    original: str | None
    edges: list[ProvenanceEdge]
    groups: dict[str, str]  # article id -> independence group (its earliest ancestor)
    spun: dict[str, list[str]]

    @property
    def independent_sources(self) -> int:
        """How many independent sources the story has (copies count once)."""
        return len(set(self.groups.values()))

    def to_json(self) -> Json:
        return {"original": self.original, "edges": [e.to_json() for e in self.edges], "groups": dict(self.groups),
                "independent_sources": self.independent_sources,
                "spun": {k: list(v) for k, v in self.spun.items()}}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Provenance:
        return cls(d.get("original"), [ProvenanceEdge.from_json(e) for e in d["edges"]], dict(d["groups"]),
                   {k: list(v) for k, v in d.get("spun", {}).items()})


# --- summary --------------------------------------------------------------------------------------

@dataclass(slots=True)
class Verification:
    """How one cited article supports a summary sentence: the method, its score and the passage."""

    evidence: Span
    method: str  # source | lexical | hint
    score: float

    def to_json(self) -> Json:
        return {"method": self.method, "score": self.score, "evidence": _pair(self.evidence)}


@dataclass(slots=True)
class Correction:
    """A minority spelling of a name replaced in a summary sentence by the majority one."""

    wrong: str
    right: str

    def to_json(self) -> Json:
        return {"from": self.wrong, "to": self.right}


@dataclass(slots=True)
class SummarySentence:
    """A summary sentence with its citations, each verified against the cited article."""

    text: str
    citations: list[str]
    verification: list[Verification]
    source: Span | None = None  # where an extracted sentence was taken from
    generated: bool = False  # written by the LLM backend (then verified like extracted ones)
    corrected: list[Correction] | None = None

    def to_json(self) -> Json:
        out: Json = {"text": self.text, "citations": list(self.citations),
                     "verification": {v.evidence.article_id: v.to_json() for v in self.verification}}
        if self.generated:
            out["generated"] = True
        if self.source is not None:
            out["source"] = {"article": self.source.article_id, "span": _pair(self.source)}
        _put(out, "corrected", None if self.corrected is None else [c.to_json() for c in self.corrected])
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> SummarySentence:
        src = d.get("source")
        corrected = d.get("corrected")
        return cls(str(d["text"]), list(d["citations"]),
                   [Verification(_span(a, v["evidence"]), str(v["method"]), float(v["score"]))
                    for a, v in d["verification"].items()],
                   None if src is None else _span(src["article"], src["span"]), bool(d.get("generated", False)),
                   None if corrected is None else [Correction(c["from"], c["to"]) for c in corrected])


@dataclass(slots=True)
class SummaryMode:
    """How the summary was made: extractive, or abstractive by a named model (with what it dropped)."""

    mode: str = "extractive"
    model: str | None = None
    dropped: list[str] | None = None
    llm_error: str | None = None

    def to_json(self) -> Json:
        out: Json = {"mode": self.mode}
        _put(out, "model", self.model)
        _put(out, "dropped", None if self.dropped is None else list(self.dropped))
        _put(out, "llm_error", self.llm_error)
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> SummaryMode:
        dropped = d.get("dropped")
        return cls(str(d.get("mode", "extractive")), d.get("model"), None if dropped is None else list(dropped),
                   d.get("llm_error"))


# --- the story ------------------------------------------------------------------------------------

@dataclass(slots=True)
class StoryAnalysis:
    """Everything the per-story analysis found: the report's story fields, typed."""

    summary: list[SummarySentence]
    summary_mode: SummaryMode
    timeline: list[TimelineEntry]
    quotes: list[QuoteGroup]
    conflicts: list[Conflict]
    reuse: list[Reuse]
    claims: list[Claim]
    provenance: Provenance
    entities: list[Entity]

    def to_json(self) -> Json:
        """The story fields of ``storyline.report/1`` (without id, title, articles and dates)."""
        return {"summary": [s.to_json() for s in self.summary], "summary_mode": self.summary_mode.to_json(),
                "timeline": [t.to_json() for t in self.timeline], "quotes": [q.to_json() for q in self.quotes],
                "conflicts": [c.to_json() for c in self.conflicts], "reuse": [r.to_json() for r in self.reuse],
                "claims": [c.to_json() for c in self.claims], "provenance": self.provenance.to_json(),
                "entities": [e.to_json() for e in self.entities]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> StoryAnalysis:
        """Read the story fields back (e.g. from the analysis cache or a report.json)."""
        return cls([SummarySentence.from_json(s) for s in d["summary"]], SummaryMode.from_json(d["summary_mode"]),
                   [TimelineEntry.from_json(t) for t in d["timeline"]], [QuoteGroup.from_json(q) for q in d["quotes"]],
                   [Conflict.from_json(c) for c in d["conflicts"]], [Reuse.from_json(r) for r in d["reuse"]],
                   [Claim.from_json(c) for c in d["claims"]], Provenance.from_json(d["provenance"]),
                   [Entity.from_json(e) for e in d["entities"]])
