"""The engine: one coordinator (:class:`Workspace`) that runs the stages against a store.

``workspace`` holds :class:`Workspace`; ``ingest`` reads inputs into the store; ``runners`` feed the
near-duplicate and story stages from the store and write their results back; ``analysis`` runs the
per-story analysis (serially or in a process pool) with its cache.
"""

from .analysis import PARALLEL_MIN_ARTICLES, TASKS_PER_WORKER, AnalysisResult, PackedAnalyses
from .runners import DuplicateGroup
from .workspace import ProgressFn, RunResult, Workspace

__all__ = ["PARALLEL_MIN_ARTICLES", "TASKS_PER_WORKER", "AnalysisResult", "DuplicateGroup", "PackedAnalyses",
           "ProgressFn", "RunResult", "Workspace"]
