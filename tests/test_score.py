import pytest

from auditor.errors import DataError
from auditor.score import load_rubric, score
from auditor.types import Finding, Verdict


def _verdicts(missing=()):
    from auditor.learn.requirements import ids

    return [Verdict(i, "missing" if i in missing else "met", 0.9) for i in ids()]


def test_full_marks_when_nothing_is_missing_or_wrong():
    assert score(_verdicts(), [], "2021", load_rubric()) == (100.0, [])


def test_missing_requirement_costs_its_weight():
    total, breakdown = score(_verdicts({"other.fees"}), [], "2021", load_rubric())
    assert total == 96.0
    assert breakdown == [{"item": "other.fees", "kind": "requirement", "points": -4.0, "reason": "required topic not reported"}]


def test_check_deductions_are_capped_per_rubric_entry():
    findings = [Finding("repetition.word", "warning", "x")] * 9
    total, breakdown = score(_verdicts(), findings, "2021", load_rubric())
    assert total == 95.0  # 1 each, at most 5
    assert breakdown[0]["item"] == "repetition"


def test_severity_filter_counts_only_table_errors():
    findings = [Finding("tables.bad_cell", "warning", "x"), Finding("tables.column_identity", "error", "y")]
    total, _ = score(_verdicts(), findings, "2021", load_rubric())
    assert total == 97.0


def test_the_suqian_rubric_weighs_differently():
    rubric = load_rubric("suqian")
    assert score(_verdicts({"tables.requests"}), [], "2021", rubric)[0] == 94.0
    assert score(_verdicts({"tables.requests"}), [], "2021", load_rubric())[0] == 95.0


def test_an_assessors_own_rubric_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\n[requirements]\n"other.fees" = 20\n[checks."timeliness.late"]\nper = 30\n', encoding="utf-8")
    rubric = load_rubric(path)
    total, _ = score(_verdicts({"other.fees"}), [Finding("timeliness.late", "error", "late")], "2021", rubric)
    assert total == 50.0


def test_rubric_with_an_unknown_requirement_is_a_coded_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[requirements]\n"other.feez" = 2\n', encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_rubric(path)
    assert error.value.code == "E030" and "other.feez" in str(error.value)


def test_a_shipped_rubric_edited_by_one_caller_stays_as_shipped_for_the_next():
    mine = load_rubric("default")
    mine.requirements["preamble.contact"] = 99.0
    assert load_rubric("default").requirements["preamble.contact"] != 99.0
