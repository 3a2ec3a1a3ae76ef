"""The JSON contract of design.md."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..api import Audit


def render_json(audit: "Audit", indent: int | None = 2) -> str:
    return json.dumps(audit.to_dict(), ensure_ascii=False, indent=indent)
