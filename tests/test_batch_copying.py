"""The batch's copy index is prepared in the parse workers: the findings must not depend on it."""
import re
import shutil
from pathlib import Path

import pytest

from auditor.batch import audit_files
from auditor.checks import Context
from auditor.checks.copying import CopyIndex, check_copying, prepare
from auditor.parse import parse
from auditor.read import read

REPORTS = Path(__file__).resolve().parents[1] / "corpora" / "reports"


def _next_year(text: str) -> str:
    """The same body's report a year on: years moved, every fourth sentence left out."""
    moved = re.sub(r"20\d\d", lambda m: str(int(m.group()) + 1), text)
    return "。".join(s for i, s in enumerate(moved.split("。")) if i % 4 != 3)


def _with_paragraph(text: str, paragraph: str) -> str:
    """Another body's report with one paragraph taken over after its first section heading."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    lines.insert(at + 1, paragraph)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Twelve corpus reports (one body with two years among them) and two near-copies."""
    folder = tmp_path_factory.mktemp("batch")
    names = ["xihu-2020.txt", "town-shideng-2022.txt", "town-shideng-2023.txt"]
    others = [p.name for p in sorted(REPORTS.glob("*.txt")) if p.name not in names]
    names += others[:: len(others) // 9][:9]
    for name in names:
        shutil.copy(REPORTS / name, folder / name)
    xihu = (REPORTS / "xihu-2020.txt").read_text(encoding="utf-8")
    (folder / "xihu-2021.txt").write_text(_next_year(xihu), encoding="utf-8")
    source = (REPORTS / "town-shideng-2022.txt").read_text(encoding="utf-8")
    lines = source.splitlines()
    paragraph = max(lines[next(i for i, line in enumerate(lines) if line.startswith("一、")) :], key=len)
    borrower = (REPORTS / "county-hefeng-2019.txt").read_text(encoding="utf-8")
    (folder / "county-hefeng-2019.txt").write_text(_with_paragraph(borrower, paragraph), encoding="utf-8")
    return folder


def _copy_findings(results) -> dict[str, list[tuple]]:
    return {
        Path(r.source).name: [(f.check, f.severity, f.start, f.end, f.text, f.message, repr(f.data)) for f in r.findings if f.check.startswith("copying")]
        for r in results
    }


@pytest.fixture(scope="module")
def serial(folder):
    return _copy_findings(audit_files(folder, jobs=1, timeout=None))  # all in this process


def test_the_batch_finds_the_near_copies(serial):
    assert any(f[0] == "copying.previous_year" for f in serial["xihu-2021.txt"])
    assert any(f[0] == "copying.other_body" and "town-shideng-2022.txt" in f[5] for f in serial["county-hefeng-2019.txt"])
    assert not [f for f in serial["xihu-2020.txt"] if f[0] == "copying.previous_year"]


def test_copy_findings_are_the_same_with_one_and_two_processes(folder, serial):
    assert _copy_findings(audit_files(folder, jobs=2)) == serial


def test_copy_findings_are_those_of_an_index_built_from_the_reports(folder, serial):
    reports = [parse(read(path)) for path in sorted(folder.glob("*.txt"))]
    index = CopyIndex.from_reports(reports)
    for report in reports:
        found = check_copying(report, Context(options={"copy_index": index}))
        expected = serial[Path(report.document.source).name]
        assert [(f.check, f.severity, f.start, f.end, f.text, f.message, repr(f.data)) for f in found] == expected


def test_a_prepared_report_is_indexed_once(folder):
    report = parse(read(folder / "xihu-2020.txt"))
    index = CopyIndex()
    index.add_prepared(prepare(report))
    index.add_prepared(prepare(report))
    index.add(report)
    assert len(index) == 1
