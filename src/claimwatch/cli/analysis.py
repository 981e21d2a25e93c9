"""analyze, statements, speakers."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimwatch.cli.common import (
    console,
    console_err,
    db_option,
    json_option,
    print_json,
    workspace,
)
from claimwatch.nlp.report import AnalysisReport
from claimwatch.serialize_nlp import speaker, statement
from claimwatch.workspace import Workspace

ACTS = click.Choice(["assert", "deny", "confirm"])


@contextmanager
def analysis_progress() -> Iterator[Callable[[int, int, AnalysisReport], None]]:
    started = time.monotonic()
    columns = (
        TextColumn("[bold]analyse"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console_err) as bar:
        task = bar.add_task("analyse", total=None, counts="", rate="")

        def update(done: int, total: int, report: AnalysisReport) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            counts = (
                f"{report.statements} statements · {report.reported_claims} reported claims · "
                f"[red]{len(report.errors)} errors[/]"
            )
            bar.update(task, total=total, completed=done, counts=counts, rate=f"{rate:.1f} art/s")

        yield update


def run_analysis(
    ws: Workspace, *, everything: bool, processes: int, as_json: bool
) -> AnalysisReport:
    with analysis_progress() as progress:
        report = ws.analyze(everything=everything, processes=processes, progress=progress)
    if not as_json:
        console.print(
            f"analysed {report.analysed} articles: {report.statements} statements, "
            f"{report.reported_claims} reported claims, {report.entities} entities"
        )
        for reason, n in report.skipped.items():
            console.print(f"  skipped {n}: {escape(reason)}")
        for article, error in report.errors:
            console.print(f"  [red]✗[/] {article}: {escape(error)}")
    return report


@click.command()
@click.option("--all", "everything", is_flag=True, help="Analyse every article again.")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64))
@db_option
@json_option
def analyze(everything: bool, processes: int, db: str, as_json: bool) -> None:
    """Find entities, statements and reported claims in articles not yet analysed."""
    with workspace(db) as ws:
        report = run_analysis(ws, everything=everything, processes=processes, as_json=as_json)
    if as_json:
        print_json(report.as_dict())
    if report.errors:
        sys.exit(1)


@click.command()
@click.option("--article", help="Only this article's statements.")
@click.option("--speaker", help="Speaker name (or part of it).")
@click.option("--act", type=ACTS, help="Only statements with this act.")
@click.option("--limit", default=200, show_default=True, type=click.IntRange(1, 100_000))
@db_option
@json_option
def statements(
    article: str | None, speaker: str | None, act: str | None, limit: int, db: str, as_json: bool
) -> None:
    """Who said what: quotes and reported speech with speaker, cue and act."""
    with workspace(db) as ws:
        found = ws.statements(article=article, speaker=speaker, act=act, limit=limit)
    if as_json:
        print_json([statement(s) for s in found])
        return
    if not found:
        console.print("no statements match (run `claimwatch analyze` first?)")
    for s in found:
        who = s.speaker_name or "unknown"
        console.print(
            f"[bold]{escape(who)}[/] [dim]({s.speaker_type}, {s.act}, {s.kind}, "
            f"{escape(s.cue or '-')}) {s.article_id}[/]"
        )
        console.print(f"  “{escape(s.text)}”")


@click.command()
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100_000))
@db_option
@json_option
def speakers(limit: int, db: str, as_json: bool) -> None:
    """Speakers: type, number of statements, outlets that quoted them."""
    with workspace(db) as ws:
        found = ws.speakers(limit=limit)
    if as_json:
        print_json([speaker(s) for s in found])
        return
    table = Table("speaker", "type", "statements", "outlets")
    for s in found:
        table.add_row(escape(s.name), s.type, str(s.statements), escape(", ".join(s.outlets)))
    console.print(table)


COMMANDS = (analyze, statements, speakers)
