from auditor.checks import Context, run_checks
from auditor.parse import parse
from auditor.read import from_text


def _structure(text):
    report = parse(from_text(text))
    return report, [f for f in run_checks(report, Context(), ["structure"])]


def test_example_report_has_no_structure_findings(xihu):
    assert run_checks(xihu, Context(), ["structure"]) == []


def test_missing_section_is_reported_where_it_should_stand():
    text = "一、总体情况\n内容。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
    report, findings = _structure(text)
    missing = [f for f in findings if f.check == "structure.missing_section"]
    assert len(missing) == 1 and "review" in missing[0].message
    assert missing[0].start == report.section("problems").start


def test_misnumbered_heading_is_reported_with_its_offsets():
    text = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n七、其他需要报告的事项\n"
    report, findings = _structure(text)
    numbering = [f for f in findings if f.check == "structure.numbering"]
    assert len(numbering) == 1
    assert numbering[0].text == "七、其他需要报告的事项"
    assert report.text[numbering[0].start : numbering[0].end] == numbering[0].text


def test_sections_out_of_order_are_reported():
    text = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n五、存在的主要问题及改进情况\n四、政府信息公开行政复议、行政诉讼情况\n六、其他需要报告的事项\n"
    _, findings = _structure(text)
    assert [f.check for f in findings if f.check == "structure.order"] == ["structure.order"]


def test_promoted_subtopics_give_a_numbering_finding():
    text = "一、总体情况\n二、主动公开\n内容。\n三、依申请公开\n内容。\n四、政府信息管理\n内容。\n五、主动公开政府信息情况\n六、收到和处理政府信息公开申请情况\n七、政府信息公开行政复议、行政诉讼情况\n八、存在的主要问题及改进情况\n九、其他需要报告的事项\n"
    _, findings = _structure(text)
    assert any("sub-topic" in f.message for f in findings)
    assert sum(1 for f in findings if f.check == "structure.numbering") >= 5


def test_a_report_before_2019_is_not_held_to_the_2019_format():
    from auditor.api import audit

    text = "某某局2017年政府信息公开工作年度报告\n一、概述\n本年度主动公开信息20条。\n二、主动公开政府信息的情况\n三、信息公开的收费及减免情况\n"
    result = audit(text)
    assert result.report.era is None
    assert [f.check for f in result.findings if f.check.startswith("structure")] == ["structure.old_format"]
    assert not [v.id for v in result.verdicts if v.status == "missing"]
