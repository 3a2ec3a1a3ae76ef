"""The year a report covers, its era, issuing body, kind of body and publication date."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .. import data
from ..errors import DataError
from .normalize import CJK, Mapped

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_TITLE_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})[ \t]*年度?[^。\n]{0,24}?(?:政府信息公开|政务公开|信息公开)[^。\n]{0,12}?(?:年度)?(?:工作)?(?:年度)?报告")
_PERIOD_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})[ \t]*年[ \t]*1[ \t]*月[ \t]*1[ \t]*日")
# In a sentence, a report title is this report when announced ("现公布XX2022年…报告"), an
# earlier one when said to be published ("公开了…2019年度信息公开工作报告").
_ANNOUNCED = re.compile(r"(?:现(?:予以)?公布|现发布|向社会公布|现面向社会公开|现将|编制(?:了|并公布)?|制定|形成了?)[^,，、]*$")
_PUBLISHED_EARLIER = re.compile(r"(?:公开|发布|公布|更新)了")
_ANY_YEAR = re.compile(r"(?<!\d)(?P<year>20[0-3]\d)[ \t]*年")

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[ \t]*[年\-/.][ \t]*(?P<m>\d{1,2})[ \t]*[月\-/.][ \t]*(?P<d>\d{1,2})[ \t]*日?")
_CN_DATE = re.compile(r"(?P<y>[〇零○O一二三四五六七八九]{4})[ \t]*年[ \t]*(?P<m>[一二三四五六七八九十]{1,3})[ \t]*月[ \t]*(?P<d>[一二三四五六七八九十]{1,3})[ \t]*日")
# A page field holding the date; the label tells how sure it is the publication date.
# Written as alternatives that each open with a character, rather than an optional label,
# so that the regex engine skips to the characters that can open a field.
_PUBLISHED_LINE = re.compile(r"(?:(?P<label>发布|公开|发表|成文|生成|印发|发文|更新)(?:日期|时间)|日期|时间)[ \t]*[:：|]?[ \t|]*")
_FIELD_WORDS = ("日期", "时间")  # every page field of _PUBLISHED_LINE holds one; a label is the two characters before it
_PUBLISHED_RANK = {"发布": 0, "公开": 0, "发表": 0, "": 1, "成文": 2, "生成": 2, "印发": 2, "发文": 2, "更新": 3}
# A date alone under the title, or followed by a time or another page field.
_DATE_LINE = re.compile(
    r"(?m)^[ \t•]*(?P<date>(?P<y>(?:19|20)\d{2})[ \t]*[年\-/.][ \t]*(?P<m>\d{1,2})[ \t]*[月\-/.][ \t]*(?P<d>\d{1,2})[ \t]*日?)"
    r"(?=[ \t]*(?:$|\d{1,2}:\d{2}|来源|发布|作者|浏览|点击))"
)


def find_year(text: str) -> int | None:
    """The year the report covers: from its title, else its statistics period, else the commonest year.

    A title quoted inside a sentence is this report only when announced (现公布XX2022年…报告);
    "公开了…2019年度信息公开工作报告" says last year's was published, so it tells the year after.
    """
    head = text[:1500]
    published_before = None
    for match in _TITLE_YEAR.finditer(head):
        line = head[head.rfind("\n", 0, match.start()) + 1 : match.start()]
        sentence = re.split(r"[。;；]", line)[-1]
        if not re.search(r"[,，、]|及$|和$", sentence) or _ANNOUNCED.search(sentence):
            return int(match["year"])
        if published_before is None and _PUBLISHED_EARLIER.search(sentence):
            published_before = int(match["year"]) + 1
    match = _PERIOD_YEAR.search(head)
    if match:
        return int(match["year"])
    match = _CN_TITLE_YEAR.search(head)
    if match:
        return _cn_number(match["year"])
    if published_before is not None:
        return published_before
    years = [int(m["year"]) for m in _ANY_YEAR.finditer(head)]
    if years:
        return max(set(years), key=years.count)
    return None


_CN_TITLE_YEAR = re.compile(r"(?P<year>[〇零○一二三四五六七八九]{4})[ \t]*年度?[^。\n]{0,20}?(?:政府信息公开|政务公开)")


def _cn_number(digits: str) -> int | None:
    """二〇二一 -> 2021, 十二 -> 12, 二十五 -> 25; None for anything else (一二, 十十)."""
    if len(digits) == 4 and all(char in _CN_DIGITS for char in digits):
        return int("".join(str(_CN_DIGITS[char]) for char in digits))
    tens, ten, units = digits.partition("十")
    if not ten:
        return _CN_DIGITS.get(digits) if len(digits) == 1 else None
    if len(tens) > 1 or len(units) > 1 or any(char not in _CN_DIGITS for char in tens + units):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


FIRST_FORMAT_YEAR = 2019  # 国办公开办函〔2019〕60号: the six-section format, from reports for 2019


def find_era(year: int | None, text: str) -> str | None:
    """The report format: "2019" (trial format, reports for 2019-2020), "2021", or None.

    Reports for years before 2019 follow older, looser formats: None, and they are not held
    to the catalogue (see Requirement.required_for and the structure check).  Without a year,
    the statistics tables' labels tell the format.
    """
    if year is not None:
        if year < FIRST_FORMAT_YEAR:
            return None
        return "2019" if year <= 2020 else "2021"
    from .tables import specs  # the tables' own era markers (data/tables.toml), for the whole text

    for era in ("2021", "2019"):
        if any(marker in text for spec in specs().values() for marker in getattr(spec, f"era_{era}")):
            return era
    return None


# The issuing body.  Candidates come from several places of a report, each with a rank
# (lower is more trusted); the best one is then widened to a fuller spelling of the same
# name found in a trusted place ("建章路街道" in the title, "由建章路街道办事处编制" in the preamble).
_YEAR = r"(?:(?:19|20)\d{2}|[〇零○O一二三四五六七八九]{4})"
_NAME = f"[{CJK}()]"
_GAP = r"[ \t]*\n?[ \t]*"
# What may follow the name in a title: white space, 关于 or the year's first digit.  The
# look-ahead changes no match; it spares trying the rest of the title after each character.
_BEFORE_YEAR = "(?=[ \\t\\n关12〇零○O一二三四五六七八九])"
# A title ends with this word: it is searched only in the sentences that hold it (see _matches).
_REPORT_WORD = "报告"
_REPORT_TAIL = r"[^\n。《》]{0,16}?\n?[^\n。《》]{0,6}?" + _REPORT_WORD + r"(?!编制|有关|发布|格式|的通知|工作的通知)"
# A "mention" is a title written inside a sentence ("…完成XX2024年政府信息公开年度报告").
_RANKS = {"title": 1, "signature": 2, "preamble": 3, "field": 4, "line": 5, "clause": 6, "mention": 6, "guide": 6, "contact": 7}
_WIDENED_BY = {"title", "signature", "preamble", "field", "line"}  # where a fuller spelling may come from
_HEAD = 1500  # titles, page fields and the preamble stand in the first characters
_BODY = 2500  # a sentence of 总体情况 opened by the body's name


@dataclass(frozen=True)
class _Candidate:
    name: str
    start: int
    end: int
    source: str

    @property
    def rank(self) -> int:
        return _RANKS[self.source]


@lru_cache(maxsize=None)
def _org_spec() -> dict:
    return data.toml("organization.toml")


@lru_cache(maxsize=None)
def _org_patterns() -> dict[str, re.Pattern]:
    spec = _org_spec()
    start = f"(?<![{CJK}()])"  # a name starts where a run of name characters starts
    report = spec["title"]["report"]
    paren = r"(?:\([^()\n]{0,24}\))?"
    date = re.sub(r"\?P<\w+>", "?:", f"{_DATE.pattern}|{_CN_DATE.pattern}")  # without its group names
    predicates = "|".join(sorted(map(re.escape, spec["clause"]["predicates"]), key=len, reverse=True))
    patterns = {
        # XX[关于]2020年度[的]政府信息公开工作年度报告 (the year may open the next line)
        "title": re.compile(
            f"(?m){start}(?P<org>{_NAME}{{2,40}}?){_BEFORE_YEAR}{_GAP}(?:关于)?[ \\t]*{_YEAR}[ \\t]*(?:年度?)?[ \\t]*(?:的)?{_GAP}"
            f"(?:本级)?(?:政府)?\\n?{report}{_REPORT_TAIL}"
        ),
        # 2020年XX政府信息公开工作年度报告
        "title_year_first": re.compile(
            f"(?m)(?<!\\d){_YEAR}[ \\t]*年度?[ \\t]*(?P<org>{_NAME}{{2,40}}?)[ \\t]*{report}{_REPORT_TAIL}"
        ),
        # 现公布XX2020年…报告 / 编制了2019年XX…报告 / 现将XX(以下简称…)2020年度…情况报告如下
        "announce": re.compile(
            f"{spec['preamble']['announce']}[ \\t]*《?[ \\t]*(?:{_YEAR}[ \\t]*年度?[ \\t]*(?P<org>{_NAME}{{2,40}}?)"
            f"|(?P<org2>{_NAME}{{2,40}}?)[ \\t]*{paren}[ \\t]*{_YEAR}[ \\t]*年度?)[ \\t]*(?:的)?{report}{_REPORT_TAIL}"
        ),
        # 由XX编制 / 由XX(以下简称…)结合…编制
        "compiled_by": re.compile(f"由[ \\t]*(?P<org>{_NAME}{{2,40}}?)[ \\t]*{paren}[ \\t]*{spec['preamble']['compiled_by']}"),
        # XX编制了2019年…报告 (the body opens the clause)
        "compiles": re.compile(
            f"(?m)(?:^|[,，。;；:：])[ \\t]*(?P<org>{_NAME}{{2,40}}?)[ \\t]*{spec['preamble']['compiles']}[^。\\n]{{0,12}}?(?:{_YEAR}|报告)"
        ),
        "field": re.compile(f"{spec['fields']['labels']}[ \\t]*[:：]?[ \\t|]*(?P<org>{_NAME}{{2,40}})"),
        "line": re.compile(f"(?m)^[ \\t•|]*(?P<org>{_NAME}{{3,40}})[ \\t|]*$"),
        # 2021年,XX局认真贯彻… / 2025年XX局根据…
        "clause": re.compile(f"(?m)(?:^|[,，。;；:：、 ]|{_YEAR}年度?(?:以来)?)[ \\t]*(?P<org>{_NAME}{{2,30}}?)(?={predicates})"),
        # 《XX信息公开指南》, 《2019年度XX人民政府信息公开目录》
        "guide": re.compile(f"《(?:{_YEAR}年度?)?(?P<org>{_NAME}{{2,40}}?)(?:政府)?信息公开(?:指南|目录)》"),
        "contact": re.compile(spec["contact"]["pattern"]),
        "signature": re.compile(f"(?m)^[ \\t]*(?P<org>{_NAME}{{3,40}})[ \\t]*(?P<date>{date})?[ \\t]*$"),
        "date_line": re.compile(f"^[ \\t]*(?:{date})[ \\t]*$"),
        "office": re.compile(f"{_NAME}{{0,{spec['name']['office_tail_length']}}}?{spec['name']['office_tail']}"),
        # any of a list of words: a name holding none of them is spared the search for each
        "field_stops": _any_of(spec["name"]["field_stops"]),
        "clutter": _any_of(spec["name"]["navigation"] + spec["name"]["cut_after"]),
        "bad_words": _any_of(spec["name"]["bad_words"]),
        "generic": re.compile(spec["name"]["generic"]),
        # words that every match of a place holds (see _SENTENCE_WORDS)
        "report_word": re.compile(_REPORT_WORD),
        "compiles_word": re.compile(spec["preamble"]["compiles"]),
    }
    for key, _, _ in _TRUSTED_PLAN + _WEAK_PLAN:  # _candidates reads the body's name from the group org
        if "org" not in patterns[key].groupindex:
            raise DataError(
                "E032", path=str(data.path("organization.toml")), rule=key, pattern=patterns[key].pattern,
                reason="has no group (?P<org>…) holding the body's name",
            )
    return patterns


def _any_of(words: list[str]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def _trim(name: str) -> tuple[int, int]:
    """The part of a raw match that can be a body's name, as (start, end) inside it."""
    spec = _org_spec()["name"]
    patterns = _org_patterns()
    lo, hi = 0, len(name)
    if patterns["field_stops"].search(name):
        for word in spec["field_stops"]:  # a page field glued on after the name
            at = name.find(word, lo)
            if at > 0:
                hi = min(hi, at)
    if patterns["clutter"].search(name):
        for word in spec["navigation"] + spec["cut_after"]:  # clutter before the name
            at = name.rfind(word, lo, hi)
            if at >= 0:
                lo = max(lo, at + len(word))
    while True:
        part = name[lo:hi]
        if part.startswith(("《", "关于")):
            lo += 1 if part.startswith("《") else 2
        elif part.startswith("("):
            close = part.find(")")
            lo += close + 1 if close > 0 else 1
        elif part.endswith(")") and "(" in part:
            hi = lo + part.rindex("(")
        elif part.endswith(("关于", "》")):
            hi -= 2 if part.endswith("关于") else 1
        else:
            return lo, hi


