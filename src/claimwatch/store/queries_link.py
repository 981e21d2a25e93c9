"""The read side of linking: vectors to index, canonical claims and their members,
stories, fact-checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import Engine, func, select

from claimwatch.errors import NotFound
from claimwatch.link.embed import from_blob
from claimwatch.models import oldest_first
from claimwatch.store.schema import articles
from claimwatch.store.schema_link import (
    canonical_claims,
    claim_links,
    claim_vectors,
    fact_check_matches,
    fact_checks,
    link_state,
    stories,
    story_articles,
)
from claimwatch.store.schema_nlp import claims


@dataclass(frozen=True)
class CanonicalRecord:
    id: str
    text: str
    first_seen: datetime | None
    last_seen: datetime | None
    members: int
    articles: int
    outlets: int
    denials: int
    checkworthiness: float | None


@dataclass(frozen=True)
class MemberRecord:
    """One appearance of a canonical claim: a claim row with where and when it was said."""

    claim_id: str
    canonical_id: str
    similarity: float
    article_id: str
    text: str  # self-contained wording
    quote: str  # the words in the article
    start: int
    end: int
    source: str
    act: str
    speaker_name: str | None
    speaker_type: str | None
    outlet: str | None
    published: datetime | None
    url: str | None
    title: str
    language: str | None


@dataclass(frozen=True)
class StoryRecord:
    id: str
    title: str
    first_published: datetime | None
    last_published: datetime | None
    size: int
    outlets: int


@dataclass(frozen=True)
class StoryArticle:
    article_id: str
    title: str
    outlet: str | None
    published: datetime | None
    url: str | None
    language: str | None
    similarity: float


@dataclass(frozen=True)
class FactCheckRecord:
    id: str
    claim: str
    rating: str | None
    url: str | None
    publisher: str | None
    reviewed: datetime | None
    claimant: str | None
    title: str | None
    appearances: tuple[str, ...]
    source_format: str
    score: float | None = None  # how well it matches, where it was matched


def claims_without_vectors(engine: Engine) -> list[tuple[str, str]]:
    query = (
        select(claims.c.id, claims.c.text)
        .outerjoin(claim_vectors, claim_vectors.c.claim_id == claims.c.id)
        .where(claim_vectors.c.claim_id.is_(None))
        .order_by(claims.c.id)
    )
    with engine.connect() as conn:
        return [(r.id, r.text) for r in conn.execute(query)]


def unlinked_claims(
    engine: Engine,
) -> list[tuple[str, np.ndarray, datetime | None, str | None]]:
    """Claims with a vector and no canonical claim yet, with their article's date and
    language."""
    query = (
        select(claims.c.id, claim_vectors.c.vector, articles.c.published, articles.c.language)
        .join(claim_vectors, claim_vectors.c.claim_id == claims.c.id)
        .join(articles, articles.c.id == claims.c.article_id)
        .outerjoin(claim_links, claim_links.c.claim_id == claims.c.id)
        .where(claim_links.c.claim_id.is_(None))
    )
    with engine.connect() as conn:
        return [(r.id, from_blob(r.vector), r.published, r.language) for r in conn.execute(query)]


def link_generation(engine: Engine) -> int:
    """How many times the links have changed (0: never)."""
    with engine.connect() as conn:
        found = conn.execute(
            select(link_state.c.value).where(link_state.c.name == "links")
        ).scalar_one_or_none()
    return int(found or 0)


def linked_vectors(engine: Engine) -> tuple[list[str], np.ndarray]:
    """Ids (sorted) and vectors of every linked claim."""
    query = (
        select(claim_links.c.claim_id, claim_vectors.c.vector)
        .join(claim_vectors, claim_vectors.c.claim_id == claim_links.c.claim_id)
        .order_by(claim_links.c.claim_id)
    )
    ids: list[str] = []
    blobs: list[bytes] = []
    with engine.connect() as conn:
        for r in conn.execute(query):
            ids.append(r.claim_id)
            blobs.append(r.vector)
    if not blobs:
        return [], np.zeros((0, 384), dtype=np.float16)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), -1)
    return ids, matrix


def canonical_vector(engine: Engine, canonical_id: str) -> np.ndarray | None:
    """The stored vector of the canonical claim's representative wording (its first
    claim), or None when it has none."""
    query = (
        select(claim_vectors.c.vector)
        .join(canonical_claims, canonical_claims.c.first_claim_id == claim_vectors.c.claim_id)
        .where(canonical_claims.c.id == canonical_id)
    )
    with engine.connect() as conn:
        blob = conn.execute(query).scalar()
    return None if blob is None else from_blob(blob)


def canonical_of(engine: Engine, claim_ids: Sequence[str] | None = None) -> dict[str, str]:
    query = select(claim_links.c.claim_id, claim_links.c.canonical_id)
    if claim_ids is not None:
        query = query.where(claim_links.c.claim_id.in_(list(claim_ids)))
    with engine.connect() as conn:
        return {r.claim_id: r.canonical_id for r in conn.execute(query)}


def _canonical(r) -> CanonicalRecord:  # type: ignore[no-untyped-def]
    return CanonicalRecord(
        r.id,
        r.text,
        r.first_seen,
        r.last_seen,
        r.members,
        r.articles,
        r.outlets,
        r.denials,
        r.checkworthiness,
    )


def get_canonical(engine: Engine, canonical_id: str) -> CanonicalRecord:
    with engine.connect() as conn:
        row = conn.execute(
            select(canonical_claims).where(canonical_claims.c.id == canonical_id)
        ).first()
    if row is None:
        raise NotFound(f"no claim {canonical_id!r} in the store; `claimwatch check` finds ids")
    return _canonical(row)


def list_canonicals(
    engine: Engine, *, min_articles: int = 1, limit: int = 50, offset: int = 0
) -> list[CanonicalRecord]:
    """Canonical claims, the most widely spread first."""
    query = (
        select(canonical_claims)
        .where(canonical_claims.c.articles >= min_articles)
        .order_by(
            canonical_claims.c.articles.desc(),
            canonical_claims.c.members.desc(),
            canonical_claims.c.id,
        )
        .limit(limit)
        .offset(offset)
    )
    with engine.connect() as conn:
        return [_canonical(r) for r in conn.execute(query)]


def canonical_members(engine: Engine, canonical_ids: Sequence[str]) -> list[MemberRecord]:
    """Every appearance of these canonical claims, oldest first."""
    query = (
        select(
            claim_links.c.canonical_id,
            claim_links.c.similarity,
            claims,
            articles.c.text.label("article_text"),
            articles.c.outlet_id,
            articles.c.published,
            articles.c.url,
            articles.c.title,
            articles.c.language,
        )
        .join(claims, claims.c.id == claim_links.c.claim_id)
        .join(articles, articles.c.id == claims.c.article_id)
        .where(claim_links.c.canonical_id.in_(list(canonical_ids)))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    rows.sort(key=lambda r: (*oldest_first(r.published), r.article_id, r.start_char))
    return [
        MemberRecord(
            claim_id=r.id,
            canonical_id=r.canonical_id,
            similarity=r.similarity,
            article_id=r.article_id,
            text=r.text,
            quote=r.article_text[r.start_char : r.end_char],
            start=r.start_char,
            end=r.end_char,
            source=r.source,
            act=r.act,
            speaker_name=r.speaker_name,
            speaker_type=r.speaker_type,
            outlet=r.outlet_id,
            published=r.published,
            url=r.url,
            title=r.title,
            language=r.language,
        )
        for r in rows
    ]


def article_counts(engine: Engine, canonical_ids: Sequence[str]) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            r.id: r.articles
            for r in conn.execute(
                select(canonical_claims.c.id, canonical_claims.c.articles).where(
                    canonical_claims.c.id.in_(list(canonical_ids))
                )
            )
        }


def widespread(engine: Engine, canonical_ids: set[str], min_articles: int) -> list[str]:
    """Those of ``canonical_ids`` found in at least ``min_articles`` articles."""
    found: list[str] = []
    ids = sorted(canonical_ids)
    with engine.connect() as conn:
        for start in range(0, len(ids), 500):
            found += conn.execute(
                select(canonical_claims.c.id).where(
                    canonical_claims.c.id.in_(ids[start : start + 500]),
                    canonical_claims.c.articles >= min_articles,
                )
            ).scalars()
    return found


def list_stories(engine: Engine, *, min_size: int = 1, limit: int = 50) -> list[StoryRecord]:
    query = (
        select(stories)
        .where(stories.c.size >= min_size)
        .order_by(stories.c.last_published.desc(), stories.c.size.desc(), stories.c.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [
            StoryRecord(r.id, r.title, r.first_published, r.last_published, r.size, r.outlets)
            for r in conn.execute(query)
        ]


def get_story(engine: Engine, story_id: str) -> tuple[StoryRecord, list[StoryArticle]]:
    with engine.connect() as conn:
        r = conn.execute(select(stories).where(stories.c.id == story_id)).first()
        if r is None:
            raise NotFound(f"no story {story_id!r} in the store; `claimwatch stories` lists them")
        story = StoryRecord(r.id, r.title, r.first_published, r.last_published, r.size, r.outlets)
        rows = conn.execute(
            select(
                articles.c.id,
                articles.c.title,
                articles.c.outlet_id,
                articles.c.published,
                articles.c.url,
                articles.c.language,
                story_articles.c.similarity,
            )
            .join(story_articles, story_articles.c.article_id == articles.c.id)
            .where(story_articles.c.story_id == story_id)
        ).all()
    members = [
        StoryArticle(a.id, a.title, a.outlet_id, a.published, a.url, a.language, a.similarity)
        for a in rows
    ]
    members.sort(key=lambda a: (*oldest_first(a.published), a.article_id))
    return story, members


def same_story(engine: Engine, article_ids: Sequence[str]) -> list[str]:
    """The articles in the stories of ``article_ids`` (those included), oldest first."""
    if not article_ids:
        return []
    with engine.connect() as conn:
        story_ids = select(story_articles.c.story_id).where(
            story_articles.c.article_id.in_(list(article_ids))
        )
        rows = conn.execute(
            select(story_articles.c.article_id, articles.c.published)
            .join(articles, articles.c.id == story_articles.c.article_id)
            .where(story_articles.c.story_id.in_(story_ids))
        ).all()
    rows.sort(key=lambda r: (*oldest_first(r.published), r.article_id))
    return [r.article_id for r in rows]


def _fact_check(r, score: float | None = None) -> FactCheckRecord:  # type: ignore[no-untyped-def]
    return FactCheckRecord(
        r.id,
        r.claim,
        r.rating,
        r.url,
        r.publisher,
        r.reviewed,
        r.claimant,
        r.title,
        tuple(r.appearances or ()),
        r.source_format,
        score,
    )


def fact_check_vectors(engine: Engine) -> tuple[list[str], np.ndarray]:
    query = select(fact_checks.c.id, fact_checks.c.vector).where(fact_checks.c.vector.is_not(None))
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(fact_checks.c.id)).all()
    if not rows:
        return [], np.zeros((0, 384), dtype=np.float16)
    matrix = np.frombuffer(b"".join(r.vector for r in rows), dtype=np.float16)
    return [r.id for r in rows], matrix.reshape(len(rows), -1)


def get_fact_checks(engine: Engine, scored: Sequence[tuple[str, float]]) -> list[FactCheckRecord]:
    """The fact-checks named by ``(id, score)`` pairs, in that order."""
    if not scored:
        return []
    with engine.connect() as conn:
        rows = {
            r.id: r
            for r in conn.execute(
                select(fact_checks).where(fact_checks.c.id.in_([i for i, _ in scored]))
            )
        }
    return [_fact_check(rows[i], s) for i, s in scored if i in rows]


def matched_fact_checks(engine: Engine, canonical_ids: Sequence[str]) -> list[FactCheckRecord]:
    with engine.connect() as conn:
        pairs = conn.execute(
            select(fact_check_matches.c.fact_check_id, func.max(fact_check_matches.c.score))
            .where(fact_check_matches.c.canonical_id.in_(list(canonical_ids)))
            .group_by(fact_check_matches.c.fact_check_id)
        ).all()
    pairs = sorted(pairs, key=lambda p: -p[1])
    return get_fact_checks(engine, [(p[0], float(p[1])) for p in pairs])


def _count(engine: Engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def count_fact_checks(engine: Engine) -> int:
    return _count(engine, fact_checks)


def count_canonicals(engine: Engine) -> int:
    return _count(engine, canonical_claims)


def _resolve(engine: Engine, table, prefix: str, what: str, hint: str) -> str:  # type: ignore[no-untyped-def]
    prefix = prefix.strip().lower()
    if len(prefix) < 6:
        raise NotFound(f"{prefix!r}: give at least 6 characters of the {what} id")
    with engine.connect() as conn:
        found = list(
            conn.execute(select(table.c.id).where(table.c.id.like(prefix + "%")).limit(2)).scalars()
        )
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no {what} {prefix!r} in the store; {hint}")
    raise NotFound(f"{prefix!r} names more than one {what}; give more of the id")


def resolve_canonical_id(engine: Engine, prefix: str) -> str:
    return _resolve(engine, canonical_claims, prefix, "claim", "`claimwatch check` shows ids")


def resolve_story_id(engine: Engine, prefix: str) -> str:
    return _resolve(engine, stories, prefix, "story", "`claimwatch stories` lists them")
