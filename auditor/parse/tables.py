"""Statistics tables (2, 3, 4): recognised in the report and read into named cells.

A table reaches us in many shapes: as rows of cells from the HTML/DOCX/PDF readers, or as
plain text with cells split by tabs, spaces or ``|``, or one cell per line, with labels broken
over lines and mangled by PDF extraction.  All of them are first flattened into one stream of
cells (``_cells``); the rows are then found by their labels, in the order the format prints
them, and each row takes the numbers that follow its label.  Which rows and columns exist,
and the label patterns, are data (``data/tables.toml``).  Whatever cannot be read is said in
``ReportTable.problems``; reading never raises on bad input.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from .. import data
from ..types import Cell, Report, ReportTable, Table
from ._table_cells import Item, from_document_table, from_text_by_line, squeeze, table_mapped, table_text, unsqueezed
from .normalize import Mapped, normalize_string

KEYS = ("proactive", "requests", "review")
_WINDOW = 10  # how many rows may be skipped (garbled labels) before a label is matched


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    pattern: re.Pattern[str] | None
    era: str = "all"
    result: bool = False
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # era -> column ids
    # every column of any era, asked for at each label read: gathered once
    any_era: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A frozen dataclass sets its own fields through object.__setattr__.  The columns are
        # kept read-only, so that what is gathered from them stays true (a spec is read from
        # data once per process and never pickled: a read-only mapping cannot be).
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        object.__setattr__(self, "any_era", frozenset(column for columns in self.columns.values() for column in columns))


@dataclass(frozen=True)
class TableSpec:
    key: str
    table: int  # 2, 3 or 4, as the format numbers it
    title: str
    markers: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    era_2021: tuple[str, ...] = ()
    era_2019: tuple[str, ...] = ()
    flat: bool = False
    signed: tuple[str, ...] = ()
    amounts: tuple[str, ...] = ()
    # asked for at each row read: gathered once
    column_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    row_index: Mapping[str, int] = field(init=False, repr=False, compare=False)  # row id -> its place in rows

    def row(self, row_id: str) -> Row:
        return next(row for row in self.rows if row.id == row_id)

    def column(self, column_id: str) -> Column:
        return next(column for column in self.columns if column.id == column_id)

    def __post_init__(self) -> None:
        # a frozen dataclass sets its own fields through object.__setattr__
        object.__setattr__(self, "column_ids", tuple(column.id for column in self.columns))
        index: dict[str, int] = {}
        for place, row in enumerate(self.rows):
            index.setdefault(row.id, place)  # the first row of an id, as row() finds it (ids are unique: tested)
        object.__setattr__(self, "row_index", MappingProxyType(index))


@lru_cache(maxsize=None)
def specs() -> dict[str, TableSpec]:
    """The three table specifications of ``data/tables.toml``, by key."""
    raw = data.toml("tables.toml")
    out = {}
    for key in KEYS:
        table = raw[key]
        columns = tuple(
            Column(c["id"], c["label"], re.compile(c["pattern"]) if "pattern" in c else None) for c in table["column"]
        )
        rows = tuple(
            Row(
                r["id"],
                r["label"],
                re.compile(r["pattern"]) if "pattern" in r else None,
                r.get("era", "all"),
                r.get("result", False),
                {era: tuple(r[f"columns_{era}"]) for era in ("2019", "2021") if f"columns_{era}" in r},
            )
            for r in table["row"]
        )
        out[key] = TableSpec(
            key,
            table["table"],
            table["title"],
            tuple(table["markers"]),
            columns,
            rows,
            tuple(table.get("era_2021", ())),
            tuple(table.get("era_2019", ())),
            table.get("flat", False),
            tuple(table.get("signed", ())),
            tuple(table.get("amounts", ())),
        )
    return out


def read_tables(report: Report, mapped: Mapped | None = None) -> list[ReportTable]:
    """Tables 2, 3 and 4 as found in the report; a table that is there but cannot be read
    comes back with empty or partial ``values`` and the reasons in ``problems``.

    ``mapped`` is the report text normalised for tables (``table_mapped``), when the caller has it."""
    if mapped is None:
        mapped = table_mapped(report.text)
    found = []
    kinds = [_classify(table) for table in report.document.tables]  # each reader's table looked at once
    for key in KEYS:
        spec = specs()[key]
        candidates = []
        tables = [table for table, kind in zip(report.document.tables, kinds) if kind == key]
        if tables:
            candidates.append(_read(spec, from_document_table(tables), report.text, report.era, tables[0].origin))
        region = _region(report, mapped, spec)
        if region is not None:
            lines = from_text_by_line(report.text, mapped, *region)
            items = [item for line in lines.values() for item in line]
            text = mapped.text[region[0] : region[1]]
            candidates.append(_read(spec, items, report.text, report.era, "text", lambda: _why_unreadable(spec, text), lines))
        candidates = [c for c in candidates if c is not None]
        if candidates:
            found.append(max(candidates, key=lambda t: (len(t.values), -len(t.problems))))
    return found


def _classify(table: Table) -> str | None:
    """Which statistics table a reader's table is, by the markers it contains."""
    if sum(len(row) for row in table.rows) < 4:  # a layout table holding a whole page
        return None
    text = squeeze(table_text(table))
    counts = {key: sum(marker in text for marker in spec.markers) for key, spec in specs().items()}
    best = max(counts, key=lambda key: counts[key])
    return best if counts[best] >= 2 else None


