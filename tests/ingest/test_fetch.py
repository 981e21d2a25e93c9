"""The fetcher: unit tests over httpx.MockTransport with a fake clock, sleep and resolver, then
integration tests against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import gzip
import ipaddress
import socket
from collections.abc import Callable, Iterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimwatch.errors import (
    BlockedURL,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    TooManyRedirects,
    UnsupportedContent,
)
from claimwatch.ingest.fetch import (
    FEED_TYPES,
    TEXT_TYPES,
    Fetcher,
    FetchPolicy,
    Validators,
    is_public_address,
    parse_content_type,
)

PUBLIC_IP = "93.184.215.14"
Handler = Callable[[httpx.Request], httpx.Response]


class FakeTime:
    """A clock that only moves when the fetcher sleeps (or a test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


class Site:
    """A MockTransport handler: routes by full URL or path; a list answers in turn (the last
    answer repeats). Records every request."""

    def __init__(self, routes: dict[str, Handler | list[Handler]]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        route = self.routes.get(str(request.url), self.routes.get(request.url.path))
        if route is None:
            return httpx.Response(404)
        if isinstance(route, list):
            route = route.pop(0) if len(route) > 1 else route[0]
        return route(request)

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


def page(
    body: bytes = b"<p>hello</p>",
    *,
    status: int = 200,
    ctype: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Handler:
    def respond(request: httpx.Request) -> httpx.Response:
        all_headers = {"Content-Type": ctype} if ctype else {}
        all_headers.update(headers or {})
        return httpx.Response(status, headers=all_headers, content=body)

    return respond


def status(code: int, headers: dict[str, str] | None = None) -> Handler:
    return page(b"", status=code, ctype=None, headers=headers)


def redirect(location: str, code: int = 302) -> Handler:
    return status(code, {"Location": location})


def raises(exc_type: type[httpx.TransportError]) -> Handler:
    def respond(request: httpx.Request) -> httpx.Response:
        raise exc_type("boom", request=request)

    return respond


def public_resolver(host: str) -> list[str]:
    return [PUBLIC_IP]


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_fetcher(fake_time: FakeTime) -> Iterator[Callable[..., Fetcher]]:
    """Fetchers over a MockTransport; no host delay and no robots.txt unless asked."""
    made: list[Fetcher] = []

    def make(handler: Handler, *, resolver: Callable[[str], list[str]] | None = None, **policy):  # type: ignore[no-untyped-def]
        settings = {"host_delay": 0.0, "respect_robots": False, **policy}
        fetcher = Fetcher(
            FetchPolicy(**settings),  # type: ignore[arg-type]
            transport=httpx.MockTransport(handler),
            clock=fake_time.clock,
            sleep=fake_time.sleep,
            resolver=resolver or public_resolver,
        )
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


# -- basics ------------------------------------------------------------------------------------


def test_fetch_returns_content_type_charset_and_validators(make_fetcher):
    headers = {"ETag": '"v1"', "Last-Modified": "Wed, 04 Mar 2026 10:00:00 GMT"}
    site = Site({"/a": page(ctype='Text/HTML; Charset="ISO-8859-1"', headers=headers)})
    result = make_fetcher(site).fetch("https://news.example/a")
    assert result.status == 200
    assert result.content == b"<p>hello</p>"
    assert (result.content_type, result.charset) == ("text/html", "ISO-8859-1")
    assert result.url == result.final_url == "https://news.example/a"
    assert result.validators == Validators('"v1"', "Wed, 04 Mar 2026 10:00:00 GMT")
    assert not result.not_modified


def test_fetch_sends_user_agent_on_every_request_including_robots(make_fetcher):
    site = Site({"/robots.txt": page(b"User-agent: *\nAllow: /\n", ctype="text/plain")})
    site.routes["/a"] = page()
    make_fetcher(site, respect_robots=True, user_agent="claimwatch/9 (+test)").fetch(
        "https://news.example/a"
    )
    assert site.paths() == ["/robots.txt", "/a"]
    assert {r.headers["user-agent"] for r in site.requests} == {"claimwatch/9 (+test)"}


def test_fetch_default_user_agent_names_claimwatch():
    assert FetchPolicy().user_agent.startswith("claimwatch/")


def test_fetch_sends_accept_header_for_wanted_types(make_fetcher):
    site = Site({"/feed": page(ctype="application/rss+xml")})
    make_fetcher(site).fetch("https://news.example/feed", accept=FEED_TYPES)
    assert "application/rss+xml" in site.requests[0].headers["accept"]


def test_fetch_context_manager_closes_the_client(fake_time):
    with Fetcher(transport=httpx.MockTransport(Site({"/a": page()}))) as fetcher:
        pass
    assert fetcher._client.is_closed


# -- retries -----------------------------------------------------------------------------------


def test_fetch_retries_timeouts_with_exponential_backoff(make_fetcher, fake_time):
    site = Site({"/a": [raises(httpx.ReadTimeout)] * 3 + [page()]})
    result = make_fetcher(site, retries=3, backoff=0.5).fetch("https://news.example/a")
    assert result.content == b"<p>hello</p>"
    assert fake_time.sleeps == [0.5, 1.0, 2.0]
    assert len(site.requests) == 4


def test_fetch_timeout_after_last_retry(make_fetcher, fake_time):
    site = Site({"/a": raises(httpx.ConnectTimeout)})
    with pytest.raises(FetchTimeout, match=r"https://news.example/a: no answer within 20s") as err:
        make_fetcher(site, retries=2, backoff=1.0).fetch("https://news.example/a")
    assert err.value.url == "https://news.example/a"
    assert fake_time.sleeps == [1.0, 2.0]
    assert len(site.requests) == 3


def test_fetch_connection_errors_retried_then_fetch_timeout(make_fetcher, fake_time):
    site = Site({"/a": raises(httpx.ConnectError)})
    with pytest.raises(FetchTimeout, match="connection failed"):
        make_fetcher(site, retries=1).fetch("https://news.example/a")
    assert len(site.requests) == 2


def test_fetch_503_then_200(make_fetcher, fake_time):
    site = Site({"/a": [status(503), page()]})
    assert make_fetcher(site).fetch("https://news.example/a").status == 200
    assert fake_time.sleeps == [0.5]


def test_fetch_5xx_after_last_retry_raises_status_error(make_fetcher, fake_time):
    site = Site({"/a": status(503)})
    with pytest.raises(HTTPStatusError) as err:
        make_fetcher(site, retries=2).fetch("https://news.example/a")
    assert err.value.status == 503
    assert str(err.value) == "https://news.example/a: HTTP 503 Service Unavailable"
    assert len(site.requests) == 3


def test_fetch_honours_retry_after_seconds(make_fetcher, fake_time):
    site = Site({"/a": [status(429, {"Retry-After": "7"}), page()]})
    make_fetcher(site).fetch("https://news.example/a")
    assert fake_time.sleeps == [7.0]


def test_fetch_caps_retry_after(make_fetcher, fake_time):
    site = Site({"/a": [status(503, {"Retry-After": "86400"}), page()]})
    make_fetcher(site).fetch("https://news.example/a")
    assert fake_time.sleeps == [60.0]


def test_fetch_retry_after_http_date_in_the_past_falls_back_to_backoff(make_fetcher, fake_time):
    past = "Wed, 21 Oct 2015 07:28:00 GMT"
    site = Site({"/a": [status(503, {"Retry-After": past}), page()]})
    make_fetcher(site).fetch("https://news.example/a")
    assert fake_time.sleeps == [0.5]


def test_fetch_404_raises_at_once_without_retry(make_fetcher, fake_time):
    site = Site({"/a": status(404)})
    with pytest.raises(HTTPStatusError) as err:
        make_fetcher(site).fetch("https://x.example/a")
    assert str(err.value) == "https://x.example/a: HTTP 404 Not Found"
    assert (err.value.status, err.value.url) == (404, "https://x.example/a")
    assert len(site.requests) == 1
    assert fake_time.sleeps == []


def test_fetch_wraps_other_httpx_errors(make_fetcher):
    broken_gzip = page(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match=r"https://news\.example/a"):
        make_fetcher(Site({"/a": broken_gzip})).fetch("https://news.example/a")


# -- redirects ---------------------------------------------------------------------------------


def test_fetch_follows_redirects(make_fetcher):
    site = Site(
        {
            "/a": redirect("/b", 301),
            "/b": redirect("https://other.example/c", 307),
            "https://other.example/c": page(),
        }
    )
    result = make_fetcher(site).fetch("https://news.example/a")
    assert result.url == "https://news.example/a"
    assert result.final_url == "https://other.example/c"


def test_fetch_redirect_loop(make_fetcher):
    site = Site({"/a": redirect("/b"), "/b": redirect("/a")})
    with pytest.raises(TooManyRedirects, match="loop"):
        make_fetcher(site).fetch("https://news.example/a")
    assert site.paths() == ["/a", "/b"]


def test_fetch_redirect_limit(make_fetcher):
    site = Site({"/1": redirect("/2"), "/2": redirect("/3"), "/3": redirect("/4"), "/4": page()})
    fetcher = make_fetcher(site, max_redirects=2)
    with pytest.raises(TooManyRedirects, match="more than 2 redirects"):
        fetcher.fetch("https://news.example/1")
    assert fetcher.fetch("https://news.example/2").final_url == "https://news.example/4"


def test_fetch_redirect_without_location_is_a_status_error(make_fetcher):
    with pytest.raises(HTTPStatusError, match="without a Location"):
        make_fetcher(Site({"/a": status(302)})).fetch("https://news.example/a")


@pytest.mark.parametrize(
    "location",
    ["http://intranet.example/admin", "http://169.254.169.254/latest/meta-data", "http://[::1]/"],
)
def test_fetch_refuses_redirect_to_private_address(make_fetcher, location):
    def resolver(host: str) -> list[str]:
        return ["10.1.2.3"] if host == "intranet.example" else [PUBLIC_IP]

    site = Site({"/a": redirect(location)})
    with pytest.raises(BlockedURL, match="CLAIMWATCH_ALLOW_PRIVATE_URLS"):
        make_fetcher(site, resolver=resolver).fetch("https://news.example/a")
    assert site.paths() == ["/a"]


def test_fetch_refuses_redirect_to_other_schemes(make_fetcher):
    site = Site({"/a": redirect("file:///etc/passwd")})
    with pytest.raises(BlockedURL, match="only http and https"):
        make_fetcher(site).fetch("https://news.example/a")


# -- addresses ---------------------------------------------------------------------------------

PRIVATE_URLS = [
    "http://127.0.0.1/",
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[fe80::1]/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_fetch_refuses_literal_private_ips(make_fetcher, url):
    site = Site({"/": page(), "/latest/meta-data": page()})
    resolver_calls: list[str] = []

    def resolver(host: str) -> list[str]:
        resolver_calls.append(host)
        return [PUBLIC_IP]

    with pytest.raises(BlockedURL, match="CLAIMWATCH_ALLOW_PRIVATE_URLS") as err:
        make_fetcher(site, resolver=resolver).fetch(url)
    assert err.value.url == url
    assert site.requests == [] and resolver_calls == []


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_fetch_allow_private_lets_them_through(make_fetcher, url):
    site = Site({"/": page(), "/latest/meta-data": page()})
    assert make_fetcher(site, allow_private=True).fetch(url).status == 200


def test_fetch_refuses_host_with_any_private_address(make_fetcher):
    site = Site({"/": page()})
    fetcher = make_fetcher(site, resolver=lambda host: [PUBLIC_IP, "192.168.1.10"])
    with pytest.raises(BlockedURL, match=r"sneaky.example resolves to 192\.168\.1\.10"):
        fetcher.fetch("http://sneaky.example/")
    assert site.requests == []


def test_fetch_numeric_host_forms_resolved_and_refused(fake_time):
    # The system resolver reads 2130706433 as 127.0.0.1 without asking any server.
    site = Site({"/": page()})
    fetcher = Fetcher(
        FetchPolicy(respect_robots=False),
        transport=httpx.MockTransport(site),
        clock=fake_time.clock,
        sleep=fake_time.sleep,
    )
    with fetcher, pytest.raises(BlockedURL, match=r"resolves to 127\.0\.0\.1"):
        fetcher.fetch("http://2130706433/")
    assert site.requests == []


def test_fetch_unresolvable_host_is_a_fetch_error(make_fetcher):
    def resolver(host: str) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError, match=r"cannot resolve nowhere\.example"):
        make_fetcher(Site({}), resolver=resolver).fetch("https://nowhere.example/")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://news.example/a", "javascript:alert(1)", "http:///a", ""]
)
def test_fetch_refuses_other_schemes_and_bad_urls(make_fetcher, url):
    site = Site({})
    with pytest.raises(BlockedURL):
        make_fetcher(site).fetch(url)
    assert site.requests == []


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),
        ("224.0.0.251", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::", False),
        ("::1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::1", False),
        ("fc00::1", False),
        ("fe80::1%eth0", False),
        ("ff02::1", False),
    ],
)
def test_fetch_is_public_address(ip, public):
    assert is_public_address(ip) is public


