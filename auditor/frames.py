"""pandas views of audits for notebooks: one report's items, and reports × requirements.

The batch summary (one row per report) is ``batch.summary_frame``; these two answer the
next questions: "what exactly did this report get, and where" and "which topics do the
reports of this folder leave out".
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pandas as pd

from .learn.requirements import by_id, ids

if TYPE_CHECKING:
    from .api import Audit

AUDIT_COLUMNS = ["kind", "id", "group", "status", "severity", "confidence", "points", "message", "section", "start", "end", "text"]
# Numbers a heatmap can colour: covered, not required and not covered, required and missing.
STATUS_CODES = {"met": 1.0, "not_required": 0.5, "missing": 0.0}


def audit_frame(audit: "Audit") -> pd.DataFrame:
    """One row per requirement verdict, then one row per finding.

    ``kind`` is "requirement" or "finding"; ``id`` the requirement id or the check id;
    ``group`` the requirement's home section or the check's family (repetition, tables …);
    ``status`` (met, missing, not_required) and ``confidence`` for requirements,
    ``severity`` for findings; ``points`` what the item cost in the score (requirements
    only: check deductions are capped per family, see ``Audit.breakdown``); ``section``,
    ``start``, ``end``, ``text``: where the best evidence or the finding is (offsets into
    the text as read).

        >>> frame = auditor.audit("corpora/reports/xihu-2020.txt").to_frame()
        >>> frame[frame.kind == "finding"][["id", "message", "text"]]
        >>> frame.query("kind == 'requirement' and status != 'met'")
    """
    report = audit.report
    cost = {item["item"]: item["points"] for item in audit.breakdown if item.get("kind") == "requirement"}
    rows = []
    for verdict in audit.verdicts:
        evidence = verdict.evidence[0] if verdict.evidence else None
        try:
            home, name = by_id(verdict.id).section, by_id(verdict.id).title
        except KeyError:
            home, name = None, ""
        rows.append({
            "kind": "requirement", "id": verdict.id, "group": home, "status": verdict.status,
            "confidence": verdict.confidence, "points": cost.get(verdict.id, 0.0),
            "message": f"{name} ({verdict.note})" if verdict.note else name,
            "section": verdict.section,
            "start": evidence.start if evidence else None, "end": evidence.end if evidence else None,
            "text": evidence.text if evidence else None,
        })
    for finding in audit.findings:
        located = finding.start is not None
        rows.append({
            "kind": "finding", "id": finding.check, "group": finding.check.split(".", 1)[0],
            "severity": finding.severity, "message": finding.message,
            "section": report.section_at(finding.start) if located else None,
            "start": finding.start, "end": finding.end if located else None,
            "text": finding.text if located else None,
        })
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    return frame.astype({"start": "Int64", "end": "Int64", "confidence": "Float64", "points": "Float64"})


def coverage_frame(results: Iterable, values: str = "status") -> pd.DataFrame:
    """Reports × requirements: one row per audited report (index: source), one column per
    requirement in catalogue order.  Files that failed (batch ``Failure``) are left out.

    ``values``: "status" (met / missing / not_required), "confidence" (0–1, the model's
    belief that the topic is covered) or "code" (1 met, 0.5 not required, 0 missing: ready
    for ``imshow``).

        >>> results = auditor.audit_files("corpora/reports", jobs=2)
        >>> matrix = auditor.coverage_frame(results, values="code")
        >>> plt.imshow(matrix, cmap="RdYlGn", aspect="auto")
    """
    if values not in ("status", "confidence", "code"):
        raise ValueError(f"values must be 'status', 'confidence' or 'code', not {values!r}")
    columns = ids()
    rows, index = [], []
    for result in results:
        verdicts = getattr(result, "verdicts", None)
        if verdicts is None:
            continue
        by_requirement = {v.id: v for v in verdicts}
        row = {}
        for requirement in columns:
            verdict = by_requirement.get(requirement)
            if verdict is None:
                row[requirement] = None
            elif values == "confidence":
                row[requirement] = verdict.confidence
            elif values == "code":
                row[requirement] = STATUS_CODES[verdict.status]
            else:
                row[requirement] = verdict.status
        rows.append(row)
        index.append(result.source)
    frame = pd.DataFrame(rows, index=pd.Index(index, name="source"), columns=pd.Index(columns, name="requirement"))
    return frame if values == "status" else frame.astype("float64")
