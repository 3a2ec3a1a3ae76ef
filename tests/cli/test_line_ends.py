"""Reports saved on Windows (CR LF) keep the offset contract: text == source_text[start:end]."""
import json

from typer.testing import CliRunner

from auditor.cli import app


def test_crlf_report_offsets_point_into_the_file_as_decoded(tmp_path, xihu_text):
    path = tmp_path / "xihu-crlf.txt"
    path.write_bytes(xihu_text.replace("\n", "\r\n").encode("utf-8"))
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    decoded = path.read_bytes().decode("utf-8")
    repeated = [f["text"] for f in out["findings"] if f["check"].startswith("repetition")]
    assert repeated == ["谁审查、谁审查", "加强了与各业务部门加强了"]
    for finding in out["findings"]:
        if "start" in finding:
            assert decoded[finding["start"] : finding["end"]] == finding["text"]
    for requirement in out["requirements"]:
        for evidence in requirement["evidence"]:
            assert decoded[evidence["start"] : evidence["end"]] == evidence["text"]
    for section in out["sections"][1:]:
        assert decoded[section["start"] :].startswith(("一、", "二、", "三、", "四、", "五、", "六、"))
    assert [s["key"] for s in out["sections"]] == ["preamble", "overview", "proactive", "requests", "review", "problems", "other"]


def test_windows_line_ends_give_the_findings_unix_ones_give():
    """Tables are read from text with CR LF folded too (a CR left in a row was read as a
    cell, and the row reported unreadable)."""
    from pathlib import Path

    import auditor

    reports = sorted((Path(__file__).resolve().parents[2] / "corpora" / "reports").glob("*.txt"))[:40]
    for path in reports:
        text = path.read_text(encoding="utf-8")
        unix, windows = auditor.audit(text), auditor.audit(text.replace("\n", "\r\n"))
        assert [(f.check, f.message) for f in windows.findings] == [(f.check, f.message) for f in unix.findings], path.name
        assert [v.status for v in windows.verdicts] == [v.status for v in unix.verdicts], path.name
