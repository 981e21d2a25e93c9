"""demo: ingest the bundled corpus and say what to try next."""

from __future__ import annotations

import secrets
from dataclasses import replace

import click

from claimwatch.cli.analysis import run_analysis
from claimwatch.cli.check_commands import run_link
from claimwatch.cli.common import console, ingest_progress, print_report, workspace
from claimwatch.cli.serve import check_free, host_option, port_option, serve_workspace
from claimwatch.demo import corpus_path
from claimwatch.settings import Settings
from claimwatch.workspace import open_workspace


@click.command()
@click.option(
    "--db",
    envvar="CLAIMWATCH_DEMO_DB",
    default="claimwatch-demo.db",
    show_default=True,
    help="Where to build the demo store.",
)
@click.option("--no-serve", is_flag=True, help="Only build the store; do not start the web app.")
@host_option
@port_option
def demo(db: str, no_serve: bool, host: str, port: int) -> None:
    """Build a store from the bundled demo corpus (fictional outlets, a rumour and its denial)."""
    if not no_serve:
        check_free(host, port)  # before the build, not two minutes into it
    with workspace(db) as ws:
        with ingest_progress("demo") as progress:
            report = ws.ingest([str(corpus_path())], progress=progress)
        print_report(report)
        run_analysis(ws, everything=False, processes=1, as_json=False)
        run_link(ws)
    console.print(
        f"\nThe demo store is [bold]{db}[/]. Try:\n"
        f"  claimwatch stats --db {db}\n"
        f"  claimwatch articles --db {db} --limit 10\n"
        f'  claimwatch search "contingent withdrawal" --db {db}\n'
        f"  claimwatch outlets --db {db}\n"
        f"  claimwatch statements --act deny --db {db}\n"
        f"  claimwatch speakers --db {db}\n"
        f"  claimwatch claims --min-score 0.5 --db {db}\n"
        f'  claimwatch stance "The Caledran contingent will withdraw from Valdor" --db {db}\n'
        f'  claimwatch check "Caledra is pulling its troops out of Valdor" --db {db}\n'
        f"  claimwatch stories --min-size 2 --db {db}\n"
        f"  claimwatch show ARTICLE_ID --db {db}"
    )
    if no_serve:
        return
    settings = Settings.from_env()
    if not settings.api_token:
        settings = replace(settings, api_token=secrets.token_urlsafe(18))
        console.print(f"\nThe web app's API token for this run: [bold]{settings.api_token}[/]")
    with open_workspace(db, settings) as ws:
        serve_workspace(ws, host, port)


COMMANDS = (demo,)
