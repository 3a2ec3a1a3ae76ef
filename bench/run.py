"""Every benchmark, one after the other, each printing its own figures: `make bench`.

Speed (targets in bench/README.md):
  audit_vs_segmentation  full audit of a report vs jieba segmentation alone
  batch_scaling          `auditor batch` on 1,000 synthetic reports with 1 and 2 processes, peak memory
  cold_start             `auditor check` in a fresh process, with the share of each stage
  copying_scale          the copy index over synthetic batches (up to 1,000 reports here)
  long_inputs            long odd texts (runs of one character, thousands of headings): linear growth
Quality on the real excerpts of ../shared/dev-corpus (skipped when the folder is absent):
  dev_headings, dev_tables, dev_metadata, repetition_injection

    .venv/bin/python bench/run.py                  # all
    .venv/bin/python bench/run.py --quick          # smaller batches, one pass: a smoke run
    .venv/bin/python bench/run.py cold_start dev_tables
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV_CORPUS = HERE.parents[1] / "shared" / "dev-corpus" / "dev.jsonl"

# name -> (arguments, arguments with --quick, needs the dev corpus)
BENCHMARKS = {
    "audit_vs_segmentation": ([], ["--passes", "1"], False),
    "batch_scaling": ([], ["--reports", "200", "--rounds", "1"], False),
    "cold_start": ([], ["--repeat", "1"], False),
    "copying_scale": (["--max", "1000"], ["--max", "100"], False),
    "long_inputs": ([], [], False),
    "dev_headings": ([], [], True),
    "dev_tables": ([], [], True),
    "dev_metadata": ([], [], True),
    "repetition_injection": ([], [], True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repetitions")
    args = parser.parse_args()
    names = args.names or list(BENCHMARKS)
    failed, started = [], time.perf_counter()
    for name in names:
        full, quick, needs_dev = BENCHMARKS[name]
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        if needs_dev and not DEV_CORPUS.exists():
            print(f"skipped: {DEV_CORPUS} not found")
            continue
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / f"{name}.py"), *(quick if args.quick else full)], cwd=HERE.parent)
        print(f"--- {name}: {time.perf_counter() - start:.0f} s" + ("" if done.returncode == 0 else f", FAILED (exit {done.returncode})"), flush=True)
        if done.returncode:
            failed.append(name)
    print(f"\n{len(names) - len(failed)} of {len(names)} benchmarks ran in {time.perf_counter() - started:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
