"""Benchmark: align every pair of a 200-article story, storyline vs difflib, in the same run.

The story is synthetic but built from a real development text (a BASIL dev article, read from
``../shared`` at run time): 200 versions, each derived from the base or from an earlier version by
word substitutions, deletions, one or two sentence swaps and sometimes a dropped paragraph — the
edits of desk rewrites and wire copies. Both systems see the same pairs on one core:

* **storyline**: :func:`storyline.align.align_story` (candidate pairs through the rare n-gram index,
  then seeded alignment, quotations, paraphrase, classes) and, separately, :func:`align_pair` on
  every pair with per-article preparation shared;
* **difflib**: ``SequenceMatcher(None, words_a, words_b).get_matching_blocks()`` on word lists —
  matching blocks only, no classes — the usual pure-Python alternative.

Run ``.venv/bin/python benchmarks/align.py [--articles 200]``; the table goes to ``RESULTS.md``
(section "Alignment").
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SHARED = HERE.parent.parent / "shared" / "datasets"

from ingest import update_results  # noqa: E402  (benchmarks/ is not a package)

from storyline.align import AlignConfig, align_pair, align_story  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.reuse_classes import prepare  # noqa: E402
from storyline.text import canonical_text, sentences, words  # noqa: E402

_SWAPS = ["said", "told", "reported", "noted", "added", "large", "big", "major", "small", "several", "many",
          "officials", "people", "residents", "quickly", "recently", "later", "also", "however", "nearly"]


def base_text(min_words: int = 550, max_words: int = 700) -> str:
    """A BASIL dev article of about 600 words (the first one in the size range)."""
    path = SHARED / "basil_event_triplets" / "documents.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} is needed (the shared datasets folder)")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            if min_words <= len(text.split()) <= max_words:
                return canonical_text(text)
    raise SystemExit("no dev article of the wanted size")


def rewrite(text: str, rng: random.Random) -> str:
    """One derived version: substitute ~6 %, delete ~4 % of words, swap sentences, maybe drop a paragraph."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) > 3 and rng.random() < 0.3:
        del paras[rng.randrange(len(paras))]
    out_paras = []
    for p in paras:
        sents = [p[s:e] for s, e in sentences(p)] or [p]
        if len(sents) > 2 and rng.random() < 0.3:
            i = rng.randrange(len(sents) - 1)
            sents[i], sents[i + 1] = sents[i + 1], sents[i]
        new = []
        for s in sents:
            toks = s.split(" ")
            kept = []
            for t in toks:
                r = rng.random()
                if r < 0.04 and len(toks) > 6:
                    continue
                kept.append(rng.choice(_SWAPS) if r < 0.10 and t.isalpha() else t)
            new.append(" ".join(kept))
        out_paras.append(" ".join(new))
    return "\n\n".join(out_paras)


def make_story(n: int, seed: int = 7) -> list[Article]:
    """``n`` versions of one base text forming a derivation tree."""
    rng = random.Random(seed)
    texts = [base_text()]
    while len(texts) < n:
        texts.append(rewrite(texts[rng.randrange(len(texts))], rng))
    return [Article(id=f"v{k:03d}", source=f"v{k:03d}", text=t) for k, t in enumerate(texts)]


def run(n: int, every_pair: bool = False) -> tuple[str, dict[str, float]]:
    """Time both systems on all pairs of an ``n``-article story; return a Markdown table and numbers."""
    arts = make_story(n)
    pairs = list(combinations(range(n), 2))

    t0 = time.perf_counter()
    als = align_story(arts)
    t_story = time.perf_counter() - t0
    kinds = Counter(al.kind for al in als)
    passages = sum(len(al.passages) for al in als)
    rows = [("storyline align_story (index + align + classes)", t_story,
             f"{len(als)} pairs kept: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common())
             + f"; {passages} passages")]

    if every_pair:
        cfg = AlignConfig()
        t0 = time.perf_counter()
        prepared = [prepare(a, cfg.seed_n) for a in arts]
        for i, j in pairs:
            align_pair(arts[i], arts[j], cfg, prepared=(prepared[i], prepared[j]))
        rows.append(("storyline align_pair on every pair", time.perf_counter() - t0, "no candidate index"))

    word_lists = [words(a.text) for a in arts]
    t0 = time.perf_counter()
    blocks = 0
    for i, j in pairs:
        blocks += len(SequenceMatcher(None, word_lists[i], word_lists[j]).get_matching_blocks())
    t_difflib = time.perf_counter() - t0
    rows.append(("difflib SequenceMatcher word blocks", t_difflib, f"{blocks} matching blocks, no classes"))

    table = ["| system | pairs | seconds | pairs/s | time vs difflib | output |", "|---|---|---|---|---|---|"]
    for name, secs, note in rows:
        table.append(f"| {name} | {len(pairs)} | {secs:.1f} | {len(pairs) / secs:,.0f} | {secs / t_difflib:.2f}× | "
                     f"{note} |")
    numbers = {"story_s": t_story, "difflib_s": t_difflib, "mean_words": sum(map(len, word_lists)) / n}
    return "\n".join(table), numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="articles in the synthetic story")
    parser.add_argument("--every-pair", action="store_true", help="also time align_pair on every pair")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    table, numbers = run(args.articles, args.every_pair)
    note = (f"`python benchmarks/align.py --articles {args.articles}` on one core ({time.strftime('%Y-%m-%d')}, "
            f"{platform.machine()}, Python {platform.python_version()}): a story of {args.articles} versions of a "
            f"BASIL dev article ({numbers['mean_words']:.0f} words on average; ~6 % of words substituted and ~4 % "
            "deleted per derivation, sentence swaps, dropped paragraphs), every pair aligned. storyline does more "
            "than difflib: passages with character spans, quotation split, sentence paraphrase matching, reuse "
            "classes and direction. The synthetic edits are random one-for-one word swaps in the original order, "
            "which is exactly the spinner pattern, so many pairs are classed `spin`.")
    print(note + "\n\n" + table)
    if not args.no_write:
        update_results("Alignment", note + "\n\n" + table)


if __name__ == "__main__":
    main()
