"""Character n-gram counts with NumPy: what ``CountVectorizer(analyzer="char")`` counts, fast.

scikit-learn builds every n-gram of a text as a Python string and looks each up in a dict:
one lookup per character and n-gram length, once the largest single cost of an audit.  Here a text
becomes an array of code points, each n-gram one integer (its characters' ranks in the
training alphabet as digits of base ``len(alphabet) + 1``), and the vocabulary a sorted array
of such integers, looked up all at once through a hash index.  Columns are the positions in
that sorted array.  Characters outside the alphabet (and the separator between texts) end
every n-gram, so an n-gram holding one is never counted, as it could not be in the
vocabulary either.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

_SEPARATOR = "\x00"  # between texts; kept out of every alphabet


def join(texts: list[str]) -> str:
    """The texts as one string, a separator between each (the form the functions here read);
    a separator inside a text reads as a space."""
    return _SEPARATOR.join(text.replace(_SEPARATOR, " ") for text in texts)


def _code_points(joined: str) -> tuple[np.ndarray, np.ndarray]:
    """(code points of joined texts, the text each position belongs to)."""
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # PDF text may hold a lone surrogate
    rows = np.cumsum(points == ord(_SEPARATOR))
    return points, rows


def alphabet(joined: str) -> np.ndarray:
    """The sorted distinct characters of joined texts as code points."""
    points, _ = _code_points(joined)
    return np.unique(points[points != ord(_SEPARATOR)])


class Lookup:
    """An alphabet and a vocabulary of n-gram codes, ready to look texts up in."""

    def __init__(self, letters: np.ndarray, vocabulary: np.ndarray | None = None):
        self.base = np.int64(len(letters) + 1)
        # rank + 1 of every code point up to the largest letter; 0 for any other character
        self.ranks = np.zeros(int(letters.max()) + 2 if len(letters) else 1, dtype=np.int64)
        self.ranks[letters] = np.arange(1, len(letters) + 1)
        self.index = pd.Index(vocabulary if vocabulary is not None else np.zeros(0, dtype=np.int64))

    def codes(self, joined: str, ngrams: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """(code, text index) of every n-gram of joined texts made of alphabet letters only."""
        points, rows = _code_points(joined)
        low, high = ngrams
        if float(self.base) ** high >= 2**63:
            raise ValueError(f"{int(self.base) - 1} distinct characters are too many for {high}-grams in 64-bit codes")
        ranks = self.ranks[np.minimum(points, len(self.ranks) - 1)]
        known = ranks > 0
        codes, owners = [], []
        for n in range(low, high + 1):
            count = len(points) - n + 1
            if count <= 0:
                continue
            code = np.zeros(count, dtype=np.int64)
            valid = np.ones(count, dtype=bool)
            for k in range(n):
                code = code * self.base + ranks[k : k + count]
                valid &= known[k : k + count]
            codes.append(code[valid])
            owners.append(rows[:count][valid])
        if not codes:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(codes), np.concatenate(owners)

    def columns(self, codes: np.ndarray) -> np.ndarray:
        """The vocabulary column of each code, -1 where it is not in the vocabulary."""
        return self.index.get_indexer(codes)


def vocabulary(codes: np.ndarray, documents: np.ndarray, min_df: int) -> np.ndarray:
    """The sorted distinct codes found in at least ``min_df`` documents (``documents[i]`` is
    the document ``codes[i]`` was found in)."""
    pairs = np.unique(np.stack([codes, documents]), axis=1)  # each n-gram once per document
    distinct, frequency = np.unique(pairs[0], return_counts=True)
    return distinct[frequency >= min_df]


def ngram(code: int, letters: np.ndarray) -> str:
    """The n-gram a code stands for (for reading a model's weights)."""
    base = len(letters) + 1
    chars = []
    while code:
        code, digit = divmod(int(code), base)
        chars.append(chr(int(letters[digit - 1])))
    return "".join(reversed(chars))
