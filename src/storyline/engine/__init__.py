"""The engine: one coordinator (:class:`Workspace`) that runs the stages against a store.

``workspace`` holds :class:`Workspace`; ``ingest`` reads inputs into the store; ``runners`` feed the
near-duplicate and story stages from the store and write their results back; ``analysis`` runs the
per-story analysis (serially or in a process pool) with its cache.
"""

from .analysis import AnalysisResult, PackedAnalyses
from .runners import DuplicateGroup, ProgressFn
from .workspace import RunResult, Workspace

__all__ = ["AnalysisResult", "DuplicateGroup", "PackedAnalyses", "ProgressFn", "RunResult", "Workspace"]
