"""serve: the web app and JSON API over a store."""

from __future__ import annotations

import click

from claimwatch.cli.common import console
from claimwatch.errors import ConfigError
from claimwatch.workspace import Workspace, open_workspace

host_option = click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
)
port_option = click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port."
)


def serve_workspace(ws: Workspace, host: str, port: int) -> None:
    """Run the app over ``ws`` until interrupted, saying where to open it."""
    import uvicorn

    from claimwatch.web.app import create_app

    check_free(host, port)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    console.print(f"\nclaimwatch is serving [bold]http://{shown}:{port}/[/] (Ctrl-C stops it)")
    if ws.settings.api_token:
        console.print("Adding news from the app is on: it asks for the API token.")
    else:
        console.print("Adding news from the app is off: set CLAIMWATCH_API_TOKEN to allow it.")
    uvicorn.run(create_app(ws), host=host, port=port, log_level="warning")


def check_free(host: str, port: int) -> None:
    """Refuse at once, in one line, when the address cannot be listened on."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise ConfigError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}): pass another --port "
            "or stop what uses it"
        ) from None


@click.command()
@click.option("--db", envvar="CLAIMWATCH_DB", default="claimwatch.db", show_default=True)
@host_option
@port_option
def serve(db: str, host: str, port: int) -> None:
    """Serve the web app and the JSON API (/api, described at /openapi.json)."""
    with open_workspace(db) as ws:
        serve_workspace(ws, host, port)


COMMANDS = (serve,)
