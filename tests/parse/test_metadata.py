"""The issuing body, the year covered, the kind of body and the publication date.

Every text here is written for the test (an invented county, 青溪县, and its bodies); the real
dev corpus is only measured against, at the end.
"""
import copy
import datetime as dt
from functools import lru_cache

import pytest

from auditor.errors import DataError
from auditor.parse import metadata, parse
from auditor.parse.metadata import find_level, find_organization, find_published, find_year
from auditor.parse.normalize import normalize_string
from auditor.read import from_text

BODY = "一、总体情况\n本年度公开工作有序开展。\n"


def _org(text: str) -> str | None:
    """The body found by the parser, checked to slice back out of the text."""
    report = parse(from_text(text))
    if report.organization_span is not None:
        start, end = report.organization_span
        assert normalize_string(report.text[start:end]) == normalize_string(report.organization)
    return report.organization


# --- where the name stands -------------------------------------------------------------


@pytest.mark.parametrize(
    "text,body",
    [
        ("青溪县农业农村局2023年政府信息公开工作年度报告\n" + BODY, "青溪县农业农村局"),
        ("当前位置:首页 > 信息公开 > 年度报告 > 2023年\n青溪县农业农村局2023年政府信息公开工作年度报告\n" + BODY, "青溪县农业农村局"),
        ("首页 | 政务公开 | 青溪县审计局2022年度政府信息公开工作年度报告 | 打印\n" + BODY, "青溪县审计局"),
        ("某某官方网站青溪县教育局2021年政府信息公开工作年度报告\n" + BODY, "青溪县教育局"),
        ("青溪县审计局关于2020年政府信息公开工作年度报告\n" + BODY, "青溪县审计局"),
        ("2021年青溪县民政局政府信息公开工作年度报告\n" + BODY, "青溪县民政局"),
        ("2019年青溪县人民政府信息公开工作年度报告\n" + BODY, "青溪县人民政府"),
        ("青溪县林业局\n2022年政府信息公开工作年度报告\n" + BODY, "青溪县林业局"),
        ("青溪县林业局2022年度政府\n信息公开工作年度报告\n" + BODY, "青溪县林业局"),
        ("标 题:青溪县林业局2022年政府信息公开工作年度报告\n发布机构:青溪县林业局\n" + BODY, "青溪县林业局"),
        ("青溪县\n2024年政府信息公开工作年度报告\n" + BODY, "青溪县"),
        ("青溪县机构编制委员会办公室2021年政府信息公开工作年度报告\n" + BODY, "青溪县机构编制委员会办公室"),
        ("青溪县老龄工作委员会办公室2021年政府信息公开工作年度报告\n" + BODY, "青溪县老龄工作委员会办公室"),
        ("青溪县扶贫开发领导小组办公室2019年政府信息公开工作年度报告\n" + BODY, "青溪县扶贫开发领导小组办公室"),
    ],
)
def test_title_line_names_the_body(text, body):
    assert _org(text) == body


def test_repeated_title_gives_its_first_occurrence():
    text = "青溪县水利局2023年政府信息公开工作年度报告\n发布日期:2024-01-20\n青溪县水利局2023年政府信息公开工作年度报告\n" + BODY
    report = parse(from_text(text))
    assert report.organization == "青溪县水利局"
    assert report.organization_span == (0, 6)


def test_page_field_names_the_body_when_the_title_does_not():
    text = "索引号:001/2024-0001\n发布机构:青溪县水利局 发布日期:2024-01-20\n2023年政府信息公开工作年度报告\n" + BODY
    assert _org(text) == "青溪县水利局"


