import gc
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from auditor import batch
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


def _die_on_seven(item: int) -> int:
    """A worker's item that kills its process (as the kernel does when memory runs out)."""
    if item == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return item * 10


def test_an_item_that_kills_its_worker_gets_its_own_result_and_the_rest_go_on():
    seen = []
    results = batch._map(_die_on_seven, list(range(40)), 2, None, each=seen.append, died=lambda item, reason: (item, reason))
    assert results == [i * 10 for i in range(7)] + [(7, "killed by SIGKILL")] + [i * 10 for i in range(8, 40)]
    assert seen == results  # in order, each once


def _collecting(item: int) -> bool:
    return gc.isenabled()


def test_workers_collect_garbage_and_the_parent_waits_until_the_map_is_done():
    kept_while_collecting = []
    results = batch._map(_collecting, list(range(6)), 2, None, each=lambda _: kept_while_collecting.append(gc.isenabled()))
    assert results == [True] * 6  # each worker collects its own garbage
    assert kept_while_collecting == [False] * 6  # the parent does not walk results not yet kept
    assert gc.isenabled()


def test_work_goes_to_workers_with_a_timeout_or_with_two_jobs_to_share():
    assert batch._in_workers(1, 5, 600) and batch._in_workers(2, 1, 600)  # a worker can be stopped, or die alone
    assert batch._in_workers(2, 5, None)
    assert not batch._in_workers(1, 5, None) and not batch._in_workers(2, 1, None)  # here is faster
    assert not batch._in_workers(2, 0, 600)


def test_the_default_workers_are_the_cores_this_process_may_use(monkeypatch):
    """Not the machine's: a container limited to 1 CPU of a large server gets 1 worker."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert batch._usable_cores() == 1


def _pid(item: int) -> int:
    return os.getpid()


def test_one_job_is_one_worker_unless_there_is_no_timeout():
    workers = set(batch._map(_pid, list(range(6)), 1, None, timeout=60))
    assert len(workers) == 1 and os.getpid() not in workers
    assert batch._map(_pid, list(range(3)), 1, None) == [os.getpid()] * 3


def test_the_results_are_the_same_here_in_one_worker_and_in_two(tmp_path, xihu_path):
    folder = _folder(tmp_path, xihu_path)
    here = [r.to_dict() for r in batch.audit_files(folder, jobs=1, timeout=None)]
    assert here == [r.to_dict() for r in batch.audit_files(folder, jobs=1)] == [r.to_dict() for r in batch.audit_files(folder, jobs=2)]
    assert len(here) == 5 and sum("error" in row and len(row) == 2 for row in here) == 2


def test_what_is_kept_of_a_result_is_unpacked_as_it_comes_in_workers_and_here():
    for jobs in (1, 2):
        seen = []
        results = batch._map(_collecting, list(range(5)), jobs, None, unpack=lambda collecting: ("unpacked", collecting), each=seen.append)
        assert [label for label, _ in results] == ["unpacked"] * 5 and seen == results


def test_a_worker_sends_the_parsed_report_packed_and_the_parent_gets_the_same_report(xihu_path):
    packed = batch._parse(str(xihu_path), packed=True)
    assert isinstance(packed, bytes)
    report, entry = batch._unpacked(packed)
    expected_report, expected_entry = batch._parse(str(xihu_path))
    assert report == expected_report and report.tables and report.paragraphs
    assert (entry.key, entry.fingerprint, entry.names.pattern) == (expected_entry.key, expected_entry.fingerprint, expected_entry.names.pattern)
    assert [u.masked.text for u in entry.units] == [u.masked.text for u in expected_entry.units]
    assert len(entry.signatures) == len(expected_entry.signatures) > 0
    assert all((a == b).all() for a, b in zip(entry.signatures, expected_entry.signatures))


_PARSE, _AUDIT = batch._parse, batch._audit  # the tests below replace them in the module


def _dying_parse(path: str, packed: bool = False):
    if path.endswith("kill.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _PARSE(path, packed)


def _dying_audit(index: int):
    if batch._SHARED["reports"][index].document.source.endswith("xihu-2020.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _AUDIT(index)


def test_a_file_that_kills_the_process_reading_it_is_an_error_row(tmp_path, xihu_path, monkeypatch):
    folder = _folder(tmp_path, xihu_path)
    shutil.copy(xihu_path, folder / "kill.txt")
    monkeypatch.setattr(batch, "_parse", _dying_parse)
    frame = batch.audit_many(folder, jobs=2)
    assert len(frame) == 6
    dead = frame[frame["source"].str.endswith("kill.txt")].iloc[0]
    assert "[E016]" in dead["error"] and "reading" in dead["error"] and "killed by SIGKILL" in dead["error"]
    assert frame[frame["error"].isna()]["source"].map(lambda s: Path(s).name).tolist() == ["shideng-2022.txt", "shideng-2023.txt", "xihu-2020.txt"]


def test_with_one_job_a_file_that_kills_its_reader_is_an_error_row_too(tmp_path, xihu_path, monkeypatch):
    folder = _folder(tmp_path, xihu_path)
    shutil.copy(xihu_path, folder / "kill.txt")
    monkeypatch.setattr(batch, "_parse", _dying_parse)
    frame = batch.audit_many(folder, jobs=1)
    assert "[E016]" in frame[frame["source"].str.endswith("kill.txt")].iloc[0]["error"]
    assert frame["score"].notna().sum() == 3


def test_a_report_that_kills_the_process_auditing_it_is_an_error_row(tmp_path, xihu_path, monkeypatch):
    monkeypatch.setattr(batch, "_audit", _dying_audit)
    frame = batch.audit_many(_folder(tmp_path, xihu_path), jobs=2)
    dead = frame[frame["source"].str.endswith("xihu-2020.txt")].iloc[0]
    assert "[E016]" in dead["error"] and "auditing" in dead["error"]
    assert frame["score"].notna().sum() == 2  # the two Shideng reports


def _stuck_on_three(item: int) -> int:
    """A worker's item that never returns (a reader looping in a malformed file)."""
    import time

    while item == 3:
        time.sleep(0.05)
    return item


