"""The shortcuts parsing takes for speed give the same results as the slow way they replace."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.parse import headings, metadata
from auditor.parse.normalize import (
    _PINYIN,
    _WIDE_TABLE,
    _WIDTH,
    CJK,
    PIPELINE,
    TABLE_STEPS,
    Mapped,
    _INNER_SPACE,
    _traditional,
    fold_width,
    normalize,
    normalize_for_text_and_tables,
    simplify,
)

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpora" / "reports").glob("*.txt"))]
TRADITIONAL = "其他需要報告的事項：本機關依申請公開政府資訊，處理結果詳見統計表。臺灣 後 髮 乾 於"


def simplify_char_by_char(text: str) -> str:
    """The slow way: zhconv on each CJK character alone, kept when it gives one character."""
    import zhconv

    def one(char: str) -> str:
        out = zhconv.convert(char, "zh-cn")
        return out if len(out) == 1 else char

    return re.sub(f"[{CJK}]", lambda match: one(match.group()), text)


def test_simplify_matches_zhconv_character_by_character():
    for text in [TRADITIONAL, *TEXTS[:20]]:
        assert simplify(Mapped.of(text)).text == simplify_char_by_char(text)
    assert simplify(Mapped.of(TRADITIONAL)).text != TRADITIONAL


def test_fold_width_matches_str_translate():
    every_wide = "".join(chr(code) for code in _WIDTH) + "（一）２０２１年【注】﹝2021﹞"
    for text in [every_wide, *TEXTS]:
        assert fold_width(Mapped.of(text)).text == text.translate(_WIDTH)


_INNER_SPACE_LOOKBEHIND_FIRST = re.compile(f"(?<=[{CJK}\\d])[ ]{{1,3}}(?=[{CJK}])|(?<=[{CJK}])[ ]{{1,3}}(?=\\d)")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("中文年1 2 a\t\n。"), max_size=40))
def test_inner_space_pattern_matches_its_lookbehind_first_form(text):
    assert [m.span() for m in _INNER_SPACE.finditer(text)] == [m.span() for m in _INNER_SPACE_LOOKBEHIND_FIRST.finditer(text)]


def test_inner_space_pattern_matches_on_corpus_reports():
    for text in TEXTS:
        assert [m.span() for m in _INNER_SPACE.finditer(text)] == [m.span() for m in _INNER_SPACE_LOOKBEHIND_FIRST.finditer(text)]


def test_text_and_table_normalisation_shared_equals_separate():
    for text in [*TEXTS[:20], TEXTS[0].replace("\n", "\r\n"), "第一段\r- 3 -\r第二段 2020 年"]:
        full, tables = normalize_for_text_and_tables(text)
        assert full == normalize(text, PIPELINE)
        assert tables == normalize(text, TABLE_STEPS)


def organization_searching_everywhere(text: str) -> tuple[str, int, int] | None:
    """find_organization as it was before the weak places were skipped and the title pattern
    got its look-ahead: every place searched, the same choice among the candidates."""
    patterns = metadata._org_patterns()
    slow_title = re.compile(patterns["title"].pattern.replace(metadata._BEFORE_YEAR, ""), patterns["title"].flags)
    original = patterns["title"]
    patterns["title"] = slow_title
    try:
        candidates = metadata._candidates(text, metadata._TRUSTED_PLAN + metadata._WEAK_PLAN)
    finally:
        patterns["title"] = original
    signature = metadata._signature(text)
    if signature:
        candidates.append(signature)
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c.rank, c.start))
    fuller = [c for c in candidates if metadata._widens(best, c)]
    if signature in fuller:
        best = signature
    elif fuller:
        best = max(fuller, key=lambda c: (len(c.name), -c.rank, -c.start))
    return best.name, best.start, best.end


def test_organization_shortcuts_choose_the_same_body(dev_items):
    texts = [normalize(text).text for text in TEXTS] + [normalize(item["text"]).text for item in dev_items]
    for text in texts:
        assert metadata.find_organization(text) == organization_searching_everywhere(text)


_PINYIN_LOOKBEHIND_FIRST = re.compile(f"(?<=[{CJK}])\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{{1,7}}\\)")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("报告ba(o)ǎ ()\n1"), max_size=40))
def test_pinyin_pattern_matches_its_lookbehind_first_form(text):
    assert [m.span() for m in _PINYIN.finditer(text)] == [m.span() for m in _PINYIN_LOOKBEHIND_FIRST.finditer(text)]


def test_pinyin_pattern_matches_on_corpus_reports():
    for text in [*TEXTS, "報(bào)告(gào) 2020(年)"]:
        assert [m.span() for m in _PINYIN.finditer(text)] == [m.span() for m in _PINYIN_LOOKBEHIND_FIRST.finditer(text)]


def test_character_tables_replace_no_character_twice():
    """replace_chars swaps one character after another, which equals one pass only when no
    replacement is itself replaced."""
    _, traditional = _traditional()
    for table in (traditional, _WIDE_TABLE):
        assert not [out for out in table.values() if out in table]


def test_headings_skip_only_lines_that_hold_none(dev_items):
    """The lines find_headings skips give no heading when tried as it tries every line."""
    texts = [normalize(text).text for text in TEXTS] + [normalize(item["text"]).text for item in dev_items]
    for text in texts:
        for line in text.split("\n"):
            if not headings._may_hold_heading(line):
                assert headings._line_heading(line, 0, is_last=True) is None
                assert headings._line_heading(line, 0, is_last=False) is None