@pytest.mark.parametrize(
    "sentence,body",
    [
        ("根据《中华人民共和国政府信息公开条例》规定,现公布青溪县商务局2022年政府信息公开工作年度报告。", "青溪县商务局"),
        ("根据《条例》规定,特向社会公布2021年度青溪县司法局政府信息公开年度报告。", "青溪县司法局"),
        ("依照要求,县政务公开办编制了2019年青溪县人民政府信息公开工作年度报告。", "青溪县人民政府"),
        ("现将青溪县人民政府办公室(以下简称县政府办)2020年度政府信息公开工作情况报告如下。", "青溪县人民政府办公室"),
        ("本报告由青溪县统计局结合有关统计数据编制。", "青溪县统计局"),
        ("根据上级要求,松风镇人民政府编制2020年政府信息公开年度报告。", "松风镇人民政府"),
        ("根据《条例》规定,向阳镇人民政府向社会公布2021年政府信息公开工作年度报告。", "向阳镇人民政府"),
        ("根据有关规定,现发布《青溪县应急管理局2024年政府信息公开工作年度报告》。", "青溪县应急管理局"),
    ],
)
def test_preamble_sentence_names_the_body(sentence, body):
    assert _org(sentence + "\n" + BODY) == body


def test_sentence_opened_by_the_body_names_it_when_nothing_else_does():
    text = "一、总体情况\n2022年,青溪县交通运输局认真贯彻落实《条例》,扎实推进公开工作。\n"
    assert _org(text) == "青溪县交通运输局"


def test_heading_glued_to_the_first_sentence_is_cut_off():
    text = "一、总体情况 青溪县交通运输局认真贯彻落实《条例》。\n"
    assert _org(text) == "青溪县交通运输局"


def test_guide_title_names_the_body_as_a_last_resort():
    text = "一、总体情况\n我乡修订了《松风乡人民政府信息公开指南》,方便群众查阅。\n"
    assert _org(text) == "松风乡人民政府"


def test_report_that_never_names_itself_has_no_body():
    text = "一、总体情况\n2022年,我局认真贯彻落实《条例》,全年主动公开信息120条。\n二、主动公开政府信息情况\n"
    assert _org(text) is None


def test_title_of_a_notice_is_not_the_body():
    text = (
        "根据《青溪县人民政府办公室关于做好2021年政府信息公开工作年度报告编制发布工作的通知》要求,编制本报告。\n"
        "根据《青溪县人民政府办公室关于2021年政府信息公开工作年度报告编制发布工作的通知》要求,编制本报告。\n" + BODY
    )
    assert _org(text) is None


def test_plans_named_in_the_preamble_are_not_the_body():
    text = "为执行《松风县2024年度政务公开工作要点》,松风街道办事处充分利用网站平台公开信息。\n" + BODY
    assert _org(text) == "松风街道办事处"


# --- widening to the fuller spelling ---------------------------------------------------


def test_signature_spells_out_a_bare_place_name_in_the_title():
    text = "松风镇2020年政府信息公开工作年度报告\n" + BODY + "\n松风镇人民政府\n2021年1月20日\n"
    report = parse(from_text(text))
    start, end = report.organization_span
    assert report.organization == "松风镇人民政府"
    assert report.text[start:end] == "松风镇人民政府" and start > len(text) - 25


def test_title_wins_over_a_signature_by_its_office():
    text = "青溪县人民政府2020年政府信息公开工作年度报告\n" + BODY + "\n青溪县人民政府办公室\n2021年3月20日\n"
    assert _org(text) == "青溪县人民政府"


def test_town_written_with_its_county_in_the_preamble_is_widened():
    text = "松风镇人民政府2023年政府信息公开工作年度报告\n本报告由青溪县松风镇人民政府按照《条例》要求编制。\n" + BODY
    assert _org(text) == "青溪县松风镇人民政府"


def test_street_title_is_widened_to_its_office():
    text = "松风街道2022年政府信息公开工作年度报告\n本年度报告由松风街道办事处编制。\n" + BODY
    assert _org(text) == "松风街道办事处"


