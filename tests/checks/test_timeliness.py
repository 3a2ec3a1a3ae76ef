from auditor.checks import Context, run_checks
from auditor.parse import parse
from auditor.read import from_text


def test_example_report_is_on_time(xihu):
    assert run_checks(xihu, Context(), ["timeliness"]) == []


def test_town_report_after_january_31_is_late():
    report = parse(from_text("某某镇2021年政府信息公开工作年度报告\n一、总体情况\n内容。\n某某镇人民政府\n2022年2月15日\n"))
    findings = run_checks(report, Context(), ["timeliness"])
    assert [f.check for f in findings] == ["timeliness.late"]
    assert findings[0].data["days_late"] == 15
    assert findings[0].text == "2022年2月15日"


def test_county_government_has_until_march_31(tmp_path):
    text = "某某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n某某县人民政府\n2022年3月20日\n"
    report = parse(from_text(text))
    assert report.level == "government"
    assert run_checks(report, Context(), ["timeliness"]) == []
    custom = tmp_path / "deadlines.toml"
    custom.write_text('[deadlines]\ngovernment = "02-28"\ndepartment = "01-31"\ntown = "01-31"\n', encoding="utf-8")
    assert [f.check for f in run_checks(report, Context(options={"deadlines": str(custom)}), ["timeliness"])] == ["timeliness.late"]


def test_published_line_from_a_web_page_counts():
    report = parse(from_text("发布时间：2022-02-10 来源：某某局\n某某局2021年政府信息公开工作年度报告\n一、总体情况\n"))
    assert report.published.isoformat() == "2022-02-10"


def test_a_deadlines_file_that_is_missing_or_incomplete_is_a_coded_error(tmp_path, xihu_path):
    from typer.testing import CliRunner

    from auditor.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["check", str(xihu_path), "--deadlines", str(tmp_path / "none.toml")])
    assert result.exit_code == 2 and "[E031]" in result.stderr
    partial = tmp_path / "partial.toml"
    partial.write_text('[deadlines]\ngovernment = "02-28"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(xihu_path), "--deadlines", str(partial)])
    assert result.exit_code == 2 and "[E031]" in result.stderr and "town" in result.stderr


def test_an_impossible_chinese_numeral_date_is_ignored_not_a_crash():
    report = parse(from_text("某某镇2021年政府信息公开工作年度报告\n一、总体情况\n内容。\n某某镇人民政府\n二〇二二年一二月五日\n"))
    assert report.published is None
    report = parse(from_text("某某镇2021年政府信息公开工作年度报告\n一、总体情况\n内容。\n某某镇人民政府\n二〇二二年一月二十五日\n"))
    assert report.published.isoformat() == "2022-01-25"
