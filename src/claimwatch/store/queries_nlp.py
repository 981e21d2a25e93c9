"""Read side of analysis: statements, speakers, entities, and what still needs analysing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from claimwatch.nlp.annotations import ReportedClaim, Span, Speaker, Statement
from claimwatch.store.schema import articles
from claimwatch.store.schema_nlp import (
    analyses,
    claims,
    entities,
    mentions,
    reported_claims,
    stances,
    statements,
)


@dataclass(frozen=True)
class StatementRecord:
    id: str
    article_id: str
    text: str
    start: int
    end: int
    kind: str
    act: str
    cue: str | None
    cue_lemma: str | None
    speaker_text: str | None  # the words in the article ("he", "the official")
    speaker_name: str | None  # what they resolve to
    speaker_type: str | None
    speaker_entity_id: str | None
    component: str
    outlet: str | None
    published: datetime | None


@dataclass(frozen=True)
class ClaimRecord:
    id: str
    article_id: str
    text: str  # self-contained wording
    quote: str  # the words in the article
    start: int
    end: int
    source: str  # statement | reported_claim
    source_id: str
    act: str
    speaker_name: str | None
    speaker_type: str | None
    speaker_entity_id: str | None
    checkworthiness: float | None
    scored_by: str | None
    component: str
    outlet: str | None
    published: datetime | None


@dataclass(frozen=True)
class ReportedClaimRecord:
    id: str
    article_id: str
    text: str
    start: int
    end: int
    act: str
    cue: str | None
    speaker_name: str | None
    speaker_type: str | None
    circulated_by: str | None
    component: str


@dataclass(frozen=True)
class SpeakerRecord:
    name: str
    type: str
    entity_id: str | None
    statements: int
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class EntityRecord:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int


def pending_articles(
    engine: Engine, versions: dict[str, str], *, everything: bool = False
) -> list[tuple[str, str, str | None]]:
    """(id, text, language) of the articles some current component version has not seen."""
    query = select(articles.c.id, articles.c.text, articles.c.language).order_by(articles.c.seq)
    if not everything:
        done = (
            select(analyses.c.article_id)
            .where(analyses.c.article_id == articles.c.id)
            .where(
                or_(
                    *[
                        and_(analyses.c.component == name, analyses.c.version == version)
                        for name, version in versions.items()
                    ]
                )
            )
            .group_by(analyses.c.article_id)
            .having(func.count() == len(versions))
        )
        query = query.where(~done.exists())
    with engine.connect() as conn:
        return [(r.id, r.text, r.language) for r in conn.execute(query)]


def _slice(text: str, start: int | None, end: int | None) -> str | None:
    return text[start:end] if start is not None and end is not None else None


def list_statements(
    engine: Engine,
    *,
    article_id: str | None = None,
    speaker: str | None = None,
    act: str | None = None,
    speaker_is: str | None = None,
    limit: int = 200,
    newest_first: bool = False,
) -> list[StatementRecord]:
    query = select(
        statements, articles.c.text.label("article_text"), articles.c.outlet_id,
        articles.c.published,
    ).join(articles, articles.c.id == statements.c.article_id)  # fmt: skip
    if article_id:
        query = query.where(statements.c.article_id == article_id)
    if speaker:
        pattern = f"%{speaker.lower()}%"
        query = query.where(func.lower(statements.c.speaker_name).like(pattern))
    if act:
        query = query.where(statements.c.act == act)
    if speaker_is is not None:  # named so, or resolved to the entity of that name
        query = query.outerjoin(entities, entities.c.id == statements.c.speaker_entity_id).where(
            or_(
                func.coalesce(entities.c.name, statements.c.speaker_name) == speaker_is,
                statements.c.speaker_name == speaker_is,
            )
        )
    if newest_first:
        query = query.order_by(
            articles.c.published.desc().nulls_last(), statements.c.article_id,
            statements.c.start_char,
        )  # fmt: skip
    else:
        query = query.order_by(
            articles.c.published, statements.c.article_id, statements.c.start_char
        )
    with engine.connect() as conn:
        rows = conn.execute(query.limit(limit)).all()
    return [
        StatementRecord(
            id=r.id,
            article_id=r.article_id,
            text=r.article_text[r.start_char : r.end_char],
            start=r.start_char,
            end=r.end_char,
            kind=r.kind,
            act=r.act,
            cue=_slice(r.article_text, r.cue_start, r.cue_end),
            cue_lemma=r.cue_lemma,
            speaker_text=_slice(r.article_text, r.speaker_start, r.speaker_end),
            speaker_name=r.speaker_name,
            speaker_type=r.speaker_type,
            speaker_entity_id=r.speaker_entity_id,
            component=r.component,
            outlet=r.outlet_id,
            published=r.published,
        )
        for r in rows
    ]


def list_reported_claims(engine: Engine, article_id: str) -> list[ReportedClaimRecord]:
    query = (
        select(reported_claims, articles.c.text.label("article_text"))
        .join(articles, articles.c.id == reported_claims.c.article_id)
        .where(reported_claims.c.article_id == article_id)
        .order_by(reported_claims.c.start_char)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        ReportedClaimRecord(
            id=r.id,
            article_id=r.article_id,
            text=r.article_text[r.start_char : r.end_char],
            start=r.start_char,
            end=r.end_char,
            act=r.act,
            cue=_slice(r.article_text, r.cue_start, r.cue_end),
            speaker_name=r.speaker_name,
            speaker_type=r.speaker_type,
            circulated_by=_slice(r.article_text, r.circulated_start, r.circulated_end),
            component=r.component,
        )
        for r in rows
    ]


def list_speakers(engine: Engine, limit: int = 500) -> list[SpeakerRecord]:
    """Speakers with their number of statements and the outlets that quoted them. Speakers
    resolved to one entity are one row, whatever words named them."""
    name = func.coalesce(entities.c.name, statements.c.speaker_name)
    query = (
        select(
            name.label("name"),
            func.min(statements.c.speaker_type).label("type"),
            statements.c.speaker_entity_id,
            func.count().label("n"),
        )
        .outerjoin(entities, entities.c.id == statements.c.speaker_entity_id)
        .where(statements.c.speaker_name.is_not(None))
        .group_by(name, statements.c.speaker_entity_id)
        .order_by(func.count().desc(), name)
        .limit(limit)
    )
    outlets_query = (
        select(
            func.coalesce(entities.c.name, statements.c.speaker_name).label("name"),
            articles.c.outlet_id,
        )
        .join(articles, articles.c.id == statements.c.article_id)
        .outerjoin(entities, entities.c.id == statements.c.speaker_entity_id)
        .distinct()
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        outlets: dict[str, list[str]] = {}
        for r in conn.execute(outlets_query):
            if r.outlet_id:
                outlets.setdefault(r.name, []).append(r.outlet_id)
    return [
        SpeakerRecord(
            r.name, r.type, r.speaker_entity_id, int(r.n), tuple(sorted(outlets.get(r.name, [])))
        )
        for r in rows
    ]


def article_entities(engine: Engine, article_id: str) -> list[EntityRecord]:
    counts = (
        select(mentions.c.entity_id, func.count().label("n"))
        .where(mentions.c.article_id == article_id)
        .group_by(mentions.c.entity_id)
        .subquery()
    )
    query = (
        select(entities, counts.c.n)
        .join(counts, counts.c.entity_id == entities.c.id)
        .order_by(counts.c.n.desc(), entities.c.name)
    )
    with engine.connect() as conn:
        return [
            EntityRecord(r.id, r.name, r.type, tuple(r.aliases), int(r.n))
            for r in conn.execute(query)
        ]


def analysis_status(engine: Engine, article_id: str) -> dict[str, tuple[str, str | None]]:
    """component → (status, reason) for one article."""
    query = select(analyses).where(analyses.c.article_id == article_id)
    with engine.connect() as conn:
        return {r.component: (r.status, r.reason) for r in conn.execute(query)}


def list_claims(
    engine: Engine,
    *,
    article_id: str | None = None,
    min_score: float | None = None,
    limit: int = 200,
) -> list[ClaimRecord]:
    query = select(
        claims, articles.c.text.label("article_text"), articles.c.outlet_id, articles.c.published
    ).join(articles, articles.c.id == claims.c.article_id)
    if article_id:
        query = query.where(claims.c.article_id == article_id)
    if min_score is not None:
        query = query.where(claims.c.checkworthiness >= min_score)
    query = query.order_by(articles.c.published, claims.c.article_id, claims.c.start_char)
    with engine.connect() as conn:
        rows = conn.execute(query.limit(limit)).all()
    return [_claim_record(r) for r in rows]


def _claim_record(r: Any) -> ClaimRecord:
    return ClaimRecord(
        id=r.id,
        article_id=r.article_id,
        text=r.text,
        quote=r.article_text[r.start_char : r.end_char],
        start=r.start_char,
        end=r.end_char,
        source=r.source,
        source_id=r.source_id,
        act=r.act,
        speaker_name=r.speaker_name,
        speaker_type=r.speaker_type,
        speaker_entity_id=r.speaker_entity_id,
        checkworthiness=r.checkworthiness,
        scored_by=r.scored_by,
        component=r.component,
        outlet=r.outlet_id,
        published=r.published,
    )


def list_claims_by_id(engine: Engine, claim_ids: Sequence[str]) -> list[ClaimRecord]:
    """The claims with these ids (any order)."""
    if not claim_ids:
        return []
    query = (
        select(
            claims,
            articles.c.text.label("article_text"),
            articles.c.outlet_id,
            articles.c.published,
        )
        .join(articles, articles.c.id == claims.c.article_id)
        .where(claims.c.id.in_(list(claim_ids)))
    )
    with engine.connect() as conn:
        return [_claim_record(r) for r in conn.execute(query)]


def article_annotations(
    engine: Engine, article_id: str
) -> tuple[list[Statement], list[ReportedClaim]]:
    """An article's stored statements and reported claims as the analysis made them."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(statements)
            .where(statements.c.article_id == article_id)
            .order_by(statements.c.start_char, statements.c.end_char)
        ).all()
        claim_rows = conn.execute(
            select(reported_claims)
            .where(reported_claims.c.article_id == article_id)
            .order_by(reported_claims.c.start_char, reported_claims.c.end_char)
        ).all()
    found = [
        Statement(
            content=Span(r.start_char, r.end_char),
            kind=r.kind,
            cue=_span(r.cue_start, r.cue_end),
            cue_lemma=r.cue_lemma or "",
            speaker=_stored_speaker(r),
            act=r.act,
            sentence=Span(r.sentence_start, r.sentence_end),
        )
        for r in rows
    ]
    reported = [
        ReportedClaim(
            claim=Span(r.start_char, r.end_char),
            act=r.act,
            speaker=_stored_speaker(r) if r.speaker_name is not None else None,
            cue=_span(r.cue_start, r.cue_end),
            circulated_by=_span(r.circulated_start, r.circulated_end),
            sentence=Span(r.sentence_start, r.sentence_end),
        )
        for r in claim_rows
    ]
    return found, reported


