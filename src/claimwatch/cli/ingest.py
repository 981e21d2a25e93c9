"""ingest, reextract."""

from __future__ import annotations

import sys

import click

from claimwatch.cli.common import db_option, ingest_progress, json_option, print_report, workspace


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@json_option
def ingest(sources: tuple[str, ...], db: str, as_json: bool) -> None:
    """Ingest files, folders, WARCs, feeds, URLs and - (stdin) into the store.

    SOURCES may mix HTML (.html, .htm, .gz), plain text (.txt, .md), JSON/JSONL articles,
    WARC (.warc, .warc.gz), RSS/Atom feeds (files or URLs) and article URLs. Folders are read
    recursively. Exits with status 1 when any item failed; re-running is safe.
    """
    with workspace(db) as ws, ingest_progress("ingest") as progress:
        report = ws.ingest(sources, stdin=sys.stdin.buffer, progress=progress)
    print_report(report, as_json)
    if report.failed:
        sys.exit(1)


@click.command()
@db_option
@json_option
def reextract(db: str, as_json: bool) -> None:
    """Extract every stored article again from its kept raw input (after an upgrade)."""
    with workspace(db) as ws, ingest_progress("re-extract") as progress:
        report = ws.reextract(progress=progress)
    print_report(report, as_json)
    if report.failed:
        sys.exit(1)


COMMANDS = (ingest, reextract)
