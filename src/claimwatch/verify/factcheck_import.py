"""Importing fact-checks into the store: read, embed, store, match.

Reading is ``verify/factcheck_formats.py`` (pure); this module embeds each fact-checked
claim, stores the batch through the writer (a bad record is reported and skipped, the
rest are stored; importing a file again replaces its fact-checks), then matches every
canonical claim against the fact-checks again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from claimwatch.errors import SourceError
from claimwatch.link import embed as embedding
from claimwatch.link.update import match_fact_checks
from claimwatch.models import FactCheck
from claimwatch.settings import Settings
from claimwatch.store import Store, writer_link
from claimwatch.verify.factcheck_formats import read_factchecks

BATCH = 256


@dataclass
class FactCheckImport:
    read: int = 0
    stored: int = 0
    matches: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "stored": self.stored,
            "matches": self.matches,
            "failures": [{"item": i, "reason": r} for i, r in self.failures],
        }


def import_fact_checks(
    store: Store,
    settings: Settings,
    paths: Iterable[str],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> FactCheckImport:
    report = FactCheckImport()
    found: list[FactCheck] = []
    for path in paths:
        try:
            for item in read_factchecks(path):
                if isinstance(item, FactCheck):
                    found.append(item)
                else:
                    report.failures.append((path, str(item)))
        except SourceError as exc:
            report.failures.append((path, str(exc)))
    unique = list({fc.id: fc for fc in found}.values())
    report.read = len(found)
    for start in range(0, len(unique), BATCH):
        chunk = unique[start : start + BATCH]
        vectors = embedding.embed([fc.claim for fc in chunk])
        report.stored += writer_link.save_fact_checks(
            store.engine, zip(chunk, vectors, strict=True)
        )
        if progress:
            progress(report.stored, len(unique))
    report.matches = match_fact_checks(store, settings)
    return report
