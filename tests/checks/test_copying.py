import re
from pathlib import Path

import pytest

from auditor.api import audit
from auditor.checks import Context
from auditor.checks._copy_text import name_variants, names_pattern, narrative_units
from auditor.checks.copying import CopyIndex, check_copying
from auditor.parse import parse
from auditor.read import from_text

REPORTS = Path(__file__).resolve().parents[2] / "corpora" / "reports"

# Sentences of the Xihu 2020 report that "next year's" report rewrites, and what it writes instead.
REWRITES = {
    "截止2020年12月31日,我镇今年在阳谷县政府政务公开网站平台共发布政务信息20条。":
        "全年围绕乡村振兴和人居环境整治，在镇便民服务中心公示栏张贴各类告示三十余期，群众反映良好。",
    "通过投诉举报电话等方式,广泛听取社会各界的意见和建议,充分发挥社会监督、评议的作用,使信息公开工作真正落到实处。":
        "聘请八名村民代表担任义务监督员，每季度召开一次座谈会，当场记录大家提出的意见。",
    "三是增强了工作主动性和自觉性,拓宽了宣传渠道,丰富政府信息服务渠道,扩大信息公开覆盖人群范围。":
        "三是针对去年查阅点利用率偏低的情况，把查阅点从二楼搬到一楼大厅入口处并延长开放时间。",
    "2020年未收到县人大代表建议和县政协委员提案,无该信息需要公开。":
        "年内共举办两期面向村级信息员的操作培训，讲解栏目维护和图片处理方法，参训六十余人。",
}

# Template language that every body may write (legal basis, statistics period, slogans).
TEMPLATE_PREAMBLE = (
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
    "（国办公开办函〔2021〕30号）要求，编制本报告。本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
)
TEMPLATE_SLOGAN = "坚持公开为常态、不公开为例外，严格落实“谁公开、谁审查、谁负责”和“先审查、后公开”的原则。"