@given(st.ip_addresses(v=4))
def test_fetch_ipv4_mapped_addresses_judged_like_ipv4(ip: ipaddress.IPv4Address):
    assert is_public_address(f"::ffff:{ip}") == is_public_address(str(ip))


# -- size and content type ---------------------------------------------------------------------


def counted_chunks(count: int, size: int, consumed: list[int]) -> Iterator[bytes]:
    for i in range(count):
        consumed.append(i)
        yield b"x" * size


def test_fetch_size_limit_by_content_length(make_fetcher):
    consumed: list[int] = []

    def big(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "text/html", "Content-Length": "5000"}
        return httpx.Response(200, headers=headers, content=counted_chunks(5, 1000, consumed))

    with pytest.raises(ResponseTooLarge, match="over 4000 bytes"):
        make_fetcher(Site({"/a": big}), max_bytes=4000).fetch("https://news.example/a")
    assert consumed == []


def test_fetch_size_limit_while_streaming(make_fetcher):
    consumed: list[int] = []

    def endless(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "text/html"}
        return httpx.Response(200, headers=headers, content=counted_chunks(1000, 1000, consumed))

    with pytest.raises(ResponseTooLarge):
        make_fetcher(Site({"/a": endless}), max_bytes=2500).fetch("https://news.example/a")
    assert len(consumed) == 3


