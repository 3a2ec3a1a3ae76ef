"""Coverage: for every requirement, is it reported, where, and how sure are we.

Paragraph probabilities come from the topic model; pattern rules (contact details, the
statistics period, table markers) stand beside it where wording is not the point.  A
requirement is covered when its best paragraph reaches the requirement's threshold; its
evidence is that paragraph, or the sentence in it that reports the topic on its own.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .model import pool
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
    frame, proba, _pieces = _scored(report, model)
    return frame, proba


def _scored(report: Report, model) -> tuple[pd.DataFrame, np.ndarray, tuple]:
    """Paragraphs, their probabilities, and the pieces (paragraphs and sentences) behind them."""
    frame = paragraph_frame(report)
    if frame.empty:
        return frame, np.zeros((0, len(requirements()))), (frame.assign(offset=0, sentence=False), np.zeros(0, dtype=int), np.zeros((0, len(requirements()))))
    pieces, owner, scores = model.score_pieces(frame[["text", "section", "subtopic"]])
    normalised = [normalize_string(text) for text in pieces["text"]]
    for j, requirement in enumerate(requirements()):
        if requirement.rule:
            rule = np.array([rule_probability(requirement.rule, text) for text in normalised])
            scores[:, j] = np.maximum(scores[:, j], rule)
    return frame, pool(len(frame), owner, scores), (pieces, owner, scores)


def assess(report: Report, model) -> list[Verdict]:
    frame, proba, pieces = _scored(report, model)
    thresholds = [dict(zip(model.labels_, model.thresholds_))[r.id] for r in requirements()]
    verdicts = [_verdict(report, requirement, frame, proba[:, j], thresholds[j]) for j, requirement in enumerate(requirements())]
    _narrow_evidence(report, frame, pieces, verdicts, thresholds)
    return verdicts


def _narrow_evidence(report: Report, frame: pd.DataFrame, pieces: tuple, verdicts: list[Verdict], thresholds: list[float]) -> None:
    """Point evidence at the sentence that reports the topic, when one does on its own.

    A paragraph often reports several topics; highlighting the one sentence on the leading
    group is more useful to an auditor than the whole paragraph.  Evidence stays the whole
    paragraph when no single sentence reaches the threshold.
    """
    texts, owner, scores = pieces[0]["text"].to_numpy(), pieces[1], pieces[2]
    offsets, is_sentence = pieces[0]["offset"].to_numpy(), pieces[0]["sentence"].to_numpy(dtype=bool)
    row_of = {int(start): row for row, start in enumerate(frame["start"])}
    for j, verdict in enumerate(verdicts):
        for k, evidence in enumerate(verdict.evidence):
            row = row_of[evidence.start]
            sentences = np.flatnonzero((owner == row) & is_sentence)
            if not len(sentences):
                continue
            best = sentences[np.argmax(scores[sentences, j])]
            if scores[best, j] >= thresholds[j]:
                start = evidence.start + int(offsets[best])
                end = start + len(texts[best])
                verdict.evidence[k] = Evidence(start, end, report.text[start:end], evidence.section, float(scores[best, j]))


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