def _is_name(name: str) -> bool:
    spec = _org_spec()["name"]
    if not 2 <= len(name) <= 40 or "(" in name or ")" in name:
        return False
    if name.startswith(tuple(spec["bad_starts"])) or _org_patterns()["bad_words"].search(name):
        return False
    if _org_patterns()["generic"].match(name):
        return False
    return any(name.endswith(suffix) and len(name) > len(suffix) for suffix in spec["suffixes"])


def _candidate(text: str, start: int, end: int, source: str, office: bool = False) -> _Candidate | None:
    lo, hi = _trim(text[start:end])
    start, end = start + lo, start + hi
    if text[start:end].endswith("人民") and text.startswith("政府", end):
        end += 2  # 2019年XX区人民政府信息公开…: 政府 belongs to the name
    name = text[start:end]
    if office:
        end = start + len(_without_office(name))
        name = text[start:end]
    return _Candidate(name, start, end, source) if _is_name(name) else None


def _without_office(name: str) -> str:
    """XX局办公室 -> XX局: the office named in a contact line is part of the body."""
    office = _org_patterns()["office"]
    for cut in range(len(name) - 1, 0, -1):  # the shortest office first
        tail, rest = name[cut:], name[:cut]
        if not office.fullmatch(tail) or (rest.endswith("政府") and tail.startswith("办公")):
            continue
        if _is_name(rest):
            return rest
    return name


