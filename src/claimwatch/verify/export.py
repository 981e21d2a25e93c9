"""Exports: a canonical claim as schema.org ClaimReview, and the store's claims,
statements and evidence as JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimwatch.store import queries_link, queries_nlp
from claimwatch.verify.check import CheckResult
from claimwatch.verify.claimreview_out import AppearanceRef, ReviewSubject, claimreview_jsonld

if TYPE_CHECKING:
    from claimwatch.workspace import Workspace


_FILES = {
    "claim": "claims.csv",
    "appearance": "appearances.csv",
    "statement": "statements.csv",
    "evidence": "evidence.csv",
}


def claimreview(result: CheckResult) -> dict[str, Any]:
    """ClaimReview JSON-LD for a checked canonical claim: the verdict suggestion and its
    explanation, every article that asserted the claim as an appearance, the first one as
    ``firstAppearance``."""
    seen: dict[str, AppearanceRef] = {}
    for e in result.evidence:
        if e.stance == "supporting" and e.article_id not in seen:
            seen[e.article_id] = AppearanceRef(e.url, e.outlet_name, e.published, e.title)
    subject = ReviewSubject(
        claim=result.matches[0].claim.text if result.matches else result.claim,
        verdict=result.verdict.label,
        explanation=result.verdict.explanation,
        appearances=list(seen.values()),
    )
    return claimreview_jsonld(subject)


def _plain(record: Any) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(record).items()}


def export_records(ws: Workspace) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(kind, record)`` for every canonical claim, claim wording, statement and stored
    stance, in that order; kinds: claim, appearance, statement, evidence."""
    engine = ws.store.engine
    offset = 0
    while batch := queries_link.list_canonicals(engine, limit=1000, offset=offset):
        offset += len(batch)
        for c in batch:
            yield "claim", _plain(c)
        for m in queries_link.canonical_members(engine, [c.id for c in batch]):
            yield "appearance", _plain(m)
    for s in queries_nlp.list_statements(engine, limit=10_000_000):
        yield "statement", _plain(s)
    for r in queries_nlp.list_stances(engine):
        yield "evidence", _plain(r)


def write_jsonl(ws: Workspace, out) -> int:  # type: ignore[no-untyped-def]
    count = 0
    for kind, record in export_records(ws):
        out.write(json.dumps({"type": kind, **record}, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(ws: Workspace, folder: Path) -> dict[str, int]:
    """One CSV per kind in ``folder`` (claims.csv, appearances.csv, statements.csv,
    evidence.csv), each written to a temporary name and renamed when complete."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[Any, csv.DictWriter, Path]] = {}
    counts: dict[str, int] = {}
    try:
        for kind, record in export_records(ws):
            if kind not in files:
                tmp = folder / f".{_FILES[kind]}.tmp"
                handle = tmp.open("w", newline="", encoding="utf-8")
                writer = csv.DictWriter(handle, fieldnames=list(record))
                writer.writeheader()
                files[kind] = (handle, writer, tmp)
            files[kind][1].writerow(record)
            counts[kind] = counts.get(kind, 0) + 1
    finally:
        for handle, _, _ in files.values():
            handle.close()
    for kind, (_, _, tmp) in files.items():
        tmp.replace(folder / _FILES[kind])
    return counts
