"""Opening a store: a SQLite file (the default), ``:memory:``, or a PostgreSQL URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from claimwatch.errors import StoreError


def database_url(db: str) -> str:
    """Turn what a user typed (``news.db``, ``:memory:``, ``postgresql://…``) into a URL."""
    db = db.strip()
    if not db:
        raise StoreError("no store given: pass --db PATH or set CLAIMWATCH_DB")
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith(("postgresql+", "sqlite:")):
        return db
    if db == ":memory:":
        return "sqlite://"
    path = Path(db).expanduser()
    if path.is_dir():
        raise StoreError(
            f"{db}: is a folder; give a file name for the store, e.g. {db}/claimwatch.db"
        )
    if not path.parent.exists():
        raise StoreError(f"{db}: the folder {path.parent} does not exist; create it first")
    return f"sqlite:///{path}"


def make_engine(db: str) -> Engine:
    url = database_url(db)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, future=True)


def _sqlite_engine(url: str) -> Engine:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    kwargs: dict[str, object] = {"future": True}
    if in_memory:
        kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        kwargs.update(connect_args={"timeout": 30})
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_conn.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine
