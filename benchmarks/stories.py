"""Scaling benchmark of the streaming story clusterer on synthetic articles.

Streams ``--total`` synthetic articles through :meth:`StoryClusterer.add` in batches and prints, per
batch, the time per article, the active (indexed) stories and the peak memory. The claim checked: time
per article at the end stays within 1.5x of the first batch, and the active set stays bounded because
idle stories expire (by date, or by article count with ``--undated``).

    python benchmarks/stories.py --total 1000000 --batch 10000

Synthetic text: every story owns a few rare "name" words and event words; each article mixes some of
them with common words drawn from a Zipf-like background vocabulary. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time

from storyline.stories import StoryClusterer, StoryDoc

START = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


class SyntheticStream:
    """Articles from overlapping synthetic stories, in publication order."""

    def __init__(self, per_day: int, story_days: float, per_story: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.per_day, self.story_days, self.per_story = per_day, story_days, per_story
        self.background = [f"w{i}" for i in range(30_000)]
        # Zipf-like weights: a handful of very common words, a long tail of rare ones.
        self.weights = [1.0 / (i + 10) for i in range(len(self.background))]
        self.n_story = 0
        self.live: list[tuple[list[str], float]] = []
        self.n = 0

    def _new_story(self, now: float) -> tuple[list[str], float]:
        self.n_story += 1
        keys = [f"k{self.n_story}x{j}" for j in range(12)]
        return keys, now + self.rng.uniform(0.3, 1.0) * self.story_days * 86400

    def batch(self, size: int, undated: bool) -> list[StoryDoc]:
        rng, out = self.rng, []
        common = rng.choices(self.background, self.weights, k=size * 70)
        for i in range(size):
            now = self.n * 86400.0 / self.per_day
            if i % 100 == 0:  # refreshing the live set per article would dominate the run time
                self.live = [s for s in self.live if s[1] > now]
                # Keep enough stories alive for the expected number of articles per story.
                while len(self.live) < self.per_day * self.story_days / self.per_story:
                    self.live.append(self._new_story(now))
            keys, _ = rng.choice(self.live)
            words = rng.sample(keys, 5) + common[i * 70 : i * 70 + 60]
            rng.shuffle(words)
            title = " ".join(rng.sample(keys, 3) + common[i * 70 + 60 : i * 70 + 64])
            published = None if undated else START + dt.timedelta(seconds=now)
            out.append(StoryDoc(f"a{self.n}", title.capitalize(), " ".join(words) + ".", published))
            self.n += 1
        return out


def main() -> None:
    """Run the benchmark and print one row per reported batch."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--total", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--per-day", type=int, default=20_000, help="articles per synthetic day")
    ap.add_argument("--story-days", type=float, default=3.0, help="longest life of a synthetic story")
    ap.add_argument("--per-story", type=int, default=20, help="mean articles per story")
    ap.add_argument("--undated", action="store_true", help="no dates: expiry by article count only")
    ap.add_argument("--every", type=int, default=10, help="print every N-th batch")
    args = ap.parse_args()

    stream = SyntheticStream(args.per_day, args.story_days, args.per_story)
    clusterer = StoryClusterer()
    first = None
    print(f"{'articles':>10} {'ms/article':>10} {'x first':>8} {'active':>8} {'stories':>9} {'peak MB':>8}")
    for b in range(args.total // args.batch):
        docs = stream.batch(args.batch, args.undated)
        t0 = time.perf_counter()
        clusterer.add(docs)
        ms = (time.perf_counter() - t0) * 1000 / len(docs)
        first = first or ms
        if b == 0 or (b + 1) % args.every == 0 or b + 1 == args.total // args.batch:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{stream.n:>10} {ms:>10.3f} {ms / first:>8.2f} {clusterer.active_count():>8} "
                  f"{len(clusterer.stories()):>9} {peak:>8.0f}", flush=True)


if __name__ == "__main__":
    main()
