"""The shortcuts taken for speed give the same results as the slow way they replace, and the
commands that need no model do not load one."""
from __future__ import annotations

import functools
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import nlp
from auditor.learn import persist

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted((ROOT / "corpora" / "reports").glob("*.txt"))


@functools.lru_cache(maxsize=1)
def posseg():
    """jieba's own tagger over our tokenizer, as nlp.tagged used it before (one instance: the
    first takes the domain words' tags from the tokenizer, later ones would find none)."""
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer(nlp.tokenizer())
    tagger.word_tag_tab.update((word, tag) for word, _, tag in nlp._userdict() if tag)
    return tagger


def posseg_reference(text: str) -> list[tuple[str, str, int, int]]:
    out, start = [], 0
    for pair in posseg().lcut(text, HMM=False):
        out.append((pair.word, pair.flag, start, start + len(pair.word)))
        start += len(pair.word)
    return out


def test_tagging_matches_jieba_posseg_on_every_corpus_report():
    for path in REPORTS:
        text = path.read_text(encoding="utf-8")
        assert nlp.tagged(text) == posseg_reference(text), path.name
        assert nlp.tagged(text) == posseg_reference(text), path.name  # again, from the sentence cache


# The pieces as first defined: cut after a sentence end or white space, and before white
# space unless CR precedes it.
_CUT_PLACES = re.compile("(?<=[。；！？;!?\n \t\u3000])|(?<!\r)(?=[\n \t\u3000])")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("信息公开a1.\r\n \t\u3000。；！？;!?，"), max_size=40))
def test_pieces_matched_are_the_pieces_cut_at_their_places(text):
    assert nlp._PIECE.findall(text) == [piece for piece in _CUT_PLACES.split(text) if piece]


def test_domain_words_keep_their_own_tags():
    tags = nlp.word_tags()
    for word, _, tag in nlp._userdict():
        if tag:
            assert tags[word] == tag


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("政府信息公开依申请主动年度报告的了是一二三abcXYZ019.%-+#&_ \t\n\r、，。；！？;!?"), max_size=80))
def test_tagging_matches_jieba_posseg_on_mixed_scripts(text):
    assert nlp.tagged(text) == posseg_reference(text)


@pytest.fixture(scope="module")
def shipped():
    return persist.load()


def test_saved_model_has_vocabularies_packed_and_predicts_the_same(tmp_path, shipped, xihu):
    import zipfile

    from auditor.learn.coverage import assess

    before = {id(v): v.vocabulary_ for v in persist._vectorizers(shipped)}
    path = persist.save(shipped, tmp_path / "model.skops")
    assert {id(v): v.vocabulary_ for v in persist._vectorizers(shipped)} == before  # the model in memory is untouched
    schema = json.loads(zipfile.ZipFile(path).read("schema.json"))
    assert '"vocabulary_": {"__class__": "ndarray"' in json.dumps(schema)
    loaded = persist.load(path)
    assert [type(v.vocabulary_) for v in persist._vectorizers(loaded)] == [dict] * len(before)
    assert [v.vocabulary_ for v in persist._vectorizers(loaded)] == list(before.values())
    ours = [(v.id, v.status, round(v.confidence, 9)) for v in assess(xihu, shipped)]
    assert [(v.id, v.status, round(v.confidence, 9)) for v in assess(xihu, loaded)] == ours


def test_a_model_saved_with_dict_vocabularies_still_loads(tmp_path, shipped):
    import zipfile

    import skops.io as sio

    path = tmp_path / "old.skops"
    sio.dump(shipped, path, compression=zipfile.ZIP_DEFLATED)
    loaded = persist.load(path)
    assert [v.vocabulary_ for v in persist._vectorizers(loaded)] == [v.vocabulary_ for v in persist._vectorizers(shipped)]


def run_fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout


HEAVY = ["sklearn", "skops", "jieba", "pandas", "spacy"]


@pytest.mark.parametrize("args", [["--help"], ["sections", "corpora/reports/xihu-2020.txt"]])
def test_commands_without_a_model_do_not_import_it(args):
    code = f"""
import sys
from auditor.cli import app
try:
    app({args!r})
except SystemExit:
    pass
print("LOADED", sorted(name for name in {HEAVY!r} if name in sys.modules))
"""
    out = run_fresh(code)
    assert "LOADED []" in out


def test_a_fresh_process_refuses_a_model_of_an_estimator_not_listed(tmp_path):
    """The CLI's skops trusts only the listed estimators (its own list of every scikit-learn
    estimator is not built), so a forest smuggled into a model file is refused."""
    import skops.io as sio
    from sklearn.tree import DecisionTreeClassifier

    path = tmp_path / "tree.skops"
    sio.dump({"model": DecisionTreeClassifier()}, path)
    out = run_fresh(f"""
from auditor.errors import ModelError
from auditor.learn import persist
try:
    persist.load({str(path)!r})
except ModelError as error:
    print(error.code, error)
""")
    assert out.startswith("E021") and "DecisionTreeClassifier" in out


