"""Paragraph features: jieba word n-grams, character n-grams, and where the paragraph sits.

The input is a DataFrame with columns ``text``, ``section`` and ``subtopic``.  Analyzers are
module-level functions so that a saved model refers to them by name (skops, no pickle).
"""
from __future__ import annotations

import re

from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import OneHotEncoder

from .. import nlp
from ..parse.normalize import normalize_string

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")
_PUNCT = set("，。、；：？！,.;:?!()（）《》〔〕[]“”\"'‘’·-—…/|\t ")


def clean(text: str) -> str:
    """Normalised paragraph text with numbers masked: 发布信息120条 and 发布信息7条 look alike."""
    return _SPACE.sub(" ", _DIGITS.sub("0", normalize_string(text))).strip()


def word_tokens(text: str) -> list[str]:
    """jieba words and word bigrams (punctuation dropped) of a paragraph."""
    words = [w for w in nlp.cut(clean(text)) if w.strip() and w not in _PUNCT]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


def char_text(text: str) -> str:
    return clean(text)


def make_features(char_ngrams: tuple[int, int] = (2, 4), min_df: int = 2, place_weight: float = 1.0) -> ColumnTransformer:
    return ColumnTransformer(
        transformer_weights={"words": 1.0, "chars": 1.0, "place": place_weight},
        transformers=[
            ("words", TfidfVectorizer(analyzer=word_tokens, sublinear_tf=True, min_df=min_df), "text"),
            ("chars", TfidfVectorizer(analyzer="char", preprocessor=char_text, ngram_range=char_ngrams, sublinear_tf=True, min_df=min_df), "text"),
            ("place", OneHotEncoder(handle_unknown="ignore"), ["section", "subtopic"]),
        ]
    )
