"""`auditor check FILE`: audit one report."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import AuditorError
from ._app import app, fail, prepare_output, write_output


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command()
def check(
    file: Path = typer.Argument(..., readable=False, help="The report: .txt, .md, .html, .docx or .pdf"),  # read() says E003, not click
    format: Format = typer.Option(Format.text, "--format", "-f", help="text: the terminal view; json: the JSON contract; markdown: for a review; html: one self-contained page with the text highlighted"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output"),
    against: Optional[list[Path]] = typer.Option(None, "--against", help="The same body's report of another year (repeatable)"),
    reference: Optional[Path] = typer.Option(None, "--reference", help="A folder of other bodies' reports to compare against"),
    model: Optional[Path] = typer.Option(None, "--model", help="Topic model file (default: models/topics.skops)"),
    deadlines: Optional[Path] = typer.Option(None, "--deadlines", help="A TOML of publication deadlines (a province's own)"),
    rubric: Optional[str] = typer.Option(None, "--rubric", help="A shipped rubric name (default, suqian) or a rubric TOML file"),
) -> None:
    """Audit one report and print its structure, verdicts and findings."""
    from ..api import audit

    prepare_output(out)
    options = {"deadlines": str(deadlines)} if deadlines else {}
    try:
        references = _references(reference, file) if reference is not None else []
        result = audit(file, against=against or [], references=references, options=options, model=model, rubric=rubric)
    except AuditorError as error:
        fail(error)
    _output(result, format, out)
    refused = next((f for f in result.findings if f.check == "structure.not_a_report"), None)
    if refused:  # printed, then exit 2: a script must not take this for a report's audit
        typer.echo(f"auditor: warning: {refused.message}. Not audited as a report: the checklist is low-confidence and there is no score.", err=True)
        raise typer.Exit(code=2)


def _references(folder: Path, file: Path) -> list:
    """Other bodies' reports in ``folder``, parsed; one that cannot be read is skipped with a
    warning (as ``batch`` makes it an error row), never the end of the check."""
    from ..read import report_files
    from ..parse import parse
    from ..read import read

    if not folder.is_dir():
        raise AuditorError("E001", path=str(folder)) if not folder.exists() else AuditorError("E015", path=str(folder))
    reports = []
    for path in report_files(folder):
        if path.resolve() == file.resolve():
            continue
        try:
            reports.append(parse(read(path)))
        except AuditorError as error:
            typer.echo(f"auditor: warning: reference skipped: {error}", err=True)
    return reports


def _output(result, format: Format, out: Path | None) -> None:
    """Print the audit in ``format``, or write it to ``out`` (UTF-8)."""
    import io
    import sys

    from rich.console import Console

    if format is Format.text:
        from ..render.text import render_text

        if out is None:
            render_text(result)
            return
        console = Console(record=True, width=120, file=io.StringIO())  # recorded, exported as plain text
        render_text(result, console)
        text = console.export_text()
    elif format is Format.json:
        from ..render.json import render_json

        text = render_json(result) + "\n"
    elif format is Format.markdown:
        from ..render.markdown import render_markdown

        text = render_markdown(result)
    else:
        from ..render.html import render_html

        text = render_html(result)
    if out is None:
        sys.stdout.write(text)
        return
    write_output(out, text)
    print(f"wrote {out}", file=sys.stderr)
