import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from auditor.cli import app

runner = CliRunner()


def _folder(tmp_path, xihu_path):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(xihu_path, folder / "xihu-2020.txt")
    shutil.copy(xihu_path.parent / "town-shideng-2022.txt", folder / "sub" / "shideng-2022.txt")
    shutil.copy(xihu_path.parent / "town-shideng-2023.txt", folder / "sub" / "shideng-2023.txt")
    (folder / "corrupt.txt").write_bytes(b"\x00\x01\x02binary junk")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    return folder


def test_batch_csv_has_one_row_per_report_and_error_rows(tmp_path, xihu_path):
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["batch", str(_folder(tmp_path, xihu_path)), "--format", "csv", "--out", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert len(frame) == 5
    for column in ("organization", "year", "era", "score", "missing", "repetitions", "copying", "table_errors", "error"):
        assert column in frame.columns
    errors = frame[frame["error"].notna()]
    assert sorted(errors["source"].map(lambda s: s.rsplit("/", 1)[-1])) == ["broken.pdf", "corrupt.txt"]
    assert errors["error"].str.contains(r"\[E00\d\]").all()
    xihu = frame[frame["source"].str.endswith("xihu-2020.txt")].iloc[0]
    assert xihu["organization"] == "西湖镇人民政府" and xihu["repetitions"] == 2


def test_batch_finds_copying_from_the_same_bodys_previous_year(tmp_path, xihu_path):
    out = tmp_path / "x.csv"
    runner.invoke(app, ["batch", str(_folder(tmp_path, xihu_path)), "--format", "csv", "--out", str(out), "--jobs", "1"])
    frame = pd.read_csv(out, encoding="utf-8-sig")
    later = frame[frame["source"].str.endswith("shideng-2023.txt")].iloc[0]
    assert later["copy_share"] > 0.5 and later["copying"] > 0


def test_fail_under_exits_1(tmp_path, xihu_path):
    result = runner.invoke(app, ["batch", str(_folder(tmp_path, xihu_path)), "--format", "jsonl", "--fail-under", "100", "--jobs", "1"])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 5


def test_missing_folder_exits_2(tmp_path):
    result = runner.invoke(app, ["batch", str(tmp_path / "none")])
    assert result.exit_code == 2 and "[E001]" in result.stderr


def test_a_missing_model_stops_the_batch_with_E020_while_workers_read(tmp_path, xihu_path):
    """The model is loaded while the workers read the files: its error must still reach the
    user as the model's, with exit code 2, and not wait for the reading to finish."""
    result = runner.invoke(app, ["batch", str(_folder(tmp_path, xihu_path)), "--model", str(tmp_path / "none.skops"), "--jobs", "2"])
    assert result.exit_code == 2 and "[E020]" in result.stderr and "none.skops" in result.stderr


def _mark(folder: str, item: int) -> int:
    """A worker's item: leaves a file behind, so that the test can count the items that ran."""
    import time

    time.sleep(0.01)
    (Path(folder) / str(item)).touch()
    return item


def test_an_error_in_the_parent_while_workers_read_cancels_the_items_not_started(tmp_path):
    """The batch loads the model while the workers read: when that fails, the files not yet
    handed to a worker are not read (a province's batch would otherwise read on for minutes)."""
    import functools

    import pytest

    from auditor.batch import _map

    def fail():
        raise RuntimeError("no model")

    with pytest.raises(RuntimeError):
        _map(functools.partial(_mark, str(tmp_path)), list(range(2000)), 2, None, meanwhile=fail)
    ran = len(list(tmp_path.iterdir()))
    assert 0 < ran < 200, ran  # the chunks the workers held (8 items each), not all 2,000
