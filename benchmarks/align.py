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
(section "Alignment"). ``--quality`` adds (``--quality-only``: only refreshes) the reuse-quality table:
:func:`storyline.eval.reuse.evaluate_reuse` on the Clough & Stevenson dev file and
:func:`storyline.eval.reuse.evaluate_paraphrase` on the MRPC dev file (both out-of-sample: the
shipped models were trained on these files, so both run cross-validation), next to the usual
baselines measured in the same run with the same folds: word n-gram containment with a logistic
regression (Clough) and TF-IDF cosine with a threshold learnt on the training folds (MRPC).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
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

from storyline.align.kinds import prepare  # noqa: E402
from storyline.align.passages import AlignConfig, align_pair, align_story  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.text.normalize import canonical_text, sentences, words  # noqa: E402

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

    t0 = time.process_time()
    als = align_story(arts)
    t_story = time.process_time() - t0
    kinds = Counter(al.kind for al in als)
    passages = sum(len(al.passages) for al in als)
    bound = min(len(pairs), n * AlignConfig().max_partners)
    rows = [(f"storyline align_story (index + align + classes; at most {bound:,} of the pairs aligned)", t_story,
             f"{len(als)} pairs kept: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common())
             + f"; {passages} passages")]

    if every_pair:
        cfg = AlignConfig()
        t0 = time.process_time()
        prepared = [prepare(a, cfg.seed_n) for a in arts]
        for i, j in pairs:
            align_pair(arts[i], arts[j], cfg, prepared=(prepared[i], prepared[j]))
        rows.append(("storyline align_pair on every pair", time.process_time() - t0, "no candidate index"))

    word_lists = [words(a.text) for a in arts]
    t0 = time.process_time()
    blocks = 0
    for i, j in pairs:
        blocks += len(SequenceMatcher(None, word_lists[i], word_lists[j]).get_matching_blocks())
    t_difflib = time.process_time() - t0
    rows.append(("difflib SequenceMatcher word blocks", t_difflib, f"{blocks} matching blocks, no classes"))

    table = ["| system | pairs | CPU s | pairs per CPU-s | CPU vs difflib | output |", "|---|---|---|---|---|---|"]
    for name, secs, note in rows:
        table.append(f"| {name} | {len(pairs)} | {secs:.1f} | {len(pairs) / secs:,.0f} | {secs / t_difflib:.2f}× | "
                     f"{note} |")
    table.append(f"\npeak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    numbers = {"story_s": t_story, "difflib_s": t_difflib, "mean_words": sum(map(len, word_lists)) / n}
    return "\n".join(table), numbers


QUALITY_HEAD = "### Reuse quality (out-of-sample)"


def _containment(src: str, ans: str, n: int) -> float:
    a, b = words(ans.lower()), words(src.lower())
    mine = Counter(tuple(a[i:i + n]) for i in range(len(a) - n + 1))
    theirs = Counter(tuple(b[i:i + n]) for i in range(len(b) - n + 1))
    return sum((mine & theirs).values()) / max(1, sum(mine.values()))


def quality() -> str:
    """Reuse-class and paraphrase quality of storyline and of the baselines, as a Markdown note + table."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from storyline.eval.reuse import evaluate_paraphrase, evaluate_reuse

    clough = SHARED / "clough_text_reuse" / "pairs.jsonl"
    mrpc = SHARED / "mrpc_news_paraphrase" / "pairs.jsonl"
    rows: list[str] = []
    t0 = time.perf_counter()
    ours = evaluate_reuse(clough)
    t_ours = time.perf_counter() - t0
    data = [json.loads(line) for line in clough.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    x = [[_containment(r["source_text"], r["answer_text"], n) for n in (1, 3, 5)] for r in data]
    gold = [r["label"] for r in data]
    pred = [""] * len(data)
    for g in sorted({r["participant"] for r in data}):
        tr = [k for k, r in enumerate(data) if r["participant"] != g]
        te = [k for k, r in enumerate(data) if r["participant"] == g]
        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
        m.fit([x[k] for k in tr], [gold[k] for k in tr])
        for k, p in zip(te, m.predict([x[k] for k in te]), strict=True):
            pred[k] = str(p)
    t_base = time.perf_counter() - t0
    acc4 = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    acc2 = sum((g == "non") == (p == "non") for g, p in zip(gold, pred, strict=True)) / len(gold)
    rows.append(f"| Clough & Stevenson (55 dev answers; leave-one-participant-out CV) | storyline reuse classes | "
                f"4-class {ours['accuracy_4class']:.4f}, binary {ours['accuracy_binary']:.4f} | {t_ours:.1f} |")
    rows.append(f"| | word 1/3/5-gram containment + logistic regression | 4-class {acc4:.4f}, binary {acc2:.4f} | "
                f"{t_base:.1f} |")

    t0 = time.perf_counter()
    para = evaluate_paraphrase(mrpc)
    t_ours = time.perf_counter() - t0
    pairs = [json.loads(line) for line in mrpc.read_text(encoding="utf-8").splitlines() if line.strip()]
    y = [int(r["label"]) for r in pairs]
    t0 = time.perf_counter()
    pred_b = [0] * len(y)
    for tr, te in StratifiedKFold(10, shuffle=True, random_state=0).split(pairs, y):
        vec = TfidfVectorizer().fit([pairs[k][s] for k in tr for s in ("sentence1", "sentence2")])
        a = vec.transform([r["sentence1"] for r in pairs])
        b = vec.transform([r["sentence2"] for r in pairs])
        cos = [float(v) for v in a.multiply(b).sum(axis=1).A1]  # rows are L2-normalised: the cosine
        train = sorted((cos[k], y[k]) for k in tr)
        # The cut maximising training accuracy: predict 1 at or above it.
        pos_above, neg_below, best = sum(v for _, v in train), 0, (-1, 0.0)
        for c, v in train:
            if pos_above + neg_below > best[0]:
                best = (pos_above + neg_below, c)
            pos_above -= v
            neg_below += 1 - v
        for k in te:
            pred_b[k] = int(cos[k] >= best[1])
    t_base = time.perf_counter() - t0
    tp = sum(1 for g, p in zip(y, pred_b, strict=True) if g and p)
    fp = sum(1 for g, p in zip(y, pred_b, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(y, pred_b, strict=True) if g and not p)
    acc = sum(g == p for g, p in zip(y, pred_b, strict=True)) / len(y)
    rows.append(f"| MRPC (4,074 dev pairs; stratified 10-fold CV) | storyline paraphrase model | accuracy "
                f"{para['accuracy']:.4f}, F1 {para['f1']:.4f} | {t_ours:.1f} |")
    rows.append(f"| | TF-IDF cosine, threshold learnt on the training folds | accuracy {acc:.4f}, F1 "
                f"{2 * tp / (2 * tp + fp + fn):.4f} | {t_base:.1f} |")
    note = (f"{QUALITY_HEAD}\n\n`python benchmarks/align.py --quality-only` (or `--quality` with the speed run; "
            f"{time.strftime('%Y-%m-%d')}, Python "
            f"{platform.python_version()}). The shipped models were trained on these development files, so every "
            "number is cross-validated (the models and, for Clough, each stage's regularisation are refit inside "
            "each fold); the held-out splits were not used. Clough: 4-class = non/heavy/light/cut, binary = reuse "
            "vs non.")
    table = ["| data set | system | out-of-sample score | seconds |", "|---|---|---|---|", *rows]
    return note + "\n\n" + "\n".join(table)


def _current_speed_part() -> str:
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if "\n## Alignment\n" not in text:
        return ""
    body = text.split("\n## Alignment\n", 1)[1].split("\n## ", 1)[0]
    return body.split(QUALITY_HEAD, 1)[0].strip()


def _current_quality_part() -> str:
    """The quality subsection already in RESULTS.md (kept when only the speed is re-measured)."""
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    body = text.split("\n## Alignment\n", 1)[1].split("\n## ", 1)[0] if "\n## Alignment\n" in text else ""
    return QUALITY_HEAD + body.split(QUALITY_HEAD, 1)[1].rstrip() if QUALITY_HEAD in body else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="articles in the synthetic story")
    parser.add_argument("--every-pair", action="store_true", help="also time align_pair on every pair")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--quality", action="store_true", help="also measure reuse/paraphrase quality")
    parser.add_argument("--quality-only", action="store_true",
                        help="only measure quality; keep the speed table already in RESULTS.md")
    args = parser.parse_args()
    if args.quality_only:
        body = _current_speed_part() + "\n\n" + quality()
        print(body)
        if not args.no_write:
            update_results("Alignment", body)
        return
    table, numbers = run(args.articles, args.every_pair)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    note = (f"`python benchmarks/align.py --articles {args.articles}` on one core ({time.strftime('%Y-%m-%d')}, "
            f"{platform.machine()}, Python {platform.python_version()}, load average {load}; times are CPU "
            f"seconds of this process, both systems in the same run): a story of {args.articles} versions of a "
            f"BASIL dev article ({numbers['mean_words']:.0f} words on average; ~6 % of words substituted and ~4 % "
            "deleted per derivation, sentence swaps, dropped paragraphs). `align_story` aligns each article with its "
            "closest partners by shared rare n-grams (`AlignConfig.max_partners`, 6); `align_pair on every pair` "
            "aligns all of them and is the like-for-like row against difflib. storyline does more "
            "than difflib: passages with character spans, quotation split, sentence paraphrase matching, reuse "
            "classes and direction. The synthetic edits are random one-for-one word swaps in the original order, "
            "which is exactly the spinner pattern, so many pairs are classed `spin`.")
    body = note + "\n\n" + table + "\n\n" + (quality() if args.quality else _current_quality_part())
    print(body)
    if not args.no_write:
        update_results("Alignment", body)


if __name__ == "__main__":
    main()
