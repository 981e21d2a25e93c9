"""chart, export, factchecks."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from claimwatch.cli.common import (
    console,
    console_err,
    db_option,
    json_option,
    print_json,
    workspace,
)
from claimwatch.errors import BadRequest
from claimwatch.store.queries_link import resolve_canonical_id


@click.group()
def chart() -> None:
    """Charts of what the store holds."""


@chart.command("claim")
@click.argument("claim_id")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="FILE.png or FILE.svg")
@db_option
def chart_claim(claim_id: str, out: str, db: str) -> None:
    """Draw a claim's spread over time, by outlet and stance."""
    from claimwatch.charts import render_spread
    from claimwatch.verify.check import check_canonical
    from claimwatch.verify.spread import claim_spread

    with workspace(db) as ws:
        spread = claim_spread(check_canonical(ws, resolve_canonical_id(ws.store.engine, claim_id)))
    if not spread.points:
        raise BadRequest(f"{claim_id}: no dated evidence to draw")
    path = render_spread(spread.points, out, title=spread.title, marks=spread.marks)
    console.print(f"wrote {escape(str(path))} ({len(spread.points)} articles)")


@click.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), help="Export everything.")
@click.option("--out", type=click.Path(), help="File (jsonl; default stdout) or folder (csv).")
@db_option
@click.pass_context
def export(ctx: click.Context, fmt: str | None, out: str | None, db: str) -> None:
    """Export claims, statements and evidence (--format), or one claim as ClaimReview."""
    if ctx.invoked_subcommand is not None:
        return
    from claimwatch.verify.export import write_csv, write_jsonl

    if fmt is None:
        raise click.UsageError("give --format jsonl|csv, or a subcommand (claimreview CLAIM_ID)")
    with workspace(db) as ws:
        if fmt == "csv":
            if not out:
                raise click.UsageError("--format csv writes a folder of CSV files: give --out DIR")
            counts = write_csv(ws, Path(out))
            console_err.print(f"wrote {counts} to {out}")
        elif out:
            tmp = Path(out + ".tmp")
            with tmp.open("w", encoding="utf-8") as handle:
                n = write_jsonl(ws, handle)
            tmp.replace(out)
            console_err.print(f"wrote {n} records to {out}")
        else:
            write_jsonl(ws, sys.stdout)


@export.command("claimreview")
@click.argument("claim_id")
@db_option
def export_claimreview(claim_id: str, db: str) -> None:
    """One canonical claim as schema.org ClaimReview JSON-LD."""
    from claimwatch.verify.check import check_canonical
    from claimwatch.verify.export import claimreview

    with workspace(db) as ws:
        result = check_canonical(ws, resolve_canonical_id(ws.store.engine, claim_id))
    print_json(claimreview(result))


@click.group()
def factchecks() -> None:
    """Known fact-checks: import them, list them."""


@factchecks.command("import")
@click.argument("paths", nargs=-1, required=True)
@db_option
@json_option
def factchecks_import(paths: tuple[str, ...], db: str, as_json: bool) -> None:
    """Import fact-checks: ClaimReview JSON-LD (files, HTML pages, DataFeeds, JSONL),
    CheckThat! verified-claims TSV, EUvsDisinfo CSV (a file or its folder)."""
    from claimwatch.cli.common import progress_bar

    with workspace(db) as ws, progress_bar("embed", lambda _: "", unit="fact-checks") as bar:
        report = ws.import_fact_checks(paths, progress=lambda d, t: bar(d, t, None))
    if as_json:
        print_json(report.as_dict())
    else:
        console.print(
            f"read {report.read}, stored {report.stored} fact-checks; "
            f"{report.matches} matches with stored claims"
        )
        for _, reason in report.failures[:50]:
            console_err.print(f"  [red]✗[/] {escape(reason)}")
        if len(report.failures) > 50:
            console_err.print(f"  … and {len(report.failures) - 50} more")
    if report.failures:
        sys.exit(1)


COMMANDS = (chart, export, factchecks)
