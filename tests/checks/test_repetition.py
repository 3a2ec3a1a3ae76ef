import re

import pytest

from auditor.checks import Context, run_checks
from auditor.parse import parse
from auditor.read import from_text


def _repetitions(text):
    report = parse(from_text(text))
    findings = run_checks(report, Context(), ["repetition"])
    for finding in findings:
        assert report.text[finding.start : finding.end] == finding.text
        assert finding.severity == "warning"
    return [(f.check, f.text) for f in findings], findings


def _flagged(text):
    return _repetitions(text)[0]


# --- the example report ---------------------------------------------------------------------------


def test_example_report_flags_exactly_the_repeated_list_item_and_the_doubled_verb(xihu):
    findings = run_checks(xihu, Context(), ["repetition"])
    assert [(f.check, f.text) for f in findings] == [
        ("repetition.list_item", "谁审查、谁审查"),
        ("repetition.clause", "加强了与各业务部门加强了"),
    ]
    assert findings[0].message == "list item 谁审查 repeated"
    assert findings[1].message == "加强了 repeated in one clause"
    for finding in findings:
        assert xihu.text[finding.start : finding.end] == finding.text


def test_example_report_place_before_office_and_ordinal_lists_are_not_flagged(xihu):
    findings = run_checks(xihu, Context(), ["repetition"])
    for phrase in ("阳谷县县政府", "一是", "二是", "三是"):
        at = xihu.text.index(phrase)
        assert not any(f.start <= at < f.end for f in findings), phrase


# --- word ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, stretch, repeated",
    [
        ("本年度专项资金资金使用情况全部公开。", "资金资金", "资金"),
        ("我局局严格按照《条例》要求办理申请。", "局局", "局"),
        ("属于四类过程性性信息1件。", "性性", "性"),
        ("（五）完善监督保障保障机制。", "保障保障", "保障"),
        ("本年度报告内容可通过可以通过市政府门户网站查阅。", "可通过可以通过", "可通过"),
        ("统计期限自2020年1月1日起至202020年12月31日止。", "202020年", "20"),
        ("截至2024年12月31日，共发布信息80条条，均已归档。", "条条", "条"),
    ],
)
def test_doubled_word_is_flagged_with_the_whole_stretch(sentence, stretch, repeated):
    flagged, findings = _repetitions(sentence)
    assert flagged == [("repetition.word", stretch)]
    assert findings[0].data["repeated"] == repeated
    assert repeated in findings[0].message


@pytest.mark.parametrize(
    "sentence, stretch, message",
    [
        ("本年度专项资金资金资金使用情况全部公开。", "资金资金资金", "word 资金 written 3 times"),
        ("按照按照按照《条例》要求办理申请。", "按照按照按照", "word 按照 written 3 times"),
        ("本机关的的的工作取得新进展。", "的的的", "word 的 written 3 times"),
    ],
)
def test_word_written_three_times_is_one_finding_over_the_run(sentence, stretch, message):
    flagged, findings = _repetitions(sentence)
    assert flagged == [("repetition.word", stretch)]
    assert findings[0].message == message


def test_long_run_of_one_character_is_one_finding_not_one_per_position():
    """A run of a character (a PDF extraction fault, a key held down) is one slip: it was once a
    near-double 的的的的的的的的/的的的的的的的的的 at every position, tens of thousands of findings."""
    run = "的" * 5000
    flagged, findings = _repetitions(f"本年度政务公开工作稳步推进{run}，各项工作取得新进展。")
    assert flagged == [("repetition.word", run)]
    assert findings[0].message == "word 的 written 5000 times"


def test_doubled_word_is_found_across_spaces_from_pdf_extraction():
    text = "本年度专项资金 资金使用情况全部公开。"
    assert _flagged(text) == [("repetition.word", "资金 资金")]


def test_doubled_word_is_found_across_a_pdf_line_wrap():
    lines = [
        "2020年，本镇政务公开工作在县委县政府的领导下稳步推进，各项工",
        "作取得新进展。全年通过门户网站发布政府信息一百二十条，及时公",
        "开财政预算决算信息，依法公开专项资金使用和管理情况，同时公开",
        "资金分配结果，接受群众监督。认真落实保密审查制度，明确审核责",
        "任，严格执行先审查后公开的要求，全年未发生失泄密事件，政务公",
        "开工作规范有序。镇党政办公室负责日常工作，各站所配合做好信息",
        "报送工作。",
    ]
    text = "\n".join(lines)
    doubled = text.replace("同时公开\n资金", "同时公开资金\n资金")
    assert _flagged(text) == []
    assert _flagged(doubled) == [("repetition.word", "资金\n资金")]


