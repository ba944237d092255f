"""Configs of the corpus stages: ingest, dedup, stories and align (TOML tables of the same names).

Each is a slotted, frozen dataclass whose defaults are written here and nowhere else; the stage modules
import them from :mod:`storyline.config`. This module imports no stage module, so there is no cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError


@dataclass(slots=True, frozen=True)
class IngestConfig:
    """Options of the readers (table ``[ingest]``).

    Attributes:
        max_bytes: files larger than this are skipped with reason ``too_large``.
        min_chars: texts shorter than this after normalisation are skipped (``too_short``).
        batch_size: articles written per store transaction.
        follow_symlinks: whether directory walks follow symbolic links.
    """

    max_bytes: int = 20_000_000
    min_chars: int = 40
    batch_size: int = 200
    follow_symlinks: bool = False


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Settings of the duplicate detector (table ``[dedup]``; defaults explained in :mod:`storyline.dedup`).

    ``shingle_size``, ``num_perm`` (a multiple of ``num_bands``), ``num_bands`` and ``seed`` shape the
    stored keys: change one and the store must be rebuilt. ``jaccard_threshold``,
    ``containment_threshold`` and ``min_contained_shingles`` only affect verification.

    Attributes:
        shingle_size: words per shingle (word n-gram).
        num_perm: MinHash permutations.
        num_bands: LSH bands (``num_perm / num_bands`` rows each).
        seed: MinHash seed.
        jaccard_threshold: least verified Jaccard of a "near" duplicate.
        containment_threshold: least share of the shorter text's shingles inside the longer ("contained").
        min_contained_shingles: containment is trusted only when the shorter text has this many shingles.
    """

    shingle_size: int = 3
    num_perm: int = 120
    num_bands: int = 40
    seed: int = 1
    jaccard_threshold: float = 0.4
    containment_threshold: float = 0.8
    min_contained_shingles: int = 20

    def __post_init__(self) -> None:
        if self.shingle_size < 1 or self.num_bands < 1 or self.num_perm % self.num_bands:
            raise ConfigError(f"dedup: need shingle_size >= 1 (got {self.shingle_size}) and num_perm "
                              f"({self.num_perm}) a positive multiple of num_bands ({self.num_bands})")

    def fingerprint(self) -> str:
        """Identify everything stored band keys depend on; a store should refuse a different one."""
        from rensa import RMinHash  # imported here so that loading a config does not load the MinHash library

        return (
            f"w{self.shingle_size}-p{self.num_perm}-b{self.num_bands}-s{self.seed}"
            f"-rensa{RMinHash.ALGORITHM_VERSION}"
        )


