"""`auditor evaluate --model A --model B`: two models side by side on the same data."""
from __future__ import annotations

import json

import pytest
from small_corpus import CORPUS, make_corpus
from typer.testing import CliRunner

from auditor.cli import app
from auditor.learn import evaluate as ev
from auditor.learn.corpus import load_corpus
from auditor.learn.model import TopicClassifier
from auditor.learn.persist import load, save
from auditor.learn.requirements import ids
from auditor.learn.train import train

runner = CliRunner()
HELD_OUT = ("town-liuquan-2024", "county-jiaotong-xiping-2023")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """Two models of different configurations, their training corpus, a held-out corpus, a dev file."""
    root = tmp_path_factory.mktemp("evaluate")
    corpus = load_corpus(make_corpus(root / "corpus"))
    save(train(corpus, cv=0), root / "sharp.skops")
    save(train(corpus, cv=0, C=0.05), root / "blunt.skops")
    heldout = make_corpus(root / "heldout", HELD_OUT)
    rows = [json.loads(line) for line in (heldout / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    dev = root / "dev.jsonl"  # team-written reports in the dev corpus's shape: text and report-level labels
    with dev.open("w", encoding="utf-8") as out:
        for report in HELD_OUT:
            covered = {label for r in rows if r["report"] == report for label in r["labels"]}
            text = (CORPUS / "reports" / f"{report}.txt").read_text(encoding="utf-8")
            out.write(json.dumps({"id": report, "text": text, "labels": {r: int(r in covered) for r in ids()}}, ensure_ascii=False) + "\n")
    return root, heldout, dev


def test_two_models_stand_side_by_side_on_cv_heldout_and_dev(setup):
    root, heldout, dev = setup
    result = runner.invoke(app, ["evaluate", "--model", str(root / "sharp.skops"), "--model", str(root / "blunt.skops"),
                                 "--corpus", str(root / "corpus"), "--folds", "3", "--heldout", str(heldout), "--dev", str(dev)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Grouped 3-fold cross-validation" in out and "Held-out corpus" in out and "Dev corpus (2 real excerpts" in out
    assert "share one configuration" not in out
    models = {"sharp": load(root / "sharp.skops"), "blunt": load(root / "blunt.skops")}
    expected = ev.side_by_side(ev.evaluate_corpus(models, load_corpus(heldout))).round(3).to_string()
    assert expected in out
    lines = out.splitlines()
    header = lines[next(i for i, line in enumerate(lines) if line.startswith("Held-out")) + 1]
    assert header.split() == ["support", "sharp", "blunt", "keyword", "baseline"]
    summary = [line.strip() for line in out.splitlines() if "macro-F1" in line and ":" in line]
    assert any(line.startswith("sharp:") for line in summary) and any(line.startswith("blunt:") for line in summary)


def test_cv_columns_differ_when_configurations_differ(setup):
    root, _, _ = setup
    data = load_corpus(root / "corpus")
    scores = {}
    for name in ("sharp", "blunt"):
        params = load(root / f"{name}.skops").get_params()
        scores[name] = ev.cross_validate(data, lambda params=params: TopicClassifier(**params), 3)[0]
    assert not scores["sharp"].table.equals(scores["blunt"].table)


def test_models_of_one_configuration_get_a_note_that_cv_cannot_tell_them_apart(setup, tmp_path):
    root, heldout, dev = setup
    other = tmp_path / "retrained.skops"
    save(train(load_corpus(heldout), cv=0), other)
    result = runner.invoke(app, ["evaluate", "--model", str(root / "sharp.skops"), "--model", str(other),
                                 "--corpus", str(root / "corpus"), "--folds", "2", "--dev", str(dev)])
    assert result.exit_code == 0, result.output
    assert "sharp, retrained share one configuration" in result.stdout


def test_too_few_bodies_for_the_folds_skips_cv_instead_of_crashing(setup):
    root, heldout, dev = setup
    result = runner.invoke(app, ["evaluate", "--model", str(root / "sharp.skops"), "--corpus", str(heldout), "--folds", "5", "--dev", str(dev)])
    assert result.exit_code == 0, result.output
    assert "CV skipped" in result.stdout and "Dev corpus" in result.stdout


def test_evaluate_corpus_scores_fitted_models_against_report_level_truth(setup):
    root, heldout, _ = setup
    [scores, baseline] = ev.evaluate_corpus({"sharp": load(root / "sharp.skops")}, load_corpus(heldout))
    assert scores.items == baseline.items == len(HELD_OUT)
    rows = [json.loads(line) for line in (heldout / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    covering = {r: len({row["report"] for row in rows if r in row["labels"]}) for r in ids()}
    assert scores.table["support"].to_dict() == covering
    assert scores.table.loc["preamble.basis", "f1"] == 1.0
