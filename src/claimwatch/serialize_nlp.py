"""Stable JSON shapes of analysis records (docs/JSON.md)."""

from __future__ import annotations

from typing import Any

from claimwatch.serialize import iso
from claimwatch.store.queries_nlp import (
    ClaimRecord,
    EntityRecord,
    ReportedClaimRecord,
    SpeakerRecord,
    StanceRecord,
    StatementRecord,
)


def statement(s: StatementRecord) -> dict[str, Any]:
    return {
        "id": s.id,
        "article_id": s.article_id,
        "text": s.text,
        "start": s.start,
        "end": s.end,
        "kind": s.kind,
        "cue": s.cue,
        "cue_lemma": s.cue_lemma,
        "act": s.act,
        "speaker": {
            "name": s.speaker_name,
            "text": s.speaker_text,
            "type": s.speaker_type,
            "entity_id": s.speaker_entity_id,
        },
        "outlet": s.outlet,
        "published": iso(s.published),
        "component": s.component,
    }


def claim(c: ClaimRecord) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "text": c.text,
        "quote": c.quote,
        "start": c.start,
        "end": c.end,
        "source": c.source,
        "source_id": c.source_id,
        "act": c.act,
        "speaker": {
            "name": c.speaker_name,
            "type": c.speaker_type,
            "entity_id": c.speaker_entity_id,
        },
        "checkworthiness": c.checkworthiness,
        "scored_by": c.scored_by,
        "outlet": c.outlet,
        "published": iso(c.published),
        "component": c.component,
    }


def reported_claim(c: ReportedClaimRecord) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "act": c.act,
        "cue": c.cue,
        "speaker": {"name": c.speaker_name, "type": c.speaker_type},
        "circulated_by": c.circulated_by,
        "component": c.component,
    }


def speaker(s: SpeakerRecord) -> dict[str, Any]:
    return {
        "name": s.name,
        "type": s.type,
        "entity_id": s.entity_id,
        "statements": s.statements,
        "outlets": list(s.outlets),
    }


def entity(e: EntityRecord) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "aliases": list(e.aliases),
        "mentions": e.mentions,
    }


def stance_record(s: StanceRecord) -> dict[str, Any]:
    return {
        "claim": s.claim,
        "article_id": s.article_id,
        "level": "article" if s.statement_id is None else "speaker",
        "label": s.label,
        "score": s.score,
        "reason": s.reason,
        "statement_id": s.statement_id,
        "statement": s.statement_text,
        "speaker": None
        if s.statement_id is None
        else {"name": s.speaker_name, "type": s.speaker_type, "entity_id": s.speaker_entity_id},
        "outlet": s.outlet,
        "published": iso(s.published),
        "component": s.component,
    }
