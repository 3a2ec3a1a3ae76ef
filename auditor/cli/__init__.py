"""The command line: one Typer app, one module per command."""
from __future__ import annotations

import os
import sys
from typing import NoReturn

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


def command() -> NoReturn:
    """The installed ``auditor`` command and ``python -m auditor``: ``main``, then a quick exit.

    A batch's results are millions of objects (1.4 million for 1,000 reports), and a normal
    exit frees them one by one after a last garbage collection over all of them: 1.1 s of a
    10.5 s batch of 1,000 on one core, with the other idle.  The process has written its
    output and closed its files and worker pools by then; it flushes the standard streams and
    leaves with ``os._exit`` (as mypy does, for the same reason).  ``main`` stays an ordinary
    function for callers in a process that goes on.
    """
    try:
        main()
        code = 0
    except SystemExit as exit:
        code = _exit_code(exit)
    _leave(code)


def _exit_code(exit: SystemExit) -> int:
    """The status ``SystemExit`` would give the shell: None is 0, a message is printed and 1."""
    if exit.code is None or isinstance(exit.code, int):
        return exit.code or 0
    print(exit.code, file=sys.stderr)
    return 1


def _leave(code: int) -> NoReturn:
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (`>&-`)
            continue
        try:
            stream.flush()
        except Exception:  # a reader that closed the pipe, a closed stream: the output is lost, say so
            code = code or 1
    os._exit(code)
