"""Coverage: for every requirement, is it reported, where, and how sure are we.

Paragraph probabilities come from the topic model; pattern rules (contact details, the
statistics period, table markers) stand beside it where wording is not the point.  A
requirement is covered when its best paragraph reaches the requirement's threshold; its
evidence is that paragraph, or the sentence in it that reports the topic on its own.
"""
from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from .model import Pieces, pool
from .requirements import Requirement, requirements
from .rules import rule_probabilities, rule_probability
from ..parse.normalize import normalize
from ..types import Evidence, Report, Verdict

MAX_EVIDENCE = 2


def paragraph_frame(report: Report) -> pd.DataFrame:
    """The report's narrative and table paragraphs (not bare headings), as model input: their
    normalised ``text``, which starts at ``normalized_start`` in the report's normalised text,
    and their ``start`` and ``end`` in the text as read."""
    return pd.DataFrame(paragraph_columns(report))


def paragraph_columns(report: Report) -> dict[str, list]:
    """``paragraph_frame``'s columns as lists (what an audit scores: a DataFrame per report
    cost more than the model's product)."""
    mapped = report.normalized or normalize(report.text)
    offsets, size = mapped.offsets, len(mapped.text)
    columns: dict[str, list] = {name: [] for name in ("start", "end", "normalized_start", "text", "section", "subtopic")}
    for p in report.paragraphs:
        if not p.heading:
            start, end = bisect.bisect_left(offsets, p.start, 0, size), bisect.bisect_left(offsets, p.end, 0, size)
            for name, value in zip(columns, (p.start, p.end, start, mapped.text[start:end], p.section, p.subtopic or "none")):
                columns[name].append(value)
    return columns


def paragraph_scores(report: Report, model) -> tuple[pd.DataFrame, np.ndarray]:
    """(paragraphs, (n, 18) probabilities): the model's, raised by rules where they fire."""
    columns, proba, _pieces = _scored(report, model)
    return pd.DataFrame(columns), proba


def _scored(report: Report, model) -> tuple[dict[str, list], np.ndarray, Pieces]:
    """Paragraphs (``paragraph_columns``), their probabilities, and the pieces (paragraphs and
    sentences) behind them."""
    columns = paragraph_columns(report)
    pieces = model.score_pieces(columns)  # reads text, section and subtopic
    paragraphs = len(columns["text"])
    for j, requirement in enumerate(requirements()):
        if requirement.rule:  # a sentence can only fire where its paragraph does
            fired = np.array(rule_probabilities(requirement.rule, pieces.text[:paragraphs]))
            rule = np.concatenate([fired, np.zeros(len(pieces.text) - paragraphs)])
            for row in np.flatnonzero(fired[pieces.owner[paragraphs:]]) + paragraphs:
                rule[row] = rule_probability(requirement.rule, pieces.text[row])
            pieces.scores[:, j] = np.maximum(pieces.scores[:, j], rule)
    return columns, pool(paragraphs, pieces.owner, pieces.scores), pieces


def assess(report: Report, model) -> list[Verdict]:
    columns, proba, pieces = _scored(report, model)
    threshold_of = dict(zip(model.labels_, model.thresholds_))
    thresholds = [threshold_of[r.id] for r in requirements()]
    places = list(zip(columns["start"], columns["end"], columns["section"]))
    verdicts = [_verdict(report, requirement, places, proba[:, j], thresholds[j]) for j, requirement in enumerate(requirements())]
    _narrow_evidence(report, columns, pieces, verdicts, thresholds)
    return verdicts


def _narrow_evidence(report: Report, columns: dict[str, list], pieces: Pieces, verdicts: list[Verdict], thresholds: list[float]) -> None:
    """Point evidence at the sentence that reports the topic, when one does on its own.

    A paragraph often reports several topics; highlighting the one sentence on the leading
    group is more useful to an auditor than the whole paragraph.  Evidence stays the whole
    paragraph when no single sentence reaches the threshold.
    """
    mapped = report.normalized or normalize(report.text)
    scores = pieces.scores
    row_of = {start: row for row, start in enumerate(columns["start"])}
    normalized_starts = columns["normalized_start"]
    sentences_of: dict[int, list[int]] = {}
    for index in np.flatnonzero(pieces.sentence).tolist():
        sentences_of.setdefault(int(pieces.owner[index]), []).append(index)
    for j, verdict in enumerate(verdicts):
        for k, evidence in enumerate(verdict.evidence):
            row = row_of[evidence.start]
            sentences = sentences_of.get(row)
            if not sentences:
                continue
            best = sentences[np.argmax(scores[sentences, j])]
            if scores[best, j] >= thresholds[j]:
                start = normalized_starts[row] + int(pieces.offset[best])
                start, end = mapped.span(start, start + len(pieces.text[best]))
                verdict.evidence[k] = Evidence(start, end, report.text[start:end], evidence.section, float(scores[best, j]))


def _verdict(report: Report, requirement: Requirement, places: list[tuple[int, int, str]], scores: np.ndarray, threshold: float) -> Verdict:
    """The verdict on one requirement from its paragraph scores; ``places``: each paragraph's
    (start, end, section)."""
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
            start, end, section = places[index]
            evidence.append(Evidence(start, end, report.text[start:end], section, float(scores[index])))
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