@dataclass(slots=True, frozen=True)
class StoryConfig:
    """Weights and limits of the story clusterer (table ``[stories]``; the same-event judgement itself is
    the fitted model).

    Attributes:
        title_weight: how much more a title term counts than a body term.
        name_weight: weight of capitalised-name terms.
        bigram_weight: weight of word-pair terms.
        tf_power: term frequencies are raised to this power (sublinear TF).
        hash_bits: size of the hashed document-frequency table (``2**hash_bits`` slots).
        idf_prior_docs: pseudo-documents of the IDF prior (damps IDF while the stream is young).
        rare_name_share: a name in fewer than this share of documents counts as rare.
        join_probability: overrides the model's fitted threshold (``None``: use the model's).
        low_confidence_margin: a member below ``join_probability + low_confidence_margin``, or which also
            cleared another story's bar, is marked low-confidence (in a sparse stream both move up by the
            same log-odds as the joining bar, see ``prior_gain``).
        min_shared_words: fewest shared words with a story's core to be compared with it at all.
        core_size: most central members kept as a story's core.
        sketch_terms: strongest terms kept of each article's vector (its sketch); 128, not 64: a long
            page's weaker shared words are evidence too (LODO F1 up on all four dev sets, issue 11).
        crowd_days: window (days) in which stories opened together count as a crowd.
        index_terms: strongest core terms of a story put in the candidate index.
        query_terms: strongest terms of an article looked up in the index.
        max_postings: an index term with more postings than this is skipped (too common to choose).
        max_candidates: most candidate stories compared per article.
        shared_terms: evidence terms kept per assignment.
        max_idle_days: a story without new members for this many days (by date) leaves the index.
        max_idle_docs: in undated streams, a story idle for this many articles leaves the index.
        sweep_every: articles between sweeps of idle stories.
        model: path to a weights file (empty: the packaged ``model.json``).
        prior_window: recent (article, candidate story) pairs from which the stream's base rate of
            same-event pairs is estimated (0: keep the training base rate), see
            :mod:`storyline.stories.prior`.
        prior_pseudo: pseudo-pairs at the training base rate mixed into that estimate (a young stream
            keeps the training prior).
        prior_max_shift: largest shift towards *looser* joining (0: the stream prior only ever makes
            joining stricter; a loosening shift over-merged ECB+'s same-topic events, LODO 0.87 -> 0.74).
        prior_min_length: only articles at least this long (the model's length feature: 0 = a
            headline of 8 words, 0.5 = 22 distinct words, 1 = 64+) feed the estimate: on headline
            streams it swings from 0.12 to 0.95 (UCI dev) and cost UCI recall.
        prior_gain: in a stream sparser than the training pairs, the joining threshold moves up by
            ``prior_gain - 1`` times the log-odds by which the probability moved down. At 1 only the
            probability moves (Bayes' rule); the threshold, fitted for B-cubed F1 on labelled sets of
            multi-article events, stays where it was. But the best threshold depends on the stream:
            where a join adds an article to a real multi-article story, a right join buys recall for
            the whole story and a low bar pays; in a sparse stream a join mostly pairs two one-article
            events, where a wrong join costs as much as a right one gains and the bar should sit near
            even odds. A gain of 2 moves the threshold by as much as the probability. Chosen on three
            sparse streams (realworld_pages, and ECB+ and BASIL thinned to one article for 85 % of
            their events; ``benchmarks/stories_gain.py``): gains 1 / 1.5 / 2 / 3 score 0.9440 /
            0.9490 / 0.9511 / 0.9426 mean B-cubed F1 there; left out in turn, the gain picked on the
            other two helps realworld and ECB+ and costs BASIL 0.007 (RESULTS.md, Stories). It cannot
            act on the full dev streams, denser than the training pairs (no stricter shift).
    """

    title_weight: float = 3.0
    name_weight: float = 1.0
    bigram_weight: float = 0.25
    tf_power: float = 0.5
    hash_bits: int = 20
    idf_prior_docs: float = 100.0
    rare_name_share: float = 0.02
    join_probability: float | None = None
    low_confidence_margin: float = 0.15
    min_shared_words: int = 2
    core_size: int = 8
    sketch_terms: int = 128
    crowd_days: float = 2.0
    index_terms: int = 24
    query_terms: int = 24
    max_postings: int = 2000
    max_candidates: int = 12
    shared_terms: int = 8
    max_idle_days: float = 90.0
    max_idle_docs: int = 50_000
    sweep_every: int = 1000
    model: str = ""
    prior_window: int = 2000
    prior_pseudo: float = 10.0
    prior_max_shift: float = 0.0
    prior_min_length: float = 0.5
    prior_gain: float = 2.0


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Settings of the aligner (table ``[align]``).

    Attributes:
        seed_n: word n-gram size of the seeds (3 finds light rewrites; 5 is passim's copy-only choice).
        max_gap: most words one edit may span before a passage is cut in two.
        min_match: fewest exactly matching words in a passage.
        min_shared_seeds: rare n-grams two articles must share to be aligned at all.
        max_story_df: an n-gram found in more than this share of a story's articles (stories of 4+)
            is common wording of the event ("the Ostler Bridge"), not a reuse signal.
        paraphrase: also match sentences with the paraphrase model.
        paraphrase_threshold: least paraphrase probability (default: the model's own threshold).
        link_min_words: fewest reused (unquoted) words of the derived article for a reuse edge.
        link_min_share: least share of the derived article's unquoted words that is reused.
        uncredited_paraphrase_share: least reused share for a pair that is paraphrase only and
            credits neither outlet (reports of one event restate its facts independently).
        max_partners: each article is aligned with at most this many others, those sharing the most
            rare n-grams with it (a pair is aligned when either side picks it). In a big story of
            near-copies every pair shares seeds, and aligning all n²/2 pairs buys nothing: an article's
            source, and so its independence group, is among the articles closest to it.
    """

    seed_n: int = 3
    max_gap: int = 12
    min_match: int = 6
    min_shared_seeds: int = 2
    max_story_df: float = 0.6
    paraphrase: bool = True
    paraphrase_threshold: float | None = None
    link_min_words: int = 25
    link_min_share: float = 0.2
    uncredited_paraphrase_share: float = 0.5
    max_partners: int = 6
