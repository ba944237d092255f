"""Defences of the readers against hostile or odd input: capped reading, safe strings, strict JSON.

* :func:`read_capped` reads a file (inflating ``.gz``) without ever holding more than ``cap`` bytes:
  a 2 MB gzip that inflates to 4 GB is refused as ``too_large``, and a truncated or corrupt gzip
  stream keeps what inflated before the damage (so the good records of a ``.jsonl.gz`` survive).
* :func:`clean_str` / :func:`clean_json` make strings storable (no lone surrogates from broken JSON
  escapes or non-UTF-8 file names) and metadata strict JSON (no ``NaN``/``Infinity``, only JSON types,
  bounded depth) whatever the input held.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Capped", "GzipCheck", "clean_json", "clean_str", "gzip_damage", "read_capped"]

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CHUNK = 1 << 16


def clean_str(value: str) -> str:
    """``value`` with lone surrogates replaced by U+FFFD (they cannot be encoded as UTF-8)."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)


def clean_json(value: Any, depth: int = 0) -> Any:
    """A strict-JSON copy of ``value``: non-finite floats become ``None``, strings are cleaned,
    keys become strings, other objects their ``str``; nesting deeper than 20 levels is cut."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return clean_str(value)
    if depth >= 20:
        return None
    if isinstance(value, dict):
        return {clean_str(str(k)): clean_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v, depth + 1) for v in value]
    return clean_str(str(value))


@dataclass(slots=True)
class Capped:
    """What :func:`read_capped` read: the bytes, and why it stopped early (if it did)."""

    data: bytes
    too_large: bool = False
    damaged: str | None = None


def read_capped(path: Path, cap: int) -> Capped:
    """Read ``path`` (inflating it when its name ends in ``.gz``), holding at most ``cap`` bytes.

    Raises:
        OSError: the file cannot be opened or read.
    """
    gz = path.name.lower().endswith(".gz")
    with path.open("rb") as fh:
        if not gz:
            data = fh.read(cap + 1)
            return Capped(data[:cap], too_large=len(data) > cap)
        return _inflate(fh, cap)


def _inflate(fh: Any, cap: int) -> Capped:
    """Inflate a (possibly multi-member) gzip stream chunk by chunk, stopping past ``cap`` bytes."""
    out = bytearray()
    data = fh.read(_CHUNK)
    if not data.startswith(b"\x1f\x8b"):
        return Capped(b"", damaged="not a gzip file (no gzip magic number)")
    dec = zlib.decompressobj(wbits=31)
    started = False  # whether the current member has been fed any bytes
    while data:
        started = True
        try:
            piece = dec.decompress(data, cap + 1 - len(out))
        except zlib.error as exc:
            return Capped(bytes(out), damaged=f"gzip stream is corrupt after {len(out)} bytes: {exc}")
        out += piece
        if len(out) > cap:
            return Capped(bytes(out[:cap]), too_large=True)
        if dec.unconsumed_tail:
            data = dec.unconsumed_tail
            continue
        if dec.eof:
            rest = dec.unused_data.lstrip(b"\x00")  # padding after the last member is allowed
            dec, started = zlib.decompressobj(wbits=31), False  # next member of a multi-member gzip
            data = rest or fh.read(_CHUNK)
            continue
        data = fh.read(_CHUNK)
    if started and not dec.eof:
        return Capped(bytes(out), damaged=f"gzip stream is truncated after {len(out)} inflated bytes")
    return Capped(bytes(out))


def gzip_damage(path: Path, limit: int = 1 << 30) -> str | None:
    """Why a gzip file is damaged (not gzip, corrupt, truncated), or ``None`` when it inflates cleanly.

    Inflates and discards; stops without a verdict after ``limit`` inflated bytes.
    """
    check = GzipCheck(limit)
    with path.open("rb") as fh:
        while not check.settled:
            data = fh.read(_CHUNK)
            if not data:
                break
            check.feed(data)
    return check.verdict()


class GzipCheck:
    """:func:`gzip_damage` fed piece by piece: the bytes of a stream as a reader consumes them.

    For a remote WARC.gz read once, as a stream: warcio stops quietly at a truncated gzip member, so the
    bytes it read (plus whatever it left unread) are inflated and discarded here to tell a cut archive
    from a complete one, without a second pass over the file.
    """

    def __init__(self, limit: int = 1 << 30) -> None:
        self.limit = limit
        self._dec: Any = None
        self._started = False
        self._total = 0
        self._error: str | None = None
        self._enough = False  # ``limit`` inflated bytes seen: no verdict

    @property
    def settled(self) -> bool:
        """Whether more bytes can no longer change the verdict (damage found, or the limit reached)."""
        return self._error is not None or self._enough

    def feed(self, data: bytes) -> None:
        """The next bytes of the stream."""
        if self.settled or not data:
            return
        if self._dec is None:
            if not data.startswith(b"\x1f\x8b"):
                self._error = "not a gzip file (no gzip magic number)"
                return
            self._dec = zlib.decompressobj(wbits=31)
        while data:
            self._started = True
            try:
                self._total += len(self._dec.decompress(data, _CHUNK * 16))
            except zlib.error as exc:
                self._error = f"gzip stream is corrupt: {exc}"
                return
            if self._total > self.limit:
                self._enough = True
                return
            if self._dec.unconsumed_tail:
                data = self._dec.unconsumed_tail
                continue
            if self._dec.eof:
                rest = self._dec.unused_data.lstrip(b"\x00")  # padding after the last member is allowed
                self._dec, self._started = zlib.decompressobj(wbits=31), False  # next member
                data = rest
                continue
            data = b""

    def verdict(self) -> str | None:
        """Why the bytes fed so far are not a complete gzip stream, or ``None`` when they are."""
        if self._error is not None:
            return self._error
        if self._enough:
            return None
        if self._dec is None:
            return "not a gzip file (no gzip magic number)"
        return "gzip stream is truncated" if self._started and not self._dec.eof else None