def _signature(text: str) -> _Candidate | None:
    """The body signing at the end: its name, then the date on the same or the next line."""
    patterns = _org_patterns()
    tail_start = max(0, len(text) - _org_spec()["signature"]["tail"])
    tail_start = text.find("\n", tail_start) + 1 if tail_start else 0
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text[tail_start:]) if m.group().strip()]
    for index in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        offset, line = lines[index]
        match = patterns["signature"].fullmatch(line)
        after = [rest for _, rest in lines[index + 1 :]]
        if not match:
            continue
        dated = match["date"] is not None or (after and patterns["date_line"].match(after[0]))
        if dated and all(len(rest.strip()) <= 20 for rest in after):
            start = tail_start + offset + match.start("org")
            found = _candidate(text, start, start + len(match["org"]), "signature")
            if found:
                return found
    return None


# Where candidates are looked for: (pattern, source, window length), the trusted places first.
_TRUSTED_PLAN = (
    ("title", "title", _HEAD), ("title_year_first", "title", _HEAD), ("announce", "preamble", _HEAD),
    ("compiled_by", "preamble", _HEAD), ("compiles", "preamble", _HEAD), ("field", "field", _HEAD),
    ("line", "line", _HEAD),
)
_TITLES = 2  # the first places of _TRUSTED_PLAN are titles
_WEAK_PLAN = (("clause", "clause", _BODY), ("guide", "guide", _BODY), ("contact", "contact", _HEAD))


