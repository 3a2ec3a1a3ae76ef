"""The labelling loop: export for annotators, validated all-or-nothing import, retraining."""
from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pandas as pd
import pytest
from small_corpus import CORPUS, NEW_REPORT, make_corpus, new_reports, shipped_labels

from auditor.errors import DataError, LabelFileError
from auditor.learn import labels
from auditor.read import report_files
from auditor.learn.corpus import load_corpus
from auditor.learn.requirements import ids
from auditor.learn.train import train


@pytest.fixture(scope="module")
def old_model(tmp_path_factory):
    corpus = make_corpus(tmp_path_factory.mktemp("base") / "corpus")
    return train(load_corpus(corpus), cv=0)


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path / "corpus")


@pytest.fixture
def exported(tmp_path, old_model):
    """The new report's paragraphs as an annotator receives them (a DataFrame of strings) and the CSV path."""
    folder = new_reports(tmp_path / "new")
    frame, skipped = labels.export_frame(report_files(folder), old_model, corpus=None)
    assert skipped == []
    path = labels.write_export(frame, tmp_path / "todo.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"), path


def save(frame: pd.DataFrame, path) -> str:
    """What a spreadsheet does on "Save as CSV UTF-8"."""
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return str(path)


def annotate_from_corpus(frame: pd.DataFrame) -> pd.DataFrame:
    """A simulated annotator: the shipped corpus labels for the paragraphs it has."""
    truth = shipped_labels(NEW_REPORT)
    frame = frame.copy()
    frame["labels"] = [", ".join(truth[(int(s), int(e))]) or "none" if (int(s), int(e)) in truth else "" for s, e in zip(frame["start"], frame["end"])]
    return frame


# ---------------------------------------------------------------- export


def test_export_starts_with_a_bom_and_opens_in_pandas(exported):
    frame, path = exported
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(frame.columns) == labels.COLUMNS + ids()
    assert (frame["report"] == NEW_REPORT).all()
    assert (frame["body"] == "柳泉镇人民政府").all() and (frame["level"] == "town").all() and (frame["year"] == "2024").all()
    text = (CORPUS / "reports" / f"{NEW_REPORT}.txt").read_text(encoding="utf-8")
    for start, end, paragraph in zip(frame["start"], frame["end"], frame["text"]):
        assert text[int(start) : int(end)] == paragraph
    assert (frame["labels"] == "").all()


def test_export_puts_the_most_uncertain_paragraphs_first(exported, old_model):
    frame, _ = exported
    doubt = frame["uncertainty"].astype(float).to_numpy()
    assert (np.diff(doubt) <= 0).all()
    assert doubt[0] > doubt[-1]
    # the first row's doubt is its closest requirement's score seen from that requirement's threshold
    first = frame.iloc[0]
    threshold = dict(zip(old_model.labels_, old_model.thresholds_))[first["closest"]]
    from auditor.learn.coverage import confidence

    assert 1 - 2 * abs(confidence(float(first[first["closest"]]), threshold) - 0.5) == pytest.approx(doubt[0], abs=2e-3)


def test_predicted_column_lists_the_requirements_over_threshold(exported, old_model):
    frame, _ = exported
    thresholds = dict(zip(old_model.labels_, old_model.thresholds_))
    for _, row in frame.iterrows():
        expected = [r for r in ids() if float(row[r]) >= thresholds[r] - 5e-4]
        assert set(filter(None, row["predicted"].split(", "))) <= set(expected)


def test_export_fills_current_from_the_corpus(tmp_path, old_model):
    frame, _ = labels.export_frame([CORPUS / "reports" / f"{NEW_REPORT}.txt"], old_model, corpus=CORPUS)
    truth = shipped_labels(NEW_REPORT)
    matched = frame[[(s, e) in truth for s, e in zip(frame["start"], frame["end"])]]
    assert len(matched) > 20
    for _, row in matched.iterrows():
        assert row["current"] == (", ".join(truth[(row["start"], row["end"])]) or "none")


