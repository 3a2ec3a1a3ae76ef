"""`auditor sections FILE`: how the report was cut, for debugging a parse."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..errors import AuditorError
from ._app import app, fail


@app.command()
def sections(
    file: Path = typer.Argument(..., readable=False, help="The report file"),  # read() says E003, not click
    paragraphs: bool = typer.Option(False, "--paragraphs", "-p", help="Also list every paragraph"),
) -> None:
    """Show the sections, sub-topics and metadata the parser found."""
    from ..parse import parse
    from ..read import read
    from ..render.text import header, sections_table

    try:
        report = parse(read(file))
    except AuditorError as error:
        fail(error)
    console = Console()
    console.print(header(report))
    console.print(sections_table(report))
    if report.subtopics:
        table = Table(title="Sub-topics of 总体情况")
        for column in ("key", "heading as written", "start", "end"):
            table.add_column(column)
        for sub in report.subtopics:
            table.add_row(sub.key, report.text[sub.heading_start : sub.heading_end], str(sub.start), str(sub.end))
        console.print(table)
    for table in report.tables:
        console.print(f"table {table.key}: {len(table.table.rows)} rows, {len(table.values)} cells read" + (f"; {'; '.join(table.problems)}" if table.problems else ""))
    for note in report.notes:
        console.print(f"note: {note}", style="yellow")
    if paragraphs:
        table = Table(title="Paragraphs")
        for column in ("section", "subtopic", "start", "text"):
            table.add_column(column)
        for paragraph in report.paragraphs:
            style = "bold" if paragraph.heading else ""
            table.add_row(paragraph.section, paragraph.subtopic or "", str(paragraph.start), paragraph.text[:60], style=style)
        console.print(table)
