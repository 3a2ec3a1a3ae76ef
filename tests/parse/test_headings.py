"""Every title variant of domain.md §2 is recognised by its title, whatever its number."""
import pytest

from auditor.parse import parse
from auditor.read import from_text

VARIANTS = [
    ("一、总体情况", "overview"),
    ("一、工作基本情况", "overview"),
    ("一、概述", "overview"),
    ("一、政府信息公开工作的基本概况", "overview"),
    ("一、本年度政府信息公开工作的总体情况", "overview"),
    ("二、主动公开政府信息情况", "proactive"),
    ("二、主动公开政府信息的情况", "proactive"),
    ("三、收到和处理政府信息公开申请情况", "requests"),
    ("四、政府信息公开行政复议、行政诉讼情况", "review"),
    ("四、因政府信息公开工作被申请行政复议和提起行政诉讼情况", "review"),
    ("五、存在的主要问题及改进情况", "problems"),
    ("五、存在的主要问题和改进情况", "problems"),
    ("五、存在问题及改进措施", "problems"),
    ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("六、其他需要报告的事项", "other"),
    ("六、其他需要报告事项", "other"),
    ("六、其它需要报告的事项", "other"),
    ("七、其他需要报告的事项", "other"),
    ("一.总体情况", "overview"),
    ("一、 总体情况", "overview"),
    ("一、總體情況", "overview"),
    ("六、其他需要報(bào)告的事項(xiàng)", "other"),
    ("**五、存在的主要问题及改进情况**", "problems"),
]


@pytest.mark.parametrize("heading,key", VARIANTS)
def test_title_variant_is_recognised(heading, key):
    text = f"某某局2021年政府信息公开工作年度报告\n{heading}\n正文内容。\n"
    report = parse(from_text(text))
    found = [s for s in report.sections if s.key != "preamble"]
    assert [s.key for s in found] == [key]
    assert report.text[found[0].heading_start : found[0].heading_end].strip("*") in heading


def test_heading_glued_to_its_paragraph():
    report = parse(from_text("一、总体情况2021年,我局认真贯彻……\n"))
    overview = report.section("overview")
    assert report.text[overview.heading_start : overview.heading_end] == "一、总体情况"


@pytest.mark.parametrize(
    "heading,key",
    [("(一)主动公开情况", "proactive"), ("(一)主动公开", "proactive"), ("（二）依申请公开", "requests"), ("(三)政府信息管理", "management"),
     ("(四)平台建设", "platforms"), ("(四)政府信息公开平台建设情况", "platforms"), ("(五)监督保障", "oversight"), ("（一）主动公开方面", "proactive")],
)
def test_subtopic_headings(heading, key):
    report = parse(from_text(f"一、总体情况\n{heading}\n内容。\n二、主动公开政府信息情况\n"))
    assert [s.key for s in report.subtopics] == [key]


def test_subtopics_promoted_to_top_level_are_subtopics_with_a_note():
    text = (
        "一、总体情况\n概述。\n二、主动公开\n内容。\n三、依申请公开\n内容。\n四、政府信息管理\n内容。\n五、平台建设\n内容。\n六、监督保障\n内容。\n"
        "七、主动公开政府信息情况\n八、收到和处理政府信息公开申请情况\n九、政府信息公开行政复议、行政诉讼情况\n十、存在的主要问题及改进情况\n十一、其他需要报告的事项\n"
    )
    report = parse(from_text(text))
    assert [s.key for s in report.sections] == ["overview", "proactive", "requests", "review", "problems", "other"]
    assert [s.key for s in report.subtopics] == ["proactive", "requests", "management", "platforms", "oversight"]
    assert report.section("proactive").number == "七"
