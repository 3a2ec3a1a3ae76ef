"""`auditor batch` on 1,000 reports in 1 and 2 processes: speed-up and peak memory.

The reports are synthetic, made from the team-written reports in corpora/reports (fixed
seed): every synthetic body takes a corpus report, gets a new name, a year and new figures,
and has a third of its sentences rewritten (30% of their characters replaced) so that bodies
differ; each body then files a next-year report that repeats 70% of the first one's
sentences.  So the batch has the previous-year copying and shared template text a real one
has, and the copy index has real work.  The files are written to a temporary folder.

Each run is `auditor batch FOLDER --format csv --out FILE ...` in a fresh process (the whole
command: start-up, reading, parsing, the copy index, auditing, writing, leaving), in three
settings: one process (`--jobs 1 --timeout 0`: everything in the command's own process, the
baseline), one worker (`--jobs 1`, the default timeout: files are read and audited in a
worker process that can be stopped or die alone, what isolation costs) and two workers
(`--jobs 2`).  The settings alternate for ``--rounds`` rounds (the machine's speed drifts,
and other work on it stretches single runs), and the fastest run of each is kept.  Printed:
wall time, CPU time, the speed-up of two workers over one process (2.0 would be perfectly
linear on this 2-core machine), and peak memory as ru_maxrss: the main process and its
largest worker (forked workers share the parent's pages until they write them, so the sum
over-counts).

    .venv/bin/python bench/batch_scaling.py                 # 1,000 reports
    .venv/bin/python bench/batch_scaling.py --reports 200 --rounds 1
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 8
_SENTENCE = re.compile(r"[^。；！？\n]*[。；！？]?\n?")
_COUNT = re.compile(r"(?<![\d.])\d{1,4}(?=[条件个次篇人项期场家份余])")  # counts, not dates or years
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Runs in the fresh process: the command as installed (``auditor.cli.command``), which prints
# its own and its largest child's peak memory just before its quick exit (``_leave``).
RUN = r"""
import json, resource, sys, time
import auditor.cli as cli
start = time.perf_counter()
leave = cli._leave
def figures_then_leave(code):
    wall = time.perf_counter() - start
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"code": code, "wall": wall, "cpu": me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime,
                      "main_mb": me.ru_maxrss / 1024, "worker_mb": children.ru_maxrss / 1024}))
    leave(code)
cli._leave = figures_then_leave
sys.argv = ["auditor", *sys.argv[1:]]
cli.command()
"""


def _rewrite(sentence: str, rng: random.Random, alphabet: str) -> str:
    """A third of the characters of a sentence replaced; headings and short lines stay readable."""
    if len(sentence.strip()) < 30 or "\t" in sentence:
        return sentence
    return "".join(rng.choice(alphabet) if _CJK.match(ch) and rng.random() < 0.3 else ch for ch in sentence)


def synthesize(folder: Path, count: int) -> None:
    """``count`` reports in ``folder``: count/2 bodies, two consecutive years each."""
    from auditor.parse import parse
    from auditor.read import read

    rng = random.Random(SEED)
    bases = [parse(read(p)) for p in sorted((ROOT / "corpora" / "reports").glob("*.txt"))]
    bases = [b for b in bases if b.organization and b.year]
    alphabet = "".join(sorted({ch for b in bases for ch in _CJK.findall(b.text)}))
    for body in range(count // 2 + count % 2):
        base = bases[body % len(bases)]
        name = "".join(rng.choice(alphabet) for _ in range(2)) + rng.choice(["镇人民政府", "县人民政府", "区教育局", "街道办事处", "市自然资源局"])
        year = rng.randint(2019, 2024)
        text = base.text.replace(base.organization, name).replace(str(base.year + 1), str(year + 1)).replace(str(base.year), str(year))
        first = [s if rng.random() > 0.33 else _rewrite(s, rng, alphabet) for s in _SENTENCE.findall(text)]
        second = [s if rng.random() < 0.7 else _rewrite(s, rng, alphabet) for s in first]
        for offset, sentences in ((0, first), (1, second)):
            if 2 * body + offset >= count:
                break
            body_text = _COUNT.sub(lambda m: str(rng.randint(0, 300)), "".join(sentences))
            if offset:
                body_text = body_text.replace(str(year + 1), str(year + 2)).replace(str(year), str(year + 1))
            (folder / f"{body:04d}-{year + offset}.txt").write_text(body_text, encoding="utf-8")


# label -> the options of `auditor batch`
SETTINGS = {
    "one process": ["--jobs", "1", "--timeout", "0"],
    "one worker": ["--jobs", "1"],
    "two workers": ["--jobs", "2"],
}


def run_batch(folder: Path, options: list[str]) -> dict:
    out = folder.parent / "summary.csv"
    command = [sys.executable, "-c", RUN, "batch", str(folder), "--format", "csv", "--out", str(out), *options]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall"] = time.perf_counter() - start
    rows = out.read_text(encoding="utf-8-sig").count("\n") - 1
    result["rows"] = rows
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="auditor-batch-") as temporary:
        folder = Path(temporary) / "reports"
        folder.mkdir()
        synthesize(folder, args.reports)
        rounds = [{label: run_batch(folder, options) for label, options in SETTINGS.items()} for _ in range(max(1, args.rounds))]
    runs = {label: min((r[label] for r in rounds), key=lambda run: run["process_wall"]) for label in SETTINGS}
    print(f"auditor batch on {args.reports} synthetic reports (fresh process each, the fastest of {len(rounds)}; wall and CPU seconds)")
    for label, r in runs.items():
        walls = ", ".join(f"{r_[label]['process_wall']:.1f}" for r_ in rounds)
        print(f"  {label:11s} ({' '.join(SETTINGS[label])}): {r['process_wall']:6.1f} s wall ({1000 * r['process_wall'] / args.reports:5.1f} ms/report; "
              f"runs {walls}), {r['cpu']:6.1f} s CPU, {r['rows']} rows; peak RSS main {r['main_mb']:.0f} MB, largest worker {r['worker_mb']:.0f} MB")
    speedup = runs["one process"]["process_wall"] / runs["two workers"]["process_wall"]
    isolation = runs["one worker"]["process_wall"] / runs["one process"]["process_wall"] - 1
    print(f"  speed-up of two workers over one process: {speedup:.2f} x (linear: 2.00; efficiency {speedup / 2:.0%})")
    print(f"  one worker instead of one process (isolation, timeouts): {isolation:+.0%} wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