def _region(report: Report, mapped: Mapped, spec: TableSpec) -> tuple[int, int] | None:
    """The normalised span of the text where the table stands: from the line of its first
    marker to the end of its section.  When the section was not found, or does not hold the
    table (a heading missed or misplaced), the whole text is searched, asking for one marker more."""
    section = report.section(spec.key)
    if section is not None:
        found = _markers(mapped, spec, _to_normalised(mapped, section.start), _to_normalised(mapped, section.end), 2)
        if found is not None:
            return found
    return _markers(mapped, spec, 0, len(mapped.text), 2 if section is None else 3)


def _markers(mapped: Mapped, spec: TableSpec, start: int, end: int, wanted: int) -> tuple[int, int] | None:
    window = mapped.text[start:end]
    squeezed = squeeze(window)
    hits = [squeezed.find(marker) for marker in spec.markers]
    present = [h for h in hits if h >= 0]
    if len(present) < wanted:
        return None
    first = start + unsqueezed(window, min(present))
    line_start = mapped.text.rfind("\n", start, first) + 1
    return max(line_start, start), end


def _to_normalised(mapped: Mapped, offset: int) -> int:
    return bisect.bisect_left(mapped.offsets, offset, 0, len(mapped.text))


def _why_unreadable(spec: TableSpec, text: str) -> str | None:
    """A reason a table in this text cannot be read, when one shows: the table was left out
    of the page (〔表格略〕), or the numbers are glued to the labels."""
    omitted = re.search(data.toml("tables.toml")["reading"]["omitted"], squeeze(text))
    if omitted:
        return f"the table is left out of the text ({omitted.group()})"
    glued = sum(1 for pattern in _glued_labels(spec.key) if pattern.search(text))
    if glued >= 2:
        return "numbers are glued to the row labels (no cell separators survived), so cells cannot be told apart"
    return None


@lru_cache(maxsize=None)
def _glued_labels(key: str) -> list[re.Pattern[str]]:
    """For each row label of a table: the label with a number glued to it."""
    return [re.compile(f"(?:{row.pattern.pattern})[^\\d\\s|]{{0,30}}\\d{{2,}}") for row in specs()[key].rows if row.pattern]


# --- reading -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    kind: str  # "label" or "values"
    items: list[Item]

    @property
    def text(self) -> str:
        return squeeze("".join([item.text for item in self.items]))


# cell kind -> run kind; empty cells are in no run, and any other kind is prose
_RUN_KIND = {"label": "label", "number": "values", "blank": "values", "junk": "values", "empty": None, "span": None}


def _runs(items: list[Item]) -> list[_Run]:
    """Alternating runs of label cells and value cells; empty cells are skipped, prose ends a run."""
    runs: list[_Run] = []
    open_kind, open_items = None, []  # the run that the next cell may join (prose never is)
    for item in items:
        kind = _RUN_KIND.get(item.kind, "prose")
        if kind is None:
            continue
        if kind == open_kind:
            open_items.append(item)
            continue
        open_items = [item]
        runs.append(_Run(kind, open_items))
        open_kind = kind if kind != "prose" else None
    for run in runs:  # debris after the last number belongs to the next label ("=, 1 上年结转")
        while run.kind == "values" and len(run.items) > 1 and run.items[-1].kind == "junk":
            run.items.pop()
    return runs


