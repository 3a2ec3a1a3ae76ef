"""Coverage: for every requirement, is it reported, where, and how sure are we.

Paragraph probabilities come from the topic model; pattern rules (contact details, the
statistics period, table markers) stand beside it where wording is not the point.  A
requirement is covered when its best paragraph reaches the requirement's threshold; its
evidence is that paragraph, or the sentence in it that reports the topic on its own.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .corpus import place
from .model import sentence_spans
from .requirements import Requirement, requirements
from .rules import rule_probability
from ..parse.normalize import normalize_string
from ..types import Evidence, Report, Verdict

MAX_EVIDENCE = 2


def paragraph_frame(report: Report) -> pd.DataFrame:
    """The report's narrative and table paragraphs (not bare headings), as model input."""
    rows = [
        {"start": p.start, "end": p.end, "text": p.text, "section": p.section, "subtopic": p.subtopic or "none"}
        for p in report.paragraphs
        if not p.heading
    ]
    return pd.DataFrame(rows, columns=["start", "end", "text", "section", "subtopic"])


def paragraph_scores(report: Report, model) -> tuple[pd.DataFrame, np.ndarray]:
    """(paragraphs, (n, 18) probabilities): the model's, raised by rules where they fire."""
    frame = paragraph_frame(report)
    if frame.empty:
        return frame, np.zeros((0, len(requirements())))
    return frame, _scores(frame, model)


def _scores(frame: pd.DataFrame, model) -> np.ndarray:
    proba = model.predict_proba(frame[["text", "section", "subtopic"]])
    normalised = [normalize_string(text) for text in frame["text"]]
    for j, requirement in enumerate(requirements()):
        if requirement.rule:
            rule = np.array([rule_probability(requirement.rule, text) for text in normalised])
            proba[:, j] = np.maximum(proba[:, j], rule)
    return proba


def assess(report: Report, model) -> list[Verdict]:
    frame, proba = paragraph_scores(report, model)
    thresholds = dict(zip(model.labels_, model.thresholds_))
    verdicts = [_verdict(report, requirement, frame, proba[:, j], thresholds[requirement.id]) for j, requirement in enumerate(requirements())]
    _narrow_evidence(report, model, verdicts, [thresholds[r.id] for r in requirements()])
    return verdicts


def _narrow_evidence(report: Report, model, verdicts: list[Verdict], thresholds: list[float]) -> None:
    """Point evidence at the sentence that reports the topic, when one does on its own.

    A paragraph often reports several topics; highlighting the one sentence on the leading
    group is more useful to an auditor than the whole paragraph.  Evidence stays the whole
    paragraph when no single sentence reaches the threshold.
    """
    rows, owners = [], []
    for j, verdict in enumerate(verdicts):
        for k, evidence in enumerate(verdict.evidence):
            spans = sentence_spans(evidence.text)
            if len(spans) < 2:
                continue
            for start, end in spans:
                rows.append({"text": evidence.text[start:end], "section": evidence.section, "subtopic": place(report, evidence.start)["subtopic"]})
                owners.append((j, k, evidence.start + start, evidence.start + end))
    if not rows:
        return
    scores = _scores(pd.DataFrame(rows), model)
    best: dict[tuple[int, int], tuple[float, int, int]] = {}
    for (j, k, start, end), row_scores in zip(owners, scores):
        score = float(row_scores[j])
        if score >= thresholds[j] and score > best.get((j, k), (-1.0, 0, 0))[0]:
            best[(j, k)] = (score, start, end)
    for (j, k), (score, start, end) in best.items():
        old = verdicts[j].evidence[k]
        verdicts[j].evidence[k] = Evidence(start, end, report.text[start:end], old.section, score)


def _verdict(report: Report, requirement: Requirement, frame: pd.DataFrame, scores: np.ndarray, threshold: float) -> Verdict:
    best = float(scores.max()) if len(scores) else 0.0
    covered = best >= threshold
    if covered:
        status = "met"
    else:
        status = "missing" if requirement.required_for(report.year, report.era) else "not_required"
    evidence = []
    if covered:
        for index in np.argsort(-scores, kind="stable")[:MAX_EVIDENCE]:
            if scores[index] < threshold:
                break
            row = frame.iloc[index]
            evidence.append(Evidence(int(row.start), int(row.end), report.text[int(row.start) : int(row.end)], row.section, float(scores[index])))
    section = evidence[0].section if evidence else None
    note = ""
    if section and section != requirement.section and not requirement.id.startswith("tables."):
        note = f"found in {section}, not in its home section {requirement.section}"
    return Verdict(requirement.id, status, confidence(best, threshold), section, evidence, note)


def confidence(score: float, threshold: float) -> float:
    """The paragraph score rescaled so that the requirement's threshold maps to 0.5.

    Thresholds differ per requirement; after rescaling, confidence >= 0.5 exactly when the
    verdict is ``met``, which is what a reader of the JSON expects.
    """
    if score >= threshold:
        return 0.5 + 0.5 * (score - threshold) / max(1.0 - threshold, 1e-9)
    return 0.5 * score / max(threshold, 1e-9)
