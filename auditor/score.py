"""Scoring: a rubric (TOML, data) turns verdicts and findings into 0-100 and a breakdown."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import data
from .errors import DataError
from .learn.requirements import requirements
from .types import Finding, Verdict

SHIPPED = ("default", "suqian")


@dataclass(frozen=True)
class CheckWeight:
    per: float
    max: float
    severity: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rubric:
    name: str
    description: str
    requirements: dict[str, float]
    checks: dict[str, CheckWeight] = field(default_factory=dict)
    eras: dict[str, dict[str, float]] = field(default_factory=dict)  # era -> requirement overrides

    def requirement_weight(self, requirement_id: str, era: str | None) -> float:
        if era and requirement_id in self.eras.get(era, {}):
            return self.eras[era][requirement_id]
        return self.requirements[requirement_id]

    def check_weight(self, check: str) -> tuple[str, CheckWeight] | None:
        """The rubric entry for a finding's check id: the longest prefix that matches."""
        matches = [key for key in self.checks if check == key or check.startswith(key + ".")]
        if not matches:
            return None
        key = max(matches, key=len)
        return key, self.checks[key]


def load_rubric(name_or_path: str | Path | None = None) -> Rubric:
    """A shipped rubric by name ("default", "suqian") or an assessor's own TOML file."""
    name_or_path = name_or_path or "default"
    if str(name_or_path) in SHIPPED:
        return _copy(_shipped_rubric(str(name_or_path)))  # a caller may edit its own
    path = Path(name_or_path)
    if not path.exists():
        raise DataError("E030", path=str(path), reason=f"no such file (shipped rubrics: {', '.join(SHIPPED)})")
    return _read_rubric(path)


@lru_cache(maxsize=None)
def _shipped_rubric(name: str) -> Rubric:
    """A shipped rubric, read once per process (every audit scores with one)."""
    return _read_rubric(data.path(f"rubrics/{name}.toml"))


def _copy(rubric: Rubric) -> Rubric:
    """A rubric whose weight tables are its own (the rest is frozen): what ``copy.deepcopy``
    gives, in a thirtieth of its time (an audit pays it once)."""
    return replace(rubric, requirements=dict(rubric.requirements), checks=dict(rubric.checks), eras={era: dict(weights) for era, weights in rubric.eras.items()})


def _read_rubric(path: Path) -> Rubric:
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise DataError("E030", path=str(path), reason=f"not valid TOML: {error}") from None
    known = {r.id: r.weight for r in requirements()}
    custom = spec.get("requirements", {})
    unknown = sorted(set(custom) - set(known))
    for era_spec in spec.get("era", {}).values():
        unknown += sorted(set(era_spec.get("requirements", {})) - set(known))
    if unknown:
        raise DataError("E030", path=str(path), reason=f"unknown requirement ids: {', '.join(unknown)}")
    checks = {}
    for key, entry in spec.get("checks", {}).items():
        try:
            checks[key] = CheckWeight(float(entry["per"]), float(entry.get("max", entry["per"])), tuple(entry.get("severity", ())))
        except (KeyError, TypeError, ValueError):
            raise DataError("E030", path=str(path), reason=f"checks.{key} needs a number `per` (and optionally `max`, `severity`)") from None
    return Rubric(
        name=spec.get("name", path.stem),
        description=spec.get("description", ""),
        requirements={**known, **{k: float(v) for k, v in custom.items()}},
        checks=checks,
        eras={era: {k: float(v) for k, v in entry.get("requirements", {}).items()} for era, entry in spec.get("era", {}).items()},
    )


def score(verdicts: list[Verdict], findings: list[Finding], era: str | None, rubric: Rubric) -> tuple[float, list[dict]]:
    """100 minus the deductions of the rubric, never below 0; and what cost each point."""
    breakdown: list[dict] = []
    for verdict in verdicts:
        if verdict.status == "missing":
            points = rubric.requirement_weight(verdict.id, era)
            if points:
                breakdown.append({"item": verdict.id, "kind": "requirement", "points": -points, "reason": "required topic not reported"})
    spent: dict[str, float] = {}
    counts: dict[str, int] = {}
    for finding in findings:
        entry = rubric.check_weight(finding.check)
        if entry is None:
            continue
        key, weight = entry
        if weight.severity and finding.severity not in weight.severity:
            continue
        counts[key] = counts.get(key, 0) + 1
        room = weight.max - spent.get(key, 0.0)
        points = min(weight.per, room)
        if points > 0:
            spent[key] = spent.get(key, 0.0) + points
    for key, points in spent.items():
        breakdown.append({"item": key, "kind": "check", "points": -points, "reason": f"{counts[key]} finding(s), {rubric.checks[key].per:g} each, at most {rubric.checks[key].max:g}"})
    total = max(0.0, 100.0 + sum(item["points"] for item in breakdown))
    return round(total, 1), breakdown
