"""The shortcuts reading tables and checking their arithmetic take for speed give what the
plain way gives."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sample_tables import report_document

from auditor.parse import _table_cells, parse, tables
from auditor.parse.normalize import normalize_string
from auditor.read import from_text

ROOT = Path(__file__).resolve().parents[2]


def number_by_normalising(written: str) -> tuple[float | int | None, str]:
    """A cell's value as read before counts skipped normalisation: every cell normalised."""
    text = normalize_string(written).strip()
    if not text:
        return 0, "empty"
    if tables._BLANK.fullmatch(text):
        return 0, "blank"
    hit = tables._NUMBER.match(text)
    if not hit:
        return None, "text"
    raw = hit.group(1).replace(",", "")
    value = float(raw) if "." in raw else int(raw)
    return value, "ok" if not hit.group(2) else f"unit:{hit.group(2)}"


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("0123456789０１２³٣-—.,% \t元件*第页"), max_size=8))
def test_cell_numbers_read_as_when_every_cell_was_normalised(written):
    assert tables._number(written) == number_by_normalising(written)


def test_counts_read_as_when_every_cell_was_normalised():
    for written in ["0", "7", "007", "1234567", "12", "²", "١٢", "１２", "- 3 -"]:
        assert tables._number(written) == number_by_normalising(written)


def lines_one_cell_at_a_time(items) -> dict:
    lines: dict = {}
    for item in items:
        lines.setdefault(item.line, []).append(item)
    return lines


def test_cells_come_line_by_line_so_lines_group_as_one_cell_at_a_time(dev_items):
    """_read groups the cells of a line by runs of the same line number, which equals
    gathering them one at a time only if a line's cells stand together."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpora" / "reports").glob("*.txt"))]
    texts += [item["text"] for item in dev_items]
    streams = []
    for text in texts:
        report = parse(from_text(text))
        mapped = _table_cells.table_mapped(text)
        for spec in tables.specs().values():
            region = tables._region(report, mapped, spec)
            if region is not None:
                streams.append(_table_cells.from_text(text, mapped, *region))
    for era in ("2019", "2021"):
        for origin in ("html", "docx"):
            for pieces in (False, True):
                streams.append(_table_cells.from_document_table(report_document(era, origin, pieces=pieces).tables))
    for items in streams:
        assert tables._lines(items) == lines_one_cell_at_a_time(items)
    assert sum(len(items) for items in streams) > 10000
