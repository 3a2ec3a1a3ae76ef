"""The labelling loop: paragraphs out to annotators, their labels back into the corpus.

Export writes every paragraph of some reports with the model's verdicts, most uncertain
first, as a CSV a spreadsheet opens (UTF-8 with BOM, so that Excel shows Chinese).  The
annotator fills the ``labels`` column.  Import validates the whole file first (line-numbered,
coded errors) and then either adds every label to the corpus or none: an existing label is
never replaced without ``overwrite``, and ``labels.jsonl`` is replaced atomically, so that an
interrupted import leaves the corpus as it was.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import data
from ..errors import AuditorError, DataError, LabelFileError
from .corpus import DEFAULT_CORPUS, LABELS, REPORTS
from .requirements import ids

# Export columns, in the order an annotator reads them: what to fill, what the model says,
# the paragraph, then where it comes from.  One probability column per requirement follows.
COLUMNS = [
    "labels", "predicted", "current", "text", "uncertainty", "closest",
    "report", "section", "subtopic", "start", "end", "body", "level", "year", "source",
]
REQUIRED = ("report", "start", "end", "text", "labels")
FIELDS = ("report", "body", "level", "year", "start", "end", "labels", "text")  # labels.jsonl key order
_REPORT_ID = re.compile(r"^\w[\w.\-]*$")


@lru_cache(maxsize=1)
def _settings() -> tuple[frozenset[str], re.Pattern, list[tuple[str, re.Pattern]]]:
    spec = data.toml("labelling.toml")
    levels = [(entry["level"], re.compile(entry["pattern"])) for entry in spec["level"]]
    return frozenset(spec["labels"]["none"]), re.compile(spec["labels"]["separators"]), levels


def body_level(body: str | None) -> str | None:
    """The corpus ``level`` of an issuing body (town, street, county_gov, city_dept, ...)."""
    if not body:
        return None
    return next((level for level, pattern in _settings()[2] if pattern.search(body)), None)


# ---------------------------------------------------------------- export


def report_ids(files: list[Path], root: Path | None = None) -> dict[Path, str]:
    """A corpus id per file: its name without the suffix, made unique by its folders when needed."""
    stems = [f.stem for f in files]
    out = {}
    for file in files:
        name = file.stem
        if stems.count(name) > 1:
            relative = file.relative_to(root) if root and file.is_relative_to(root) else file
            name = "__".join(relative.with_suffix("").parts) + "_" + file.suffix.lstrip(".").lower()
        out[file] = re.sub(r"[^\w.\-]", "_", name)
    return out


def uncertainty(proba: np.ndarray, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per paragraph: how close its most doubtful score is to that requirement's threshold.

    Scores are first rescaled so that every threshold sits at 0.5 (coverage.confidence); the
    doubt of one score is 1 at the threshold and 0 at 0 or 1.  Returns the largest doubt of
    each paragraph and the index of the requirement it belongs to.
    """
    from .coverage import confidence

    if proba.size == 0:
        return np.zeros(len(proba)), np.zeros(len(proba), dtype=int)
    rescaled = np.vectorize(confidence)(proba, np.broadcast_to(thresholds, proba.shape))
    doubt = 1.0 - 2.0 * np.abs(rescaled - 0.5)
    return doubt.max(axis=1), doubt.argmax(axis=1)


