"""Small corpora cut from the shipped one, so that training in a test takes a second."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora"

# Three bodies of different levels and both formats: enough for every requirement to have
# positives and negatives.
TRAIN_REPORTS = ("town-shideng-2022", "city-chenghu-2023", "province-hexi-zjt-2023")
NEW_REPORT = "town-liuquan-2024"  # labelled in the shipped corpus, absent from the small one


def make_corpus(folder: Path, reports=TRAIN_REPORTS) -> Path:
    """A corpus folder (labels.jsonl + reports/) holding the shipped labels of ``reports``."""
    (folder / "reports").mkdir(parents=True)
    for report in reports:
        shutil.copy(CORPUS / "reports" / f"{report}.txt", folder / "reports")
    lines = [line for line in (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines() if json.loads(line)["report"] in reports]
    (folder / "labels.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return folder


def new_reports(folder: Path, reports=(NEW_REPORT,)) -> Path:
    """A folder of reports to label, copied from the shipped corpus."""
    folder.mkdir(parents=True)
    for report in reports:
        shutil.copy(CORPUS / "reports" / f"{report}.txt", folder)
    return folder


def shipped_labels(report: str) -> dict[tuple[int, int], list[str]]:
    """The shipped corpus labels of one report, by span: the "corrected" labels of a simulated annotator."""
    rows = [json.loads(line) for line in (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(r["start"], r["end"]): r["labels"] for r in rows if r["report"] == report}
