"""Web pages out of WARC archives (``.warc`` and ``.warc.gz``), read with warcio.

Every ``response`` record holding an HTML page fetched with status 200 becomes one
``RawItem(kind="html", source="warc")``. Everything else is skipped without a word:
``warcinfo``, ``request``, ``metadata``, ``revisit`` and ``resource`` records, responses
that are not HTML (images, scripts, feeds ...), redirects and error pages (any status but
200). A page we cannot use (an empty, oversized or binary body) is an error value for
that record, and the others go on.

A truncated or corrupt archive yields the pages read before the damage, then one
``MalformedSource`` value, and stops. Input that is not a WARC at all is one error value.
Records are numbered from 1 in file order, every record type counted, so "record 3" is
the third record of the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

from claimwatch.errors import ExtractionError, MalformedSource, SourceError, UnreadableSource
from claimwatch.ingest.decode import MAX_INPUT_BYTES, decode_text
from claimwatch.ingest.items import RawItem

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';\s]+)""", re.IGNORECASE)
_BLOCK = 1 << 16
_HTTP = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False)


class _Records(ArchiveIterator):
    """warcio's iterator, noting whether the last gzip member ended early.

    warcio ends quietly when a compressed record is cut off before its header is complete;
    a gzip member that never reached its end is how we tell that from a clean end.
    """

    gzip_cut_short = False

    def __init__(self, stream: BinaryIO, **options: object) -> None:
        super().__init__(stream, **options)
        self._start = self.offset

    def close(self) -> None:
        reader = self.reader
        decompressor = getattr(reader, "decompressor", None) if reader is not None else None
        if decompressor is not None and not getattr(decompressor, "eof", True):
            try:
                consumed = self.fh.tell() > self._start  # an empty input is no cut member
            except (OSError, ValueError):
                consumed = True
            self.gzip_cut_short = consumed
        super().close()


def read_warc(
    data: bytes | BinaryIO, origin: str, *, max_body: int = MAX_INPUT_BYTES
) -> Iterator[RawItem | SourceError]:
    """One ``RawItem`` per HTML page in the archive, or an error value per unusable page.

    ``data`` is the whole archive or a binary stream positioned at its start (it is not
    closed). ``max_body`` caps one page's HTTP body, after any content-encoding.
    """
    stream: BinaryIO = io.BytesIO(data) if isinstance(data, bytes) else data
    archive = _Records(stream, no_record_parse=True)  # HTTP headers: parsed below
    records = iter(archive)
    done = 0  # records read completely
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # warcio raises bare Exceptions too; any is a broken archive
            if done == 0:
                yield MalformedSource(f"{origin}: not a WARC file ({_reason(exc)})")
            else:
                yield _broken(origin, done, _reason(exc))
            return
        if done == 0 and record.format != "warc":
            yield MalformedSource(
                f"{origin}: not a WARC file (it does not start with a WARC/1.x record)"
            )
            return
        number = done + 1
        declared = (record.rec_headers.get_header("Content-Length") or "").strip()
        if not record.rec_type or not declared.isdigit():
            yield _broken(origin, done, f"record {number} has an incomplete header")
            return
        try:
            found = _page(record, origin, number, max_body)
            short = _drain(record)
        except Exception as exc:  # a body that cannot be read: the archive is damaged here
            yield _broken(origin, done, _reason(exc))
            return
        if short:
            yield _broken(origin, done, f"record {number} ends {short} bytes early")
            return
        if found is not None:
            yield found
        done = number
    if archive.gzip_cut_short:
        yield _broken(origin, done, "the compressed data ends early")
    elif done == 0:
        yield UnreadableSource(f"{origin}: empty file; no WARC records in it")


def _reason(exc: BaseException) -> str:
    reason = " ".join(str(exc).split()) or exc.__class__.__name__
    return reason if len(reason) <= 160 else reason[:157] + "..."


def _broken(origin: str, done: int, reason: str) -> SourceError:
    where = f"after record {done}" if done else "in its first record"
    return MalformedSource(f"{origin}: truncated or corrupt WARC {where}: {reason}")


def _drain(record: ArcWarcRecord) -> int:
    """Read what is left of the record; the number of bytes missing from its length."""
    raw = record.raw_stream
    while raw.read(_BLOCK):
        pass
    return max(getattr(raw, "limit", 0), 0)


def _http_headers(record: ArcWarcRecord) -> StatusAndHeaders | None:
    """The HTTP status and headers of a response record to an http(s) request, else None.

    They are read here rather than by warcio, which hides a record cut off inside its
    header as a clean end of the archive. They are set on the record so that
    ``content_stream()`` undoes chunking and content-encoding.
    """
    if record.rec_type != "response":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not uri.lower().startswith(("http:", "https:")) or not record.length:
        return None
    try:
        record.http_headers = _HTTP.parse(record.raw_stream)
    except EOFError:
        return None
    return record.http_headers


def _page(
    record: ArcWarcRecord, origin: str, number: int, max_body: int
) -> RawItem | SourceError | None:
    """The page in a response record; None for what is not a 200 HTML response."""
    http = _http_headers(record)
    if http is None or http.get_statuscode() != "200":
        return None
    content_type = http.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        return None
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    item = f"{origin} record {number}" + (f" ({record_id})" if record_id else "")
    body = record.content_stream().read(max_body + 1)
    if not media_type:
        head = body[:1024].lstrip().lower()
        if not (head.startswith(b"<!doctype html") or b"<html" in head):
            return None
        media_type = "text/html"
    if len(body) > max_body:
        return UnreadableSource(f"{item}: the page is larger than {max_body} bytes; skipped")
    if not body.strip():
        return ExtractionError(f"{item}: the page is empty")
    match = _CHARSET.search(content_type)
    try:
        content = decode_text(body, declared=match.group(1) if match else None, origin=item)
    except SourceError as exc:
        return exc
    uri = record.rec_headers.get_header("WARC-Target-URI")
    provenance = {
        "warc_record_id": record_id,
        "warc_target_uri": uri,
        "warc_date": record.rec_headers.get_header("WARC-Date"),
        "warc_file": origin,
    }
    return RawItem(
        origin=item,
        kind="html",
        content=content,
        url=uri or None,
        source="warc",
        provenance={key: value for key, value in provenance.items() if value},
        raw=body,
        media_type=media_type,
    )
