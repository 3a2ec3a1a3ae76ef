"""Coverage verdicts of the shipped model on the real example report."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.api import audit

MET_2020 = [
    "preamble.basis", "preamble.period", "preamble.contact",
    "overview.proactive", "overview.requests", "overview.management", "overview.platforms", "overview.oversight",
    "tables.proactive", "tables.requests", "tables.review",
    "problems.issues", "problems.measures", "other.proposals",
]


@pytest.fixture(scope="module")
def xihu_audit(xihu_path):
    return audit(xihu_path)


def test_all_eighteen_requirements_are_listed(xihu_audit):
    from auditor.learn.requirements import ids

    assert [v.id for v in xihu_audit.verdicts] == ids()
    assert len(ids()) == 18


@pytest.mark.parametrize("requirement", MET_2020)
def test_example_report_meets_requirement_with_evidence(xihu_audit, xihu_text, requirement):
    verdict = next(v for v in xihu_audit.verdicts if v.id == requirement)
    assert verdict.status == "met"
    assert verdict.confidence >= 0.5
    assert verdict.evidence
    for evidence in verdict.evidence:
        assert xihu_text[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize("requirement", ["other.fees", "problems.rectification", "other.priorities", "other.innovation"])
def test_2021_requirements_are_not_required_in_a_2020_report(xihu_audit, requirement):
    verdict = next(v for v in xihu_audit.verdicts if v.id == requirement)
    assert verdict.status == "not_required"
    assert verdict.confidence < 0.5
    assert verdict.evidence == []


def test_evidence_really_contains_the_topic(xihu_audit):
    evidence = {v.id: v.evidence[0].text for v in xihu_audit.verdicts if v.evidence}
    assert "人大代表建议" in evidence["other.proposals"]
    assert "0635-2954188" in evidence["preamble.contact"]
    assert "12月31日" in evidence["preamble.period"]
    assert "查阅点" in " ".join(e.text for e in next(v for v in xihu_audit.verdicts if v.id == "overview.platforms").evidence) or "网站" in evidence["overview.platforms"]


def test_missing_topic_in_a_2021_report_is_missing():
    text = (
        "某某局2021年政府信息公开工作年度报告\n"
        "根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求，编制本报告。\n"
        "一、总体情况\n2021年，我局主动公开政府信息56条，其中政策解读8条。\n"
        "六、其他需要报告的事项\n本年度未收到人大代表建议和政协委员提案。\n"
    )
    verdicts = {v.id: v for v in audit(text).verdicts}
    assert verdicts["other.fees"].status == "missing"
    assert verdicts["other.proposals"].status == "met"
    assert verdicts["other.innovation"].status == "not_required"  # optional: never missing


def test_topic_outside_its_home_section_is_met_with_a_note():
    text = (
        "某某局2021年政府信息公开工作年度报告\n一、总体情况\n"
        "(二)依申请公开。2021年共收到政府信息公开申请3件，均按期答复，未收取信息处理费。\n"
        "六、其他需要报告的事项\n无。\n"
    )
    fees = next(v for v in audit(text).verdicts if v.id == "other.fees")
    assert fees.status == "met"
    assert fees.section == "overview"
    assert "home section other" in fees.note


def test_preamble_list_of_section_names_reports_nothing():
    text = (
        "某某局2022年政府信息公开工作年度报告\n"
        "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。\n"
    )
    met = {v.id for v in audit(text).verdicts if v.status == "met"}
    assert not met & {"problems.issues", "problems.measures", "overview.requests", "tables.requests", "tables.review"}


def test_rules_searched_over_all_paragraphs_at_once_fire_where_they_fire_alone():
    from pathlib import Path

    from auditor.learn.coverage import paragraph_frame
    from auditor.learn.rules import _rule, rule_probabilities, rule_probability
    from auditor.parse import parse
    from auditor.read import read
    from auditor import data

    reports = sorted((Path(__file__).resolve().parents[2] / "corpora" / "reports").glob("*.txt"))
    tricky = ["联系电话：", "0571-", "88888888", "邮编：", "310000", "统计期限为2020年1月1日", "至2020年12月31日", "未收取", "任何费用"]
    for path in reports[:30]:
        texts = paragraph_frame(parse(read(path)))["text"].tolist() + tricky
        for name in data.toml("rules.toml"):
            assert rule_probabilities(name, texts) == [rule_probability(name, text) for text in texts], (path.name, name)
    assert rule_probabilities("contact", ["电话：", "0571-88888888"]) == [0.0, _rule("contact")[0]]


@pytest.mark.parametrize("pattern", ["^一、总体情况", "工作要点$", r"\A一、", r"工作要点\Z", "(?i)email", r"(\d)\1", "(?P<year>\\d{4})年"])
def test_a_rule_pattern_that_would_change_meaning_in_one_search_is_refused_with_E032(monkeypatch, pattern):
    from auditor import data
    from auditor.errors import DataError
    from auditor.learn import rules

    real = data.toml

    def toml(name):
        return {"contact": {"probability": 0.9, "any": ["联系电话", pattern]}} if name == "rules.toml" else real(name)

    monkeypatch.setattr(data, "toml", toml)
    rules._rule.cache_clear()
    try:
        with pytest.raises(DataError) as raised:
            rules.rule_probability("contact", "联系电话：12345")
        assert raised.value.code == "E032" and pattern in str(raised.value)
    finally:
        rules._rule.cache_clear()


_EMAIL_LOOKING_BEHIND_FIRST = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@given(st.text(alphabet="ab9._%+-@中 \n", max_size=40))
@settings(max_examples=300, deadline=None)
def test_the_contact_rules_address_pattern_finds_what_looking_behind_first_finds(text):
    """rules.toml looks behind from an address's second character, so that the pattern opens
    with a character class (fast to scan for); it must find the same addresses."""
    from auditor import data

    address = next(pattern for pattern in data.toml("rules.toml")["contact"]["any"] if "@" in pattern)
    assert [m.span() for m in re.finditer(address, text)] == [m.span() for m in _EMAIL_LOOKING_BEHIND_FIRST.finditer(text)]
