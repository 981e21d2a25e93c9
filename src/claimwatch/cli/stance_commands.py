"""``eval stance`` and ``train stance``: the FNC-1 stance model's commands."""

from __future__ import annotations

from pathlib import Path

import click

from claimwatch.cli.common import console, console_err, print_json
from claimwatch.cli.evaluate import eval_group
from claimwatch.cli.train import train_group
from claimwatch.errors import ClaimwatchError

DEFAULT_DATA = Path("../shared/data/fnc-1")


@eval_group.command("stance")
@click.option(
    "--bodies",
    type=click.Path(dir_okay=False, path_type=Path),
    help="FNC-1 bodies CSV (Body ID, articleBody).",
)
@click.option(
    "--stances",
    type=click.Path(dir_okay=False, path_type=Path),
    help="FNC-1 stances CSV (Headline, Body ID[, Stance]).",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --holdout: folder with FNC-1's train_bodies.csv and train_stances.csv.",
)
@click.option(
    "--holdout",
    is_flag=True,
    help="Score the 20%-of-bodies hold-out of FNC-1's training data (see MODEL_STANCE.md).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write predictions here in FNC-1's submission format (Headline, Body ID, Stance).",
)
@click.option("--model", type=click.Path(file_okay=False, path_type=Path), help="Weights dir.")
@click.option("--limit", type=int, help="Only the first N pairs (quick checks).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_stance(
    bodies: Path | None,
    stances: Path | None,
    data_dir: Path | None,
    holdout: bool,
    out: Path | None,
    model: Path | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Label each (headline, body) pair agree / disagree / discuss / unrelated; score it
    when the stances file has gold labels."""
    from claimwatch.evaluate.stance import evaluate_files

    if holdout:
        folder = data_dir or DEFAULT_DATA
        bodies, stances = folder / "train_bodies.csv", folder / "train_stances.csv"
    elif bodies is None or stances is None:
        raise click.UsageError("give --bodies and --stances, or --holdout [--data DIR]")
    run = evaluate_files(bodies, stances, holdout=holdout, model_dir=model, limit=limit, out=out)
    for problem in run.problems:
        console_err.print(f"error: {problem}", markup=False)
    if run.score is None:
        if not as_json:
            console.print(f"{len(run.labels)} pairs labelled (no gold Stance column to score)")
        else:
            print_json({"n": len(run.labels)})
    elif as_json:
        print_json(run.score.as_dict())
    else:
        console.print(run.score.line())
    if out is not None and not as_json:
        console.print(f"wrote {out}")
    if run.problems:
        raise click.exceptions.Exit(1)


@train_group.command("stance")
@click.option(
    "--data",
    "data_dir",
    default=DEFAULT_DATA,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder with FNC-1's train_bodies.csv and train_stances.csv.",
)
@click.option(
    "--out",
    default=Path("src/claimwatch/weights/stance"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the weights.",
)
@click.option("--epochs", default=2.0, show_default=True, help="Fine-tuning epochs.")
@click.option("--threads", default=1, show_default=True, help="torch threads.")
@click.option("--seed", default=13, show_default=True)
@click.option("--max-length", default=128, show_default=True, help="Tokens per pair.")
@click.option("--limit-bodies", type=int, help="Use only this many bodies (smoke runs).")
@click.option("--max-steps", type=int, help="Stop fine-tuning after this many steps.")
def train_stance(
    data_dir: Path,
    out: Path,
    epochs: float,
    threads: int,
    seed: int,
    max_length: int,
    limit_bodies: int | None,
    max_steps: int | None,
) -> None:
    """Train the stance model on FNC-1 (80% of bodies) and score the 20% hold-out."""
    from claimwatch.train.stance import TrainConfig, run

    for name in ("train_bodies.csv", "train_stances.csv"):
        if not (data_dir / name).is_file():
            raise ClaimwatchError(f"{data_dir / name} is missing: point --data at FNC-1's folder")
    run(
        TrainConfig(
            data_dir,
            out,
            epochs=epochs,
            threads=threads,
            seed=seed,
            max_length=max_length,
            limit_bodies=limit_bodies,
            max_steps=max_steps,
        )
    )


COMMANDS = (train_group,)
