"""The Typer app the command modules register on, and the shared error exit."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from ..errors import AuditorError

app = typer.Typer(
    name="auditor",
    help="Audit 政府信息公开工作年度报告: coverage of required topics, repetition, copying, tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(error: AuditorError) -> None:
    """Print a coded error to stderr and exit 2."""
    print(f"auditor: error: {error}", file=sys.stderr)
    raise typer.Exit(code=2)


def prepare_output(path: Path | None) -> None:
    """Make ready to write the output file ``path`` before any work: its folders are created
    (as `label export` and `train` create theirs), and anything that would stop the write at
    the end (the path is a folder, a file stands where a folder should, no permission) exits 2
    now (E050): a batch of a province's reports must not run for an hour first."""
    if path is None:
        return
    if path.is_dir():
        fail(AuditorError("E050", path=str(path), reason="it is a folder"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(AuditorError("E050", path=str(path), reason=f"cannot make its folder ({error.strerror or error})"))
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(AuditorError("E050", path=str(path), reason="permission denied"))


def write_output(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write the command's output to ``path``; exit 2 (E050) if that fails after all (a full disk)."""
    try:
        path.write_text(text, encoding=encoding)
    except OSError as error:
        fail(AuditorError("E050", path=str(path), reason=error.strerror or str(error)))
