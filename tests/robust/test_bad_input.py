"""Bad input: each kind of file auditors receive by mistake gets a coded, specific message,
exit code 2 from `auditor check` and an error row from `auditor batch`, never a traceback."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.read import MAX_BYTES, MAX_CHARS

runner = CliRunner()

REFUSED = ["empty.txt", "blank.txt", "junk.txt", "mixed-encodings.txt", "text-named.docx", "text-named.pdf", "report.xls", "truncated.docx", "truncated.pdf", "scan.pdf"]
NOT_REPORTS = ["news.txt", "letter.txt", "work-summary.txt", "recipe.txt"]


def check(*args: object):
    return runner.invoke(app, ["check", *map(str, args)])


def assert_refused(result, code: str, *phrases: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"auditor: error: [{code}] "), result.stderr
    for phrase in phrases:
        assert phrase in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize("name", REFUSED)
def test_check_refuses_a_bad_file_with_its_code_and_exit_2(bad_files, name):
    path, code, phrase = bad_files[name]
    assert_refused(check(path), code, phrase, str(path))


def test_missing_file(tmp_path):
    assert_refused(check(tmp_path / "nope.txt"), "E001", "File not found")


def test_directory_given_as_a_file_points_to_batch(tmp_path):
    (tmp_path / "reports.txt").mkdir()
    assert_refused(check(tmp_path / "reports.txt"), "E002", "is a directory", "auditor batch")


def test_file_without_read_permission(tmp_path, xihu_text, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(xihu_text, encoding="utf-8")
    access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == path else access(p, mode, *a, **k))
    assert_refused(check(path), "E003", "Permission denied", str(path))


def test_file_that_fails_to_open_for_lack_of_permission(tmp_path, xihu_text, monkeypatch):
    """os.access can say yes where opening fails (ACLs, network shares, a race)."""
    path = tmp_path / "locked.txt"
    path.write_text(xihu_text, encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert_refused(check(path), "E003", "Permission denied")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_with_mode_000(tmp_path, xihu_text):
    path = tmp_path / "locked.txt"
    path.write_text(xihu_text, encoding="utf-8")
    path.chmod(0)
    assert_refused(check(path), "E003", "Permission denied")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_refused_instead_of_waiting_forever(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert_refused(check(tmp_path / "pipe.txt"), "E013", "not a regular file")


def test_50_mb_file_is_refused_by_its_size_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 2**20)
    assert path.stat().st_size > MAX_BYTES

    def never(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    assert_refused(check(path), "E011", "50.0 MB", f"limit of {MAX_BYTES // 2**20} MB")


def test_text_of_a_million_characters_is_refused_as_many_reports(tmp_path, xihu_text):
    path = tmp_path / "all-reports.txt"
    path.write_text(xihu_text * (MAX_CHARS // len(xihu_text) + 1), encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES
    assert_refused(check(path), "E014", f"limit of {MAX_CHARS:,}", "many reports in one file")


def test_text_of_a_million_characters_given_in_python_is_refused_too(xihu_text):
    import auditor
    from auditor.errors import ReadError

    with pytest.raises(ReadError, match=r"\[E014\] <text> holds [\d,]+ characters"):
        auditor.audit(xihu_text * (MAX_CHARS // len(xihu_text) + 1))


@pytest.mark.parametrize("name", NOT_REPORTS)
def test_text_that_is_not_a_report_is_said_so_with_exit_2(bad_files, name):
    path, code, phrase = bad_files[name]
    result = check(path, "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"auditor: warning: [{code}] {path} {phrase}")
    assert "no section of the format" in result.stderr and "no score" in result.stderr
    out = json.loads(result.stdout)
    assert out["score"] is None
    assert [f["check"] for f in out["findings"]] == ["structure.not_a_report"]
    assert out["findings"][0]["message"].startswith("[E012]")
    assert all(r["confidence"] < 0.5 or r["id"] == "preamble.contact" for r in out["requirements"])


def test_not_a_report_text_view_still_shows_the_warning(bad_files):
    path, _, _ = bad_files["news.txt"]
    result = check(path)
    assert result.exit_code == 2
    assert "[E012]" in result.stdout and "[E012]" in result.stderr
    assert "/ 100" not in result.stdout


def test_mojibake_is_not_a_report_and_the_message_names_the_encoding(tmp_path, xihu_text):
    """A report saved as Shift-JIS decodes as GB18030 into rare characters: refused, and the
    message says which encoding was assumed."""
    path = tmp_path / "sjis.txt"
    path.write_bytes(xihu_text.encode("shift_jis", errors="replace"))
    result = check(path)
    assert result.exit_code == 2
    assert "[E012]" in result.stderr and "read as gb18030" in result.stderr and "save it as UTF-8" in result.stderr


def test_no_dev_corpus_excerpt_is_taken_for_a_non_report(dev_items):
    from auditor.api import topic_model
    from auditor.learn.coverage import assess
    from auditor.checks.report_kind import not_a_report
    from auditor.parse import parse
    from auditor.read import from_text

    model = topic_model()
    flagged = []
    for item in dev_items:
        report = parse(from_text(item["text"], item["id"]))
        if not_a_report(report, assess(report, model)):
            flagged.append(item["id"])
    assert len(dev_items) == 178
    assert flagged == []


def test_every_corpus_report_is_taken_for_a_report():
    from auditor.api import topic_model
    from auditor.learn.coverage import assess
    from auditor.checks.report_kind import not_a_report
    from auditor.parse import parse
    from auditor.read import read

    folder = Path(__file__).resolve().parents[2] / "corpora" / "reports"
    model = topic_model()
    for path in sorted(folder.glob("*.txt")):
        report = parse(read(path))
        assert not_a_report(report, assess(report, model)) is None, path.name


def test_report_in_traditional_characters_is_audited_like_the_simplified_one(tmp_path, xihu_path, xihu_text):
    import zhconv

    from auditor.parse.normalize import normalize_string

    traditional = zhconv.convert(xihu_text, "zh-tw")
    assert "政府信息公開" in traditional and "報告" in traditional
    path = tmp_path / "xihu-traditional.txt"
    path.write_text(traditional, encoding="utf-8")
    simplified, converted = (check(p, "--format", "json") for p in (xihu_path, path))
    assert converted.exit_code == 0, converted.output
    a, b = json.loads(simplified.stdout), json.loads(converted.stdout)
    assert [s["key"] for s in a["sections"]] == [s["key"] for s in b["sections"]]
    assert [normalize_string(s["title"]) for s in a["sections"]] == [normalize_string(s["title"]) for s in b["sections"]]
    assert (b["year"], b["era"], normalize_string(b["organization"])) == (a["year"], a["era"], a["organization"])
    status = {r["id"]: r["status"] for r in a["requirements"]}
    agree = sum(status[r["id"]] == r["status"] for r in b["requirements"])
    assert agree >= len(status) - 2
    assert sorted(f["check"] for f in b["findings"]) == sorted(f["check"] for f in a["findings"])
    for finding in b["findings"]:
        assert traditional[finding["start"] : finding["end"]] == finding["text"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_without_bom_and_utf32_are_read(tmp_path, xihu_text, encoding):
    from auditor.read import read

    path = tmp_path / "report.txt"
    path.write_bytes(xihu_text.encode(encoding))
    assert read(path).text == xihu_text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_cut_last_character_or_a_damaged_byte_does_not_lose_the_report(tmp_path, xihu_text, encoding):
    from auditor.read import read

    raw = xihu_text.encode(encoding)
    middle = len(raw) // 2
    path = tmp_path / "damaged.txt"
    path.write_bytes(raw[:middle] + b"\xff" + raw[middle:-1])
    document = read(path)
    assert document.encoding == encoding
    assert document.text.count("\ufffd") <= 4
    assert document.text[:200] == xihu_text[:200]


def test_batch_turns_each_bad_file_into_an_error_row_and_goes_on(tmp_path, bad_files, xihu_path, xihu_text, monkeypatch):
    folder = tmp_path / "province"
    folder.mkdir()
    shutil.copy(xihu_path, folder / "xihu-2020.txt")
    expected = {}
    for name, (path, code, phrase) in bad_files.items():
        shutil.copy(path, folder / name)
        if not name.endswith(".xls"):  # batch picks report files by suffix; .xls is not one
            expected[name] = (code, phrase)
    (folder / "old-format.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)  # a report format to convert: a row
    expected["old-format.doc"] = ("E008", "save it as .docx")
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(50 * 2**20)
    expected["huge.txt"] = ("E011", "above the limit")
    (folder / "locked.txt").write_text(xihu_text, encoding="utf-8")
    expected["locked.txt"] = ("E003", "Permission denied")
    access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p).name == "locked.txt" else access(p, mode, *a, **k))
    result = runner.invoke(app, ["batch", str(folder), "--format", "jsonl", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = {Path(row["source"]).name: row for row in map(json.loads, result.stdout.splitlines())}
    assert set(rows) == set(expected) | {"xihu-2020.txt"}
    assert rows["xihu-2020.txt"].get("error") is None and rows["xihu-2020.txt"]["organization"] == "西湖镇人民政府"
    for name, (code, phrase) in expected.items():
        assert rows[name]["error"].startswith(f"[{code}] "), (name, rows[name])
        assert phrase in rows[name]["error"]
    assert f"{len(expected)} of {len(rows)} files could not be audited" in result.stderr
    assert "left out 1 file(s) that are not reports: .xls 1" in result.stderr


def test_a_lone_surrogate_from_a_pdf_extraction_is_audited_not_a_crash():
    import auditor

    text = (Path(__file__).resolve().parents[2] / "corpora" / "reports" / "xihu-2020.txt").read_text(encoding="utf-8")
    damaged = text.replace("主动公开", "主动\ud835公开", 1)
    result = auditor.audit(damaged)
    assert result.score is not None and [v.status for v in result.verdicts] == [v.status for v in auditor.audit(text).verdicts]