def _span(start: int | None, end: int | None) -> Span | None:
    return Span(start, end) if start is not None and end is not None else None


def _stored_speaker(r: Any) -> Speaker:
    return Speaker(
        _span(r.speaker_start, r.speaker_end),
        r.speaker_name or "unknown",
        r.speaker_type or "unknown",
        _span(r.antecedent_start, r.antecedent_end),
    )


@dataclass(frozen=True)
class StanceRecord:
    claim: str
    article_id: str
    statement_id: str | None  # None: the article's own stance
    statement_text: str | None
    speaker_name: str | None
    speaker_type: str | None
    speaker_entity_id: str | None
    label: str
    score: float
    reason: str
    component: str
    outlet: str | None
    published: datetime | None


def list_stances(
    engine: Engine, *, claim_key: str | None = None, article_id: str | None = None
) -> list[StanceRecord]:
    """Stored stances, article rows before speaker rows, in text order."""
    query = (
        select(
            stances,
            articles.c.text.label("article_text"),
            articles.c.outlet_id,
            articles.c.published,
            statements.c.start_char,
            statements.c.end_char,
        )
        .join(articles, articles.c.id == stances.c.article_id)
        .outerjoin(statements, statements.c.id == stances.c.statement_id)
    )
    if claim_key:
        query = query.where(stances.c.claim_key == claim_key)
    if article_id:
        query = query.where(stances.c.article_id == article_id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    rows.sort(
        key=lambda r: (
            r.published is None,
            r.published,
            r.article_id,
            r.statement_id is not None,
            r.start_char or 0,
        )
    )
    return [
        StanceRecord(
            claim=r.claim_text,
            article_id=r.article_id,
            statement_id=r.statement_id,
            statement_text=_slice(r.article_text, r.start_char, r.end_char),
            speaker_name=r.speaker_name,
            speaker_type=r.speaker_type,
            speaker_entity_id=r.speaker_entity_id,
            label=r.label,
            score=r.score,
            reason=r.reason,
            component=r.component,
            outlet=r.outlet_id,
            published=r.published,
        )
        for r in rows
    ]
