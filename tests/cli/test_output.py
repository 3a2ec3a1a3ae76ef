"""An output file that could not be written is found before the work, not after it (E050)."""
import pytest
from typer.testing import CliRunner

import auditor.api
import auditor.batch
import auditor.learn.labels
import auditor.learn.train
from auditor.cli import app

runner = CliRunner()


@pytest.fixture
def no_work(monkeypatch):
    """Every command's work, replaced by a failure: the tests below must stop before it."""

    def work(*args, **kwargs):
        raise AssertionError("the work started before the output was checked")

    for module, name in [(auditor.api, "audit"), (auditor.batch, "audit_files"), (auditor.learn.labels, "export_labels"), (auditor.learn.train, "train_and_save")]:
        monkeypatch.setattr(module, name, work)


def _outputs(tmp_path):
    """Outputs that cannot be written, and why: a folder, and a path under a regular file."""
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    return [(tmp_path, "it is a folder"), (tmp_path / "a-file.txt" / "out.csv", f"{tmp_path / 'a-file.txt'} is a file, not a folder")]


@pytest.mark.parametrize("command", [["check", "{report}"], ["batch", "{folder}"], ["label", "export", "{report}"], ["train", "--no-evaluate"]])
def test_an_output_that_cannot_be_written_is_exit_2_before_any_work(command, tmp_path, xihu_path, no_work):
    for out, reason in _outputs(tmp_path):
        arguments = [a.format(report=xihu_path, folder=xihu_path.parent) for a in command] + ["--out", str(out)]
        result = runner.invoke(app, arguments)
        assert result.exit_code == 2, result.output
        assert f"[E050] Cannot write {out}: {reason}" in result.stderr


def test_batch_makes_the_folders_of_its_output(tmp_path, xihu_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "xihu-2020.txt").write_bytes(xihu_path.read_bytes())
    out = tmp_path / "results" / "2020" / "summary.csv"
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--format", "csv", "--out", str(out), "--jobs", "1", "--timeout", "0"])
    assert result.exit_code == 0, result.output
    assert "西湖镇人民政府" in out.read_text(encoding="utf-8-sig")


def test_nothing_is_made_for_an_output_when_the_input_is_refused(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "new" / "sub" / "x.json")])
    assert result.exit_code == 2 and "[E001]" in result.stderr
    assert not (tmp_path / "new").exists()


def test_an_existing_writable_file_in_a_folder_one_cannot_write_is_written_in_place(tmp_path, xihu_path, monkeypatch):
    """Overwriting a file needs the file's permission only (`--out /dev/null` as a user); a
    writer through a temporary file beside it (`label export`, `train`) needs the folder's."""
    import os

    out = tmp_path / "x.json"
    out.write_text("old", encoding="utf-8")
    access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if os.fspath(p) == os.fspath(tmp_path) and mode == os.W_OK else access(p, mode, *a, **k))
    result = runner.invoke(app, ["check", str(xihu_path), "-f", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "西湖镇人民政府" in out.read_text(encoding="utf-8")
    result = runner.invoke(app, ["label", "export", str(xihu_path), "--out", str(out)])
    assert result.exit_code == 2 and f"[E050] Cannot write {out}: permission denied in {tmp_path}" in result.stderr
