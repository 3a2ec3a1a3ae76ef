"""Reading tables 2, 3 and 4 into named cells, whatever shape they arrive in."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.parse import parse
from auditor.parse.tables import number, read_tables, specs
from auditor.read import from_text
from sample_tables import LAYOUTS, expected_values, report_document, report_text


def _read(report, key):
    return next(t for t in report.tables if t.key == key)


def _printed(report, table):
    return {key: report.text[cell.start : cell.end] for key, cell in table.values.items()}


def _all_values(report):
    out = {}
    for table in report.tables:
        assert table.problems == [], (table.key, table.problems)
        out.update({key: cell.text for key, cell in table.values.items()})
    return out


def test_example_report_tables_are_read_in_the_2019_layout(xihu):
    assert [t.key for t in xihu.tables] == ["proactive", "requests", "review"]
    for table in xihu.tables:
        assert table.problems == []
        for cell in table.values.values():
            assert xihu.text[cell.start : cell.end] == cell.text
    proactive, requests, review = xihu.tables
    assert len(proactive.values) == 22 and len(requests.values) == 23 * 7 and len(review.values) == 15
    # One row under （六）其他处理 (the 2019 format), and （七）总计 found although printed as "(七)总".
    rows = {row for row, _ in requests.values}
    assert "results.other" in rows and "results.other.no_correction" not in rows
    assert requests.values[("results.total", "total")].text == "0"
    assert {key: cell.text for key, cell in proactive.values.items() if cell.text != "0"} == {
        ("licensing", "previous_items"): "3",
        ("other_services", "previous_items"): "108",
    }
    # The PDF lost the first number of 6.属于四类过程性信息: the cell stays empty, in its column.
    assert {key: cell.text for key, cell in requests.values.items() if cell.text != "0"} == {
        ("results.withheld.process", "natural_person"): "",
    }
    assert all(cell.text == "0" for cell in review.values.values())


@pytest.mark.parametrize("era", ["2019", "2021"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_text_tables_are_read_in_every_layout(era, layout):
    report = parse(from_text(report_text(era, layout)))
    assert [t.key for t in report.tables] == ["proactive", "requests", "review"]
    assert _all_values(report) == expected_values(era)
    for table in report.tables:
        assert _printed(report, table) == {key: cell.text for key, cell in table.values.items()}


@pytest.mark.parametrize("era", ["2019", "2021"])
@pytest.mark.parametrize("origin, pieces", [("html", False), ("docx", True), ("pdf", False)])
def test_reader_tables_with_merged_cells_are_read(era, origin, pieces):
    document = report_document(era, origin, pieces=pieces)
    report = parse(document)
    assert _all_values(report) == expected_values(era)
    assert {t.table.origin for t in report.tables} == {origin}
    for table in report.tables:
        assert _printed(report, table) == {key: cell.text for key, cell in table.values.items()}


def test_2021_table_3_has_three_rows_under_other_processing():
    table = _read(parse(from_text(report_text("2021", "tab"))), "requests")
    rows = {row for row, _ in table.values}
    assert {"results.other.no_correction", "results.other.no_fee", "results.other.other"} <= rows
    assert "results.other" not in rows
    assert table.values[("results.other.no_correction", "natural_person")].text == "1"


def test_table_2_columns_follow_the_header_of_each_block():
    # A 2021 report that kept the 2019 headers for 第二十条第（一）项 (seen in real reports).
    text = report_text("2021", "lines").replace("本年制发件数\n本年废止件数\n现行有效件数", "本年新制作数量\n本年新公开数量\n对外公开总数量")
    table = _read(parse(from_text(text)), "proactive")
    assert table.problems == []
    assert table.values[("normative_documents", "total_public")].text == "10"
    assert table.values[("licensing", "decisions")].text == "30"
    assert table.values[("fees", "fee_amount")].text == "1.25"


def test_labels_broken_and_mangled_by_pdf_extraction_are_recognised():
    text = report_text("2019", "tab")
    text = text.replace("（二）部分公开", "P分公开").replace("（一）予以公开", "(一) 引\t5以公开")
    text = text.replace("（七）总计", "(七)总").replace("一、本年新收政府信息公开申请数量", "一、才\t卜年新 收政\t府信息公开申请数量")
    table = _read(parse(from_text(text)), "requests")
    assert table.problems == []
    assert table.values[("results.public", "total")].text == "2"
    assert table.values[("results.partial", "natural_person")].text == "1"
    assert table.values[("results.total", "total")].text == "4"
    assert table.values[("received", "total")].text == "5"


def test_empty_grid_cell_is_kept_in_its_column():
    text = report_text("2021", "tab").replace("4.保护第三方合法权益\t0\t0", "4.保护第三方合法权益\t\t0")
    table = _read(parse(from_text(text)), "requests")
    assert table.problems == []
    assert table.values[("results.withheld.third_party", "natural_person")].text == ""
    assert table.values[("results.withheld.third_party", "business")].text == "0"


def test_cell_broken_by_a_space_is_kept_whole_not_guessed():
    text = report_text("2021", "lines").replace("行政处罚\n20", "行政处罚\n2 0")
    table = _read(parse(from_text(text)), "proactive")
    cell = table.values[("penalties", "decisions")]
    assert cell.text == "2 0"
    assert number(cell) == (None, "text")


def test_page_number_between_rows_is_ignored():
    text = report_text("2021", "space").replace("3.补正后申请内容仍不明确 0 0 0 0 0 0 0\n", "3.补正后申请内容仍不明确 0 0 0 0 0 0 0\n\n3\n\n")
    table = _read(parse(from_text(text)), "requests")
    assert table.problems == []
    assert table.values[("results.not_processed.petition", "total")].text == "0"


def test_row_with_a_lost_number_is_reported_not_guessed():
    text = report_text("2021", "space").replace("2.重复申请 0 0 0 0 0 0 0", "2.重复申请 0 0 0 0 0 0")
    table = _read(parse(from_text(text)), "requests")
    assert not any(row == "results.not_processed.repeated" for row, _ in table.values)
    assert table.problems == ["row （五）不予处理 2.重复申请: 6 numbers (0 0 0 0 0 0) where 7 were expected, cannot tell which is which"]
    assert table.values[("results.total", "total")].text == "5"


def test_omitted_table_is_present_and_says_why():
    text = "某某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n〔表格略〕\n三、收到和处理政府信息公开申请情况\n本年度未收到申请。\n"
    (table,) = parse(from_text(text)).tables
    assert table.key == "proactive" and table.values == {}
    assert "the table is left out of the text (〔表格略〕)" in table.problems


def test_numbers_glued_to_labels_are_reported():
    text = "某某局2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章555规范性文件141414\n"
    (table,) = parse(from_text(text)).tables
    assert table.values == {}
    assert any("glued" in problem for problem in table.problems)


def test_truncated_excerpt_says_the_text_ends_inside_the_table():
    text = report_text("2021", "pipe")
    text = text[: text.index("| 5.属于三类内部事务信息")]
    table = _read(parse(from_text(text)), "requests")
    assert table.values[("results.withheld.third_party", "total")].text == "0"
    assert table.problems[-1] == "the text ends inside the table (an excerpt?)"
    assert table.problems[0].startswith("no row after （三）不予公开 4.保护第三方合法权益: 17 rows missing")


def test_narrative_alone_is_not_a_table():
    text = "某某镇2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n全年新收政府信息公开申请3件，上年结转0件。\n四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼。\n"
    assert parse(from_text(text)).tables == []


def test_tables_are_found_when_the_section_headings_are_not():
    text = report_text("2021", "tab")
    for heading in ("二、主动公开政府信息情况\n", "三、收到和处理政府信息公开申请情况\n", "四、政府信息公开行政复议、行政诉讼情况\n"):
        text = text.replace(heading, "")
    report = parse(from_text(text))
    assert _all_values(report) == expected_values("2021")


def test_number_reads_counts_amounts_and_blanks():
    from auditor.types import Cell

    assert number(Cell("12", 0, 2)) == (12, "ok")
    assert number(Cell("１２", 0, 2)) == (12, "ok")
    assert number(Cell("3,106.58", 0, 8)) == (3106.58, "ok")
    assert number(Cell("84565元", 0, 6)) == (84565, "unit:元")
    assert number(Cell("", 0, 0)) == (0, "empty")
    assert number(Cell("—", 0, 1)) == (0, "blank")
    assert number(Cell("1O", 0, 2)) == (None, "text")


_FRAGMENTS = ["一、本年新收政府信息公开申请数量", "（七）总", "申请人情况", "自然人", "第二十条第（一）项", "规章", "行政事业性收费",
              "结果维持", "复议后起诉", "未经复议直接起诉", "〔表格略〕", "0", "12", "-3", "3.5", "|", "\t", " ", "\n", "。", "四、", "总计"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=80))
def test_reading_never_crashes_on_table_debris(pieces):
    report = parse(from_text("某某局2021年政府信息公开工作年度报告\n" + "".join(pieces)))
    for table in read_tables(report):
        for cell in table.values.values():
            assert report.text[cell.start : cell.end] == cell.text
        assert table.values or table.problems


def test_table_under_the_wrong_heading_is_still_found():
    # Table 3 printed before its own heading, at the end of section 二.
    text = report_text("2021", "tab").replace("三、收到和处理政府信息公开申请情况\n", "")
    text = text.replace("四、政府信息公开行政复议", "三、收到和处理政府信息公开申请情况\n情况如上表。\n四、政府信息公开行政复议")
    report = parse(from_text(text))
    assert report.section("requests").start > report.text.index("（七）总计")
    assert _all_values(report) == expected_values("2021")


@pytest.mark.parametrize("era", ["2019", "2021"])
def test_html_file_tables_are_read_through_the_reader(era, tmp_path):
    from auditor.read import read
    from sample_tables import report_html

    path = tmp_path / "report.html"
    path.write_text(report_html(era), encoding="utf-8")
    report = parse(read(path))
    assert {t.table.origin for t in report.tables} == {"html"}
    assert _all_values(report) == expected_values(era)


@pytest.mark.parametrize("era", ["2019", "2021"])
def test_docx_file_tables_are_read_through_the_reader(era, tmp_path):
    from auditor.read import read
    from sample_tables import write_docx

    write_docx(tmp_path / "report.docx", era)
    report = parse(read(tmp_path / "report.docx"))
    assert {t.table.origin for t in report.tables} == {"docx"}
    assert _all_values(report) == expected_values(era)


def test_shipped_tables_name_each_row_and_column_once():
    """Rows and cells are looked up by id (a row's place among the rows, a value's key)."""
    for spec in specs().values():
        rows, columns = [row.id for row in spec.rows], [column.id for column in spec.columns]
        assert len(rows) == len(set(rows)), spec.key
        assert len(columns) == len(set(columns)), spec.key
