"""Ingest from the app: writes need the API token; uploads, pasted text and URLs become
background jobs whose progress and report can be read; bad items are named in the report
and the rest is stored; private addresses and local paths are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app_client(tmp_path: Path) -> Any:
    from claimwatch import open_workspace
    from claimwatch.settings import Settings
    from claimwatch.web.app import create_app

    settings = Settings.from_env(api_token=TOKEN, max_request_bytes=300_000)
    ws = open_workspace(str(tmp_path / "web.db"), settings)
    app = create_app(ws)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, app.state.runner
    ws.close()


def _finished(runner: Any, started: dict[str, Any]) -> dict[str, Any]:
    return runner.wait(started["id"], timeout=300).as_dict()


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}]
)
def test_writes_without_the_right_token_are_403(app_client, headers):
    client, _ = app_client
    got = client.post("/api/ingest/text", json={"text": "A headline\n\nA body."}, headers=headers)
    assert got.status_code == 403 and got.json()["ok"] is False
    assert "token" in got.json()["error"]


def test_uploads_are_ingested_and_a_bad_file_is_named_in_the_report(app_client, make_page, story):
    client, runner = app_client
    page = make_page("Port Elsin terminal opens late", story, url="https://harbor.example/a")
    files = [
        ("files", ("terminal.html", page.encode(), "text/html")),
        ("files", ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "image/png")),
    ]
    started = client.post("/api/ingest/files", files=files, headers=AUTH)
    assert started.status_code == 202, started.text
    assert started.json()["state"] in ("queued", "running", "done")
    job = _finished(runner, started.json())
    assert job["state"] == "done", job
    assert job["report"]["ingest"]["new"] == 1
    [failure] = job["failures"]
    assert "photo.png" in failure["item"] and "claimwatch-upload" not in failure["item"]
    assert "binary" in failure["reason"]
    assert client.get(f"/api/jobs/{job['id']}").json()["state"] == "done"
    titles = [a["title"] for a in client.get("/api/articles").json()["articles"]]
    assert titles == ["Port Elsin terminal opens late"]
    statements = client.get("/api/search", params={"kind": "statements", "q": "unsafe"})
    assert statements.json()["hits"], "the upload was analysed"

    again = _finished(
        runner, client.post("/api/ingest/files", files=files[:1], headers=AUTH).json()
    )
    assert again["report"]["ingest"]["new"] == 0, "re-running is safe"
    assert len(client.get("/api/articles").json()["articles"]) == 1


def test_pasted_text_is_ingested(app_client, story):
    client, runner = app_client
    text = "Terminal delayed until May\n\nBy Lena Orvik\n\n" + "\n\n".join(story)
    job = _finished(
        runner, client.post("/api/ingest/text", json={"text": text}, headers=AUTH).json()
    )
    assert job["state"] == "done" and job["report"]["ingest"]["new"] == 1


def test_urls_to_private_addresses_fail_with_a_reason(app_client):
    client, runner = app_client
    started = client.post("/api/ingest/url", json={"url": "http://127.0.0.1:9/x"}, headers=AUTH)
    assert started.status_code == 202
    job = _finished(runner, started.json())
    assert job["state"] == "failed"
    assert "private" in job["failures"][0]["reason"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/etc/passwd", "ftp://x.example/a", ""])
def test_non_web_urls_are_refused_before_any_job(app_client, url):
    client, runner = app_client
    got = client.post("/api/ingest/url", json={"url": url}, headers=AUTH)
    assert got.status_code == 400 and got.json()["ok"] is False
    assert runner.recent() == []


def test_empty_uploads_and_text_are_refused(app_client):
    client, _ = app_client
    assert client.post("/api/ingest/text", json={"text": "  "}, headers=AUTH).status_code == 400
    assert client.post("/api/ingest/files", headers=AUTH).status_code == 400


def test_request_bodies_over_the_limit_are_413(app_client):
    client, runner = app_client
    big = [("files", ("big.txt", b"x" * 400_000, "text/plain"))]
    got = client.post("/api/ingest/files", files=big, headers=AUTH)
    assert got.status_code == 413 and got.json() == {
        "ok": False, "status": 413, "error": "the request body is over 300,000 bytes",
    }  # fmt: skip
    assert runner.recent() == []


def test_the_html_form_redirects_to_a_job_page_with_progress(app_client, story):
    client, runner = app_client
    text = "Terminal delayed until May\n\n" + "\n\n".join(story)
    posted = client.post(
        "/ingest/text", data={"token": TOKEN, "text": text}, follow_redirects=False
    )
    assert posted.status_code == 303
    job_url = posted.headers["location"]
    page = client.get(job_url)
    assert page.status_code == 200 and "<progress" in page.text
    runner.wait(job_url.rsplit("/", 1)[1], timeout=300)
    done = client.get(job_url).text
    assert "1 new" in done and 'http-equiv="refresh"' not in done
    refused = client.post("/ingest/text", data={"token": "nope", "text": text})
    assert refused.status_code == 403 and "token" in refused.text
