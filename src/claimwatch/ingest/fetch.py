"""Fetch web pages and feeds politely and safely.

Every hop of a fetch (the first URL and each redirect target) is checked before anything is
sent: http or https only, a host that resolves to public addresses only (unless
``allow_private``), and a robots.txt that allows it (unless the host is exempt). Requests to
one host are spaced by ``host_delay`` (or the robots.txt Crawl-delay, if larger). Timeouts,
connection errors, 429 and 5xx answers are retried with exponential backoff. Every failure is
raised as a :class:`~claimwatch.errors.FetchError` subclass.

Documented choices: a robots.txt that cannot be fetched (timeout, connection error, 5xx, too
large, redirected somewhere refused) allows everything, as do 404, 410 and other 4xx; 401 and
403 disallow everything. robots.txt is fetched in one attempt (no retries) and cached per
scheme, host and port for the life of the :class:`Fetcher`.

Known limit: the address check and the connection resolve the host separately, so a host
whose DNS answer changes between the two (DNS rebinding) is not caught.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from typing import TYPE_CHECKING
from urllib.robotparser import RobotFileParser

import httpx

from claimwatch.errors import (
    BlockedURL,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    TooManyRedirects,
    UnsupportedContent,
)

if TYPE_CHECKING:
    from claimwatch.settings import Settings

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_XML_FEEDS = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
FEED_TYPES = frozenset(_XML_FEEDS | {"application/xml", "text/xml"})
TEXT_TYPES = frozenset({"text/plain"})

#: The product token matched against robots.txt ``User-agent`` lines.
ROBOTS_AGENT = "claimwatch"
MAX_CRAWL_DELAY = 30.0
MAX_RETRY_AFTER = 60.0
ROBOTS_MAX_BYTES = 512_000
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PRIVATE_HINT = "set CLAIMWATCH_ALLOW_PRIVATE_URLS=true to fetch from your own network"

Resolver = Callable[[str], list[str]]


def _version() -> str:
    # Not ``claimwatch.__version__``: this module may be imported while the package loads.
    try:
        return metadata.version("claimwatch")
    except metadata.PackageNotFoundError:
        return "dev"


DEFAULT_USER_AGENT = (
    f"claimwatch/{_version()} (+https://github.com/claimwatch/claimwatch; news claim monitor)"
)


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    max_redirects: int = 5
    max_bytes: int = 10_000_000
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    robots_exempt_hosts: frozenset[str] = frozenset()
    host_delay: float = 1.0
    allow_private: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            timeout=settings.fetch_timeout,
            retries=settings.fetch_retries,
            max_bytes=settings.max_response_bytes,
            robots_exempt_hosts=settings.exempt_hosts(),
            host_delay=settings.host_delay,
            allow_private=settings.allow_private_urls,
        )


DEFAULT_POLICY = FetchPolicy()


@dataclass(frozen=True)
class Validators:
    """What a server said about a response, sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """A 2xx answer with its body, or a 304 (``not_modified``, empty ``content``)."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    validators: Validators
    not_modified: bool


@dataclass(frozen=True)
class _Job:
    """One fetch as asked: every hop and attempt is sent with these."""

    asked: str
    headers: dict[str, str]
    accept: frozenset[str]  # empty: any media type
    max_bytes: int
    attempts: int
    robots: bool = True  # check robots.txt before each hop


@dataclass(frozen=True)
class _Reply:
    """One answer, its body already read (only for 2xx) and its connection closed."""

    url: httpx.URL
    status: int
    reason: str
    headers: httpx.Headers
    content: bytes


def system_resolver(host: str) -> list[str]:
    """The addresses ``host`` resolves to, as the system resolver says."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public_address(ip: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved and unspecified addresses,
    including IPv4 addresses wrapped in IPv6 (``::ffff:127.0.0.1``, 6to4)."""
    addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or addr.sixtofour
        if embedded is not None:
            addr = embedded
    # not is_global covers private, loopback, link-local and shared (100.64/10) addresses.
    return addr.is_global and not (addr.is_multicast or addr.is_reserved or addr.is_unspecified)


def parse_content_type(value: str) -> tuple[str, str | None]:
    """``"Text/HTML; charset=UTF-8"`` -> ``("text/html", "UTF-8")``; ``""`` -> ``("", None)``."""
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'") or None
    return media.strip().lower(), charset


class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`; keeps a connection pool, a robots.txt cache
    and the time of the last request to each host. Close it (or use it as a context manager)."""

    def __init__(
        self,
        policy: FetchPolicy = DEFAULT_POLICY,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        resolver: Resolver | None = None,
    ) -> None:
        self.policy = policy
        self._client = httpx.Client(
            transport=transport,
            timeout=policy.timeout,
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent},
        )
        self._clock = clock
        self._sleep = sleep
        self._resolve = resolver or system_resolver
        self._robots: dict[tuple[str, str, int | None], RobotFileParser] = {}
        self._crawl_delays: dict[str, float] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        accept: Iterable[str] = HTML_TYPES,
        validators: Validators | None = None,
    ) -> FetchResult:
        """GET ``url``. ``accept`` lists the media types wanted (empty: any); a response without
        a Content-Type passes (the caller sniffs). With ``validators`` the request is
        conditional and a 304 comes back as ``not_modified``."""
        wanted = frozenset(t.lower() for t in ([accept] if isinstance(accept, str) else accept))
        headers = {"Accept": ", ".join(sorted(wanted)) or "*/*"}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        job = _Job(url, headers, wanted, self.policy.max_bytes, 1 + self.policy.retries)
        reply = self._follow(job)
        if reply.status == 304 and validators is not None:
            return _result(url, reply, validators)
        if not 200 <= reply.status < 300:
            raise _status_error(url, reply)
        return _result(url, reply, None)

    # -- one fetch, hop by hop -------------------------------------------------------------

    def _follow(self, job: _Job) -> _Reply:
        current = _web_url(job.asked, job.asked)
        seen = {str(current)}
        for _ in range(self.policy.max_redirects + 1):
            self._check_address(current, job.asked)
            if job.robots:
                self._check_robots(current, job.asked)
            reply = self._with_retries(current, job)
            if reply.status not in _REDIRECT_STATUSES:
                return reply
            current = _next_hop(job.asked, reply, seen)
        raise TooManyRedirects(
            f"{job.asked}: more than {self.policy.max_redirects} redirects", job.asked
        )

    def _with_retries(self, url: httpx.URL, job: _Job) -> _Reply:
        delay, failure, reply = 0.0, "", None
        for attempt in range(job.attempts):
            if attempt:
                log.info("retrying %s in %.1fs: %s", url, delay, failure)
                self._sleep(delay)
            self._wait_for_host(url.host)
            delay = self.policy.backoff * 2**attempt
            try:
                reply = self._exchange(url, job)
            except httpx.TimeoutException:
                failure, reply = f"no answer within {self.policy.timeout:g}s", None
                continue
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                failure, reply = f"connection failed ({exc or type(exc).__name__})", None
                continue
            except httpx.HTTPError as exc:
                raise FetchError(f"{job.asked}: {exc or type(exc).__name__}", job.asked) from exc
            if reply.status != 429 and reply.status < 500:
                return reply
            failure = f"HTTP {reply.status}"
            delay = max(delay, _retry_after(reply.headers.get("retry-after")))
        if reply is not None:
            return reply
        raise FetchTimeout(f"{job.asked}: {failure} after {job.attempts} attempt(s)", job.asked)

    def _exchange(self, url: httpx.URL, job: _Job) -> _Reply:
        deadline = self._clock() + self.policy.timeout
        request = self._client.build_request("GET", url, headers=job.headers)
        response = self._client.send(request, stream=True)
        try:
            content = b""
            if response.is_success:
                _check_content_type(job, response.headers.get("content-type", ""))
                content = self._read_body(response, job, deadline)
            status, reason = response.status_code, response.reason_phrase
            return _Reply(url, status, reason, response.headers, content)
        finally:
            response.close()

    def _read_body(self, response: httpx.Response, job: _Job, deadline: float) -> bytes:
        too_large = ResponseTooLarge(
            f"{job.asked}: response is over {job.max_bytes} bytes", job.asked
        )
        length = response.headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > job.max_bytes:
            raise too_large
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > job.max_bytes:
                raise too_large
            if self._clock() > deadline:
                raise httpx.ReadTimeout("the body took too long", request=response.request)
        return bytes(body)

    def _wait_for_host(self, host: str) -> None:
        gap = max(self.policy.host_delay, self._crawl_delays.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + gap - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    # -- checks before sending -------------------------------------------------------------

    def _check_address(self, url: httpx.URL, asked: str) -> None:
        if self.policy.allow_private:
            return
        host = url.raw_host.decode("ascii")
        try:
            ipaddress.ip_address(host)
        except ValueError:
            addresses = self._resolve_host(host, asked)
        else:
            addresses = [host]
        for ip in addresses:
            if not is_public_address(ip):
                where = ip if ip == host else f"{host} resolves to {ip}, which"
                raise BlockedURL(
                    f"{asked}: {where} is a private or reserved address; {_PRIVATE_HINT}", asked
                )

    def _resolve_host(self, host: str, asked: str) -> list[str]:
        try:
            addresses = self._resolve(host)
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"{asked}: cannot resolve {host} ({exc})", asked) from exc
        if not addresses:
            raise FetchError(f"{asked}: {host} resolves to no address", asked)
        return addresses

    def _check_robots(self, url: httpx.URL, asked: str) -> None:
        if not self.policy.respect_robots or self._robots_exempt(url.host):
            return
        key = (url.scheme, url.host, url.port)
        if key not in self._robots:
            self._robots[key] = self._load_robots(url)
        if not self._robots[key].can_fetch(ROBOTS_AGENT, str(url)):
            raise BlockedURL(
                f"{asked}: {url} is disallowed by robots.txt; hosts listed in "
                "CLAIMWATCH_ROBOTS_EXEMPT_HOSTS are not checked",
                asked,
            )

    def _robots_exempt(self, host: str) -> bool:
        exempt = {h.strip().lower() for h in self.policy.robots_exempt_hosts}
        return any(host == h or host.endswith("." + h) for h in exempt if h)

    def _load_robots(self, url: httpx.URL) -> RobotFileParser:
        robots_url = f"{url.scheme}://{url.netloc.decode('ascii')}/robots.txt"
        parser = RobotFileParser(robots_url)
        headers = {"Accept": "text/plain, */*;q=0.1"}
        max_bytes = min(self.policy.max_bytes, ROBOTS_MAX_BYTES)
        try:
            reply = self._follow(_Job(robots_url, headers, frozenset(), max_bytes, 1, False))
        except FetchError as exc:
            log.info("%s unavailable, allowing everything: %s", robots_url, exc)
            parser.allow_all = True
            return parser
        if reply.status in (401, 403):
            parser.disallow_all = True
        elif 200 <= reply.status < 300:
            parser.parse(reply.content.decode("utf-8-sig", "replace").splitlines())
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._crawl_delays[url.host] = min(float(delay), MAX_CRAWL_DELAY)
        else:
            parser.allow_all = True
        return parser


