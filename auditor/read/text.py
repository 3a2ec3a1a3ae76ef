"""Plain text and Markdown: UTF-8, UTF-8 with BOM, GB18030/GBK and others, detected from the bytes."""
from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from ..types import Document

_TRY_FIRST = ("utf-8", "gb18030")  # strict decodes that settle nearly every real report


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw[:4096]:
        raise ReadError("E006", path=path)
    for encoding in _TRY_FIRST:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _mostly_text(text):
            break
        return text, encoding
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise ReadError("E006", path=path)
    text = str(best)
    if not _mostly_text(text):
        raise ReadError("E007", path=path)
    return text, best.encoding


def _mostly_text(text: str) -> bool:
    """Text, not binary junk that happens to decode: few control or private-use characters."""
    if not text:
        return True
    bad = sum(1 for char in text if (ord(char) < 32 and char not in "\t\n\r\f") or 0xE000 <= ord(char) <= 0xF8FF or char == "\ufffd")
    return bad / len(text) < 0.01


def read_text(path: Path) -> Document:
    raw = path.read_bytes()
    text, encoding = decode(raw, str(path))
    return Document(text=text.replace("\r\n", "\n").replace("\r", "\n"), source=str(path), format="txt", encoding=encoding)
