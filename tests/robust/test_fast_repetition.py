"""The repetition check's shortcuts (tokens read as columns of words, tags and starts, candidate positions found by a
regular-expression search, near-double copies looked for where the first character comes again, a verb's clause read
only when the verb recurs, lines kept as spans, a paragraph's place guessed before bisecting, sentences found with their
numbering by one pattern, list sentences whose segments share no first or last character skipped) give what the slow
way gives: trying every position, every length, every clause and every character, on the corpus reports' narratives
and on copies of them with words, phrases and list items written twice."""
from __future__ import annotations

import bisect
import random
import re
from collections import Counter
from re import _constants as sre
from re import _parser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import nlp
from auditor.checks import repetition as rep
from auditor.parse import parse
from auditor.parse.normalize import Mapped
from auditor.read import from_text, read

ROOT = Path(__file__).resolve().parents[2]
REPORTS = sorted((ROOT / "corpora" / "reports").glob("*.txt"))[::4]


@pytest.fixture(scope="module")
def reports():
    return [parse(read(path)) for path in REPORTS]


@pytest.fixture(scope="module")
def texts(reports):
    """Narratives, each also with 30 stretches written twice, near-twice or as a list item again."""
    rng = random.Random(7)
    out = []
    for report in reports:
        text = rep.narrative(report).text
        out.append(text)
        for _ in range(30):
            i, k = rng.randrange(len(text) - 10), rng.randint(1, 10)
            copy = rng.choice([text[i : i + k], text[i : i + k] + text[i + 1 : i + k], text[i : i + k] + "、"])
            text = text[:i] + copy + text[i:]
        out.append(text)
        verbs = [t for t in nlp.tagged(text) if t[1] == "v" and len(t[0]) >= 2]
        for gap in range(0, 16):  # a verb written again ``gap`` characters after itself
            word, _, _, end = verbs[rng.randrange(len(verbs))]
            out.append(text[: end + gap] + word + text[end + gap :])
    return [(text, nlp.tagged(text)) for text in out]


def slow_narrative(report) -> Mapped:
    """narrative() keeping single characters, as it did."""
    mapped = report.normalized
    text = mapped.text
    keep: list[int] = []
    previous = ""
    for paragraph in report.paragraphs:
        start = bisect.bisect_left(mapped.offsets, paragraph.start, 0, len(text))
        end = bisect.bisect_left(mapped.offsets, paragraph.end, 0, len(text))
        lines = []
        for index in range(start, end):
            if index == start or text[index - 1] == "\n":
                line = text[index:end].split("\n")[0]
                left = index + len(line) - len(line.lstrip())
                if line.strip():
                    lines.append((left, index + len(line.rstrip())))
        for index, line in enumerate(lines):
            stripped = text[line[0] : line[1]]
            if slow_is_table(stripped) or rep._is_chrome(stripped):
                previous = ""
                continue
            wrapped = index > 0 and len(previous) >= rep._rules()["wrap"]["min_line"]
            if keep and not (wrapped or rep._continues(previous, stripped)):
                newline = text.rfind("\n", keep[-1], line[0])
                keep.extend([newline] if newline > 0 else [])
            keep.extend(range(*line))
            previous = stripped
    offsets = tuple(mapped.offsets[i] for i in keep) + (mapped.offsets[len(text)],)
    return Mapped("".join(text[i] for i in keep), offsets)


SENTENCE_PIECE = re.compile(f"[^{rep._SENTENCE_END}\n]+")  # the text between sentence ends


def slow_segments(text, start, end):
    """_segments trimming quotes a character at a time, as it did."""
    out, before, position = [], "", start
    for match in re.compile(f"[{rep._SEPARATORS}]|$").finditer(text, start, end):
        left, right = position, match.start()
        while left < right and text[left] in rep._QUOTES:
            left += 1
        while right > left and text[right - 1] in rep._QUOTES:
            right -= 1
        out.append(rep._Segment(left, right, before, match.group(), text[left:right]))
        before, position = match.group(), match.end()
        if not match.group():
            break
    return out