# Places whose matches hold no "。" (but as their first character; the fragments of
# organization.toml they are built of never match one: tested) and always hold a match of a
# word: only the sentences that hold the word are searched (see _matches).
_SENTENCE_WORDS = {"title": "report_word", "title_year_first": "report_word", "compiles": "compiles_word"}


def _matches(key: str, text: str) -> Iterator[re.Match]:
    """``_org_patterns()[key].finditer(text)``; the places of ``_SENTENCE_WORDS`` are searched
    only in the sentences that hold their word, which spares the regex engine most of the head.

    Equivalent: such a match lies in one stretch from a "。" (or the start) to the next "。",
    and that stretch holds its word.  A stretch is searched up to and with its closing "。":
    a look-ahead that reads it fails there as in the whole text, since none reads a "。".
    """
    patterns = _org_patterns()
    if key not in _SENTENCE_WORDS:
        yield from patterns[key].finditer(text)
        return
    end = 0
    for word in patterns[_SENTENCE_WORDS[key]].finditer(text):
        if word.start() < end:
            continue  # its sentence was searched
        start = max(text.rfind("。", 0, word.start()), 0)
        end = text.find("。", word.end())
        end = len(text) if end < 0 else end + 1
        yield from patterns[key].finditer(text, start, end)


def _candidates(text: str, plan: tuple[tuple[str, str, int], ...], holding: str | None = None) -> list[_Candidate]:
    """The candidates of the places in ``plan``; with ``holding``, only those whose name may
    hold it (a name is part of its match, or reaches two characters beyond: 人民|政府)."""
    found: list[_Candidate] = []
    for key, source, length in plan:
        for match in _matches(key, text[:length]):
            group = "org" if match["org"] else "org2"  # every place has org (see _org_patterns); one with two spellings names one
            if holding is not None and holding not in text[match.start(group) : match.end(group) + 2]:
                continue
            office = key in ("compiled_by", "contact")  # 由XX局办公室编制, 请与XX局办公室联系
            candidate = _candidate(text, match.start(group), match.end(group), source, office)
            if candidate and source == "title" and _in_sentence(text, match.start()):
                candidate = _Candidate(candidate.name, candidate.start, candidate.end, "mention")
            if candidate:
                found.append(candidate)
    return found


