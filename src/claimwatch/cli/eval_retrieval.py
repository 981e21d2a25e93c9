"""``eval retrieval``: rank known fact-checks for each query (CheckThat! 2020 task 2)."""

from __future__ import annotations

from pathlib import Path

import click

from claimwatch.cli.common import console, console_err, print_json
from claimwatch.cli.evaluate import eval_group


@eval_group.command("retrieval")
@click.option(
    "--queries",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Queries TSV with a header row: id <TAB> text (e.g. tweets.queries.tsv).",
)
@click.option(
    "--collection",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Known claims TSV with a header row: id <TAB> vclaim <TAB> title.",
)
@click.option(
    "--qrels",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TREC qrels (query_id 0 doc_id relevance): score the run (MAP@k, MRR).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the run here in TREC format (qid Q0 docid rank score tag).",
)
@click.option("--depth", default=20, show_default=True, help="Hits per query in the run.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_retrieval(
    queries: Path, collection: Path, qrels: Path | None, out: Path, depth: int, as_json: bool
) -> None:
    """Rank the known claims of the collection for every query and write a TREC run;
    score it (MAP@1/3/5/10, MRR, ms per query) when qrels are given."""
    from claimwatch.evaluate.retrieval import evaluate_files

    if depth < 1:
        raise click.BadParameter("must be at least 1", param_hint="--depth")
    run = evaluate_files(queries, collection, qrels_path=qrels, out=out, depth=depth)
    for problem in run.problems:
        console_err.print(f"warning: {problem}", markup=False)
    if as_json:
        if run.score is not None:
            print_json({**run.score.as_dict(), "run": str(out)})
        else:
            print_json({"queries": len(run.results), "ms_per_query": round(run.ms_per_query, 3)})
        return
    if run.score is not None:
        console.print(run.score.line(), markup=False, soft_wrap=True)
    else:
        console.print(
            f"{len(run.results)} queries ranked  {run.ms_per_query:.2f} ms/query "
            "(no --qrels to score)",
            markup=False,
            soft_wrap=True,
        )
    console.print(f"wrote {out}", markup=False, soft_wrap=True)


COMMANDS = ()