def segments_equal_the_slow_way(text):
    """The list detector's sentences and segments equal the sentence pieces holding a separator
    and their segments trimmed a character at a time; returns how many segments there were."""
    pieces = [m.span() for m in SENTENCE_PIECE.finditer(text) if re.search(f"[{rep._SEPARATORS}]", m.group())]
    assert [m.span() for m in rep._LIST_SENTENCE.finditer(text)] == pieces
    for start, end in pieces:
        assert rep._segments(text[start:end], start) == slow_segments(text, start, end)
    return sum(len(slow_segments(text, start, end)) for start, end in pieces)


def slow_is_table(line: str) -> bool:
    limits = rep._rules()["table"]
    if "\t" in line or line.count("|") >= limits["bars"]:
        return True
    if any(mark in line for mark in "。，；"):
        return False
    chars = [c for c in rep._LEADERS.sub("", line) if not c.isspace()]
    numeric = sum(1 for c in chars if c.isdigit() or c in ".,%-/+:：")
    return any(c.isdigit() for c in chars) and numeric >= limits["number_share"] * len(chars)


def slow_doubled_words(text, tokens):
    """Every position and every unit size tried in turn."""
    hits, i = [], 0
    holder = [0] * len(text)
    for index, token in enumerate(tokens):
        holder[token[2] : token[3]] = [index] * (token[3] - token[2])
    while i < len(text):
        found = 0
        for size in range(1, rep._rules()["limits"]["max_unit"] + 1):
            j = i + size
            unit = text[i:j]
            if j + size > len(text) or text[j : j + size] != unit or not rep._wordlike(unit) or rep._periodic(unit):
                continue
            if rep._digits_cut(text, i, j + size) or rep._doubling_on_purpose(text, i, size, tokens[holder[i]]):
                continue
            end = j + size  # a run of more copies is one hit
            while text[end : end + size] == unit and not rep._digits_cut(text, i, end + size):
                end += size
            copies = (end - i) // size
            hits.append(rep.Hit("word", i, end, unit, f"word {unit} repeated" if copies == 2 else f"word {unit} written {copies} times"))
            found = end - size - i
            break
        i += found or 1
    return hits


def boundaries(tokens):
    """Where a token starts or ends."""
    return {t[2] for t in tokens} | {t[3] for t in tokens}


def slow_near_double_starts(text, bounds):
    """Token boundaries where a phrase of Chinese characters is followed by its first character."""
    limits = rep._rules()["limits"]
    return sorted(
        i
        for i in bounds
        if i < len(text)
        and any(
            text[i + size : i + size + 1] == text[i] and rep._all_cjk(text[i : i + size])
            for size in range(limits["min_near_double"], limits["max_unit"] + 1)
        )
    )


def slow_overlap(text, a, b, bounds, b_partial=True):
    """_overlap trying every item length from the longest down."""
    for k in range(min(a.end - a.start, b.end - b.start), 0, -1):
        item = text[b.start : b.start + k]
        if text[a.end - k : a.end] != item or not rep._item(item):
            continue
        whole_a, whole_b = k == a.end - a.start, k == b.end - b.start
        if not (whole_a or a.before != "、") or not (whole_b or (b_partial and b.after != "、")) or not (whole_a or whole_b):
            continue
        starts_word = whole_a or a.end - k in bounds or text[a.end - k - 1] in rep._QUOTES
        ends_word = whole_b or b.start + k in bounds or text[b.start + k] in rep._QUOTES
        if starts_word and ends_word:
            return k
    return 0


TABLE_ONLY = "| 项目 | 数量 |\n| 申请 | 12 |\n"


def test_narrative_keeps_the_same_text_and_offsets_as_character_by_character(reports):
    for report in reports + [parse(from_text(TABLE_ONLY))]:
        fast, slow = rep.narrative(report), slow_narrative(report)
        assert (fast.text, fast.offsets) == (slow.text, slow.offsets), report.document.source


