"""The shortcuts parsing takes for speed give the same results as the slow way they replace."""
from __future__ import annotations

import bisect
import re
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.parse import _table_cells, headings, metadata, parse
from auditor.parse import normalize as normalize_module
from auditor.parse import report as report_module
from auditor.read import from_text
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


def organization_searching_everywhere(text: str, monkeypatch) -> tuple[str, int, int] | None:
    """find_organization as it was before the weak places were skipped, the title pattern
    got its look-ahead, names that cannot hold the title's went unchecked and places were
    searched only in the sentences holding their word: every place searched in the whole
    head, every candidate checked, the same choice among them."""
    patterns = metadata._org_patterns()
    slow_title = re.compile(patterns["title"].pattern.replace(metadata._BEFORE_YEAR, ""), patterns["title"].flags)
    with monkeypatch.context() as patch:  # undone before find_organization runs again
        patch.setitem(patterns, "title", slow_title)
        patch.setattr(metadata, "_matches", lambda key, text: patterns[key].finditer(text))
        candidates = metadata._candidates(text, metadata._TRUSTED_PLAN + metadata._WEAK_PLAN)
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


def test_organization_shortcuts_choose_the_same_body(monkeypatch, dev_items):
    texts = [normalize(text).text for text in TEXTS] + [normalize(item["text"]).text for item in dev_items]
    for text in texts:
        assert metadata.find_organization(text) == organization_searching_everywhere(text, monkeypatch)


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
    assert len(traditional) > 4000  # zhconv's whole table, not a sample of it
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


def cells_line_by_line(original: str, mapped: Mapped, start: int, end: int) -> list[tuple]:
    """Table cells as from_text found them before: each line split into spans (tabs, else
    pipes, else white space), each grid span stripped and split where it holds numbers."""
    out = []
    position = start
    for number, line in enumerate(mapped.text[start:end].split("\n")):
        grid = "\t" in line or "|" in line
        if grid:
            separator = "\t" if "\t" in line else "|"
            spans, at = [], 0
            for piece in line.split(separator):
                spans.append((at, at + len(piece)))
                at += len(piece) + 1
            if separator == "|":
                if line.lstrip().startswith("|"):
                    spans = spans[1:]
                if line.rstrip().endswith("|") and spans:
                    spans = spans[:-1]
            stripped = []
            for s, e in spans:
                piece = line[s:e]
                s += len(piece) - len(piece.lstrip())
                stripped.append((s, s + len(piece.strip())))
            spans = stripped
        else:
            spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]
        row = []
        for s, e in spans:
            pieces = [(s, e)]
            tokens = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", line[s:e])]
            if grid and len(tokens) >= 2 and any(_table_cells.NUMBER.fullmatch(line[a:b]) for a, b in tokens):
                pieces, label_open = [], False
                for a, b in tokens:
                    if _table_cells.NUMBER.fullmatch(line[a:b]):
                        pieces.append((a, b))
                        label_open = False
                    elif label_open:
                        pieces[-1] = (pieces[-1][0], b)
                    else:
                        pieces.append((a, b))
                        label_open = True
            for a, b in pieces:
                os, oe = mapped.span(position + a, position + b)
                row.append([_table_cells.kind_of(line[a:b]), line[a:b], (original[os:oe], os, oe), number, len(row), grid])
        filled = [cell for cell in row if cell[0] != "empty"]
        if len(filled) >= 2 and filled[0][0] == "number" and re.fullmatch("[1-9]", filled[0][1]) and filled[1][0] == "label":
            filled[0][0] = "label"
        if filled:
            out.extend(tuple(cell) for cell in row)
        position += len(line) + 1
    return out


# Text of every kind normalisation changes: full-width forms, traditional characters, pinyin,
# bold marks, CR LF and CR, page-number lines, spaces inside Chinese text and around numbers.
NORMALISED_PIECES = ["中文", "報告", "臺灣", "２０２１", "（一）", "【注】", "\u3000", " ", "  ", "\t", "\r\n", "\r", "\n",
                     "- 3 -", "第3页", "第 2 页,共 9 页", "報(bào)", "**", "2020 年", "西湖 镇", "。", "a", "1", "|"]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(NORMALISED_PIECES), max_size=30).map("".join))