def _content_chars(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", text))


def _next_year(text: str) -> str:
    """Xihu's 2020 report re-issued for 2021: the year moved on and a few sentences rewritten."""
    for old, new in REWRITES.items():
        assert old in text
        text = text.replace(old, new)
    return text.replace("2021", "2022").replace("2020", "2021")


def _share(findings):
    return next(f for f in findings if f.check == "copying.share")


@pytest.fixture(scope="module")
def next_year(xihu_text):
    return parse(from_text(_next_year(xihu_text), "xihu-2021.txt"))


def test_report_made_from_last_year_gets_the_true_copy_share(xihu, next_year):
    findings = check_copying(next_year, Context(previous=[xihu]))
    share = _share(findings)
    new_chars = sum(_content_chars(new) for new in REWRITES.values())
    truth = 1 - new_chars / share.data["narrative_chars"]
    assert abs(share.data["share"] - truth) <= 0.05
    assert share.data["previous_year"] == share.data["share"]
    assert share.data["sources"][0]["path"] == xihu.document.source
    assert share.data["sources"][0]["relation"] == "previous_year"
    # the narrative the check counted is the test's narrative, less template language
    narrative = sum(_content_chars(u.masked.text) for u in narrative_units(next_year))
    assert share.data["template_chars"] > 0
    assert share.data["narrative_chars"] + share.data["template_chars"] >= narrative


def test_copied_passages_are_shown_with_their_source_spans(xihu, next_year):
    findings = check_copying(next_year, Context(previous=[xihu]))
    copied = [f for f in findings if f.check == "copying.previous_year"]
    assert len(copied) >= 8
    for finding in copied:
        assert next_year.text[finding.start : finding.end] == finding.text
        assert finding.data["source"] == {"path": xihu.document.source, "body": "西湖镇人民政府", "year": 2020}
        for passage in finding.data["passages"]:
            here = next_year.text[passage["start"] : passage["end"]]
            there = xihu.text[passage["source_start"] : passage["source_end"]]
            # only the year differs between a copied passage and its source
            assert here.replace("2022", "2021").replace("2021", "2020") == there
    rewritten = [next_year.text.index(new) for new in REWRITES.values()]
    for at in rewritten:
        assert not any(p["start"] <= at < p["end"] for f in copied for p in f.data["passages"])


def test_copying_over_the_threshold_is_flagged_and_the_threshold_is_an_option(xihu, next_year):
    flagged = [f for f in check_copying(next_year, Context(previous=[xihu])) if f.check == "copying.over_threshold"]
    assert len(flagged) == 1 and flagged[0].severity == "warning"
    assert "西湖镇人民政府 2020" in flagged[0].message
    lenient = check_copying(next_year, Context(previous=[xihu], options={"copy_threshold": 0.95}))
    assert not [f for f in lenient if f.check == "copying.over_threshold"]


def test_a_report_with_only_the_year_changed_is_an_error(xihu, xihu_text):
    redated = parse(from_text(xihu_text.replace("2021", "2022").replace("2020", "2021"), "xihu-2021.txt"))
    findings = check_copying(redated, Context(previous=[xihu]))
    assert _share(findings).data["share"] > 0.97
    assert next(f for f in findings if f.check == "copying.over_threshold").severity == "error"


def _with_templates(path: str, year: int) -> str:
    """A team report with the same template sentences put in front of its narrative."""
    lines = (REPORTS / path).read_text(encoding="utf-8").split("\n")
    overview = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    lines.insert(1, TEMPLATE_PREAMBLE.replace("2022", str(year)))
    lines.insert(overview + 2, TEMPLATE_SLOGAN)
    return "\n".join(lines)


@pytest.mark.parametrize("first, second", [("town-shideng-2022.txt", "county-hefeng-2019.txt"), ("county-hefeng-2019.txt", "xihu-2020.txt")])
def test_bodies_sharing_only_template_language_share_near_zero(first, second):
    a = parse(from_text(_with_templates(first, 2022), first))
    b = parse(from_text(_with_templates(second, 2021), second))
    for report, other in ((a, b), (b, a)):
        findings = check_copying(report, Context(references=[other]))
        assert _share(findings).data["share"] < 0.03
        assert _share(findings).data["template_chars"] >= _content_chars(TEMPLATE_SLOGAN)
        assert not [f for f in findings if f.check == "copying.other_body"]


def test_paragraph_copied_from_another_body_is_flagged_with_its_source():
    source_text = (REPORTS / "county-hefeng-2019.txt").read_text(encoding="utf-8")
    paragraph = next(line for line in source_text.split("\n") if line.startswith("县政府办公室牵头对2008年"))
    target_text = (REPORTS / "town-shideng-2022.txt").read_text(encoding="utf-8")
    target_text = target_text.replace("（四）政府信息公开平台建设", paragraph.replace("县政府", "镇政府") + "\n（四）政府信息公开平台建设")
    source = parse(from_text(source_text, "county-hefeng-2019.txt"))
    target = parse(from_text(target_text, "town-shideng-2022.txt"))
    findings = check_copying(target, Context(references=[source]))
    copied = [f for f in findings if f.check == "copying.other_body"]
    assert len(copied) == 1
    finding = copied[0]
    assert finding.severity == "warning"
    assert finding.data["source"] == {"path": "county-hefeng-2019.txt", "body": "禾丰县人民政府", "year": 2019}
    assert finding.text in paragraph.replace("县政府", "镇政府") and len(finding.text) > 0.9 * len(paragraph)
    assert source.text[finding.data["source_start"] : finding.data["source_end"]] in paragraph
    assert "county-hefeng-2019.txt" in finding.message
    share = _share(findings).data
    assert abs(share["other_body"] - _content_chars(paragraph) / share["narrative_chars"]) <= 0.03


def test_sentence_shared_by_many_bodies_is_common_language_not_copying():
    shared = "全面推行“首问负责、一次告知、限时办结”的服务承诺，在大厅醒目位置公示办事流程和监督电话。"
    names = ["county-hefeng-2019.txt", "city-chenghu-2023.txt", "district-lanhe-2022.txt", "province-hexi-zjt-2023.txt", "street-jingui-2023.txt"]

    def with_shared(name: str) -> str:
        lines = (REPORTS / name).read_text(encoding="utf-8").split("\n")
        overview = next(i for i, line in enumerate(lines) if line.startswith("一、"))
        lines.insert(overview + 1, shared)
        return "\n".join(lines)

    references = [parse(from_text(with_shared(name), name)) for name in names]
    report = parse(from_text(with_shared("town-shideng-2022.txt"), "town-shideng-2022.txt"))
    many = check_copying(report, Context(references=references))
    assert not [f for f in many if f.check == "copying.other_body"]
    one = check_copying(report, Context(references=references[:1]))
    copied = [f for f in one if f.check == "copying.other_body"]
    assert len(copied) == 1 and copied[0].text == shared.rstrip("。")
    assert _share(many).data["template_chars"] - _share(one).data["template_chars"] == _content_chars(shared)


def test_batch_index_compares_each_report_with_the_others_once_built(xihu, next_year):
    other = parse(from_text((REPORTS / "town-shideng-2022.txt").read_text(encoding="utf-8"), "town-shideng-2022.txt"))
    index = CopyIndex.from_reports([xihu, next_year, other])
    later = check_copying(next_year, Context(options={"copy_index": index}))
    assert _share(later).data["previous_year"] > 0.8
    assert _share(later).data["sources"][0]["path"] == xihu.document.source
    # the earlier report is not accused of copying the later one, nor of copying itself
    earlier = check_copying(xihu, Context(options={"copy_index": index}))
    assert _share(earlier).data["share"] < 0.03
    assert not [f for f in earlier if f.check != "copying.share"]


def test_no_comparison_without_other_reports(xihu):
    assert check_copying(xihu, Context()) == []


def test_years_numbers_and_the_bodys_name_are_masked(xihu):
    units = narrative_units(xihu, names_pattern(tuple(name_variants(xihu.organization))))
    first = next(u for u in units if u.section == "overview" and "@" in u.masked.text)
    assert "2020" not in first.masked.text and "西湖镇" not in first.masked.text
    assert first.masked.text.startswith("@#年政务公开工作@党委政府以习近平")
    start, end = first.masked.span(0, 2)
    assert xihu.text[start:end] == "西湖镇 2020"
    assert not any("\t" in xihu.text[u.start : u.end] for u in units)  # table lines are not narrative


def test_audit_passes_against_reports_to_the_check(xihu_path, tmp_path, xihu_text):
    path = tmp_path / "xihu-2021.txt"
    path.write_text(_next_year(xihu_text), encoding="utf-8")
    result = audit(path, against=[xihu_path], checks=["copying"])
    share = _share(result.findings)
    assert share.data["share"] > 0.8
    assert share.data["sources"][0]["path"] == str(xihu_path)


def test_a_phrase_shared_with_another_body_is_information_not_a_copied_paragraph():
    phrase = "按月梳理群众来电来信中反映集中的问题。"
    source_text = (REPORTS / "county-hefeng-2019.txt").read_text(encoding="utf-8")
    target_text = (REPORTS / "town-shideng-2022.txt").read_text(encoding="utf-8")
    at = source_text.index("完善了“拟稿人提出")
    source_text = source_text[:at] + phrase + source_text[at:]
    at = target_text.index("对镇政府制发的行政规范性文件")
    target_text = target_text[:at] + phrase + target_text[at:]
    source = parse(from_text(source_text, "county-hefeng-2019.txt"))
    target = parse(from_text(target_text, "town-shideng-2022.txt"))
    findings = check_copying(target, Context(references=[source]))
    shared = [f for f in findings if f.check == "copying.other_body"]
    assert [(f.severity, f.text) for f in shared] == [("info", phrase.rstrip("。"))]


def test_copied_paragraph_that_keeps_the_other_bodys_name_still_counts_whole():
    source_text = (REPORTS / "county-hefeng-2019.txt").read_text(encoding="utf-8")
    paragraph = next(line for line in source_text.split("\n") if line.startswith("2019年是修订后的《条例》"))
    assert "禾丰县人民政府" in paragraph
    target_text = (REPORTS / "town-shideng-2022.txt").read_text(encoding="utf-8")
    target_text = target_text.replace("（一）主动公开", paragraph.replace("2019", "2022") + "\n（一）主动公开")
    source = parse(from_text(source_text, "county-hefeng-2019.txt"))
    target = parse(from_text(target_text, "town-shideng-2022.txt"))
    findings = check_copying(target, Context(references=[source]))
    copied = [f for f in findings if f.check == "copying.other_body"]
    assert len(copied) == 1
    assert copied[0].text == paragraph.replace("2019", "2022").rstrip("。")
    assert copied[0].data["copied_chars"] == _content_chars(paragraph)


def test_a_paragraph_written_hundreds_of_times_is_aligned_with_a_few_of_last_years_copies(xihu_text):
    """Every copy of a repeated paragraph would otherwise be aligned with every copy in last
    year's report (quadratic: 40,000 characters took 25 s and gave 490,000 findings)."""
    from auditor.checks.copying import settings

    paragraph = "我局认真贯彻落实政府信息公开条例，进一步完善政务信息发布审核制度，落实保密审查制度，明确信息公开责任和公开范围。\n"
    opening = xihu_text.index("一、")
    text = xihu_text[:opening] + "一、总体情况\n" + paragraph * 300 + xihu_text[xihu_text.index("二、"):]
    current = parse(from_text(text.replace("2020", "2021"), "xihu-2021.txt"))
    findings = check_copying(current, Context(previous=[parse(from_text(text, "xihu-2020.txt"))]))
    copied = [f for f in findings if f.check == "copying.previous_year"]
    per_paragraph = max(sum(1 for f in copied if f.start == start) for start in {f.start for f in copied})
    assert per_paragraph == settings()["alignment"]["max_same_sources"]
    assert len({f.start for f in copied}) >= 300  # every copy of the paragraph is still found
    assert _share(findings).data["share"] > 0.97


def test_a_paragraph_merging_seven_of_last_years_is_aligned_with_all_seven(xihu_text):
    """Only a sentence written in many paragraphs of one report is looked up in a few of them;
    a paragraph that joins several of last year's is aligned with each."""
    sentences = [
        "我局认真贯彻落实政府信息公开条例，进一步完善政务信息发布审核制度，落实保密审查制度，明确信息公开责任。",
        "全年围绕乡村振兴和人居环境整治，在镇便民服务中心公示栏张贴各类告示三十余期，群众反映良好并给予肯定。",
        "聘请八名村民代表担任义务监督员，每季度召开一次座谈会，当场记录大家提出的意见并逐条研究答复。",
        "针对去年查阅点利用率偏低的情况，把查阅点从二楼搬到一楼大厅入口处并延长开放时间方便群众。",
        "年内共举办两期面向村级信息员的操作培训，讲解栏目维护和图片处理方法，参训六十余人次效果良好。",
        "建立健全政务舆情回应机制，对群众关切的热点问题及时发布权威信息，主动回应社会关切解疑释惑。",
        "加强政府网站信息内容建设，规范栏目设置和内容更新，确保发布信息准确权威及时有效便民利民。",
    ]
    head, tail = xihu_text[: xihu_text.index("一、")], xihu_text[xihu_text.index("二、") :]
    last = head + "一、总体情况\n" + "".join(s + "\n" for s in sentences) + tail
    this = (head + "一、总体情况\n" + "".join(sentences) + "\n" + tail).replace("2020", "2021")
    findings = check_copying(parse(from_text(this, "xihu-2021.txt")), Context(previous=[parse(from_text(last, "xihu-2020.txt"))]))
    start = this.index(sentences[0])
    end = start + len("".join(sentences))
    sources = {f.data["source_start"] for f in findings if f.check == "copying.previous_year" and start <= f.start and f.end <= end}
    assert len(sources) == 7
    assert _share(findings).data["share"] > 0.97
