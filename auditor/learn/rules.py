"""Pattern rules (data/rules.toml): evidence that does not depend on wording."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .. import data
from ..errors import DataError

# What a pattern may not hold: patterns are searched over all paragraphs joined by line
# breaks, where anchors and inline flags would no longer mean what they meant on one
# paragraph (and group numbers or names would clash if patterns were ever joined).  A
# look-around that can read the joining line breaks (such as (?<!\s)) cannot be told from
# the text of a pattern: the test of the shipped rules searches paragraphs both ways.
_NOT_ALLOWED = (
    (re.compile(r"(?<!\\)[\^$](?![^\[]*\])"), "anchors a line (^ or $)"),
    (re.compile(r"(?<!\\)\\[AZ]"), "anchors the text (\\A or \\Z)"),
    (re.compile(r"\(\?[aiLmsux]"), "sets an inline flag"),
    (re.compile(r"\\[1-9]|\(\?P[<=]"), "uses a group number or name"),
)


@lru_cache(maxsize=None)
def _rule(name: str) -> tuple[float, tuple[re.Pattern, ...]]:
    """The rule's probability and its compiled patterns.

    Each pattern is searched on its own: one alternation of them all would be slower, since
    the engine then tries every branch at every position instead of skipping to where a
    pattern's opening characters are (0.30 -> 0.16 ms per report for all rules)."""
    spec = data.toml("rules.toml")[name]
    for pattern in spec["any"]:
        for construct, reason in _NOT_ALLOWED:
            if construct.search(pattern):
                raise DataError("E032", path=str(data.path("rules.toml")), rule=name, pattern=pattern, reason=f"{reason}, which rules may not")
    return float(spec["probability"]), tuple(re.compile(pattern) for pattern in spec["any"])


def rule_probability(name: str, text: str) -> float:
    """The rule's probability when it fires on normalised ``text``, else 0."""
    probability, patterns = _rule(name)
    return probability if any(pattern.search(text) for pattern in patterns) else 0.0


def rule_probabilities(name: str, texts: list[str]) -> list[float]:
    """``rule_probability`` of each of ``texts``, from one search per pattern over all of them.

    The texts are searched joined by line breaks.  A match that runs from one text into the
    next proves nothing (and may hide a match behind it): the texts it touches are searched
    again on their own.
    """
    probability, patterns = _rule(name)
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 2
    out = [0.0] * len(texts)
    joined = "\n\n".join(texts)
    for pattern in patterns:
        for match in pattern.finditer(joined):
            first = bisect_right(starts, match.start()) - 1
            last = bisect_right(starts, max(match.end() - 1, match.start())) - 1
            if first == last and match.end() <= starts[first] + len(texts[first]):
                out[first] = probability
            else:
                for row in range(first, last + 1):
                    out[row] = rule_probability(name, texts[row])
    return out
