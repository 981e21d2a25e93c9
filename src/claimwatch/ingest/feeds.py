"""RSS and Atom feeds: sniffing, parsing (with feedparser) and the entries' fields.

feedparser is only ever given bytes wrapped in a stream, so it never fetches a URL or
opens a file. Relative links in entries are resolved against the feed's own base
(``xml:base``, or the feed URL when ``origin`` is one); HTML is not sanitised here,
extraction does that later.
"""

from __future__ import annotations

import html
import io
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe

from claimwatch.errors import MalformedSource


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, as the feed gives it."""

    link: str | None
    title: str | None  # plain text
    published: datetime | None  # timezone-aware, UTC
    updated: datetime | None  # timezone-aware, UTC
    authors: tuple[str, ...]
    summary: str | None  # as in the feed; may hold HTML
    content_html: str | None  # full content (content:encoded, Atom content) as HTML
    entry_id: str | None  # guid / Atom id


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]


_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_ATOM_NAMESPACES = (b"http://www.w3.org/2005/Atom", b"http://purl.org/atom/ns#")
_PROLOG = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL
)
_ROOT = re.compile(rb"\A<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)([^>]*)", re.DOTALL)
# "jo@harbor.example (Jo Brel)", "Jo Brel <jo@harbor.example>", "Jo Brel (jo@harbor.example)":
# how RSS writes authors, and how feedparser joins an Atom author's name and e-mail.
_AUTHOR_FORMS = (
    re.compile(r"\s*\S+@\S+\s*\((.*)\)\s*"),
    re.compile(r"\s*(.*?)\s*<\s*\S+@\S+\s*>\s*"),
    re.compile(r"\s*(.*?)\s*\(\s*\S+@\S+\s*\)\s*"),
)
_EMAIL = re.compile(r"\S+@\S+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def looks_like_feed(data: bytes) -> bool:
    """Whether ``data`` starts like an RSS, Atom or RSS 1.0 (RDF) document.

    Looks at the first 2 KB only, after a byte order mark, whitespace, the XML
    declaration, processing instructions, comments and a DOCTYPE.
    """
    head = _ascii_head(data[:2048])
    while True:
        match = _PROLOG.match(head)
        if not match or not match.group(0):
            break
        head = head[match.end() :]
    root = _ROOT.match(head)
    if not root:
        return False
    name, attributes = root.group(1), root.group(2)
    local = name.rsplit(b":", 1)[-1]
    if local == b"rss":
        return True
    if name == b"rdf:RDF":
        return True
    if local == b"feed":
        return any(ns in attributes for ns in _ATOM_NAMESPACES)
    return False


def _ascii_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (a UTF-16 feed re-encoded), without a BOM."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) : len(head) - len(head) % 2].decode(codec, errors="ignore")
            return text.encode("utf-8", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def parse_feed(data: bytes, origin: str) -> Feed:
    """The feed in ``data``; ``MalformedSource`` when it is not a feed or is broken.

    A broken feed whose entries feedparser could still recover is accepted; a feed that is
    well formed and has no entries is an empty ``Feed``.
    """
    headers = {"content-location": origin} if origin.startswith(("http://", "https://")) else {}
    try:
        parsed = feedparser.parse(
            io.BytesIO(data),
            response_headers=headers,
            resolve_relative_uris=True,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser means never to raise; a broken feed must not stop us
        raise MalformedSource(f"{origin}: malformed feed: {_reason(exc)}") from None
    problem = dict.get(parsed, "bozo_exception")
    # A charset label the bytes contradict, or an odd content type, harms nothing.
    benign = isinstance(problem, ThingsNobodyCaresAboutButMe)
    broken = bool(dict.get(parsed, "bozo")) and not benign
    reason = _reason(problem)
    if not dict.get(parsed, "version"):
        if broken:
            raise MalformedSource(f"{origin}: malformed feed: {reason}")
        raise MalformedSource(f"{origin}: not an RSS or Atom feed")
    entries = tuple(_entry(e) for e in dict.get(parsed, "entries") or ())
    if broken and not any(e.link or e.title or e.content_html or e.summary for e in entries):
        raise MalformedSource(f"{origin}: malformed feed: {reason}")
    channel = dict.get(parsed, "feed") or {}
    return Feed(
        title=_plain(dict.get(channel, "title"), dict.get(channel, "title_detail")),
        link=_text(dict.get(channel, "link")),
        entries=entries,
    )


def _reason(exc: object) -> str:
    if exc is None:
        return "unknown error"
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    if hasattr(exc, "getLineNumber"):
        message += f" at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    message = " ".join(str(message).split()) or exc.__class__.__name__
    return message if len(message) <= 160 else message[:157] + "..."


def _entry(entry: dict[str, Any]) -> FeedEntry:
    def get(key: str) -> Any:
        return dict.get(entry, key)  # plain dict lookups: no feedparser fallbacks or warnings

    return FeedEntry(
        link=_text(get("link")),
        title=_plain(get("title"), get("title_detail")),
        published=_utc(get("published_parsed")),
        updated=_utc(get("updated_parsed")),
        authors=_authors(entry),
        summary=_text(get("summary")),
        content_html=_content(get("content")),
        entry_id=_text(get("id")),
    )


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _plain(value: object, detail: object) -> str | None:
    """A title as plain text: an HTML-typed title loses its tags and entities."""
    text = _text(value)
    if text is None:
        return None
    kind = detail.get("type") if isinstance(detail, dict) else None
    if kind in _HTML_TYPES:
        text = " ".join(_visible_text(text).split())
    return text or None


def _utc(value: object) -> datetime | None:
    """feedparser's parsed dates are UTC ``struct_time``s."""
    if not isinstance(value, time.struct_time | tuple) or len(value) < 6:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _authors(entry: dict[str, Any]) -> tuple[str, ...]:
    """Author names; e-mail addresses are dropped.

    feedparser splits "email (Name)" itself, but mangles addresses whose top-level domain
    is longer than four letters, so a single author's raw string is split here.
    """
    details = dict.get(entry, "authors") or []
    raw = dict.get(entry, "author")
    if isinstance(raw, str) and len(details) <= 1:
        candidates = [raw]
    else:
        candidates = [d.get("name") for d in details if isinstance(d, dict)]
    names = (_author_name(c) for c in candidates if isinstance(c, str))
    return tuple(dict.fromkeys(name for name in names if name))


