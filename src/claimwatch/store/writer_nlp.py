"""The writer's analysis half: all of one article's layers in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, insert, select, update

from claimwatch.nlp.annotations import Span, Speaker
from claimwatch.nlp.doc import Doc
from claimwatch.store.schema_nlp import (
    analyses,
    claims,
    entities,
    mentions,
    reported_claims,
    stances,
    statements,
)


def _id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:32]


def entity_id(key: str) -> str:
    return _id("entity", key)


def save_analysis(engine: Engine, doc: Doc, versions: dict[str, str]) -> None:
    """Replace everything analysis said about one article with what ``doc`` holds."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        # stances point at statements: they are decided again after a new analysis
        for table in (stances, claims, statements, reported_claims, mentions):
            conn.execute(delete(table).where(table.c.article_id == doc.article_id))
        conn.execute(delete(analyses).where(analyses.c.article_id == doc.article_id))
        _save_entities(conn, doc, versions.get("entities", ""))
        by_span = {(m.span.start, m.span.end): entity_id(m.entity) for m in doc.mentions}
        version = versions.get("statements", "")
        for s in doc.statements:
            conn.execute(
                insert(statements).values(
                    id=statement_id(doc.article_id, s.content),
                    article_id=doc.article_id,
                    start_char=s.content.start,
                    end_char=s.content.end,
                    kind=s.kind,
                    act=s.act,
                    **_span("cue", s.cue),
                    cue_lemma=s.cue_lemma,
                    **_speaker(s.speaker, by_span),
                    sentence_start=s.sentence.start,
                    sentence_end=s.sentence.end,
                    component=version,
                )
            )
        for c in doc.reported_claims:
            conn.execute(
                insert(reported_claims).values(
                    id=_id(doc.article_id, "reported_claims", c.claim.start, c.claim.end),
                    article_id=doc.article_id,
                    start_char=c.claim.start,
                    end_char=c.claim.end,
                    act=c.act,
                    **_span("cue", c.cue),
                    **_speaker(c.speaker, by_span),
                    **_span("circulated", c.circulated_by),
                    sentence_start=c.sentence.start,
                    sentence_end=c.sentence.end,
                    component=version,
                )
            )
        english = doc.language in (None, "en")
        claims_by = versions.get("claims" if english else "foreign_claims", "")
        _save_claims(conn, doc, by_span, claims_by, versions.get("checkworthy"))
        for name, version in versions.items():
            status, reason = "ok", None
            if name in doc.errors:
                status, reason = "error", doc.errors[name]
            elif name in doc.skipped:
                status, reason = "skipped", doc.skipped[name]
            conn.execute(
                insert(analyses).values(
                    article_id=doc.article_id,
                    component=name,
                    version=version,
                    status=status,
                    reason=reason,
                    analysed_at=now,
                )
            )


def statement_id(article_id: str, content: Span) -> str:
    return _id(article_id, "statements", content.start, content.end)


def claim_key(claim: str) -> str:
    return _id("claim", " ".join(claim.casefold().split()))


@dataclass(frozen=True)
class StanceRow:
    statement_id: str | None  # None: the article's own stance
    speaker: Speaker | None
    label: str
    score: float
    reason: str


def save_stances(
    engine: Engine,
    claim: str,
    article_id: str,
    rows: list[StanceRow],
    component: str,
    *,
    key: str | None = None,
) -> None:
    """Replace what is stored about one article's stance (and its speakers') toward
    ``claim`` (stored under ``key``, by default the claim's own), in one transaction."""
    key, now = key or claim_key(claim), datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            delete(stances).where(stances.c.claim_key == key, stances.c.article_id == article_id)
        )
        by_span = {
            (r.start_char, r.end_char): r.entity_id
            for r in conn.execute(
                select(mentions.c.start_char, mentions.c.end_char, mentions.c.entity_id).where(
                    mentions.c.article_id == article_id
                )
            )
        }
        for row in rows:
            speaker = _speaker(row.speaker, by_span)
            conn.execute(
                insert(stances).values(
                    id=_id(key, article_id, row.statement_id or ""),
                    claim_key=key,
                    claim_text=claim,
                    article_id=article_id,
                    statement_id=row.statement_id,
                    speaker_name=speaker["speaker_name"],
                    speaker_type=speaker["speaker_type"],
                    speaker_entity_id=speaker["speaker_entity_id"],
                    label=row.label,
                    score=row.score,
                    reason=row.reason,
                    component=component,
                    decided_at=now,
                )
            )


