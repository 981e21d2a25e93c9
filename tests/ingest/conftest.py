"""Fixtures for ingest tests: a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class LocalReply:
    """What the local server answers on one path. ``delay`` seconds pass before it answers
    (cut short when the server stops); ``length`` overrides the Content-Length header
    (``None``: the body's length; ``-1``: no header, the body ends when the connection does)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: int | None = None


@dataclass(frozen=True)
class LocalRequest:
    path: str
    headers: dict[str, str]


Route = LocalReply | Callable[[LocalRequest], LocalReply]


class LocalHTTPServer:
    """A threading HTTP/1.0 server on a free port of 127.0.0.1. Add routes with :meth:`route`;
    every request received is recorded in :attr:`requests` (header names lower-cased)."""

    Reply = LocalReply

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[LocalRequest] = []
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = False
        self._server.block_on_close = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, reply: Route | None = None, **fields: object) -> None:
        """Answer ``path`` with ``reply`` (a :class:`LocalReply` or a function of the request
        returning one), or with ``LocalReply(**fields)``."""
        self.routes[path] = reply if reply is not None else LocalReply(**fields)  # type: ignore[arg-type]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def answer(self, request: LocalRequest) -> LocalReply:
        self.requests.append(request)
        route = self.routes.get(request.path)
        if route is None:
            return LocalReply(404, b"not found", {"Content-Type": "text/plain"})
        return route(request) if callable(route) else route


def _handler_for(server: LocalHTTPServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = server.answer(LocalRequest(self.path, headers))
            if reply.delay and server.stopping.wait(reply.delay):
                return
            # The client may have given up (a timeout test): then there is no one to answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(reply)

        def _send(self, reply: LocalReply) -> None:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            length = len(reply.body) if reply.length is None else reply.length
            if length >= 0:
                self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def local_http() -> Iterator[LocalHTTPServer]:
    """A running :class:`LocalHTTPServer`, stopped (and its threads joined) after the test."""
    server = LocalHTTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
