"""Statistics tables read from the real excerpts of ../shared/dev-corpus.

For every table found (table 2, 3 or 4 of an item), counts whether it was read completely
(every cell, no problem), partly (some cells, and problems), or not at all (found, no cell
read), and lists why for the last two.  The excerpts are cut at about 1,000 characters, so
most tables they hold are cut too: "partly" is expected there.  Skips when the folder is absent.
"""
from __future__ import annotations

import sys
from collections import Counter

from _dev import parse_items
from auditor.learn.evaluate import DEV_CORPUS, read_dev



def main() -> int:
    items = read_dev()
    if items is None:
        print(f"skipped: {DEV_CORPUS} not found")
        return 0
    outcome: Counter[str] = Counter()
    by_table: Counter[tuple[str, str]] = Counter()
    with_tables = 0
    parsed = parse_items(items)
    for item, report in parsed.pairs:
        if report.tables:
            with_tables += 1
        for table in report.tables:
            if not table.problems:
                state = "complete"
            elif table.values:
                state = "partly"
            else:
                state = "not at all"
            outcome[state] += 1
            by_table[(table.key, state)] += 1
            if table.problems:
                print(f"{state.upper():10} {item['id']} {table.key} ({len(table.values)} cells): {'; '.join(table.problems)[:200]}")
    total = sum(outcome.values())
    print(
        f"tables found: {total} in {with_tables} of {len(items)} items; "
        f"read completely {outcome['complete']}, partly {outcome['partly']}, not at all {outcome['not at all']}; crashes: {len(parsed.crashed)}"
    )
    for key in ("proactive", "requests", "review"):
        counts = [by_table[(key, state)] for state in ("complete", "partly", "not at all")]
        if any(counts):
            print(f"  {key:9} complete {counts[0]}, partly {counts[1]}, not at all {counts[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
