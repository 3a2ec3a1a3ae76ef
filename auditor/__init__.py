"""auditor: audits Chinese government information disclosure annual reports.

One report:

    >>> import auditor
    >>> result = auditor.audit("corpora/reports/xihu-2020.txt")   # a path, or the text itself
    >>> result.report.organization
    '西湖镇人民政府'
    >>> result.score, result.to_dict()["findings"][0]["text"]
    (98.0, '谁审查、谁审查')
    >>> result.to_frame()          # pandas: requirement verdicts, then findings
    >>> result                     # in Jupyter: header, score, checklist, findings

Many reports:

    >>> auditor.audit_many("corpora/reports", jobs=2)       # summary DataFrame, one row per file
    >>> results = auditor.audit_files("corpora/reports", jobs=2)   # Audit or Failure per file
    >>> auditor.summary_frame(results), auditor.coverage_frame(results)

The page with the text highlighted: ``auditor.render.html.render_html(result)``.
"""
from .errors import AuditorError

# Everything that pulls in pandas, scikit-learn or jieba loads on first use: the CLI imports
# this package too, and `auditor --help` or `auditor sections` must not pay for the model.
_LAZY = {
    "audit": "api",
    "Audit": "api",
    "audit_many": "batch",
    "audit_files": "batch",
    "summary_frame": "batch",
    "report_files": "read",
    "Failure": "batch",
    "coverage_frame": "frames",
}

__all__ = ["Audit", "AuditorError", "Failure", "audit", "audit_files", "audit_many", "coverage_frame", "report_files", "summary_frame"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
