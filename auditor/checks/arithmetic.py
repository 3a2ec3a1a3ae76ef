"""Tables: the identities printed in tables 3 and 4 (domain.md §4), and what contradicts them.

Errors for a broken identity (the table does not add up as printed); warnings for cells that
are not counts, fee amounts that look like 元 in a 万元 column, narrative numbers that differ
from table 3, last year's carry-over that does not match, and tables that could not be read.
Each finding points at the cell that is off (the total of the identity).
"""
from __future__ import annotations

import re

from .. import data
from ..parse.tables import TableSpec, number, specs
from ..types import Cell, Finding, Report, ReportTable
from . import Context, register

_APPLICANTS = ("natural_person", "business", "research", "public_interest", "legal_services", "other")
_REVIEW_PARTS = ("upheld", "corrected", "other", "pending")


@register("tables")
def check_tables(report: Report, context: Context) -> list[Finding]:
    findings: list[Finding] = []
    for table in report.tables:
        spec = specs()[table.key]
        findings += unreadable(report, table, spec)
        values, bad = _values(report, table, spec)
        findings += bad
        if table.key == "requests":
            findings += column_identity(report, table, spec, values)
            findings += results_total(report, table, spec, values)
            findings += row_total(report, table, spec, values)
        elif table.key == "review":
            findings += review_block(report, table, spec, values)
        elif table.key == "proactive":
            findings += fee_unit(report, table, spec, values)
    findings += narrative_mismatch(report)
    findings += carry_over(report, context)
    return findings


def _finding(report: Report, check: str, severity: str, message: str, cell: Cell | None, **extra) -> Finding:
    if cell is None:
        return Finding(check, severity, message, data=extra)
    return Finding(check, severity, message, cell.start, cell.end, report.text[cell.start : cell.end], extra)


def _name(spec: TableSpec, row: str, column: str | None = None) -> str:
    label = spec.row(row).label
    return f"{label}, {spec.column(column).label}" if column else label


