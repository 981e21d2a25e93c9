"""Bad input, end to end: each bad item gets one line naming it and the reason, the rest
of the batch goes on, nothing is half-written, and re-running is safe."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimwatch import Settings, open_workspace

GOOD_TEXT = (
    "The coastal road between Port Elsin and Marrow Bay will close for three weeks from "
    "Monday while engineers repair storm damage, the regional roads office said. Buses "
    "will follow a longer inland route, adding about twenty minutes to the journey."
)


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = Settings(
        db=str(tmp_path / "store.db"),
        allow_private_urls=True,
        host_delay=0.0,
        fetch_retries=1,
        fetch_timeout=1.0,
        max_input_bytes=200_000,
    )
    workspace = open_workspace(settings=settings)
    yield workspace
    workspace.close()


def _good(folder: Path) -> Path:
    path = folder / "good.txt"
    path.write_text("Road to close for repairs\n\n" + GOOD_TEXT, encoding="utf-8")
    return path


def _only_failure(report, name: str) -> str:  # type: ignore[no-untyped-def]
    assert report.new == 1, report.failures  # the good item went on
    [failure] = report.failures
    assert name in failure.origin
    return failure.reason


def test_bad_input_empty_file(ws, tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    reason = _only_failure(
        ws.ingest([str(_good(tmp_path)), str(tmp_path / "empty.html")]), "empty.html"
    )
    assert "empty" in reason


def test_bad_input_binary_file(ws, tmp_path):
    (tmp_path / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    reason = _only_failure(
        ws.ingest([str(_good(tmp_path)), str(tmp_path / "photo.html")]), "photo.html"
    )
    assert "binary" in reason


def test_bad_input_oversized_file(ws, tmp_path):
    (tmp_path / "huge.txt").write_text("word " * 100_000, encoding="utf-8")
    reason = _only_failure(
        ws.ingest([str(_good(tmp_path)), str(tmp_path / "huge.txt")]), "huge.txt"
    )
    assert "bytes" in reason or "large" in reason


def test_bad_input_unreadable_file(ws, tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_TEXT, encoding="utf-8")
    locked.chmod(0)  # enough for most users; root reads anyway, so the refusal is simulated
    real_open = Path.open

    def refuse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    reason = _only_failure(ws.ingest([str(_good(tmp_path)), str(locked)]), "locked.txt")
    assert "permission" in reason.lower()


def test_bad_input_missing_path(ws, tmp_path):
    reason = _only_failure(
        ws.ingest([str(_good(tmp_path)), str(tmp_path / "nope.html")]), "nope.html"
    )
    assert "no such file" in reason


def test_bad_input_truncated_gzip(ws, tmp_path):
    data = gzip.compress(("<html><body><p>" + GOOD_TEXT + "</p></body></html>").encode())
    (tmp_path / "cut.html.gz").write_bytes(data[: len(data) // 2])
    reason = _only_failure(
        ws.ingest([str(_good(tmp_path)), str(tmp_path / "cut.html.gz")]), "cut.html.gz"
    )
    assert "gzip" in reason


def test_bad_input_windows_1252_without_charset(ws, tmp_path):
    text = "Caf\xe9 owners \u201cwelcome\u201d the new pedestrian zone. " + GOOD_TEXT
    (tmp_path / "cp.txt").write_bytes(("Cafe zone\n\n" + text).encode("cp1252"))
    report = ws.ingest([str(tmp_path / "cp.txt")])
    assert report.new == 1
    [article] = ws.articles()
    assert "Café owners “welcome” the new" in article.text


def test_bad_input_utf16_text(ws, tmp_path):
    (tmp_path / "u16.txt").write_bytes(("Road closure\n\n" + GOOD_TEXT).encode("utf-16"))
    assert ws.ingest([str(tmp_path / "u16.txt")]).new == 1
    assert "Marrow Bay" in ws.articles()[0].text


def test_bad_input_html_whose_declared_charset_lies(ws, tmp_path):
    page = (
        '<html><head><meta charset="utf-8"><title>Zone</title></head><body><article>'
        f"<p>Caf\xe9 owners welcome the zone. {GOOD_TEXT}</p></article></body></html>"
    )
    (tmp_path / "lies.html").write_bytes(page.encode("cp1252"))
    assert ws.ingest([str(tmp_path / "lies.html")]).new == 1
    assert "Café owners" in ws.articles()[0].text


def test_bad_input_malformed_json_line_does_not_stop_the_file(ws, tmp_path):
    lines = [
        '{"url": "https://a.example/1", "title": "One", "text": "' + GOOD_TEXT + '"}',
        '{"url": "https://a.example/2", "title": "Two", "text": ',
        '{"url": "https://a.example/3", "title": "Three", "text": "' + GOOD_TEXT + ' Again."}',
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines), encoding="utf-8")
    report = ws.ingest([str(tmp_path / "dump.jsonl")])
    assert report.new == 1 and report.duplicate == 1
    [failure] = report.failures
    assert failure.origin.endswith("dump.jsonl:2")
    assert "JSON" in failure.reason


def test_bad_input_malformed_feed(ws, tmp_path):
    (tmp_path / "feed.rss").write_text(
        '<rss version="2.0"><channel><item><title>x', encoding="utf-8"
    )
    reason = _only_failure(
        ws.ingest([str(_good(tmp_path)), str(tmp_path / "feed.rss")]), "feed.rss"
    )
    assert "feed" in reason


def _warc(pages: list[tuple[str, str]]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(record)
        record.raw_stream.close()
    return out.getvalue()


def test_bad_input_truncated_warc_keeps_the_records_before_the_cut(ws, tmp_path):
    pages = [
        (
            f"https://a.example/{n}",
            f"<html><body><article><p>Story {n}. {GOOD_TEXT} {'More. ' * n}"
            f"</p></article></body></html>",
        )
        for n in range(3)
    ]
    whole = _warc(pages)
    first_two = len(_warc(pages[:2]))
    (tmp_path / "cut.warc.gz").write_bytes(whole[: first_two + 40])
    report = ws.ingest([str(tmp_path / "cut.warc.gz")])
    assert report.new + report.duplicate == 2
    [failure] = report.failures
    assert "cut.warc.gz" in failure.origin
    article = ws.articles()[0]
    assert ws.article(article.id).appearances


def test_bad_input_http_error_timeout_and_redirect_loop(ws, tmp_path, local_http):
    local_http.route("/missing", status=404, body=b"gone", headers={"Content-Type": "text/html"})
    local_http.route(
        "/slow", delay=3.0, body=b"<html></html>", headers={"Content-Type": "text/html"}
    )
    local_http.route("/loop", status=302, headers={"Location": "/loop2"})
    local_http.route("/loop2", status=302, headers={"Location": "/loop"})
    local_http.route("/robots.txt", status=404)
    urls = [local_http.url(p) for p in ("/missing", "/slow", "/loop")]
    report = ws.ingest([str(_good(tmp_path)), *urls])
    assert report.new == 1
    reasons = {Path(f.origin).name: f.reason for f in report.failures}
    assert "404" in reasons["missing"]
    assert "no answer" in reasons["slow"]
    assert "redirect" in reasons["loop"].lower()


def test_bad_input_private_address_refused_by_default(tmp_path):
    with open_workspace(str(tmp_path / "s.db")) as ws:
        report = ws.ingest(["http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data"])
    assert report.failed == 2
    assert all("CLAIMWATCH_ALLOW_PRIVATE_URLS" in f.reason for f in report.failures)


def test_bad_input_rerun_after_failures_is_safe(ws, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    _good(tmp_path)
    first = ws.ingest([str(tmp_path)])
    second = ws.ingest([str(tmp_path)])
    assert (first.new, first.failed) == (1, 1)
    assert (second.new, second.unchanged, second.failed) == (0, 1, 1)
    assert ws.stats().failures == 1