def test_narrative_kept_as_spans_maps_back_as_its_offsets_do(reports):
    """The check maps hits back through the kept spans; ``narrative`` lists an offset per character
    (its text is the spans' text by construction: the test above compares it with the slow way)."""
    for report in reports + [parse(from_text(TABLE_ONLY))]:
        view, mapped = rep._narrative(report), rep.narrative(report)
        size = len(view.text)
        assert [view.offset(i) for i in range(size + 1)] == list(mapped.offsets)
        for start, end in [(0, 0), (0, size), (size, size), (size // 2, size // 3), (size // 3, size // 2)]:
            assert view.span(start, end) == mapped.span(start, end)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=30).map(sorted), st.integers(-2, 45), st.integers(0, 29), st.integers(-3, 35), st.integers(-2, 2))
def test_position_tried_at_a_guess_equals_bisecting(offsets, offset, size, guess, miss):
    """Offsets with repeats; a guess anywhere, and one at or next to the answer, as a paragraph's
    shift mostly gives."""
    size = min(size, len(offsets) - 1)  # the text's length: the offsets hold one more, its end's
    answer = bisect.bisect_left(offsets, offset, 0, size)
    assert rep._position(tuple(offsets), size, offset, guess) == answer
    assert rep._position(tuple(offsets), size, offset, answer + miss) == answer


def test_doubled_words_found_by_search_equal_trying_every_position(texts):
    found = 0
    for text, tokens in texts:
        hits = rep._doubled_words(text, rep._tokens(text), rep._recurrences(text))
        assert hits == slow_doubled_words(text, tokens)
        found += len(hits)
    assert found > 100


def near_double_candidates(text, bounds):
    """The positions _near_doubles tries."""
    return [i for i in rep._recurrences(text) if i in bounds and rep._recurring_character().match(text, i)]


def slow_near_doubles(text, bounds):
    """_near_doubles trying every token boundary and every length of the first copy, as it did."""
    hits = []
    limits = rep._rules()["limits"]
    for i in slow_near_double_starts(text, bounds):
        for size in range(limits["min_near_double"], limits["max_unit"] + 1):
            first = text[i : i + size]
            if i + size not in bounds or text[i + size : i + size + 1] != text[i] or not rep._all_cjk(first) or rep._periodic(first):
                continue
            for other in (size + 1, size - 1):
                second = text[i + size : i + size + other]
                end = i + size + other
                if len(second) != other or end not in bounds or not rep._all_cjk(second):
                    continue
                longer, shorter = (second, first) if other > size else (first, second)
                if any(longer[:k] + longer[k + 1 :] == shorter for k in range(1, len(longer) - 1)):
                    hits.append(rep.Hit("word", i, end, first, f"phrase {first} repeated as {second}"))
    return hits


def test_near_doubles_found_where_the_first_character_recurs_equal_trying_every_length(texts):
    found = 0
    for text, tokens in texts:
        bounds = boundaries(tokens)
        hits = rep._near_doubles(text, bounds, rep._recurrences(text))
        assert hits == slow_near_doubles(text, bounds)
        found += len(hits)
    assert found > 100


def test_near_double_candidates_cover_every_boundary_that_could_start_one(texts):
    for text, tokens in texts:
        bounds = boundaries(tokens)
        assert near_double_candidates(text, bounds) == slow_near_double_starts(text, bounds)


def test_recurrences_hold_every_position_a_doubled_unit_starts_at(texts):
    for text, _ in texts:
        doubled = [m.start() for m in rep._doubled_unit().finditer(text)]
        assert [i for i in rep._recurrences(text) if rep._doubled_unit().match(text, i)] == doubled


def test_list_sentences_and_segments_found_by_search_equal_trimming_by_hand(texts):
    assert sum(segments_equal_the_slow_way(text) for text, _ in texts) > 1000
    assert segments_equal_the_slow_way(" “谁公开”、 、“”，(谁审查)；「」\n、,a、") == 9


