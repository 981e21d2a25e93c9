"""HTML pages: untrusted article content is escaped and its links made inert, each page
links its JSON twin, errors are pages without stack traces."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

HOSTILE = {
    "url": "https://hostile.example/news/1",
    "title": "<script>alert('title')</script> Mayor <b>resigns</b>",
    "text": (
        "The mayor of Brellin resigned on Monday, the council said.\n\n"
        '<img src=x onerror=alert(1)> "We never asked for this," said Ana Brel, '
        'a councillor. <a href="javascript:alert(2)">read more</a>'
    ),
    "published": "2026-02-11",
    "outlet": "Hostile <i>Times</i>",
    "language": "en",
    "authors": ["<svg onload=alert(3)>"],
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from claimwatch import open_workspace
    from claimwatch.web.app import create_app

    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    ws = open_workspace(str(folder / "h.db"))
    report = ws.ingest([str(source)])
    assert report.new == 1, report.failures
    ws.analyze()
    with TestClient(create_app(ws), raise_server_exceptions=False) as client:
        yield client, report.article_ids[0]
    ws.close()


def _no_live_markup(html: str) -> None:
    for live in ("<script>alert", "<img src=x", "<svg onload", "<b>resigns",
                 'href="javascript:', "<i>Times"):  # fmt: skip
        assert live not in html, live


def test_article_page_escapes_the_untrusted_title_text_and_authors(hostile):
    client, article_id = hostile
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    _no_live_markup(page.text)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


@pytest.mark.parametrize("path", ["/", "/search?q=mayor", "/search?q=mayor&kind=statements",
                                  "/search?kind=claims", "/outlets", "/speakers"])  # fmt: skip
def test_listing_pages_escape_untrusted_content(hostile, path):
    client, _ = hostile
    page = client.get(path)
    assert page.status_code == 200
    _no_live_markup(page.text)


def test_search_terms_are_escaped_when_echoed(hostile):
    client, _ = hostile
    page = client.get("/search", params={"q": '"><script>alert(9)</script>'})
    assert page.status_code == 200
    assert "<script>alert(9)" not in page.text


def test_each_page_links_its_json_twin(hostile):
    client, article_id = hostile
    page = client.get(f"/articles/{article_id}").text
    assert f'href="/api/articles/{article_id}"' in page
    twin = client.get(f"/api/articles/{article_id}").json()
    assert twin["article"]["title"] == HOSTILE["title"], "the API returns the data as stored"
    assert 'href="/api/home"' in client.get("/").text


def test_error_pages_are_html_without_stack_traces(hostile):
    client, _ = hostile
    page = client.get("/articles/does-not-exist")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Not found" in page.text and "Traceback" not in page.text
    bad = client.get("/search", params={"kind": "tweets"})
    assert bad.status_code == 400 and "articles" in bad.text


def test_external_links_only_ever_point_to_http(hostile):
    from claimwatch.web.render import href

    assert href("https://a.example/x") == "https://a.example/x"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil", ""):
        assert href(bad) == "#"


def test_the_chart_is_served_as_an_image_that_cannot_run_script(demo_db: str):
    from claimwatch import open_workspace
    from claimwatch.web.app import create_app

    with open_workspace(demo_db) as ws, TestClient(create_app(ws)) as client:
        claim_id = client.get("/api/claims").json()["claims"][0]["id"]
        chart = client.get(f"/claims/{claim_id}/chart.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "script-src" not in chart.headers["content-security-policy"]
    assert "default-src 'none'" in chart.headers["content-security-policy"]
    assert "<script" not in chart.text


def test_speaker_and_story_pages_draw_their_timelines(demo_db: str):
    from claimwatch import open_workspace
    from claimwatch.web.app import create_app

    with open_workspace(demo_db) as ws, TestClient(create_app(ws)) as client:
        speaker = client.get("/api/speakers/the Ministry of Defence").json()
        story = client.get("/api/stories", params={"min_size": 2}).json()["stories"][0]
        story_chart = client.get(f"/api/stories/{story['id']}").json()["links"]["chart"]
        for url in (speaker["links"]["chart"], story_chart):
            chart = client.get(url)
            assert chart.status_code == 200, url
            assert chart.headers["content-type"].startswith("image/svg+xml")
        assert "Denying (" in client.get(speaker["links"]["chart"]).text
        assert client.get("/speakers/Nobody%20Here/chart.svg").status_code == 404


def test_every_json_twin_link_answers(demo_db: str):
    import re

    from claimwatch import open_workspace
    from claimwatch.web.app import create_app

    with open_workspace(demo_db) as ws, TestClient(create_app(ws)) as client:
        claim = client.get("/api/claims").json()["claims"][0]["id"]
        story = client.get("/api/stories").json()["stories"][0]["id"]
        article = client.get("/api/articles").json()["articles"][0]["id"]
        pages = ["/", "/search?q=troops&kind=claims", "/check?claim=troops+leave+Valdor",
                 "/check", f"/claims/{claim}", "/claims", f"/stories/{story}", "/stories",
                 f"/articles/{article}", "/outlets", "/outlets/blitz24.example", "/speakers",
                 "/speakers/the Ministry of Defence", "/ingest"]  # fmt: skip
        for path in pages:
            html = client.get(path).text
            twin = re.search(r'<a class="twin" href="([^"]+)"', html)
            if path == "/check":
                assert twin is None, "an empty check form has no data to twin"
                continue
            assert twin, path
            answer = client.get(twin[1].replace("&amp;", "&"))
            assert answer.status_code == 200, (path, twin[1], answer.text[:200])
