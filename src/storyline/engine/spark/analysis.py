"""Per-story analysis on Spark executors: one task per story, the local engine's guarded function.

Each story's members go to an executor with its id, where :func:`storyline.guard.guarded_analysis` (the
function the local engine runs, serially or in its process pool) aligns, cross-checks and summarises
it; the report fields come back packed exactly as the local engine packs them into the store's analysis
cache. The driver then puts them in that cache, so the local assembler reads them back like any cached
analysis: the report is the same to the byte whichever engine analysed the story.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ...guard import guarded_analysis
from ...model import Article, StoryFailure

if TYPE_CHECKING:
    from pyspark import SparkContext

__all__ = ["StoryJob", "analyse_job", "analyse_on_spark", "pack_fields"]

#: ``(story id, cache key, members in story order)``.
StoryJob = tuple[str, str, list[Article]]
#: ``(story id, cache key, packed fields or None, failure or None)``.
StoryOutcome = tuple[str, str, bytes | None, StoryFailure | None]


def pack_fields(fields: dict[str, Any]) -> bytes:
    """A story's report fields as the analysis cache keeps them (zlib'd JSON, as the local engine packs them)."""
    return zlib.compress(json.dumps(fields, ensure_ascii=False, default=str).encode(), 6)


def analyse_job(job: StoryJob, config: Any) -> StoryOutcome:
    """Analyse one story in an executor (guarded: an exception becomes the story's failure record)."""
    sid, key, arts = job
    _, fields, failure = guarded_analysis(sid, arts, config)
    return sid, key, (pack_fields(fields) if fields is not None else None), failure


def analyse_on_spark(sc: SparkContext, jobs: Sequence[StoryJob], config: Any, partitions: int
                     ) -> list[StoryOutcome]:
    """Analyse ``jobs`` on the cluster, one task per story; outcomes in the order of ``jobs``.

    Stories are handed out largest first (alignment cost grows with the square of a story's size) in four
    slices per partition, so the large stories start early and small ones fill the gaps.
    """
    if not jobs:
        return []
    order = {job[0]: n for n, job in enumerate(jobs)}
    ordered = sorted(jobs, key=lambda job: (-len(job[2]), order[job[0]]))
    slices = max(1, min(len(ordered), max(partitions, 1) * 4))
    # parallelize() cuts a list into contiguous slices: deal the stories out like cards instead, so every
    # slice gets its share of the large ones (each slice still starts with its largest)
    dealt = [job for k in range(slices) for job in ordered[k::slices]]
    outcomes = sc.parallelize(dealt, slices).map(lambda job: analyse_job(job, config)).collect()
    return sorted(outcomes, key=lambda o: order[o[0]])
