"""Paragraph features: jieba words, character bigrams, and where the paragraph sits.

The model reads normalised paragraph text (``parse.normalize``).  A paragraph is cut into
sentences; each sentence is segmented once (``nlp.words``, the segmentation the repetition
check shares) and its columns are found once per process (reports share many sentences),
and a paragraph's counts are the sum of its sentences'.  The paragraph and its sentences are
then weighted (TF-IDF) and scored alike, which is what lets the model score a paragraph by
its best sentence without counting anything twice.

Numbers are masked (发布信息120条 and 发布信息7条 look alike).  Character n-grams do not cross
a sentence end.  The analyzer is a module-level function so that a saved model refers to it
by name (skops, no pickle).
"""
from __future__ import annotations

import re
from typing import Mapping, Union

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from . import chargrams
from .. import nlp

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")
_PUNCT = frozenset("，。、；：？！,.;:?!()（）《》〔〕[]“”\"'‘’·-—…/|\t \n")
_SENTENCE = re.compile(r"[^。;；!?！？]+[。;；!?！？]?")
MIN_SENTENCE = 8  # characters; shorter pieces say too little to score alone


Paragraphs = Union[pd.DataFrame, Mapping[str, list]]  # a DataFrame, or its columns as lists


def column(X: Paragraphs, name: str) -> list:
    """A column of paragraphs as a list.  Scoring one report passes plain lists: building a
    DataFrame for it cost more than scoring its paragraphs' places."""
    values = X[name]
    return values.tolist() if isinstance(values, pd.Series) else list(values)


def given(features: list[str]) -> list[str]:
    """The analyzer of vectorizers fed with feature lists made here."""
    return features


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of ``text``, outer white space trimmed, empty ones left out."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        if text[start].isspace() or text[end - 1].isspace():
            piece = match.group()
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def word_features(sentence: str) -> list[str]:
    """jieba words of one sentence, numbers masked, punctuation left out.  (Word bigrams
    added nothing: grouped CV 0.989 with them, 0.990 without; dev corpus 0.886 and 0.894.)"""
    return [w if not w.isascii() else _NUMBER.sub("0", w) for w in nlp.words(sentence) if w not in _PUNCT and not w.isspace()]


def char_text(text: str) -> str:
    """Text as its character n-grams read it: numbers masked, white space one space."""
    return _SPACE.sub(" ", _NUMBER.sub("0", text))


MEMO_SIZE = 200_000  # sentences whose columns are remembered (then forgotten at once)


def _counts(columns: np.ndarray, owners: np.ndarray, rows: int, width: int) -> sp.csr_matrix:
    """(rows, width) counts of each column in each row, from one (owner, column) per hit.

    One sort of (row, column) keys gives the matrix in canonical form directly (scipy's
    coordinate route converts, then sorts and sums duplicates: twice the time)."""
    keys, counts = np.unique(owners * width + columns, return_counts=True)
    row_of, column_of = np.divmod(keys, width)
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of, minlength=rows), out=indptr[1:])
    return sp.csr_matrix((counts.astype(np.float64), column_of, indptr), shape=(rows, width))


def _weigh(matrix: sp.csr_matrix, words: int, chars: int, words_idf: np.ndarray, chars_idf: np.ndarray, place_weight: float) -> None:
    """Counts to features, in place: sublinear TF-IDF (1 + log count, times idf) scaled to unit
    length per row within the word block and within the character block, as a
    ``TfidfTransformer(sublinear_tf=True)`` per block would; place columns ``place_weight``."""
    columns = matrix.indices
    block = (columns >= words).astype(np.int64) + (columns >= words + chars)  # 0 words, 1 chars, 2 place
    idf = np.concatenate([words_idf, chars_idf])
    text = block < 2
    data = matrix.data
    data[text] = (1.0 + np.log(data[text])) * idf[columns[text]]
    data[~text] = place_weight
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    slot = rows * 2 + np.minimum(block, 1)
    norms = np.sqrt(np.bincount(slot[text], weights=data[text] ** 2, minlength=2 * matrix.shape[0]))
    norms[norms == 0] = 1.0
    data[text] /= norms[slot[text]]


