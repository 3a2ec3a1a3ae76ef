"""Timeliness: published later than the statutory deadline for this kind of body."""
from __future__ import annotations

from .. import data
from ..parse.metadata import deadline
from ..types import Finding, Report
from . import Context, register


def deadlines(context: Context) -> dict[str, str]:
    """The deadline table: the shipped one, or a province's own TOML given as an option."""
    custom = context.options.get("deadlines")
    if custom:
        import tomllib

        with open(custom, "rb") as handle:
            return tomllib.load(handle)["deadlines"]
    return data.toml("deadlines.toml")["deadlines"]


@register("timeliness")
def check_timeliness(report: Report, context: Context) -> list[Finding]:
    due = deadline(report.year, report.level, deadlines(context))
    if report.published is None or due is None or report.published <= due:
        return []
    start, end = report.published_span or (None, None)
    days = (report.published - due).days
    return [
        Finding(
            "timeliness.late",
            "error",
            f"published {report.published.isoformat()}, {days} days after the deadline {due.isoformat()} for a {report.level} report",
            start,
            end,
            report.text[start:end] if start is not None else "",
            {"published": report.published.isoformat(), "deadline": due.isoformat(), "days_late": days},
        )
    ]
