"""The model's features: counted per sentence with NumPy, they are what scikit-learn's
vectorizers and TF-IDF would make of the same sentences."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from auditor.learn import chargrams
from auditor.learn.coverage import paragraph_frame
from auditor.learn.features import PieceFeatures, char_text, word_features
from auditor.learn.features import given as as_given  # the analyzer (hypothesis has a given too)
from auditor.parse import parse
from auditor.read import read

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted((ROOT / "corpora" / "reports").glob("*.txt"))


@pytest.fixture(scope="module")
def frames() -> list[pd.DataFrame]:
    return [paragraph_frame(parse(read(path)))[["text", "section", "subtopic"]] for path in REPORTS[:12]]


@pytest.fixture(scope="module")
def fitted(frames) -> PieceFeatures:
    return PieceFeatures().fit(pd.concat(frames[:8], ignore_index=True))


def reference(features: PieceFeatures, X: pd.DataFrame) -> sp.csr_matrix:
    """The feature rows of ``pieces`` built the slow way: n-grams as Python strings, scikit-
    learn's counting and TF-IDF, a one-hot for the place."""
    _, sentences, alone = features.pieces(X)
    vocabulary = {chargrams.ngram(code, features.letters_): column for column, code in enumerate(features.chars_)}
    low, high = features.char_ngrams
    per_sentence = []
    for text in sentences.text:
        chars = char_text(text.replace("\x00", " "))  # NUL, the coder's separator, reads as a space
        grams = [chars[i : i + n] for n in range(low, high + 1) for i in range(len(chars) - n + 1)]
        per_sentence.append((word_features(text), [g for g in grams if g in vocabulary]))
    groups = [[i for i, owner in enumerate(sentences.owner) if owner == row] for row in range(len(X))] + [[i] for i in alone]
    words = [[w for i in group for w in per_sentence[i][0]] for group in groups]
    chars = [[c for i in group for c in per_sentence[i][1]] for group in groups]
    word_counts = CountVectorizer(analyzer=as_given, vocabulary=features.words_.vocabulary_).transform(words)
    char_counts = CountVectorizer(analyzer=as_given, vocabulary=vocabulary).transform(chars)
    owners = list(range(len(X))) + [sentences.owner[i] for i in alone]
    places = features.place_.transform([[f"section={X['section'][o]}", f"subtopic={X['subtopic'][o]}"] for o in owners])
    return sp.hstack([features.words_idf_.transform(word_counts), features.chars_idf_.transform(char_counts), places * features.place_weight]).tocsr()


def test_pieces_are_what_sklearn_would_count_and_weigh(fitted, frames):
    for X in frames[8:]:  # reports the features were not fitted on: unknown words and characters
        matrix, sentences, alone = fitted.pieces(X)
        assert matrix.shape[0] == len(X) + len(alone) and len(alone) > 0
        assert abs(matrix - reference(fitted, X)).max() < 1e-12


def test_character_codes_count_every_ngram_of_known_letters():
    texts = ["信息公开申请", "", "依申请公开信息", "申请abc申请", "\x00公开"]
    letters = chargrams.alphabet(chargrams.join(texts[:3]))
    lookup = chargrams.Lookup(letters)
    codes, owners = lookup.codes(chargrams.join(texts), (2, 3))
    found = Counter((chargrams.ngram(code, letters), int(owner)) for code, owner in zip(codes, owners))
    expected = Counter()
    for row, text in enumerate(texts):
        for n in (2, 3):
            for i in range(len(text) - n + 1):
                gram = text[i : i + n]
                if all(ord(c) in set(letters.tolist()) for c in gram):
                    expected[(gram, row)] += 1
    assert found == expected
    assert ("申请", 3) in found and ("请a", 3) not in found  # "a" is not a letter of the alphabet


def test_vocabulary_keeps_ngrams_found_in_enough_documents():
    codes = np.array([5, 5, 7, 7, 9])
    documents = np.array([0, 0, 0, 1, 2])  # 5 twice in one document: one document
    assert chargrams.vocabulary(codes, documents, 2).tolist() == [7]
    lookup = chargrams.Lookup(np.array([1, 2], dtype=np.uint32), np.array([7, 9]))
    assert lookup.columns(np.array([9, 8, 7])).tolist() == [1, -1, 0]


def test_no_paragraphs_give_no_rows(fitted):
    empty = pd.DataFrame({"text": [], "section": [], "subtopic": []})
    matrix, sentences, alone = fitted.pieces(empty)
    assert matrix.shape[0] == 0 and not sentences.text and len(alone) == 0


def test_remembered_sentences_give_the_rows_counted_afresh(frames):
    """Sentences seen before are not counted again; rows must not change with what is
    remembered (nothing, part of the input, all of it), also with n-grams of two lengths."""
    features = PieceFeatures(char_ngrams=(2, 3)).fit(pd.concat(frames[:8], ignore_index=True))
    X = pd.concat([frames[9], frames[9].iloc[:5], frames[10]], ignore_index=True)  # repeats within X
    fresh = features.pieces(X)[0]
    again = features.pieces(X)[0]
    features.__dict__.pop("_memo")
    features.pieces(frames[10])
    partly = features.pieces(X)[0]
    assert abs(fresh - reference(features, X)).max() < 1e-12
    assert (fresh != again).nnz == 0 and (fresh != partly).nnz == 0


def test_the_sentence_memo_keeps_to_its_size_and_owns_its_arrays(fitted, frames, monkeypatch):
    from auditor.learn import features

    monkeypatch.setattr(features, "MEMO_SIZE", 7)
    fitted.__dict__.pop("_memo", None)
    before = fitted.pieces(frames[9])[0]
    memo = fitted.__dict__["_memo"]
    assert 0 < len(memo) <= 7
    assert all(columns.base is None for columns in memo.values())  # not views of a whole call's array
    assert (fitted.pieces(frames[9])[0] != before).nnz == 0
    fitted.__dict__.pop("_memo", None)


def test_caches_are_not_saved_with_the_model(fitted, frames):
    fitted.pieces(frames[9])
    assert "_memo" in fitted.__dict__ and "_lookup" in fitted.__dict__
    state = fitted.__getstate__()
    assert "_memo" not in state and "_lookup" not in state and "chars_" in state


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet=st.sampled_from("政府信息公开申请年度报告的了是一二三abcZ0192.%- \t\n\x00。；！？，、（）"), max_size=60), max_size=6))
def test_pieces_equal_sklearns_counting_on_any_text(fitted, texts):
    """Digits, separators, white space, the NUL our n-gram coder joins texts with, sentences
    of punctuation only: the fast path counts and weighs what scikit-learn would."""
    X = pd.DataFrame({"text": texts, "section": ["overview"] * len(texts), "subtopic": ["none"] * len(texts)})
    matrix, _, _ = fitted.pieces(X)
    if matrix.shape[0]:
        assert abs(matrix - reference(fitted, X)).max() < 1e-12
