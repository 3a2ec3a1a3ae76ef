"""The product in one call: read -> parse -> check -> score, for one report or many."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .checks import Context, run_checks
from .learn.coverage import assess
from .checks.report_kind import not_a_report
from .learn.persist import load_cached
from .parse import parse
from .parse.normalize import normalize
from .read import from_text, read
from .score import Rubric, load_rubric, score
from .types import Finding, Report, Verdict

SCHEMA_VERSION = 1


@dataclass(repr=False)
class Audit:
    """Everything the auditor found in one report.

    In a notebook the object shows itself as a checklist with findings (``_repr_html_``);
    ``to_dict()`` is the JSON contract, ``to_frame()`` a pandas table of its items, and
    ``auditor.render.html.render_html(audit)`` the page with the text highlighted.

        >>> result = auditor.audit("corpora/reports/xihu-2020.txt")
        >>> result.score
        98.0
        >>> result.to_frame().query("kind == 'finding'")[["id", "text"]]
    """

    report: Report
    verdicts: list[Verdict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    score: float | None = None
    breakdown: list[dict[str, Any]] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.report.document.source

    def __repr__(self) -> str:
        report = self.report
        return f"Audit(source={self.source!r}, organization={report.organization!r}, year={report.year}, score={self.score}, findings={len(self.findings)})"

    def to_frame(self):
        """pandas: one row per requirement verdict, then one per finding (see ``frames.audit_frame``)."""
        from .frames import audit_frame

        return audit_frame(self)

    def to_doc(self):
        """The report as a spaCy Doc with evidence and findings in ``doc.spans["sc"]``;
        ``spacy.displacy.render(doc, style="span")`` shows them (see render/spans.py)."""
        from .render.spans import to_doc

        return to_doc(self)

    def _repr_html_(self) -> str:
        from .render.html import render_summary_html

        return render_summary_html(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (design.md), ``schema_version`` 1."""
        report = self.report
        return {
            "schema_version": SCHEMA_VERSION,
            "source": report.document.source,
            "year": report.year,
            "era": report.era,
            "organization": report.organization,
            "level": report.level,
            "published": report.published.isoformat() if report.published else None,
            "score": self.score,
            "sections": [
                {"key": s.key, "number": s.number, "title": s.title, "start": s.start, "end": s.end}
                for s in report.sections
            ],
            "requirements": [verdict.to_dict() for verdict in self.verdicts],
            "findings": [finding.to_dict() for finding in self.findings],
            "breakdown": self.breakdown,
        }


def load_report(source: str | os.PathLike[str] | Report) -> Report:
    """A parsed report from a path, from report text, or as given."""
    if isinstance(source, Report):
        return source
    if isinstance(source, os.PathLike) or _looks_like_path(source):
        return parse(read(source))
    return parse(from_text(str(source)))


def _looks_like_path(source: str) -> bool:
    """A one-line string that names a file (existing, or with a suffix or a folder in it) is a
    path, so a mistyped one gets E001 rather than an audit of its own characters."""
    if "\n" in source or len(source) >= 1024:
        return False
    path = Path(source)
    return path.exists() or bool(path.suffix) or (os.sep in source and not any("\u4e00" <= c <= "\u9fff" for c in source))


def audit(
    source: str | os.PathLike[str] | Report,
    *,
    against: Iterable[str | os.PathLike[str] | Report] = (),
    references: Iterable[str | os.PathLike[str] | Report] = (),
    checks: list[str] | None = None,
    options: dict[str, Any] | None = None,
    model: str | os.PathLike[str] | object | None = None,
    rubric: str | os.PathLike[str] | Rubric | None = None,
) -> Audit:
    """Audit one report given as a path or as its text.

    ``against``: the same body's reports of other years; ``references``: other bodies' reports;
    ``model``: a fitted topic model or a model file (default: the shipped ``models/topics.skops``);
    ``rubric``: a Rubric, a shipped rubric's name or a rubric file (default: "default").
    """
    report = load_report(source)
    if report.normalized is None:  # dropped to keep a batch small (see batch._parse)
        report.normalized = normalize(report.text)
    verdicts = assess(report, topic_model(model))
    refused = not_a_report(report, verdicts)
    if refused:  # E012: one finding and no score, not the audit of a report
        return Audit(report=report, verdicts=verdicts, findings=[refused])
    context = Context(
        previous=[load_report(item) for item in against],
        references=[load_report(item) for item in references],
        options=dict(options or {}),
    )
    findings = run_checks(report, context, checks)
    rubric = rubric if isinstance(rubric, Rubric) else load_rubric(rubric)
    total, breakdown = score(verdicts, findings, report.era, rubric)
    return Audit(report=report, verdicts=verdicts, findings=findings, score=total, breakdown=breakdown)


def topic_model(model: str | os.PathLike[str] | object | None = None):
    """A fitted topic model: as given, loaded from a file, or the shipped one (loaded once)."""
    if model is None or isinstance(model, (str, os.PathLike)):
        return load_cached(str(model) if model is not None else None)
    return model
