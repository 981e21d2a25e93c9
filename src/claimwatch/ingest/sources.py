"""Turn what the user named (files, folders, URLs, feeds, ``-``) into raw items.

Every reader is a generator of ``RawItem | SourceError | FetchError``: one bad item becomes
one error value and the rest goes on.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from claimwatch.errors import ClaimwatchError, FetchError, MalformedSource, UnreadableSource
from claimwatch.ingest.decode import decode_text, looks_binary, read_input_bytes
from claimwatch.ingest.feeds import Feed, FeedEntry, has_full_content, looks_like_feed, parse_feed
from claimwatch.ingest.items import RawItem
from claimwatch.ingest.jsonl import parse_json_articles
from claimwatch.ingest.urls import is_web_url
from claimwatch.ingest.warc import read_warc

Found = RawItem | ClaimwatchError

HTML_EXT = (".html", ".htm", ".xhtml", ".shtml")
TEXT_EXT = (".txt", ".text", ".md")
JSON_EXT = (".json", ".jsonl", ".ndjson")
WARC_EXT = (".warc",)
FEED_EXT = (".rss", ".atom", ".xml")
KNOWN_EXT = HTML_EXT + TEXT_EXT + JSON_EXT + WARC_EXT + FEED_EXT


@dataclass(frozen=True)
class Input:
    """One thing the user named, after expanding folders: a file path, a URL or stdin."""

    name: str
    path: Path | None = None
    url: str | None = None
    stdin: BinaryIO | None = None


@dataclass(frozen=True)
class Fetched:
    final_url: str
    body: bytes | None  # None: not modified since the validators were remembered
    content_type: str
    charset: str | None
    validators: tuple[str | None, str | None] = (None, None)  # (ETag, Last-Modified)


class Fetching:
    """What sources need from the network; the pipeline passes a real one in."""

    def get(self, url: str, *, conditional: bool = False) -> Fetched:
        """Fetch a page or feed; ``conditional`` sends the validators remembered for it."""
        raise FetchError(f"{url}: fetching is not available here", url)

    def remember(self, url: str, validators: tuple[str | None, str | None]) -> None:
        """Keep a feed's validators for the next conditional request."""


def expand_inputs(
    names: Iterable[str], *, stdin: BinaryIO | None = None
) -> Iterator[Input | UnreadableSource]:
    """Folders → their supported files (recursively, sorted); everything else as named."""
    for name in names:
        if name == "-":
            yield Input("<stdin>", stdin=stdin)
        elif is_web_url(name):
            yield Input(name, url=name)
        else:
            path = Path(name).expanduser()
            if path.is_dir():
                yield from _folder(path)
            elif path.exists():
                yield Input(str(path), path=path)
            else:
                yield UnreadableSource(f"{name}: no such file, folder or URL")


def _folder(folder: Path) -> Iterator[Input]:
    files = (p for p in folder.rglob("*") if p.is_file())
    for path in sorted(files):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if _base_suffix(path) in KNOWN_EXT or path.name.lower().endswith(".warc.gz"):
            yield Input(str(path), path=path)


def read_input(inp: Input, fetching: Fetching, *, max_bytes: int) -> Iterator[Found]:
    """The raw items of one input."""
    try:
        if inp.url:
            yield from _url(inp.url, fetching)
        elif inp.stdin is not None:
            yield from _stdin(inp.stdin, max_bytes)
        elif inp.path is not None:
            yield from _file(inp.path, fetching, max_bytes)
    except ClaimwatchError as exc:
        yield exc


def _file(path: Path, fetching: Fetching, max_bytes: int) -> Iterator[Found]:
    name = str(path)
    lowered = path.name.lower()
    if lowered.endswith((".warc", ".warc.gz")):
        with path.open("rb") as stream:
            yield from read_warc(stream, name)
        return
    data = read_input_bytes(path, limit=max_bytes)
    suffix = _base_suffix(path)
    if suffix in JSON_EXT:
        yield from parse_json_articles(decode_text(data, origin=name), name)
    elif suffix in FEED_EXT:
        if not looks_like_feed(data):
            raise MalformedSource(f"{name}: not an RSS or Atom feed")
        yield from _feed_items(parse_feed(data, name), name, fetching)
    elif suffix in HTML_EXT:
        yield _page(name, data, kind="html", source="file")
    elif suffix in TEXT_EXT:
        yield _page(name, data, kind="text", source="file")
    else:
        yield from _sniffed(name, data, fetching, source="file")


