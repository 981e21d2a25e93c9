"""The data model: plain dataclasses. The store's schema mirrors them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


def oldest_first(when: datetime | None) -> tuple[bool, datetime]:
    """Sort key: dated things by date, undated ones after them."""
    return (when is None, when or datetime.max.replace(tzinfo=UTC))


@dataclass(frozen=True)
class Outlet:
    """A publisher, keyed by its registered domain (``example.com``)."""

    id: str
    name: str
    domain: str


@dataclass(frozen=True)
class Appearance:
    """One place an article's text was seen: its own URL, or a syndicated copy elsewhere."""

    article_id: str
    url: str | None
    outlet: str | None
    published: datetime | None
    origin: str
    source: str
    title: str | None = None


@dataclass(frozen=True)
class Article:
    """One news article: clean text plus metadata. Everything else points into ``text``."""

    id: str
    url: str | None
    title: str
    text: str
    outlet: str | None
    published: datetime | None
    updated: datetime | None
    language: str | None
    authors: tuple[str, ...]
    source: str
    origin: str
    content_hash: str
    extractor: str
    captions: tuple[str, ...] = ()
    raw_id: str | None = None
    ingested_at: datetime | None = None
    appearances: tuple[Appearance, ...] = field(default=())


@dataclass(frozen=True)
class IngestFailure:
    """An input item that could not be stored, and why."""

    origin: str
    reason: str
    at: datetime | None = None


@dataclass(frozen=True)
class FactCheck:
    """A claim that a fact-checker (or a disinformation database) has already reviewed.

    ``id`` is deterministic (a hash of the review URL, else of the publisher and claim), so
    importing the same file again replaces rather than duplicates. ``rating`` is the
    reviewer's own words ("False", "Disinformation"); ``appearances`` are URLs where the
    claim was seen; ``origin`` names the file (and line or record) it came from.
    """

    id: str
    claim: str
    rating: str | None
    url: str | None
    publisher: str | None
    reviewed: datetime | None
    claimant: str | None = None
    claim_date: datetime | None = None
    title: str | None = None
    language: str | None = None
    appearances: tuple[str, ...] = ()
    source_format: str = "claimreview"  # claimreview | checkthat | euvsdisinfo
    origin: str = ""
