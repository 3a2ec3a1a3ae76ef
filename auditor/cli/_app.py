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


def prepare_output(path: Path | None, *, atomic: bool = False) -> None:
    """Exit 2 (E050) before any work if the output file ``path`` could not be written at the
    end: a batch of a province's reports must not run for an hour first.  Missing folders are
    made when the output is written (``write_output``), as `label export` and `train` make
    theirs; here nothing is created.  ``atomic``: the writer puts a temporary file beside the
    output and renames it, so the folder must be writable even when the file is."""
    if path is None:
        return
    if path.is_dir():
        fail(AuditorError("E050", path=str(path), reason="it is a folder"))
    if path.exists() and not os.access(path, os.W_OK):
        fail(AuditorError("E050", path=str(path), reason="permission denied"))
    folder = path.parent
    while not folder.exists():  # the folder that the missing ones would be made in
        folder = folder.parent
    if not folder.is_dir():
        fail(AuditorError("E050", path=str(path), reason=f"{folder} is a file, not a folder"))
    if (atomic or not path.exists()) and not os.access(folder, os.W_OK):
        fail(AuditorError("E050", path=str(path), reason=f"permission denied in {folder}"))


def write_output(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write the command's output to ``path``, making its folders; exit 2 (E050) if that fails
    after all (a full disk)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding=encoding)
    except OSError as error:
        fail(AuditorError("E050", path=str(path), reason=error.strerror or str(error)))