def _read(
    spec: TableSpec,
    items: list[Item],
    original: str,
    era: str | None,
    origin: str,
    why: Callable[[], str | None] | None = None,
    lines: dict[int, list[Item]] | None = None,
) -> ReportTable | None:
    """The table read from its cells (in line order).  ``why`` gives a reason the table cannot
    be read, asked only when there are problems to explain; ``lines`` holds the cells by line,
    when the caller has them."""
    if not items:
        return None
    if lines is None:
        lines = {}
        for item in items:
            lines.setdefault(item.line, []).append(item)
    if spec.flat:
        values, problems, last = _read_flat(spec, items, lines)
    else:
        values, problems, last = _read_rows(spec, items, lines, era, original)
    if problems and why:
        reason = why()
        if reason:
            problems.append(reason)
    if problems and not original[items[-1].cell.end :].strip(" \t\n|"):
        problems.append("the text ends inside the table (an excerpt?)")
    if last is None:
        last = items[-1].line
    rows = [[item.cell for item in line] for number, line in lines.items() if number <= last]
    if origin == "text":  # cells of the text come in the order of their offsets
        start, end = rows[0][0].start, rows[-1][-1].end
    else:
        start = min(cell.start for row in rows for cell in row)
        end = max(cell.end for row in rows for cell in row)
    return ReportTable(spec.key, Table(rows, start, end, origin), values, problems)


def _layout_era(spec: TableSpec, items: list[Item], era: str | None) -> str:
    text = squeeze("".join(item.text for item in items if item.kind == "label"))
    if any(marker in text for marker in spec.era_2021):
        return "2021"
    if any(marker in text for marker in spec.era_2019):
        return "2019"
    return era or "2021"


def _read_rows(
    spec: TableSpec, items: list[Item], lines: dict[int, list[Item]], era: str | None, original: str
) -> tuple[dict, list[str], int | None]:
    """Rows found by their labels: the values, the problems and the last line read (None when
    nothing was).  ``lines`` holds the items by line."""
    layout = _layout_era(spec, items, era)
    matches = _match_rows(spec, _runs(items), layout)
    # First the rows whose numbers are plain; they show at which column numbers start.
    value_cols = Counter()
    read: dict[str, list[Item]] = {}
    for match in matches:
        got = _plain_values(match, original)
        if got is not None:
            read[match.row.id] = got
            if got[0].grid and got[0].line == got[-1].line and len(lines[got[0].line]) > len(got):  # in line order
                value_cols[got[0].col] += 1
    value_col = value_cols.most_common(1)[0][0] if value_cols else None
    values: dict[tuple[str, str], Cell] = {}
    problems: list[str] = []
    last_line = None
    matched = {match.row.id for match in matches}
    for match in matches:
        cells = read.get(match.row.id) or _positional(match, lines, value_col)
        last_line = max(match.label[-1].line, last_line or 0)  # cells come in line order
        if cells is None:
            if match.row.era in ("all", layout):
                problems.append(_count_problem(match))
            continue
        filled = next((item for item in reversed(cells) if item.kind != "empty"), None)  # the last line a cell stands on
        if filled is not None and filled.line > last_line:
            last_line = filled.line
        for column, item in zip(match.columns, cells):
            values[(match.row.id, column)] = item.cell
    missing = [row for row in spec.rows if row.id not in matched and row.era in ("all", layout)]
    last = spec.row_index[matches[-1].row.id] if matches else -1
    trailing = [row for row in missing if spec.row_index[row.id] > last]
    for row in missing:
        if spec.row_index[row.id] <= last:
            problems.append(f"row {row.label} not found")
    if trailing and matches:
        problems.append(f"no row after {matches[-1].row.label}: {len(trailing)} rows missing ({trailing[0].label} … {trailing[-1].label})")
    if not matches:
        problems = [f"no row of the table {spec.title} was recognised"]
    return values, problems, last_line