def test_normalisation_never_turns_one_character_into_several(text):
    """Every step deletes characters or swaps one for one: the offsets strictly increase, so
    each character of the normalised text comes from a character of its own."""
    for steps in (PIPELINE, TABLE_STEPS):
        mapped = normalize(text, steps)
        assert len(mapped.offsets) == len(mapped.text) + 1 and mapped.offsets[-1] == len(text)
        assert len(mapped.text) <= len(text)
        assert all(a < b for a, b in pairwise(mapped.offsets))
        assert mapped.offsets[0] >= 0


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(NORMALISED_PIECES), max_size=30).map("".join))
def test_unchanged_lines_found_by_their_ends_as_by_every_offset(text):
    mapped = normalize(text, TABLE_STEPS)
    position = 0
    for line in mapped.text.split("\n"):
        end, shift = position + len(line), mapped.offsets[position] - position
        unchanged = all(mapped.offsets[i] == i + shift for i in range(position, end + 1)) and text.startswith(line, position + shift)
        assert _table_cells._unchanged_shift(text, mapped.offsets, position, line) == (shift if unchanged else None)
        position = end + 1


def _cells(items) -> list[tuple]:
    return [(i.kind, i.text, (i.cell.text, i.cell.start, i.cell.end), i.line, i.col, i.grid) for i in items]


TABLE_DEBRIS = "1 属于国家秘密\t2 0 0\t\n| 新收 | 3 |  |\n  \t \n上年结转  5 件 6\n||\n本年 新收 12 13。\n"
# grid rows that normalisation changes (width, traditional characters, pinyin, CR LF) or leaves be
TABLE_DEBRIS += "自然人\t１２\t\t報(bào)告\t3\r\n\t商业企业\t0\t\n自然人\t1\t2\n1\t****\n| 報告 | ３ | 1 2 |\n報告 ３ 1\n"


def test_cells_from_text_equal_splitting_line_by_line(dev_items):
    texts = [*TEXTS, TABLE_DEBRIS, *(item["text"] for item in dev_items)]
    for text in texts:
        mapped = normalize(text, TABLE_STEPS)
        for start in (0, len(mapped.text) // 3):
            lines = _table_cells.from_text_by_line(text, mapped, start, len(mapped.text))
            assert _cells(item for line in lines.values() for item in line) == cells_line_by_line(text, mapped, start, len(mapped.text))


def test_paragraphs_equal_cutting_each_line_at_headings(dev_items):
    """Paragraph lines as _paragraphs found them before: every line split at the headings
    that start inside it, each piece stripped."""
    for text in [*TEXTS, *(item["text"] for item in dev_items)]:
        report = parse(from_text(text))
        mapped, starts = report.normalized, sorted(h.start for h in headings.find_headings(report.normalized.text))
        lines, offset = [], 0
        for line in mapped.text.split("\n"):
            cuts = [offset] + [h for h in starts if offset < h < offset + len(line)] + [offset + len(line)]
            for start, end in zip(cuts, cuts[1:]):
                piece = mapped.text[start:end]
                if piece.strip():
                    lines.append((start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())))
            offset += len(line) + 1
        if not report_module._wrapped([mapped.text[s:e] for s, e in lines]):
            assert [(p.start, p.end) for p in report.paragraphs] == [mapped.span(s, e) for s, e in lines]
        assert [p.section for p in report.paragraphs] == [report.section_at(p.start) for p in report.paragraphs]
        assert [p.subtopic for p in report.paragraphs] == [
            next((s.key for s in reversed(report.subtopics) if s.start <= p.start < s.end), None) for p in report.paragraphs
        ]


_PUBLISHED_LINE_OPTIONAL_LABEL = re.compile(r"(?P<label>发布|公开|发表|成文|生成|印发|发文|更新)?(?:日期|时间)[ \t]*[:：|]?[ \t|]*")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["发布", "公开", "更新", "日期", "时间", "日", "期", ":", " ", "|", "\n", "2021"]), max_size=20).map("".join))
def test_published_field_pattern_matches_its_optional_label_form(text):
    def fields(pattern):
        return [(m.span(), m["label"]) for m in pattern.finditer(text)]

    assert fields(metadata._PUBLISHED_LINE) == fields(_PUBLISHED_LINE_OPTIONAL_LABEL)


