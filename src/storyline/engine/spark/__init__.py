"""The same pipeline on Apache Spark (extra ``[spark]``): :class:`SparkWorkspace` runs ingest, near-duplicates
and the per-story analysis on a cluster with the local engine's pure functions, and gives the same report.

Modules: ``session`` (starting a session, Java check), ``sources`` (local paths and Hadoop URIs),
``mapping`` (the per-article map), ``dedup`` (LSH band groupBy, verification), ``analysis`` (one task per
story) and ``workspace`` (the driver). Importing this package does not import pyspark.
"""

from .session import SparkSettings, java_available, spark_session
from .workspace import SparkWorkspace

__all__ = ["SparkSettings", "SparkWorkspace", "java_available", "spark_session"]