def test_fetch_body_exactly_at_limit_is_accepted(make_fetcher):
    site = Site({"/a": page(b"x" * 100)})
    assert len(make_fetcher(site, max_bytes=100).fetch("https://news.example/a").content) == 100


def test_fetch_content_type_mismatch(make_fetcher):
    site = Site({"/a": page(b"%PDF-1.7", ctype="application/pdf")})
    with pytest.raises(UnsupportedContent, match="content type application/pdf"):
        make_fetcher(site).fetch("https://news.example/a")


def test_fetch_feed_types(make_fetcher):
    site = Site({"/rss": page(ctype="application/rss+xml; charset=utf-8"), "/html": page()})
    fetcher = make_fetcher(site)
    assert fetcher.fetch("https://news.example/rss", accept=FEED_TYPES).charset == "utf-8"
    with pytest.raises(UnsupportedContent, match="text/html"):
        fetcher.fetch("https://news.example/html", accept=FEED_TYPES)
    with pytest.raises(UnsupportedContent):
        fetcher.fetch("https://news.example/html", accept=TEXT_TYPES)


def test_fetch_missing_content_type_allowed(make_fetcher):
    result = make_fetcher(Site({"/a": page(ctype=None)})).fetch("https://news.example/a")
    assert (result.content_type, result.charset) == ("", None)


