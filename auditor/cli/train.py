"""`auditor train`: fit the topic model on a labelled corpus, write it and its card."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import AuditorError
from ._app import app, fail, prepare_output


@app.command()
def train(
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus folder (labels.jsonl + reports/); default: the shipped corpora/"),
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (.skops); its card goes beside it (.md)"),
    evaluate: bool = typer.Option(True, "--evaluate/--no-evaluate", help="Run grouped CV and the dev corpus for the card"),
    seed: int = typer.Option(0, "--seed", help="random_state of the model: the same corpus and seed give the same model"),
) -> None:
    """Train the topic classifier (fixed seeds: same data, same model)."""
    from ..learn.persist import DEFAULT_MODEL
    from ..learn.train import train_and_save

    prepare_output(out or DEFAULT_MODEL, atomic=True)  # written through a temporary file beside it
    prepare_output((out or DEFAULT_MODEL).with_suffix(".md"))  # the model card
    try:
        model, path = train_and_save(corpus, out or DEFAULT_MODEL, evaluate=evaluate, random_state=seed)
    except AuditorError as error:
        fail(error)
    typer.echo(f"wrote {path} and {path.with_suffix('.md')}")
