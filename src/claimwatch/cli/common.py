"""What every command shares: the --db option, consoles, JSON output, progress."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from claimwatch.ingest.pipeline import IngestReport
from claimwatch.workspace import Workspace, open_workspace

console = Console(highlight=False)
console_err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        envvar="CLAIMWATCH_DB",
        default="claimwatch.db",
        show_default=True,
        help="Store: a SQLite file or a postgresql:// URL (env CLAIMWATCH_DB).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


@contextmanager
def workspace(db: str) -> Iterator[Workspace]:
    ws = open_workspace(db)
    try:
        yield ws
    finally:
        ws.close()


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def parse_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


R = TypeVar("R")


@contextmanager
def progress_bar(
    label: str, describe: Callable[[R], str], unit: str = "items"
) -> Iterator[Callable[[int, int, R], None]]:
    """A progress bar on stderr: inputs done of all, what ``describe`` says of the report
    so far, and the rate."""
    started = time.monotonic()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console_err, transient=False) as bar:
        task = bar.add_task(label, total=None, counts="", rate="")

        def update(done: int, total: int, report: R) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.update(
                task,
                total=total,
                completed=done,
                counts=describe(report),
                rate=f"{done / elapsed:.1f} {unit}/s",
            )

        yield update


def _ingest_counts(report: IngestReport) -> str:
    return (
        f"new {report.new} · updated {report.updated} · dup {report.duplicate} · "
        f"same {report.unchanged} · [red]failed {report.failed}[/]"
    )


def ingest_progress(label: str) -> AbstractContextManager[Callable[[int, int, IngestReport], None]]:
    return progress_bar(label, _ingest_counts, unit="inputs")


def print_report(report: IngestReport) -> None:
    console.print(
        f"{report.items} items: [green]{report.new} new[/], {report.updated} updated, "
        f"{report.duplicate} duplicate, {report.unchanged} unchanged, "
        f"[red]{report.failed} failed[/]"
    )
    for failure in report.failures:
        console.print(f"  [red]✗[/] {escape(failure.origin)}: {escape(failure.reason)}")
