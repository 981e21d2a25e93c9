"""Pages out of WARC archives, including damaged and mislabelled ones."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimwatch.errors import ExtractionError, MalformedSource, SourceError, UnreadableSource
from claimwatch.ingest.items import RawItem
from claimwatch.ingest.warc import read_warc

PAGE = (
    "<!doctype html><html><head><title>Terminal delay</title></head><body>"
    "<p>The harbour authority of Port Elsin said the terminal opens in May.</p>"
    "<p>“We would rather open late than open unsafe,” said Ilse Varn.</p></body></html>"
)


class Archive:
    """A WARC built in memory, one record at a time; ``ends`` holds each record's end."""

    def __init__(self, *, gz: bool = True) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gz)
        self.ids: list[str] = []
        self.ends: list[int] = []

    def _write(self, record) -> None:  # type: ignore[no-untyped-def]
        # Fixed ids and dates: the same bytes on every run.
        number = len(self.ids) + 1
        record.rec_headers.replace_header(
            "WARC-Record-ID", f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>"
        )
        record.rec_headers.replace_header("WARC-Date", f"2026-03-05T09:30:{number:02d}Z")
        self.writer.write_record(record)
        self.ids.append(record.rec_headers.get_header("WARC-Record-ID"))
        self.ends.append(self.buffer.tell())
        stream = getattr(record, "raw_stream", None)
        if stream is not None:
            stream.close()  # warcio spools payloads to temporary files

    def warcinfo(self) -> Archive:
        self._write(self.writer.create_warcinfo_record("test.warc.gz", {"software": "tests"}))
        return self

    def request(self, uri: str) -> Archive:
        headers = StatusAndHeaders(
            "GET / HTTP/1.1",
            [("Host", "harbor.example")],
            protocol="HTTP/1.1",
            is_http_request=True,
        )
        self._write(self.writer.create_warc_record(uri, "request", http_headers=headers))
        return self

    def response(
        self,
        uri: str,
        body: bytes,
        *,
        status: str = "200 OK",
        content_type: str | None = "text/html; charset=utf-8",
        extra: list[tuple[str, str]] | None = None,
    ) -> Archive:
        fields = [("Content-Type", content_type)] if content_type else []
        headers = StatusAndHeaders(status, fields + (extra or []), protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
        self._write(record)
        return self

    def metadata(self, uri: str) -> Archive:
        record = self.writer.create_warc_record(
            uri,
            "metadata",
            payload=io.BytesIO(b"outlinks: none\n"),
            warc_content_type="application/warc-fields",
        )
        self._write(record)
        return self

    def bytes(self) -> bytes:
        return self.buffer.getvalue()


def items(found: list[RawItem | SourceError]) -> list[RawItem]:
    return [f for f in found if isinstance(f, RawItem)]


def errors(found: list[RawItem | SourceError]) -> list[SourceError]:
    return [f for f in found if isinstance(f, SourceError)]


def mixed_archive(*, gz: bool = True) -> Archive:
    return (
        Archive(gz=gz)
        .warcinfo()
        .request("https://harbor.example/terminal")
        .response("https://harbor.example/terminal", PAGE.encode("utf-8"))
        .response("https://harbor.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        .response("https://harbor.example/app.js", b"var x = 1;", content_type="text/javascript")
        .metadata("https://harbor.example/terminal")
        .response(
            "https://harbor.example/old",
            b"",
            status="301 Moved Permanently",
            extra=[("Location", "https://harbor.example/terminal")],
        )
        .response("https://harbor.example/gone", b"<html>gone</html>", status="404 Not Found")
        .response(
            "https://harbor.example/xhtml",
            PAGE.encode("utf-8"),
            content_type="application/xhtml+xml",
        )
    )


def test_read_warc_yields_only_html_200_responses() -> None:
    archive = mixed_archive()
    found = list(read_warc(archive.bytes(), "crawl.warc.gz"))
    assert errors(found) == []
    pages = items(found)
    assert [p.url for p in pages] == [
        "https://harbor.example/terminal",
        "https://harbor.example/xhtml",
    ]
    page = pages[0]
    assert page.kind == "html"
    assert page.source == "warc"
    assert page.content == PAGE
    assert page.raw == PAGE.encode("utf-8")
    assert page.media_type == "text/html"
    assert pages[1].media_type == "application/xhtml+xml"
    assert page.origin == f"crawl.warc.gz record 3 ({archive.ids[2]})"
    assert page.provenance["warc_record_id"] == archive.ids[2]
    assert page.provenance["warc_target_uri"] == "https://harbor.example/terminal"
    assert page.provenance["warc_file"] == "crawl.warc.gz"
    assert page.provenance["warc_date"] == "2026-03-05T09:30:03Z"
    assert archive.ids[2] == "<urn:uuid:00000000-0000-4000-8000-000000000003>"


def test_read_warc_uncompressed_and_from_a_stream(tmp_path: Path) -> None:
    data = mixed_archive(gz=False).bytes()
    assert len(items(list(read_warc(data, "crawl.warc")))) == 2
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    with path.open("rb") as stream:
        found = list(read_warc(stream, str(path)))
        assert not stream.closed
    assert len(items(found)) == 2


def test_read_warc_uses_the_http_charset() -> None:
    text = "Café “Marea” — 5 €"
    archive = Archive().response(
        "https://harbor.example/cafe",
        f"<html><body><p>{text}</p></body></html>".encode("cp1252"),
        content_type="text/html; charset=windows-1252",
    )
    (page,) = read_warc(archive.bytes(), "a.warc.gz")
    assert isinstance(page, RawItem)
    assert text in page.content


def test_read_warc_missing_content_type_is_sniffed() -> None:
    archive = (
        Archive()
        .response("https://harbor.example/page", PAGE.encode("utf-8"), content_type=None)
        .response("https://harbor.example/data", b"\x00\x01\x02 some bytes", content_type=None)
    )
    found = list(read_warc(archive.bytes(), "a.warc.gz"))
    assert [f.url for f in items(found)] == ["https://harbor.example/page"]
    assert errors(found) == []


def test_read_warc_undecodable_body_is_an_error_for_that_record_only() -> None:
    archive = (
        Archive()
        .response("https://harbor.example/fake", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        .response("https://harbor.example/empty", b"  \n")
        .response("https://harbor.example/real", PAGE.encode("utf-8"))
    )
    found = list(read_warc(archive.bytes(), "a.warc.gz"))
    binary, empty, page = found
    assert isinstance(binary, UnreadableSource)
    assert str(binary) == (
        f"a.warc.gz record 1 ({archive.ids[0]}): looks like a binary file (PNG image), not text"
    )
    assert isinstance(empty, ExtractionError)
    assert str(empty) == f"a.warc.gz record 2 ({archive.ids[1]}): the page is empty"
    assert isinstance(page, RawItem)


def test_read_warc_oversized_body_is_an_error_for_that_record() -> None:
    archive = (
        Archive()
        .response("https://harbor.example/big", b"<html>" + b"x" * 5000 + b"</html>")
        .response("https://harbor.example/small", PAGE.encode("utf-8"))
    )
    big, small = read_warc(archive.bytes(), "a.warc.gz", max_body=1000)
    assert isinstance(big, UnreadableSource)
    assert "larger than 1000 bytes" in str(big)
    assert isinstance(small, RawItem)


def test_read_warc_decodes_gzip_content_encoding() -> None:
    archive = Archive().response(
        "https://harbor.example/zipped",
        gzip.compress(PAGE.encode("utf-8")),
        extra=[("Content-Encoding", "gzip")],
    )
    (page,) = read_warc(archive.bytes(), "a.warc.gz")
    assert isinstance(page, RawItem)
    assert page.content == PAGE


def test_read_warc_truncated_gzip_yields_records_before_the_cut_then_one_error() -> None:
    archive = mixed_archive()
    data = archive.bytes()
    # Cut in the middle of the last record (the XHTML page, record 9).
    cut = (archive.ends[-2] + archive.ends[-1]) // 2
    found = list(read_warc(data[:cut], "archive.warc.gz"))
    assert [f.url for f in items(found)] == ["https://harbor.example/terminal"]
    (error,) = errors(found)
    assert found[-1] is error
    assert isinstance(error, MalformedSource)
    assert str(error).startswith("archive.warc.gz: truncated or corrupt WARC after record 8: ")


def test_read_warc_truncated_inside_an_html_record_drops_only_that_record() -> None:
    for gz in (True, False):
        archive = (
            Archive(gz=gz)
            .response("https://harbor.example/a", PAGE.encode("utf-8"))
            .response("https://harbor.example/b", PAGE.encode("utf-8") * 20)
            .response("https://harbor.example/c", PAGE.encode("utf-8"))
        )
        cut = (archive.ends[0] + archive.ends[1]) // 2
        found = list(read_warc(archive.bytes()[:cut], "cut.warc"))
        assert [type(f) for f in found] == [RawItem, MalformedSource]
        assert str(found[1]).startswith("cut.warc: truncated or corrupt WARC after record 1: ")


def test_read_warc_truncated_inside_a_header() -> None:
    archive = mixed_archive(gz=False)
    data = archive.bytes()
    found = list(read_warc(data[: archive.ends[2] + 40], "cut.warc"))
    assert len(items(found)) == 1
    assert str(found[-1]).startswith("cut.warc: truncated or corrupt WARC after record 3")


def test_read_warc_not_a_warc_is_one_error() -> None:
    for data in (
        PAGE.encode("utf-8"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10,
        gzip.compress(PAGE.encode("utf-8")),
        b"one two three four five\nsix seven\n",
    ):
        found = list(read_warc(data, "page.warc"))
        assert len(found) == 1, found
        assert isinstance(found[0], MalformedSource)
        assert str(found[0]).startswith("page.warc: not a WARC file")


def test_read_warc_empty_input_is_unreadable() -> None:
    (error,) = read_warc(b"", "empty.warc")
    assert isinstance(error, UnreadableSource)
    assert str(error) == "empty.warc: empty file; no WARC records in it"


@pytest.mark.parametrize("gz", [True, False])
def test_read_warc_every_cut_point_gives_whole_pages_then_at_most_one_error(gz: bool) -> None:
    archive = mixed_archive(gz=gz)
    data = archive.bytes()
    pages_at = [archive.ends[2], archive.ends[8]]  # the records holding 200 HTML pages
    # A cut in the last bytes of a record (gzip trailer, blank lines) leaves its content whole.
    slack = 12 if gz else 4
    for cut in range(len(data) + 1):
        found = list(read_warc(data[:cut], "x.warc"))
        pages = [f for f in found if isinstance(f, RawItem)]
        problems = [f for f in found if isinstance(f, SourceError)]
        whole = sum(1 for end in pages_at if end <= cut)
        assert whole <= len(pages) <= sum(1 for end in pages_at if end - slack <= cut), cut
        assert all(p.content == PAGE for p in pages), cut
        assert len(problems) <= 1, cut
        if problems:
            assert found[-1] is problems[0]
            assert "\n" not in str(problems[0])
        near_boundary = cut == 0 or any(0 <= end - cut <= slack for end in archive.ends)
        if not near_boundary:
            assert len(problems) == 1, cut
            expected = "truncated or corrupt WARC"
            if cut < archive.ends[0]:  # maybe too little to tell it was ever a WARC
                expected = "not a WARC file" if "not a WARC" in str(problems[0]) else expected
            assert expected in str(problems[0]), cut
