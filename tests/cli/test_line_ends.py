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
