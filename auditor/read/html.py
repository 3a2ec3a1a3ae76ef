"""HTML pages as saved from government sites: the article's text, its tables, its date.

A saved page is mostly furniture (menus, breadcrumbs, share bars, the site footer) around
one article.  The reader drops scripts, hidden elements and furniture, then keeps the
element that holds most of the remaining text (the report's container), so that the
parser sees the report and little else.  Block elements and <br> end lines; data tables
become rows of cells with rowspan and colspan resolved.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import lxml.html
from lxml import etree

from .. import data
from ..errors import ReadError
from ..types import Document
from ._layout import CJK_OR_PUNCT, TextBuilder
from .text import decode

BLOCK = frozenset(
    "address article blockquote body caption center dd details div dl dt fieldset figcaption figure form "
    "h1 h2 h3 h4 h5 h6 hr html li main ol p section summary table tbody td tfoot th thead tr ul".split()
)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w:.]+)|<\?xml[^>]{0,100}?encoding\s*=\s*["']([-\w:.]+)""", re.I)
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "csgb2312", "gb18030", "windows-936"}
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/年.]\s*(?P<m>\d{1,2})\s*[-/月.]\s*(?P<d>\d{1,2})"
_SOURCE_BREAK = re.compile(f"(?<=[{CJK_OR_PUNCT}])[ \\t\\r\\f]*\\n\\s*(?=[{CJK_OR_PUNCT}])")
_WHITESPACE = re.compile(r"[\s\u200b]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WORDS = re.compile(r"[a-z0-9]+")
_FONT = re.compile(r"</?font\b[^>]*>", re.I)
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534  # the HTML standard's caps, as browsers apply them


@lru_cache(maxsize=1)
def _rules() -> dict:
    rules = dict(data.toml("html.toml"))
    for key in ("drop_tags", "furniture_tags", "clutter_words"):
        rules[key] = frozenset(rules[key])
    labels = "|".join(map(re.escape, rules["published_labels"]))
    rules["published_shown"] = re.compile(f"(?:{labels})\\s*[:：]?\\s*{_DATE}")
    return rules


def read_html(path: Path) -> Document:
    """Read a saved web page into the report's text, tables and publication date."""
    text, encoding = decode_html(path.read_bytes(), str(path))
    root = _parse(text, str(path))
    rules = _rules()
    metadata: dict = {}
    published = _meta_published(root, rules["published_meta"])
    body = root.find("body")
    if body is None:
        body = root
    _prune(body, lambda el: _tag(el) in rules["drop_tags"] or _hidden(el))
    published = published or _shown_published(body.text_content(), rules["published_shown"])
    if published:
        metadata["published"] = published
    weights = _weights(body)
    total = weights.get(body, 0)
    _prune(body, lambda el: _furniture(el, rules) and weights.get(el, 0) < rules["clutter_max_share"] * total)
    weights = _weights(body)
    container = _container(body, weights, rules["content_min_share"])
    builder = TextBuilder("html", str(path))
    title = _title(root, body, container)
    if title:
        metadata["title"] = title
        head = _WHITESPACE.sub("", container.text_content()[:400])
        if _WHITESPACE.sub("", title) not in head:
            builder.line(title)
    _Flow(builder).walk(container)
    return Document(text=builder.text, source=str(path), format="html", encoding=encoding, tables=builder.tables, metadata=metadata)


def decode_html(raw: bytes, path: str) -> tuple[str, str]:
    """Decode a page: valid UTF-8 first, then the charset the page declares, else detect.

    Bytes that decode as UTF-8 are UTF-8 whatever the page says (servers re-encode pages and
    keep the old declaration); GB2312/GBK declarations are read as GB18030, their superset,
    because pages labelled GB2312 routinely contain GBK-only characters.
    """
    if not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        declared = _declared_charset(raw[:4096])
        if declared:
            try:
                return raw.decode(declared), declared
            except (UnicodeDecodeError, LookupError):
                pass
    return decode(raw, path)


def _declared_charset(head: bytes) -> str | None:
    match = _CHARSET.search(head)
    if not match:
        return None
    name = (match[1] or match[2]).decode("ascii", "ignore").lower()
    return "gb18030" if name in _GB_FAMILY else name


def _parse(text: str, path: str) -> etree._Element:
    """The page's tree.  libxml2 drops, without an error, whatever is nested deeper than 255
    elements: old pages that leave a <font> unclosed on every line reach that in a few hundred
    lines, so such a page is parsed again without its <font> tags (presentation only), and a
    page still too deep is refused rather than read in part."""
    text = _CONTROL.sub("", text)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input that declares an encoding
    if not text.strip():
        return lxml.html.document_fromstring("<html><body></body></html>")
    root, too_deep = _tree(text)
    if too_deep:
        root, too_deep = _tree(_FONT.sub("", text))
    if too_deep:
        raise ReadError("E009", path=path, kind="HTML", reason="its elements nest more than 255 deep, and the text past that depth would be lost")
    return root


def _tree(text: str) -> tuple[etree._Element, bool]:
    """The parsed page, and whether the parser stopped at its depth limit."""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except etree.ParserError:
        return lxml.html.document_fromstring("<html><body></body></html>"), False
    return root, any("Excessive depth" in entry.message for entry in parser.error_log)


def _tag(el: etree._Element) -> str | None:
    """The lower-case tag, or None for comments and processing instructions."""
    return el.tag.lower() if isinstance(el.tag, str) else None


def _hidden(el: etree._Element) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN.search(el.get("style") or ""))