def test_an_item_still_running_after_the_timeout_is_stopped_and_the_rest_go_on():
    results = batch._map(_stuck_on_three, list(range(12)), 2, None, died=lambda item, reason: (item, reason), timeout=0.5)
    assert results == [0, 1, 2, (3, "killed by SIGALRM"), *range(4, 12)]


def _stuck_parse(path: str, packed: bool = False):
    import time

    while path.endswith("stuck.txt"):
        time.sleep(0.05)
    return _PARSE(path, packed)


def test_a_file_that_gets_a_worker_stuck_is_an_error_row_after_the_timeout(tmp_path, xihu_path, monkeypatch):
    folder = _folder(tmp_path, xihu_path)
    shutil.copy(xihu_path, folder / "stuck.txt")
    monkeypatch.setattr(batch, "_parse", _stuck_parse)
    frame = batch.audit_many(folder, jobs=2, timeout=0.5)
    stuck = frame[frame["source"].str.endswith("stuck.txt")].iloc[0]
    assert stuck["error"].startswith("[E017] The process reading") and "stopped after 0.5 s" in stuck["error"]
    assert frame["score"].notna().sum() == 3


def test_with_one_job_or_one_file_a_stuck_file_is_stopped_too(tmp_path, xihu_path, monkeypatch):
    monkeypatch.setattr(batch, "_parse", _stuck_parse)
    folder = _folder(tmp_path, xihu_path)
    shutil.copy(xihu_path, folder / "stuck.txt")
    frame = batch.audit_many(folder, jobs=1, timeout=0.5)
    assert frame[frame["source"].str.endswith("stuck.txt")]["error"].str.startswith("[E017]").all()
    assert frame["score"].notna().sum() == 3
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(xihu_path, alone / "stuck.txt")
    [result] = batch.audit_files(alone, jobs=2, timeout=0.5)
    assert isinstance(result, batch.Failure) and result.error.startswith("[E017]")


def test_the_timeout_is_a_command_line_option(tmp_path, xihu_path, monkeypatch):
    monkeypatch.setattr(batch, "_parse", _stuck_parse)
    folder = _folder(tmp_path, xihu_path)
    shutil.copy(xihu_path, folder / "stuck.txt")
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["batch", str(folder), "--format", "csv", "--out", str(out), "--jobs", "2", "--timeout", "1"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert frame[frame["source"].str.endswith("stuck.txt")]["error"].str.contains(r"\[E017\].*stopped after 1 s").all()


def _die_on_seventy(folder: str, item: int) -> int:
    """Leaves a file per run, so that the test can count how often each item ran."""
    with open(Path(folder) / f"{item}-{os.getpid()}", "w"):
        pass
    if item == 70:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


def test_the_item_that_kills_its_worker_runs_twice_at_most_and_the_others_as_few_times(tmp_path):
    """The chunks the workers held are lost with the pool; they are run alone up to the item that
    dies again, not handed to a new pool that the same item would break again."""
    import functools
    from collections import Counter

    results = batch._map(functools.partial(_die_on_seventy, str(tmp_path)), list(range(400)), 2, None, died=lambda item, reason: None)
    assert results == [None if i == 70 else i for i in range(400)]
    runs = Counter(int(path.name.split("-")[0]) for path in tmp_path.iterdir())
    assert runs[70] == 2
    assert set(runs) == set(range(400)) and max(runs.values()) == 2  # results lost with the pool run again, once


_BUSY_WORKERS = r"""
import os, time
from auditor import batch

def busy(item):
    os.write(1, f"{os.getpid()}\n".encode())  # one write: two workers' lines never interleave
    while True:
        time.sleep(0.05)

batch._map(busy, [1, 2], 2, None, timeout=600)
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="dying with the parent is asked of Linux (prctl)")
@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGKILL])
def test_workers_do_not_outlive_a_parent_that_is_stopped_or_killed(ending):
    """A scheduler's SIGTERM, or the kernel killing the parent for memory, left every worker
    waiting on its queue forever, hundreds of MB each."""
    parent = subprocess.Popen([sys.executable, "-c", _BUSY_WORKERS], stdout=subprocess.PIPE, text=True)
    workers = [int(parent.stdout.readline()) for _ in range(2)]
    assert all(_running(pid) for pid in workers)
    parent.send_signal(ending)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in workers)
    parent.stdout.close()
