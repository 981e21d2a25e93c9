"""Analysis layers: per-article component runs, entities and their mentions, statements
(quotes and reported speech with speakers) and reported claims.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _article_fk() -> sa.Column:
    return sa.Column(
        "article_id",
        sa.String(32),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


def _speaker_columns() -> list[sa.Column]:
    return [
        sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer),
        sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_type", sa.String(32)),
        sa.Column("speaker_entity_id", sa.String(32), sa.ForeignKey("entities.id")),
        sa.Column("antecedent_start", sa.Integer),
        sa.Column("antecedent_end", sa.Integer),
    ]


def upgrade() -> None:
    op.create_table(
        "analyses",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("component", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("analysed_at", TZ, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(32), primary_key=True),
        _article_fk(),
        sa.Column("entity_id", sa.String(32), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("component", sa.String(128), nullable=False),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])
    op.create_table(
        "statements",
        sa.Column("id", sa.String(32), primary_key=True),
        _article_fk(),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("act", sa.String(16), nullable=False),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_lemma", sa.String(64)),
        *_speaker_columns(),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("component", sa.String(128), nullable=False),
    )
    op.create_index("ix_statements_article", "statements", ["article_id"])
    op.create_index("ix_statements_speaker_entity", "statements", ["speaker_entity_id"])
    op.create_table(
        "reported_claims",
        sa.Column("id", sa.String(32), primary_key=True),
        _article_fk(),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("act", sa.String(16), nullable=False),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        *_speaker_columns(),
        sa.Column("circulated_start", sa.Integer),
        sa.Column("circulated_end", sa.Integer),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("component", sa.String(128), nullable=False),
    )
    op.create_index("ix_reported_claims_article", "reported_claims", ["article_id"])


def downgrade() -> None:
    for table in ("reported_claims", "statements", "mentions", "entities", "analyses"):
        op.drop_table(table)
