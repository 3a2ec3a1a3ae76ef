"""`auditor batch DIR`: audit every report in a folder, one summary row per report."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..batch import TIMEOUT
from ..errors import AuditorError
from ._app import app, fail, prepare_output, write_output


class Format(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


@app.command()
def batch(
    folder: Path = typer.Argument(..., help="A folder of reports (searched recursively)"),
    format: Format = typer.Option(Format.table, "--format", "-f", help="table: summary on the terminal; csv: summary rows; jsonl/json: the full JSON contract per report"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output"),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per core this process may use, counting a container's CPU quota; --jobs 1 is one worker, beside this process, unless --timeout 0)"),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", help="Exit 1 when any report scores below this"),
    rubric: Optional[str] = typer.Option(None, "--rubric", help="A shipped rubric name (default, suqian) or a rubric TOML file"),
    model: Optional[Path] = typer.Option(None, "--model", help="Topic model file (default: models/topics.skops)"),
    timeout: float = typer.Option(TIMEOUT, "--timeout", min=0, help="Seconds a worker process may spend on one file before it is stopped and the file becomes an error row (0: no limit; with --jobs 1 everything then runs in this process, a little faster, but a file that hangs or crashes a reader stops the batch)"),
) -> None:
    """Audit a folder: every report compared with the others (and its own body's other years)."""
    from rich.console import Console

    from ..batch import Failure, summary_frame
    from ..read import folder_files

    if not folder.is_dir():
        fail(AuditorError("E001", path=str(folder)) if not folder.exists() else AuditorError("E015", path=str(folder)))
    prepare_output(out)
    files, others = folder_files(folder)
    err = Console(stderr=True)
    if others:
        counts = ", ".join(f"{suffix} {count}" for suffix, count in sorted(others.items(), key=lambda item: (-item[1], item[0])))
        err.print(f"left out {others.total()} file(s) that are not reports: {counts}", highlight=False)
    if not files:
        err.print(f"no reports (.txt .md .html .docx .pdf) found in {folder}")
        raise typer.Exit(code=2)
    try:
        results = _run(files, jobs or None, model, rubric, timeout or None, err)
    except AuditorError as error:
        fail(error)
    frame = summary_frame(results)
    text = _render(format, results, frame)
    if out:
        write_output(out, text, encoding="utf-8-sig" if format is Format.csv else "utf-8")
        err.print(f"wrote {len(results)} rows to {out}")
    elif format is Format.table:
        _table(frame, Console())
    else:
        sys.stdout.write(text)
    failures = sum(isinstance(r, Failure) for r in results)
    if failures:
        err.print(f"{failures} of {len(results)} files could not be audited (see the error column)")
    if fail_under is not None and (frame["score"].dropna() < fail_under).any():
        raise typer.Exit(code=1)


def _run(files, jobs, model, rubric, timeout, console):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..batch import audit_files

    if not console.is_terminal:
        return audit_files(files, jobs=jobs, model=model, rubric=rubric, timeout=timeout)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:

        def progress(stage: str, total: int):
            task = bar.add_task(stage, total=total)
            return lambda n: bar.advance(task, n)

        return audit_files(files, jobs=jobs, model=model, rubric=rubric, progress=progress, timeout=timeout)


def _render(format: Format, results, frame) -> str:
    if format is Format.csv:
        return frame.to_csv(index=False)
    rows = [r.to_dict() for r in results]
    if format is Format.jsonl:
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if format is Format.json:
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return frame.to_string(index=False)


def _table(frame, console) -> None:
    from rich.table import Table

    table = Table(title=f"{len(frame)} reports", show_lines=False)
    for column in ("source", "organization", "year", "score", "missing", "repetitions", "copying", "table_errors", "error"):
        table.add_column(column, overflow="fold")
    for row in frame.to_dict(orient="records"):
        values = [Path(row["source"]).name, _text(row["organization"]), _count(row["year"]), _score(row["score"]), _text(row["missing"]),
                  _count(row["repetitions"]), _count(row["copying"]), _count(row["table_errors"]), _text(row["error"])]
        table.add_row(*values, style="red" if _text(row["error"]) else "")
    console.print(table)


def _missing(value) -> bool:
    return value is None or value != value  # None or NaN


def _text(value) -> str:
    return "" if _missing(value) else str(value)


def _score(value) -> str:
    return "" if _missing(value) else f"{float(value):.1f}"


def _count(value) -> str:
    return "" if _missing(value) else str(int(value))