@dataclass(slots=True)
class _Match:
    row: Row
    label: list[Item]
    columns: tuple[str, ...]
    values: list[Item] = field(default_factory=list)  # the value cells that follow the label


def _match_rows(spec: TableSpec, runs: list[_Run], layout: str) -> list[_Match]:
    """Rows found by their labels, in the printed order, each with the numbers that follow."""
    matches: list[_Match] = []
    pending: _Match | None = None
    header: tuple[str, ...] = ()
    next_row = 0
    for run in runs:
        if run.kind == "prose":
            pending = None
            continue
        if run.kind == "values":
            if pending is not None:
                pending.values = run.items
                pending = None
            continue
        hits, after = _labels_in(spec.key, next_row, run.text)
        for before, index, start, end in hits:
            header = before or header
            row = spec.rows[index]
            pending = _Match(row, _label_items(run.items, start, end), _row_columns(spec, row, header, layout))
            matches.append(pending)
            next_row = index + 1
        header = after or header
    return matches


@lru_cache(maxsize=4096)  # label runs repeat: every report prints the same labels
def _labels_in(key: str, next_row: int, text: str) -> tuple[tuple[tuple[tuple[str, ...], int, int, int], ...], tuple[str, ...]]:
    """The rows whose labels the joined text of a label run holds, looked for in printed order
    from row ``next_row`` on: (the columns named before the label, row index, start, end) for
    each, and the columns named after the last."""
    spec = specs()[key]
    hits = []
    offset = 0
    while True:
        found = None
        for index in range(next_row, min(next_row + _WINDOW, len(spec.rows))):
            pattern = spec.rows[index].pattern
            hit = pattern.search(text, offset) if pattern else None
            if hit:
                found = index, hit
                break
        if found is None:
            break
        index, hit = found
        hits.append((_header(spec, text[offset : hit.start()]), index, hit.start(), hit.end()))
        next_row, offset = index + 1, hit.end()
    return tuple(hits), _header(spec, text[offset:])


def _label_items(items: list[Item], start: int, end: int) -> list[Item]:
    """The cells of a label run that hold the characters [start, end) of its joined text."""
    if len(items) == 1:
        return items[:]  # the one cell, whether it holds them or not
    out, position = [], 0
    for item in items:
        length = len(squeeze(item.text))
        if position < end and position + length > start:
            out.append(item)
        position += length
    return out or items[-1:]


def _header(spec: TableSpec, text: str) -> tuple[str, ...]:
    """Column ids named in a stretch of header text, in the order they appear."""
    if not text:
        return ()
    found = []
    for column in spec.columns:
        if column.pattern is not None:
            hit = column.pattern.search(text)
            if hit:
                found.append((hit.start(), column.id))
    return tuple(column for _, column in sorted(found))


def _row_columns(spec: TableSpec, row: Row, header: tuple[str, ...], layout: str) -> tuple[str, ...]:
    if not row.columns:
        return spec.column_ids
    if header and row.any_era.issuperset(header):
        return header
    return row.columns.get(layout) or next(iter(row.columns.values()))


def _plain_values(match: _Match, original: str) -> list[Item] | None:
    """The numbers after the label when they are exactly as many as the row has columns, or
    when the surplus stands on later lines (a page number between rows), or when the table
    has one cell per line and a cell was broken by a space ("2 6"): that cell is kept whole,
    as text, so that it is reported rather than guessed."""
    wanted = len(match.columns)
    values = match.values
    if len(values) == wanted:
        return values
    if len(values) > wanted and values[wanted - 1].line != values[wanted].line and len({v.line for v in values[:wanted]}) == 1:
        return values[:wanted]
    lines = sorted({v.line for v in values})
    if len(values) > wanted and len(lines) == wanted and not any(v.grid for v in values):
        merged = []
        for line in lines:
            cells = [v for v in values if v.line == line]
            start, end = cells[0].cell.start, cells[-1].cell.end
            text = original[start:end]
            merged.append(Item("text" if len(cells) > 1 else cells[0].kind, text, Cell(text, start, end), line, cells[0].col, False))
        return merged
    return None


