"""The read side: one function per question, shared by the CLI, the web app and the API."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, Row, func, select

from claimwatch.errors import NotFound
from claimwatch.models import Appearance, Article, IngestFailure, Outlet
from claimwatch.store.schema import (
    appearances,
    articles,
    failures,
    feed_state,
    outlets,
    raw_inputs,
)


@dataclass(frozen=True)
class Stats:
    articles: int
    outlets: int
    appearances: int
    duplicates: int
    failures: int
    raw_inputs: int
    languages: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    first_published: datetime | None = None
    last_published: datetime | None = None


@dataclass(frozen=True)
class ArticleFilter:
    outlet: str | None = None  # outlet id (domain) or display name
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0


def stats(engine: Engine) -> Stats:
    with engine.connect() as conn:
        count = lambda table: conn.execute(select(func.count()).select_from(table)).scalar_one()  # noqa: E731
        n_articles, n_appearances = count(articles), count(appearances)
        languages = conn.execute(
            select(func.coalesce(articles.c.language, "unknown"), func.count())
            .group_by(articles.c.language)
            .order_by(func.count().desc())
        ).all()
        sources = conn.execute(
            select(articles.c.source, func.count()).group_by(articles.c.source)
        ).all()
        first, last = conn.execute(
            select(func.min(articles.c.published), func.max(articles.c.published))
        ).one()
        return Stats(
            articles=n_articles,
            outlets=count(outlets),
            appearances=n_appearances,
            duplicates=n_appearances - n_articles,
            failures=count(failures),
            raw_inputs=count(raw_inputs),
            languages={str(k): int(v) for k, v in languages},
            sources={str(k): int(v) for k, v in sources},
            first_published=first,
            last_published=last,
        )


def list_articles(engine: Engine, flt: ArticleFilter = ArticleFilter()) -> list[Article]:
    query = select(articles, outlets.c.name.label("outlet_name")).outerjoin(
        outlets, outlets.c.id == articles.c.outlet_id
    )
    if flt.outlet:
        query = query.where((outlets.c.id == flt.outlet) | (outlets.c.name == flt.outlet))
    if flt.language:
        query = query.where(articles.c.language == flt.language)
    if flt.since:
        query = query.where(articles.c.published >= flt.since)
    if flt.until:
        query = query.where(articles.c.published <= flt.until)
    query = query.order_by(articles.c.published.desc(), articles.c.id).limit(flt.limit)
    with engine.connect() as conn:
        return [_article(row) for row in conn.execute(query.offset(flt.offset))]


def count_articles(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def get_article(engine: Engine, article_id: str) -> Article:
    with engine.connect() as conn:
        row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}; `claimwatch articles` lists them")
        seen = conn.execute(
            select(appearances)
            .where(appearances.c.article_id == article_id)
            .order_by(appearances.c.published, appearances.c.seen_at)
        ).all()
    return _article(row, tuple(_appearance(a) for a in seen))


def get_articles(engine: Engine, article_ids: Iterable[str]) -> dict[str, Article]:
    """The articles with these ids (unknown ids left out), each with its appearances:
    two queries per 500 ids rather than two per article."""
    ids = list(dict.fromkeys(article_ids))
    found: dict[str, Article] = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = conn.execute(select(articles).where(articles.c.id.in_(chunk))).all()
            seen: dict[str, list[Appearance]] = {}
            for a in conn.execute(
                select(appearances)
                .where(appearances.c.article_id.in_(chunk))
                .order_by(appearances.c.published, appearances.c.seen_at)
            ):
                seen.setdefault(a.article_id, []).append(_appearance(a))
            found.update({r.id: _article(r, tuple(seen.get(r.id, ()))) for r in rows})
    return found


def get_outlets(engine: Engine) -> list[tuple[Outlet, int]]:
    """Every outlet with its number of appearances."""
    query = (
        select(outlets, func.count(appearances.c.id).label("n"))
        .outerjoin(appearances, appearances.c.outlet_id == outlets.c.id)
        .group_by(outlets.c.id, outlets.c.name, outlets.c.domain, outlets.c.name_source)
        .order_by(func.count(appearances.c.id).desc(), outlets.c.id)
    )
    with engine.connect() as conn:
        return [(Outlet(r.id, r.name, r.domain), int(r.n)) for r in conn.execute(query)]


def outlet_names(engine: Engine, outlet_ids: Iterable[str | None] | None = None) -> dict[str, str]:
    """Display names of these outlets (of all without ``outlet_ids``)."""
    query = select(outlets.c.id, outlets.c.name)
    if outlet_ids is not None:
        query = query.where(outlets.c.id.in_([i for i in set(outlet_ids) if i]))
    with engine.connect() as conn:
        return {r.id: r.name for r in conn.execute(query)}


def list_failures(engine: Engine) -> list[IngestFailure]:
    with engine.connect() as conn:
        rows = conn.execute(select(failures).order_by(failures.c.at)).all()
    return [IngestFailure(origin=r.origin, reason=r.reason, at=r.at) for r in rows]


def raw_input(engine: Engine, raw_id: str) -> tuple[str, str, bytes]:
    """(kind, media type, original bytes) of a stored raw input."""
    with engine.connect() as conn:
        row = conn.execute(select(raw_inputs).where(raw_inputs.c.id == raw_id)).first()
    if row is None:
        raise NotFound(f"no raw input {raw_id!r}")
    return row.kind, row.media_type, zlib.decompress(row.data)


def article_ids_with_raw(engine: Engine) -> list[tuple[str, str]]:
    """(article id, raw input id) of every article whose raw input is kept."""
    query = select(articles.c.id, articles.c.raw_id).where(articles.c.raw_id.is_not(None))
    with engine.connect() as conn:
        return [(r.id, r.raw_id) for r in conn.execute(query.order_by(articles.c.seq))]


def _article(row: Row, seen: tuple[Appearance, ...] = ()) -> Article:
    return Article(
        id=row.id,
        url=row.url,
        title=row.title,
        text=row.text,
        outlet=row.outlet_id,
        published=row.published,
        updated=row.updated,
        language=row.language,
        authors=tuple(row.authors or ()),
        source=row.source,
        origin=row.origin,
        content_hash=row.content_hash,
        extractor=row.extractor,
        captions=tuple(row.captions or ()),
        raw_id=row.raw_id,
        ingested_at=row.ingested_at,
        appearances=seen,
    )


def _appearance(row: Row) -> Appearance:
    return Appearance(
        article_id=row.article_id,
        url=row.url,
        outlet=row.outlet_id,
        published=row.published,
        origin=row.origin,
        source=row.source,
        title=row.title,
    )


def feed_validators(engine: Engine, url: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) the feed at ``url`` sent last time, for a conditional request."""
    with engine.connect() as conn:
        row = conn.execute(select(feed_state).where(feed_state.c.url == url)).first()
    return (row.etag, row.last_modified) if row else (None, None)


def source_meta(engine: Engine, article_id: str) -> dict[str, object]:
    """What the source knew about an article (feed entry or JSON fields) when it was stored."""
    with engine.connect() as conn:
        meta = conn.execute(select(articles.c.meta).where(articles.c.id == article_id)).scalar()
    return dict((meta or {}).get("source_meta") or {})


def seen_unchanged(engine: Engine, raw_id: str, origin: str, extractor: str) -> bool:
    """True when these exact raw bytes from this origin were stored by this extractor
    version: re-reading them would change nothing."""
    query = (
        select(appearances.c.id)
        .join(articles, articles.c.id == appearances.c.article_id)
        .where(appearances.c.raw_id == raw_id)
        .where(appearances.c.origin == origin)
        .where(articles.c.extractor == extractor)
        .limit(1)
    )
    with engine.connect() as conn:
        return conn.execute(query).first() is not None