def _web_url(value: str, asked: str) -> httpx.URL:
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        raise BlockedURL(f"{asked}: not a valid URL ({exc})", asked) from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise BlockedURL(f"{asked}: only http and https URLs can be fetched", asked)
    return url.copy_with(fragment=None)


def _next_hop(asked: str, reply: _Reply, seen: set[str]) -> httpx.URL:
    location = reply.headers.get("location")
    if not location:
        raise HTTPStatusError(
            f"{asked}: HTTP {reply.status} redirect without a Location", asked, reply.status
        )
    try:
        target = _web_url(str(reply.url.join(location)), asked)
    except httpx.InvalidURL as exc:
        raise BlockedURL(f"{asked}: redirect to an invalid URL ({exc})", asked) from exc
    if str(target) in seen:
        raise TooManyRedirects(f"{asked}: redirect loop at {target}", asked)
    seen.add(str(target))
    return target


def _check_content_type(job: _Job, header: str) -> None:
    media, _ = parse_content_type(header)
    if media and job.accept and media not in job.accept:
        wanted = ", ".join(sorted(job.accept))
        raise UnsupportedContent(
            f"{job.asked}: content type {media} is not one of {wanted}", job.asked
        )


def _retry_after(value: str | None) -> float:
    """Seconds a Retry-After header asks us to wait (0 if none or unreadable), capped."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return 0.0
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _status_error(asked: str, reply: _Reply) -> HTTPStatusError:
    reason = f" {reply.reason}" if reply.reason else ""
    return HTTPStatusError(f"{asked}: HTTP {reply.status}{reason}", asked, reply.status)


def _result(asked: str, reply: _Reply, sent: Validators | None) -> FetchResult:
    media, charset = parse_content_type(reply.headers.get("content-type", ""))
    etag = reply.headers.get("etag")
    modified = reply.headers.get("last-modified")
    if sent is not None:  # a 304 need not repeat the validators
        etag, modified = etag or sent.etag, modified or sent.last_modified
    return FetchResult(
        url=asked,
        final_url=str(reply.url),
        status=reply.status,
        content=reply.content,
        content_type=media,
        charset=charset,
        validators=Validators(etag=etag, last_modified=modified),
        not_modified=reply.status == 304,
    )