def test_fetch_accept_may_be_a_single_type(make_fetcher):
    site = Site({"/a": page(ctype="text/plain")})
    assert make_fetcher(site).fetch("https://news.example/a", accept="text/plain").status == 200


def test_fetch_empty_accept_allows_any_type(make_fetcher):
    site = Site({"/a": page(ctype="application/pdf")})
    assert make_fetcher(site).fetch("https://news.example/a", accept=()).status == 200


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html", ("text/html", None)),
        ("TEXT/HTML ; charset=UTF-8", ("text/html", "UTF-8")),
        ("application/xml; q=1; charset='latin-1'", ("application/xml", "latin-1")),
        ("", ("", None)),
    ],
)
def test_fetch_parse_content_type(header, expected):
    assert parse_content_type(header) == expected


# -- robots.txt --------------------------------------------------------------------------------

ROBOTS = b"User-agent: *\nDisallow: /private\n\nUser-agent: claimwatch\nDisallow: /no-bots\n"


def robots_site(robots: Handler) -> Site:
    return Site({"/robots.txt": robots, "/private": page(), "/no-bots": page(), "/ok": page()})


def test_fetch_robots_disallow(make_fetcher):
    site = robots_site(page(ROBOTS, ctype="text/plain"))
    fetcher = make_fetcher(site, respect_robots=True)
    message = r"disallowed by robots\.txt; hosts listed in CLAIMWATCH_ROBOTS_EXEMPT_HOSTS"
    with pytest.raises(BlockedURL, match=message):
        fetcher.fetch("https://news.example/no-bots")
    assert fetcher.fetch("https://news.example/private").status == 200  # our group wins
    assert fetcher.fetch("https://news.example/ok").status == 200
    assert site.paths().count("/robots.txt") == 1
    assert "/no-bots" not in site.paths()


