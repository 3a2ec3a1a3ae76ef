"""Whether a text is a 政府信息公开工作年度报告 at all (E012).

Auditing a news item, a work summary or mojibake as a report would list every requirement
as missing and score it, which reads as a verdict on a report.  Instead such a text gets one
finding, ``structure.not_a_report``, and no score.  The test is deliberately one-sided (see
data/report_kind.toml): every signal of a report must be absent, so real excerpts pass.
"""
from __future__ import annotations

from .. import data
from ..errors import Errors
from ..types import Finding, Report, Verdict

CHECK = "structure.not_a_report"


def not_a_report(report: Report, verdicts: list[Verdict]) -> Finding | None:
    """The ``structure.not_a_report`` finding when nothing in ``report`` looks like a report."""
    rules = data.toml("report_kind.toml")
    normalized = getattr(report, "normalized", None)
    text = normalized.text if normalized is not None else report.text
    sections = [s.key for s in report.sections if s.key != "preamble"]
    markers = [word for word in rules["markers"] if word in text]
    met = [v.id for v in verdicts if v.status == "met" and v.id not in rules["ignore"]]
    if sections or report.tables or markers or len(met) > rules["max_met"]:
        return None
    best = max((v.confidence for v in verdicts if v.id not in rules["ignore"]), default=0.0)
    reason = (
        "no section of the format (一、总体情况 … 六、其他需要报告的事项), no statistics table, "
        f"none of the words {'、'.join(rules['markers'][:4])}, "
        + (f"and the topic model finds only {met[0]}" if met else f"and the topic model finds none of the required topics (best confidence {best:.2f})")
    )
    encoding = report.document.encoding
    if encoding and not encoding.lower().replace("_", "-").startswith(("utf-8", "utf-16", "utf-32", "ascii")):
        reason += f"; the file was read as {encoding}: if it was saved in another encoding, save it as UTF-8"
    message = f"[E012] {Errors.E012.format(source=report.document.source, reason=reason)}"
    return Finding(CHECK, "error", message, data={"met": met, "best_confidence": round(best, 4)})
