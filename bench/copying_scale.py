"""How the copy check scales: compare every report of a batch with all the others.

Builds synthetic batches of 100, 1,000 and 10,000 reports from the team-written reports in
corpora/reports/*.txt (fixed seed).  Every synthetic body starts from a corpus report whose
sentences are rewritten (30% of the characters replaced at random, so each body has text of
its own), with a new name, year and figures, a few overview paragraphs shuffled, a few
paragraphs borrowed from another synthetic body and a few sentences from a small pool that
many bodies share; each body then issues a second, next-year report that repeats 70% of the
first's sentences.  So the batch holds what a real one does, in proportions that do not
change with its size: previous-year copying, a little copying between bodies, common
language.

Timed: building one CopyIndex over the batch and comparing every report against it (the
findings included), in one process; parsing the synthetic texts (in --workers processes) is
not.  Prints wall and CPU time per report and the ratio of CPU time per report to the
100-report run (CPU time, because other work on a shared machine inflates wall time): near 1
means the whole batch grows near-linearly.  The last column is the mean share of a next-year
report found copied from its previous year (the generator repeats 70% of the sentences).

    .venv/bin/python bench/copying_scale.py            # 100, 1000, 10000
    .venv/bin/python bench/copying_scale.py --max 1000  # stop at 1,000
"""
from __future__ import annotations

