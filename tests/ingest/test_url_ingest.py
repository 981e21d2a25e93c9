"""Ingest from the network, against a local HTTP server: article URLs, feed URLs whose
entries are fetched, and conditional requests that make an unchanged feed cost a 304."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claimwatch import Settings, open_workspace

PARAGRAPHS = [
    "The regional water board said on Monday that reservoirs in the north were at 41 per "
    "cent of capacity, the lowest March level since records began in 1978.",
    "It asked households to avoid watering gardens and washing cars until further notice, "
    "and said fines would follow if voluntary measures failed.",
]


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = Settings(db=str(tmp_path / "s.db"), allow_private_urls=True, host_delay=0.0)
    workspace = open_workspace(settings=settings)
    yield workspace
    workspace.close()


def _html(title: str, variant: int = 0) -> bytes:
    words = " ".join(PARAGRAPHS).split()
    random.Random(variant).shuffle(words)  # a different text for each variant
    paragraphs = PARAGRAPHS if not variant else [" ".join(words)]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='Water News'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{base}/story/{n}</link>"
        f"<pubDate>Mon, 0{n} Mar 2026 09:00:00 +0100</pubDate>"
        f"<description>Short summary {n}.</description></item>"
        for n in (1, 2)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Water News</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def test_url_ingest_fetches_an_article_page(ws, local_http):
    local_http.route("/robots.txt", status=404)
    local_http.route(
        "/a?utm_source=newsletter",
        body=_html("Reservoirs at record low"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    report = ws.ingest([local_http.url("/a?utm_source=newsletter")])
    assert report.new == 1, report.failures
    [article] = ws.articles()
    assert article.url == local_http.url("/a")
    assert article.source == "url"
    assert article.title == "Reservoirs at record low"
    requests = [r for r in local_http.requests if r.path.startswith("/a")]
    assert requests[0].headers["user-agent"].startswith("claimwatch/")


def test_url_ingest_feed_entries_are_fetched_and_unchanged_feed_costs_a_304(ws, local_http):
    base = local_http.url("").rstrip("/")
    local_http.route("/robots.txt", status=404)

    def feed(request):  # type: ignore[no-untyped-def]
        if request.headers.get("if-none-match") == '"v1"':
            return local_http.Reply(304)
        return local_http.Reply(
            body=_rss(base), headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'}
        )

    local_http.route("/feed.xml", feed)
    for n in (1, 2):
        local_http.route(
            f"/story/{n}", body=_html(f"Story {n}", n * 7), headers={"Content-Type": "text/html"}
        )
    first = ws.ingest([local_http.url("/feed.xml")])
    assert (first.new, first.failed) == (2, 0), first.failures
    articles = ws.articles()
    assert {a.source for a in articles} == {"feed"}
    assert all(a.published and a.published.month == 3 for a in articles)
    fetched_before = len(local_http.requests)
    second = ws.ingest([local_http.url("/feed.xml")])
    assert second.items == 0
    later = [r for r in local_http.requests[fetched_before:] if r.path != "/robots.txt"]
    assert [r.path for r in later] == ["/feed.xml"]  # one conditional GET, nothing else
    assert later[0].headers.get("if-none-match") == '"v1"'


def test_url_ingest_entry_that_fails_is_reported_and_the_others_go_on(ws, local_http):
    base = local_http.url("").rstrip("/")
    local_http.route("/robots.txt", status=404)
    local_http.route("/feed.xml", body=_rss(base), headers={"Content-Type": "application/rss+xml"})
    local_http.route("/story/1", body=_html("Story 1"), headers={"Content-Type": "text/html"})
    report = ws.ingest([local_http.url("/feed.xml")])
    assert report.new == 1
    [failure] = report.failures
    assert "/story/2" in failure.origin + failure.reason and "404" in failure.reason
