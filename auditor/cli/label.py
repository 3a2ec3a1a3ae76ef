"""`auditor label export|import`: paragraphs out to annotators, their labels back into the corpus."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import AuditorError
from ._app import app, fail, prepare_output

label_app = typer.Typer(
    help="Label paragraphs for the topic model: export them for annotators, import their labels into the corpus.",
    no_args_is_help=True,
)
app.add_typer(label_app, name="label")


@label_app.command("export")
def export(
    folder: Path = typer.Argument(..., help="A report or a folder of reports (.txt .md .html .docx .pdf, searched recursively)"),
    out: Path = typer.Option(..., "--out", "-o", help="The CSV to write (UTF-8 with BOM: Excel opens it with Chinese intact)"),
    model: Optional[Path] = typer.Option(None, "--model", help="Topic model file (default: models/topics.skops)"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus whose labels fill the `current` column (default: corpora/)"),
) -> None:
    """Write every paragraph with the model's verdicts, most uncertain first.

    Fill the `labels` column with requirement ids separated by commas (or `none` when the
    paragraph reports no requirement); rows left blank are skipped on import.
    """
    from ..learn.corpus import DEFAULT_CORPUS
    from ..learn.labels import export_labels

    prepare_output(out, atomic=True)  # written through a temporary file beside it
    try:
        frame, skipped = export_labels(folder, out, model, corpus or DEFAULT_CORPUS)
    except AuditorError as error:
        fail(error)
    for message in skipped:
        typer.echo(f"skipped {message}", err=True)
    reports = frame["report"].nunique() if len(frame) else 0
    typer.echo(f"wrote {len(frame)} paragraphs of {reports} reports to {out}; fill the `labels` column, then `auditor label import {out}`")
    if not len(frame):
        raise typer.Exit(code=1)


@label_app.command("import")
def import_(
    file: Path = typer.Argument(..., help="An annotated CSV from `auditor label export`"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus folder to add the labels to (default: the shipped corpora/); created when new"),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace corpus labels the file contradicts (otherwise such a conflict stops the import)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and report what would change, write nothing"),
) -> None:
    """Add annotated labels to the corpus: all of them or, on any problem, none."""
    from ..learn.corpus import DEFAULT_CORPUS
    from ..learn.labels import import_labels

    root = corpus or DEFAULT_CORPUS
    try:
        result = import_labels(file, root, overwrite=overwrite, dry_run=dry_run)
    except AuditorError as error:
        fail(error)
    for replacement in result.replacements:
        typer.echo(f"replaced: {replacement}")
    verb = "would import" if dry_run else "imported"
    typer.echo(
        f"{verb} {result.added + result.replaced} labels into {root} ({result.added} new, {result.replaced} replacing corpus labels); "
        f"{result.unchanged} rows already in the corpus, {result.skipped} rows left blank"
    )
    if result.reports:
        count = f"{len(result.reports)} report{'s' if len(result.reports) > 1 else ''}"
        typer.echo(f"{'would copy' if dry_run else 'copied'} {count} into {Path(root) / 'reports'}: {', '.join(result.reports)}")
    if result.added or result.replaced:
        typer.echo(f"next: auditor train --corpus {root} --out NEW.skops, then auditor evaluate --model OLD.skops --model NEW.skops")
