"""The one writer: every change to the store goes through here, one transaction per item."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, Engine, delete, insert, select, update

from claimwatch.ingest.dedup import Fingerprint, similarity
from claimwatch.ingest.outlets import name_from_domain
from claimwatch.models import Article, Outlet
from claimwatch.store.schema import (
    appearances,
    article_bands,
    articles,
    failures,
    feed_state,
    outlets,
    raw_inputs,
)
from claimwatch.store.schema_nlp import (
    analyses,
    claims,
    mentions,
    reported_claims,
    stances,
    statements,
)

Outcome = Literal["new", "updated", "unchanged", "duplicate"]

# Fields whose change makes an article "updated" (the rest is bookkeeping).
_CONTENT_FIELDS = (
    "url", "title", "text", "outlet_id", "published", "updated", "language", "authors",
    "captions", "content_hash", "extractor",
)  # fmt: skip


@dataclass(frozen=True)
class RawBlob:
    data: bytes
    kind: str
    media_type: str = ""

    @property
    def id(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class SaveResult:
    outcome: Outcome
    article_id: str


@dataclass(frozen=True)
class Incoming:
    """An extracted article ready to store, with what dedup and provenance need."""

    article: Article
    url_key: str | None
    fingerprint: Fingerprint
    outlet: Outlet | None
    raw: RawBlob | None
    provenance: dict[str, str]
    source_meta: dict[str, object]  # what the source knew (JSON-ready), for re-extraction


def _now() -> datetime:
    return datetime.now(UTC)


def _short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


class StoreWriter:
    def __init__(self, engine: Engine, *, near_duplicate_threshold: float = 0.7) -> None:
        self.engine = engine
        self.threshold = near_duplicate_threshold

    # -- articles ---------------------------------------------------------------------------

    def save(self, item: Incoming) -> SaveResult:
        """Store one article, all its rows at once: new, an update of the same URL, a copy of
        text already stored (recorded as another appearance), or nothing when unchanged."""
        with self.engine.begin() as conn:
            if item.outlet:
                _upsert_outlet(conn, item.outlet)
            raw_id = _insert_raw(conn, item.raw) if item.raw else None
            same = conn.execute(select(articles).where(articles.c.id == item.article.id)).first()
            if same is not None:
                return _update_article(conn, same._mapping, item, raw_id)
            if item.url_key:
                seen = conn.execute(
                    select(appearances.c.article_id).where(appearances.c.url_key == item.url_key)
                ).first()
                if seen is not None:
                    return SaveResult("duplicate", seen.article_id)
            original = self._find_copy_of(conn, item)
            if original is not None:
                _write_appearance(conn, original, item, raw_id)
                return SaveResult("duplicate", original)
            _insert_article(conn, item, raw_id)
            return SaveResult("new", item.article.id)

    def _find_copy_of(self, conn: Connection, item: Incoming) -> str | None:
        exact = conn.execute(
            select(articles.c.id)
            .where(articles.c.content_hash == item.fingerprint.content_hash)
            .where(articles.c.id != item.article.id)
            .limit(1)
        ).first()
        if exact is not None:
            return str(exact.id)
        if not item.fingerprint.bands:
            return None
        candidates = conn.execute(
            select(articles.c.id, articles.c.minhash)
            .where(
                articles.c.id.in_(
                    select(article_bands.c.article_id)
                    .where(article_bands.c.band.in_(item.fingerprint.bands))
                    .distinct()
                )
            )
            .where(articles.c.id != item.article.id)
        ).all()
        best_id, best = None, 0.0
        for row in candidates:
            score = similarity(item.fingerprint.signature, row.minhash)
            if score > best:
                best_id, best = row.id, score
        return str(best_id) if best_id is not None and best >= self.threshold else None

    def replace_text(self, item: Incoming) -> SaveResult:
        """Re-extraction: rewrite an existing article in place from its raw input."""
        with self.engine.begin() as conn:
            if item.outlet:
                _upsert_outlet(conn, item.outlet)
            row = conn.execute(select(articles).where(articles.c.id == item.article.id)).first()
            if row is None:
                _insert_article(conn, item, item.article.raw_id)
                return SaveResult("new", item.article.id)
            return _update_article(conn, row._mapping, item, item.article.raw_id)

    # -- failures and feed state ------------------------------------------------------------

    def record_failure(self, origin: str, reason: str, kind: str) -> None:
        fid = _short_hash(origin)
        with self.engine.begin() as conn:
            conn.execute(delete(failures).where(failures.c.id == fid))
            conn.execute(
                insert(failures).values(id=fid, origin=origin, reason=reason, kind=kind, at=_now())
            )

    def clear_failure(self, origin: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(failures).where(failures.c.id == _short_hash(origin)))

    def save_feed_state(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(feed_state).where(feed_state.c.url == url))
            conn.execute(
                insert(feed_state).values(
                    url=url, etag=etag, last_modified=last_modified, checked_at=_now()
                )
            )


def _upsert_outlet(conn: Connection, outlet: Outlet) -> None:
    name_source = "derived" if outlet.domain and outlet.name == _derived(outlet) else "metadata"
    row = conn.execute(select(outlets).where(outlets.c.id == outlet.id)).first()
    if row is None:
        conn.execute(
            insert(outlets).values(
                id=outlet.id, name=outlet.name, domain=outlet.domain, name_source=name_source
            )
        )
    elif row.name_source == "derived" and name_source == "metadata":
        conn.execute(
            update(outlets)
            .where(outlets.c.id == outlet.id)
            .values(name=outlet.name, name_source="metadata")
        )


def _derived(outlet: Outlet) -> str:
    return name_from_domain(outlet.domain)


def _insert_raw(conn: Connection, raw: RawBlob) -> str:
    raw_id = raw.id
    exists = conn.execute(select(raw_inputs.c.id).where(raw_inputs.c.id == raw_id)).first()
    if exists is None:
        conn.execute(
            insert(raw_inputs).values(
                id=raw_id,
                kind=raw.kind,
                media_type=raw.media_type,
                size=len(raw.data),
                data=zlib.compress(raw.data, 6),
                created_at=_now(),
            )
        )
    return raw_id


def _article_values(item: Incoming, raw_id: str | None) -> dict[str, object]:
    a = item.article
    return {
        "id": a.id,
        "url": a.url,
        "url_key": item.url_key,
        "title": a.title,
        "text": a.text,
        "outlet_id": item.outlet.id if item.outlet else None,
        "published": a.published,
        "updated": a.updated,
        "language": a.language,
        "authors": list(a.authors),
        "captions": list(a.captions),
        "source": a.source,
        "origin": a.origin,
        "content_hash": item.fingerprint.content_hash,
        "minhash": item.fingerprint.signature,
        "extractor": a.extractor,
        "raw_id": raw_id,
        "meta": {"provenance": item.provenance, "source_meta": item.source_meta},
    }


def _insert_article(conn: Connection, item: Incoming, raw_id: str | None) -> None:
    now = _now()
    conn.execute(
        insert(articles).values(**_article_values(item, raw_id), ingested_at=now, modified_at=now)
    )
    _replace_bands(conn, item)
    _write_appearance(conn, item.article.id, item, raw_id)


def _update_article(
    conn: Connection, row: object, item: Incoming, raw_id: str | None
) -> SaveResult:
    existing = dict(row)  # type: ignore[call-overload]
    item = replace(item, article=replace(item.article, id=existing["id"]))
    values = _article_values(item, raw_id)
    if all(_same(existing[f], values[f]) for f in _CONTENT_FIELDS):
        return SaveResult("unchanged", existing["id"])
    conn.execute(
        update(articles).where(articles.c.id == existing["id"]).values(**values, modified_at=_now())
    )
    _replace_bands(conn, item)
    _write_appearance(conn, existing["id"], item, raw_id)
    # The text changed: offsets into the old one mean nothing now; analysis is redone.
    for layer in (stances, claims, statements, reported_claims, mentions, analyses):
        conn.execute(delete(layer).where(layer.c.article_id == existing["id"]))
    return SaveResult("updated", existing["id"])


def _same(old: object, new: object) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old == (new.replace(tzinfo=UTC) if new.tzinfo is None else new)
    return old == new


def _replace_bands(conn: Connection, item: Incoming) -> None:
    conn.execute(delete(article_bands).where(article_bands.c.article_id == item.article.id))
    if item.fingerprint.bands:
        conn.execute(
            insert(article_bands),
            [{"band": b, "article_id": item.article.id} for b in item.fingerprint.bands],
        )


def _write_appearance(
    conn: Connection, article_id: str, item: Incoming, raw_id: str | None
) -> None:
    """Record where the article's text was seen; an unchanged appearance is left alone."""
    a = item.article
    appearance_id = _short_hash(article_id, item.url_key or a.origin)
    values = {
        "article_id": article_id,
        "url": a.url,
        "url_key": item.url_key,
        "outlet_id": item.outlet.id if item.outlet else None,
        "title": a.title,
        "published": a.published,
        "source": a.source,
        "origin": a.origin,
        "provenance": item.provenance,
        "raw_id": raw_id,
    }
    old = conn.execute(select(appearances).where(appearances.c.id == appearance_id)).first()
    if old is not None:
        if all(_same(old._mapping[k], v) for k, v in values.items()):
            return
        conn.execute(delete(appearances).where(appearances.c.id == appearance_id))
    conn.execute(insert(appearances).values(id=appearance_id, seen_at=_now(), **values))