def test_district_office_is_not_widened_by_its_city():
    text = "松风区人民政府办公室2019年度政府信息公开工作年度报告\n现公布青溪市松风区人民政府办公室2019年度政府信息公开工作年度报告。\n" + BODY
    assert _org(text) == "松风区人民政府办公室"


def test_short_name_in_a_sentence_is_widened_by_the_contact_line():
    text = (
        "本报告所列数据统计期限自2021年1月1日起至12月31日止。如对本报告有疑问,请与青溪县民政局办公室联系。\n"
        "一、总体情况\n2021年,县民政局认真贯彻落实《条例》。\n"
    )
    assert _org(text) == "青溪县民政局"


def test_office_in_the_contact_line_is_dropped():
    text = "如对本报告有疑问,请与青溪县财政局政务公开科联系(电话:0000-1234567)。\n" + BODY
    assert _org(text) == "青溪县财政局"


# --- the name as the text shows it -----------------------------------------------------


def test_traditional_characters_come_back_as_written():
    text = "青溪縣農業農村局2023年政府信息公開工作年度報告\n一、總體情況\n"
    report = parse(from_text(text))
    start, end = report.organization_span
    assert report.organization == "青溪縣農業農村局" == report.text[start:end]
    assert report.level == "department"


def test_pinyin_annotations_are_left_out_of_the_name():
    text = "青溪縣農(nóng)業(yè)農村局2023年政府信息公開工作年度報(bào)告\n一、總體情況\n"
    report = parse(from_text(text))
    start, end = report.organization_span
    assert report.organization == "青溪縣農業農村局"
    assert report.text[start:end] == "青溪縣農(nóng)業(yè)農村局"


def test_example_report_body_is_its_signature(xihu, xihu_text):
    start, end = xihu.organization_span
    assert xihu.organization == xihu_text[start:end] == "西湖镇人民政府"
    assert xihu_text[end:].strip() == "2021 年 1 月 25 日"


def test_find_organization_gives_offsets_in_the_text_it_is_given():
    text = "首页 > 年报\n青溪县林业局2022年政府信息公开工作年度报告\n"
    name, start, end = find_organization(text)
    assert (name, text[start:end]) == ("青溪县林业局", "青溪县林业局")


# --- kind of body ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,level",
    [
        ("青溪县人民政府", "government"),
        ("青溪县人民政府办公室", "government"),
        ("青溪省人民政府办公厅", "government"),
        ("青溪县人民政府机关", "government"),
        ("青溪县", "government"),
        ("松风白族自治州", "government"),
        ("青溪县财政局", "department"),
        ("青溪省人民政府外事办公室", "department"),
        ("青溪经济开发区", "department"),
        ("松风镇人民政府", "town"),
        ("青溪县松风乡", "town"),
        ("松风街道办事处", "town"),
        ("青溪县人民政府松风街道办事处", "town"),
    ],
)
def test_level_from_the_name(name, level):
    assert find_level(name) == level


def test_level_without_a_name_comes_from_how_the_report_refers_to_itself():
    assert find_level(None, "2022年,我镇认真贯彻《条例》。我镇全年公开信息30条,本镇未收到申请。") == "town"
    assert find_level(None, "2022年,我局认真贯彻《条例》,我局全年公开信息30条。") == "department"
    assert find_level(None, "2022年,我县认真贯彻《条例》。") == "government"
    assert find_level(None, "全年主动公开信息30条。") is None
    assert find_level(None) is None


# --- year covered ----------------------------------------------------------------------


def test_year_from_the_title():
    assert find_year("青溪县林业局2022年政府信息公开工作年度报告\n2023年工作打算……") == 2022


def test_year_from_an_announced_title_in_the_preamble():
    text = "根据《条例》规定,现公布青溪县商务局2022年政府信息公开工作年度报告。2023年、2023年将继续推进。"
    assert find_year(text) == 2022


def test_last_years_report_mentioned_as_published_tells_the_year_after():
    text = "一、总体情况\n我局公开了机构职能、人事信息及2019年度信息公开工作报告。\n"
    assert find_year(text) == 2020