import argparse
import random
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from auditor.checks.copying import PREVIOUS_YEAR, CopyIndex, findings, settings
from auditor.parse import parse
from auditor.read import from_text, read

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "reports"
SIZES = (100, 1_000, 10_000)
SEED = 20240601
SUBSTITUTE = 0.3  # share of the characters replaced when a sentence is rewritten
KEEP_NEXT_YEAR = 0.7  # share of sentences the next-year report repeats
BORROW = 0.03  # chance that a paragraph is taken from another synthetic body
COMMON_POOL, COMMON_PER_REPORT = 10, 3  # common language: sentences many bodies write
_SENTENCE = re.compile(r"[^。；！？]*[。；！？]?")
_NUMBER = re.compile(r"\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HEADING = re.compile(r"\s*[（(]?[一二三四五六七八九十]{1,3}[）)、]")


def base_reports() -> list[tuple[str, str | None, int | None]]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        report = parse(read(path))
        if report.organization and report.year:  # the synthetic bodies need a name and a year to vary
            out.append((report.text, report.organization, report.year))
    return out


def _rewrite(sentence: str, rng: random.Random, alphabet: str) -> str:
    return "".join(rng.choice(alphabet) if _CJK.match(ch) and rng.random() < SUBSTITUTE else ch for ch in sentence)


def _numbers(text: str, rng: random.Random) -> str:
    return _NUMBER.sub(lambda m: m.group() if len(m.group()) == 4 else str(rng.randint(0, 300)), text)


_NAME, _YEAR, _NEXT = "\x01", "\x02", "\x03"  # placeholders kept out of the rewriting


def _protect(text: str, organization: str | None, year: int | None) -> str:
    """The corpus text with its body's name and years as placeholders."""
    if organization:
        text = text.replace(organization, _NAME)
        short = re.sub(r"(?:人民政府|办事处)$", "", organization)
        if len(short) >= 2:
            text = text.replace(short, _NAME)
    if year:
        text = text.replace(str(year + 1), _NEXT).replace(str(year), _YEAR)
    return text


def _fill(text: str, name: str, year: int) -> str:
    return text.replace(_NAME, name).replace(_NEXT, str(year + 1)).replace(_YEAR, str(year))


def _rewrite_line(line: str, rng: random.Random, alphabet: str, chance: float) -> str:
    """Rewrite each sentence of a line with the given chance; a short heading stays readable."""
    out = []
    for index, sentence in enumerate(_SENTENCE.findall(line)):
        if index == 0 and _HEADING.match(line) and len(sentence) <= 30:
            out.append(sentence)
        else:
            out.append(_rewrite(sentence, rng, alphabet) if rng.random() < chance else sentence)
    return "".join(out)


def _prose(line: str) -> bool:
    return len(line) >= 30 and not _HEADING.match(line) and "\t" not in line


def synthetic_batch(size: int, bases, rng: random.Random) -> list[tuple[str, str]]:
    """``size`` (source, text) pairs: size/2 bodies, each with two consecutive years."""
    alphabet = "".join(sorted({ch for text, _, _ in bases for ch in _CJK.findall(text)}))
    common = [s for text, _, _ in bases for s in _SENTENCE.findall(text) if len(_CJK.findall(s)) >= 20]
    common = rng.sample(common, COMMON_POOL)
    made: list[list[str]] = []  # prose lines of the bodies made so far, for borrowing
    out = []
    for body in range(size // 2):
        text, organization, year = rng.choice(bases)
        suffix = re.search(r"(?:人民政府|办事处|局|厅|委员会)$", organization)
        name = "".join(rng.choice(alphabet) for _ in range(3)) + (suffix.group() if suffix else "镇人民政府")
        first_year = rng.randint(2019, 2024)
        first_lines = []
        for number, line in enumerate(_protect(text, organization, year).split("\n")):
            if number == 0:  # the title names the body and the year
                first_lines.append(line)
            elif made and _prose(line) and rng.random() < BORROW:
                first_lines.append(rng.choice(rng.choice(made)))
            else:
                first_lines.append(_rewrite_line(line, rng, alphabet, 1.0))
        prose = [number for number, line in enumerate(first_lines[: len(first_lines) // 2]) if number and _prose(line)]
        for sentence in rng.sample(common, min(COMMON_PER_REPORT, len(prose))):
            at = rng.choice(prose)
            first_lines[at] = sentence + first_lines[at]
        middle = first_lines[2 : len(first_lines) // 3]  # shuffle a few overview paragraphs
        rng.shuffle(middle)
        first_lines[2 : len(first_lines) // 3] = middle
        made.append([line for line in first_lines if _prose(line)] or first_lines[1:])
        second_lines = [first_lines[0]] + [_rewrite_line(line, rng, alphabet, 1 - KEEP_NEXT_YEAR) for line in first_lines[1:]]
        first = _numbers(_fill("\n".join(first_lines), name, first_year), rng)
        second = _numbers(_fill("\n".join(second_lines), name, first_year + 1), rng)
        out.append((f"synthetic/{body}-{first_year}.txt", first))
        out.append((f"synthetic/{body}-{first_year + 1}.txt", second))
    return out


def _parse(item: tuple[str, str]):
    source, text = item
    return parse(from_text(text, source))


def run(size: int, bases, workers: int) -> dict[str, float]:
    rng = random.Random(SEED + size)
    items = synthetic_batch(size, bases, rng)
    with ProcessPoolExecutor(workers) as pool:
        reports = list(pool.map(_parse, items, chunksize=64))
    wall, cpu = time.perf_counter(), time.process_time()
    index = CopyIndex.from_reports(reports)
    built_wall = time.perf_counter()
    threshold = settings()["judgement"]["previous_year_threshold"]
    second_year_shares = []
    for number, report in enumerate(reports):
        comparison = index.compare(report)
        findings(comparison, threshold)
        if number % 2:
            second_year_shares.append(comparison.relation_share(PREVIOUS_YEAR))
    return {
        "index": built_wall - wall,
        "compare": time.perf_counter() - built_wall,
        "cpu": time.process_time() - cpu,
        "share": sum(second_year_shares) / max(len(second_year_shares), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest batch to run")
    parser.add_argument("--workers", type=int, default=2, help="processes for parsing the synthetic texts")
    args = parser.parse_args()
    bases = base_reports()
    print(f"{len(bases)} corpus reports; next-year reports repeat {KEEP_NEXT_YEAR:.0%} of their sentences")
    print(f"{'reports':>8} {'index s':>8} {'compare s':>10} {'ms/report':>10} {'cpu ms/report':>14} {'ratio':>6} {'prev-year share':>16}")
    first = None
    for size in SIZES:
        if size > args.max:
            break
        result = run(size, bases, args.workers)
        per_report = (result["index"] + result["compare"]) / size * 1000
        cpu_per_report = result["cpu"] / size * 1000
        first = first or cpu_per_report
        print(
            f"{size:>8} {result['index']:>8.1f} {result['compare']:>10.1f} {per_report:>10.2f} {cpu_per_report:>14.2f}"
            f" {cpu_per_report / first:>6.2f} {result['share']:>16.1%}",
            flush=True,
        )


if __name__ == "__main__":
    main()