def test_fetch_robots_checked_for_redirect_targets(make_fetcher):
    site = robots_site(page(ROBOTS, ctype="text/plain"))
    site.routes["/moved"] = redirect("/no-bots")
    with pytest.raises(BlockedURL, match=r"robots\.txt"):
        make_fetcher(site, respect_robots=True).fetch("https://news.example/moved")


def test_fetch_robots_exempt_host(make_fetcher):
    site = robots_site(page(b"User-agent: *\nDisallow: /\n", ctype="text/plain"))
    fetcher = make_fetcher(
        site, respect_robots=True, robots_exempt_hosts=frozenset({"news.example"})
    )
    assert fetcher.fetch("https://news.example/ok").status == 200
    assert fetcher.fetch("https://www.news.example/ok").status == 200
    assert "/robots.txt" not in site.paths()


def test_fetch_robots_not_respected_when_turned_off(make_fetcher):
    site = robots_site(page(b"User-agent: *\nDisallow: /\n"))
    assert make_fetcher(site, respect_robots=False).fetch("https://news.example/ok").status == 200
    assert site.paths() == ["/ok"]


@pytest.mark.parametrize(
    "robots", [status(404), status(410), status(500), raises(httpx.ReadTimeout)]
)
def test_fetch_robots_missing_or_failing_allows(make_fetcher, robots):
    site = robots_site(robots)
    assert make_fetcher(site, respect_robots=True).fetch("https://news.example/ok").status == 200
    assert site.paths().count("/robots.txt") == 1  # one attempt, no retries


@pytest.mark.parametrize("code", [401, 403])
def test_fetch_robots_401_403_disallows(make_fetcher, code):
    site = robots_site(status(code))
    with pytest.raises(BlockedURL, match=r"robots\.txt"):
        make_fetcher(site, respect_robots=True).fetch("https://news.example/ok")


