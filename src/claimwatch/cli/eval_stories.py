"""``eval stories``: cluster a JSONL file of documents into stories; B³ when gold is known."""

from __future__ import annotations

from pathlib import Path

import click

from claimwatch.cli.common import console, print_json
from claimwatch.cli.evaluate import eval_group


@eval_group.command("stories")
@click.option(
    "--data",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSONL, one document a line: doc_id, sentences (or text)[, story_id, split, url].",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write {doc_id: cluster_id} as JSON.",
)
@click.option("--split", help="Only the documents whose split field equals this (train, dev).")
@click.option(
    "--method",
    type=click.Choice(["online", "batch"]),
    default="batch",
    show_default=True,
    help="batch: average linkage, as `claimwatch link` groups stories; online: the one-pass "
    "stream clusterer.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_stories(data: Path, out: Path, split: str | None, method: str, as_json: bool) -> None:
    """Group the documents into stories and write the clusters; score them with B³
    (precision, recall, F1 over documents) when the file has gold story_id values."""
    from claimwatch.evaluate.stories import evaluate_file

    run = evaluate_file(data, out, split=split, method=method)
    clusters = len(set(run.clusters.values()))
    if as_json:
        print_json(
            {"documents": len(run.clusters), "clusters": clusters, "method": method}
            if run.score is None
            else {**run.score.as_dict(), "method": method}
        )
        return
    if run.score is None:
        line = f"{len(run.clusters)} documents in {clusters} clusters (no story_id to score)"
    else:
        line = run.score.line()
    console.print(line, soft_wrap=True, markup=False)
    console.print(f"wrote {out}", soft_wrap=True, markup=False)


COMMANDS = ()
