"""The writer's linking half: claim vectors, canonical claims, stories, fact-checks.

Each function is one transaction, so an interrupted ``link`` leaves the store as it was
before that step, and running it again finishes the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, func, insert, select

from claimwatch.link.claim_links import Link
from claimwatch.link.embed import MODEL, to_blob
from claimwatch.models import FactCheck, oldest_first
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

DENYING_ACTS = ("deny",)


def _bump(conn) -> None:  # type: ignore[no-untyped-def]
    """Count one more change to the links (what the vector index of a process checks)."""
    found = conn.execute(
        select(link_state.c.value).where(link_state.c.name == "links")
    ).scalar_one_or_none()
    if found is None:
        conn.execute(insert(link_state).values(name="links", value=1))
    else:
        conn.execute(
            link_state.update().where(link_state.c.name == "links").values(value=found + 1)
        )


def save_claim_vectors(engine: Engine, rows: Sequence[tuple[str, object]]) -> None:
    """Store ``(claim_id, vector)`` pairs (replacing any stored for those claims)."""
    if not rows:
        return
    with engine.begin() as conn:
        ids = [claim_id for claim_id, _ in rows]
        conn.execute(delete(claim_vectors).where(claim_vectors.c.claim_id.in_(ids)))
        conn.execute(
            insert(claim_vectors),
            [{"claim_id": i, "model": MODEL, "vector": to_blob(v)} for i, v in rows],
        )


def save_links(engine: Engine, links: Mapping[str, Link], component: str) -> None:
    """Store new claim links, create the canonical claims they start, refresh the counts
    of every canonical claim they touch and drop canonical claims left without members."""
    with engine.begin() as conn:
        existing = {
            r[0]
            for r in conn.execute(
                select(canonical_claims.c.id).where(
                    canonical_claims.c.id.in_([k.canonical_id for k in links.values()])
                )
            )
        }
        for claim_id, link in links.items():
            if link.via is not None or link.canonical_id in existing:
                continue
            existing.add(link.canonical_id)
            conn.execute(
                insert(canonical_claims).values(
                    id=link.canonical_id,
                    text="",
                    first_claim_id=claim_id,
                    members=0,
                    articles=0,
                    outlets=0,
                    denials=0,
                    component=component,
                )
            )
        if links:
            conn.execute(delete(claim_links).where(claim_links.c.claim_id.in_(list(links))))
            conn.execute(
                insert(claim_links),
                [
                    {"claim_id": c, "canonical_id": k.canonical_id, "similarity": k.similarity}
                    for c, k in links.items()
                ],
            )
        touched = {k.canonical_id for k in links.values()}
        _refresh_canonicals(conn, touched)
        _bump(conn)


def refresh_stale_canonicals(engine: Engine) -> int:
    """Recount the canonical claims whose members changed outside linking (a re-analysis
    that dropped claims takes their links with it) and drop those left without members;
    returns how many were stale."""
    linked = (
        select(claim_links.c.canonical_id, func.count().label("n"))
        .group_by(claim_links.c.canonical_id)
        .subquery()
    )
    query = (
        select(canonical_claims.c.id)
        .outerjoin(linked, linked.c.canonical_id == canonical_claims.c.id)
        .where(func.coalesce(linked.c.n, 0) != canonical_claims.c.members)
    )
    with engine.begin() as conn:
        stale = set(conn.execute(query).scalars())
        if stale:
            _refresh_canonicals(conn, stale)
            _bump(conn)
    return len(stale)


def drop_links(engine: Engine) -> None:
    """Forget every link and canonical claim (vectors stay: they depend only on the text)."""
    with engine.begin() as conn:
        conn.execute(delete(fact_check_matches))
        conn.execute(delete(claim_links))
        conn.execute(delete(canonical_claims))
        _bump(conn)


def _refresh_canonicals(conn, ids: set[str]) -> None:  # type: ignore[no-untyped-def]
    if not ids:
        return
    query = (
        select(
            claim_links.c.canonical_id,
            claims.c.id,
            claims.c.text,
            claims.c.act,
            claims.c.source,
            claims.c.article_id,
            claims.c.checkworthiness,
            articles.c.outlet_id,
            articles.c.published,
        )
        .join(claims, claims.c.id == claim_links.c.claim_id)
        .join(articles, articles.c.id == claims.c.article_id)
        .where(claim_links.c.canonical_id.in_(list(ids)))
    )
    members: dict[str, list] = {i: [] for i in ids}
    for row in conn.execute(query):
        members[row.canonical_id].append(row)
    for canonical, rows in members.items():
        if not rows:
            conn.execute(delete(canonical_claims).where(canonical_claims.c.id == canonical))
            continue
        rows.sort(key=lambda r: (*oldest_first(r.published), r.id))
        dated = [r.published for r in rows if r.published is not None]
        scores = [r.checkworthiness for r in rows if r.checkworthiness is not None]
        conn.execute(
            canonical_claims.update()
            .where(canonical_claims.c.id == canonical)
            .values(
                text=_representative(rows).text,
                first_seen=min(dated) if dated else None,
                last_seen=max(dated) if dated else None,
                members=len(rows),
                articles=len({r.article_id for r in rows}),
                outlets=len({r.outlet_id for r in rows if r.outlet_id}),
                denials=sum(r.act in DENYING_ACTS for r in rows),
                checkworthiness=max(scores) if scores else None,
            )
        )


def _representative(rows: list) -> object:  # type: ignore[type-arg]
    """The wording that names the claim: the earliest assertion of it (a claim reported
    or asserted, not denied), preferring quoted and reported words over an outlet's own
    sentences; else the earliest member."""
    for sources in (("statement", "reported_claim"), ("sentence",)):
        for r in rows:
            if r.act in ("assert", "report", "confirm") and r.source in sources:
                return r
    return rows[0]


def replace_stories(
    engine: Engine,
    assignments: Mapping[str, tuple[str, float]],
    component: str,
) -> None:
    """Replace every story with ``{article_id: (story_id, similarity)}``."""
    with engine.begin() as conn:
        conn.execute(delete(story_articles))
        conn.execute(delete(stories))
        if not assignments:
            return
        info = {
            r.id: r
            for r in conn.execute(
                select(articles.c.id, articles.c.title, articles.c.published, articles.c.outlet_id)
            )
        }
        members: dict[str, list[str]] = {}
        for article_id, (story_id, _) in assignments.items():
            members.setdefault(story_id, []).append(article_id)
        for story_id, ids in members.items():
            rows = sorted(
                (info[i] for i in ids),
                key=lambda r: (*oldest_first(r.published), r.id),
            )
            dated = [r.published for r in rows if r.published is not None]
            conn.execute(
                insert(stories).values(
                    id=story_id,
                    title=rows[0].title,
                    first_published=min(dated) if dated else None,
                    last_published=max(dated) if dated else None,
                    size=len(rows),
                    outlets=len({r.outlet_id for r in rows if r.outlet_id}),
                    component=component,
                )
            )
        conn.execute(
            insert(story_articles),
            [
                {"article_id": a, "story_id": s, "similarity": sim}
                for a, (s, sim) in assignments.items()
            ],
        )


def save_fact_checks(engine: Engine, found: Iterable[tuple[FactCheck, object]]) -> int:
    """Insert or replace fact-checks (with their claim vectors); returns how many."""
    now = datetime.now(UTC)
    count = 0
    with engine.begin() as conn:
        for fc, vector in found:
            conn.execute(delete(fact_checks).where(fact_checks.c.id == fc.id))
            conn.execute(
                insert(fact_checks).values(
                    id=fc.id,
                    claim=fc.claim,
                    rating=fc.rating,
                    url=fc.url,
                    publisher=fc.publisher,
                    reviewed=fc.reviewed,
                    claimant=fc.claimant,
                    claim_date=fc.claim_date,
                    title=fc.title,
                    language=fc.language,
                    appearances=list(fc.appearances),
                    source_format=fc.source_format,
                    origin=fc.origin,
                    vector=to_blob(vector) if vector is not None else None,
                    model=MODEL if vector is not None else None,
                    imported_at=now,
                )
            )
            count += 1
    return count


def replace_fact_check_matches(
    engine: Engine, matches: Mapping[str, Sequence[tuple[str, float]]]
) -> None:
    """Replace every stored match with ``{canonical_id: [(fact_check_id, score), ...]}``."""
    with engine.begin() as conn:
        conn.execute(delete(fact_check_matches))
        rows = [
            {"canonical_id": c, "fact_check_id": f, "score": s}
            for c, found in matches.items()
            for f, s in found
        ]
        if rows:
            conn.execute(insert(fact_check_matches), rows)