def test_csv_quoting_keeps_commas_quotes_and_line_breaks(tmp_path):
    tricky = 'a,b "quoted", c\nsecond line，中文、逗号\t制表'
    frame = pd.DataFrame([{**{c: "" for c in labels.COLUMNS}, "labels": "overview.proactive", "report": "r", "start": 0, "end": len(tricky), "text": tricky},
                          {**{c: "" for c in labels.COLUMNS}, "labels": "none", "report": "r", "start": 100, "end": 101, "text": "x"}])
    path = labels.write_export(frame, tmp_path / "t.csv")
    rows, problems, blank = labels.read_label_file(path)
    assert problems == [] and blank == 0
    assert [r["text"] for r in rows] == [tricky, "x"]
    assert [r["line"] for r in rows] == ["2", "4 (spreadsheet row 3)"]


# ---------------------------------------------------------------- import


def test_round_trip_export_edit_import_train_changes_the_verdict_on_edited_paragraphs(exported, corpus, old_model, tmp_path):
    frame, _ = exported
    catalogue = list(old_model.labels_)
    edited = frame.head(3).index.tolist()
    added = {}
    for i in edited:  # the requirement the model thinks least likely becomes the paragraph's label
        added[i] = frame.loc[i, catalogue].astype(float).idxmin()
        frame.loc[i, "labels"] = added[i]
    cleared = frame.index[frame["predicted"] != ""][3]  # a paragraph the model gives a topic: labelled none
    frame.loc[cleared, "labels"] = "none"
    result = labels.import_labels(save(frame, tmp_path / "done.csv"), corpus)
    assert (result.added, result.replaced, result.skipped, result.reports) == (4, 0, len(frame) - 4, [NEW_REPORT])

    new_model = train(load_corpus(corpus), cv=0)
    X = frame.loc[edited + [cleared], ["text", "section", "subtopic"]]
    before, after = old_model.predict(X), new_model.predict(X)
    for k, i in enumerate(edited):
        j = catalogue.index(added[i])
        assert (before[k, j], after[k, j]) == (0, 1)
    # the paragraph labelled "none" pulls every topic it was given down (sentence pooling may
    # still let one of its sentences carry a topic on its own)
    was = before[-1].astype(bool)
    assert was.any()
    p_before, p_after = old_model.predict_proba(X)[-1], new_model.predict_proba(X)[-1]
    assert (p_after[was] < p_before[was]).all()


def test_import_copies_a_new_report_so_that_offsets_stay_valid(exported, corpus, tmp_path):
    frame, _ = exported
    frame = annotate_from_corpus(frame)
    result = labels.import_labels(save(frame, tmp_path / "done.csv"), corpus)
    assert result.reports == [NEW_REPORT]
    copied = corpus / "reports" / f"{NEW_REPORT}.txt"
    assert copied.read_text(encoding="utf-8") == (CORPUS / "reports" / f"{NEW_REPORT}.txt").read_text(encoding="utf-8")
    loaded = load_corpus(corpus)  # checks every label's text against its report
    mine = loaded.paragraphs[loaded.paragraphs["report"] == NEW_REPORT]
    assert len(mine) == result.added == (frame["labels"] != "").sum()
    assert set(mine["body"]) == {"柳泉镇人民政府"} and set(mine["level"]) == {"town"} and set(mine["year"]) == {2024}


