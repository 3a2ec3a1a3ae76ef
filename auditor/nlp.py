"""Segmentation: jieba with the domain dictionary, and a spaCy ``Language`` built on it.

Both are loaded once per process.  jieba's HMM new-word guessing is off: it invents words
from runs of unknown characters, which hurts the repetition check (资金资金 becomes one word)
and gave no gain to the topic model.  spaCy does not save jieba's user dictionary with a
pipeline, so the dictionary is loaded here explicitly, before spaCy's segmenter is used.
"""
from __future__ import annotations

import logging
import marshal
import re
import tempfile
from functools import lru_cache
from math import log
from pathlib import Path

from . import data

HMM = False


def _userdict() -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of every entry of the domain dictionary."""
    entries = []
    for line in data.lines("userdict.txt"):
        parts = line.split()
        entries.append((parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None))
    return entries


@lru_cache(maxsize=1)
def tokenizer():
    """The jieba tokenizer with the domain dictionary (a private instance, not jieba's global)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    _initialize(instance)
    for word, freq, tag in _userdict():
        instance.add_word(word, freq, tag)
    return instance


def _initialize(instance) -> None:
    """jieba's own initialisation, its cache file read whole.

    jieba reads its dictionary's cache (a marshal of 500,000 words and prefixes, made on the
    first run) with ``marshal.load`` on the open file, which reads it piece by piece: 0.42 s,
    against 0.13 s for ``marshal.loads`` of the file's bytes, a sixth of `auditor check`'s
    start.  The cache is the one jieba makes and names, for the default dictionary (whose
    cache jieba reads without checking its age); without it, or if it cannot be read, jieba
    initialises as usual and makes it.
    """
    import jieba

    if instance.dictionary == jieba.DEFAULT_DICT and not instance.cache_file:
        cache = Path(instance.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
        try:
            instance.FREQ, instance.total = marshal.loads(cache.read_bytes())
            instance.initialized = True
            return
        except (OSError, EOFError, ValueError, TypeError):
            pass
    instance.check_initialized()


def in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of jieba's dictionary or the domain dictionary."""
    instance = tokenizer()
    instance.check_initialized()
    return instance.FREQ.get(word, 0) > 0


# jieba.posseg's patterns for its HMM-free path, which ``tagged`` follows step by step.  Not
# importing jieba.posseg saves a quarter of a second at start-up: it loads hidden-Markov
# tables this module never uses, then reads the dictionary's tags line by line.
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP = re.compile(r"(\r\n|\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile(r"[\.0-9]+")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # posseg's ^[a-zA-Z0-9]$


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """The part-of-speech tag of every word of jieba's dictionary and of the domain dictionary."""
    instance = tokenizer()
    with instance.get_dict_file() as handle:
        fields = handle.read().decode("utf-8").split()
    tags = dict(zip(fields[0::3], fields[2::3]))  # each line is "word frequency tag"
    tags.update((word, tag) for word, _, tag in _userdict() if tag)
    return tags


def _word_ends(block: str, freq: dict[str, int], log_total: float) -> list[int]:
    """Where the word starting at each character of ``block`` ends (its last index), on jieba's
    most probable route: what ``calc(block, get_DAG(block), route)`` gives as ``route[k][1]``.

    jieba builds the graph of dictionary words first, then scores it, slicing each word twice
    and making a tuple per candidate for ``max``; this does both in one pass from the end,
    with the same arithmetic in the same order, ties going to the longer word as with
    ``max`` over (score, end): twice as fast, and the same route
    (``tests/robust/test_fast_paths.py``).
    """
    size = len(block)
    best = [0.0] * (size + 1)  # log probability of the best route from each character on
    ends = [0] * size
    for start in range(size - 1, -1, -1):
        top = None
        at = start
        count = freq.get(block[start])
        while count is not None:  # a word or a word's prefix
            if count:
                score = log(count) - log_total + best[at + 1]
                if top is None or score >= top:
                    top, end = score, at
            at += 1
            if at == size:
                break
            count = freq.get(block[start : at + 1])
        if top is None:  # no word starts here: the character alone
            top, end = log(freq.get(block[start]) or 1) - log_total + best[start + 1], start
        best[start] = top
        ends[start] = end
    return ends


def _tag_pairs(text: str) -> list[tuple[str, str]]:
    """(word, tag) as ``jieba.posseg.POSTokenizer(tokenizer()).cut(text, HMM=False)`` gives them."""
    instance = tokenizer()
    tags = word_tags()
    out: list[tuple[str, str]] = []
    for index, block in enumerate(_HAN.split(text)):
        if not block:
            continue
        if index % 2:  # split with a group puts the runs _HAN matches at odd places
            ends = _word_ends(block, instance.FREQ, log(instance.total))
            x, letters = 0, ""
            while x < len(block):
                y = ends[x] + 1
                word = block[x:y]
                if y - x == 1 and word in _ALNUM:
                    letters += word  # runs of single letters and digits are one word
                else:
                    if letters:
                        out.append((letters, "eng"))
                        letters = ""
                    out.append((word, tags.get(word, "x")))
                x = y
            if letters:
                out.append((letters, "eng"))
            continue
        for piece in _SKIP.split(block):
            if _SKIP.match(piece):
                out.append((piece, "x"))
                continue
            for char in piece:
                out.append((char, "m" if _NUM.match(char) else "eng" if _ENG.match(piece) else "x"))
    return out


# jieba segments the runs of Chinese characters between punctuation and white space
# independently, so a text cut after these marks segments as its pieces do.  White space is
# a piece of its own (but CR LF stays one token): the labels of table rows are then pieces
# shared by every report, apart from the figures beside them, and a line is the same piece
# with or without its line break.  A piece: a run up to a sentence end (or to white space
# after CR, which stays with it), or one sentence end or white space character alone.
# (Matching pieces is up to four times faster than splitting at the places between them.)
_PIECE = re.compile("[^。；！？;!?\n \t\u3000]+(?:[。；！？;!?]|(?<=\r)[\n \t\u3000])?|[。；！？;!?\n \t\u3000]")


def tagged(text: str) -> list[tuple[str, str, int, int]]:
    """(word, part-of-speech tag, start, end) for every jieba token of ``text`` (tags of jieba's
    dictionary and of the domain dictionary; ``x`` for punctuation and white space).  The
    readable form, for exploring and tests; the checks read ``segments``, without a tuple a token."""
    words, tags = segments(text)
    out = []
    start = 0
    for word, tag in zip(words, tags):
        out.append((word, tag, start, start + len(word)))
        start += len(word)
    return out


def segments(text: str) -> tuple[list[str], list[str]]:
    """The jieba tokens of ``text`` and their tags, as ``tagged`` gives them, in two lists
    (no tuple per token: what a caller that walks many tokens wants)."""
    words: list[str] = []
    tags: list[str] = []
    for piece in _PIECE.findall(text):
        piece_words, piece_tags = _segmented(piece)
        words.extend(piece_words)
        tags.extend(piece_tags)
    return words, tags


def words(text: str) -> list[str]:
    """The jieba tokens of ``text`` (as ``tagged`` cuts it), without tags and offsets."""
    out: list[str] = []
    for piece in _PIECE.findall(text):
        out.extend(_segmented(piece)[0])
    return out


LONGEST_CACHED = 300  # characters; a longer piece (a page without sentence ends) is not kept


def _segmented(piece: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words, tags) of one sentence or line, from the cache when it is of a sentence's size."""
    return _segmented_piece(piece) if len(piece) <= LONGEST_CACHED else _columns(_tag_pairs(piece))


@lru_cache(maxsize=32768)
def _segmented_piece(piece: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One sentence or line, segmented once per process: (words, tags).

    This is the one segmentation of an audit: the repetition check tags the narrative and
    the topic model reads the words of the same sentences, and reports share many sentences
    (the legal basis, table labels, template phrases).
    """
    return _columns(_tag_pairs(piece))


def _columns(pairs: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(zip(*pairs)) if pairs else ((), ())  # type: ignore[return-value]


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
