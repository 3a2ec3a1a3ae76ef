import shutil
import subprocess
import sys

import lxml.html
import pandas as pd
import pytest

import auditor


@pytest.fixture(scope="module")
def xihu_audit(xihu_path):
    return auditor.audit(xihu_path)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, xihu_path):
    folder = tmp_path_factory.mktemp("reports")
    shutil.copy(xihu_path, folder / "xihu-2020.txt")
    shutil.copy(xihu_path.parent / "town-shideng-2023.txt", folder / "shideng-2023.txt")
    (folder / "corrupt.txt").write_bytes(b"\x00\x01\x02binary junk")
    return folder


def test_to_frame_has_a_row_per_verdict_then_per_finding(xihu_audit, xihu_text):
    frame = xihu_audit.to_frame()
    assert list(frame.columns) == ["kind", "id", "group", "status", "severity", "confidence", "points", "message", "section", "start", "end", "text"]
    requirements = frame[frame.kind == "requirement"]
    assert list(requirements.id) == [v.id for v in xihu_audit.verdicts]
    assert requirements.set_index("id").loc["preamble.period", "message"] == "统计期限"
    assert set(requirements.status) == {"met", "not_required"}
    findings = frame[frame.kind == "finding"]
    assert list(findings.text) == ["谁审查、谁审查", "加强了与各业务部门加强了"]
    assert list(findings.section) == ["overview", "problems"]
    for row in findings.itertuples():
        assert xihu_text[row.start : row.end] == row.text


def test_repr_html_is_a_compact_view(xihu_audit):
    html = xihu_audit._repr_html_()
    tree = lxml.html.fromstring(html)
    assert "<html" not in html and "西湖镇人民政府" in tree.text_content()
    assert len(tree.xpath("//ol[@class='checklist']/li")) == 18
    assert f"{xihu_audit.score:.1f}" in tree.xpath("string(//span[contains(@class, 'points')])")
    assert "list item 谁审查 repeated" in tree.text_content()
    assert not tree.find_class("text")  # no report text in the compact view


def test_repr_is_one_line(xihu_audit):
    assert repr(xihu_audit) == "Audit(source='%s', organization='西湖镇人民政府', year=2020, score=%s, findings=2)" % (xihu_audit.source, xihu_audit.score)


def test_audit_many_gives_a_summary_row_per_file_and_an_error_row(folder):
    summary = auditor.audit_many(folder, jobs=2)
    assert [name.rsplit("/", 1)[-1] for name in summary.source] == ["corrupt.txt", "shideng-2023.txt", "xihu-2020.txt"]
    corrupt, shideng, xihu = (row for _, row in summary.iterrows())
    assert "[E006]" in corrupt.error and pd.isna(corrupt.score) and pd.isna(corrupt.organization)
    assert xihu.organization == "西湖镇人民政府" and xihu.repetitions == 2 and pd.isna(xihu.error)
    assert shideng.score > 0 and pd.isna(shideng.error)


def test_audit_many_takes_a_list_of_files(folder):
    summary = auditor.audit_many([folder / "xihu-2020.txt"], jobs=1)
    assert list(summary.organization) == ["西湖镇人民政府"]


def test_coverage_frame_is_reports_by_requirements(folder):
    results = auditor.audit_files(folder, jobs=1)
    status = auditor.coverage_frame(results)
    assert status.shape == (2, 18)  # the corrupt file is left out
    xihu = next(r for r in results if isinstance(r, auditor.Audit) and r.source.endswith("xihu-2020.txt"))
    assert status.loc[xihu.source].to_dict() == {v.id: v.status for v in xihu.verdicts}
    codes = auditor.coverage_frame(results, values="code")
    assert codes.loc[xihu.source, "preamble.basis"] == 1.0 and codes.loc[xihu.source, "other.fees"] == 0.5
    confidence = auditor.coverage_frame(results, values="confidence")
    assert confidence.loc[xihu.source, "other.fees"] == pytest.approx(next(v.confidence for v in xihu.verdicts if v.id == "other.fees"))
    with pytest.raises(ValueError):
        auditor.coverage_frame(results, values="colour")


def test_import_auditor_does_not_load_the_batch_or_jinja():
    code = "import sys, auditor; print(sorted(m for m in ('auditor.batch', 'auditor.frames', 'auditor.render.html', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_mistyped_path_is_E001_not_an_audit_of_its_characters(tmp_path):
    import pytest

    from auditor.errors import ReadError

    with pytest.raises(ReadError) as error:
        auditor.audit(str(tmp_path / "reports" / "xihu"))
    assert error.value.code == "E001"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_audits_each_report_as_audit_does_alone(tmp_path, jobs):
    """Batch workers get reports without their normalised text (smaller to send and keep) and
    normalise again: every verdict and every finding but copying's is the one-file audit's."""
    from pathlib import Path

    reports = Path(__file__).resolve().parents[1] / "corpora" / "reports"
    for name in ("district-lanhe-2022.txt", "xihu-2020.txt"):
        shutil.copy(reports / name, tmp_path / name)
    for result in auditor.audit_files(tmp_path, jobs=jobs):
        alone = auditor.audit(result.source)
        assert [v.to_dict() for v in result.verdicts] == [v.to_dict() for v in alone.verdicts]
        mine = [f.to_dict() for f in result.findings if not f.check.startswith("copying.")]
        assert mine == [f.to_dict() for f in alone.findings if not f.check.startswith("copying.")]
        assert result.report.normalized is None  # the batch keeps reports small
    assert any(f.check == "tables.narrative_mismatch" for r in auditor.audit_files(tmp_path, jobs=jobs) for f in r.findings)
