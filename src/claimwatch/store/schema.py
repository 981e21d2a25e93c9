"""The store's tables (SQLAlchemy Core), mirroring claimwatch.models.

Backend-specific pieces (SQLite FTS5, PostgreSQL tsvector) live in the migrations and in
the search modules; everything here is portable SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware. A naive value (a
    source that gave no zone) is taken as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware if dialect.name == "postgresql" else aware.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


outlets = Table(
    "outlets",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("name", Text, nullable=False),
    Column("domain", String(255), nullable=False, default=""),
    # "derived" when the name was made from the domain, "metadata" when a source gave it.
    Column("name_source", String(16), nullable=False, default="derived"),
)

raw_inputs = Table(
    "raw_inputs",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the raw bytes
    Column("kind", String(16), nullable=False),  # html | text | article
    Column("media_type", String(100), nullable=False, default=""),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),  # zlib-compressed raw bytes
    Column("created_at", UTCDateTime(), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("url", Text),
    Column("url_key", Text, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("outlet_id", String(255), ForeignKey("outlets.id")),
    Column("published", UTCDateTime()),
    Column("updated", UTCDateTime()),
    Column("language", String(16)),
    Column("authors", JSON, nullable=False, default=list),
    Column("captions", JSON, nullable=False, default=list),
    Column("source", String(16), nullable=False),
    Column("origin", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("minhash", LargeBinary, nullable=False, default=b""),
    Column("extractor", String(64), nullable=False),
    Column("raw_id", String(64), ForeignKey("raw_inputs.id")),
    Column("meta", JSON, nullable=False, default=dict),
    Column("ingested_at", UTCDateTime(), nullable=False),
    Column("modified_at", UTCDateTime(), nullable=False),
)
Index("ix_articles_content_hash", articles.c.content_hash)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_outlet", articles.c.outlet_id)
Index("ix_articles_language", articles.c.language)

appearances = Table(
    "appearances",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text),
    Column("url_key", Text),
    Column("outlet_id", String(255), ForeignKey("outlets.id")),
    Column("title", Text),
    Column("published", UTCDateTime()),
    Column("source", String(16), nullable=False),
    Column("origin", Text, nullable=False),
    Column("provenance", JSON, nullable=False, default=dict),
    Column("raw_id", String(64), ForeignKey("raw_inputs.id")),
    Column("seen_at", UTCDateTime(), nullable=False),
)
Index("ix_appearances_article", appearances.c.article_id)
Index("ix_appearances_url_key", appearances.c.url_key)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
)
Index("ix_article_bands_band", article_bands.c.band)
Index("ix_article_bands_article", article_bands.c.article_id)

failures = Table(
    "failures",
    metadata,
    Column("id", String(32), primary_key=True),  # hash of the origin
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
)

feed_state = Table(
    "feed_state",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", UTCDateTime(), nullable=False),
)
