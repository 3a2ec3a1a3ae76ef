"""Timeliness: published later than the statutory deadline for this kind of body."""
from __future__ import annotations

from .. import data
from ..errors import DataError
from ..parse.metadata import deadline
from ..types import Finding, Report
from . import Context, register


def deadlines(context: Context) -> dict[str, str]:
    """The deadline table: the shipped one, or a province's own TOML given as an option."""
    custom = context.options.get("deadlines")
    return load_deadlines(custom) if custom else data.toml("deadlines.toml")["deadlines"]


def load_deadlines(path: str) -> dict[str, str]:
    """A province's deadlines file, checked: a [deadlines] table of "MM-DD" per kind of body."""
    import datetime as dt
    import tomllib

    try:
        with open(path, "rb") as handle:
            table = tomllib.load(handle).get("deadlines")
    except FileNotFoundError:
        raise DataError("E031", path=path, reason="no such file") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataError("E031", path=path, reason=str(error)) from None
    kinds = data.toml("deadlines.toml")["deadlines"].keys()
    if not isinstance(table, dict) or set(kinds) - set(table):
        raise DataError("E031", path=path, reason=f"needs a [deadlines] table with {', '.join(kinds)}")
    for kind, value in table.items():
        try:
            dt.date(2001, *(int(part) for part in str(value).split("-")))
        except (TypeError, ValueError):
            raise DataError("E031", path=path, reason=f"{kind} = {value!r} is not a month-day like \"01-31\"") from None
    return table


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
