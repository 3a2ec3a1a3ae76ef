"""The topic classifier: one binary logistic regression per requirement over paragraphs."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from .features import Paragraphs, PieceFeatures, column


class TopicClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label paragraph classifier with per-requirement thresholds.

    ``fit(X, Y, groups=...)``: X a DataFrame (text, section, subtopic), Y an (n, k) 0/1 matrix
    or DataFrame whose columns are requirement ids.  ``text`` is normalised text
    (``parse.normalize``), as ``coverage.paragraph_frame`` and ``Corpus.features`` give it: the
    model does not normalise (full-width digits or traditional characters would read as
    other words).  When ``groups`` (the issuing body of each
    paragraph) is given, each requirement's decision threshold is the one that maximises
    F-``threshold_beta`` on out-of-fold probabilities of a grouped cross-validation, judged on
    report-level decisions when X carries ``report`` and ``start`` columns (see
    ``decision_units``), else per paragraph; without ``groups``, 0.5.
    """

    def __init__(
        self,
        C: float = 8.0,
        char_ngrams: tuple[int, int] = (2, 2),
        min_df: int = 2,
        place_weight: float = 1.0,
        sentence_pooling: bool = True,
        threshold_beta: float = 1.0,
        threshold_tie: str = "lowest",
        cv: int = 5,
        class_weight: str | None = "balanced",
        random_state: int = 0,
    ):
        self.C = C
        self.place_weight = place_weight
        self.sentence_pooling = sentence_pooling
        self.threshold_beta = threshold_beta
        self.threshold_tie = threshold_tie
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.cv = cv
        self.class_weight = class_weight
        self.random_state = random_state

    def _fit_models(self, X: pd.DataFrame, Y: np.ndarray):
        features = PieceFeatures(tuple(self.char_ngrams), self.min_df, self.place_weight).fit(X)
        matrix = features.transform(X)
        models = []
        for j in range(Y.shape[1]):
            column = Y[:, j]
            if column.min() == column.max():
                models.append(float(column[0]))  # one class only: a constant probability
                continue
            model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000, solver="liblinear", random_state=self.random_state)
            models.append(model.fit(matrix, column))
        return features, models

    def _proba(self, features, models, X: pd.DataFrame) -> np.ndarray:
        """Probabilities per paragraph: the best of the paragraph and each of its sentences.

        Real paragraphs pack several topics; one sentence on the leading group inside a
        paragraph on information management reports oversight, and scores like it on its own.
        """
        scored = _score(features, _stacked(models), X, self.sentence_pooling)
        return pool(len(X), scored.owner, scored.scores)

    def fit(self, X: pd.DataFrame, Y, groups=None) -> "TopicClassifier":
        X = X.reset_index(drop=True)
        if isinstance(Y, pd.DataFrame):
            self.labels_ = list(Y.columns)
            Y = Y.to_numpy()
        else:
            Y = np.asarray(Y)
            self.labels_ = [str(j) for j in range(Y.shape[1])]
        Y = Y.astype(int)
        self.features_, self.models_ = self._fit_models(X, Y)
        self.__dict__.pop("_stack", None)
        self.thresholds_ = np.full(Y.shape[1], 0.5)
        if groups is not None and self.cv and len(set(groups)) >= self.cv:
            oof = self.out_of_fold(X, Y, np.asarray(groups))
            truth, scores = decision_units(X, Y, oof)
            self.thresholds_ = np.array([best_threshold(truth[:, j], scores[:, j], self.threshold_beta, self.threshold_tie) for j in range(Y.shape[1])])
        self.classes_ = np.array([0, 1])
        return self

    def out_of_fold(self, X: pd.DataFrame, Y: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """Probabilities for every paragraph from models that did not see its issuing body."""
        oof = np.zeros(Y.shape, dtype=float)
        for train, test in GroupKFold(n_splits=self.cv).split(X, Y, groups):
            features, models = self._fit_models(X.iloc[train], Y[train])
            oof[test] = self._proba(features, models, X.iloc[test].reset_index(drop=True))
        return oof

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """(n, k): the probability that each paragraph reports each requirement."""
        scored = self.score_pieces(X)
        return pool(len(X), scored.owner, scored.scores)

    def score_pieces(self, X: Paragraphs) -> "Pieces":
        """What ``predict_proba`` pools: every paragraph of X (a DataFrame, or its text, section
        and subtopic columns as lists), then the sentences scored alone."""
        return _score(self.features_, self._regressions(), X, self.sentence_pooling)

    def _regressions(self) -> "Stack":
        """The regressions as one matrix, built once per fitted or loaded model."""
        stack = self.__dict__.get("_stack")
        if stack is None:
            stack = self.__dict__["_stack"] = _stacked(self.models_)
        return stack

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_stack", None)  # derived from models_, rebuilt after loading
        return state

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X) >= self.thresholds_).astype(int)