def _positional(match: _Match, lines: dict[int, list[Item]], value_col: int | None) -> list[Item] | None:
    """Values by position in a grid row, when a cell is empty: the row's cells from the
    column where numbers start in the other rows of the table."""
    if value_col is None or not match.values or not match.label[-1].grid:
        return None
    wanted = len(match.columns)
    line = lines[match.label[-1].line]
    if any(item.col >= value_col and item.kind in ("label", "prose") for item in line):
        return None
    cells = [item for item in line if value_col <= item.col < value_col + wanted]
    if len(cells) != wanted or [item.col for item in cells] != list(range(value_col, value_col + wanted)):
        return None
    if not any(item.kind == "number" for item in cells):
        return None
    return cells


def _count_problem(match: _Match) -> str:
    wanted, got = len(match.columns), len(match.values)
    if got == 0:
        return f"row {match.row.label}: no numbers after its label"
    shown = " ".join(item.text for item in match.values[:12])
    return f"row {match.row.label}: {got} numbers ({shown}) where {wanted} were expected, cannot tell which is which"


def _read_flat(spec: TableSpec, items: list[Item], lines: dict[int, list[Item]]) -> tuple[dict, list[str], int | None]:
    """Table 4: fifteen numbers after the header, block by block: the values, the problems and
    the last line read (None when nothing was).  ``lines`` holds the items by line."""
    wanted = [(row.id, column.id) for row in spec.rows for column in spec.columns]
    runs = _runs(items)
    cells: list[Item] = []
    for index, run in enumerate(runs):
        if run.kind == "prose" and cells:
            break
        if run.kind != "values" or not any(item.kind == "number" for item in run.items):
            if run.kind == "label" and cells and len(run.text) > 20:
                break
            continue
        if not cells and len(run.items) < len(wanted):
            positional = _flat_positional(run, lines, len(wanted))
            if positional is not None:
                cells = positional
                break
        cells.extend(run.items)
        if len(cells) >= len(wanted):
            break
    if len(cells) > len(wanted) and cells[len(wanted) - 1].line != cells[len(wanted)].line:
        cells = cells[: len(wanted)]
    if len(cells) != len(wanted):
        if not cells:
            return {}, [f"no numbers found under the header of the table {spec.title}"], None
        shown = " ".join(item.text for item in cells[:20])
        return {}, [f"{len(cells)} numbers ({shown}) where {len(wanted)} were expected, cannot tell which is which"], cells[-1].line
    return {key: item.cell for key, item in zip(wanted, cells)}, [], max((c.line for c in cells if c.kind != "empty"), default=None)


def _flat_positional(run: _Run, lines: dict[int, list[Item]], wanted: int) -> list[Item] | None:
    """A grid row of the wanted width in which some cells are empty."""
    line = lines[run.items[0].line]
    if any(item.kind in ("label", "prose") for item in line):
        return None
    cells = list(line)
    while len(cells) > wanted and cells[0].kind in ("empty", "span"):
        cells.pop(0)
    while len(cells) > wanted and cells[-1].kind in ("empty", "span"):
        cells.pop()
    return cells if len(cells) == wanted else None


# --- reading numbers -----------------------------------------------------------------------

_NUMBER = re.compile(r"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(万元|元|件|条|个|项|%)?$")
_BLANK = re.compile(r"[/\\—–\-－_×*]+|无")


def number(cell: Cell) -> tuple[float | int | None, str]:
    """The value of a cell and what kind of cell it is: ("ok", "empty", "blank", "text").

    Empty cells and dashes read as 0 (tables often leave zeros blank, PDF extraction drops
    lone zeros); text that is not a number reads as None.
    """
    return _number(cell.text)


@lru_cache(maxsize=4096)  # cells repeat: "0", "1", "/"
def _number(written: str) -> tuple[float | int | None, str]:
    if written.isdigit() and written.isascii():  # a count as most cells are: normalising leaves it as it is
        return int(written), "ok"
    text = normalize_string(written).strip()
    if not text:
        return 0, "empty"
    if _BLANK.fullmatch(text):
        return 0, "blank"
    hit = _NUMBER.match(text)
    if not hit:
        return None, "text"
    raw = hit.group(1).replace(",", "")
    value = float(raw) if "." in raw else int(raw)
    return value, "ok" if not hit.group(2) else f"unit:{hit.group(2)}"
