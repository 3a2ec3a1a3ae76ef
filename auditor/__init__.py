"""auditor: audits Chinese government information disclosure annual reports.

    >>> import auditor
    >>> result = auditor.audit("corpora/reports/xihu-2020.txt")
    >>> result.report.organization
    '西湖镇人民政府'
"""
from .api import Audit, audit
from .errors import AuditorError

__all__ = ["Audit", "AuditorError", "audit"]
__version__ = "0.1.0"
