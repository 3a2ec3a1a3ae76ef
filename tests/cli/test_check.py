import json

from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


def test_check_json_follows_the_contract(xihu_path, xihu_text):
    result = runner.invoke(app, ["check", str(xihu_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["schema_version"] == 1
    assert (out["year"], out["era"], out["organization"], out["published"]) == (2020, "2019", "西湖镇人民政府", "2021-01-25")
    assert [s["key"] for s in out["sections"]] == ["preamble", "overview", "proactive", "requests", "review", "problems", "other"]
    for finding in out["findings"]:
        if "start" in finding:
            assert xihu_text[finding["start"] : finding["end"]] == finding["text"]


def test_check_text_view_names_the_body(xihu_path):
    result = runner.invoke(app, ["check", str(xihu_path)])
    assert result.exit_code == 0, result.output
    assert "西湖镇人民政府" in result.stdout
    assert "五、存在的主要问题及改进情况" in result.stdout


def test_sections_command_shows_subtopics(xihu_path):
    result = runner.invoke(app, ["sections", str(xihu_path)])
    assert result.exit_code == 0, result.output
    assert "(四)平台建设" in result.stdout


def test_missing_file_is_a_coded_error_with_exit_2(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "[E001]" in result.stderr


def test_reference_folder_skips_an_unreadable_file_with_a_warning(tmp_path, xihu_path):
    import shutil

    folder = tmp_path / "others"
    folder.mkdir()
    shutil.copy(xihu_path.parent / "town-shideng-2022.txt", folder)
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02 binary")
    result = runner.invoke(app, ["check", str(xihu_path.parent / "town-shideng-2023.txt"), "--reference", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "reference skipped" in result.stderr and "[E006]" in result.stderr
    assert any(f["check"] == "copying.share" and f["data"]["share"] > 0.5 for f in json.loads(result.stdout)["findings"])


def test_reference_that_is_not_a_folder_is_E015(xihu_path):
    result = runner.invoke(app, ["check", str(xihu_path), "--reference", str(xihu_path)])
    assert result.exit_code == 2 and "[E015]" in result.stderr


def test_check_takes_a_rubric(xihu_path):
    default = json.loads(runner.invoke(app, ["check", str(xihu_path), "--format", "json"]).stdout)
    suqian = json.loads(runner.invoke(app, ["check", str(xihu_path), "--format", "json", "--rubric", "suqian"]).stdout)
    assert default["score"] == suqian["score"] == 98.0  # two repetitions, 1 point each under both
    assert "at most 5" in default["breakdown"][0]["reason"] and "at most 3" in suqian["breakdown"][0]["reason"]


def test_a_bug_says_it_is_one_and_exits_3_not_2(xihu_path, monkeypatch, capsys):
    """Exit 2 means the file is at fault; an exception nobody coded is auditor's own."""
    import sys

    import pytest

    import auditor.api
    from auditor.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("a slip in a check")

    monkeypatch.setattr(auditor.api, "audit", broken)
    monkeypatch.setattr(sys, "argv", ["auditor", "check", str(xihu_path)])
    with pytest.raises(SystemExit) as exit:
        main()
    assert exit.value.code == 3
    err = capsys.readouterr().err
    assert "RuntimeError: a slip in a check" in err and "internal error: this is a bug in auditor" in err
