"""Choose ``StoryConfig.prior_gain`` leave-one-set-out on *sparse* streams (issue 11).

The stream base-rate shift (:mod:`storyline.stories.prior`) only acts on streams sparser than the
pairs the model was fitted on, and the only dev set that sparse is realworld_pages (one dense week,
152 events in 181 pages). The full ECB+ and BASIL streams are denser than the training pairs, so
leave-one-dataset-out cannot see the gain at all. So that the choice does not rest on realworld_pages
alone, ECB+ and BASIL are thinned into sparse streams of their own: each event keeps all its articles
with probability ``--keep-multi`` (0.15) and one random article otherwise (three seeds each). The gain
is then picked leave-one-set-out over the three sparse streams: for each one, the gain with the best
mean B-cubed F1 on the other two, scored on it.

    python benchmarks/stories_gain.py                      # grid, in-sample and leave-one-set-out
    python benchmarks/stories_gain.py --gains 1,2 --seeds 1
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import sys
from pathlib import Path

from storyline.stories.cluster import StoryConfig, StoryDoc
from storyline.stories.model import load_model

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories_fit import REAL, load_all, run  # noqa: E402  (the sibling benchmark script)

Stream = tuple[list[StoryDoc], list[str]]


def thin(docs: list[StoryDoc], gold: list[str], keep_multi: float, seed: int) -> Stream:
    """A sparse stream: every event keeps all its articles with probability ``keep_multi``, else one."""
    rng = random.Random(seed)
    by_event: dict[str, list[int]] = collections.defaultdict(list)
    for i, g in enumerate(gold):
        by_event[g].append(i)
    keep: set[int] = set()
    for _, idx in sorted(by_event.items()):
        keep.update(idx if rng.random() < keep_multi else [rng.choice(idx)])
    order = sorted(keep)
    return [docs[i] for i in order], [gold[i] for i in order]


def score(stream: Stream, gain: float) -> tuple[float, float, float]:
    """B-cubed P/R/F1 of the default model and threshold with ``prior_gain=gain``."""
    model = load_model()
    return run(*stream, model, model.threshold, StoryConfig(prior_gain=gain))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gains", default="1,1.5,1.75,2,2.25,2.5,3")
    ap.add_argument("--keep-multi", type=float, default=0.15)
    ap.add_argument("--seeds", default="1,2,3")
    args = ap.parse_args()
    gains = [float(g) for g in args.gains.split(",")]
    data = load_all()
    sets: dict[str, list[Stream]] = {REAL: [data[REAL]]}
    for name in ("ECB+", "BASIL"):
        sets[f"{name} sparse"] = [thin(*data[name], args.keep_multi, int(s)) for s in args.seeds.split(",")]
    f1: dict[str, dict[float, float]] = {n: {} for n in sets}
    print("| prior_gain | " + " | ".join(f"{n} P / R / F1" for n in sets) + " | mean F1 |")
    print("|---" * (len(sets) + 2) + "|")
    for g in gains:
        cells = []
        for name, streams in sets.items():
            prf = [score(s, g) for s in streams]
            p, r, f = (statistics.fmean(x[i] for x in prf) for i in range(3))
            f1[name][g] = f
            cells.append(f"{p:.3f} / {r:.3f} / {f:.4f}")
        print(f"| {g} | " + " | ".join(cells) + f" | {statistics.fmean(f1[n][g] for n in sets):.4f} |", flush=True)
    print("\nLeave one sparse set out (gain with the best mean F1 on the other two; ties: the smaller gain):")
    print("| held out | gain chosen | F1 | F1 at gain 1 |")
    print("|---|---|---|---|")
    for held in sets:
        rest = [n for n in sets if n != held]
        best = max(gains, key=lambda g: (statistics.fmean(f1[n][g] for n in rest), -g))
        base = f"{f1[held][1.0]:.4f}" if 1.0 in f1[held] else ""
        print(f"| {held} | {best} | {f1[held][best]:.4f} | {base} |")


if __name__ == "__main__":
    main()
