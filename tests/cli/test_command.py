"""The installed command: ``main``, then ``os._exit`` without freeing what the command built.

A quick exit must still give the shell ``main``'s status and every byte of output, so these
tests run the command in a process of its own (``os._exit`` would end pytest's).
"""
import json
import shutil
import subprocess
import sys

import pytest

from auditor.cli import _exit_code, _leave


def _auditor(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *arguments], capture_output=True, text=True, timeout=300)


def test_all_of_a_batch_reaches_a_pipe_before_the_quick_exit(tmp_path, xihu_path):
    """Far more than a pipe holds (64 KB): the lines come out whole, one per report."""
    years = range(2013, 2023)  # ten reports, about 10 KB of JSON each
    for year in years:
        shutil.copy(xihu_path, tmp_path / f"xihu-{year}.txt")
    done = _auditor("batch", str(tmp_path), "--format", "jsonl", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.encode()) > 65536
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["source"] for row in rows] == [str(tmp_path / f"xihu-{year}.txt") for year in years]
    assert all(row["score"] is not None for row in rows)


def test_a_bad_file_still_exits_2_with_its_message(tmp_path):
    done = _auditor("check", str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert "[E001]" in done.stderr and "missing.txt" in done.stderr


def test_a_failing_score_still_exits_1(tmp_path, xihu_path):
    shutil.copy(xihu_path, tmp_path / "xihu.txt")
    done = _auditor("batch", str(tmp_path), "--format", "csv", "--fail-under", "99.5", "--jobs", "1")
    assert done.returncode == 1, done.stderr
    assert "98.0" in done.stdout  # the summary was written before the exit


@pytest.mark.parametrize(("code", "status", "printed"), [(None, 0, ""), (0, 0, ""), (2, 2, ""), ("a message", 1, "a message\n")])
def test_exit_codes_are_those_python_would_give(code, status, printed, capsys):
    assert _exit_code(SystemExit(code)) == status
    assert capsys.readouterr().err == printed


def test_leaving_with_a_stream_closed_keeps_the_status(monkeypatch):
    """Started with stdout closed (`>&-`), Python has no sys.stdout: nothing to flush there."""

    class Left(Exception):
        pass

    def exit(code):
        raise Left(code)

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr("os._exit", exit)
    with pytest.raises(Left) as left:
        _leave(3)
    assert left.value.args == (3,)
