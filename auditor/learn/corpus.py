"""The labelled corpus: reports in ``corpora/reports`` and paragraph labels in ``corpora/labels.jsonl``."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..parse.normalize import normalize_string
from ..types import Report
from .requirements import ids

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "corpora"
LABELS = "labels.jsonl"
REPORTS = "reports"


@dataclass
class Corpus:
    """Labelled paragraphs with the place each sits in its report."""

    root: Path
    paragraphs: pd.DataFrame  # report, body, level, year, start, end, text, section, subtopic, labels

    @property
    def groups(self) -> np.ndarray:
        return self.paragraphs["body"].to_numpy()

    def matrix(self) -> pd.DataFrame:
        """The (n, 18) 0/1 label matrix, columns in catalogue order."""
        rows = [[int(r in labels) for r in ids()] for labels in self.paragraphs["labels"]]
        return pd.DataFrame(rows, columns=ids(), index=self.paragraphs.index)

    def features(self) -> pd.DataFrame:
        """Model input (normalised text, as an audit gives it); ``report`` and ``start`` let the
        model pick thresholds per report."""
        frame = self.paragraphs[["text", "section", "subtopic", "report", "start"]].copy()
        frame["text"] = [normalize_string(text) for text in frame["text"]]
        return frame

    def digest(self) -> str:
        """SHA-256 over the label file and every report: what a model was trained on."""
        digest = hashlib.sha256()
        digest.update((self.root / LABELS).read_bytes())
        for path in sorted((self.root / REPORTS).glob("*")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()


def report_path(root: Path, report_id: str) -> Path:
    matches = sorted((root / REPORTS).glob(f"{report_id}.*"))
    if not matches:
        raise DataError("E041", path=str(root), reason=f"labels name report {report_id!r} but no file {REPORTS}/{report_id}.* exists")
    return matches[0]


def read_labels(root: Path) -> list[dict]:
    path = root / LABELS
    if not path.exists():
        raise DataError("E041", path=str(root), reason=f"no {LABELS}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise DataError("E040", path=str(path), line=number, reason=f"not JSON: {error.msg}") from None
    return rows


def load_corpus(root: str | Path = DEFAULT_CORPUS) -> Corpus:
    """Read labels, parse their reports, and give each labelled paragraph its section."""
    from ..parse import parse
    from ..read import read

    root = Path(root)
    rows = read_labels(root)
    reports: dict[str, Report] = {}
    records = []
    for row in rows:
        report = reports.get(row["report"])
        if report is None:
            report = reports[row["report"]] = parse(read(report_path(root, row["report"])))
        if report.text[row["start"] : row["end"]] != row["text"]:
            raise DataError("E041", path=str(root), reason=f"label for {row['report']} at {row['start']} no longer matches the report text")
        records.append({**row, **place(report, row["start"])})
    frame = pd.DataFrame.from_records(records)
    return Corpus(root=root, paragraphs=frame)


def place(report: Report, offset: int) -> dict[str, str]:
    """The section and sub-topic a paragraph starting at ``offset`` sits in."""
    subtopic = next((s.key for s in reversed(report.subtopics) if s.start <= offset < s.end), None)
    return {"section": report.section_at(offset), "subtopic": subtopic or "none"}
