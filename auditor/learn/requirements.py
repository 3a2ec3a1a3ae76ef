"""The requirement catalogue (data/requirements.toml) as objects."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import data
from ..parse.metadata import FIRST_FORMAT_YEAR


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    description: str
    section: str
    since: int
    weight: float
    keywords: tuple[str, ...]
    rule: str | None = None
    required: bool = True  # False: reported when present, never "missing"

    def required_for(self, year: int | None, era: str | None) -> bool:
        """Whether a report for ``year`` must cover this requirement."""
        if not self.required or (year is not None and year < FIRST_FORMAT_YEAR):
            return False
        if self.since == 0:
            return True
        if year is not None:
            return year >= self.since
        return era is not None and int(era) >= self.since


@lru_cache(maxsize=1)
def requirements() -> tuple[Requirement, ...]:
    return tuple(
        Requirement(
            id=entry["id"],
            title=entry["title"],
            description=entry["description"],
            section=entry["section"],
            since=int(entry["since"]),
            weight=float(entry["weight"]),
            keywords=tuple(entry["keywords"]),
            rule=entry.get("rule"),
            required=entry.get("required", True),
        )
        for entry in data.toml("requirements.toml")["requirement"]
    )


def ids() -> list[str]:
    return [requirement.id for requirement in requirements()]


def by_id(requirement_id: str) -> Requirement:
    for requirement in requirements():
        if requirement.id == requirement_id:
            return requirement
    raise KeyError(requirement_id)