def _furniture(el: etree._Element, rules: dict) -> bool:
    if _tag(el) in rules["furniture_tags"]:
        return True
    words = _WORDS.findall(f"{el.get('class') or ''} {el.get('id') or ''}".lower())
    return any(word in rules["clutter_words"] for word in words)


def _prune(el: etree._Element, drop: Callable[[etree._Element], bool]) -> None:
    """Remove every descendant for which ``drop`` holds (its tail text stays)."""
    for child in list(el):
        if _tag(child) is None:
            continue
        if drop(child):
            child.drop_tree()
        else:
            _prune(child, drop)


def _weights(el: etree._Element, out: dict | None = None) -> dict:
    """Visible characters (no white space, link text not counted) under each element."""
    out = {} if out is None else out
    tag = _tag(el)
    weight = 0
    if tag is not None and tag != "a":
        weight = _count(el.text)
        for child in el:
            _weights(child, out)
            weight += out.get(child, 0) + _count(child.tail)
    out[el] = weight
    return out


def _count(text: str | None) -> int:
    return len(_WHITESPACE.sub("", text)) if text else 0


def _container(body: etree._Element, weights: dict, share: float) -> etree._Element:
    """The deepest element still holding ``share`` of the page's text: the report's container."""
    total = weights.get(body, 0)
    node = body
    while total:
        children = [child for child in node if _tag(child) is not None]
        best = max(children, key=lambda child: weights.get(child, 0), default=None)
        if best is None or weights.get(best, 0) < share * total or _is_data_table(best):
            break
        node = best
    return node


def _title(root: etree._Element, body: etree._Element, container: etree._Element) -> str | None:
    """The report's title: the nearest heading above the container, or a part of <title>,
    that names a 报告 (site names and column names do not)."""
    headings: list[str] = []
    if container is not body:
        inside = set(container.iter())
        for el in body.iter():
            if el is container:
                break
            if el in inside or _tag(el) is None:
                continue
            if _tag(el) in ("h1", "h2", "h3") or "title" in _WORDS.findall((el.get("class") or "").lower()):
                headings.append(_collapse(el.text_content()))
    parts: list[str] = []
    title_el = root.find(".//title")
    if title_el is not None and title_el.text:
        parts = [part.strip() for part in re.split(r"\s*[_|｜]\s*|\s+[-—－]+\s+", title_el.text)]
    return next((c for c in [*reversed(headings), *parts] if "报告" in c and len(c) <= 80), None)


