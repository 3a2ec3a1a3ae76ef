"""The example report audited once for every rendering test."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def xihu_audit(xihu_path):
    from auditor import audit

    return audit(xihu_path)


@pytest.fixture(scope="session")
def repetitions(xihu_audit) -> dict[str, str]:
    """F-label -> the repeated text, for the example's two repetition findings."""
    return {f"F{i}": f.text for i, f in enumerate(xihu_audit.findings, start=1) if f.check.startswith("repetition")}
