"""From a raw item to clean text and metadata. Pure: no I/O, no store."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from claimwatch.errors import ExtractionError
from claimwatch.ingest.html import extract_html
from claimwatch.ingest.items import RawItem
from claimwatch.ingest.language import detect_language
from claimwatch.ingest.textpage import parse_text_page
from claimwatch.ingest.urls import is_web_url

#: Versions of the three extraction paths; stored on every article as ``extractor``.
EXTRACTORS = {"html": "html.v1", "text": "textpage.v1", "article": "article.v1"}
MIN_WORDS = 5


@dataclass(frozen=True)
class Extracted:
    url: str | None
    title: str
    text: str
    published: datetime | None
    updated: datetime | None
    authors: tuple[str, ...]
    outlet_name: str | None
    language: str | None
    captions: tuple[str, ...]
    extractor: str


def extract_item(item: RawItem) -> Extracted:
    """Clean text and metadata of one item; ExtractionError when it holds no article text."""
    if item.kind == "html":
        found = _from_html(item.content, item.url)
        extracted = _fill_gaps(found, item.meta)
    elif item.kind == "text":
        extracted = _fill_gaps(_from_text_page(item.content, item.url), item.meta)
    else:
        extracted = _from_article(item)
    if len(extracted.text.split()) < MIN_WORDS:
        raise ExtractionError(f"{item.origin}: no article text found")
    language = extracted.language or detect_language(extracted.text)
    return replace(extracted, language=language)


def _from_html(html: str, url: str | None, extractor: str = EXTRACTORS["html"]) -> Extracted:
    page = extract_html(html, url)
    canonical = (
        page.canonical_url if page.canonical_url and is_web_url(page.canonical_url) else None
    )
    return Extracted(
        url=url or canonical,
        title=page.title or "",
        text=page.text,
        published=page.published,
        updated=page.updated,
        authors=page.authors,
        outlet_name=page.site_name,
        language=detect_language(page.text) or _primary_subtag(page.language),
        captions=page.captions,
        extractor=extractor,
    )


def _from_text_page(text: str, url: str | None) -> Extracted:
    page = parse_text_page(text)
    return Extracted(
        url=url or page.url,
        title=page.title,
        text=page.body,
        # A page that shows only "Last updated" was at least published by then.
        published=page.published or page.updated,
        updated=page.updated,
        authors=page.authors,
        outlet_name=None,
        language=detect_language(page.body),
        captions=page.captions,
        extractor=EXTRACTORS["text"],
    )


def _from_article(item: RawItem) -> Extracted:
    """A structured article (JSON line, full-content feed entry): its fields come first."""
    meta = item.meta
    if meta.get("body_format") == "html":
        body = _from_html(item.content, item.url, EXTRACTORS["article"])
    else:
        text = normalise_paragraphs(item.content)
        body = Extracted(
            url=item.url,
            title="",
            text=text,
            published=None,
            updated=None,
            authors=(),
            outlet_name=None,
            language=None,
            captions=(),
            extractor=EXTRACTORS["article"],
        )
    given = _from_meta(item.url, meta)
    return _merge(primary=given, secondary=body, text=body.text, captions=body.captions)


def _from_meta(url: str | None, meta: dict[str, object]) -> Extracted:
    def value(key: str) -> object:
        return meta.get(key) or None

    authors = value("authors")
    return Extracted(
        url=url,
        title=str(value("title") or ""),
        text="",
        published=_datetime(value("published")),
        updated=_datetime(value("updated")),
        authors=tuple(str(a) for a in authors) if isinstance(authors, list | tuple) else (),
        outlet_name=str(value("outlet")) if value("outlet") else None,
        language=_primary_subtag(str(value("language") or "")),
        captions=(),
        extractor=EXTRACTORS["article"],
    )


def _fill_gaps(found: Extracted, meta: dict[str, object]) -> Extracted:
    """Page first; what the source already knew (feed entry, JSON) fills what is missing."""
    if not meta:
        return found
    given = _from_meta(found.url, meta)
    merged = _merge(primary=found, secondary=given, text=found.text, captions=found.captions)
    return replace(merged, extractor=found.extractor)


def _merge(
    *, primary: Extracted, secondary: Extracted, text: str, captions: tuple[str, ...]
) -> Extracted:
    return Extracted(
        url=primary.url or secondary.url,
        title=primary.title or secondary.title,
        text=text,
        published=primary.published or secondary.published,
        updated=primary.updated or secondary.updated,
        authors=primary.authors or secondary.authors,
        outlet_name=primary.outlet_name or secondary.outlet_name,
        language=primary.language or secondary.language,
        captions=captions,
        extractor=primary.extractor,
    )


def normalise_paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line, spaces inside lines folded."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = (" ".join(p.split()) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p)


def _datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _primary_subtag(tag: str | None) -> str | None:
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None
