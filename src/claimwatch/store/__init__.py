"""The store: schema, migrations, the one writer, and the read-side queries."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from claimwatch.errors import StoreError
from claimwatch.store import migrate
from claimwatch.store.engine import make_engine
from claimwatch.store.writer import StoreWriter


class Store:
    """An open store: ``engine`` for the read-side queries, ``writer`` for every change."""

    def __init__(self, engine: Engine, *, near_duplicate_threshold: float = 0.7) -> None:
        self.engine = engine
        self.writer = StoreWriter(engine, near_duplicate_threshold=near_duplicate_threshold)

    @classmethod
    def open(cls, db: str, *, near_duplicate_threshold: float = 0.7) -> Store:
        engine = make_engine(db)
        try:
            migrate.upgrade(engine)
        except (OperationalError, DatabaseError) as exc:
            engine.dispose()
            reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
            raise StoreError(f"{db}: cannot open the store ({reason})") from None
        return cls(engine, near_duplicate_threshold=near_duplicate_threshold)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()
