"""The dev corpus parsed item by item, for the dev-corpus benchmarks."""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.parse import parse
from auditor.read import from_text


@dataclass
class Parsed:
    """(item, report) pairs of the excerpts that parsed, and the ids of those that crashed."""

    pairs: list = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)


def parse_items(items: list[dict]) -> Parsed:
    parsed = Parsed()
    for item in items:
        try:
            parsed.pairs.append((item, parse(from_text(item["text"], item["id"]))))
        except Exception as error:  # noqa: BLE001 - a crash is what the benchmarks count
            parsed.crashed.append(item["id"])
            print(f"CRASH {item['id']}: {error!r}")
    return parsed
