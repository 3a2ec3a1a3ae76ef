"""Report metadata recovered from the real excerpts of ../shared/dev-corpus.

Prints exact-match rates for the issuing body (items whose `org` label is not null), the year
covered (items whose `year` label is not null) and the kind of body (items with a `level`
label; the corpus says county/city/province where we say government), the share of
organization spans that slice back to the reported body (they do not where normalisation
dropped pinyin or spaces inside the name), and how many publication dates were found (the
corpus has no label for them: the check is that every item with a 发布日期-like field gets
one); lists the misses.  Skips when the folder is absent.
"""
from __future__ import annotations

import re
import sys

from auditor.parse import parse
from auditor.learn.evaluate import DEV_CORPUS, read_dev
from auditor.read import from_text

# The corpus names the level of a government by its tier; the deadlines only tell governments
# of county level and above from departments and towns.
LEVELS = {"county": "government", "city": "government", "province": "government"}
# A page field that dates the publication: when the text has one, a date should be found.
PUBLISHED_FIELD = re.compile(r"(?:发布|公开|发表)(?:日期|时间)[ \t]*[:：|]?[ \t|]*\d{4}")


def main() -> int:
    items = read_dev()
    if items is None:
        print(f"skipped: {DEV_CORPUS} not found")
        return 0
    counts = {"org": [0, 0], "year": [0, 0], "level": [0, 0], "org_null": [0, 0], "span": [0, 0]}
    misses: dict[str, list[str]] = {"org": [], "year": [], "level": [], "org_null": [], "published": []}
    published = with_field = field_found = 0
    for item in items:
        report = parse(from_text(item["text"], item["id"]))
        text = item["text"]
        if report.organization_span:
            start, end = report.organization_span
            counts["span"][1] += 1
            counts["span"][0] += text[start:end] == report.organization
        if item["org"] is not None:
            counts["org"][1] += 1
            if report.organization == item["org"]:
                counts["org"][0] += 1
            else:
                misses["org"].append(f"{item['id']} want {item['org']!r} got {report.organization!r}")
        else:
            counts["org_null"][1] += 1
            if report.organization is None:
                counts["org_null"][0] += 1
            else:
                misses["org_null"].append(f"{item['id']} want None got {report.organization!r}")
        if item["year"] is not None:
            counts["year"][1] += 1
            if report.year == item["year"]:
                counts["year"][0] += 1
            else:
                misses["year"].append(f"{item['id']} want {item['year']} got {report.year}")
        if item.get("level") in ("department", "town", "county", "city", "province"):
            want = LEVELS.get(item["level"], item["level"])
            counts["level"][1] += 1
            if report.level == want:
                counts["level"][0] += 1
            else:
                misses["level"].append(f"{item['id']} want {want} got {report.level} ({report.organization!r})")
        published += report.published is not None
        if PUBLISHED_FIELD.search(text):
            with_field += 1
            if report.published is not None:
                field_found += 1
            else:
                misses["published"].append(f"{item['id']} has a publication field, no date found")
    for field, lines in misses.items():
        for line in lines:
            print(f"MISS {field} {line}")
    names = {"org": "org exact", "org_null": "org null kept", "year": "year exact", "level": "level exact", "span": "org span slices back"}
    for field, (hit, total) in counts.items():
        print(f"{names[field]}: {hit}/{total} = {hit / max(total, 1):.1%}")
    print(f"published date found: {published} of {len(items)} items; {field_found}/{with_field} of those with a 发布日期-like field")
    return 0


if __name__ == "__main__":
    sys.exit(main())
