"""``eval checkworthy`` and ``train checkworthy``: the check-worthiness model's commands."""

from __future__ import annotations

from pathlib import Path

import click

from claimwatch.cli.common import console, print_json
from claimwatch.cli.evaluate import eval_group
from claimwatch.cli.train import train_group

DEFAULT_DATA = Path("../shared/data/checkworthiness/ct24-english")


@eval_group.command("checkworthy")
@click.option(
    "--data",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="TSV with Sentence_id and Text (and class_label Yes/No to score).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write Sentence_id, class_label, score as TSV.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_checkworthy(data: Path, out: Path, as_json: bool) -> None:
    """Label every sentence with the shipped check-worthiness model; score it with gold."""
    from claimwatch.evaluate.checkworthy import evaluate

    run = evaluate(data, out)
    if run.score is None:
        if as_json:
            print_json({"n": run.written, "model": run.model_version})
        else:
            console.print(
                f"wrote {run.written} predictions to {out} (no class_label to score)",
                soft_wrap=True,
            )
        return
    if as_json:
        print_json({**run.score.as_dict(), "threshold": run.threshold, "model": run.model_version})
        return
    s = run.score
    console.print(
        f"{s.n} sentences  precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"(Yes class, threshold {run.threshold:.2f}, {run.model_version}); wrote {out}",
        soft_wrap=True,
    )


@train_group.command("checkworthy")
@click.option(
    "--data",
    default=DEFAULT_DATA,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder with CT24_checkworthy_english_train.tsv (and _dev.tsv).",
)
@click.option(
    "--out",
    default=Path("checkworthy-model"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the weights and checkworthy.json into.",
)
@click.option("--epochs", default=3, show_default=True, type=click.IntRange(1))
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1))
@click.option("--lr", "learning_rate", default=5e-5, show_default=True, type=float)
@click.option("--max-length", default=64, show_default=True, type=click.IntRange(8, 512))
@click.option("--seed", default=13, show_default=True, type=int)
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1))
@click.option(
    "--holdout", default=0, show_default=True, type=click.IntRange(0, 4), help="Fold held out."
)
@click.option("--limit", type=click.IntRange(8), help="Use only the first N rows (smoke test).")
def train_checkworthy(
    data: Path,
    out: Path,
    epochs: int,
    batch_size: int,
    learning_rate: float,
    max_length: int,
    seed: int,
    threads: int,
    holdout: int,
    limit: int | None,
) -> None:
    """Fine-tune MiniLM on CT24 English and write the check-worthiness model."""
    from claimwatch.train import require_torch

    require_torch()
    from claimwatch.train.checkworthy import TrainOptions, train

    meta = train(
        TrainOptions(
            data=data,
            out=out,
            epochs=epochs,
            batch_size=batch_size,
            learning_rate=learning_rate,
            max_length=max_length,
            seed=seed,
            threads=threads,
            holdout=holdout,
            limit=limit,
            log=lambda line: console.print(line, markup=False, soft_wrap=True),
        )
    )
    console.print(
        f"threshold {meta['threshold']}, metrics {meta['metrics']}", markup=False, soft_wrap=True
    )


COMMANDS = (eval_group, train_group)
