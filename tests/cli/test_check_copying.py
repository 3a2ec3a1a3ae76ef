"""`auditor check FILE --against OTHER` and `--reference DIR` reach the copy check, end to end."""
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()
REPORTS = Path(__file__).resolve().parents[2] / "corpora" / "reports"


@pytest.fixture()
def years(tmp_path, xihu_path, xihu_text):
    """Xihu's 2020 report and a 2021 report that repeats it with a new year and one new sentence."""
    old = tmp_path / "xihu-2020.txt"
    shutil.copy(xihu_path, old)
    sentence = "截止2020年12月31日,我镇今年在阳谷县政府政务公开网站平台共发布政务信息20条。"
    new_text = xihu_text.replace(sentence, "全年围绕乡村振兴和人居环境整治，在镇便民服务中心公示栏张贴各类告示三十余期。")
    new = tmp_path / "this-year" / "xihu-2021.txt"
    new.parent.mkdir()
    new.write_text(new_text.replace("2021", "2022").replace("2020", "2021"), encoding="utf-8")
    return old, new


def _copying(out: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in out["findings"]:
        if finding["check"].startswith("copying"):
            found.setdefault(finding["check"], []).append(finding)
    return found


def test_check_against_last_year_reports_the_copy_share_in_json(years):
    old, new = years
    result = runner.invoke(app, ["check", str(new), "--against", str(old), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = _copying(json.loads(result.stdout))
    share = found["copying.share"][0]["data"]
    assert share["share"] > 0.9 and share["previous_year"] == share["share"]
    assert share["sources"][0] == {**share["sources"][0], "path": str(old), "body": "西湖镇人民政府", "year": 2020}
    assert found["copying.over_threshold"][0]["severity"] == "error"
    text = new.read_text(encoding="utf-8")
    old_text = old.read_text(encoding="utf-8")
    for finding in found["copying.previous_year"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
        source = finding["data"]
        assert old_text[source["source_start"] : source["source_end"]] == finding["text"].replace("2021", "2020")


def test_check_with_a_reference_folder_finds_the_same_body_by_name(years):
    old, new = years
    shutil.copy(REPORTS / "county-hefeng-2019.txt", old.parent / "county-hefeng-2019.txt")
    result = runner.invoke(app, ["check", str(new), "--reference", str(old.parent), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = _copying(json.loads(result.stdout))
    sources = found["copying.share"][0]["data"]["sources"]
    assert [(s["path"], s["relation"]) for s in sources] == [(str(old), "previous_year")]
    assert "copying.other_body" not in found


def test_check_text_view_shows_the_copy_findings(years):
    old, new = years
    result = runner.invoke(app, ["check", str(new), "--against", str(old)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert re.search(r"copying \(\d+\)", result.stdout)
    assert re.search(r"error +\d+% of the narrative repeats the same body's other report \(西湖镇人民政府 2020\)", result.stdout)
