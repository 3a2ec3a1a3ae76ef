"""Measuring coverage verdicts: grouped cross-validation on the corpus, and the real dev corpus.

Every figure stands beside the keyword baseline of domain.md's "typical wording" on the same
items.  Report-level: a requirement is predicted covered when the product says ``met``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sklearn.model_selection import GroupKFold

from ..parse import parse
from ..parse.normalize import normalize_string
from ..read import from_text
from ..types import Report
from .corpus import Corpus
from .requirements import ids, requirements

DEV_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "dev-corpus" / "dev.jsonl"
MIN_SUPPORT = 5  # macro-F1 counts requirements with at least this many positives


@dataclass
class Scores:
    """Per-requirement precision, recall, F1 and support of predictions against truth."""

    name: str
    table: pd.DataFrame  # index: requirement id; columns: precision, recall, f1, support, false_alarms
    items: int
    extra: dict = field(default_factory=dict)

    @property
    def macro_f1(self) -> float:
        kept = self.table[self.table["support"] >= MIN_SUPPORT]
        return float(kept["f1"].mean()) if len(kept) else float("nan")

    @property
    def false_alarms_per_item(self) -> float:
        return float(self.table["false_alarms"].sum()) / max(self.items, 1)


def score(truth: pd.DataFrame, predicted: pd.DataFrame, name: str) -> Scores:
    rows = {}
    for requirement in truth.columns:
        t = truth[requirement].to_numpy().astype(bool)
        p = predicted[requirement].to_numpy().astype(bool)
        tp, fp, fn = int((t & p).sum()), int((~t & p).sum()), int((t & ~p).sum())
        precision = tp / (tp + fp) if tp + fp else (1.0 if not t.any() else 0.0)
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows[requirement] = {"precision": precision, "recall": recall, "f1": f1, "support": int(t.sum()), "false_alarms": fp}
    return Scores(name, pd.DataFrame.from_dict(rows, orient="index"), len(truth))


def keyword_baseline(text: str) -> dict[str, int]:
    """A requirement counts as covered when any phrase of its typical wording occurs."""
    normalised = normalize_string(text)
    return {r.id: int(any(normalize_string(k) in normalised for k in r.keywords)) for r in requirements()}


def predict_report(report: Report, model) -> dict[str, int]:
    from .coverage import assess

    return {verdict.id: int(verdict.status == "met") for verdict in assess(report, model)}


def read_dev(path: Path = DEV_CORPUS) -> list[dict] | None:
    if not path.exists():
        return None
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate_dev(models: dict[str, object], items: list[dict]) -> list[Scores]:
    """Each model and the keyword baseline on the real excerpts (never trained on)."""
    truth = pd.DataFrame([{r: item["labels"][r] for r in ids()} for item in items])
    reports = [parse(from_text(item["text"], item["id"])) for item in items]
    results = []
    for name, model in models.items():
        predicted = pd.DataFrame([predict_report(report, model) for report in reports])
        results.append(score(truth, predicted, name))
    baseline = pd.DataFrame([keyword_baseline(item["text"]) for item in items])
    results.append(score(truth, baseline, "keyword baseline"))
    return results


def cross_validate(corpus: Corpus, make_model, folds: int = 5) -> list[Scores]:
    """Grouped k-fold by issuing body: report-level verdicts of models that never saw the body."""
    from .corpus import report_path
    from ..read import read

    paragraphs = corpus.paragraphs
    report_ids = paragraphs["report"].unique()
    bodies = paragraphs.groupby("report")["body"].first().loc[report_ids].to_numpy()
    truth_rows, predicted_rows, baseline_rows = [], [], []
    Y = corpus.matrix()
    for train_reports, test_reports in GroupKFold(n_splits=folds).split(report_ids, groups=bodies):
        train_mask = paragraphs["report"].isin(report_ids[train_reports]).to_numpy()
        model = make_model().fit(corpus.features()[train_mask], Y[train_mask], groups=corpus.groups[train_mask])
        for report_id in report_ids[test_reports]:
            mask = (paragraphs["report"] == report_id).to_numpy()
            truth_rows.append(Y[mask].max().to_dict())
            report = parse(read(report_path(corpus.root, report_id)))
            predicted_rows.append(predict_report(report, model))
            baseline_rows.append(keyword_baseline(report.text))
    truth = pd.DataFrame(truth_rows)[ids()]
    return [score(truth, pd.DataFrame(predicted_rows)[ids()], "model"), score(truth, pd.DataFrame(baseline_rows)[ids()], "keyword baseline")]


def evaluate_corpus(models: dict[str, object], corpus: Corpus) -> list[Scores]:
    """Fitted models, as they are, on a labelled corpus none of them was trained on.

    Report level, like ``cross_validate``, but nothing is retrained: this compares trained
    models (an old one and one retrained on new labels), not configurations.
    """
    from .corpus import report_path
    from ..read import read

    paragraphs = corpus.paragraphs
    Y = corpus.matrix()
    report_ids = paragraphs["report"].unique()
    truth = pd.DataFrame([Y[(paragraphs["report"] == r).to_numpy()].max().to_dict() for r in report_ids])[ids()]
    reports = [parse(read(report_path(corpus.root, r))) for r in report_ids]
    results = [score(truth, pd.DataFrame([predict_report(report, model) for report in reports])[ids()], name) for name, model in models.items()]
    results.append(score(truth, pd.DataFrame([keyword_baseline(report.text) for report in reports])[ids()], "keyword baseline"))
    return results


def side_by_side(results: list[Scores]) -> pd.DataFrame:
    """One row per requirement, F1 (and P/R) of every scorer in columns; macro-F1 last."""
    columns = {}
    for result in results:
        for metric in ("precision", "recall", "f1"):
            columns[(result.name, metric)] = result.table[metric]
    frame = pd.DataFrame(columns)
    frame.insert(0, ("support", ""), results[0].table["support"])
    macro = {(r.name, "f1"): r.macro_f1 for r in results}
    frame.loc[f"macro-F1 (support ≥ {MIN_SUPPORT})"] = pd.Series(macro)
    return frame
