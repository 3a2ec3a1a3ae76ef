"""A full audit of a report against jieba segmentation alone of the same text (the floor).

The floor is jieba segmenting the text as read, with the tokenizer, dictionary and HMM
setting the audit uses and no caches of ours; the audit is one `auditor.audit(path)`
(reading, parsing, every check, coverage, score).  Each is measured the first time its
process meets the text, in processes of their own (jieba run three times on one text gets
faster, the CPU's caches holding its dictionary entries for that text, and an audit right
after jieba would inherit them); the floor of the third run is printed too.  Times are CPU
seconds (on a shared machine other work stretches wall time, not CPU time).  Floor and
audits are measured in rounds of fresh processes, one after the other, and the median round
is reported with the others beside it.  Target: audit <= 2 x floor.

Two settings for the audit:
  batch  each report audited once, in order, as `auditor batch` does: caches keyed by text
         (sentences segmented, their word columns, short strings normalised) hold what earlier
         reports left in them, never this report's own text;
  cold   every such cache emptied before each report: the cost of a report whose sentences
         the process has never seen.
Then the batch setting stage by stage, to show where the time goes.

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


def clear_text_caches(model) -> None:
    """Empty every cache of the package keyed by text: the ``lru_cache``s of a thousand entries
    or more (those of data files and models hold a few or are unbounded) and the topic model's
    memo of sentences."""
    for name, module in list(sys.modules.items()):
        if name.startswith("auditor"):
            for value in vars(module).values():
                parameters = getattr(value, "cache_parameters", None)
                if parameters and (parameters()["maxsize"] or 0) >= 1000:
                    value.cache_clear()
    model.features_.__dict__.pop("_memo", None)


def one_pass(setting: str) -> dict:
    """CPU seconds per report in a fresh process: jieba's ("floor": first and third run of
    each text) or the audit's ("batch", "cold", or "stages" of the batch setting)."""
    from auditor import nlp

    paths = sorted((ROOT / "corpora" / "reports").glob("*.txt"))
    if setting == "floor":
        jieba = nlp.tokenizer()
        jieba.lcut(paths[0].read_text(encoding="utf-8"), HMM=nlp.HMM)
        first, third = [], []
        for path in paths[1:]:
            text = path.read_text(encoding="utf-8")
            runs = [cpu(lambda: jieba.lcut(text, HMM=nlp.HMM))[0] for _ in range(3)]
            first.append(runs[0])
            third.append(runs[2])
        return {"first": first, "third": third}

    from auditor.api import audit, topic_model
    from auditor.checks import Context, load_checks
    from auditor.checks.report_kind import not_a_report
    from auditor.learn.coverage import assess
    from auditor.parse import parse
    from auditor.read import read
    from auditor.score import load_rubric, score

    model = topic_model()
    audit(paths[0])
    audits, stages = [], Counter()
    for path in paths[1:]:
        if setting == "cold":
            clear_text_caches(model)
        if setting != "stages":
            audits.append(cpu(audit, path)[0])
            continue
        seconds, document = cpu(read, path)
        stages["read"] += seconds
        seconds, report = cpu(parse, document)
        stages["parse"] += seconds
        seconds, verdicts = cpu(assess, report, model)
        stages["coverage (segments first)"] += seconds
        stages["not a report?"] += cpu(not_a_report, report, verdicts)[0]
        findings = []
        for name, check in load_checks().items():
            seconds, found = cpu(check, report, Context())
            stages[f"check {name}"] += seconds
            findings += found
        stages["score"] += cpu(lambda: score(verdicts, findings, report.era, load_rubric()))[0]
    return {"audits": audits, "stages": stages}


def run(setting: str) -> dict:
    process = subprocess.run([sys.executable, __file__, "--one-pass", setting], capture_output=True, text=True, check=True)
    return json.loads(process.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5, help="rounds of fresh processes (floor, batch, cold); the median round is reported")
    parser.add_argument("--one-pass", choices=["floor", "batch", "cold", "stages"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_pass:
        print(json.dumps(one_pass(args.one_pass)))
        return 0
    print(f"audit vs jieba segmentation, corpus reports (CPU time; {args.passes} rounds of fresh processes, the median round shown)")
    # Floor and audits alternate, round by round, so that each ratio compares processes that
    # ran minutes apart at most (a shared machine's speed drifts over longer spans).
    rounds = [{setting: run(setting) for setting in ("floor", "batch", "cold")} for _ in range(args.passes)]
    for setting in ("batch", "cold"):
        ranked = sorted(rounds, key=lambda r: sum(r[setting]["audits"]) / sum(r["floor"]["first"]))
        middle = ranked[len(ranked) // 2]
        floors, third, audits = middle["floor"]["first"], middle["floor"]["third"], middle[setting]["audits"]
        ratios = [a / f for f, a in zip(floors, audits)]
        total = sum(audits) / sum(floors)
        spread = ", ".join(f"{sum(r[setting]['audits']) / sum(r['floor']['first']):.2f}" for r in ranked)
        print(f"  {setting:6s} jieba alone {1000 * statistics.mean(floors):4.1f} ms per report (third run of a text {1000 * statistics.mean(third):.1f}),"
              f" audit {1000 * statistics.mean(audits):4.1f} ms")
        print(f"         ratio {total:.2f} overall (median {statistics.median(ratios):.2f}, worst {max(ratios):.2f};"
              f" {sum(audits) / sum(third):.2f} against the third run); all rounds: {spread}"
              f"  target <= {TARGET:.0f}: {'met' if total <= TARGET else 'NOT met'}")
    floors = rounds[0]["floor"]["first"]
    stages = run("stages")["stages"]
    print("  stages, batch setting (one fresh process; multiples of the floor):")
    for name, seconds in stages.items():
        print(f"    {name:28s} {seconds / sum(floors):5.2f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