def test_list_item_overlap_equals_trying_every_length(texts):
    pairs = 0
    for text, tokens in texts:
        bounds = boundaries(tokens)
        for sentence in SENTENCE_PIECE.finditer(text):
            segments = rep._segments(sentence.group(), sentence.start())
            for a, b in zip(segments, segments[1:]):
                for partial in (True, False):
                    k = slow_overlap(text, a, b, bounds, partial)
                    assert rep._overlap(text, a, b, bounds, partial) == k
                pairs += 1
    assert pairs > 1000


def slow_list_items(text, bounds):
    """_list_items trying every pair of segments of every sentence piece with a separator, as it did."""
    hits = []
    for sentence in rep._LIST_SENTENCE.finditer(text):
        start, end = sentence.span()
        segments = slow_segments(text, start, end)
        for a, b in zip(segments, segments[1:]):
            if a.after != "、" and a.before == "、" and b.after == "、":
                continue
            k = rep._overlap(text, a, b, bounds, b_partial=a.after == "、")
            if k:
                hits.append(rep._item_hit(text, a.end - k, b.start + k, text[b.start : b.start + k]))
        if text.count("、", start, end) >= 2:
            hits.extend(slow_far_items(text, segments, bounds))
    return hits


def slow_far_items(text, segments, bounds):
    """_far_items trying every pair of a run within the window."""
    hits, run = [], []
    for segment in segments + [None]:
        if segment is not None and (not run or run[-1].after == "、"):
            run.append(segment)
            continue
        for index, later in enumerate(run):
            for earlier in run[max(index - rep._rules()["limits"]["far_items"], 0) : max(index - 1, 0)]:
                k = rep._overlap(text, earlier, later, bounds)
                if k:
                    hits.append(rep._item_hit(text, earlier.end - k, later.start + k, text[later.start : later.start + k]))
                    break
        run = [segment] if segment is not None else []
    return hits


def test_list_items_skipping_sentences_without_a_shared_first_or_last_character_equal_trying_all(texts):
    found = 0
    for text, tokens in texts:
        hits = rep._list_items(text, boundaries(tokens))
        assert hits == slow_list_items(text, boundaries(tokens))
        found += len(hits)
    assert found > 50


OLD_SENTENCE = re.compile(f"(?<![^{rep._SENTENCE_END}\n])[^{rep._SENTENCE_END}\n]+[{rep._SENTENCE_END}]")
OLD_NUMBERING = re.compile(r"^(?:[-•·●*]\s*)?(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}是|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．)）])?\s*")


def slow_unit(text, start, end):
    """A sentence or paragraph: its span after white space and numbering, and its key."""
    raw = text[start:end]
    numbering = OLD_NUMBERING.match(raw.lstrip())
    start += len(raw) - len(raw.lstrip()) + (numbering.end() if numbering else 0)
    return start, end, "".join(text[start:end].split())


def slow_far(units, kind, smallest, templates):
    hits, seen = [], {}
    written = Counter(key for _, _, key in units)
    for start, end, key in units:
        if written[key] < 2 or rep._size(key) < smallest or key.rstrip(rep._SENTENCE_END) in templates:
            continue
        if key not in seen:
            seen[key] = (start, end)
        else:
            hits.append(rep.Hit(kind, start, end, key, f"{kind} {rep._short(key)} repeated", seen[key]))
    return hits


