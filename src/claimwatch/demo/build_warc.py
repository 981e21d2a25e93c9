"""Build ``corpus/archive.warc.gz`` from the page sources in ``warc_src/``, deterministically.

Each ``warc_src/*.html`` is one archived page: its URL is the page's ``<link rel="canonical">``
and its capture time is its ``article:published_time`` plus one hour. Record ids are UUID5s of
the URL, so rebuilding writes byte-identical output::

    python -m claimwatch.demo.build_warc
    python src/claimwatch/demo/build_warc.py
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc_src"
OUT = HERE / "corpus" / "archive.warc.gz"

CRAWL_DELAY = timedelta(hours=1)
USER_AGENT = "claimwatch-demo-archiver/1.0 (+https://claimwatch.example/demo)"
_CANONICAL = re.compile(r'<link\s+rel="canonical"\s+href="([^"]+)"', re.I)
_PUBLISHED = re.compile(r'<meta\s+property="article:published_time"\s+content="([^"]+)"', re.I)


def _record_id(kind: str, url: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{kind}:{url}')}>"


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _page(path: Path) -> tuple[str, datetime, bytes]:
    body = path.read_bytes()
    text = body.decode("utf-8")
    url = _CANONICAL.search(text)
    published = _PUBLISHED.search(text)
    if not url or not published:
        raise SystemExit(f"{path}: needs <link rel=canonical> and article:published_time")
    return url.group(1), datetime.fromisoformat(published.group(1)) + CRAWL_DELAY, body


def build(out: Path = OUT) -> int:
    pages = sorted((_page(p) for p in SRC.glob("*.html")), key=lambda page: (page[1], page[0]))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.0")
        first = pages[0][1] if pages else datetime(2026, 3, 1, tzinfo=UTC)
        info = (
            b"software: claimwatch build_warc (warcio)\r\n"
            b"format: WARC File Format 1.0\r\n"
            b"description: claimwatch demo corpus, fictional pages\r\n"
        )
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(info),
                length=len(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": _record_id("warcinfo", out.name),
                    "WARC-Date": _warc_date(first),
                    "WARC-Filename": out.name,
                },
            )
        )
        for url, captured, body in pages:
            parts = urlsplit(url)
            date = _warc_date(captured)
            response_id = _record_id("response", url)
            http_response = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Date", format_datetime(captured.astimezone(UTC), usegmt=True)),
                    ("Server", "nginx"),
                    ("Cache-Control", "max-age=60"),
                ],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=http_response,
                warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": date},
            )
            http_request = StatusAndHeaders(
                f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1",
                [
                    ("Host", parts.netloc),
                    ("User-Agent", USER_AGENT),
                    ("Accept", "text/html,application/xhtml+xml"),
                    ("Accept-Language", "en,de;q=0.8,fr;q=0.6"),
                ],
                is_http_request=True,
            )
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=http_request,
                warc_headers_dict={
                    "WARC-Record-ID": _record_id("request", url),
                    "WARC-Date": date,
                    "WARC-Concurrent-To": response_id,
                },
            )
            writer.write_record(response)
            writer.write_record(request)
    return len(pages)


def main() -> None:
    count = build()
    print(f"wrote {count} pages to {OUT}")


if __name__ == "__main__":
    main()