def export_frame(files: list[Path], model, corpus: str | Path | None = DEFAULT_CORPUS, root: Path | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The paragraphs of ``files`` with the model's verdicts, most uncertain first.

    Returns the frame and one message per file that could not be read or parsed (skipped).
    ``current`` holds the corpus labels of the same paragraph when the corpus has them.
    """
    from .coverage import paragraph_scores
    from ..parse import parse
    from ..read import read

    catalogue = ids()
    thresholds = np.array([dict(zip(model.labels_, model.thresholds_))[r] for r in catalogue])
    existing = _existing_by_span(Path(corpus)) if corpus else {}
    skipped, parts = [], []
    for file, report_id in report_ids(files, root).items():
        try:
            report = parse(read(file))
        except AuditorError as error:
            skipped.append(f"{file}: {error}")
            continue
        frame, proba = paragraph_scores(report, model)
        if frame.empty:
            continue
        doubt, closest = uncertainty(proba, thresholds)
        known = existing.get(report_id, {})
        meta = next(iter(known.values()), None)
        body = meta["body"] if meta else report.organization
        rows = pd.DataFrame({
            "labels": "",
            "predicted": [_join(np.array(catalogue)[row >= thresholds]) for row in proba],
            "current": [_current(known, report.text, s, e) for s, e in zip(frame["start"], frame["end"])],
            "text": [report.text[s:e] for s, e in zip(frame["start"], frame["end"])],
            "uncertainty": doubt.round(3),
            "closest": [catalogue[j] for j in closest],
            "report": report_id,
            "section": frame["section"],
            "subtopic": frame["subtopic"],
            "start": frame["start"].astype(int),
            "end": frame["end"].astype(int),
            "body": body or "",
            "level": (meta["level"] if meta else body_level(body)) or "",
            "year": meta["year"] if meta else report.year,
            "source": str(file),
        })
        probabilities = pd.DataFrame(proba.round(3), columns=catalogue)
        parts.append(pd.concat([rows.reset_index(drop=True), probabilities], axis=1))
    if not parts:
        return pd.DataFrame(columns=COLUMNS + catalogue), skipped
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("Int64")
    out = out.sort_values(["uncertainty", "report", "start"], ascending=[False, True, True], kind="stable")
    return out.reset_index(drop=True), skipped


def _join(labels) -> str:
    return ", ".join(labels)


def _current(known: dict, text: str, start: int, end: int) -> str:
    row = known.get((int(start), int(end)))
    if row is None or row["text"] != text[start:end]:
        return ""
    return _join(row["labels"]) if row["labels"] else "none"


def write_export(frame: pd.DataFrame, out: str | Path) -> Path:
    """Write the CSV as UTF-8 with a BOM: Excel opens it with Chinese intact."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))
    return out


def export_labels(folder: str | Path, out: str | Path, model_path: str | Path | None = None, corpus: str | Path | None = DEFAULT_CORPUS) -> tuple[pd.DataFrame, list[str]]:
    """``auditor label export``: the CSV for annotators; returns it as a frame and the skipped files."""
    from .persist import load

    folder = Path(folder)
    if not folder.exists():
        raise DataError("E001", path=str(folder))
    model = load(model_path)
    from ..read import report_files

    frame, skipped = export_frame(report_files(folder), model, corpus, folder if folder.is_dir() else folder.parent)
    write_export(frame, out)
    return frame, skipped


# ---------------------------------------------------------------- import


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    corpus: Path
    added: int = 0  # paragraphs labelled for the first time
    replaced: int = 0  # corpus labels replaced (``overwrite``)
    unchanged: int = 0  # rows that repeat what the corpus already says
    skipped: int = 0  # rows whose labels cell was left blank
    reports: list[str] = field(default_factory=list)  # reports copied into the corpus
    replacements: list[str] = field(default_factory=list)  # what ``overwrite`` replaced, for the user


@dataclass
class _Row:
    line: str
    report: str
    start: int
    end: int
    text: str
    labels: list[str]
    body: str
    level: str
    year: str
    source: str


@dataclass
class _Existing:
    raw: list[str]  # labels.jsonl lines as written
    rows: list[dict]
    data: bytes  # the file as read, to notice a change before replacing it


def read_label_file(path: str | Path) -> tuple[list[dict], list[AuditorError], int]:
    """The annotated rows of a CSV (each with ``line``), the problems found, and blank rows.

    ``line`` is the file line a row starts on; when cells hold line breaks it also names the
    spreadsheet row, which is what an annotator sees.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("E001", path=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")  # Excel's plain "CSV" on a Chinese Windows
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        return [], [_problem(path, "1", "no header row: export a file with `auditor label export`")], 0
    header = [cell.strip().lower() for cell in header]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return [], [_problem(path, "1", f"missing column(s) {', '.join(missing)}; the header must name {', '.join(REQUIRED)}")], 0
    rows, blank, previous, number = [], 0, reader.line_num, 1
    for cells in reader:
        number += 1
        line = str(previous + 1) if previous + 1 == number else f"{previous + 1} (spreadsheet row {number})"
        previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        if not row["labels"].strip():
            blank += 1
            continue
        rows.append({**row, "line": line})
    return rows, [], blank


def _problem(path: Path, line: str, reason: str) -> AuditorError:
    return DataError("E040", path=str(path), line=line, reason=reason)


def parse_labels(cell: str) -> list[str]:
    """The requirement ids of a ``labels`` cell, in catalogue order ([] for a none-marker).

    Raises ValueError saying what is wrong: an unknown id (with the closest known one), or a
    none-marker beside ids.
    """
    none, separators, _ = _settings()
    words = [w for w in separators.split(cell.strip()) if w]
    if any(w.lower() in none for w in words):
        if len(words) > 1:
            raise ValueError(f"{cell.strip()!r} puts a none-marker beside other words")
        return []
    catalogue = ids()
    unknown = [w for w in words if w not in catalogue]
    if unknown:
        hints = [f"{w!r}" + (f" (did you mean {close[0]}?)" if (close := difflib.get_close_matches(w, catalogue, 1)) else "") for w in unknown]
        raise ValueError(f"unknown requirement id {', '.join(hints)}; use ids of auditor/data/requirements.toml, or {' / '.join(sorted(none))} for none")
    return [r for r in catalogue if r in words]


def _validate(path: Path, rows: list[dict]) -> tuple[list[_Row], list[AuditorError]]:
    """Typed rows; a problem for every unknown id, bad offset and duplicate span."""
    out, problems, seen = [], [], {}
    for row in rows:
        line = row["line"]
        reasons = []
        try:
            known = parse_labels(row["labels"])
        except ValueError as error:
            reasons.append(str(error))
        report = row["report"].strip()
        if not _REPORT_ID.match(report):
            reasons.append(f"report id {report!r} is not a usable file name (letters, digits, _ . - only)")
        try:
            start, end = _offset(row["start"]), _offset(row["end"])
            if not 0 <= start < end:
                raise ValueError
        except (ValueError, OverflowError):
            reasons.append(f"start {row['start']!r} and end {row['end']!r} must be whole numbers with 0 <= start < end")
            start = end = -1
        if start >= 0 and _REPORT_ID.match(report):
            key = (report, start, end)
            if key in seen:
                reasons.append(f"duplicate of line {seen[key]} (same report {report} and span {start}:{end})")
            else:
                seen[key] = line
        if reasons:
            problems += [_problem(path, line, reason) for reason in reasons]
            continue
        out.append(_Row(line, report, start, end, row["text"].replace("\r\n", "\n"), known,
                        row.get("body", "").strip(), row.get("level", "").strip(), row.get("year", "").strip(), row.get("source", "").strip()))
    return out, problems


def _offset(value: str) -> int:
    number = float(value.strip())  # a spreadsheet may write 120 as 120.0
    if number != int(number):
        raise ValueError(value)
    return int(number)


def _read_existing(root: Path) -> _Existing:
    path = root / LABELS
    if not path.exists():
        return _Existing([], [], b"")
    data_ = path.read_bytes()
    raw, rows = [], []
    for number, line in enumerate(data_.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise DataError("E040", path=str(path), line=number, reason=f"not JSON: {error.msg}") from None
        raw.append(line)
    return _Existing(raw, rows, data_)


def _existing_by_span(root: Path) -> dict[str, dict[tuple[int, int], dict]]:
    out: dict[str, dict[tuple[int, int], dict]] = {}
    for row in _read_existing(root).rows:
        out.setdefault(row["report"], {})[(row["start"], row["end"])] = row
    return out


class _Texts:
    """The text of each report named in the file: the corpus copy, or the source to copy in."""

    def __init__(self, root: Path, base: Path):
        self.root, self.base = root, base
        self.cache: dict[str, tuple[str | None, str | None, str | None]] = {}  # id -> (text, problem, "corpus" or "source")

    def get(self, row: _Row) -> tuple[str | None, str | None]:
        if row.report not in self.cache:
            self.cache[row.report] = self._load(row)
        text, problem, _ = self.cache[row.report]
        return text, problem

    def new_reports(self) -> dict[str, str]:
        return {rid: text for rid, (text, problem, origin) in self.cache.items() if origin == "source" and text is not None}

    def _source(self, source: str) -> Path | None:
        if not source:
            return None
        path = Path(source)
        for candidate in ([path] if path.is_absolute() else [Path.cwd() / path, self.base / path]):
            if candidate.is_file():
                return candidate
        return None

    def _load(self, row: _Row):
        from ..read import read

        stored = sorted(p for p in (self.root / REPORTS).glob(f"{row.report}.*") if p.stem == row.report)
        source = self._source(row.source)
        try:
            if stored:
                text = read(stored[0]).text
                if source and source.resolve() != stored[0].resolve() and read(source).text != text:
                    return None, f"report {row.report} is in the corpus ({stored[0]}) with a different text than {row.source}; rename the file so that its id is new", "corpus"
                return text, None, "corpus"
            if source is None:
                where = f"source {row.source!r} not found" if row.source else "no source column value"
                return None, f"report {row.report} is not in the corpus and its file cannot be found ({where})", None
            return read(source).text, None, "source"
        except AuditorError as error:
            return None, f"report {row.report}: {error}", None


def _label_text(labels: list[str]) -> str:
    return ", ".join(labels) if labels else "none (no requirement)"


def _metadata(rows: list[_Row], texts: _Texts, existing: dict[str, dict], path: Path) -> tuple[dict[str, dict], list[AuditorError]]:
    """body, level and year per report: the corpus's for known reports, else the file's, else parsed."""
    from ..parse import parse
    from ..read import from_text

    out, problems = {}, []
    for report in dict.fromkeys(r.report for r in rows):
        mine = [r for r in rows if r.report == report]
        if report in existing:
            meta = existing[report]
            for r in mine:
                for key in ("body", "level", "year"):
                    value = getattr(r, key)
                    if value and not _same(value, meta[key]):
                        problems.append(_problem(path, r.line, f"{key} {value!r} differs from the corpus's {meta[key]!r} for report {report}; leave it blank or equal"))
            out[report] = {k: meta[k] for k in ("body", "level", "year")}
            continue
        meta = {}
        for key in ("body", "level", "year"):
            values = {getattr(r, key) for r in mine if getattr(r, key)}
            if len(values) > 1:
                problems.append(_problem(path, mine[0].line, f"rows of report {report} disagree on {key}: {', '.join(sorted(values))}"))
            meta[key] = next(iter(values), None)
        if meta["year"] is not None:
            try:
                meta["year"] = int(float(meta["year"]))
            except (ValueError, OverflowError):
                problems.append(_problem(path, mine[0].line, f"year {meta['year']!r} is not a number"))
                meta["year"] = None
        text = texts.cache.get(report, (None,))[0]
        if text is not None and (not meta["body"] or meta["year"] is None):
            parsed = parse(from_text(text, report))
            meta["body"] = meta["body"] or parsed.organization
            meta["year"] = meta["year"] if meta["year"] is not None else parsed.year
        meta["body"] = meta["body"] or report  # grouped CV needs a body; the report stands alone
        meta["level"] = meta["level"] or body_level(meta["body"])
        out[report] = meta
    return out, problems


def _same(cell: str, stored) -> bool:
    """A CSV cell equals a stored value (a spreadsheet may write 2021 as 2021.0)."""
    if isinstance(stored, int):
        with suppress(ValueError):
            return float(cell) == stored
    return cell == str(stored if stored is not None else "")


def _plan(path: str | Path, corpus: str | Path = DEFAULT_CORPUS, overwrite: bool = False) -> tuple[bytes, dict[str, str], ImportResult, _Existing]:
    """Validate ``path`` against ``corpus``: the new label file, the reports to copy, the counts.

    Raises LabelFileError with every problem (line-numbered) when anything is wrong; conflicts
    with existing labels are problems unless ``overwrite``.
    """
    path, root = Path(path), Path(corpus)
    raw_rows, problems, blank = read_label_file(path)
    if problems:
        raise LabelFileError(path, problems)
    rows, problems = _validate(path, raw_rows)
    existing = _read_existing(root)
    texts = _Texts(root, path.parent)
    valid, unreadable = [], {}  # a report that cannot be had is one problem, on its first line
    for row in rows:
        text, problem = texts.get(row)
        if problem:
            unreadable.setdefault(row.report, [row.line, problem, 0])[2] += 1
        elif text[row.start : row.end] != row.text:
            problems.append(_problem(path, row.line, f"the paragraph no longer matches report {row.report} at {row.start}:{row.end}: {_difference(text[row.start : row.end], row.text)}"))
        else:
            valid.append(row)
    for line, problem, count in unreadable.values():
        problems.append(_problem(path, line, problem + (f" ({count - 1} more rows of this report)" if count > 1 else "")))
    problems += _overlaps_within(path, valid)
    by_report: dict[str, dict] = {}
    for row in existing.rows:
        by_report.setdefault(row["report"], row)
    meta, meta_problems = _metadata(valid, texts, by_report, path)
    problems += meta_problems

    result = ImportResult(corpus=root, skipped=blank)
    removed: set[int] = set()
    new_rows: list[dict] = []
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for index, row in enumerate(existing.rows):
        spans.setdefault(row["report"], []).append((row["start"], row["end"], index))
    for row in valid:
        clashes = [(s, e, i) for s, e, i in spans.get(row.report, []) if s < row.end and row.start < e]
        exact = [i for s, e, i in clashes if (s, e) == (row.start, row.end)]
        if exact and len(clashes) == 1 and set(existing.rows[exact[0]]["labels"]) == set(row.labels):
            result.unchanged += 1
            continue
        for s, e, i in clashes:
            old = _label_text(existing.rows[i]["labels"])
            what = (f"the corpus has {old} for this paragraph, the file says {_label_text(row.labels)}" if (s, e) == (row.start, row.end)
                    else f"the span {row.start}:{row.end} overlaps the corpus paragraph {s}:{e} of {row.report}, labelled {old}")
            if overwrite:
                result.replacements.append(f"line {row.line}: {what}")
            else:
                problems.append(DataError("E043", path=str(path), line=row.line, reason=what))
        if clashes:
            removed.update(i for _, _, i in clashes)
            result.replaced += 1
        else:
            result.added += 1
        new_rows.append({"report": row.report, **meta.get(row.report, {}), "start": row.start, "end": row.end, "labels": row.labels, "text": row.text})
    if problems:
        raise LabelFileError(path, sorted(problems, key=_line_order))
    result.reports = sorted(r for r in texts.new_reports() if any(n["report"] == r for n in new_rows))
    copies = {r: texts.new_reports()[r] for r in result.reports}
    return _serialise(existing, removed, new_rows), copies, result, existing


def _line_order(problem: AuditorError) -> int:
    return int(str(problem.values.get("line", "0")).split()[0])


def _difference(report: str, file: str, context: int = 12) -> str:
    """Where two texts part, shown a few characters either side."""
    at = next((i for i, (a, b) in enumerate(zip(report, file)) if a != b), min(len(report), len(file)))
    left = max(0, at - context)

    def show(text: str) -> str:
        return ("…" if left else "") + text[left : at + 2 * context] + ("…" if len(text) > at + 2 * context else "")

    return f"from character {at} the report has {show(report)!r}, the file has {show(file)!r}"


def _overlaps_within(path: Path, rows: list[_Row]) -> list[AuditorError]:
    problems = []
    by_report: dict[str, list[_Row]] = {}
    for row in rows:
        by_report.setdefault(row.report, []).append(row)
    for mine in by_report.values():
        mine = sorted(mine, key=lambda r: (r.start, r.end))
        for a, b in zip(mine, mine[1:]):
            if b.start < a.end:
                problems.append(_problem(path, b.line, f"the span {b.start}:{b.end} overlaps line {a.line} ({a.start}:{a.end}) of the same report"))
    return problems


def _serialise(existing: _Existing, removed: set[int], new_rows: list[dict]) -> bytes:
    """labels.jsonl: untouched lines as they were, reports in their order, paragraphs by start."""
    order = {}
    for row in existing.rows + new_rows:
        order.setdefault(row["report"], len(order))
    entries = [(order[row["report"]], row["start"], line) for i, (row, line) in enumerate(zip(existing.rows, existing.raw)) if i not in removed]
    entries += [(order[row["report"]], row["start"], json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False)) for row in new_rows]
    entries.sort(key=lambda entry: entry[:2])
    return "".join(line + "\n" for _, _, line in entries).encode("utf-8")


def import_labels(path: str | Path, corpus: str | Path = DEFAULT_CORPUS, overwrite: bool = False, dry_run: bool = False) -> ImportResult:
    """``auditor label import``: validate the annotated CSV, then write every label or none."""
    content, copies, result, existing = _plan(path, corpus, overwrite)
    if dry_run or (not result.added and not result.replaced):
        return result
    _commit(Path(corpus), content, copies, existing)
    return result


def _commit(root: Path, content: bytes, copies: dict[str, str], existing: _Existing) -> None:
    """Copy new reports, then replace labels.jsonl; on any failure remove the copies again."""
    from ..read import read

    labels = root / LABELS
    created: list[Path] = []
    try:
        (root / REPORTS).mkdir(parents=True, exist_ok=True)
        for report_id, text in copies.items():
            target = root / REPORTS / f"{report_id}.txt"
            if target.exists():
                raise DataError("E041", path=str(root), reason=f"{target.name} appeared while importing; nothing was imported")
            write_atomic(target, text.encode("utf-8"))
            created.append(target)
            if read(target).text != text:  # offsets are only valid if the copy reads back the same
                raise DataError("E041", path=str(root), reason=f"{target.name} does not read back as the text it was copied from; nothing was imported")
        current = labels.read_bytes() if labels.exists() else b""
        if current != existing.data:
            raise DataError("E041", path=str(root), reason=f"{LABELS} changed while importing; nothing was imported, run the import again")
        write_atomic(labels, content)
    except OSError as error:
        _remove(created)
        raise DataError("E041", path=str(root), reason=f"could not write ({error.strerror or error}); nothing was imported") from None
    except BaseException:
        _remove(created)
        raise


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with suppress(OSError):
            path.unlink()


def write_atomic(path: Path, content: bytes) -> None:
    """Replace ``path`` by ``content`` so that a reader sees the old file or the new, never half.

    The bytes go to a temporary file in the same folder (same file system), are flushed to
    disk, and the temporary file is renamed over ``path``.
    """
    mode = (path.stat().st_mode & 0o777) if path.exists() else 0o644
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