def delete_stances(engine: Engine, key: str) -> None:
    """Forget every stance stored under ``key``."""
    with engine.begin() as conn:
        conn.execute(delete(stances).where(stances.c.claim_key == key))


def _save_claims(
    conn: Connection,
    doc: Doc,
    by_span: dict[tuple[int, int], str],
    version: str,
    scored_by: str | None,  # the check-worthiness component and model version
) -> None:
    for c in doc.claims:
        if c.source == "statement":
            table, source = "statements", doc.statements[c.index].content
        elif c.source == "reported_claim":
            table, source = "reported_claims", doc.reported_claims[c.index].claim
        else:
            table, source = "sentences", c.span
        conn.execute(
            insert(claims).values(
                id=_id(doc.article_id, "claims", c.source, c.span.start, c.span.end),
                article_id=doc.article_id,
                start_char=c.span.start,
                end_char=c.span.end,
                text=c.text,
                source=c.source,
                source_id=_id(doc.article_id, table, source.start, source.end),
                act=c.act,
                **_speaker(c.speaker, by_span),
                checkworthiness=c.checkworthiness,
                scored_by=scored_by if c.checkworthiness is not None else None,
                component=version,
            )
        )


def _save_entities(conn: Connection, doc: Doc, version: str) -> None:
    for entity in doc.entities:
        eid = entity_id(entity.key)
        row = conn.execute(select(entities).where(entities.c.id == eid)).first()
        if row is None:
            conn.execute(
                insert(entities).values(
                    id=eid,
                    key=entity.key,
                    name=entity.name,
                    type=entity.type,
                    aliases=list(entity.aliases),
                )
            )
            continue
        aliases = list(dict.fromkeys([*row.aliases, *entity.aliases]))
        name = max((row.name, entity.name), key=lambda n: (n[:1].isupper(), len(n.split()), len(n)))
        if aliases != row.aliases or name != row.name:
            conn.execute(
                update(entities).where(entities.c.id == eid).values(aliases=aliases, name=name)
            )
    for m in doc.mentions:
        conn.execute(
            insert(mentions).values(
                id=_id(doc.article_id, "entities", m.span.start, m.span.end),
                article_id=doc.article_id,
                entity_id=entity_id(m.entity),
                start_char=m.span.start,
                end_char=m.span.end,
                label=m.label,
                component=version,
            )
        )


def _span(prefix: str, span: Span | None) -> dict[str, int | None]:
    return {
        f"{prefix}_start": span.start if span else None,
        f"{prefix}_end": span.end if span else None,
    }


def _speaker(speaker: Speaker | None, by_span: dict[tuple[int, int], str]) -> dict[str, object]:
    if speaker is None:
        return {**_span("speaker", None), **_span("antecedent", None), "speaker_name": None,
                "speaker_type": None, "speaker_entity_id": None}  # fmt: skip
    anchor = speaker.antecedent or speaker.mention
    entity = _entity_at(anchor, by_span) if anchor else None
    return {
        **_span("speaker", speaker.mention),
        **_span("antecedent", speaker.antecedent),
        "speaker_name": speaker.name,
        "speaker_type": speaker.type,
        "speaker_entity_id": entity,
    }


def _entity_at(span: Span, by_span: dict[tuple[int, int], str]) -> str | None:
    """The entity of the mention at ``span``, or of a mention inside it ("Defence Minister
    Aurel Damsky, who …")."""
    exact = by_span.get((span.start, span.end))
    if exact:
        return exact
    inside = [(e - s, eid) for (s, e), eid in by_span.items() if span.start <= s and e <= span.end]
    return max(inside)[1] if inside else None
