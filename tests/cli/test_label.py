"""`auditor label export|import` and `auditor train` on a corpus grown by import."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from small_corpus import NEW_REPORT, make_corpus, new_reports, shipped_labels
from typer.testing import CliRunner

from auditor.cli import app
from auditor.learn.persist import load

runner = CliRunner()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A small corpus, the model `auditor train` makes of it, and a folder of one new report."""
    root = tmp_path_factory.mktemp("loop")
    corpus = make_corpus(root / "corpus")
    model = root / "old.skops"
    result = runner.invoke(app, ["train", "--corpus", str(corpus), "--out", str(model), "--no-evaluate"])
    assert result.exit_code == 0, result.output
    return corpus, model, new_reports(root / "new")


@pytest.fixture
def loop(base, tmp_path):
    """A fresh copy of the small corpus for each test, the old model, the exported CSV."""
    import shutil

    corpus, model, folder = base
    mine = tmp_path / "corpus"
    shutil.copytree(corpus, mine)
    todo = tmp_path / "todo.csv"
    result = runner.invoke(app, ["label", "export", str(folder), "--out", str(todo), "--model", str(model), "--corpus", str(mine)])
    assert result.exit_code == 0, result.output
    return mine, model, todo


def annotated(todo, path) -> pd.DataFrame:
    """The exported CSV with the shipped corpus labels filled in, saved as a spreadsheet would."""
    frame = pd.read_csv(todo, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    truth = shipped_labels(NEW_REPORT)
    frame["labels"] = [", ".join(truth[(int(s), int(e))]) or "none" if (int(s), int(e)) in truth else "" for s, e in zip(frame["start"], frame["end"])]
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return frame


def test_export_writes_a_bom_csv_and_says_what_to_do(loop):
    corpus, model, todo = loop
    assert todo.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(todo, encoding="utf-8-sig")
    assert frame["text"].str.contains("柳泉镇").any()
    assert frame["uncertainty"].is_monotonic_decreasing


def test_export_of_a_missing_folder_is_E001(tmp_path):
    result = runner.invoke(app, ["label", "export", str(tmp_path / "nope"), "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "[E001]" in result.stderr


def test_round_trip_through_the_command_line_changes_the_model(loop, tmp_path):
    corpus, old_path, todo = loop
    frame = pd.read_csv(todo, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.loc[0, "labels"] = "other.innovation"
    frame.loc[1, "labels"] = "other.innovation, problems.rectification"
    frame.to_csv(tmp_path / "done.csv", index=False, encoding="utf-8-sig")
    result = runner.invoke(app, ["label", "import", str(tmp_path / "done.csv"), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "imported 2 labels" in result.stdout and "copied 1 report into" in result.stdout

    new_path = tmp_path / "new.skops"
    result = runner.invoke(app, ["train", "--corpus", str(corpus), "--out", str(new_path), "--no-evaluate"])
    assert result.exit_code == 0, result.output
    assert f"`{corpus}` (4 reports" in new_path.with_suffix(".md").read_text(encoding="utf-8")
    old, new = load(old_path), load(new_path)
    X = frame.loc[[0, 1], ["text", "section", "subtopic"]]
    j = list(new.labels_).index("other.innovation")
    assert old.predict(X)[:, j].tolist() == [0, 0]
    assert new.predict(X)[:, j].tolist() == [1, 1]


def test_same_corpus_and_seed_train_the_same_model(loop, tmp_path):
    corpus, _, todo = loop
    annotated(todo, tmp_path / "done.csv")
    assert runner.invoke(app, ["label", "import", str(tmp_path / "done.csv"), "--corpus", str(corpus)]).exit_code == 0
    paths = [tmp_path / "a.skops", tmp_path / "b.skops"]
    for path in paths:
        result = runner.invoke(app, ["train", "--corpus", str(corpus), "--out", str(path), "--no-evaluate", "--seed", "3"])
        assert result.exit_code == 0, result.output
    a, b = (load(p) for p in paths)
    X = pd.read_csv(todo, encoding="utf-8-sig", keep_default_na=False)[["text", "section", "subtopic"]]
    assert np.array_equal(a.predict_proba(X), b.predict_proba(X))
    assert np.array_equal(a.thresholds_, b.thresholds_)
    assert a.get_params()["random_state"] == 3


def test_conflicting_import_exits_2_says_why_and_writes_nothing(loop, tmp_path):
    corpus, _, todo = loop
    frame = annotated(todo, tmp_path / "done.csv")
    assert runner.invoke(app, ["label", "import", str(tmp_path / "done.csv"), "--corpus", str(corpus)]).exit_code == 0
    content = (corpus / "labels.jsonl").read_bytes()
    row = frame.index[frame["labels"].str.contains("overview")][0]
    frame.loc[row, "labels"] = "other.fees"
    frame.to_csv(tmp_path / "changed.csv", index=False, encoding="utf-8-sig")

    result = runner.invoke(app, ["label", "import", str(tmp_path / "changed.csv"), "--corpus", str(corpus)])
    assert result.exit_code == 2
    assert "[E042]" in result.stderr and "[E043]" in result.stderr and f"line {row + 2}:" in result.stderr
    assert "the file says other.fees" in result.stderr and "--overwrite" in result.stderr
    assert (corpus / "labels.jsonl").read_bytes() == content

    result = runner.invoke(app, ["label", "import", str(tmp_path / "changed.csv"), "--corpus", str(corpus), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert "replaced: line" in result.stdout and "1 replacing corpus labels" in result.stdout
    stored = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["labels"] for r in stored if r["report"] == NEW_REPORT and r["start"] == int(frame.loc[row, "start"])] == [["other.fees"]]


def test_invalid_file_lists_every_problem_with_its_line(loop, tmp_path):
    corpus, _, todo = loop
    frame = annotated(todo, tmp_path / "done.csv")
    rows = frame.index[frame["labels"] != ""]
    frame.loc[rows[0], "labels"] = "overview.platform"
    frame.loc[rows[1], "text"] = "改过的段落"
    frame.to_csv(tmp_path / "bad.csv", index=False, encoding="utf-8-sig")
    result = runner.invoke(app, ["label", "import", str(tmp_path / "bad.csv"), "--corpus", str(corpus)])
    assert result.exit_code == 2
    assert f"line {rows[0] + 2}: unknown requirement id 'overview.platform' (did you mean overview.platforms?)" in result.stderr
    assert f"line {rows[1] + 2}: the paragraph no longer matches report {NEW_REPORT}" in result.stderr
    assert "2 problem(s), nothing was imported" in result.stderr
    assert not (corpus / "reports" / f"{NEW_REPORT}.txt").exists()


def test_dry_run_reports_and_writes_nothing(loop, tmp_path):
    corpus, _, todo = loop
    annotated(todo, tmp_path / "done.csv")
    content = (corpus / "labels.jsonl").read_bytes()
    result = runner.invoke(app, ["label", "import", str(tmp_path / "done.csv"), "--corpus", str(corpus), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would import" in result.stdout and "would copy 1 report into" in result.stdout
    assert (corpus / "labels.jsonl").read_bytes() == content

