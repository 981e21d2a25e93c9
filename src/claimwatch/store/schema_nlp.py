"""Tables of what analysis finds, every row pointing into ``articles.text`` by character
offsets, with the component version (and model) that produced it."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Index, Integer, String, Table, Text

from claimwatch.store.schema import UTCDateTime, metadata


def _article_fk() -> Column:
    return Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )


analyses = Table(
    "analyses",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("component", String(64), primary_key=True),
    Column("version", String(128), nullable=False),
    Column("status", String(16), nullable=False),  # ok | skipped | error
    Column("reason", Text),
    Column("analysed_at", UTCDateTime(), nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("aliases", JSON, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("entity_id", String(32), ForeignKey("entities.id"), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("label", String(32), nullable=False),
    Column("component", String(128), nullable=False),
)
Index("ix_mentions_article", mentions.c.article_id)
Index("ix_mentions_entity", mentions.c.entity_id)


def _speaker_columns() -> list[Column]:
    return [
        Column("speaker_start", Integer),
        Column("speaker_end", Integer),
        Column("speaker_name", Text),
        Column("speaker_type", String(32)),
        Column("speaker_entity_id", String(32), ForeignKey("entities.id")),
        Column("antecedent_start", Integer),
        Column("antecedent_end", Integer),
    ]


statements = Table(
    "statements",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("act", String(16), nullable=False),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("cue_lemma", String(64)),
    *_speaker_columns(),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("component", String(128), nullable=False),
)
Index("ix_statements_article", statements.c.article_id)
Index("ix_statements_speaker_entity", statements.c.speaker_entity_id)

reported_claims = Table(
    "reported_claims",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("act", String(16), nullable=False),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    *_speaker_columns(),
    Column("circulated_start", Integer),
    Column("circulated_end", Integer),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("component", String(128), nullable=False),
)
Index("ix_reported_claims_article", reported_claims.c.article_id)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    _article_fk(),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),  # self-contained wording
    Column("source", String(16), nullable=False),  # statement | reported_claim
    Column("source_id", String(32), nullable=False),  # the statement / reported claim row
    Column("act", String(16), nullable=False),
    *_speaker_columns(),
    Column("checkworthiness", Float),
    Column("scored_by", String(128)),  # the check-worthiness model version
    Column("component", String(128), nullable=False),
)
Index("ix_claims_article", claims.c.article_id)
Index("ix_claims_checkworthiness", claims.c.checkworthiness)

stances = Table(
    "stances",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("claim_key", String(32), nullable=False),  # hash of the normalised claim text
    Column("claim_text", Text, nullable=False),
    _article_fk(),
    Column("statement_id", String(32)),  # null: the article's own stance
    Column("speaker_name", Text),
    Column("speaker_type", String(32)),
    Column("speaker_entity_id", String(32), ForeignKey("entities.id")),
    Column("label", String(16), nullable=False),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("component", String(128), nullable=False),
    Column("decided_at", UTCDateTime(), nullable=False),
)
Index("ix_stances_claim", stances.c.claim_key)
Index("ix_stances_article", stances.c.article_id)
