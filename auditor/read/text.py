"""Plain text and Markdown: UTF-8, UTF-8 with BOM, GB18030/GBK and others, detected from the bytes."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from ..types import Document

_TRY_FIRST = ("utf-8", "gb18030")  # strict decodes that settle nearly every real report
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}
_SAMPLE = 65536


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding).

    Refuses with E006 bytes that are not text in any encoding (control bytes, which text in
    every 8-bit and multi-byte encoding lacks), and with E007 bytes that look like text but
    that no encoding decodes cleanly (an unknown encoding, or two encodings mixed in one file).
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReadError("E007", path=path) from None
    if b"\x00" in raw[:4096]:
        utf16 = _utf16_without_bom(raw)
        if utf16:
            return utf16
        raise ReadError("E006", path=path)
    for encoding in _TRY_FIRST:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _mostly_text(text):
            break
        return text, encoding
    for encoding in _TRY_FIRST:
        damaged = _nearly(raw, encoding)
        if damaged is not None:
            return damaged, encoding
    if _binary(raw):
        raise ReadError("E006", path=path)
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 4 * _SAMPLE]).best()
    if best is not None:
        try:
            text = raw.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _mostly_text(text):
            return text, best.encoding
    raise ReadError("E007", path=path)


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: NUL bytes mostly on one side of their pair (the
    high byte of ASCII characters; characters such as the ideographic space U+3000 put some on
    the other side), and the whole decodes to text."""
    sample = raw[:4096]
    even = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
    if len(raw) % 2 or max(even, odd) < 3 * min(even, odd):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if _mostly_text(text) else None


def _nearly(raw: bytes, encoding: str) -> str | None:
    """Text with a handful of damaged bytes (a download cut inside the last character, a
    flipped byte), U+FFFD in their place.  Text in another encoding fails on nearly every
    character, so a few failures mean damage, not a wrong guess.  UTF-8 is tried first:
    its byte patterns are strict, while GB18030 decodes most byte pairs."""
    text = raw.decode(encoding, errors="replace")
    allowed = max(8, len(raw) // 2000)
    return text if text.count("\ufffd") <= allowed and _mostly_text(text.replace("\ufffd", "")) else None


def _binary(raw: bytes) -> bool:
    """Control bytes, rare in text of any single-byte or multi-byte encoding, common in data."""
    sample = raw[:_SAMPLE]
    return sum(1 for byte in sample if byte in _CONTROL_BYTES) > 0.01 * len(sample)


def _mostly_text(text: str) -> bool:
    """Text, not binary junk that happens to decode: few control or private-use characters."""
    if not text:
        return True
    bad = sum(1 for char in text if (ord(char) < 32 and char not in "\t\n\r\f") or 0xE000 <= ord(char) <= 0xF8FF or char == "\ufffd")
    return bad / len(text) < 0.01


def read_text(path: Path) -> Document:
    raw = path.read_bytes()
    text, encoding = decode(raw, str(path))
    return Document(text=text, source=str(path), format="txt", encoding=encoding)
