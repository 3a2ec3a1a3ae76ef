"""A full audit of a report against jieba segmentation alone of the same text (the floor).

Everything is loaded and warmed first (model, dictionary, one audit), then for every report
in corpora/reports: the floor is jieba's segmentation of the text as read (best of three, the
same tokenizer and dictionary the audit uses, no caches of ours), and the audit is one
`auditor.audit(path)` (reading, parsing, every check, coverage, score), run once so that no
cache of ours has seen the report before.  Times are CPU seconds of this process (on a
shared machine other work stretches wall time, not CPU time).  Target: audit <= 2 x floor.

Then the same reports stage by stage, to show where the time goes.

    .venv/bin/python bench/audit_vs_segmentation.py
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 2.0


def cpu(function, *args):
    start = time.process_time()
    result = function(*args)
    return time.process_time() - start, result


def one_pass() -> tuple[list[float], list[float]]:
    """(floors, audits) in CPU seconds for every corpus report but the first, in this process."""
    from auditor import nlp
    from auditor.api import audit, topic_model

    paths = sorted((ROOT / "corpora" / "reports").glob("*.txt"))
    topic_model()
    jieba = nlp.tokenizer()
    audit(paths[0])
    floors, audits = [], []
    for path in paths[1:]:
        text = path.read_text(encoding="utf-8")
        floors.append(min(cpu(jieba.lcut, text, False)[0] for _ in range(3)))
        audits.append(cpu(audit, path)[0])
    return floors, audits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="fresh processes; the fastest pass is reported")
    parser.add_argument("--one-pass", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_pass:
        print(json.dumps(one_pass()))
        return 0
    passes = []
    for _ in range(args.passes):
        run = subprocess.run([sys.executable, __file__, "--one-pass"], capture_output=True, text=True, check=True)
        passes.append(json.loads(run.stdout.strip().splitlines()[-1]))
    spread = sorted(sum(a) / sum(f) for f, a in passes)
    floors, audits = min(passes, key=lambda p: sum(p[1]) / sum(p[0]))
    ratios = [a / f for f, a in zip(floors, audits)]
    total = sum(audits) / sum(floors)
    print(f"audit vs jieba segmentation, {len(ratios)} corpus reports (CPU time, warm; best of {args.passes} fresh processes)")
    print(f"  jieba alone   {1000 * statistics.mean(floors):7.1f} ms per report")
    print(f"  full audit    {1000 * statistics.mean(audits):7.1f} ms per report")
    print(f"  ratio         {total:.2f} overall, median {statistics.median(ratios):.2f}, worst {max(ratios):.2f}"
          f"  (target <= {TARGET:.0f}: {'met' if total <= TARGET else 'NOT met'})")
    print(f"  overall ratio of each pass: {', '.join(f'{r:.2f}' for r in spread)}")

    from auditor.api import topic_model
    from auditor.checks import Context, load_checks
    from auditor.learn.coverage import assess
    from auditor.parse import parse
    from auditor.read import read

    from auditor.api import audit

    paths = sorted((ROOT / "corpora" / "reports").glob("*.txt"))
    model = topic_model()
    audit(paths[0])  # warm: dictionary, tags, caches of data files
    stages: Counter[str] = Counter()
    for path in paths[1:]:
        seconds, document = cpu(read, path)
        stages["read"] += seconds
        seconds, report = cpu(parse, document)
        stages["parse"] += seconds
        for name, check in load_checks().items():
            stages[f"check {name}"] += cpu(check, report, Context())[0]
        stages["coverage"] += cpu(assess, report, model)[0]
    floor = sum(floors)
    print("  stages (this process, once each; as multiples of the floor):")
    for name, seconds in stages.items():
        print(f"    {name:20s} {seconds / floor:5.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
