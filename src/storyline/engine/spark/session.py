"""Starting (or reusing) a SparkSession for storyline, with a clear error when pyspark or Java is missing."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...errors import ConfigError, MissingExtraError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["SparkSettings", "java_available", "spark_session"]


@dataclass(slots=True, frozen=True)
class SparkSettings:
    """How the Spark engine runs.

    Attributes:
        master: the Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``); ``None`` keeps the
            master of an active session or of ``spark-submit``, else ``local[*]``.
        partitions: partitions for the per-article map, the band shuffle and the per-story analysis
            (``0``: Spark's default parallelism). Results never depend on it.
        conf: extra ``spark.*`` settings.
    """

    master: str | None = None
    partitions: int = 0
    conf: dict[str, str] = field(default_factory=dict)


def java_available() -> bool:
    """Whether a ``java`` executable is reachable (``JAVA_HOME`` or ``PATH``): Spark needs one."""
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return True
    return shutil.which("java") is not None


def spark_session(settings: SparkSettings | None = None) -> SparkSession:
    """The active SparkSession, or a new one configured for storyline.

    Python workers use this interpreter (so they import the same storyline), the UI is off unless asked
    for, and Arrow is on for pandas conversions.

    Raises:
        MissingExtraError: pyspark is not installed.
        ConfigError: no Java runtime is found.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MissingExtraError("--engine spark", "spark") from exc
    s = settings or SparkSettings()
    active = SparkSession.getActiveSession()
    if active is not None and (s.master is None or active.sparkContext.master == s.master):
        return active
    if not java_available():
        raise ConfigError("--engine spark needs a Java runtime (17 or newer): install Debian's "
                          "default-jre-headless (apt-get install default-jre-headless) or set JAVA_HOME")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("storyline")
    if s.master:
        builder = builder.master(s.master)
    elif not os.environ.get("SPARK_HOME") and "spark.master" not in s.conf:
        builder = builder.master("local[*]")
    defaults = {"spark.ui.enabled": "false", "spark.sql.execution.arrow.pyspark.enabled": "true",
                "spark.sql.shuffle.partitions": str(s.partitions or 8),
                "spark.python.worker.reuse": "true", "spark.ui.showConsoleProgress": "false",
                "spark.driver.memory": "2g"}
    for key, value in {**defaults, **s.conf}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(os.environ.get("STORYLINE_SPARK_LOG_LEVEL", "ERROR"))
    return session


def parse_conf(pairs: list[str] | None) -> dict[str, str]:
    """``["spark.x=1", …]`` from the command line as a dict; a pair without ``=`` is a usage error."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--spark-conf {pair!r}: expected KEY=VALUE, e.g. spark.executor.memory=4g")
        out[key.strip()] = value.strip()
    return out
