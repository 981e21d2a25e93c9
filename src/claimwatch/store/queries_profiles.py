"""Profiles for the web app's speaker and outlet pages: what one speaker said and took a
side on, what one outlet carried and how much of it was later denied; recent denials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, or_, select

from claimwatch.errors import NotFound
from claimwatch.models import oldest_first
from claimwatch.store.queries_nlp import StatementRecord, list_statements
from claimwatch.store.schema import articles, outlets
from claimwatch.store.schema_link import canonical_claims, claim_links
from claimwatch.store.schema_nlp import claims, entities


@dataclass(frozen=True)
class SpeakerClaim:
    """A canonical claim a speaker took a side on: how often they asserted or denied it."""

    canonical_id: str
    text: str
    asserted: int
    denied: int
    first: datetime | None


@dataclass(frozen=True)
class OutletClaim:
    """A canonical claim an outlet carried; ``denied_after``: the first denial anywhere
    after the outlet first carried it (None: not denied since)."""

    canonical_id: str
    text: str
    first_carried: datetime | None
    articles: int  # the outlet's articles carrying it
    spread: int  # articles carrying it in the whole store
    denied_after: datetime | None


def speaker_statements(engine: Engine, name: str, limit: int = 500) -> list[StatementRecord]:
    """Every statement by the speaker called ``name`` (in the article's words, or as the
    entity it was resolved to), oldest first; NotFound when there is none."""
    found = list_statements(engine, speaker_is=name, limit=limit)
    if not found:
        raise NotFound(f"no statements by a speaker named '{name}': see `claimwatch speakers`")
    return found


def speaker_claims(engine: Engine, name: str) -> list[SpeakerClaim]:
    """The canonical claims the speaker asserted or denied, the most often first."""
    speaker = func.coalesce(entities.c.name, claims.c.speaker_name)
    query = (
        select(
            canonical_claims.c.id,
            canonical_claims.c.text,
            claims.c.act,
            articles.c.published,
        )
        .select_from(claims)
        .join(claim_links, claim_links.c.claim_id == claims.c.id)
        .join(canonical_claims, canonical_claims.c.id == claim_links.c.canonical_id)
        .join(articles, articles.c.id == claims.c.article_id)
        .outerjoin(entities, entities.c.id == claims.c.speaker_entity_id)
        .where(
            or_(speaker == name, claims.c.speaker_name == name),
            claims.c.act.in_(("assert", "deny")),
        )
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    found: dict[str, dict] = {}
    for r in rows:
        entry = found.setdefault(
            r.id, {"text": r.text, "assert": 0, "deny": 0, "first": r.published}
        )
        entry[r.act] += 1
        if r.published is not None and (entry["first"] is None or r.published < entry["first"]):
            entry["first"] = r.published
    out = [
        SpeakerClaim(cid, e["text"], e["assert"], e["deny"], e["first"]) for cid, e in found.items()
    ]
    out.sort(key=lambda c: (-(c.asserted + c.denied), *oldest_first(c.first), c.canonical_id))
    return out


def outlet_claims(
    engine: Engine, outlet_id: str, *, min_checkworthiness: float = 0.5, limit: int = 200
) -> list[OutletClaim]:
    """The check-worthy canonical claims in the outlet's articles (unscored ones kept),
    the most widely spread first, each with the first denial (a member worded as a
    denial, anywhere) after the outlet first carried it."""
    with engine.connect() as conn:
        if conn.execute(select(outlets.c.id).where(outlets.c.id == outlet_id)).first() is None:
            raise NotFound(f"no outlet '{outlet_id}': see `claimwatch outlets`")
        carried = conn.execute(
            select(
                claim_links.c.canonical_id,
                func.min(articles.c.published).label("first"),
                func.count(func.distinct(articles.c.id)).label("n"),
            )
            .select_from(claim_links)
            .join(claims, claims.c.id == claim_links.c.claim_id)
            .join(articles, articles.c.id == claims.c.article_id)
            .where(articles.c.outlet_id == outlet_id, claims.c.act != "deny")
            .group_by(claim_links.c.canonical_id)
        ).all()
        ids = [r.canonical_id for r in carried]
        canon = {
            r.id: r
            for start in range(0, len(ids), 500)
            for r in conn.execute(
                select(canonical_claims).where(canonical_claims.c.id.in_(ids[start : start + 500]))
            )
        }
        denials: dict[str, list[datetime]] = {}
        for start in range(0, len(ids), 500):
            for r in conn.execute(
                select(claim_links.c.canonical_id, articles.c.published)
                .join(claims, claims.c.id == claim_links.c.claim_id)
                .join(articles, articles.c.id == claims.c.article_id)
                .where(
                    claim_links.c.canonical_id.in_(ids[start : start + 500]),
                    claims.c.act == "deny",
                    articles.c.published.is_not(None),
                )
            ):
                denials.setdefault(r.canonical_id, []).append(r.published)
    out = []
    for r in carried:
        score = canon[r.canonical_id].checkworthiness
        if score is not None and score < min_checkworthiness:
            continue
        later = [d for d in denials.get(r.canonical_id, []) if r.first is None or d >= r.first]
        c = canon[r.canonical_id]
        out.append(
            OutletClaim(
                r.canonical_id, c.text, r.first, int(r.n), c.articles, min(later, default=None)
            )
        )
    out.sort(key=lambda c: (-c.spread, -c.articles, c.canonical_id))
    return out[:limit]


def recent_denials(engine: Engine, limit: int = 10) -> list[StatementRecord]:
    """Statements worded as denials, the newest first."""
    return list_statements(engine, act="deny", limit=limit, newest_first=True)
