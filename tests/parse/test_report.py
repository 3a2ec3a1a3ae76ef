from auditor.parse import parse
from auditor.read import from_text


def test_example_report_sections_in_order(xihu):
    assert [s.key for s in xihu.sections] == ["preamble", "overview", "proactive", "requests", "review", "problems", "other"]


def test_example_report_heading_offsets_point_at_heading_as_written(xihu, xihu_text):
    headings = {s.key: xihu_text[s.heading_start : s.heading_end] for s in xihu.sections if s.key != "preamble"}
    assert headings == {
        "overview": "一、总体情况",
        "proactive": "二、主动公开政府信息情况",
        "requests": "三、收到和处理政府信息公开申请情况",
        "review": "四、政府信息公开行政复议、行政诉讼情况",
        "problems": "五、存在的主要问题及改进情况",
        "other": "六、其他需要报告的事项",
    }


def test_example_report_metadata(xihu):
    assert (xihu.year, xihu.era, xihu.organization, xihu.level) == (2020, "2019", "西湖镇人民政府", "town")
    assert xihu.published.isoformat() == "2021-01-25"
    start, end = xihu.published_span
    assert xihu.text[start:end] == "2021 年 1 月 25 日"
    start, end = xihu.organization_span
    assert xihu.text[start:end] == "西湖镇人民政府"


def test_example_report_subtopics(xihu, xihu_text):
    assert [s.key for s in xihu.subtopics] == ["proactive", "requests", "management", "platforms", "oversight"]
    assert xihu_text[xihu.subtopics[3].heading_start : xihu.subtopics[3].heading_end] == "(四)平台建设"


def test_paragraph_offsets_slice_the_original_text(xihu, xihu_text):
    assert xihu.paragraphs
    for paragraph in xihu.paragraphs:
        assert xihu_text[paragraph.start : paragraph.end] == paragraph.text


def _keys(text: str) -> list[str]:
    return [s.key for s in parse(from_text(text)).sections if s.key != "preamble"]


def test_era_from_year_and_from_table_markers():
    assert parse(from_text("某局2021年政府信息公开工作年度报告\n一、总体情况\n")).era == "2021"
    assert parse(from_text("某局2019年政府信息公开工作年度报告\n一、总体情况\n")).era == "2019"
    assert parse(from_text("一、总体情况\n二、主动公开政府信息情况\n本年制发件数\n")).era == "2021"
    assert parse(from_text("一、总体情况\n二、主动公开政府信息情况\n本年新制作数量\n")).era == "2019"


def test_headings_run_together_on_one_line_are_all_found():
    text = "联系电话:1234。 二、主动公开政府信息情况三、收到和处理政府信息公开申请情况四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况我局"
    assert _keys(text) == ["proactive", "requests", "review", "problems"]


def test_heading_cut_off_at_the_end_of_an_excerpt_is_recognised():
    assert _keys("一、总体情况\n本年度……\n五、存在的主") == ["overview", "problems"]


def test_preamble_list_of_section_names_is_not_a_heading():
    text = "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。\n一、总体情况\n"
    assert _keys(text) == ["overview"]


def test_table_row_labels_are_not_headings():
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t0\n二、上年结转政府信息公开申请数量\t0\n三、本年度办理结果\n四、结转下年度继续办理\t0\n"
    assert _keys(text) == ["requests"]