class Sentences:
    """The sentences of paragraphs: which paragraph each belongs to, where it starts, and
    which of them are scored on their own (when a paragraph has more than one long enough)."""

    def __init__(self, texts: list[str]):
        self.text: list[str] = []
        self.owner: list[int] = []
        self.offset: list[int] = []
        self.alone: list[bool] = []
        for row, paragraph in enumerate(texts):
            spans = sentence_spans(paragraph)
            scored = sum(end - start >= MIN_SENTENCE for start, end in spans) > 1
            for start, end in spans:
                self.text.append(paragraph[start:end])
                self.owner.append(row)
                self.offset.append(start)
                self.alone.append(scored and end - start >= MIN_SENTENCE)


class PieceFeatures(TransformerMixin, BaseEstimator):
    """TF-IDF of words and characters plus the paragraph's place, for paragraphs and sentences.

    ``fit(X)`` learns vocabularies and weights from paragraphs (X: DataFrame with ``text``,
    ``section``, ``subtopic``).  ``pieces(X)`` gives the rows the model scores: every
    paragraph, then the sentences scored alone, with the paragraph each belongs to.
    """

    def __init__(self, char_ngrams: tuple[int, int] = (2, 2), min_df: int = 2, place_weight: float = 1.0):
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.place_weight = place_weight

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        for cache in ("_memo", "_lookup"):  # built on first use, not part of the model
            state.pop(cache, None)
        return state

    def _chars(self) -> chargrams.Lookup:
        lookup = self.__dict__.get("_lookup")
        if lookup is None:
            lookup = self.__dict__["_lookup"] = chargrams.Lookup(self.letters_, self.chars_)
        return lookup

    def _entries(self, sentences: Sentences) -> tuple[np.ndarray, np.ndarray]:
        """(column, sentence) of every vocabulary word and character n-gram found in each
        sentence, remembered per sentence: reports share many sentences (the legal basis,
        table labels, template phrases)."""
        memo = self.__dict__.setdefault("_memo", {})
        found = [memo.get(text) for text in sentences.text]
        new = list(dict.fromkeys(text for text, columns in zip(sentences.text, found) if columns is None))
        if new:
            computed = dict(zip(new, self._columns_of(new)))
            if len(memo) + len(computed) > MEMO_SIZE:
                memo.clear()
            for text, columns in computed.items():
                if len(text) <= nlp.LONGEST_CACHED and len(memo) < MEMO_SIZE:  # a page without sentence ends is not kept
                    memo[text] = columns.copy()  # its own array: not a view keeping all of this call's alive
            found = [computed[text] if columns is None else columns for text, columns in zip(sentences.text, found)]
        columns = np.concatenate(found, dtype=np.int64) if found else np.zeros(0, dtype=np.int64)
        return columns, np.repeat(np.arange(len(found)), [len(f) for f in found])

    def _columns_of(self, texts: list[str]) -> list[np.ndarray]:
        """The columns of each text's words, then of its character n-grams (which follow the
        word columns), as 32-bit integers (half the memory of the sentences remembered)."""
        column_of = self.words_.vocabulary_.get
        width = len(self.words_.vocabulary_)
        word_columns: list[int] = []
        word_of: list[int] = []
        for row, text in enumerate(texts):
            found = [c for c in map(column_of, word_features(text)) if c is not None]
            word_columns += found
            word_of += [row] * len(found)
        lookup = self._chars()
        codes, char_of = lookup.codes(char_text(chargrams.join(texts)), tuple(self.char_ngrams))
        char_columns = lookup.columns(codes)
        hit = char_columns >= 0
        columns = np.concatenate([np.array(word_columns, dtype=np.int64), char_columns[hit] + width]).astype(np.int32)
        owners = np.concatenate([np.array(word_of, dtype=np.int64), char_of[hit]])
        order = np.argsort(owners, kind="stable")  # each text's columns together, words first
        columns = columns[order]
        ends = np.cumsum(np.bincount(owners, minlength=len(texts))).tolist()
        return [columns[start:end] for start, end in zip([0] + ends, ends)]

    @staticmethod
    def _places(X: Paragraphs) -> list[list[str]]:
        return [[f"section={s}", f"subtopic={t}"] for s, t in zip(column(X, "section"), column(X, "subtopic"))]

    def fit(self, X: Paragraphs, y=None) -> "PieceFeatures":
        texts = column(X, "text")
        sentences = Sentences(texts)
        owner = np.asarray(sentences.owner, dtype=np.int64)
        words = [word_features(text) for text in sentences.text]
        paragraph_words: list[list[str]] = [[] for _ in texts]
        for row, found in zip(owner, words):
            paragraph_words[row].extend(found)
        self.words_ = CountVectorizer(analyzer=given, min_df=self.min_df).fit(paragraph_words)
        joined = char_text(chargrams.join(sentences.text))
        self.letters_ = chargrams.alphabet(joined)
        codes, char_of = chargrams.Lookup(self.letters_).codes(joined, tuple(self.char_ngrams))
        self.chars_ = chargrams.vocabulary(codes, owner[char_of], self.min_df)
        self.place_ = CountVectorizer(analyzer=given, binary=True).fit(self._places(X))
        for cache in ("_memo", "_lookup"):
            self.__dict__.pop(cache, None)
        columns, of = self._entries(sentences)
        width = len(self.words_.vocabulary_)
        counts = _counts(columns, owner[of], len(texts), width + len(self.chars_))
        self.words_idf_ = TfidfTransformer(sublinear_tf=True).fit(counts[:, :width])
        self.chars_idf_ = TfidfTransformer(sublinear_tf=True).fit(counts[:, width:])
        return self

    def pieces(self, X: Paragraphs) -> tuple[sp.csr_matrix, Sentences, np.ndarray]:
        """(feature rows, the sentences, which rows are sentences scored alone): one row per
        paragraph, in order, then one row per sentence scored alone.

        Columns: word TF-IDF, character TF-IDF (each block of a row of unit length, as
        ``TfidfTransformer`` weighs it), then the place one-hot times ``place_weight``.
        """
        texts = column(X, "text")
        n = len(texts)
        sentences = Sentences(texts)
        owner = np.asarray(sentences.owner, dtype=np.int64)
        alone = np.flatnonzero(sentences.alone)
        row_alone = np.full(len(owner), -1)
        row_alone[alone] = n + np.arange(len(alone))
        columns, of = self._entries(sentences)
        in_alone = row_alone[of] >= 0
        words, chars = len(self.words_.vocabulary_), len(self.chars_)
        piece_owner = np.concatenate([np.arange(n), owner[alone]])
        total = len(piece_owner)
        place_columns = self._place_columns(X)[piece_owner]  # (pieces, 2), -1 for a place not seen in training
        place_rows = np.broadcast_to(np.arange(total)[:, None], place_columns.shape)
        known = place_columns >= 0
        rows = np.concatenate([owner[of], row_alone[of][in_alone], place_rows[known]])
        columns = np.concatenate([columns, columns[in_alone], place_columns[known] + words + chars])
        matrix = _counts(columns, rows, total, words + chars + len(self.place_.vocabulary_))
        _weigh(matrix, words, chars, self.words_idf_.idf_, self.chars_idf_.idf_, self.place_weight)
        return matrix, sentences, alone

    def _place_columns(self, X: Paragraphs) -> np.ndarray:
        """(n, 2): the columns of each paragraph's section and sub-topic in the place block."""
        vocabulary = self.place_.vocabulary_
        sections = [vocabulary.get(f"section={s}", -1) for s in column(X, "section")]
        subtopics = [vocabulary.get(f"subtopic={t}", -1) for t in column(X, "subtopic")]
        return np.array([sections, subtopics], dtype=np.int64).T.reshape(len(sections), 2)

    def transform(self, X: Paragraphs) -> sp.csr_matrix:
        """Feature rows of the paragraphs of X."""
        return self.pieces(X)[0][: len(column(X, "text"))]