def test_fetch_robots_redirect_to_private_address_not_followed(make_fetcher):
    site = robots_site(redirect("http://10.0.0.1/robots.txt"))
    assert make_fetcher(site, respect_robots=True).fetch("https://news.example/ok").status == 200
    assert [str(r.url) for r in site.requests] == [
        "https://news.example/robots.txt",
        "https://news.example/ok",
    ]


def test_fetch_robots_cached_per_scheme_host_and_port(make_fetcher):
    site = robots_site(page(b"", ctype="text/plain"))
    fetcher = make_fetcher(site, respect_robots=True)
    for url in ["https://a.example/ok", "https://a.example/ok", "http://a.example/ok"]:
        fetcher.fetch(url)
    fetcher.fetch("https://a.example:8443/ok")
    fetcher.fetch("https://b.example/ok")
    assert site.paths().count("/robots.txt") == 4


# -- politeness --------------------------------------------------------------------------------


def test_fetch_per_host_delay_sleeps(make_fetcher, fake_time):
    site = Site({"/a": page(), "/b": page(), "/c": page()})
    fetcher = make_fetcher(site, host_delay=2.0)
    fetcher.fetch("https://news.example/a")
    fetcher.fetch("https://other.example/a")
    assert fake_time.sleeps == []
    fetcher.fetch("https://news.example/b")
    assert fake_time.sleeps == [2.0]
    fake_time.now += 1.5
    fetcher.fetch("https://news.example/c")
    assert fake_time.sleeps == [2.0, 0.5]


def test_fetch_robots_crawl_delay_honoured_and_capped(make_fetcher, fake_time):
    site = Site(
        {
            "https://slow.example/robots.txt": page(b"User-agent: *\nCrawl-delay: 5\n"),
            "https://glacial.example/robots.txt": page(b"User-agent: *\nCrawl-delay: 3600\n"),
            "/a": page(),
        }
    )
    fetcher = make_fetcher(site, respect_robots=True, host_delay=1.0)
    fetcher.fetch("https://slow.example/a")
    fetcher.fetch("https://glacial.example/a")
    assert fake_time.sleeps == [5.0, 30.0]  # each page waits after its host's robots.txt


# -- conditional requests ----------------------------------------------------------------------


def test_fetch_conditional_request_headers_and_304(make_fetcher):
    site = Site({"/feed": status(304)})
    sent = Validators(etag='"abc"', last_modified="Wed, 04 Mar 2026 10:00:00 GMT")
    result = make_fetcher(site).fetch("https://news.example/feed", validators=sent)
    request = site.requests[0]
    assert request.headers["if-none-match"] == '"abc"'
    assert request.headers["if-modified-since"] == "Wed, 04 Mar 2026 10:00:00 GMT"
    assert result.not_modified and result.status == 304 and result.content == b""
    assert result.validators == sent


def test_fetch_304_with_new_etag_updates_validators(make_fetcher):
    site = Site({"/feed": status(304, {"ETag": '"new"'})})
    result = make_fetcher(site).fetch("https://news.example/feed", validators=Validators('"o"'))
    assert result.validators == Validators(etag='"new"')


def test_fetch_without_validators_sends_no_conditional_headers(make_fetcher):
    site = Site({"/a": page()})
    make_fetcher(site).fetch("https://news.example/a")
    assert "if-none-match" not in site.requests[0].headers
    assert "if-modified-since" not in site.requests[0].headers


def test_fetch_unasked_304_is_a_status_error(make_fetcher):
    with pytest.raises(HTTPStatusError):
        make_fetcher(Site({"/a": status(304)})).fetch("https://news.example/a")


# -- against a real local HTTP server ------------------------------------------------------------


@pytest.fixture
def local_fetcher() -> Iterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def make(**policy):  # type: ignore[no-untyped-def]
        settings = {"allow_private": True, "host_delay": 0.0, "timeout": 5.0, **policy}
        made.append(Fetcher(FetchPolicy(**settings)))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for fetcher in made:
        fetcher.close()


