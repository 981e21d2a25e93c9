"""What protects the web app and its users: strict response headers (a Content-Security-
Policy that allows only our own static files), a request size limit enforced while the
body streams in, and the API token that anything writing must show."""

from __future__ import annotations

import hmac
import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimwatch.errors import BadRequest, ClaimwatchError

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class Forbidden(ClaimwatchError):
    """A write without the right API token, or with writing switched off."""


class TooLarge(ClaimwatchError):
    """A request body over the size limit."""


def check_token(expected: str, given: str | None) -> None:
    """Refuse a write unless ``given`` is the configured token (compared in constant time)."""
    if not expected:
        raise Forbidden(
            "writing from the web is off: start the server with CLAIMWATCH_API_TOKEN set"
        )
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Forbidden("a valid API token is needed: send 'Authorization: Bearer TOKEN'")


def bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def web_url(value: str, what: str = "url") -> str:
    """An http(s) URL typed into the app (never a local path); BadRequest otherwise. The
    address it names is checked when it is fetched (private ones refused unless allowed)."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"{what}: '{value[:200]}' is not an http:// or https:// URL")
    if len(value) > 2000:
        raise BadRequest(f"{what}: the URL is longer than 2,000 characters")
    return value


class Guard:
    """ASGI middleware: the security headers on every response, and a body size limit
    (413 as soon as the body, announced or streamed, passes ``max_bytes``)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = dict(scope.get("headers") or []).get(b"content-length")
        if announced is not None and announced.isdigit() and int(announced) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge(f"the request body is over {self.max_bytes:,} bytes")
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except TooLarge:
            if not started:
                await _too_large(send, self.max_bytes)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"ok": False, "status": 413, "error": f"the request body is over {limit:,} bytes"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
