"""The command line: one Typer app, one module per command."""
from __future__ import annotations

import sys

from . import batch, check, evaluate, label, sections, train  # noqa: F401  (commands register themselves on the app)
from ._app import app


def main() -> None:
    """The ``auditor`` command.  A bad file is a coded error and exit 2 (``_app.fail``); a bug
    is said to be one, with its traceback, and exit 3, so that scripts can tell them apart."""
    try:
        app()
    except Exception:
        import traceback

        traceback.print_exc()
        print("auditor: internal error: this is a bug in auditor, not a problem with your file; please report it with the traceback above", file=sys.stderr)
        raise SystemExit(3) from None