def test_labels_file_stays_grouped_by_report_and_sorted(exported, corpus, tmp_path):
    before = (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    frame, _ = exported
    labels.import_labels(save(annotate_from_corpus(frame), tmp_path / "done.csv"), corpus)
    after = (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    assert after[: len(before)] == before  # untouched lines are kept byte for byte
    rows = [json.loads(line) for line in after]
    keys = [(r["report"], r["start"]) for r in rows[len(before) :]]
    assert keys == sorted(keys) and {k[0] for k in keys} == {NEW_REPORT}
    assert list(rows[-1]) == list(labels.FIELDS)


def test_reimporting_the_same_labels_changes_nothing(exported, corpus, tmp_path):
    frame, _ = exported
    path = save(annotate_from_corpus(frame), tmp_path / "done.csv")
    first = labels.import_labels(path, corpus)
    content = (corpus / "labels.jsonl").read_bytes()
    second = labels.import_labels(path, corpus)
    assert (second.added, second.replaced, second.unchanged) == (0, 0, first.added)
    assert (corpus / "labels.jsonl").read_bytes() == content


def test_conflicting_import_without_overwrite_changes_nothing_and_says_why(exported, corpus, tmp_path):
    frame, _ = exported
    labels.import_labels(save(annotate_from_corpus(frame), tmp_path / "first.csv"), corpus)
    content = (corpus / "labels.jsonl").read_bytes()
    reports = sorted(p.name for p in (corpus / "reports").iterdir())

    row = frame.index[[bool(v) for v in annotate_from_corpus(frame)["labels"]]][0]
    old = annotate_from_corpus(frame).loc[row, "labels"]
    changed = frame.copy()
    changed.loc[row, "labels"] = "other.innovation"
    path = save(changed, tmp_path / "second.csv")
    with pytest.raises(LabelFileError) as error:
        labels.import_labels(path, corpus)
    [problem] = error.value.problems
    assert problem.code == "E043"
    assert problem.values["line"] == str(row + 2)
    message = str(problem)
    assert old.split(",")[0] in message and "other.innovation" in message and "--overwrite" in message
    assert (corpus / "labels.jsonl").read_bytes() == content
    assert sorted(p.name for p in (corpus / "reports").iterdir()) == reports

    result = labels.import_labels(path, corpus, overwrite=True)
    assert (result.added, result.replaced) == (0, 1) and len(result.replacements) == 1
    stored = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    [mine] = [r for r in stored if (r["report"], r["start"]) == (NEW_REPORT, int(frame.loc[row, "start"]))]
    assert mine["labels"] == ["other.innovation"]
    assert len(stored) == len(content.splitlines())


def test_a_span_overlapping_a_corpus_paragraph_is_a_conflict(corpus, tmp_path):
    report = "town-shideng-2022"
    text = (corpus / "reports" / f"{report}.txt").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    first, second = [r for r in rows if r["report"] == report][3:5]
    start, end = first["start"], second["start"] + 2  # runs into the next paragraph
    path = save(pd.DataFrame([{"report": report, "start": start, "end": end, "text": text[start:end], "labels": "none"}]), tmp_path / "o.csv")
    with pytest.raises(LabelFileError) as error:
        labels.import_labels(path, corpus)
    assert {p.code for p in error.value.problems} == {"E043"}
    assert "overlaps the corpus paragraph" in str(error.value)

    content_lines = len((corpus / "labels.jsonl").read_bytes().splitlines())
    result = labels.import_labels(path, corpus, overwrite=True)
    assert result.replaced == 1 and len(result.replacements) == 2  # both paragraphs it touches give way
    assert len((corpus / "labels.jsonl").read_bytes().splitlines()) == content_lines - 1
    load_corpus(corpus)


FSYNC_TARGET_KNOWN = os.path.isdir("/proc/self/fd")  # to tell which file an fsync is for


@pytest.mark.parametrize("failing, exception", [
    ("replace", OSError(28, "No space left on device")),
    pytest.param("fsync", KeyboardInterrupt(), marks=pytest.mark.skipif(not FSYNC_TARGET_KNOWN, reason="needs /proc/self/fd")),
])
def test_interrupted_import_leaves_the_corpus_byte_identical(exported, corpus, tmp_path, monkeypatch, failing, exception):
    frame, _ = exported
    path = save(annotate_from_corpus(frame), tmp_path / "done.csv")
    content = (corpus / "labels.jsonl").read_bytes()
    listing = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    real = getattr(os, failing)

    def fail_on_labels(*args):
        target = str(args[-1]) if failing == "replace" else os.readlink(f"/proc/self/fd/{args[0]}")
        if "labels.jsonl" in target:
            raise exception
        return real(*args)

    monkeypatch.setattr(labels.os, failing, fail_on_labels)
    with pytest.raises(DataError if isinstance(exception, OSError) else KeyboardInterrupt) as error:
        labels.import_labels(path, corpus)
    if isinstance(exception, OSError):
        assert error.value.code == "E041" and "nothing was imported" in str(error.value)
    assert (corpus / "labels.jsonl").read_bytes() == content
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == listing  # no copied report, no temp file left

    monkeypatch.undo()
    assert labels.import_labels(path, corpus).added > 0  # the same file imports once the disk is back


def test_unknown_ids_missing_text_duplicates_and_bad_offsets_give_line_numbered_errors(exported, corpus, tmp_path):
    frame, _ = exported
    frame = annotate_from_corpus(frame)
    rows = frame.index[frame["labels"] != ""]
    bad = frame.copy()
    bad.loc[rows[0], "labels"] = "overview.proactiv, overview.requests"
    bad.loc[rows[1], "text"] = bad.loc[rows[1], "text"] + "（已修改）"
    bad.loc[rows[2], "start"] = "abc"
    bad.loc[rows[3], "labels"] = "none, overview.requests"
    bad = pd.concat([bad, bad.loc[[rows[4]]]], ignore_index=True)  # the last line repeats one
    path = save(bad, tmp_path / "bad.csv")
    with pytest.raises(LabelFileError) as error:
        labels.import_labels(path, corpus)
    problems = {p.values["line"]: str(p) for p in error.value.problems}
    line = lambda i: str(i + 2)  # noqa: E731  (header on line 1)
    assert set(problems) == {line(rows[0]), line(rows[1]), line(rows[2]), line(rows[3]), line(len(bad) - 1)}
    assert "unknown requirement id 'overview.proactiv' (did you mean overview.proactive?)" in problems[line(rows[0])]
    assert "no longer matches report" in problems[line(rows[1])] and "（已修改）" in problems[line(rows[1])]
    assert "whole numbers" in problems[line(rows[2])]
    assert "none-marker" in problems[line(rows[3])]
    assert f"duplicate of line {line(rows[4])}" in problems[line(len(bad) - 1)]
    assert all(p.code == "E040" for p in error.value.problems)
    assert error.value.code == "E042" and "5 problem(s), nothing was imported" in str(error.value)
    assert not (corpus / "reports" / f"{NEW_REPORT}.txt").exists()


def test_missing_columns_are_named_on_line_1(exported, corpus, tmp_path):
    frame, _ = exported
    path = save(frame.drop(columns=["start", "labels"]), tmp_path / "cut.csv")
    with pytest.raises(LabelFileError) as error:
        labels.import_labels(path, corpus)
    [problem] = error.value.problems
    assert problem.code == "E040" and problem.values["line"] == "1"
    assert "missing column(s) start, labels" in str(problem)


def test_stale_paragraph_when_the_report_file_changed_since_export(exported, corpus, tmp_path):
    frame, _ = exported
    frame = annotate_from_corpus(frame)
    source = tmp_path / "new" / f"{NEW_REPORT}.txt"
    source.write_text("更新后的报告：" + source.read_text(encoding="utf-8"), encoding="utf-8")  # every offset moves
    with pytest.raises(LabelFileError) as error:
        labels.import_labels(save(frame, tmp_path / "done.csv"), corpus)
    assert len(error.value.problems) == (frame["labels"] != "").sum()
    assert all("no longer matches report" in str(p) for p in error.value.problems)


def test_report_id_taken_by_a_different_text_is_refused(exported, corpus, tmp_path):
    frame, _ = exported
    frame = annotate_from_corpus(frame)
    shutil.copy(CORPUS / "reports" / "xihu-2020.txt", corpus / "reports" / f"{NEW_REPORT}.txt")
    with pytest.raises(LabelFileError) as error:
        labels.import_labels(save(frame, tmp_path / "done.csv"), corpus)
    assert "with a different text" in str(error.value)


def test_blank_labels_are_skipped_and_a_file_with_none_filled_imports_nothing(exported, corpus, tmp_path):
    frame, _ = exported
    content = (corpus / "labels.jsonl").read_bytes()
    result = labels.import_labels(save(frame, tmp_path / "todo.csv"), corpus)
    assert (result.added, result.skipped) == (0, len(frame))
    assert (corpus / "labels.jsonl").read_bytes() == content


def test_dry_run_validates_and_writes_nothing(exported, corpus, tmp_path):
    frame, _ = exported
    content = (corpus / "labels.jsonl").read_bytes()
    result = labels.import_labels(save(annotate_from_corpus(frame), tmp_path / "done.csv"), corpus, dry_run=True)
    assert result.added > 0 and result.reports == [NEW_REPORT]
    assert (corpus / "labels.jsonl").read_bytes() == content
    assert not (corpus / "reports" / f"{NEW_REPORT}.txt").exists()


def test_import_into_a_new_folder_creates_a_corpus_that_trains(exported, tmp_path):
    frame, _ = exported
    fresh = tmp_path / "fresh"
    labels.import_labels(save(annotate_from_corpus(frame), tmp_path / "done.csv"), fresh)
    loaded = load_corpus(fresh)
    assert set(loaded.paragraphs["report"]) == {NEW_REPORT}
    assert sorted(p.name for p in fresh.iterdir()) == ["labels.jsonl", "reports"]


def test_excel_plain_csv_in_gb18030_is_read(exported, tmp_path):
    frame, _ = exported
    frame = annotate_from_corpus(frame)
    path = tmp_path / "excel.csv"
    frame.to_csv(path, index=False, encoding="gb18030")
    rows, problems, _ = labels.read_label_file(path)
    assert problems == []
    assert [r["text"] for r in rows] == list(frame.loc[frame["labels"] != "", "text"])


def test_labels_cell_accepts_spreadsheet_separators():
    assert labels.parse_labels("overview.requests，preamble.basis、 other.fees") == ["preamble.basis", "overview.requests", "other.fees"]
    assert labels.parse_labels("无") == []
    with pytest.raises(ValueError, match="did you mean other.fees"):
        labels.parse_labels("other.fee")


@pytest.mark.parametrize("body, level", [("青岭省人民政府", "province_gov"), ("河西省住房和城乡建设厅", "province_dept"), ("桐溪县市场监督管理局", "county_dept"),
                                         ("岚河区人民政府", "county_gov"), ("润城区杏花桥街道办事处", "street"), ("潆洲县砚塘乡人民政府", "town"), ("云江市人民政府办公室", "city_gov")])
def test_body_level_follows_the_corpus_vocabulary(body, level):
    assert labels.body_level(body) == level


def test_a_report_that_cannot_be_found_is_one_problem_on_its_first_line(exported, corpus, tmp_path):
    frame, _ = exported
    frame = annotate_from_corpus(frame)
    (tmp_path / "new" / f"{NEW_REPORT}.txt").unlink()
    with pytest.raises(LabelFileError) as error:
        labels.import_labels(save(frame, tmp_path / "done.csv"), corpus)
    [problem] = error.value.problems
    filled = frame.index[frame["labels"] != ""]
    assert problem.values["line"] == str(filled[0] + 2)
    assert "is not in the corpus and its file cannot be found" in str(problem)
    assert f"({len(filled) - 1} more rows of this report)" in str(problem)


def _as_docx(text: str, path):
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(path)


def _as_html(text: str, path):
    import html

    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    path.write_text(f"<html><head><meta charset='utf-8'><title>年报</title></head><body><div class='content'>{body}</div></body></html>", encoding="utf-8")


@pytest.mark.parametrize("suffix, write", [(".docx", _as_docx), (".html", _as_html)])
def test_a_report_in_another_format_is_copied_as_the_text_as_read(tmp_path, old_model, suffix, write):
    from auditor.read import read

    folder = tmp_path / "inbox"
    folder.mkdir()
    source = folder / f"{NEW_REPORT}-copy{suffix}"
    write((CORPUS / "reports" / f"{NEW_REPORT}.txt").read_text(encoding="utf-8"), source)
    frame, skipped = labels.export_frame([source], old_model, corpus=None)
    assert skipped == [] and len(frame) > 10
    frame = frame.astype(str)
    frame.loc[:4, "labels"] = "none"
    frame.loc[5, "labels"] = "overview.proactive"
    corpus = tmp_path / "corpus"
    result = labels.import_labels(save(frame, tmp_path / "done.csv"), corpus)
    assert result.reports == [f"{NEW_REPORT}-copy"] and result.added == 6
    copied = corpus / "reports" / f"{NEW_REPORT}-copy.txt"
    assert copied.read_text(encoding="utf-8") == read(source).text
    loaded = load_corpus(corpus)
    assert sorted(loaded.paragraphs["text"]) == sorted(frame.loc[:5, "text"])


def test_report_ids_are_file_names_made_unique_by_folder(tmp_path):
    files = [tmp_path / "a" / "r.txt", tmp_path / "b" / "r.pdf", tmp_path / "b" / "西湖镇 2020.docx"]
    assert labels.report_ids(files, tmp_path) == {files[0]: "a__r_txt", files[1]: "b__r_pdf", files[2]: "西湖镇_2020"}