def test_headings_read_from_a_window_of_the_line_equal_those_read_from_the_whole_rest(monkeypatch, dev_items):
    """A page without line breaks is one line: headings read from a window of it (linear) are
    those read from the whole rest of the line at each numeral (quadratic)."""
    texts = [normalize(text).text for text in TEXTS[:30]] + [normalize(item["text"]).text for item in dev_items]
    texts += [text.replace("\n", "") for text in texts] + [text.replace("\n", " ") * 3 for text in texts[:10]]
    windowed = [headings.find_headings(text) for text in texts]
    monkeypatch.setattr(headings, "_window", lambda line, position: line[position:])
    assert windowed == [headings.find_headings(text) for text in texts]
    assert any(len(found) >= 6 for found in windowed[len(texts) // 2 :])  # flattened pages hold headings



_INLINE_ZERO_WIDTH = re.compile(rf"(?<=[。;!?\s])(?=[{headings.NUMERALS}]{{1,2}}、|[(][{headings.NUMERALS}]{{1,2}}[)])")


def inline_starts(pattern: re.Pattern[str], line: str) -> list[int]:
    return [m.end() for m in pattern.finditer(line) if m.end() > 0]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("一二十、()。;!? \t\n文"), max_size=30))
def test_inline_heading_starts_match_their_zero_width_form(line):
    assert inline_starts(headings._INLINE, line) == inline_starts(_INLINE_ZERO_WIDTH, line)


def test_inline_heading_starts_match_their_zero_width_form_on_corpus_reports():
    for text in TEXTS:
        for line in normalize(text).text.split("\n"):
            assert inline_starts(headings._INLINE, line) == inline_starts(_INLINE_ZERO_WIDTH, line)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["- 3 -", "-12-", "第3页", "第 2 页,共 9 页", "共", "\n", " ", "\t", "文", "-", "3"]), max_size=20).map("".join))
def test_page_numbers_found_after_line_breaks_as_at_every_line_start(text):
    assert list(normalize_module._page_numbers(text)) == [m.span() for m in normalize_module._PAGE_NUMBER.finditer(text)]


def test_page_numbers_found_after_line_breaks_as_at_every_line_start_on_corpus_reports():
    for text in TEXTS:
        assert list(normalize_module._page_numbers(text)) == [m.span() for m in normalize_module._PAGE_NUMBER.finditer(text)]


def headings_line_by_line(text: str) -> list:
    """find_headings as it was before short lines were read once per process (e08915e), with
    nothing cached: every line read where it stands, from each place a heading may open."""
    found = []
    lines = text.split("\n")
    last_nonempty = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), -1)
    offset = 0
    for index, line in enumerate(lines):
        if not headings._may_hold_heading(line):
            offset += len(line) + 1
            continue
        inline = [m.end() for m in _INLINE_ZERO_WIDTH.finditer(line) if m.end() > 0]
        starts = [0] + inline
        tried: set[int] = set()
        while starts:
            position = starts.pop(0)
            if position in tried:
                continue
            tried.add(position)
            is_last = index == last_nonempty and bisect.bisect_left(inline, position + 2) == len(inline)
            heading = headings._line_heading(headings._window(line, position), offset + position, is_last)
            if heading:
                found.append(heading)
                starts.insert(0, heading.end - offset)
        offset += len(line) + 1
    return sorted(found, key=lambda h: h.start)


def test_short_lines_read_once_give_the_headings_read_where_they_stand(dev_items):
    texts = [normalize(text).text for text in TEXTS] + [normalize(item["text"]).text for item in dev_items]
    texts += ["一、总体情况\n二、主动公开政府信息情况\n一、总体情况", "(一)主动公开\n三、收到和处理政府信息公开申请情况\n五、存在的主"]
    for text in texts + texts[::-1]:  # each line read once more after other reports
        assert headings.find_headings(text) == headings_line_by_line(text)


def slow_join_wrapped(text, lines):
    """_join_wrapped reading the whole paragraph joined so far for every line, as it did."""
    joined = []
    for start, end in lines:
        if joined:
            previous, current = text[joined[-1][0] : joined[-1][1]], text[start:end]
            if (
                len(previous) >= 15
                and not previous.endswith(report_module._SENTENCE_END)
                and not previous.endswith("报告")
                and "\t" not in previous
                and "\t" not in current
                and not report_module._LIST_START.match(current)
            ):
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return joined


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(st.sampled_from("政府信息公开工作报告。；：\t一、（1）2. "), max_size=25), max_size=20))
def test_wrapped_lines_joined_through_spans_equal_reading_the_paragraph_again(lines):
    text = "\n".join(lines)
    spans, start = [], 0
    for line in lines:
        spans.append((start, start + len(line)))
        start += len(line) + 1
    assert report_module._join_wrapped(text, spans) == slow_join_wrapped(text, spans)