def _in_sentence(text: str, start: int) -> bool:
    """Whether a name at ``start`` stands inside a sentence rather than opening a title line."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    return bool(re.search(r"[,，。;；]", line)) or bool(line) and bool(re.match(f"[{CJK}]", line[-1]))


def find_organization(text: str) -> tuple[str, int, int] | None:
    """The issuing body as named in ``text`` (normalised), with its offsets.

    In order of trust: the title line (after page clutter), the signature at the end, the
    preamble (现公布XX2020年…, 由XX编制), page fields (发布机构:XX), a line holding only a
    name, a sentence opened by the name (2021年,XX局认真…) or a guide's title, a contact
    line.  The best is widened to a fuller spelling of the same name: the signature's
    ("西湖镇" -> "西湖镇人民政府"), else one from the title, preamble or page fields
    ("次邱镇人民政府" -> "汶上县次邱镇人民政府").
    """
    candidates = _candidates(text, _TRUSTED_PLAN[:_TITLES])
    titled = [c for c in candidates if c.rank == _RANKS["title"]]
    # A title names the best candidate (no place ranks higher); the other places can then
    # only widen it, and a name that does not hold it widens nothing (see _widens).
    holding = min(titled, key=lambda c: c.start).name if titled else None
    candidates += _candidates(text, _TRUSTED_PLAN[_TITLES:], holding)
    signature = _signature(text)
    if signature:
        candidates.append(signature)
    if not any(c.rank < _RANKS["clause"] for c in candidates):
        # Only then can the weaker places count: beside a trusted candidate they are never
        # the best and never widen it (see _widens), so they are not searched.
        candidates += _candidates(text, _WEAK_PLAN)
    if not candidates:
        return None
    best = min(candidates, key=lambda c: (c.rank, c.start))
    fuller = [c for c in candidates if _widens(best, c)]
    if signature in fuller:  # how the body signs is how it spells itself in full
        best = signature
    elif fuller:
        best = max(fuller, key=lambda c: (len(c.name), -c.rank, -c.start))
    return best.name, best.start, best.end


def _widens(found: _Candidate, other: _Candidate) -> bool:
    """Whether ``other`` spells the body of ``found`` more fully (see organization.toml [widen])."""
    spec = _org_spec()["widen"]
    if other.source not in _WIDENED_BY and found.rank < _RANKS["clause"]:
        return False
    short, long = found.name, other.name
    if short not in long or not len(short) < len(long) <= len(short) + spec["longest"]:
        return False
    before, _, after = long.partition(short)
    if after and after not in spec["endings"]:
        return False
    if not before:
        return True
    if re.match(spec["bare_region"], short):  # 县民政局 -> 泰顺县民政局
        return True
    if not re.search(spec["region"], before):
        return False
    return bool(re.search(spec["town"], short)) or (found.rank >= _RANKS["clause"] and not re.search(spec["placed"], short))


def as_written(original: str, mapped: Mapped, start: int, end: int) -> str:
    """The characters of ``original`` behind the normalised slice [start, end).

    Traditional characters and full-width forms come back as written; what normalisation
    dropped inside the slice (pinyin annotations, spaces of PDF extraction) stays out.
    """
    return "".join(original[mapped.offsets[index]] for index in range(start, end))


@lru_cache(maxsize=None)
def _levels() -> list[tuple[str, re.Pattern]]:
    return [(entry["kind"], re.compile(entry["pattern"])) for entry in data.toml("deadlines.toml")["level"]]


def find_level(organization: str | None, text: str | None = None) -> str | None:
    """The kind of body (government, department, town) that decides the deadline.

    Read from the body's name; without one, from how the text refers to itself (我镇, 我局).
    """
    if organization:
        for kind, pattern in _levels():
            if pattern.search(organization):
                return kind
        return None
    if not text:
        return None
    counts = {kind: len(re.findall(pattern, text)) for kind, pattern in data.toml("deadlines.toml")["self_reference"].items()}
    kind, count = max(counts.items(), key=lambda item: item[1])
    return kind if count else None


def _date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _published_fields(text: str) -> Iterator[re.Match]:
    """``_PUBLISHED_LINE.finditer(text)``, tried only where a field can start: at each 日期 or
    时间 (``str.find`` skips to them faster than the regex engine's search) and two characters
    before it (a label).  A match at the word itself always succeeds, so the label's place,
    tried first, is the leftmost one that can."""
    words = sorted(at for word in _FIELD_WORDS for at in _find_all(text, word))
    end = 0
    for at in words:
        for start in (at - 2, at):
            if start >= max(end, 0):  # at - 2 is before the text when a word opens it
                match = _PUBLISHED_LINE.match(text, start)
                if match:
                    yield match
                    end = match.end()
                    break


def _find_all(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def find_published(text: str, year: int | None) -> tuple[dt.date, int, int] | None:
    """The publication date and its offsets.

    From the page fields saved with the report (发布日期, 发布时间, 公开日期; a bare 日期 or 时间
    next; 成文日期 and 更新时间 last), else a date line under the title, else the signature
    date at the end.  A date in or before the year covered is no publication date (a site's
    clock, a statistics period).
    """
    def plausible(date: dt.date | None) -> bool:
        return date is not None and (year is None or year < date.year <= year + 3)

    labelled = []
    for line in _published_fields(text):
        match = _DATE.match(text, line.end())
        date = _date(int(match["y"]), int(match["m"]), int(match["d"])) if match else None
        if plausible(date):
            labelled.append((_PUBLISHED_RANK.get(line["label"] or "", 1), match.start(), date, match.end()))
    if labelled:
        _, start, date, end = min(labelled)
        return date, start, end
    for match in _DATE_LINE.finditer(text, 0, 1500):
        date = _date(int(match["y"]), int(match["m"]), int(match["d"]))
        if plausible(date):
            return date, match.start("date"), match.end("date")
    tail_start = max(0, len(text) - 400)
    candidates = []
    for match in _DATE.finditer(text, tail_start):
        date = _date(int(match["y"]), int(match["m"]), int(match["d"]))
        if plausible(date):
            candidates.append((date, match.start(), match.end()))
    for match in _CN_DATE.finditer(text, tail_start):
        date = _date(_cn_number(match["y"]), _cn_number(match["m"]), _cn_number(match["d"]))
        if plausible(date):
            candidates.append((date, match.start(), match.end()))
    if candidates:
        return max(candidates, key=lambda c: c[1])
    return None


def deadline(year: int | None, level: str | None, deadlines: dict[str, str] | None = None) -> dt.date | None:
    if year is None or level is None:
        return None
    table = deadlines or data.toml("deadlines.toml")["deadlines"]
    if level not in table:
        return None
    month, day = (int(part) for part in table[level].split("-"))
    return dt.date(year + 1, month, day)
