"""Near-duplicate benchmark: storyline's NearDupIndex vs datasketch's MinHashLSH on planted copies.

A corpus is built at run time from dev texts in ``../shared/datasets`` (ECB+, BASIL, NeuS; nothing is
copied into the repo). A share of the originals gets one planted copy each, of one of these kinds:
``exact`` (re-cased, re-spaced, quotes and dashes changed), ``edit5``/``edit10``/``edit20`` (that
share of the words substituted, deleted or doubled with a random corpus word) and ``trim`` (the
first 30-90 % of the words, split into ``trim<50`` and ``trim>=50`` in the table).

Both systems see the same shingles (storyline's word 3-grams; shingling is timed once, shared).
datasketch runs as usually configured (128 permutations, ``MinHashLSH(threshold=0.4)`` picking its
own bands): once counting every LSH candidate as a duplicate, once with storyline's verification.
A found pair is correct if it is planted or if both texts come from the same gold event (the
datasets hold real wire copies); a pair across different gold events is a false positive.

Run ``python benchmarks/dedup.py [N_DOCS]``: prints a markdown table and updates the
``## Near-duplicates`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from storyline.dedup import (
    DedupConfig,
    NearDupIndex,
    Sketch,
    band_keys,
    content_hash,
    match_pairs,
    overlap,
    shingles,
    signatures,
)

HERE = Path(__file__).resolve().parent
DATASETS = Path(os.environ.get("STORYLINE_DATASETS", HERE.parent.parent / "shared" / "datasets"))
KINDS = ("exact", "edit5", "edit10", "edit20", "trim")
RATES = {"edit5": 0.05, "edit10": 0.10, "edit20": 0.20}


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


def build_corpus(
    n_docs: int, seed: int = 7, copy_share: float = 0.25
) -> tuple[list[tuple[str, str]], dict[str, str], dict[str, str]]:
    """Build ``n_docs`` texts, ``copy_share`` of them planted copies.

    Returns:
        ``(items, event, kind)``: ``(doc_id, text)`` pairs in corpus order; the gold event of each id
        (copies inherit their original's); and the copy kind of each planted copy.
    """
    rng = random.Random(seed)
    n_copies = int(n_docs * copy_share)
    base = load_base_texts(n_docs - n_copies)
    vocab = [w for _, t in base[:300] for w in t.split()]
    items = [(f"d{i}", text) for i, (_, text) in enumerate(base)]
    event = {f"d{i}": ev for i, (ev, _) in enumerate(base)}
    kind: dict[str, str] = {}
    eligible = [i for i, (_, t) in enumerate(base) if len(t.split()) >= 60]
    for j, i in enumerate(rng.sample(eligible, min(n_copies, len(eligible)))):
        k = KINDS[j % len(KINDS)]
        text = base[i][1]
        if k == "exact":
            copy = _restyle(text)
        elif k == "trim":
            words = text.split()
            keep = rng.uniform(0.3, 0.9)
            copy = " ".join(words[: int(len(words) * keep)])
            k = "trim<50" if keep < 0.5 else "trim>=50"
        else:
            copy = _edit(text, RATES[k], vocab, rng)
        cid = f"c{j}_of_d{i}"
        items.append((cid, copy))
        event[cid] = event[f"d{i}"]
        kind[cid] = k
    rng.shuffle(items)  # copies arrive before or after their originals, as in a live feed
    return items, event, kind


def _score(pairs: Iterable[tuple[str, str]], event: dict[str, str], kind: dict[str, str]) -> dict[str, Any]:
    found = {tuple(sorted(p)) for p in pairs}
    planted = {tuple(sorted((c, c.split("_of_")[1]))): k for c, k in kind.items()}
    row: dict[str, Any] = {}
    for k in (*KINDS[:-1], "trim<50", "trim>=50"):
        want = [p for p, pk in planted.items() if pk == k]
        row[f"recall {k}"] = round(sum(p in found for p in want) / len(want), 3) if want else None
    wrong = sum(event[a] != event[b] for a, b in found)
    row["pairs"] = len(found)
    row["natural pairs"] = len(found - planted.keys()) - wrong  # real wire copies in the datasets
    row["precision"] = round(1 - wrong / len(found), 4) if found else None
    row["false pairs"] = wrong
    return row


def _run_storyline(sketches: list[tuple[str, Sketch]]) -> tuple[list[tuple[str, str]], float]:
    index = NearDupIndex()
    t0 = time.perf_counter()
    pairs: list[tuple[str, str]] = []
    half = len(sketches) // 2  # two batches: the second is checked against the stored first
    for batch in (sketches[:half], sketches[half:]):
        for aid, sk in batch:
            pairs += [(aid, m.other_id) for m in index.add_sketch(aid, sk)]
    return pairs, time.perf_counter() - t0


def _run_datasketch(
    sets: dict[str, frozenset[int]], verify: Callable[[str, str], bool] | None
) -> tuple[list[tuple[str, str]], float]:
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.4, num_perm=128)
    pairs: list[tuple[str, str]] = []
    for aid, sh in sets.items():
        mh = MinHash(num_perm=128, hashfunc=int, scheme="affine64")
        mh.update_batch(sh)
        for other in lsh.query(mh):
            if verify is None or verify(aid, other):
                pairs.append((aid, other))
        lsh.insert(aid, mh)
    return pairs, time.perf_counter() - t0


def run_dedup_benchmark(n_docs: int, copy_share: float = 0.25) -> list[dict[str, Any]]:
    """Run storyline and datasketch on the same planted corpus; one result row per system.

    Args:
        n_docs: corpus size including planted copies (capped by the dev texts available).
        copy_share: share of the corpus that is planted copies.

    Returns:
        Rows with ``system``, ``docs/s``, ``ratio`` (docs/s over datasketch's), recall per copy kind,
        ``precision``, ``pairs`` and ``false pairs``.
    """
    cfg = DedupConfig()
    items, event, kind = build_corpus(n_docs, copy_share=copy_share)
    t0 = time.perf_counter()
    sets = {aid: shingles(text, cfg.shingle_size) for aid, text in items}
    hashes = {aid: content_hash(text) for aid, text in items}
    t_shingle = time.perf_counter() - t0

    t0 = time.perf_counter()
    sigs = signatures(list(sets.values()), cfg.num_perm, cfg.seed)
    sketches = [
        (aid, Sketch(hashes[aid], sh, band_keys(sig, cfg.num_bands) if sh else []))
        for (aid, sh), sig in zip(sets.items(), sigs, strict=True)
    ]
    t_sign = time.perf_counter() - t0
    ours, t_ours = _run_storyline(sketches)
    t_ours += t_sign
    def verify(a: str, b: str) -> bool:  # NearDupIndex's rule (exact, near, contained)
        jac, con = overlap(sets[a], sets[b])
        small = min(len(sets[a]), len(sets[b]))
        return (
            hashes[a] == hashes[b]
            or jac >= cfg.jaccard_threshold
            or (con >= cfg.containment_threshold and small >= cfg.min_contained_shingles)
        )

    raw, t_raw = _run_datasketch(sets, None)
    checked, t_checked = _run_datasketch(sets, verify)

    t0 = time.perf_counter()
    e2e = match_pairs(NearDupIndex(config=cfg).add_many(items))
    t_e2e = time.perf_counter() - t0
    n = len(items)
    rows = [
        {"system": f"storyline NearDupIndex ({cfg.num_bands}x{cfg.num_perm // cfg.num_bands}, verified)",
         "seconds": t_ours, **_score(ours, event, kind)},
        {"system": "datasketch MinHashLSH(0.4, 128) (picks 32x4), raw candidates", "seconds": t_raw,
         **_score(raw, event, kind)},
        {"system": "datasketch MinHashLSH(0.4, 128) + same verification", "seconds": t_checked,
         **_score(checked, event, kind)},
        {"system": "storyline end to end (text -> matches, add_many)", "seconds": t_e2e,
         **_score(e2e, event, kind)},
    ]
    base = n / t_raw
    for r in rows:
        r["docs/s"] = round(n / r.pop("seconds"))
        r["ratio"] = round(r["docs/s"] / base, 2)
    rows.append({"system": f"(shared shingling, {n} docs)", "docs/s": round(n / t_shingle)})
    return rows


def to_markdown(rows: list[dict[str, Any]]) -> str:
    """Render result rows as a markdown table (missing cells left blank)."""
    cols = list(dict.fromkeys(k for r in rows for k in r))
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(c) is None else str(r[c]) for c in cols) + " |")
    return "\n".join(lines)


def write_results(section: str, path: Path = HERE / "RESULTS.md") -> None:
    """Replace (or append) the ``## Near-duplicates`` section of RESULTS.md, keeping the others."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"## Near-duplicates\n\n{section.strip()}\n"
    pattern = re.compile(r"^## Near-duplicates\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + block
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rows = run_dedup_benchmark(n)
    cfg = DedupConfig()
    table = to_markdown(rows)
    print(table)
    write_results(
        f"`python benchmarks/dedup.py {n}` on {os.cpu_count()} cores ({time.strftime('%Y-%m-%d')}): "
        f"{n} texts from the ECB+/BASIL/NeuS dev splits, a quarter of them planted copies. Settings: "
        f"word {cfg.shingle_size}-grams, Jaccard >= {cfg.jaccard_threshold}, containment >= "
        f"{cfg.containment_threshold}, {cfg.num_perm} permutations in {cfg.num_bands} bands. "
        "Precision counts a pair as wrong only across different gold events (the sets hold real "
        "wire copies). The `trim<50` / `trim>=50` columns are trimmed copies keeping under / over "
        "half of the words. docs/s excludes the shared shingling except in the end-to-end row.\n\n"
        + table
    )
