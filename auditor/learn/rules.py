"""Pattern rules (data/rules.toml): evidence that does not depend on wording."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import data

@lru_cache(maxsize=None)
def _rule(name: str) -> tuple[float, re.Pattern]:
    """The rule's probability and its patterns as one alternation (one search, not one each)."""
    spec = data.toml("rules.toml")[name]
    return float(spec["probability"]), re.compile("|".join(f"(?:{pattern})" for pattern in spec["any"]))


def rule_probability(name: str, text: str) -> float:
    """The rule's probability when it fires on normalised ``text``, else 0."""
    probability, pattern = _rule(name)
    return probability if pattern.search(text) else 0.0
