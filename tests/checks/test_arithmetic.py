"""The identities of tables 3 and 4 (domain.md §4) and the warnings around them."""
from __future__ import annotations

import pytest

from auditor.checks import Context, run_checks
from auditor.parse import parse
from auditor.read import from_text
from sample_tables import LAYOUTS, report_document, report_text


def _check(report, previous=()):
    findings = run_checks(report, Context(previous=list(previous)), ["tables"])
    for finding in findings:
        if finding.start is not None:
            assert report.text[finding.start : finding.end] == finding.text
    return findings


def _summary(findings):
    return sorted((f.check, f.severity, f.data.get("row") or f.data.get("block"), f.data.get("column")) for f in findings)


def test_example_report_tables_pass(xihu):
    assert _check(xihu) == []


@pytest.mark.parametrize("era", ["2019", "2021"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_consistent_text_tables_pass(era, layout):
    assert _check(parse(from_text(report_text(era, layout)))) == []


@pytest.mark.parametrize("era", ["2019", "2021"])
@pytest.mark.parametrize("origin", ["html", "docx", "pdf"])
def test_consistent_reader_tables_pass(era, origin):
    assert _check(parse(report_document(era, origin))) == []


# One printed cell changed, and every identity it takes part in: a cell of table 3 sits in
# one row total and in one column identity (一+二=三+四 or （七）总计 = the result rows).
BROKEN = [
    ({("received", "natural_person"): "4"}, [("tables.column_identity", "error", None, "natural_person"), ("tables.row_total", "error", "received", None)]),
    ({("carried_forward", "total"): "2"}, [("tables.column_identity", "error", None, "total"), ("tables.row_total", "error", "carried_forward", None)]),
    ({("results.public", "business"): "2"}, [("tables.results_total", "error", None, "business"), ("tables.row_total", "error", "results.public", None)]),
    ({("results.withheld.inquiry", "research"): "1"}, [("tables.results_total", "error", None, "research"), ("tables.row_total", "error", "results.withheld.inquiry", None)]),
    ({("results.total", "legal_services"): "0"},
     [("tables.column_identity", "error", None, "legal_services"), ("tables.results_total", "error", None, "legal_services"), ("tables.row_total", "error", "results.total", None)]),
    ({("litigation_direct", "total"): "2"}, [("tables.review_block", "error", "litigation_direct", None)]),
    ({("reconsideration", "pending"): "0"}, [("tables.review_block", "error", "reconsideration", None)]),
    ({("results.withheld.internal", "other"): "O"}, [("tables.bad_cell", "warning", "results.withheld.internal", "other")]),
    ({("results.partial", "research"): "0.5"}, [("tables.bad_cell", "warning", "results.partial", "research")]),
    ({("litigation_after", "upheld"): "x"}, [("tables.bad_cell", "warning", "litigation_after", "upheld")]),
]


@pytest.mark.parametrize("layout", ["tab", "lines"])
@pytest.mark.parametrize("change, expected", BROKEN, ids=[next(iter(c)) [0] + "." + next(iter(c))[1] for c, _ in BROKEN])
def test_one_broken_cell_gives_exactly_its_findings(change, expected, layout):
    findings = _check(parse(from_text(report_text("2021", layout, change))))
    assert _summary(findings) == sorted(expected)


def test_column_identity_names_both_sides():
    report = parse(from_text(report_text("2021", "tab", {("received", "natural_person"): "4"})))
    (finding,) = [f for f in _check(report) if f.check == "tables.column_identity"]
    assert finding.data["left"] == 5 and finding.data["right"] == 4
    assert "自然人" in finding.message and "(4) + 二 上年结转 (1) = 5" in finding.message and "= 4" in finding.message
    # It points at the （七）总计 cell of the column.
    table = next(t for t in report.tables if t.key == "requests")
    cell = table.values[("results.total", "natural_person")]
    assert (finding.start, finding.end, finding.text) == (cell.start, cell.end, "3")


def test_row_total_names_the_row_and_both_values():
    report = parse(from_text(report_text("2019", "pipe", {("results.public", "business"): "2"})))
    (finding,) = [f for f in _check(report) if f.check == "tables.row_total"]
    assert finding.data == {"identity": "row_total", "row": "results.public", "total": 2, "sum": 3}
    assert "（一）予以公开" in finding.message and "总计 is 2" in finding.message and "add up to 3" in finding.message
    assert finding.text == "2"


def test_results_total_counts_other_processing_by_era():
    # 2021: the three rows under （六）其他处理 are summed (one of them holds 1).
    report = parse(from_text(report_text("2021", "space", {("results.other.no_fee", "natural_person"): "1", ("results.other.no_fee", "total"): "1"})))
    findings = [f for f in _check(report) if f.check == "tables.results_total"]
    assert [(f.data["column"], f.data["total"], f.data["sum"]) for f in findings] == [("natural_person", 3, 4), ("total", 5, 6)]
    assert "results.other.no_fee" in findings[0].data["rows"] and "results.other" not in findings[0].data["rows"]
    # 2019: the single （六）其他处理 row.
    report = parse(from_text(report_text("2019", "space", {("results.other", "natural_person"): "1", ("results.other", "total"): "1"})))
    findings = [f for f in _check(report) if f.check == "tables.results_total"]
    assert [(f.data["column"], f.data["total"], f.data["sum"]) for f in findings] == [("natural_person", 2, 3), ("total", 4, 5)]
    assert "results.other" in findings[0].data["rows"]


def test_review_block_names_the_block_and_both_values():
    report = parse(report_document("2019", "html", {("litigation_direct", "total"): "2"}))
    (finding,) = _check(report)
    assert finding.check == "tables.review_block" and finding.severity == "error"
    assert finding.data == {"identity": "review_block", "block": "litigation_direct", "total": 2, "sum": 1}
    assert "未经复议直接起诉" in finding.message and "总计 is 2" in finding.message


def test_negative_count_is_a_bad_cell_but_2019_change_column_may_be_negative():
    findings = _check(parse(from_text(report_text("2021", "tab", {("licensing", "decisions"): "-3"}))))
    assert _summary(findings) == [("tables.bad_cell", "warning", "licensing", "decisions")]
    assert "-3 is negative" in findings[0].message and findings[0].text == "-3"
    # The sample 2019 table already holds 本年增/减 = -1 for 行政处罚.
    assert _check(parse(from_text(report_text("2019", "tab")))) == []


def test_2021_fee_amount_in_yuan_is_a_warning():
    findings = _check(parse(from_text(report_text("2021", "pipe", {("fees", "fee_amount"): "3500"}))))
    assert _summary(findings) == [("tables.fee_unit", "warning", None, None)]
    assert findings[0].text == "3500" and "万元" in findings[0].message and findings[0].data["value"] == 3500
    findings = _check(parse(from_text(report_text("2021", "tab", {("fees", "fee_amount"): "12500元"}))))
    assert [f.check for f in findings] == ["tables.fee_unit"]
    # 2019: the fee row counts items, not money.
    assert _check(parse(from_text(report_text("2019", "tab", {("fees", "previous_items"): "3500"})))) == []


def test_narrative_number_contradicting_table_3_is_a_warning():
    report = parse(from_text(report_text("2021", "tab", narrative="2021年，本机关共收到政府信息公开申请 6 件，均按时答复。")))
    (finding,) = _check(report)
    assert finding.check == "tables.narrative_mismatch" and finding.severity == "warning"
    assert finding.text == "收到政府信息公开申请 6 件"
    assert finding.data["stated"] == 6 and finding.data["table"] == 5


def test_narrative_saying_no_request_contradicts_a_table_with_requests():
    report = parse(from_text(report_text("2021", "tab", narrative="本年度未收到政府信息公开申请。")))
    (finding,) = _check(report)
    assert finding.check == "tables.narrative_mismatch" and finding.data["stated"] == 0


def test_narrative_about_a_wider_scope_is_not_a_contradiction_when_another_matches():
    narrative = "全市各级行政机关共受理依申请公开312件，其中本机关新收申请5件。"
    assert _check(parse(from_text(report_text("2021", "tab", narrative=narrative)))) == []


def test_carry_over_against_last_years_report():
    this_year = parse(from_text(report_text("2021", "tab")))
    last_year = parse(from_text(report_text("2019", "tab").replace("2020年", "2020年")))
    assert last_year.year == 2020 and this_year.year == 2021
    # Last year's 结转下年度 总计 is 2 (自然人 2); this year's 上年结转 is 1 (自然人 1).
    (finding,) = _check(this_year, [last_year])
    assert finding.check == "tables.carry_over" and finding.severity == "warning"
    assert finding.data["columns"] == {"natural_person": [1, 2], "total": [1, 2]}
    assert "自然人 1 vs 2" in finding.message and "总计 1 vs 2" in finding.message
    carried = next(t for t in this_year.tables if t.key == "requests").values[("carried", "total")]
    assert (finding.start, finding.end) == (carried.start, carried.end)


def test_carry_over_is_only_checked_against_the_year_before():
    this_year = parse(from_text(report_text("2021", "tab")))
    older = parse(from_text(report_text("2019", "tab").replace("2020年", "2019年").replace("2021年1月", "2020年1月")))
    assert older.year == 2019
    assert _check(this_year, [older]) == []


def test_unreadable_row_is_a_finding_that_says_why():
    report = parse(from_text(report_text("2021", "space").replace("2.重复申请 0 0 0 0 0 0 0", "2.重复申请 0 0 0 0 0 0")))
    (finding,) = _check(report)
    assert finding.check == "tables.unreadable" and finding.severity == "warning"
    assert "could be read only in part" in finding.message and "2.重复申请: 6 numbers" in finding.message
    assert finding.text.startswith("（本列数据的勾稽关系为")


def test_table_left_out_of_the_page_is_a_finding():
    text = "某某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n〔表格略〕\n三、收到和处理政府信息公开申请情况\n"
    (finding,) = _check(parse(from_text(text)))
    assert finding.check == "tables.unreadable"
    assert "could not be read" in finding.message and "〔表格略〕" in finding.message


def test_broken_identity_in_a_web_page_points_into_the_text_as_read(tmp_path):
    from auditor.read import read
    from sample_tables import report_html

    path = tmp_path / "report.html"
    path.write_text(report_html("2021", {("results.total", "total"): "6"}), encoding="utf-8")
    report = parse(read(path))
    findings = _check(report)
    assert _summary(findings) == [
        ("tables.column_identity", "error", None, "total"),
        ("tables.results_total", "error", None, "total"),
        ("tables.row_total", "error", "results.total", None),
    ]
    assert {f.text for f in findings} == {"6"}
    line_start = report.text.rindex("\n", 0, findings[0].start) + 1
    assert report.text[line_start : findings[0].end] == "（七）总计\t\t3\t1\t0\t0\t1\t0\t6"


def test_audit_against_last_years_file_checks_the_carry_over(tmp_path):
    from auditor.api import audit

    (tmp_path / "2021.txt").write_text(report_text("2021", "space"), encoding="utf-8")
    (tmp_path / "2020.txt").write_text(report_text("2019", "pipe"), encoding="utf-8")
    result = audit(tmp_path / "2021.txt", against=[tmp_path / "2020.txt"], checks=["tables"])
    assert [f.check for f in result.findings] == ["tables.carry_over"]
