"""Top-level headings recovered from the real excerpts of ../shared/dev-corpus.

Prints the share of items (reports for 2019 or later that have headings) whose section keys
come out exactly (same keys, same order), and lists the misses.  Skips when the folder is absent.
"""
from __future__ import annotations

import sys

from _dev import parse_items
from auditor.learn.evaluate import DEV_CORPUS, read_dev



def main() -> int:
    items = read_dev()
    if items is None:
        print(f"skipped: {DEV_CORPUS} not found")
        return 0
    scored = exact = 0
    parsed = parse_items(items)
    for item, report in parsed.pairs:
        if not item["headings"] or (item["year"] or 0) < 2019:
            continue
        scored += 1
        got = [s.key for s in report.sections if s.key != "preamble"]
        want = [h["key"] for h in item["headings"]]
        if got == want:
            exact += 1
        else:
            print(f"MISS {item['id']} want {want} got {got}")
    print(f"headings exact: {exact}/{scored} = {exact / max(scored, 1):.1%}; crashes: {len(parsed.crashed)} of {len(items)} items")
    return 0


if __name__ == "__main__":
    sys.exit(main())
