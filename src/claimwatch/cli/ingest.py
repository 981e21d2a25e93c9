"""ingest, reextract."""

from __future__ import annotations

import sys

import click

from claimwatch.cli.analysis import run_analysis
from claimwatch.cli.common import (
    db_option,
    ingest_progress,
    json_option,
    print_json,
    print_report,
    workspace,
)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--no-analyze", is_flag=True, help="Only store the articles; analyse later.")
@click.option(
    "--processes",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes for the analysis of new articles.",
)
@db_option
@json_option
def ingest(
    sources: tuple[str, ...], no_analyze: bool, processes: int, db: str, as_json: bool
) -> None:
    """Ingest files, folders, WARCs, feeds, URLs and - (stdin) into the store.

    SOURCES may mix HTML (.html, .htm, .gz), plain text (.txt, .md), JSON/JSONL articles,
    WARC (.warc, .warc.gz), RSS/Atom feeds (files or URLs) and article URLs. Folders are read
    recursively. Exits with status 1 when any item failed; re-running is safe.
    """
    with workspace(db) as ws:
        with ingest_progress("ingest") as progress:
            report = ws.ingest(sources, stdin=sys.stdin.buffer, progress=progress)
        if not as_json:
            print_report(report)
        analysis = None
        if not no_analyze:
            analysis = run_analysis(ws, everything=False, processes=processes, as_json=as_json)
    if as_json:
        print_json(report.as_dict() | {"analysis": analysis.as_dict() if analysis else None})

    if report.failed:
        sys.exit(1)


@click.command()
@db_option
@json_option
def reextract(db: str, as_json: bool) -> None:
    """Extract every stored article again from its kept raw input (after an upgrade)."""
    with workspace(db) as ws, ingest_progress("re-extract") as progress:
        report = ws.reextract(progress=progress)
    if as_json:
        print_json(report.as_dict())
    else:
        print_report(report)
    if report.failed:
        sys.exit(1)


COMMANDS = (ingest, reextract)
