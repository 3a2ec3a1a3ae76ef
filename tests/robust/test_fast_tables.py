"""The shortcuts reading tables takes for speed give what the plain way gives."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.parse import tables
from auditor.parse.normalize import normalize_string


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



def test_row_places_gathered_once_are_those_the_rows_give():
    for spec in tables.specs().values():
        assert [spec.row_index[row.id] for row in spec.rows] == [spec.rows.index(row) for row in spec.rows]
        assert spec.column_ids == tuple(column.id for column in spec.columns)
        for row in spec.rows:
            assert row.any_era == {column for columns in row.columns.values() for column in columns}


def test_a_repeated_row_id_keeps_the_place_of_its_first_row():
    first, again = tables.Row("a", "甲", None), tables.Row("a", "乙", None)
    spec = tables.TableSpec("t", 3, "t", (), (), (first, tables.Row("b", "丙", None), again))
    assert spec.row_index == {"a": 0, "b": 1}
    assert spec.row("a") is first


def test_row_columns_cannot_change_under_what_is_gathered_from_them():
    columns = {"2021": ("total",)}
    row = tables.Row("a", "甲", None, columns=columns)
    columns["2019"] = ("other",)  # the dict it was made from changes nothing
    assert row.any_era == {"total"} and dict(row.columns) == {"2021": ("total",)}
    with pytest.raises(TypeError):
        row.columns["2019"] = ("other",)