def test_words_are_the_tagged_tokens_from_the_sentence_cache():
    for path in REPORTS[:20]:
        text = path.read_text(encoding="utf-8")
        assert nlp.words(text) == [word for word, _, _, _ in nlp.tagged(text)], path.name


def test_one_product_for_all_requirements_gives_each_regressions_probabilities(shipped, xihu):
    import numpy as np

    from auditor.learn.coverage import paragraph_frame

    X = paragraph_frame(xihu)[["text", "section", "subtopic"]].reset_index(drop=True)
    matrix, _, _ = shipped.features_.pieces(X)
    pieces = shipped.score_pieces(X)
    one_by_one = np.zeros((matrix.shape[0], len(shipped.models_)))
    for j, model in enumerate(shipped.models_):
        one_by_one[:, j] = model if isinstance(model, float) else model.predict_proba(matrix)[:, 1]
    assert np.allclose(pieces.scores, one_by_one, rtol=0, atol=1e-12)
    pooled = np.zeros((len(X), len(shipped.models_)))
    np.maximum.at(pooled, pieces.owner, one_by_one)
    assert np.allclose(shipped.predict_proba(X), pooled, rtol=0, atol=1e-12)


def test_score_pieces_are_what_predict_proba_pools(shipped, xihu):
    import numpy as np

    from auditor.learn.coverage import paragraph_frame
    from auditor.learn.model import pool

    X = paragraph_frame(xihu)[["text", "section", "subtopic"]].reset_index(drop=True)
    pieces = shipped.score_pieces(X)
    assert np.array_equal(pool(len(X), pieces.owner, pieces.scores), shipped.predict_proba(X))
    assert pieces.sentence.sum() > 0
    for text, offset, sentence, row in zip(pieces.text, pieces.offset, pieces.sentence, pieces.owner):
        paragraph = X["text"][row]
        assert paragraph[offset : offset + len(text)] == text and (sentence or text == paragraph)


def test_segments_are_the_tagged_tokens_in_two_lists():
    for path in REPORTS[:20]:
        text = path.read_text(encoding="utf-8")
        words, tags = nlp.segments(text)
        assert list(zip(words, tags)) == [(word, tag) for word, tag, _, _ in nlp.tagged(text)], path.name


def test_a_piece_longer_than_a_sentence_is_segmented_but_not_kept():
    text = "政府信息公开工作稳步推进" * 40  # 480 characters, no sentence end, no white space
    before = nlp._segmented_piece.cache_info().currsize
    assert "".join(nlp.words(text)) == text and nlp.words(text) == nlp.tokenizer().lcut(text, HMM=nlp.HMM)
    assert nlp._segmented_piece.cache_info().currsize == before



@pytest.fixture(scope="module")
def jieba_own(tmp_path_factory):
    """A tokenizer of the default dictionary initialised by jieba itself, with no cache to read:
    jieba builds the dictionary and saves its cache in the folder given (``tmp_dir``)."""
    import jieba

    instance = jieba.Tokenizer()
    instance.tmp_dir = str(tmp_path_factory.mktemp("jieba"))
    instance.initialize()
    return instance


def initialised(folder: Path):
    import jieba

    instance = jieba.Tokenizer()
    instance.tmp_dir = str(folder)
    nlp._initialize(instance)
    return instance


def test_the_dictionary_cache_read_whole_is_what_jieba_reads(jieba_own):
    folder = Path(jieba_own.tmp_dir)
    assert (folder / "jieba.cache").is_file()
    instance = initialised(folder)
    assert instance.initialized and instance.total == jieba_own.total and instance.FREQ == jieba_own.FREQ


@pytest.mark.parametrize("cache", [None, b"", b"\x00not marshal", b"\xe9\x00\x00\x00", b"\xe9\x01\x00\x00\x00"])
def test_without_a_readable_cache_jieba_initialises_as_usual(tmp_path, jieba_own, cache):
    if cache is not None:
        (tmp_path / "jieba.cache").write_bytes(cache)
    instance = initialised(tmp_path)
    assert instance.initialized and instance.total == jieba_own.total and instance.FREQ == jieba_own.FREQ
    assert (tmp_path / "jieba.cache").read_bytes() == (Path(jieba_own.tmp_dir) / "jieba.cache").read_bytes()  # jieba made it again


def jieba_route_ends(block: str) -> list[int]:
    instance = nlp.tokenizer()
    route: dict = {}
    instance.calc(block, instance.get_DAG(block), route)
    return [route[start][1] for start in range(len(block))]


def test_word_ends_are_jieba_s_route_on_every_corpus_report():
    instance = nlp.tokenizer()
    for path in REPORTS:
        for index, block in enumerate(nlp._HAN.split(path.read_text(encoding="utf-8"))):
            if index % 2 and block:
                assert nlp._word_ends(block, instance.FREQ, math.log(instance.total)) == jieba_route_ends(block), (path.name, block)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("政府信息公开依申请主动年度报告工作的了是中华人民共和国条例一二三abcXYZ019.+#&_"), min_size=1, max_size=60))
def test_word_ends_are_jieba_s_route_on_any_run(block):
    instance = nlp.tokenizer()
    assert nlp._word_ends(block, instance.FREQ, math.log(instance.total)) == jieba_route_ends(block)
