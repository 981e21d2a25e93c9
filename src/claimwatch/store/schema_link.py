"""Tables of what linking finds: claim vectors, canonical claims (one claim in many
wordings), known fact-checks and their matches, stories (articles about one event).

Everything here is derived from the articles and their analysis, or imported (fact-checks),
and can be rebuilt: ``claimwatch link --rebuild``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from claimwatch.store.schema import UTCDateTime, metadata

link_state = Table(
    "link_state",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

claim_vectors = Table(
    "claim_vectors",
    metadata,
    Column("claim_id", String(32), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float16, L2-normalised
)

canonical_claims = Table(
    "canonical_claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),  # the representative wording
    Column("first_claim_id", String(32), nullable=False),
    Column("first_seen", UTCDateTime()),
    Column("last_seen", UTCDateTime()),
    Column("members", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("denials", Integer, nullable=False),
    Column("checkworthiness", Float),
    Column("component", String(128), nullable=False),
)
Index("ix_canonical_claims_articles", canonical_claims.c.articles)

claim_links = Table(
    "claim_links",
    metadata,
    Column("claim_id", String(32), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "canonical_id",
        String(32),
        ForeignKey("canonical_claims.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("similarity", Float, nullable=False),  # to the member it joined through
)
Index("ix_claim_links_canonical", claim_links.c.canonical_id)

fact_checks = Table(
    "fact_checks",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("claim", Text, nullable=False),
    Column("rating", Text),
    Column("url", Text),
    Column("publisher", Text),
    Column("reviewed", UTCDateTime()),
    Column("claimant", Text),
    Column("claim_date", UTCDateTime()),
    Column("title", Text),
    Column("language", String(16)),
    Column("appearances", JSON, nullable=False),
    Column("source_format", String(16), nullable=False),
    Column("origin", Text, nullable=False),
    Column("vector", LargeBinary),  # float16 embedding of the claim, for matching
    Column("model", String(64)),
    Column("imported_at", UTCDateTime(), nullable=False),
)

fact_check_matches = Table(
    "fact_check_matches",
    metadata,
    Column(
        "canonical_id",
        String(32),
        ForeignKey("canonical_claims.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "fact_check_id",
        String(32),
        ForeignKey("fact_checks.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("score", Float, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),  # the first article's headline
    Column("first_published", UTCDateTime()),
    Column("last_published", UTCDateTime()),
    Column("size", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("component", String(128), nullable=False),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("similarity", Float, nullable=False),
)
Index("ix_story_articles_story", story_articles.c.story_id)