def _collapse(text: str) -> str:
    text = _SOURCE_BREAK.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def _meta_published(root: etree._Element, names: list[str]) -> dt.date | None:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        if name in names and name not in found and meta.get("content"):
            found[name] = meta.get("content")
    for name in names:
        date = _date(re.search(_DATE, found.get(name, "")))
        if date:
            return date
    return None


def _shown_published(text: str, pattern: re.Pattern[str]) -> dt.date | None:
    return _date(pattern.search(text))


def _date(match: re.Match[str] | None) -> dt.date | None:
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _is_data_table(el: etree._Element) -> bool:
    """A table of data, not of layout: no nested tables and at least two columns somewhere."""
    if _tag(el) != "table" or el.xpath(".//table"):
        return False
    return any(len(_cells(row)) >= 2 for row in _rows(el))


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _cells(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row.xpath("./td | ./th") if not _hidden(cell)]


def _span(value: str | None, rest: int, limit: int) -> int:
    """A rowspan/colspan as browsers read it: junk is 1, rowspan 0 runs to the end, and
    ``limit`` caps it (a number too long to convert is over any limit)."""
    match = re.match(r"\s*0*(\d+)", value or "")
    if not match:
        return 1
    span = int(match[1]) if len(match[1]) < 10 else limit
    if span == 0:
        return rest
    return max(1, min(span, limit))


def _grid(table: etree._Element, builder: TextBuilder) -> list[list[tuple[object, str]]]:
    """Rows of (identity, text) per grid position, rowspan and colspan resolved.

    Spans are capped as the HTML standard caps them (colspan 1000, rowspan 65534) and never
    run past the table's last row; a table whose spans still spread it beyond one report's
    text is refused (E018) while its positions are counted, before they fill memory.
    """
    rows = _rows(table)
    occupied: dict[tuple[int, int], tuple[object, str]] = {}
    filled = width = 0
    for r, row in enumerate(rows):
        c = 0
        for index, cell in enumerate(_cells(row)):
            while (r, c) in occupied:
                c += 1
            rowspan = _span(cell.get("rowspan"), len(rows) - r, min(_MAX_ROWSPAN, len(rows) - r))
            colspan = _span(cell.get("colspan"), 1, _MAX_COLSPAN)
            filled += rowspan * colspan  # overlapping cells (a malformed table) count twice
            width = max(width, c + colspan)
            builder.make_room(max(filled, len(rows) * width))
            entry = ((r, index), _cell_text(cell))
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied[(r + dr, c + dc)] = entry
            c += colspan
    return [[occupied.get((r, c), (("empty", r, c), "")) for c in range(width)] for r in range(len(rows))]


def _cell_text(cell: etree._Element) -> str:
    lines: list[str] = []
    flow = _Flow(_Lines(lines))
    flow.walk(cell)
    flow.flush()
    return "\n".join(lines)


class _Lines:
    """A sink that collects the lines of one data-table cell (which holds no tables)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def line(self, text: str) -> None:
        if text.strip():
            self.lines.append(text)


class _Flow:
    """Walks an element tree and writes its text as lines: blocks and <br> end a line."""

    def __init__(self, sink: TextBuilder | _Lines) -> None:
        self.sink = sink
        self.buffer: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def flush(self) -> None:
        if self.buffer:
            line = _collapse("".join(self.buffer))
            self.buffer = []
            if line:
                self.sink.line(line)

    def walk(self, el: etree._Element) -> None:
        tag = _tag(el)
        if tag is None:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "pre":
            self.flush()
            for line in el.text_content().split("\n"):
                self.sink.line(_WHITESPACE.sub(" ", line).strip())
            return
        if tag == "table" and _is_data_table(el):
            self.flush()
            for caption in el.xpath("./caption"):
                self.sink.line(_collapse(caption.text_content()))
            self.sink.table(_grid(el, self.sink))
            return
        block = tag in BLOCK
        if block:
            self.flush()
        self.add(el.text)
        for child in el:
            self.walk(child)
            self.add(child.tail)
        if block:
            self.flush()
