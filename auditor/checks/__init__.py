"""Checks registered by name.  A check takes a Report and a Context and returns Findings.

The rubric names the checks it weighs; ``run_checks`` runs every registered check (or the
ones asked for) in registration order.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

from ..types import Finding, Report

CheckFunction = Callable[[Report, "Context"], list[Finding]]
REGISTRY: dict[str, CheckFunction] = {}

# Modules that register checks, in the order their findings are listed.
_MODULES = ("structure", "timeliness", "repetition", "copying", "arithmetic")


@dataclass
class Context:
    """What a check may need beyond the report itself."""

    previous: list[Report] = field(default_factory=list)  # the same body's other years (--against)
    references: list[Report] = field(default_factory=list)  # other bodies' reports (--reference, batch)
    options: dict = field(default_factory=dict)  # e.g. {"deadlines": path, "copy_threshold": 0.5}


def register(name: str) -> Callable[[CheckFunction], CheckFunction]:
    def decorate(function: CheckFunction) -> CheckFunction:
        REGISTRY[name] = function
        return function

    return decorate


def load_checks() -> dict[str, CheckFunction]:
    """Import the check modules (once), which registers their checks."""
    for module in _MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return REGISTRY


def run_checks(report: Report, context: Context | None = None, names: list[str] | None = None) -> list[Finding]:
    context = context or Context()
    findings: list[Finding] = []
    for name, check in load_checks().items():
        if names is None or name in names:
            findings.extend(check(report, context))
    return findings
