"""The Typer app the command modules register on, and the shared error exit."""
from __future__ import annotations

import sys

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
