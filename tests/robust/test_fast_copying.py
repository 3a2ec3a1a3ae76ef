"""The copying check aligns paragraphs with cydifflib, difflib's algorithm compiled: it must
find the blocks difflib finds, on real paragraphs and on any text."""
from __future__ import annotations

import difflib
import random
from pathlib import Path

import cydifflib
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]


def blocks(module, a: str, b: str) -> list[tuple[int, int, int]]:
    return [tuple(block) for block in module.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]


def test_blocks_are_difflib_s_on_corpus_paragraphs():
    paragraphs = [line for path in sorted((ROOT / "corpora" / "reports").glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines() if len(line) >= 20]
    chance = random.Random(8)
    pairs = [(chance.choice(paragraphs), chance.choice(paragraphs)) for _ in range(1500)]
    # near copies: a paragraph and itself with a piece changed, as a copied paragraph is
    for paragraph in chance.sample(paragraphs, 500):
        cut = chance.randrange(len(paragraph))
        pairs.append((paragraph, paragraph[:cut] + "某某单位" + paragraph[cut + 3 :]))
    for a, b in pairs:
        assert blocks(cydifflib, a, b) == blocks(difflib, a, b), (a, b)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("信息公开政府#@的了。，一二𠀀ab"), max_size=60), st.text(alphabet=st.sampled_from("信息公开政府#@的了。，一二𠀀ab"), max_size=60))
def test_blocks_are_difflib_s_on_any_text(a, b):
    assert blocks(cydifflib, a, b) == blocks(difflib, a, b)
