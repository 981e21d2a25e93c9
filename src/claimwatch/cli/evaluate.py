"""eval: measure a component against a benchmark's files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from claimwatch.cli.common import console, print_json


@click.group("eval")
def eval_group() -> None:
    """Evaluate a component on benchmark data."""


@eval_group.command("extraction")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with html/<id>.html.gz (and optionally ground-truth.json).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write {id: text} as JSON.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_extraction(data_dir: Path, out: Path, as_json: bool) -> None:
    """Extract every page with ingest's HTML code path; score it when gold is present."""
    from claimwatch.evaluate.extraction import (
        extract_directory,
        load_ground_truth,
        score_extraction,
    )

    predicted = extract_directory(data_dir)
    out.write_text(json.dumps(predicted, ensure_ascii=False, indent=1), encoding="utf-8")
    gold_path = data_dir / "ground-truth.json"
    if not gold_path.exists():
        console.print(
            f"wrote {len(predicted)} extractions to {out} (no ground-truth.json to score)"
        )
        return
    score = score_extraction(load_ground_truth(gold_path), predicted)
    if as_json:
        print_json(score.__dict__)
        return
    console.print(
        f"{score.pages} pages  precision {score.precision:.3f}  recall {score.recall:.3f}  "
        f"F1 {score.f1:.3f}  exact {score.accuracy:.3f}"
    )


@eval_group.command("attribution")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="PolNeAR layout: text/<id>.txt and attributions/<id>_<annotator>.ann.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_attribution(data_dir: Path, as_json: bool) -> None:
    """Score statement extraction (content, cue, source) on PolNeAR-style data."""
    from claimwatch.evaluate.attribution import evaluate
    from claimwatch.evaluate.attribution_statements import statement_attributions

    score = evaluate(data_dir, statement_attributions)
    if as_json:
        print_json(score.as_dict())
        return
    console.print(f"{score.articles} articles, {score.gold} gold / {score.predicted} predicted")
    for role in ("content", "cue", "source"):
        exact, overlap = getattr(score, f"{role}_exact"), getattr(score, f"{role}_overlap")
        console.print(
            f"  {role:8} exact P {exact.precision:.3f} R {exact.recall:.3f} F1 {exact.f1:.3f}"
            f"   overlap P {overlap.precision:.3f} R {overlap.recall:.3f} F1 {overlap.f1:.3f}"
        )
    console.print(f"  source accuracy {score.source_accuracy:.3f}")


COMMANDS = (eval_group,)
