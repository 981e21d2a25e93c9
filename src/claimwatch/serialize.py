"""Stable JSON shapes of the data model, shared by the CLI's --json and (later) the API.

Field names here are a public contract: docs/JSON.md describes them; change both together.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Any

from claimwatch.models import Appearance, Article


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_summary(article: Article, outlet_name: str | None = None) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "outlet_name": outlet_name,
        "published": iso(article.published),
        "language": article.language,
        "authors": list(article.authors),
        "source": article.source,
    }


def article_full(article: Article, outlet_name: str | None = None) -> dict[str, Any]:
    return article_summary(article, outlet_name) | {
        "text": article.text,
        "updated": iso(article.updated),
        "captions": list(article.captions),
        "origin": article.origin,
        "content_hash": article.content_hash,
        "extractor": article.extractor,
        "raw_id": article.raw_id,
        "ingested_at": iso(article.ingested_at),
        "appearances": [appearance(a) for a in article.appearances],
    }


def appearance(a: Appearance) -> dict[str, Any]:
    return {
        "url": a.url,
        "outlet": a.outlet,
        "title": a.title,
        "published": iso(a.published),
        "source": a.source,
        "origin": a.origin,
    }


def plain(value: Any) -> Any:
    """Any dataclass tree as JSON-ready values (datetimes as ISO strings)."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value
