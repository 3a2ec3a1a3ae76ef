"""Pattern rules (data/rules.toml): evidence that does not depend on wording."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import data


@lru_cache(maxsize=None)
def _rule(name: str) -> tuple[float, list[re.Pattern]]:
    spec = data.toml("rules.toml")[name]
    return float(spec["probability"]), [re.compile(pattern) for pattern in spec["any"]]


def rule_probability(name: str, text: str) -> float:
    """The rule's probability when it fires on normalised ``text``, else 0."""
    probability, patterns = _rule(name)
    return probability if any(pattern.search(text) for pattern in patterns) else 0.0
