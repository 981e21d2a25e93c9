"""The ASGI app: the JSON API under /api (described at /openapi.json) and the HTML pages,
both over web/views.py. ``create_app(ws)`` builds it; ``claimwatch serve`` runs it."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from claimwatch import __version__
from claimwatch.errors import BadRequest, ClaimwatchError, ConfigError, NotFound, SourceError
from claimwatch.web import api, pages
from claimwatch.web.jobs import JobRunner
from claimwatch.web.pages import ChartCache
from claimwatch.web.render import render
from claimwatch.web.security import Forbidden, Guard, TooLarge
from claimwatch.workspace import Workspace

log = logging.getLogger("claimwatch.web")

_STATUS: tuple[tuple[type[ClaimwatchError], int], ...] = (
    (NotFound, 404),
    (Forbidden, 403),
    (TooLarge, 413),
    (BadRequest, 400),
    (ConfigError, 400),
    (SourceError, 400),
)


def create_app(ws: Workspace) -> FastAPI:
    """The app over the open workspace ``ws`` (closed when the app shuts down)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=warm_up, args=(ws,), name="claimwatch-warm-up", daemon=True).start()
        yield
        app.state.runner.close()

    app = FastAPI(
        title="claimwatch",
        version=__version__,
        description=(
            "Who claims what, who denies it, with which words, where and when. Reading is "
            "open; ingest needs the API token (`Authorization: Bearer TOKEN`). Errors are "
            '`{"ok": false, "status": N, "error": "..."}`.'
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ws = ws
    app.state.runner = JobRunner(ws)
    app.state.charts = ChartCache()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(files("claimwatch.web") / "static")), "static")
    app.add_exception_handler(ClaimwatchError, _claimwatch_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal_error)
    app.add_middleware(Guard, max_bytes=ws.settings.max_request_bytes)
    return app


def warm_up(ws: Workspace) -> None:
    """Load what the first check and the first chart need (the embedding model, the claim
    index, matplotlib), so that the first user does not wait for it."""
    try:
        from claimwatch import charts  # noqa: F401
        from claimwatch.link.embed import model

        model()
        ws.vectors.index()
    except Exception:  # a failed warm-up only means a slower first request
        log.warning("warm-up failed", exc_info=True)


def error_response(request: Request, status: int, message: str) -> Response:
    """The one error shape: JSON under /api, an HTML page elsewhere."""
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"ok": False, "status": status, "error": message}, status)
    html = render("error.html", request, {"status": status, "message": message})
    return HTMLResponse(html, status)


def _claimwatch_error(request: Request, exc: ClaimwatchError) -> Response:
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)
    if status == 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    return error_response(request, status, str(exc))


def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body", "path"))
        problems.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return error_response(request, 400, "; ".join(problems) or "invalid request")


def _http_error(request: Request, exc: HTTPException) -> Response:
    message = exc.detail if isinstance(exc.detail, str) else "request refused"
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(request, exc.status_code, message)


def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.url.path)
    return error_response(request, 500, "internal error; the server log has the details")
