"""analyze, statements, speakers, claims, stance."""

from __future__ import annotations

import sys

import click
from rich.markup import escape
from rich.table import Table

from claimwatch.cli.common import (
    console,
    db_option,
    json_option,
    print_json,
    progress_bar,
    workspace,
)
from claimwatch.nlp.report import AnalysisReport
from claimwatch.serialize_nlp import claim, speaker, stance_record, statement
from claimwatch.workspace import Workspace

ACTS = click.Choice(["assert", "deny", "confirm"])


def _analysis_counts(report: AnalysisReport) -> str:
    return (
        f"{report.statements} statements · {report.reported_claims} reported claims · "
        f"[red]{len(report.errors)} errors[/]"
    )


def run_analysis(
    ws: Workspace, *, everything: bool, processes: int, as_json: bool
) -> AnalysisReport:
    with progress_bar("analyse", _analysis_counts, unit="articles") as progress:
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


@click.command()
@click.option("--article", help="Only this article's claims.")
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    help="Only claims at least this check-worthy (0–1).",
)
@click.option("--limit", default=200, show_default=True, type=click.IntRange(1, 100_000))
@db_option
@json_option
def claims(
    article: str | None, min_score: float | None, limit: int, db: str, as_json: bool
) -> None:
    """Claims in words that stand on their own, with who made them and how."""
    with workspace(db) as ws:
        found = ws.claims(article=article, min_score=min_score, limit=limit)
    if as_json:
        print_json([claim(c) for c in found])
        return
    if not found:
        console.print("no claims match (run `claimwatch analyze` first?)")
    for c in found:
        score = "-" if c.checkworthiness is None else f"{c.checkworthiness:.2f}"
        who = c.speaker_name or "unattributed"
        console.print(
            f"[bold]{score}[/] {escape(c.text)}\n"
            f"  [dim]{escape(who)} ({c.act}, {c.source}) {c.article_id}[/]"
        )


@click.command()
@click.argument("claim_text", metavar="CLAIM")
@click.option("--article", "article_id", help="Read only this article.")
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Without --article: read at most this many articles sharing words with CLAIM.",
)
@db_option
@json_option
def stance(claim_text: str, article_id: str | None, limit: int, db: str, as_json: bool) -> None:
    """Does an article agree with CLAIM, disagree, discuss it, or is it unrelated? With the
    statements (speaker, quote) that decided each speaker's stance. Without --article, every
    article that shares words with CLAIM is read. Results are stored."""
    with workspace(db) as ws:
        if article_id:
            found = ws.stance(claim_text, article_id)
        else:
            with progress_bar("read", lambda _: "", unit="articles") as bar:
                found = ws.stances(
                    claim_text, limit=limit, progress=lambda done, total: bar(done, total, None)
                )
    if as_json:
        print_json([stance_record(s) for s in found])
        return
    if not found:
        console.print("no English article shares words with this claim")
    unrelated = {s.article_id for s in found if s.statement_id is None and s.label == "unrelated"}
    for s in found:
        if s.article_id in unrelated and not article_id:
            continue
        if s.statement_id is None:
            when = s.published.date().isoformat() if s.published else "undated"
            console.print(
                f"[bold]{s.label}[/] ({s.score:.2f}) {escape(s.outlet or '-')} {when} "
                f"[dim]{s.article_id}: {escape(s.reason)}[/]"
            )
        else:
            console.print(
                f"  {s.label} — {escape(s.speaker_name or 'unknown')} "
                f"[dim]({s.speaker_type}; {escape(s.reason)})[/]"
            )
            console.print(f"    “{escape(s.statement_text or '')}”")
    if unrelated and not article_id:
        console.print(f"[dim]{len(unrelated)} more articles share words with it but do not speak "
                      "of it (unrelated; --json lists them)[/]")  # fmt: skip


COMMANDS = (analyze, statements, speakers, claims, stance)