def test_fetch_local_page(local_http, local_fetcher):
    local_http.route("/page", body=b"<p>local</p>", headers={"Content-Type": "text/html"})
    result = local_fetcher(user_agent="claimwatch/test").fetch(local_http.url("/page"))
    assert result.content == b"<p>local</p>"
    assert [r.path for r in local_http.requests] == ["/robots.txt", "/page"]
    assert {r.headers["user-agent"] for r in local_http.requests} == {"claimwatch/test"}


def test_fetch_local_refused_without_allow_private(local_http, local_fetcher):
    local_http.route("/page", body=b"x")
    with pytest.raises(BlockedURL, match="CLAIMWATCH_ALLOW_PRIVATE_URLS"):
        local_fetcher(allow_private=False).fetch(local_http.url("/page"))
    assert local_http.requests == []


def test_fetch_local_robots_disallow(local_http, local_fetcher):
    local_http.route("/robots.txt", body=b"User-agent: claimwatch\nDisallow: /secret\n")
    local_http.route("/secret", body=b"x", headers={"Content-Type": "text/html"})
    with pytest.raises(BlockedURL, match=r"robots\.txt"):
        local_fetcher().fetch(local_http.url("/secret"))


def test_fetch_local_slow_endpoint_times_out(local_http, local_fetcher):
    local_http.route("/slow", body=b"late", delay=10.0)
    fetcher = local_fetcher(timeout=0.2, retries=1, backoff=0.01, respect_robots=False)
    with pytest.raises(FetchTimeout):
        fetcher.fetch(local_http.url("/slow"))
    assert [r.path for r in local_http.requests] == ["/slow", "/slow"]


def test_fetch_local_redirect_chain(local_http, local_fetcher):
    local_http.route("/r1", status=301, headers={"Location": "/r2"})
    local_http.route("/r2", status=302, headers={"Location": local_http.url("/r3")})
    local_http.route("/r3", status=308, headers={"Location": "final"})
    local_http.route("/final", body=b"<p>end</p>", headers={"Content-Type": "text/html"})
    result = local_fetcher(max_redirects=3).fetch(local_http.url("/r1"))
    assert result.final_url == local_http.url("/final")
    assert result.content == b"<p>end</p>"
    with pytest.raises(TooManyRedirects):
        local_fetcher(max_redirects=2).fetch(local_http.url("/r1"))


def test_fetch_local_gzip_encoded_response(local_http, local_fetcher):
    body = "<p>Grüße aus dem Hafen</p>".encode() * 50
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    local_http.route("/gz", body=gzip.compress(body), headers=headers)
    result = local_fetcher().fetch(local_http.url("/gz"))
    assert result.content == body
    assert "gzip" in local_http.requests[-1].headers["accept-encoding"]


def test_fetch_local_etag_round_trip(local_http, local_fetcher):
    def etagged(request):  # type: ignore[no-untyped-def]
        if request.headers.get("if-none-match") == '"v7"':
            return local_http.Reply(304, headers={"ETag": '"v7"'})
        return local_http.Reply(
            200, b"<rss/>", {"ETag": '"v7"', "Content-Type": "application/rss+xml"}
        )

    local_http.route("/feed", etagged)
    fetcher = local_fetcher()
    first = fetcher.fetch(local_http.url("/feed"), accept=FEED_TYPES)
    assert (first.status, first.validators.etag) == (200, '"v7"')
    again = fetcher.fetch(local_http.url("/feed"), accept=FEED_TYPES, validators=first.validators)
    assert again.not_modified and again.content == b""
    assert again.validators.etag == '"v7"'


@pytest.mark.parametrize("length", [None, -1], ids=["content-length", "streamed"])
def test_fetch_local_body_over_limit(local_http, local_fetcher, length):
    local_http.route("/big", body=b"x" * 200_000, length=length)
    with pytest.raises(ResponseTooLarge):
        local_fetcher(max_bytes=50_000).fetch(local_http.url("/big"), accept=())