def test_year_from_the_statistics_period():
    assert find_year("本报告所列数据统计期限自2021年1月1日起至2021年12月31日止。") == 2021


# --- publication date ------------------------------------------------------------------


def test_published_from_a_page_field():
    text = "青溪县林业局2022年政府信息公开工作年度报告\n发布时间:2023-01-18 10:05:02 来源:青溪县林业局\n"
    date, start, end = find_published(text, 2022)
    assert date == dt.date(2023, 1, 18) and text[start:end].strip() == "2023-01-18"


def test_publication_field_wins_over_the_date_written():
    text = "成文日期:2023-01-10\n发布日期:2023-01-19\n青溪县林业局2022年政府信息公开工作年度报告\n"
    assert find_published(text, 2022)[0] == dt.date(2023, 1, 19)


def test_bare_date_field_and_date_line_under_the_title():
    assert find_published("青溪县林业局2022年年报\n日期:2023-01-29 来源:青溪县人民政府\n", 2022)[0] == dt.date(2023, 1, 29)
    assert find_published("青溪县林业局2022年年报\n2023年01月18日来源:本网\n", 2022)[0] == dt.date(2023, 1, 18)


def test_site_clock_and_statistics_period_are_not_the_publication_date():
    text = "青溪县人民政府 2019年12月3日星期二\n统计时间:2021-01-01至2021-12-31\n青溪县2021年政府信息公开工作年度报告\n"
    assert find_published(text, 2021) is None


def test_signature_date_in_chinese_numerals():
    text = "青溪县林业局2022年政府信息公开工作年度报告\n……\n青溪县林业局\n二〇二三年一月二十日\n"
    assert find_published(text, 2022)[0] == dt.date(2023, 1, 20)


# --- on the real excerpts of the dev corpus --------------------------------------------


def test_dev_corpus_metadata_rates(dev_items):
    """Measured on real reports (bench/dev_metadata.py lists the misses)."""
    governments = {"county", "city", "province"}
    org_hits = org_total = year_hits = year_total = level_hits = level_total = 0
    for item in dev_items:
        report = parse(from_text(item["text"], item["id"]))
        if item["org"] is not None:
            org_total += 1
            org_hits += report.organization == item["org"]
        if item["year"] is not None:
            year_total += 1
            year_hits += report.year == item["year"]
        if item.get("level") in governments | {"department", "town"}:
            level_total += 1
            level_hits += report.level == ("government" if item["level"] in governments else item["level"])
    assert org_hits / org_total >= 0.85
    assert year_hits / year_total >= 0.97
    assert level_hits / level_total >= 0.9


def test_era_without_a_year_comes_from_the_statistics_tables_labels():
    from auditor.parse.metadata import find_era

    assert find_era(None, "（一）主动公开情况\n规章 本年制发件数 0 本年废止件数 0 现行有效件数 3") == "2021"
    assert find_era(None, "规章 本年新制作数量 1 本年新公开数量 1 对外公开总数量 9") == "2019"
    assert find_era(None, "本机关全年主动公开信息若干条。") is None
    assert find_era(2018, "本年制发件数") is None and find_era(2020, "本年制发件数") == "2019"


def test_contact_pattern_without_the_name_group_is_a_data_error(monkeypatch):
    spec = copy.deepcopy(metadata._org_spec())
    spec["contact"]["pattern"] = "请与(?P<body>[^,。]{2,40}?)联系"
    monkeypatch.setattr(metadata, "_org_spec", lambda: spec)
    monkeypatch.setattr(metadata, "_org_patterns", lru_cache(maxsize=None)(metadata._org_patterns.__wrapped__))
    with pytest.raises(DataError, match=r"organization\.toml, rule contact: .*\(\?P<org>…\)") as error:
        find_organization("如对本报告有疑问,请与青溪县民政局联系。")
    assert error.value.code == "E032"
