"""The shortcuts finding a report's metadata takes for speed give what the plain search gives."""
from __future__ import annotations

from pathlib import Path
from re import _constants as sre
from re import _parser

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.parse import metadata
from auditor.parse.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [normalize(path.read_text(encoding="utf-8")).text for path in sorted((ROOT / "corpora" / "reports").glob("*.txt"))]


def matches_everywhere(key: str, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in metadata._org_patterns()[key].finditer(text)]


def matches_by_sentence(key: str, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in metadata._matches(key, text)]


def test_places_searched_by_sentence_match_as_searched_everywhere(dev_items):
    texts = TEXTS + [normalize(item["text"]).text for item in dev_items]
    for text in texts:
        for key in metadata._SENTENCE_WORDS:  # the other places are searched everywhere
            assert matches_by_sentence(key, text[:1500]) == matches_everywhere(key, text[:1500])
    assert sum(bool(matches_everywhere("title", text[:1500])) for text in texts) > len(texts) // 2


PIECES = ["西湖镇", "人民政府", "局", "关于", "2020", "二〇二一", "年度", "年", "的", "政府信息公开", "工作", "报告", "报", "告",
          "编制了", "向社会公布", "现公布", "由", "。", ",", "\n", " ", "\t", "(", ")", "编制", "有关", "《", "》", "1"]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_places_searched_by_sentence_match_on_any_text(text):
    for key in metadata._SENTENCE_WORDS:
        assert matches_by_sentence(key, text) == matches_everywhere(key, text)


def fields(matches) -> list[tuple]:
    return [(m.span(), m["label"]) for m in matches]


def test_published_fields_found_at_their_words_as_by_the_whole_search(dev_items):
    for text in TEXTS + [normalize(item["text"]).text for item in dev_items]:
        assert fields(metadata._published_fields(text)) == fields(metadata._PUBLISHED_LINE.finditer(text))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["发布", "公开", "成文", "更新", "日期", "时间", "日", "期", "时", "间", "发", ":", " ", "|", "\n", "2021"]), max_size=20).map("".join))
def test_published_fields_found_at_their_words_on_any_text(text):
    assert fields(metadata._published_fields(text)) == fields(metadata._PUBLISHED_LINE.finditer(text))


def may_hold(char: str, parsed) -> bool:
    """Whether a match of a parsed pattern may hold ``char``, read from the pattern's parts
    (look-arounds included); True for a part it cannot tell about, so as never to say no wrongly."""
    code = ord(char)
    for op, av in parsed:
        if op is sre.AT:
            continue
        if op is sre.LITERAL:
            if av == code:
                return True
        elif op is sre.IN:
            for item, value in av:
                if (item is sre.LITERAL and value == code) or (item is sre.RANGE and value[0] <= code <= value[1]):
                    return True
                if item not in (sre.LITERAL, sre.RANGE):  # a negated set, a category (\\s)
                    return True
        elif op is sre.BRANCH:
            if any(may_hold(char, branch) for branch in av[1]):
                return True
        elif op is sre.SUBPATTERN:
            if may_hold(char, av[3]):
                return True
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if may_hold(char, av[2]):
                return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if may_hold(char, av[1]):
                return True
        else:  # any character, a back reference, ...
            return True
    return False


def test_fragments_of_sentence_places_never_match_a_sentence_end():
    """_matches searches the places of _SENTENCE_WORDS sentence by sentence: sound only while
    no match holds a "。" past its first character, which the fragments of organization.toml
    they are built of could break."""
    spec = metadata._org_spec()
    for fragment in (spec["title"]["report"], spec["preamble"]["compiles"]):
        assert not may_hold("。", _parser.parse(fragment))
    for held in ("(?:报|。)", "[^a]", "\\S", ".", "报告[，。]?"):  # what may hold one is told so
        assert may_hold("。", _parser.parse(held))
