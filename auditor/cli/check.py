"""`auditor check FILE`: audit one report."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import AuditorError
from ._app import app, fail


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command()
def check(
    file: Path = typer.Argument(..., readable=False, help="The report: .txt, .md, .html, .docx or .pdf"),  # read() says E003, not click
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format"),
    against: Optional[list[Path]] = typer.Option(None, "--against", help="The same body's report of another year (repeatable)"),
    reference: Optional[Path] = typer.Option(None, "--reference", help="A folder of other bodies' reports to compare against"),
    model: Optional[Path] = typer.Option(None, "--model", help="Topic model file (default: models/topics.skops)"),
    deadlines: Optional[Path] = typer.Option(None, "--deadlines", help="A TOML of publication deadlines (a province's own)"),
) -> None:
    """Audit one report and print its structure, verdicts and findings."""
    from ..api import audit

    options = {"deadlines": str(deadlines)} if deadlines else {}
    try:
        references = []
        if reference is not None:
            from ..read import SUPPORTED

            references = sorted(p for p in reference.rglob("*") if p.suffix.lower() in SUPPORTED and p.resolve() != file.resolve())
        result = audit(file, against=against or [], references=references, options=options, model=model)
    except AuditorError as error:
        fail(error)
    if format is Format.json:
        from ..render.json import render_json

        typer.echo(render_json(result))
    else:
        from ..render.text import render_text

        render_text(result)
    refused = next((f for f in result.findings if f.check == "structure.not_a_report"), None)
    if refused:  # printed, then exit 2: a script must not take this for a report's audit
        typer.echo(f"auditor: warning: {refused.message}. Not audited as a report: the checklist is low-confidence and there is no score.", err=True)
        raise typer.Exit(code=2)