@pytest.mark.parametrize(
    "sentence",
    [
        "工作人员常常深入村组，看看群众需要什么信息。",
        "我们的的确确做到了应公开尽公开。",
        "对重大事项要研究研究再公开。",
        "公开工作年年有进步，网站天天更新，做到人人知晓。",
        "通过阳谷县县政府门户网站公开信息。",
        "镇镇长任领导小组组长。",
        "现将2020年年度报告公布如下。",
        "区政府常务会会前学法，镇党委书记任组长、办公室主任任副组长。",
        "按照“谁公开、谁负责”和“先审查、后公开”的原则办理。",
        "一是加强领导，二是完善制度，三是强化监督。",
        "严格按照“谁公开、谁审查，谁审查、谁负责”的要求办理。",
        "通过政务微信信息推送政策解读，问题条条整改、件件落实。",
        "公开《某省人民政府政府信息公开指南》，完善广元市市场监督管理局网站。",
        "全年调整比例为10.10%，结转0件。",
    ],
)
def test_written_on_purpose_is_not_flagged(sentence):
    assert _flagged(sentence) == []


def test_table_rows_are_not_read():
    text = "二、主动公开政府信息情况\n信息内容\t本年新制作数量\t本年新公开数量\n规章\t0\t0\t0\n规范性文件 0 0 0\n资金 资金\t1\n10.10 10.10\n"
    assert _flagged(text) == []


def test_page_navigation_is_not_read():
    assert _flagged("无障碍无障碍简体 | 繁体长者模式长者模式\n首页 > 政府信息公开 > 政府信息公开年报\n") == []


# --- list item ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, stretch, item",
    [
        ("遵循“谁公开、谁审查、谁审查、谁负责”的原则。", "谁审查、谁审查", "谁审查"),
        ("遵循“谁公开、谁公开、谁负责”的原则。", "谁公开、谁公开", "谁公开"),
        ("公开内容涵盖财政预决算、社会救助、耕地地力保护补贴、耕地地力保护补贴、村级财务等事项。", "耕地地力保护补贴、耕地地力保护补贴", "耕地地力保护补贴"),
        ("及时公开规章、规范性文件、行政许可、规范性文件等信息。", "规范性文件、行政许可、规范性文件", "规范性文件"),
        ("我们坚持依法公开，依法公开，确保信息准确。", "依法公开，依法公开", "依法公开"),
    ],
)
def test_repeated_list_item_is_flagged(sentence, stretch, item):
    flagged, findings = _repetitions(sentence)
    assert flagged == [("repetition.list_item", stretch)]
    assert findings[0].message == f"list item {item} repeated"


@pytest.mark.parametrize(
    "sentence",
    [
        "建设项目环评受理、拟审批、审批决定三个环节全部公示。",
        "本年度收到申请0、0、0件。",
        "依托省、市、县、乡四级平台发布信息。",
    ],
)
def test_list_without_a_repeated_item_is_not_flagged(sentence):
    assert _flagged(sentence) == []


# --- clause ---------------------------------------------------------------------------------------------


def test_verb_repeated_in_one_clause_is_flagged():
    flagged, findings = _repetitions("一是加强了与各业务部门加强了沟通，充分调动了积极性。")
    assert flagged == [("repetition.clause", "加强了与各业务部门加强了")]
    assert findings[0].data["repeated"] == "加强了"


def test_verb_repeated_before_its_object_without_particle_is_flagged():
    assert _flagged("我局完善对信息发布完善审核制度。") == [("repetition.clause", "完善对信息发布完善")]


def test_verb_opening_its_clause_repeated_before_the_object_is_flagged():
    assert _flagged("一是完善信息发布完善审核制度。") == [("repetition.clause", "完善信息发布完善")]


@pytest.mark.parametrize(
    "sentence",
    [
        "实现统一安全防护和统一用户管理。",
        "做到应公开尽公开。",
        "政府采购合同公开存在个别采购人延迟上传的情况。",
        "根据机构人员调整及时调整优化栏目设置。",
        "未发生因政府信息公开申请被申请行政复议的情况。",
        "能公开的一律公开。",
    ],
)
def test_word_used_twice_on_purpose_in_a_clause_is_not_flagged(sentence):
    assert _flagged(sentence) == []


# --- sentence and paragraph -----------------------------------------------------------------------------


def test_sentence_repeated_right_after_itself_is_flagged_from_behind_its_heading():
    flagged, findings = _repetitions("（二）依申请公开方面。依申请公开方面。一共七项，都已办结。")
    assert flagged == [("repetition.sentence", "依申请公开方面。依申请公开方面。")]
    assert findings[0].message == "sentence 依申请公开方面。 repeated"


