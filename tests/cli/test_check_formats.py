from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


def test_check_markdown_goes_to_stdout(xihu_path):
    result = runner.invoke(app, ["check", str(xihu_path), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 西湖镇人民政府: 2020 report")
    assert "**谁审查、谁审查**" in result.stdout


def test_check_html_writes_one_page_to_out(xihu_path, tmp_path):
    out = tmp_path / "xihu.html"
    result = runner.invoke(app, ["check", str(xihu_path), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert 'data-findings="F1">谁审查、谁审查</mark>' in page


def test_check_html_without_out_prints_the_page(xihu_path):
    result = runner.invoke(app, ["check", str(xihu_path), "-f", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_check_text_to_out_is_plain_text(xihu_path, tmp_path):
    out = tmp_path / "xihu.txt"
    result = runner.invoke(app, ["check", str(xihu_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "\x1b[" not in text and " / 100" in text and "F2  warning 加强了 repeated in one clause" in text


def test_check_out_into_a_missing_folder_makes_it(xihu_path, tmp_path):
    out = tmp_path / "no" / "such" / "x.md"
    result = runner.invoke(app, ["check", str(xihu_path), "-f", "markdown", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "西湖镇人民政府" in out.read_text(encoding="utf-8")
