"""Shared fixtures: the real example report, and the real dev corpus when it is present."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
XIHU = ROOT / "corpora" / "reports" / "xihu-2020.txt"
DEV_CORPUS = ROOT.parent / "shared" / "dev-corpus" / "dev.jsonl"


@pytest.fixture(scope="session")
def xihu_path() -> Path:
    return XIHU


@pytest.fixture(scope="session")
def xihu_text() -> str:
    return XIHU.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def xihu(xihu_path):
    from auditor.parse import parse
    from auditor.read import read

    return parse(read(xihu_path))


@pytest.fixture(scope="session")
def dev_items() -> list[dict]:
    if not DEV_CORPUS.exists():
        pytest.skip("../shared/dev-corpus is not present")
    return [json.loads(line) for line in DEV_CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