@dataclass
class Pieces:
    """Paragraphs and sentences scored: ``text``, ``offset`` in its paragraph, whether it is a
    ``sentence``, the paragraph (row of X) it belongs to, and its (n, k) ``scores``."""

    text: list[str]
    offset: np.ndarray
    sentence: np.ndarray
    owner: np.ndarray
    scores: np.ndarray


def _score(features: PieceFeatures, stack: "Stack", X: Paragraphs, sentence_pooling: bool) -> Pieces:
    """Each model's probability for every paragraph of X and, with pooling, its sentences."""
    texts = column(X, "text")
    n = len(texts)
    matrix, sentences, alone = features.pieces(X)
    if not sentence_pooling:
        alone = alone[:0]
        matrix = matrix[:n]
    scores = np.tile(stack.constants, (matrix.shape[0], 1))
    if stack.fitted:  # one product for all requirements, not one predict_proba each
        scores[:, stack.fitted] = expit(matrix @ stack.weights + stack.intercepts)
    return Pieces(
        text=texts + [sentences.text[i] for i in alone],
        offset=np.concatenate([np.zeros(n, dtype=int), np.asarray(sentences.offset, dtype=int)[alone]]),
        sentence=np.concatenate([np.zeros(n, dtype=bool), np.ones(len(alone), dtype=bool)]),
        owner=np.concatenate([np.arange(n), np.asarray(sentences.owner, dtype=int)[alone]]),
        scores=scores,
    )


@dataclass
class Stack:
    """The binary regressions as one product: sigmoid(X @ weights + intercepts) gives the
    columns ``fitted`` of the scores (each model's predict_proba(X)[:, 1]); the other
    columns (a requirement with one class only in training) are ``constants``."""

    weights: np.ndarray
    intercepts: np.ndarray
    fitted: list[int]
    constants: np.ndarray


def _stacked(models: list) -> Stack:
    fitted = [j for j, model in enumerate(models) if not isinstance(model, float)]
    weights = np.ascontiguousarray(np.vstack([models[j].coef_ for j in fitted]).T) if fitted else np.zeros((0, 0))
    intercepts = np.array([models[j].intercept_[0] for j in fitted])
    constants = np.array([model if isinstance(model, float) else 0.0 for model in models])
    return Stack(weights, intercepts, fitted, constants)


def pool(n: int, owner: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """(n, k): for each paragraph, the best score among its pieces."""
    out = np.zeros((n, scores.shape[1]))
    np.maximum.at(out, owner, scores)
    return out


EXCERPTS = (800, 1600)  # characters: the opening of a report, as web pages often give it


def decision_units(X: pd.DataFrame, Y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Truth and score per decision the product makes: per report, the best paragraph.

    With ``report`` and ``start`` columns in X the units are whole reports and their opening
    excerpts (what a saved web page often holds); without them, paragraphs.
    """
    if not {"report", "start"} <= set(X.columns):
        return Y, scores
    truth_rows, score_rows = [], []
    for _, rows in X.groupby("report", sort=True).groups.items():
        rows = np.asarray(rows)
        starts = X["start"].to_numpy()[rows]
        for limit in (*EXCERPTS, None):
            unit = rows if limit is None else rows[starts < limit]
            if len(unit):
                truth_rows.append(Y[unit].max(axis=0))
                score_rows.append(scores[unit].max(axis=0))
    return np.array(truth_rows), np.array(score_rows)


def best_threshold(truth: np.ndarray, scores: np.ndarray, beta: float = 1.0, tie: str = "middle") -> float:
    """The threshold in [0.1, 0.9] that maximises F-beta.

    Ties: "middle" of the best range, or its "lowest" point, which keeps the best score on
    cross-validation while favouring recall on text unlike the training corpus.
    """
    if truth.sum() == 0:
        return 0.5
    grid = np.round(np.arange(0.10, 0.91, 0.025), 3)
    f1s = []
    for threshold in grid:
        predicted = scores >= threshold
        tp = float((predicted & (truth == 1)).sum())
        fp = float((predicted & (truth == 0)).sum())
        fn = float((~predicted & (truth == 1)).sum())
        b2 = beta * beta
        f1s.append(0.0 if tp == 0 else (1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp))
    f1s = np.array(f1s)
    best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
    return float(grid[best[0] if tie == "lowest" else best[len(best) // 2]])
