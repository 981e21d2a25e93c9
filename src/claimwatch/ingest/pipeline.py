"""Ingest: sources → raw items → extraction → the store's writer, one item at a time.

One bad item is one failure with its reason; the rest of the batch goes on. Every article
is written in one transaction, so an interrupted run leaves a consistent store and the same
command resumes it (items already stored come back as ``unchanged``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from claimwatch.errors import ClaimwatchError, UnreadableSource
from claimwatch.ingest.dedup import fingerprint
from claimwatch.ingest.extract import EXTRACTORS, extract_item
from claimwatch.ingest.items import RawItem
from claimwatch.ingest.outlets import outlet_for
from claimwatch.ingest.sources import Fetching, Input, expand_inputs, read_input
from claimwatch.ingest.urls import article_id_for_text, article_id_for_url, canonical_url, url_key
from claimwatch.models import Article, IngestFailure
from claimwatch.serialize import plain
from claimwatch.store import Store
from claimwatch.store.queries import seen_unchanged
from claimwatch.store.writer import Incoming, RawBlob


@dataclass
class IngestReport:
    """What one ingest run did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    inputs: int = 0
    article_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def items(self) -> int:
        return self.new + self.updated + self.unchanged + self.duplicate + self.failed

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicate": self.duplicate,
            "failed": self.failed,
            "items": self.items,
            "failures": [{"item": f.origin, "reason": f.reason} for f in self.failures],
        }


#: Called after every item: (inputs done, inputs in all, the report so far).
Progress = Callable[[int, int, IngestReport], None]


def ingest(
    store: Store,
    names: Iterable[str],
    *,
    fetching: Fetching,
    max_bytes: int,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    report = IngestReport()
    inputs: list[Input] = []
    for found in expand_inputs(names, stdin=stdin):
        if isinstance(found, UnreadableSource):
            _fail(store, report, "", found)
        else:
            inputs.append(found)
    report.inputs = len(inputs)
    for done, inp in enumerate(inputs, start=1):
        for found in read_input(inp, fetching, max_bytes=max_bytes):
            if isinstance(found, RawItem):
                _store_item(store, report, found)
            else:
                _fail(store, report, inp.name, found)
            if progress:
                progress(done - 1, len(inputs), report)
        if progress:
            progress(done, len(inputs), report)
    return report


def _store_item(store: Store, report: IngestReport, item: RawItem) -> None:
    if item.raw is not None and seen_unchanged(
        store.engine, RawBlob(item.raw, item.kind).id, item.origin, EXTRACTORS[item.kind]
    ):
        report.unchanged += 1  # the same bytes from the same place: nothing to redo
        store.writer.clear_failure(item.origin)
        return
    try:
        incoming = prepare(item)
    except ClaimwatchError as exc:
        _fail(store, report, item.origin, exc)
        return
    result = store.writer.save(incoming)
    setattr(report, result.outcome, getattr(report, result.outcome) + 1)
    report.article_ids.append(result.article_id)
    store.writer.clear_failure(item.origin)


def prepare(item: RawItem, *, raw_id: str | None = None) -> Incoming:
    """Extract one item and give it its ids, outlet and fingerprint (pure)."""
    extracted = extract_item(item)
    url = canonical_url(extracted.url) if extracted.url else None
    article_id = article_id_for_url(url) if url else article_id_for_text(extracted.text)
    fp = fingerprint(extracted.text)
    raw = RawBlob(item.raw, item.kind, item.media_type) if item.raw is not None else None
    article = Article(
        id=article_id,
        url=url,
        title=extracted.title,
        text=extracted.text,
        outlet=None,
        published=extracted.published,
        updated=extracted.updated,
        language=extracted.language,
        authors=extracted.authors,
        source=item.source,
        origin=item.origin,
        content_hash=fp.content_hash,
        extractor=extracted.extractor,
        captions=extracted.captions,
        raw_id=raw_id,
    )
    return Incoming(
        article=article,
        url_key=url_key(url) if url else None,
        fingerprint=fp,
        outlet=outlet_for(url, extracted.outlet_name),
        raw=raw,
        provenance=dict(item.provenance),
        source_meta=plain(item.meta),
    )


def _fail(store: Store, report: IngestReport, origin: str, exc: Exception) -> None:
    """Record one failed item. Messages read ``ITEM: reason``; the item may be more precise
    than the input it came from (``feed.xml entry 3``, ``dump.jsonl:7``)."""
    message = str(exc)
    item, reason = origin, message
    if message.startswith(origin) and ": " in message[len(origin) :]:
        cut = message.index(": ", len(origin))
        item, reason = message[:cut], message[cut + 2 :]
    report.failures.append(IngestFailure(origin=item, reason=reason, at=datetime.now(UTC)))
    store.writer.record_failure(item, reason, type(exc).__name__)
