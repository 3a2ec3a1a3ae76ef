"""`auditor evaluate`: grouped CV on the corpus and the real dev corpus, beside the keyword baseline."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import AuditorError
from ._app import app, fail


@app.command()
def evaluate(
    model: Optional[list[Path]] = typer.Option(None, "--model", help="A model file; repeat to compare models side by side (default: the shipped one)"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus for grouped cross-validation (default: corpora/)"),
    dev: Optional[Path] = typer.Option(None, "--dev", help="Labelled dev JSONL (default: ../shared/dev-corpus/dev.jsonl when present)"),
    folds: int = typer.Option(5, "--folds", min=2, help="Grouped CV folds (by issuing body)"),
    cv: bool = typer.Option(True, "--cv/--no-cv", help="Run grouped cross-validation (retrains each model's configuration per fold)"),
    heldout: Optional[Path] = typer.Option(None, "--heldout", help="A labelled corpus folder none of the models was trained on: the fitted models scored as they are"),
) -> None:
    """Per-requirement precision, recall and F1 of each model and of the keyword baseline."""
    import pandas as pd

    from ..learn import evaluate as ev
    from ..learn.corpus import load_corpus
    from ..learn.model import TopicClassifier
    from ..learn.persist import DEFAULT_MODEL, load

    pd.set_option("display.width", 200)
    paths = model or [DEFAULT_MODEL]
    try:
        models = {_name(path, paths): load(path) for path in paths}
        data = (load_corpus(corpus) if corpus else load_corpus()) if cv else None
        if data is not None and data.paragraphs["body"].nunique() < folds:
            typer.echo(f"grouped {folds}-fold CV needs {folds} issuing bodies, {data.root} has {data.paragraphs['body'].nunique()}; CV skipped (use --folds)")
            data = None
        if data is not None:
            results = []
            for name, fitted in models.items():
                scores = ev.cross_validate(data, lambda fitted=fitted: TopicClassifier(**fitted.get_params()), folds)
                scores[0].name = name
                results.append(scores[0])
            results.append(scores[1])
            typer.echo(f"Grouped {folds}-fold cross-validation on {data.root} (report level):")
            typer.echo(ev.side_by_side(results).round(3).to_string())
            typer.echo(_summary(results))
            shared = _shared_configuration(models)
            if shared:
                typer.echo(f"  note: {', '.join(shared)} share one configuration, so their CV scores are equal (CV retrains the configuration); the held-out and dev figures compare the trained models")
        if heldout:
            data = load_corpus(heldout)
            results = ev.evaluate_corpus(models, data)
            typer.echo(f"\nHeld-out corpus {heldout} ({results[0].items} reports, fitted models as they are):")
            typer.echo(ev.side_by_side(results).round(3).to_string())
            typer.echo(_summary(results))
        items = ev.read_dev(dev) if dev else ev.read_dev()
        if items is None:
            typer.echo("dev corpus not found; skipped")
            return
        results = ev.evaluate_dev(models, items)
        typer.echo(f"\nDev corpus ({len(items)} real excerpts, never trained on):")
        typer.echo(ev.side_by_side(results).round(3).to_string())
        typer.echo(_summary(results))
    except AuditorError as error:
        fail(error)


def _name(path: Path, paths: list[Path]) -> str:
    names = [p.stem for p in paths]
    return path.stem if names.count(path.stem) == 1 else str(path)


def _shared_configuration(models: dict) -> list[str]:
    """Names of models whose parameters equal another's (their grouped CV cannot differ)."""
    params = {name: repr(sorted(model.get_params().items())) for name, model in models.items()}
    return [name for name, p in params.items() if list(params.values()).count(p) > 1]


def _summary(results) -> str:
    return "\n".join(f"  {r.name}: macro-F1 {r.macro_f1:.3f}, false alarms per item {r.false_alarms_per_item:.2f}" for r in results)
