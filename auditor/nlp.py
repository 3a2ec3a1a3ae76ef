"""Segmentation: jieba with the domain dictionary, and a spaCy ``Language`` built on it.

Both are loaded once per process.  jieba's HMM new-word guessing is off: it invents words
from runs of unknown characters, which hurts the repetition check (资金资金 becomes one word)
and gave no gain to the topic model.  spaCy does not save jieba's user dictionary with a
pipeline, so the dictionary is loaded here explicitly, before spaCy's segmenter is used.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from . import data

HMM = False


@lru_cache(maxsize=1)
def tokenizer():
    """The jieba tokenizer with the domain dictionary (a private instance, not jieba's global)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    for line in data.lines("userdict.txt"):
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 else None
        tag = parts[2] if len(parts) > 2 else None
        instance.add_word(word, freq, tag)
    return instance


def cut(text: str) -> list[str]:
    return tokenizer().lcut(text, HMM=HMM)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for every jieba token of ``text``."""
    return [(word, start, end) for word, start, end in tokenizer().tokenize(text, HMM=HMM)]


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of jieba's dictionary or the domain dictionary."""
    instance = tokenizer()
    instance.check_initialized()
    return instance.FREQ.get(word, 0) > 0


@lru_cache(maxsize=1)
def _pos_tokenizer():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def tagged(text: str) -> list[tuple[str, str, int, int]]:
    """(word, part-of-speech tag, start, end) for every jieba token of ``text`` (tags of jieba's
    dictionary and of the domain dictionary; ``x`` for punctuation and white space)."""
    out = []
    start = 0
    for pair in _pos_tokenizer().lcut(text, HMM=HMM):
        out.append((pair.word, pair.flag, start, start + len(pair.word)))
        start += len(pair.word)
    return out


@lru_cache(maxsize=1)
def language():
    """``spacy.blank("zh")`` segmenting with jieba and the domain dictionary."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba_tokenizer = tokenizer()

    class JiebaSegmenter:
        """spaCy's jieba segmenter uses jieba's global dictionary and HMM; ours uses the domain one."""

        def __init__(self, vocab):
            self.vocab = vocab

        def __call__(self, text: str) -> Doc:
            words = [word for word in jieba_tokenizer.lcut(text, HMM=HMM) if word]
            return Doc(self.vocab, words=words, spaces=[False] * len(words))

    nlp.tokenizer = JiebaSegmenter(nlp.vocab)
    return nlp
