"""``eval retrieval``: rank known fact-checks for each query (CheckThat! 2020 task 2)."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import click

from claimwatch.cli.common import console, console_err, print_json, progress_bar
from claimwatch.cli.evaluate import eval_group


class _Stages:
    """One progress bar per stage, opened at its first report, closed by the next stage
    (rich shows one live display at a time); a stage that never reports shows nothing."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._label: str | None = None
        self._update: Callable[[int, int, None], None] | None = None

    def reporter(self, label: str, unit: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            if self._label != label or self._update is None:
                self._stack.close()
                self._stack = ExitStack()
                self._update = self._stack.enter_context(
                    progress_bar(label, lambda _: "", unit=unit)
                )
                self._label = label
            self._update(done, total, None)

        return report

    def __enter__(self) -> _Stages:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/claimwatch/retrieval`` (``~/.cache/...`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimwatch" / "retrieval"


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
@click.option(
    "--method",
    type=click.Choice(["hybrid", "bm25"]),
    default="hybrid",
    show_default=True,
    help="hybrid: BM25F fused with e5 sentence embeddings (~40 ms/query); "
    "bm25: BM25F alone (<1 ms/query).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the collection's vectors here (hybrid; embedding 10k claims takes minutes). "
    "Default: $XDG_CACHE_HOME/claimwatch/retrieval or ~/.cache/claimwatch/retrieval.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_retrieval(
    queries: Path,
    collection: Path,
    qrels: Path | None,
    out: Path,
    depth: int,
    method: str,
    cache_dir: Path | None,
    as_json: bool,
) -> None:
    """Rank the known claims of the collection for every query and write a TREC run;
    score it (MAP@1/3/5/10, MRR, ms per query) when qrels are given."""
    from claimwatch.evaluate.retrieval import evaluate_files

    if depth < 1:
        raise click.BadParameter("must be at least 1", param_hint="--depth")
    with _Stages() as stages:
        run = evaluate_files(
            queries,
            collection,
            qrels_path=qrels,
            out=out,
            depth=depth,
            method=method,
            cache_dir=cache_dir or default_cache(),
            embed_progress=stages.reporter("embed claims", "texts"),
            query_progress=stages.reporter("rank queries", "queries"),
        )
    for problem in run.problems:
        console_err.print(f"warning: {problem}", markup=False)
    if as_json:
        if run.score is not None:
            print_json({**run.score.as_dict(), "method": method, "run": str(out)})
        else:
            print_json(
                {
                    "queries": len(run.results),
                    "ms_per_query": round(run.ms_per_query, 3),
                    "method": method,
                }
            )
        return
    if run.score is not None:
        console.print(f"{method}: {run.score.line()}", markup=False, soft_wrap=True)
    else:
        console.print(
            f"{method}: {len(run.results)} queries ranked  {run.ms_per_query:.2f} ms/query "
            "(no --qrels to score)",
            markup=False,
            soft_wrap=True,
        )
    console.print(f"wrote {out}", markup=False, soft_wrap=True)


COMMANDS = ()
