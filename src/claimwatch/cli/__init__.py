"""The ``claimwatch`` command: thin shells over library calls. Each command parses its
options, calls one library function and prints; known errors become one line on stderr."""

from __future__ import annotations

import click
from rich.markup import escape

from claimwatch import __version__
from claimwatch.cli import (
    analysis,
    articles,
    check_commands,
    checkworthy,
    demo,
    eval_retrieval,  # noqa: F401 - registers `eval retrieval`
    eval_stories,  # noqa: F401 - registers `eval stories`
    evaluate,
    export_commands,
    ingest,
    serve,
    stance_commands,
)
from claimwatch.cli.common import console_err
from claimwatch.errors import ClaimwatchError


class ClaimwatchGroup(click.Group):
    """Turns claimwatch's own errors into one line and exit status 1, Ctrl-C into 130."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ClaimwatchError as exc:
            console_err.print(f"[bold red]error:[/] {escape(str(exc))}")
            ctx.exit(1)
        except KeyboardInterrupt:
            console_err.print("interrupted: what was stored is kept; run the same command again")
            ctx.exit(130)


@click.group(cls=ClaimwatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimwatch")
def cli() -> None:
    """claimwatch: who claims what, who denies it, with which words, where and when."""


for module in (
    ingest,
    analysis,
    articles,
    demo,
    evaluate,
    stance_commands,
    checkworthy,
    check_commands,
    export_commands,
    serve,
):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli(prog_name="claimwatch")
