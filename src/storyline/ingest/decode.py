"""Bytes → text: binary sniffing and charset decoding (declared charset first)."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.I)


class DecodeError(ValueError):
    """The bytes are not text in any charset we trust."""


def looks_binary(data: bytes) -> bool:
    """True when the first 8 KiB hold NUL bytes or mostly control characters (and no BOM says otherwise)."""
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def declared_charset(data: bytes, header: str | None = None) -> str | None:
    """The charset a document declares: HTTP ``Content-Type`` header, then ``<meta charset>``/XML prolog."""
    if header:
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", header, re.I)
        if m:
            return m.group(1)
    head = data[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return found.group(1).decode("ascii", "ignore") if found else None


def text_codec(name: str) -> str | None:
    """Python's name of a *text* charset, or ``None``.

    ``codecs.lookup`` also knows bytes-to-bytes transforms (rot13, zlib, base64, hex, bz2, uu …); a
    page declaring one of those must not make ``bytes.decode`` raise LookupError (or inflate a bomb).
    """
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError, TypeError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, charset_used)``.

    Order: byte-order mark, the declared charset (if Python knows it and it decodes cleanly), UTF-8,
    then charset-normalizer's best guess. A declared charset is trusted over guessing because
    detectors confuse close single-byte code pages (cp1252 read as cp1257).

    Raises:
        DecodeError: nothing decodes the bytes without a high share of replacement characters.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    candidates: list[str] = []
    if declared:
        known = text_codec(declared)
        if known:
            candidates.append(known)
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes  # local: only needed for legacy encodings

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _replacement_share(text) < 0.01:
            return text, best.encoding
    # Last resort: UTF-8 with replacements, accepted only when the damage is small.
    text = data.decode("utf-8", errors="replace")
    if _replacement_share(text) < 0.02:
        return text, "utf-8 (with replacements)"
    raise DecodeError("bytes could not be decoded as text in the declared charset, UTF-8, or a detected one")


def _replacement_share(text: str) -> float:
    if not text:
        return 0.0
    return text.count("\ufffd") / len(text)
