"""Long, odd input: does the audit stay linear in the length of the text?

Texts that made parts of the audit quadratic before (a regular expression searched again
from every character of a long run; every heading compared with every other) and a few
more, at 50,000 and 200,000 characters.  Each is parsed and put through every check and
coverage, as a report would be (`auditor.audit` would stop most of them early as not a
report).  Prints the CPU time at both sizes and the growth: 4.0 when time grows like the
text, 16 if it were quadratic.
Readers refuse text over a million characters (E014), so the worst case is bounded.

    .venv/bin/python bench/long_inputs.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZES = (50_000, 200_000)


def full(text: str, model) -> None:
    from auditor.checks import Context, run_checks
    from auditor.learn.coverage import assess
    from auditor.parse import parse
    from auditor.read import from_text

    report = parse(from_text(text))
    run_checks(report, Context())
    assess(report, model)


def main() -> int:
    from auditor.api import topic_model

    model = topic_model()

    xihu = (ROOT / "corpora" / "reports" / "xihu-2020.txt").read_text(encoding="utf-8")
    units = {
        "one character repeated": "的",
        "letters, no spaces": "abcdefghij",
        "digits": "1234567890",
        "spaces": "  ",
        "headings, one a line": "一、总体情况\n",
        "sub-headings": "（一）主动公开\n",
        "a doubled word": "资金",
        "a list item": "谁公开、",
        "a verb phrase": "加强了",
        "Chinese, no sentence end": "政府信息公开工作报告",
        "table rows": "（七）总计\t0\t0\t0\n",
        "the example, no line breaks": xihu.replace("\n", ""),
        "the example, repeated": xihu,
    }
    full(xihu, model)  # warm
    print(f"parse, every check and coverage of long odd texts, CPU seconds at {SIZES[0]:,} and {SIZES[1]:,} characters")
    worst = 0.0
    for name, unit in units.items():
        seconds = []
        for size in SIZES:
            text = (unit * (size // len(unit) + 1))[:size]
            start = time.process_time()
            full(text + "\n", model)
            seconds.append(time.process_time() - start)
        growth = seconds[1] / max(seconds[0], 1e-3)
        worst = max(worst, growth)
        print(f"  {name:30s} {seconds[0]:6.2f} {seconds[1]:6.2f}   growth {growth:5.1f}")
    print(f"  worst growth {worst:.1f} for 4 x the text (linear 4, quadratic 16)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
