"""Near-duplicate benchmark: storyline's NearDupIndex vs datasketch and rensa used directly, on planted copies.

A corpus is built at run time from dev texts in ``../shared/datasets`` (ECB+, BASIL, NeuS; nothing is
copied into the repo). Past the ~1,870 real texts, further originals are made by drawing 6-16 random
sentences of the whole pool, so any size can be run (pairs of those share almost nothing). A quarter of
the corpus is planted copies, one per chosen original, of one of these kinds: ``exact`` (re-cased,
re-spaced, quotes and dashes changed), ``edit5``/``edit10``/``edit20`` (that share of the words
substituted, deleted or doubled with a random corpus word) and ``trim`` (the first 30-90 % of the words,
split into ``trim<50`` and ``trim>=50`` in the table). The texts are generated as they are consumed (a
live feed), in a shuffled order, so copies come before or after their originals.

Every system runs end to end (text in, verified pairs out) in its own child process, so its CPU seconds
and peak RSS are its own; text generation is timed apart and left out. The systems:

* **storyline**: ``NearDupIndex().add_many`` over batches of 1,000 (the compact in-memory store);
* **rensa direct**: ``RMinHash(120, 1)`` over word 3-gram strings of the same normalised words,
  ``RMinHashLSH(0.4, 120, 40)``, and the same exact verification over Python sets (the obvious code);
* **datasketch**: ``MinHash(128)`` over storyline's shingles, ``MinHashLSH(threshold=0.4)`` (it picks
  its bands), the same verification.

A found pair is correct if it is planted or if both texts come from the same gold event (the datasets
hold real wire copies); a pair across different gold events is a false positive.

Run ``python benchmarks/dedup.py [--n 20000] [--scale 100000,1000000] [--runs 3] [--quick]``: prints the
tables and updates the ``## Near-duplicates`` section of ``benchmarks/RESULTS.md``. To iterate on one system
at one size, e.g. ``--systems storyline --n 100000 --quick --runs 1`` (prints only; RESULTS.md is written
only when every system runs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from benchlib import best_of, emit, machine_note, to_markdown, write_section

from storyline.dedup import DedupConfig, NearDupIndex, content_hash, exact_form, match_pairs, shingles

HERE = Path(__file__).resolve().parent
DATASETS = Path(os.environ.get("STORYLINE_DATASETS", HERE.parent.parent / "shared" / "datasets"))
KINDS = ("exact", "edit5", "edit10", "edit20", "trim")
RATES = {"edit5": 0.05, "edit10": 0.10, "edit20": 0.20}
BATCH = 1000


def load_base_texts(limit: int | None = None) -> list[tuple[str, str]]:
    """Return ``(gold_event, text)`` of dev documents (ECB+, BASIL, NeuS), interleaved by source."""
    sources: list[list[tuple[str, str]]] = []
    for rel, label in (
        ("ecbplus_event_clusters/documents.jsonl", "event_cluster"),
        ("basil_event_triplets/documents.jsonl", "event_id"),
    ):
        path = DATASETS / rel
        if path.exists():
            rows = [json.loads(line) for line in path.open(encoding="utf-8")]
            sources.append([(f"{rel}:{r[label]}", r["text"]) for r in rows if r.get("text")])
    neus = DATASETS / "neus_allsides_mds/clusters.jsonl"
    if neus.exists():
        rows = [json.loads(line) for line in neus.open(encoding="utf-8")]
        sources.append([(f"neus:{r['cluster_id']}", d["text"]) for r in rows for d in r["documents"]])
    if not sources:
        raise SystemExit(f"no datasets under {DATASETS} (set STORYLINE_DATASETS)")
    # Interleave so a small n_docs still mixes long (BASIL) and short (NeuS) texts.
    out = [doc for group in zip(*sources, strict=False) for doc in group]
    longest = max(map(len, sources))
    out += [s[i] for i in range(min(map(len, sources)), longest) for s in sources if i < len(s)]
    return out[:limit]


def _edit(text: str, rate: float, vocab: list[str], rng: random.Random) -> str:
    out: list[str] = []
    for word in text.split():
        if rng.random() >= rate:
            out.append(word)
            continue
        op = rng.randrange(3)  # substitute, delete or insert: the mix a copy desk produces
        if op == 0:
            out.append(rng.choice(vocab))
        elif op == 2:
            out += [word, rng.choice(vocab)]
    return " ".join(out)


def _restyle(text: str) -> str:
    # An exact copy as a different CMS would render it: case, spacing and typography change only.
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2019", "'"), (" - ", " \u2014 ")):
        text = text.replace(a, b)
    return "  ".join(text.upper().split())


class Corpus:
    """``n_docs`` texts, ``copy_share`` of them planted copies, generated on demand from a small recipe.

    The recipe is three integer arrays (what each position is), so a million-document corpus costs a few
    MB until its texts are generated; each text is made when it is read.
    """

    def __init__(self, n_docs: int, seed: int = 7, copy_share: float = 0.25) -> None:
        rng = random.Random(seed)
        self.base = load_base_texts()
        # Sentences of long texts only: a synthetic text must never hold most of a short real one.
        split = [re.split(r"(?<=[.!?])\s+", t) for _, t in self.base]
        self.sentences = [s for parts in split if len(parts) >= 12 for s in parts if 4 <= len(s.split()) <= 40]
        self.vocab = [w for _, t in self.base[:300] for w in t.split()]
        n_copies = int(n_docs * copy_share)
        self.n_orig = n_docs - n_copies
        eligible = [i for i in range(self.n_orig) if i >= len(self.base) or len(self.base[i][1].split()) >= 60]
        chosen = rng.sample(eligible, min(n_copies, len(eligible)))
        self.copy_of = np.array(chosen, dtype=np.int64)
        self.keep = np.array([rng.uniform(0.3, 0.9) for _ in chosen])
        order = np.arange(self.n_orig + len(chosen), dtype=np.int64)  # >= n_orig: copy number n - n_orig
        np.random.default_rng(seed).shuffle(order)
        self.order = order
        self.seed = seed

    def __len__(self) -> int:
        return len(self.order)

    def original(self, i: int) -> str:
        """The text of original ``i``: a real dev text, or a mix of random sentences past those."""
        if i < len(self.base):
            return self.base[i][1]
        rng = random.Random(self.seed * 1_000_003 + i)
        return " ".join(rng.choice(self.sentences) for _ in range(rng.randint(6, 16)))

    def kind_of(self, j: int) -> str:
        """The kind of planted copy ``j``."""
        k = KINDS[j % len(KINDS)]
        return ("trim<50" if self.keep[j] < 0.5 else "trim>=50") if k == "trim" else k

    def copy(self, j: int) -> str:
        """The text of planted copy ``j``."""
        text = self.original(int(self.copy_of[j]))
        k = KINDS[j % len(KINDS)]
        if k == "exact":
            return _restyle(text)
        if k == "trim":
            words = text.split()
            return " ".join(words[: int(len(words) * self.keep[j])])
        return _edit(text, RATES[k], self.vocab, random.Random(self.seed * 7919 + j))

    def items(self) -> Iterator[tuple[str, str]]:
        """``(doc_id, text)`` in feed order; ids ``d{i}`` for originals, ``c{j}_of_d{i}`` for copies."""
        for pos in self.order.tolist():
            if pos < self.n_orig:
                yield f"d{pos}", self.original(pos)
            else:
                j = pos - self.n_orig
                yield f"c{j}_of_d{int(self.copy_of[j])}", self.copy(j)

    def event(self, doc_id: str) -> str:
        """The gold event of a document (a copy's is its original's)."""
        i = int(doc_id.rsplit("d", 1)[1])
        return self.base[i][0] if i < len(self.base) else f"synthetic:{i}"

    def score(self, pairs: list[tuple[str, str]]) -> dict[str, Any]:
        """Recall per copy kind, pairs, natural pairs, precision and false pairs of the found ``pairs``."""
        found = {tuple(sorted(p)) for p in pairs}
        planted = {tuple(sorted((f"c{j}_of_d{i}", f"d{i}"))): self.kind_of(j)
                   for j, i in enumerate(self.copy_of.tolist())}
        row: dict[str, Any] = {}
        for k in (*KINDS[:-1], "trim<50", "trim>=50"):
            want = [p for p, pk in planted.items() if pk == k]
            row[f"recall {k}"] = round(sum(p in found for p in want) / len(want), 3) if want else None
        wrong = sum(self.event(a) != self.event(b) for a, b in found)
        row["pairs"] = len(found)
        row["natural pairs"] = len(found - planted.keys()) - wrong
        row["precision"] = round(1 - wrong / len(found), 4) if found else None
        row["false pairs"] = wrong
        return row


def _batches(corpus: Corpus) -> Iterator[tuple[list[tuple[str, str]], float]]:
    """The corpus in batches, each with the CPU seconds spent generating it (left out of the timings)."""
    items = corpus.items()
    while True:
        t0 = time.process_time()
        batch = [x for _, x in zip(range(BATCH), items, strict=False)]
        spent = time.process_time() - t0
        if not batch:
            return
        yield batch, spent


def _verify_rule(cfg: DedupConfig):  # type: ignore[no-untyped-def]
    def ok(a: set[Any] | frozenset[Any], b: set[Any] | frozenset[Any], ha: str, hb: str) -> bool:
        inter = len(a & b)
        jac, con = inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))
        return ha == hb or jac >= cfg.jaccard_threshold or (
            con >= cfg.containment_threshold and min(len(a), len(b)) >= cfg.min_contained_shingles)
    return ok


def child_storyline(corpus: Corpus) -> tuple[list[tuple[str, str]], float]:
    index = NearDupIndex()
    pairs: list[tuple[str, str]] = []
    gen = 0.0
    t0 = time.process_time()
    for batch, spent in _batches(corpus):
        gen += spent
        pairs += match_pairs(index.add_many(batch))
    return pairs, time.process_time() - t0 - gen


def child_rensa(corpus: Corpus) -> tuple[list[tuple[str, str]], float]:
    from rensa import RMinHash, RMinHashLSH

    cfg = DedupConfig()
    ok = _verify_rule(cfg)
    lsh = RMinHashLSH(cfg.jaccard_threshold, cfg.num_perm, cfg.num_bands)
    ids: list[str] = []
    sets: list[set[str]] = []
    hashes: list[str] = []
    pairs: list[tuple[str, str]] = []
    gen = 0.0
    t0 = time.process_time()
    for batch, spent in _batches(corpus):
        gen += spent
        for aid, text in batch:
            form = exact_form(text)
            words = form.split()
            grams = [" ".join(words[i:i + 3]) for i in range(max(len(words) - 2, 1))] if words else []
            if not grams:
                continue
            s, h = set(grams), hashlib.sha256(form.encode()).hexdigest()
            mh = RMinHash(cfg.num_perm, cfg.seed)
            mh.update(grams)
            pairs += [(aid, ids[o]) for o in lsh.query(mh) if ok(s, sets[o], h, hashes[o])]
            lsh.insert(len(ids), mh)
            ids.append(aid)
            sets.append(s)
            hashes.append(h)
    return pairs, time.process_time() - t0 - gen


def child_datasketch(corpus: Corpus) -> tuple[list[tuple[str, str]], float]:
    from datasketch import MinHash, MinHashLSH

    ok = _verify_rule(DedupConfig())
    lsh = MinHashLSH(threshold=0.4, num_perm=128)
    sets: dict[str, frozenset[int]] = {}
    hashes: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    gen = 0.0
    t0 = time.process_time()
    for batch, spent in _batches(corpus):
        gen += spent
        for aid, text in batch:
            sh = shingles(text)
            if not sh:
                continue
            h = content_hash(text)
            mh = MinHash(num_perm=128, hashfunc=int, scheme="affine64")
            mh.update_batch(sh)
            pairs += [(aid, o) for o in lsh.query(mh) if ok(sh, sets[o], h, hashes[o])]
            lsh.insert(aid, mh)
            sets[aid] = sh
            hashes[aid] = h
    return pairs, time.process_time() - t0 - gen


def child_corpus(corpus: Corpus) -> tuple[list[tuple[str, str]], float]:
    for _ in _batches(corpus):
        pass
    return [], 0.0


SYSTEMS = {
    "storyline": ("storyline NearDupIndex.add_many (40x3, verified)", child_storyline),
    "rensa": ("rensa used directly (RMinHashLSH 40x3) + same verification", child_rensa),
    "datasketch": ("datasketch MinHashLSH(0.4, 128) + same verification", child_datasketch),
    "corpus": ("(generating the texts only: the floor of every process)", child_corpus),
}


def run_child_system(name: str, n_docs: int) -> None:
    """In a child process: run one system over the corpus and emit its CPU seconds and scores."""
    corpus = Corpus(n_docs)
    pairs, cpu = SYSTEMS[name][1](corpus)
    emit({"cpu": cpu, "n": len(corpus), **(corpus.score(pairs) if name != "corpus" else {})})


def measure(names: list[str], n_docs: int, runs: int) -> list[dict[str, Any]]:
    """Best of ``runs`` child runs per system; rows with docs per CPU-second and ratios to the references."""
    rows: list[dict[str, Any]] = []
    res = {name: best_of(runs, Path(__file__), [name, str(n_docs)]) for name in names}
    for name in names:
        r = res[name]
        row: dict[str, Any] = {"system": SYSTEMS[name][0], "docs": r["n"]}
        if name != "corpus":
            row["docs per CPU-s"] = round(r["n"] / r["cpu"])
            row["CPU s"] = round(r["cpu"], 2)
            for ref in ("datasketch", "rensa"):
                if ref in res and ref != name:
                    row[f"x {ref}"] = round(res[ref]["cpu"] / r["cpu"], 2)
            row.update({k: v for k, v in r.items() if k.startswith("recall") or k in (
                "pairs", "natural pairs", "precision", "false pairs")})
        row["peak RSS MB"] = round(r["peak_mb"])
        row["wall s (process)"] = round(r["wall"], 1)
        row["runs"] = r["runs"]
        rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20000, help="documents in the main comparison")
    ap.add_argument("--scale", default="100000", help="comma list of sizes for the memory/scale runs")
    ap.add_argument("--scale-refs", type=int, default=100000, help="largest scale size the references run at")
    ap.add_argument("--runs", type=int, default=3, help="child runs per system (best CPU time kept)")
    ap.add_argument("--quick", action="store_true", help="20k documents, no scale runs (for make bench)")
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma list of {', '.join(SYSTEMS)} "
                    "(a subset prints only, for quick iteration)")
    ap.add_argument("--child", nargs=2, metavar=("SYSTEM", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child_system(args.child[0], int(args.child[1]))
        return
    systems = [s for s in args.systems.split(",") if s]
    if unknown := set(systems) - set(SYSTEMS):
        ap.error(f"unknown systems {sorted(unknown)}")
    write = not args.no_write and set(systems) == set(SYSTEMS)
    note = machine_note()
    print(f"# near-duplicates ({note})\n")
    rows = measure(systems, args.n, args.runs)
    table = to_markdown(rows)
    print(table, flush=True)
    scale_lines: list[str] = []
    for size in ([] if args.quick else [int(x) for x in args.scale.split(",") if x]):
        names = [s for s in systems if size <= args.scale_refs or s in ("storyline", "corpus")]
        srows = measure(names, size, args.runs if size <= args.scale_refs else 1)
        scale_lines.append(f"\n\n{size:,} documents:\n\n" + to_markdown(srows))
        print(scale_lines[-1], flush=True)
    cmd = "python benchmarks/dedup.py " + " ".join(sys.argv[1:])
    if write:
        cfg = DedupConfig()
        write_section("Near-duplicates", (
            f"`{cmd.strip()}` ({note}). Each system runs end to end (text in, verified pairs out) in its own "
            f"child process; **docs per CPU-s** is documents over the child's CPU seconds with text generation "
            f"left out, best of {args.runs} runs; `x datasketch` / `x rensa` are speed ratios against those "
            "references measured in the same run; peak RSS is the child's own (`ru_maxrss`), the "
            "generating-only row is the floor every child starts from. Settings: word "
            f"{cfg.shingle_size}-grams, Jaccard >= {cfg.jaccard_threshold}, containment >= "
            f"{cfg.containment_threshold}, {cfg.num_perm} permutations in {cfg.num_bands} bands. Precision "
            "counts a pair as wrong only across different gold events. `trim<50` / `trim>=50`: trimmed copies "
            f"keeping under / over half of the words.\n\n{args.n:,} documents:\n\n" + table
            + "".join(scale_lines)))


if __name__ == "__main__":
    main()