def _author_name(raw: str) -> str | None:
    for pattern in _AUTHOR_FORMS:
        match = pattern.fullmatch(raw)
        if match:
            raw = match.group(1)
            break
    if _EMAIL.fullmatch(raw.strip()):
        return None  # only an address, no name
    return " ".join(raw.split()) or None


def _content(content: object) -> str | None:
    """The longest HTML content of the entry; plain-text content becomes paragraphs."""
    if not isinstance(content, list):
        return None
    best: str | None = None
    for part in content:
        if not isinstance(part, dict) or not isinstance(part.get("value"), str):
            continue
        value = part["value"].strip()
        if not value:
            continue
        if part.get("type") not in _HTML_TYPES:
            paragraphs = re.split(r"\n\s*\n", value)
            value = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())
        if best is None or len(value) > len(best):
            best = value
    return best


def has_full_content(entry: FeedEntry, *, min_words: int = 120) -> bool:
    """Whether the entry's content is long enough to stand as the whole article.

    Words are counted in the visible text of ``content_html`` (a CJK character counts as
    half a word); a summary never counts.
    """
    if not entry.content_html:
        return False
    text = _visible_text(entry.content_html)
    cjk = len(_CJK.findall(text))
    words = len(_CJK.sub(" ", text).split()) + cjk // 2
    return words >= min_words


class _TextOnly(HTMLParser):
    """Collects visible text, leaving out scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)
