"""The command line: one Typer app, one module per command."""
from __future__ import annotations

from . import batch, check, evaluate, label, sections, train  # noqa: F401  (commands register themselves on the app)
from ._app import app


def main() -> None:
    app()
