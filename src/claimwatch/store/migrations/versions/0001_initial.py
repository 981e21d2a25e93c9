"""Initial store: outlets, raw inputs, articles, appearances, LSH bands, failures, feed
state; full-text search (FTS5 on SQLite, a tsvector column on PostgreSQL).

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("domain", sa.String(255), nullable=False),
        sa.Column("name_source", sa.String(16), nullable=False),
    )
    op.create_table(
        "raw_inputs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("url_key", sa.Text, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("outlet_id", sa.String(255), sa.ForeignKey("outlets.id")),
        sa.Column("published", TZ),
        sa.Column("updated", TZ),
        sa.Column("language", sa.String(16)),
        sa.Column("authors", sa.JSON, nullable=False),
        sa.Column("captions", sa.JSON, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("raw_id", sa.String(64), sa.ForeignKey("raw_inputs.id")),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("ingested_at", TZ, nullable=False),
        sa.Column("modified_at", TZ, nullable=False),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_outlet", "articles", ["outlet_id"])
    op.create_index("ix_articles_language", "articles", ["language"])
    op.create_table(
        "appearances",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("url", sa.Text),
        sa.Column("url_key", sa.Text),
        sa.Column("outlet_id", sa.String(255), sa.ForeignKey("outlets.id")),
        sa.Column("title", sa.Text),
        sa.Column("published", TZ),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=False),
        sa.Column("raw_id", sa.String(64), sa.ForeignKey("raw_inputs.id")),
        sa.Column("seen_at", TZ, nullable=False),
    )
    op.create_index("ix_appearances_article", "appearances", ["article_id"])
    op.create_index("ix_appearances_url_key", "appearances", ["url_key"])
    op.create_table(
        "article_bands",
        sa.Column("band", sa.BigInteger, nullable=False),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_article_bands_band", "article_bands", ["band"])
    op.create_index("ix_article_bands_article", "article_bands", ["article_id"])
    op.create_table(
        "failures",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_table(
        "feed_state",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("checked_at", TZ, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgres_search()
    else:
        _sqlite_search()


def _sqlite_search() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
        "content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.seq, old.title, old.text); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
        "VALUES ('delete', old.seq, old.title, old.text); "
        "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END"
    )


def _postgres_search() -> None:
    op.execute(
        "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english', text), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in (
        "feed_state",
        "failures",
        "article_bands",
        "appearances",
        "articles",
        "raw_inputs",
        "outlets",
    ):
        op.drop_table(table)