def slow_sentences(text):
    """_sentences finding each sentence, then its numbering, then its key, for every sentence and
    paragraph, as it did."""
    limits, templates = rep._rules()["limits"], set(rep._rules()["template"]["sentences"])
    sentences = [slow_unit(text, *match.span()) for match in OLD_SENTENCE.finditer(text)]
    hits = []
    for (a_start, a_end, _), (b_start, b_end, b_key) in zip(sentences, sentences[1:]):
        copy = text[b_start:b_end]
        if text[a_start:a_end].endswith(copy) and not text[a_end:b_start].strip() and rep._size(b_key) >= limits["min_sentence"]:
            hits.append(rep.Hit("sentence", a_end - len(copy), b_end, b_key, f"sentence {rep._short(b_key)} repeated"))
    hits += slow_far(sentences, "sentence", limits["min_far_sentence"], templates)
    paragraphs, position = [], 0
    for line in text.split("\n"):
        if re.search(f"[{rep._SENTENCE_END}]", line):
            paragraphs.append(slow_unit(text, position, position + len(line)))
        position += len(line) + 1
    return hits + slow_far(paragraphs, "paragraph", limits["min_paragraph"], templates)


# The categories a character class may hold, as patterns.
CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}


def read_by(pattern: str, candidates: str) -> set[str]:
    """The characters of ``candidates`` that a literal or character class of ``pattern`` reads,
    found in the parsed pattern: every branch and optional part counts, whether a match takes it or not."""

    def in_class(char, members):
        negated = members[0][0] is sre.NEGATE
        listed = any(
            (op is sre.LITERAL and ord(char) == value)
            or (op is sre.RANGE and value[0] <= ord(char) <= value[1])
            or (op is sre.CATEGORY and re.fullmatch(CATEGORIES[value], char) is not None)
            for op, value in members[negated:]
        )
        return listed != negated

    def reads(char, items):
        for op, value in items:
            if op is sre.LITERAL:
                found = ord(char) == value
            elif op is sre.IN:
                found = in_class(char, value)
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                found = reads(char, value[2])
            elif op is sre.SUBPATTERN:
                found = reads(char, value[-1])
            elif op is sre.BRANCH:
                found = any(reads(char, branch) for branch in value[1])
            else:
                raise ValueError(f"read_by does not know {op}")  # a new construct must not pass unread
            if found:
                return True
        return False

    parsed = _parser.parse(pattern)
    return {char for char in candidates if reads(char, parsed)}


def test_numbering_reads_no_sentence_end():
    """_SENTENCE reads a sentence's numbering without stopping at a sentence end, which equals
    finding the sentence first only while no character the numbering reads ends a sentence."""
    assert read_by(rep._NUMBERING_PATTERN, ".．)）、 1一是") == set(".．)）、 1一是")  # read_by sees them
    assert read_by(rep._NUMBERING_PATTERN, rep._SENTENCE_END) == set()


def test_sentences_with_their_numbering_found_by_one_pattern_equal_finding_the_numbering_after(texts):
    found = 0
    for text, _ in texts:
        hits = rep._sentences(text)
        assert hits == slow_sentences(text)
        found += len(hits)
    assert found > 10
    text = "一、 资金使用情况。资金使用情况。\n  1.资金使用情况。\n(三)资金。\n 。资金。\n"
    text += "一是进一步加强政府信息公开平台的建设和管理工作。\n- 2.进一步加强政府信息 公开平台的建设和管理工作。\n二是 进一步加强政府信息公开平台的建设和管理工作。"
    assert [hit.kind for hit in rep._sentences(text)] == ["sentence", "sentence", "sentence", "paragraph", "paragraph"]
    assert rep._sentences(text) == slow_sentences(text)


