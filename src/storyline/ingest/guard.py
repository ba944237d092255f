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

__all__ = ["Capped", "clean_json", "clean_str", "gzip_damage", "read_capped"]

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
    total = 0
    with path.open("rb") as fh:
        data = fh.read(_CHUNK)
        if not data.startswith(b"\x1f\x8b"):
            return "not a gzip file (no gzip magic number)"
        dec = zlib.decompressobj(wbits=31)
        started = False
        while data:
            started = True
            try:
                total += len(dec.decompress(data, _CHUNK * 16))
            except zlib.error as exc:
                return f"gzip stream is corrupt: {exc}"
            if total > limit:
                return None
            if dec.unconsumed_tail:
                data = dec.unconsumed_tail
                continue
            if dec.eof:
                rest = dec.unused_data.lstrip(b"\x00")
                dec, started = zlib.decompressobj(wbits=31), False
                data = rest or fh.read(_CHUNK)
                continue
            data = fh.read(_CHUNK)
    return "gzip stream is truncated" if started and not dec.eof else None