def test_long_sentence_repeated_in_another_section_is_flagged_at_its_second_copy():
    sentence = "全年通过门户网站主动公开政府信息一百二十条，其中政策解读十五条。"
    text = f"一、总体情况\n{sentence}本年度未收到申请。\n五、存在的主要问题及改进情况\n信息更新不够及时。{sentence}\n"
    report = parse(from_text(text))
    findings = run_checks(report, Context(), ["repetition"])
    assert [(f.check, f.text) for f in findings] == [("repetition.sentence", sentence)]
    second = text.rindex(sentence)
    assert findings[0].start == second
    assert findings[0].data["first"] == [text.index(sentence), text.index(sentence) + len(sentence)]


def test_statutory_sentence_in_different_sections_is_not_flagged():
    text = "二、主动公开政府信息情况\n该部分以表格形式报告。\n三、收到和处理政府信息公开申请情况\n该部分以表格形式报告。\n"
    assert _flagged(text) == []


def test_repeated_paragraph_is_one_finding_not_one_per_sentence():
    paragraph = "镇党政办公室负责政务公开日常工作。各站所指定专人报送信息，做到及时准确。"
    text = f"（一）主动公开情况\n{paragraph}\n（二）依申请公开情况\n本年度未收到申请。\n（三）政府信息管理\n{paragraph}\n"
    flagged, findings = _repetitions(text)
    assert flagged == [("repetition.paragraph", paragraph)]
    assert findings[0].start == text.rindex(paragraph)


# --- real text --------------------------------------------------------------------------------------------


def test_labelled_repetitions_of_the_dev_corpus_are_found(dev_items):
    missed = []
    for item in dev_items:
        if not item.get("repetitions"):
            continue
        report = parse(from_text(item["text"]))
        findings = run_checks(report, Context(), ["repetition"])
        for label in item["repetitions"]:
            for match in re.finditer(re.escape(label), item["text"]):
                if not any(f.start < match.end() and f.end > match.start() for f in findings):
                    missed.append((item["id"], label))
    assert missed == []


def test_untouched_dev_excerpts_give_at_most_one_false_alarm_in_twenty(dev_items):
    alarms = []
    for item in dev_items:
        labels = [(m.start(), m.end()) for r in item.get("repetitions", []) for m in re.finditer(re.escape(r), item["text"])]
        report = parse(from_text(item["text"]))
        for f in run_checks(report, Context(), ["repetition"]):
            if not any(f.start < e and f.end > s for s, e in labels):
                alarms.append((item["id"], f.text))
    assert len(alarms) <= len(dev_items) / 20, alarms


def test_far_list_items_are_compared_within_a_window_of_the_run(monkeypatch):
    """An item written again apart in a run of 、 is found; a run of thousands of items (no
    report has one) is compared within the window of earlier items the data file sets, so it
    stays linear."""
    from auditor.checks.repetition import _rules, find_repetitions

    window = _rules()["limits"]["far_items"]
    names = [f"第{'一二三四五六七八九'[i % 9]}{'甲乙丙丁戊己庚辛壬癸'[i // 9 % 10]}{'子丑寅卯辰巳午未申酉'[i // 90]}类文件" for i in range(window + 20)]

    def run_with_first_again_after(gap: int) -> str:
        return "本机关公开了" + "、".join(names[:gap] + [names[0]] + names[gap:]) + "等信息。"

    def repeated(text: str) -> list[str]:
        return [h.repeated for h in find_repetitions(text) if h.kind == "list_item"]

    assert repeated(run_with_first_again_after(20)) == [names[0]]
    assert repeated(run_with_first_again_after(window + 10)) == []
    monkeypatch.setitem(_rules()["limits"], "far_items", 10**6)
    assert repeated(run_with_first_again_after(window + 10)) == [names[0]]


def test_one_item_written_over_and_over_is_one_finding_over_the_run():
    """Each copy of the item is found against the copies within the window before it, and the
    overlapping hits of one item are one slip, however long the run."""
    items = "、".join(["谁公开"] * 200)
    flagged, findings = _repetitions(f"坚持{items}、谁负责的原则。")
    assert flagged == [("repetition.list_item", items)]
    assert findings[0].message == "list item 谁公开 repeated"


def test_two_different_items_repeated_stay_two_findings():
    flagged, _ = _repetitions("坚持谁公开、谁审查、谁公开、谁审查、谁负责的原则。")
    assert flagged == [("repetition.list_item", "谁公开、谁审查、谁公开"), ("repetition.list_item", "谁审查、谁公开、谁审查")]


def test_verb_repeated_at_the_end_of_a_page_long_clause_is_found():
    """A clause without a break is read near each verb only (it once built the whole clause for
    every verb in it: a page of 加强了 took seconds)."""
    filler = "".join(f"第{n}项" for n in range(1, 600))
    flagged, _ = _repetitions(f"本年度{filler}加强了与各业务部门加强了沟通。")
    assert flagged == [("repetition.clause", "加强了与各业务部门加强了")]
