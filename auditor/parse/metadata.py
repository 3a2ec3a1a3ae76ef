"""The year a report covers, its era, issuing body, kind of body and publication date."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .. import data

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_TITLE_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})[ \t]*年度?[^。\n]{0,24}?(?:政府信息公开|政务公开|信息公开)[^。\n]{0,12}?(?:年度)?(?:工作)?(?:年度)?报告")
_PERIOD_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})[ \t]*年[ \t]*1[ \t]*月[ \t]*1[ \t]*日")
_ANY_YEAR = re.compile(r"(?<!\d)(?P<year>20[0-3]\d)[ \t]*年")
_MARKERS_2021 = ("本年制发件数", "现行有效件数", "逾期不补正", "逾期未按收费通知", "本年收费金额")
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "其他对外管理服务事项")

_ORG_TITLE = re.compile(  # a title line: the body's name starts the line
    r"(?m)^[ \t]*(?:[^\n]*?[>》|][ \t]*)?(?P<org>[^\s\d,，。:：;；>》<《]{2,40}?)[ \t]*(?:关于)?[ \t]*(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})[ \t]*年度?[ \t]*(?:的)?(?:政府信息公开|政务公开|信息公开)"
)
_ORG_PREAMBLE = re.compile(
    r"(?:公布|编制|发布|编写|形成)(?:了|本)?[ \t]*(?P<org>[^\s\d,，。:：;；(（]{2,30}?)[ \t]*(?:(?:19|20)\d{2})[ \t]*年度?(?:的)?(?:政府信息公开|政务公开|信息公开)"
)
_ORG_SUFFIX = re.compile(r"(?:人民政府|政府|办事处|街道|局|委员会|委|厅|办公室|办|中心|院|署|所|站|队|会|部|处|管委会|分局)$")
_ORG_NOISE = re.compile(r"^.*?(?:首页|当前位置|您的位置|位置|>|》)|^(?:关于|现将|特向社会公布|特此公布)")

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[ \t]*[年\-/.][ \t]*(?P<m>\d{1,2})[ \t]*[月\-/.][ \t]*(?P<d>\d{1,2})[ \t]*日?")
_CN_DATE = re.compile(r"(?P<y>[〇零○O一二三四五六七八九]{4})[ \t]*年[ \t]*(?P<m>[一二三四五六七八九十]{1,3})[ \t]*月[ \t]*(?P<d>[一二三四五六七八九十]{1,3})[ \t]*日")
_PUBLISHED_LINE = re.compile(r"(?:发布|发文|公开|成文|印发|生成)(?:日期|时间)[ \t]*[:：][ \t]*")


def find_year(text: str) -> int | None:
    head = text[:1500]
    for pattern in (_TITLE_YEAR, _PERIOD_YEAR):
        match = pattern.search(head)
        if match:
            return int(match["year"])
    match = _CN_TITLE_YEAR.search(head)
    if match:
        return _cn_number(match["year"])
    years = [int(m["year"]) for m in _ANY_YEAR.finditer(head)]
    if years:
        return max(set(years), key=years.count)
    return None


_CN_TITLE_YEAR = re.compile(r"(?P<year>[〇零○一二三四五六七八九]{4})[ \t]*年度?[^。\n]{0,20}?(?:政府信息公开|政务公开)")


def _cn_number(digits: str) -> int:
    if all(char in _CN_DIGITS for char in digits) and len(digits) == 4:
        return int("".join(str(_CN_DIGITS[char]) for char in digits))
    value = 0  # 一 to 三十一 for months and days
    if "十" in digits:
        tens, _, units = digits.partition("十")
        value = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    else:
        value = _CN_DIGITS[digits]
    return value


def find_era(year: int | None, text: str) -> str | None:
    """The report format: "2019" (trial format, reports for 2019-2020) or "2021"."""
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    if any(marker in text for marker in _MARKERS_2021):
        return "2021"
    if any(marker in text for marker in _MARKERS_2019):
        return "2019"
    return None


def _clean_org(org: str) -> str | None:
    org = _ORG_NOISE.sub("", org).strip(" \t-—·|")
    org = re.sub(r"^(?:[^，。]*?(?:特向社会公布|现公布|公布))", "", org)
    if len(org) < 2 or not re.search(r"[\u4e00-\u9fff]", org):
        return None
    return org


def find_organization(text: str) -> tuple[str, int, int] | None:
    """The issuing body as written, with its offsets in ``text``.

    The title line names it first; the signature at the end is how the body signs; a
    preamble sentence (现公布XX2020年…) is the last resort.
    """
    head = text[:1200]
    found = _first_org(_ORG_TITLE, head) or _signature_org(text) or _first_org(_ORG_PREAMBLE, head)
    return found


def _first_org(pattern: re.Pattern, head: str) -> tuple[str, int, int] | None:
    for match in pattern.finditer(head):
        org = _clean_org(match["org"])
        if org and _ORG_SUFFIX.search(org):
            start = match.start("org") + match["org"].index(org)
            return org, start, start + len(org)
    return None


def _signature_org(text: str) -> tuple[str, int, int] | None:
    tail_start = max(0, len(text) - 300)
    signature = re.compile(r"(?m)^[ \t]*(?P<org>[^\s\d,，。:：;；]{3,30}?)[ \t]*(?:(?:19|20)\d{2}[ \t]*年.*|[〇零○一二三四五六七八九]{4}年.*)?$")
    for match in reversed(list(signature.finditer(text, tail_start))):
        org = match["org"]
        if _ORG_SUFFIX.search(org):
            return org, match.start("org"), match.end("org")
    return None


@lru_cache(maxsize=None)
def _levels() -> list[tuple[str, re.Pattern]]:
    return [(entry["kind"], re.compile(entry["pattern"])) for entry in data.toml("deadlines.toml")["level"]]


def find_level(organization: str | None) -> str | None:
    if not organization:
        return None
    for kind, pattern in _levels():
        if pattern.search(organization):
            return kind
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_published(text: str, year: int | None) -> tuple[dt.date, int, int] | None:
    """The publication date: a 发布日期 line, else the signature date at the end."""
    for line in _PUBLISHED_LINE.finditer(text):
        match = _DATE.match(text, line.end())
        if match:
            date = _date(int(match["y"]), int(match["m"]), int(match["d"]))
            if date:
                return date, match.start(), match.end()
    tail_start = max(0, len(text) - 400)
    candidates = []
    for match in _DATE.finditer(text, tail_start):
        date = _date(int(match["y"]), int(match["m"]), int(match["d"]))
        if date:
            candidates.append((date, match.start(), match.end()))
    for match in _CN_DATE.finditer(text, tail_start):
        date = _date(_cn_number(match["y"]), _cn_number(match["m"]), _cn_number(match["d"]))
        if date:
            candidates.append((date, match.start(), match.end()))
    candidates = [c for c in candidates if year is None or c[0].year > year]
    if candidates:
        return max(candidates, key=lambda c: c[1])
    return None


def deadline(year: int | None, level: str | None, deadlines: dict[str, str] | None = None) -> dt.date | None:
    if year is None or level is None:
        return None
    table = deadlines or data.toml("deadlines.toml")["deadlines"]
    month, day = (int(part) for part in table[level].split("-"))
    return dt.date(year + 1, month, day)
