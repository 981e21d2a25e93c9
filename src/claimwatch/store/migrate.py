"""Schema migrations (Alembic), applied when a store is opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from claimwatch.errors import StoreError

_MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK = 72_635_140  # advisory lock id: one migrating process at a time


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine) -> None:
    """Bring the store's schema to the newest revision; a no-op when it is there already."""
    config = _config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK})
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        if current is not None and current not in {s.revision for s in script.walk_revisions()}:
            raise StoreError(
                f"the store is at schema revision {current}, which this claimwatch does not know: "
                "it was written by a newer version; upgrade claimwatch to open it"
            )
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