def _stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Found]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UnreadableSource(
            f"<stdin>: more than {max_bytes} bytes; save it to a file and split it"
        )
    if not data.strip():
        raise UnreadableSource("<stdin>: empty input")
    if data.startswith(b"\x1f\x8b"):
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            try:
                plain = unzipped.read(max_bytes + 1)
            except (OSError, EOFError) as exc:
                raise MalformedSource(f"<stdin>: broken gzip data ({exc})") from None
        if plain.startswith(b"WARC/"):
            yield from read_warc(io.BytesIO(data), "<stdin>")
            return
        data = plain
    yield from _sniffed("<stdin>", data, Fetching(), source="stdin")


def _sniffed(name: str, data: bytes, fetching: Fetching, *, source: str) -> Iterator[Found]:
    """Content of unknown type: JSON, feed, WARC, HTML or plain text, by looking at it."""
    if looks_binary(data) and not data.startswith(b"WARC/"):
        raise UnreadableSource(f"{name}: looks like a binary file, not text, HTML, JSON or a feed")
    head = data[:2048].lstrip().lower()
    if data.startswith(b"WARC/"):
        yield from read_warc(io.BytesIO(data), name)
    elif head.startswith((b"{", b"[")):
        yield from parse_json_articles(decode_text(data, origin=name), name)
    elif looks_like_feed(data):
        yield from _feed_items(parse_feed(data, name), name, fetching)
    elif head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        yield _page(name, data, kind="html", source=source)
    else:
        yield _page(name, data, kind="text", source=source)


def _page(
    name: str,
    data: bytes,
    *,
    kind: str,
    source: str,
    url: str | None = None,
    charset: str | None = None,
    meta: dict[str, object] | None = None,
) -> RawItem:
    content = decode_text(data, declared=charset, origin=name)
    if not content.strip():
        raise UnreadableSource(f"{name}: empty file")
    media = "text/html" if kind == "html" else "text/plain"
    return RawItem(
        origin=name,
        kind=kind,
        content=content,
        url=url,
        source=source,  # type: ignore[arg-type]
        meta=meta or {},
        raw=data,
        media_type=media,
    )


def _url(url: str, fetching: Fetching) -> Iterator[Found]:
    fetched = fetching.get(url, conditional=True)
    if fetched.body is None:
        return  # a feed that has not changed since the last run
    if "xml" in fetched.content_type or looks_like_feed(fetched.body):
        failed = False
        for found in _feed_items(parse_feed(fetched.body, url), url, fetching):
            failed = failed or not isinstance(found, RawItem)
            yield found
        if not failed:
            fetching.remember(url, fetched.validators)
    else:
        kind = "text" if fetched.content_type == "text/plain" else "html"
        yield _page(
            url,
            fetched.body,
            kind=kind,
            source="url",
            url=fetched.final_url,
            charset=fetched.charset,
        )


def _feed_items(feed: Feed, origin: str, fetching: Fetching) -> Iterator[Found]:
    for n, entry in enumerate(feed.entries, start=1):
        name = f"{origin} entry {n}" + (f" ({entry.link})" if entry.link else "")
        try:
            yield _entry_item(entry, name, feed, fetching, origin)
        except ClaimwatchError as exc:
            yield exc


def _entry_item(
    entry: FeedEntry, name: str, feed: Feed, fetching: Fetching, feed_url: str
) -> RawItem:
    meta: dict[str, object] = {
        "title": entry.title,
        "published": entry.published.isoformat() if entry.published else None,
        "updated": entry.updated.isoformat() if entry.updated else None,
        "authors": list(entry.authors),
        "outlet": feed.title,
    }
    provenance = {"feed": feed_url} | ({"feed_entry_id": entry.entry_id} if entry.entry_id else {})
    if entry.content_html and has_full_content(entry):
        meta["body_format"] = "html"
        return RawItem(
            origin=name,
            kind="article",
            content=entry.content_html,
            url=entry.link,
            source="feed",
            meta=meta,
            provenance=provenance,
            raw=entry.content_html.encode("utf-8"),
            media_type="text/html",
        )
    if not entry.link:
        raise MalformedSource(f"{name}: the entry has neither a link nor full content")
    fetched = fetching.get(entry.link)
    assert fetched.body is not None
    kind = "text" if fetched.content_type == "text/plain" else "html"
    item = _page(
        name,
        fetched.body,
        kind=kind,
        source="feed",
        url=fetched.final_url,
        charset=fetched.charset,
        meta=meta,
    )
    return replace(item, provenance=provenance)


def _base_suffix(path: Path) -> str:
    """``a.html.gz`` → ``.html``; ``a.html`` → ``.html``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""