def _show(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _values(report: Report, table: ReportTable, spec: TableSpec) -> tuple[dict, list[Finding]]:
    """Cell values by (row, column); cells that are not counts become warnings and None."""
    values: dict[tuple[str, str], float | int | None] = {}
    findings = []
    for (row, column), cell in table.values.items():
        value, kind = number(cell)
        problem = None
        if value is None:
            problem = f"{cell.text!r} is not a number"
        elif value < 0 and column not in spec.signed:
            problem = f"{_show(value)} is negative"
        elif isinstance(value, float) and column not in spec.amounts:
            problem = f"{_show(value)} is not a whole number"
        if problem:
            problem = f"table {spec.table}, {_name(spec, row, column)}: {problem}"
            findings.append(_finding(report, "tables.bad_cell", "warning", problem, cell, table=table.key, row=row, column=column, value=cell.text))
            if value is not None and value < 0 and isinstance(value, int):
                values[(row, column)] = value
            else:
                values[(row, column)] = None
            continue
        values[(row, column)] = value
    return values, findings


def _sum(values: dict, keys: list[tuple[str, str]]) -> float | int | None:
    parts = [values.get(key) for key in keys]
    if any(part is None for part in parts):
        return None
    return sum(parts)


def _result_rows(spec: TableSpec, table: ReportTable) -> list[str]:
    """The result rows that （七）总计 adds up: （六）其他处理 is one row in the 2019 format and
    three in 2021; the table says which one it follows."""
    present = {row for row, _ in table.values}
    era = "2021" if any(r.era == "2021" and r.id in present for r in spec.rows if r.result) else "2019"
    return [r.id for r in spec.rows if r.result and r.era in ("all", era)]


def column_identity(report: Report, table: ReportTable, spec: TableSpec, values: dict) -> list[Finding]:
    """一 + 二 = 三（七）总计 + 四, column by column."""
    findings = []
    for column in spec.column_ids:
        left = _sum(values, [("received", column), ("carried", column)])
        right = _sum(values, [("results.total", column), ("carried_forward", column)])
        if left is None or right is None or left == right:
            continue
        v = {row: values[(row, column)] for row in ("received", "carried", "results.total", "carried_forward")}
        message = (
            f"table 3, column {spec.column(column).label}: 一 本年新收 ({_show(v['received'])}) + 二 上年结转 ({_show(v['carried'])}) = {_show(left)}, "
            f"but 三（七）总计 ({_show(v['results.total'])}) + 四 结转下年度 ({_show(v['carried_forward'])}) = {_show(right)} (identity 一+二=三+四)"
        )
        findings.append(_finding(report, "tables.column_identity", "error", message, table.values[("results.total", column)],
                                 identity="column_identity", column=column, left=left, right=right, cells=v))
    return findings


def results_total(report: Report, table: ReportTable, spec: TableSpec, values: dict) -> list[Finding]:
    """（七）总计 = the sum of the result rows above it, column by column."""
    findings = []
    rows = _result_rows(spec, table)
    for column in spec.column_ids:
        if ("results.total", column) not in values:
            continue
        total = values[("results.total", column)]
        parts = _sum(values, [(row, column) for row in rows])
        if total is None or parts is None or total == parts:
            continue
        message = (
            f"table 3, column {spec.column(column).label}: （七）总计 is {_show(total)}, "
            f"but the result rows （一）–（六） add up to {_show(parts)} (identity results_total)"
        )
        findings.append(_finding(report, "tables.results_total", "error", message, table.values[("results.total", column)],
                                 identity="results_total", column=column, total=total, sum=parts, rows=rows))
    return findings


def row_total(report: Report, table: ReportTable, spec: TableSpec, values: dict) -> list[Finding]:
    """Per row: 自然人 + the five 法人或其他组织 columns = 总计."""
    findings = []
    for row in dict.fromkeys(row for row, _ in table.values):  # each row once, in order
        if (row, "total") not in values:
            continue
        total = values[(row, "total")]
        parts = _sum(values, [(row, column) for column in _APPLICANTS])
        if total is None or parts is None or total == parts:
            continue
        message = f"table 3, row {spec.row(row).label}: 总计 is {_show(total)}, but 自然人 + 法人或其他组织 add up to {_show(parts)} (identity row_total)"
        findings.append(_finding(report, "tables.row_total", "error", message, table.values[(row, "total")],
                                 identity="row_total", row=row, total=total, sum=parts))
    return findings


def review_block(report: Report, table: ReportTable, spec: TableSpec, values: dict) -> list[Finding]:
    """Table 4, each block: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计."""
    findings = []
    for row in spec.rows:
        if (row.id, "total") not in values:
            continue
        total = values[(row.id, "total")]
        parts = _sum(values, [(row.id, column) for column in _REVIEW_PARTS])
        if total is None or parts is None or total == parts:
            continue
        message = f"table 4, {row.label}: 总计 is {_show(total)}, but 结果维持 + 结果纠正 + 其他结果 + 尚未审结 add up to {_show(parts)} (identity review_block)"
        findings.append(_finding(report, "tables.review_block", "error", message, table.values[(row.id, "total")],
                                 identity="review_block", block=row.id, total=total, sum=parts))
    return findings


def fee_unit(report: Report, table: ReportTable, spec: TableSpec, values: dict) -> list[Finding]:
    """Since 2021 table 2's fee amount is in 万元; a large amount or a 元 unit suggests 元."""
    cell = table.values.get(("fees", "fee_amount"))
    if cell is None:
        return []
    value, kind = number(cell)
    limit = data.toml("tables.toml")["checks"]["fee_wanyuan_max"]
    if value is None:
        return []
    if kind == "unit:元" or value > limit:
        reason = "is written in 元" if kind == "unit:元" else f"is above {limit} 万元 ({_show(value)} 万元 = {_show(value * 10000)} 元)"
        message = f"table 2, 行政事业性收费 本年收费金额（单位：万元）: {cell.text} {reason}; the amount looks like 元 rather than 万元"
        return [_finding(report, "tables.fee_unit", "warning", message, cell, value=value, limit=limit)]
    return []


def unreadable(report: Report, table: ReportTable, spec: TableSpec) -> list[Finding]:
    """A table that is there but could not be read (in whole or in part), and why."""
    if not table.problems:
        return []
    how = "could not be read" if not table.values else "could be read only in part"
    shown = "; ".join(table.problems[:3]) + (f"; and {len(table.problems) - 3} more" if len(table.problems) > 3 else "")
    message = f"table {spec.table} ({spec.title}) {how}: {shown}"
    start, end = table.table.start, table.table.end
    return [Finding("tables.unreadable", "warning", message, start, end, report.text[start:end],
                    {"table": table.key, "problems": list(table.problems), "cells_read": len(table.values)})]


def _table(report: Report, key: str) -> ReportTable | None:
    return next((t for t in report.tables if t.key == key), None)


def narrative_mismatch(report: Report) -> list[Finding]:
    """"收到政府信息公开申请X件" in the text, against table 3's 一、本年新收 总计."""
    table = _table(report, "requests")
    cell = table.values.get(("received", "total")) if table else None
    if cell is None:
        return []
    expected, _ = number(cell)
    if expected is None:
        return []
    mapped = getattr(report, "normalized", None)
    if mapped is None:
        return []
    patterns = data.toml("tables.toml")["narrative"]
    other_year = re.compile(patterns["other_year"])
    spans = [(t.table.start, t.table.end) for t in report.tables]
    statements = []
    for stated_none, sources in ((False, patterns["received"]), (True, patterns["none"])):
        for source in sources:
            for hit in re.finditer(source, mapped.text):
                start, end = mapped.span(hit.start(), hit.end())
                if any(s <= start < e for s, e in spans):
                    continue
                before = mapped.text[max(0, hit.start() - 8) : hit.start()]
                if other_year.search(before) or _other_year(before, report.year):
                    continue
                statements.append((0 if stated_none else int(hit.group("n")), start, end))
    if any(stated == expected for stated, _, _ in statements):
        return []  # the others count something wider (全市各级行政机关) or narrower
    findings = []
    for stated, start, end in sorted(set(statements), key=lambda s: s[1]):
        text = report.text[start:end]
        message = f"the text says {text!r} ({stated}), but table 3 一、本年新收 总计 is {_show(expected)}"
        findings.append(Finding("tables.narrative_mismatch", "warning", message, start, end, text,
                                {"stated": stated, "table": expected, "cell": {"start": cell.start, "end": cell.end}}))
    return findings


def _other_year(before: str, year: int | None) -> bool:
    years = re.findall(r"(?:19|20)\d\d", before)
    return bool(year and years and int(years[-1]) != year)


def carry_over(report: Report, context: Context) -> list[Finding]:
    """This year's 二、上年结转 against last year's 四、结转下年度继续办理."""
    table = _table(report, "requests")
    if table is None or report.year is None:
        return []
    spec = specs()["requests"]
    findings = []
    for previous in context.previous:
        if previous.year != report.year - 1:
            continue
        last = _table(previous, "requests")
        if last is None:
            continue
        differ = {}
        for column in spec.column_ids:
            now_cell, then_cell = table.values.get(("carried", column)), last.values.get(("carried_forward", column))
            if now_cell is None or then_cell is None:
                continue
            now, then = number(now_cell)[0], number(then_cell)[0]
            if now is not None and then is not None and now != then:
                differ[column] = (now, then)
        if not differ:
            continue
        column = "total" if "total" in differ else next(iter(differ))
        shown = ", ".join(f"{spec.column(c).label} {_show(a)} vs {_show(b)}" for c, (a, b) in differ.items())
        message = (
            f"table 3 二、上年结转 differs from the {previous.year} report's 四、结转下年度继续办理 "
            f"(this year vs last year: {shown})"
        )
        findings.append(_finding(report, "tables.carry_over", "warning", message, table.values[("carried", column)],
                                 previous_year=previous.year, previous_source=previous.document.source,
                                 columns={c: list(v) for c, v in differ.items()}))
    return findings