def slow_clause_slips(text, tokens):
    """_clause_slips reading every clause and every word of it, as it did."""
    rules = rep._rules()
    clause_rules, markers, conjunctions = rules["clause"], set(rules["frames"]["markers"]), set(rules["frames"]["conjunctions"])
    starts = [t[2] for t in tokens]
    hits = []
    for clause in rep._CLAUSE.finditer(text):
        first = bisect.bisect_left(starts, clause.start())
        words = [t for t in tokens[first : bisect.bisect_left(starts, clause.end())] if t[3] <= clause.end()]
        for index, (word, tag, start, end) in enumerate(words):
            if tag not in clause_rules["tags"] or len(word) < clause_rules["min_chars"] or not rep._all_cjk(word):
                continue
            follower = words[index + 1] if index + 1 < len(words) else None
            if follower is None or not rep._predicate(words, index, clause_rules):
                continue
            for later in range(index + 3, len(words)):
                other = words[later]
                if other[2] - end > clause_rules["max_gap"]:
                    break
                if other[0] != word:
                    continue
                before, opener = words[later - 1][0], words[index - 1][0] if index else ""
                if before in conjunctions or (before in markers and opener in markers):
                    break
                stop, phrase = other[3], word
                if later + 1 < len(words) and index + 1 < later and words[later + 1][0] == follower[0] and follower[0] in clause_rules["particles"]:
                    stop, phrase = words[later + 1][3], word + words[index + 1][0]
                hits.append(rep.Hit("clause", start, stop, phrase, f"{phrase} repeated in one clause"))
                break
    return hits


def test_clause_slips_equal_reading_every_clause(texts):
    found = 0
    for text, tokens in texts:
        hits = rep._clause_slips(text, rep._tokens(text))
        assert hits == slow_clause_slips(text, tokens)
        found += len(hits)
    assert found > 0


def slow_find_repetitions(text, tokens):
    """find_repetitions running every detector over the whole text and its tokens, as it did."""
    bounds = boundaries(tokens)
    return rep._outermost(
        slow_doubled_words(text, tokens)
        + rep._doubled_year_digits(text)
        + slow_near_doubles(text, bounds)
        + slow_list_items(text, bounds)
        + rep._clause_slips(text, rep._tokens(text))
        + slow_sentences(text)
    )


def test_token_columns_are_the_tagged_tokens(texts):
    for text, tokens in texts:
        columns = rep._tokens(text)
        assert list(zip(columns.words, columns.tags, columns.starts, columns.starts[1:])) == tokens
        assert [columns.token_at(i) for i in range(len(text))] == [token for token in tokens for _ in token[0]]


def test_find_repetitions_finds_what_the_slow_detectors_find(texts):
    found = 0
    for text, tokens in texts:
        hits = rep.find_repetitions(text)
        assert hits == slow_find_repetitions(text, tokens)
        found += len(hits)
    assert found > 100


# Short texts of a few words and separators repeat words and characters far more often than
# reports do, so every candidate that the searches could skip comes up.
_PIECES = st.lists(st.sampled_from(["加强", "了", "与", "部门", "沟通", "公开", "谁", "审查", "县", "县政府", "资金", "2020", "年", "、", "，", "。", "\n", "“", "”", " ", "一是", "1.", "(二)"]), max_size=30)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_PIECES)
def test_detectors_equal_the_slow_way_on_short_repetitive_texts(pieces):
    text = "".join(pieces)
    tokens = nlp.tagged(text)
    bounds = boundaries(tokens)
    assert rep._doubled_words(text, rep._tokens(text), rep._recurrences(text)) == slow_doubled_words(text, tokens)
    assert rep.find_repetitions(text) == slow_find_repetitions(text, tokens)
    assert rep._near_doubles(text, bounds, rep._recurrences(text)) == slow_near_doubles(text, bounds)
    assert rep._clause_slips(text, rep._tokens(text)) == slow_clause_slips(text, tokens)
    assert rep._list_items(text, bounds) == slow_list_items(text, bounds)
    assert rep._sentences(text) == slow_sentences(text)
    segments_equal_the_slow_way(text)
    assert near_double_candidates(text, bounds) == slow_near_double_starts(text, bounds)
    assert [i for i in rep._recurrences(text) if rep._doubled_unit().match(text, i)] == [m.start() for m in rep._doubled_unit().finditer(text)]
    for sentence in SENTENCE_PIECE.finditer(text):
        segments = rep._segments(sentence.group(), sentence.start())
        for a, b in zip(segments, segments[1:]):
            k = slow_overlap(text, a, b, bounds)
            assert rep._overlap(text, a, b, bounds) == k
