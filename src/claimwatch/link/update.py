"""``link``: bring the store's links up to date with its claims and articles.

    report = update_links(store, settings, progress=...)

Steps, each safe to interrupt (every write is its own transaction) and to run again:

1. embed every claim that has no vector yet (``claim_vectors``);
2. link every claim without a canonical claim (``link/claim_links.py``), against the
   vector index of the claims linked before, and store the links;
3. write the vector index beside the store (``ClaimVectors``);
4. group all articles into stories again (``link/stories.py``, online, in date order);
5. match canonical claims against the imported fact-checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select

from claimwatch.link import embed as embedding
from claimwatch.link.claim_links import VERSION as LINK_VERSION
from claimwatch.link.claim_links import ClaimItem, link_claims
from claimwatch.link.index import VectorIndex
from claimwatch.link.stories import StoryConfig, StoryDocument
from claimwatch.link.stories_batch import cluster_batch_scored
from claimwatch.settings import Settings
from claimwatch.store import Store, queries_link, writer_link
from claimwatch.store.schema import articles

STORIES_VERSION = "stories.v2"
CHUNK = 256

LinkProgress = Callable[[str, int, int], None]  # stage, done, total


@dataclass
class LinkReport:
    embedded: int = 0
    linked: int = 0
    new_canonicals: int = 0
    canonicals: int = 0
    stories: int = 0
    fact_check_matches: int = 0
    recounted: int = 0  # canonical claims whose members had changed outside linking
    touched: set[str] = field(default_factory=set)  # canonical claims that got members

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "touched"}


class ClaimVectors:
    """The vector index of linked claims for one store, loaded once per process: from its
    folder when it was saved at the store's current link generation, else rebuilt from
    the stored vectors (and saved again)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.folder = index_folder(store, settings)
        self._index: VectorIndex | None = None
        self._stamp_held: str | None = None

    def _stamp(self) -> str:
        return f"links-{queries_link.link_generation(self.store.engine)}"

    def index(self) -> VectorIndex:
        """The index, checked against the store's link generation (one row read)."""
        stamp = self._stamp()
        if self._index is not None and self._stamp_held == stamp:
            return self._index
        index = VectorIndex.load(self.folder, expect=stamp) if self.folder else None
        if index is None:
            return self.rebuild()
        self._index, self._stamp_held = index, stamp
        return index

    def extend(self, ids: list[str], matrix: np.ndarray) -> VectorIndex:
        """Add newly linked claims to the index (and save it) without training it again,
        unless it has doubled since it was trained."""
        index = self._index if self._index is not None else self.index()
        if index.centroids is not None and len(index) + len(ids) > 2 * index.trained_on:
            return self.rebuild()
        index = index.add(ids, matrix)
        stamp = self._stamp()
        if self.folder:
            index.save(self.folder, stamp=stamp)
        self._index, self._stamp_held = index, stamp
        return index

    def rebuild(self) -> VectorIndex:
        stamp = self._stamp()
        ids, vectors = queries_link.linked_vectors(self.store.engine)
        index = VectorIndex.build(ids, vectors)
        if self.folder:
            index.save(self.folder, stamp=stamp)
        self._index, self._stamp_held = index, stamp
        return index


def index_folder(store: Store, settings: Settings) -> Path | None:
    if settings.index_dir:
        return Path(settings.index_dir)
    database = store.engine.url.database
    if store.backend == "sqlite" and database and database != ":memory:":
        return Path(database + ".index")
    return None


def update_links(
    store: Store,
    settings: Settings,
    *,
    vectors: ClaimVectors | None = None,
    progress: LinkProgress | None = None,
    stories: bool = True,
) -> LinkReport:
    report = LinkReport()
    vectors = vectors or ClaimVectors(store, settings)
    report.recounted = writer_link.refresh_stale_canonicals(store.engine)
    _embed_claims(store, report, progress)
    _link(store, settings, vectors, report, progress)
    if stories:
        _stories(store, report, progress)
    report.fact_check_matches = match_fact_checks(store, settings)
    report.canonicals = queries_link.count_canonicals(store.engine)
    return report


def _embed_claims(store: Store, report: LinkReport, progress: LinkProgress | None) -> None:
    todo = queries_link.claims_without_vectors(store.engine)
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        found = embedding.embed([text for _, text in chunk])
        writer_link.save_claim_vectors(
            store.engine, list(zip((i for i, _ in chunk), found, strict=True))
        )
        report.embedded += len(chunk)
        if progress:
            progress("embed claims", report.embedded, len(todo))


def _link(
    store: Store,
    settings: Settings,
    vectors: ClaimVectors,
    report: LinkReport,
    progress: LinkProgress | None,
) -> None:
    todo = queries_link.unlinked_claims(store.engine)
    if not todo:
        return
    known = vectors.index()
    canonical_of = queries_link.canonical_of(store.engine) if len(known) else {}
    items = [ClaimItem(i, v, when, language) for i, v, when, language in todo]
    links = link_claims(
        items,
        known=known,
        canonical_of=canonical_of,
        threshold=settings.link_threshold,
        cross_threshold=settings.link_threshold_cross,
    )
    pending = list(links.items())
    for start in range(0, len(pending), CHUNK * 8):
        writer_link.save_links(store.engine, dict(pending[start : start + CHUNK * 8]), LINK_VERSION)
        report.linked = min(start + CHUNK * 8, len(pending))
        if progress:
            progress("link claims", report.linked, len(pending))
    report.new_canonicals = sum(link.via is None for link in links.values())
    report.touched = {link.canonical_id for link in links.values()}
    vectors.extend([i.id for i in items], np.stack([i.vector for i in items]))


def _stories(store: Store, report: LinkReport, progress: LinkProgress | None) -> None:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(articles.c.id, articles.c.title, articles.c.text, articles.c.published)
        ).all()
    docs = [StoryDocument(r.id, f"{r.title}\n{r.text}", r.published) for r in rows]
    assignments = cluster_batch_scored(docs, StoryConfig())
    writer_link.replace_stories(store.engine, assignments, STORIES_VERSION)
    report.stories = len({story for story, _ in assignments.values()})
    if progress:
        progress("stories", len(docs), len(docs))


def match_fact_checks(store: Store, settings: Settings) -> int:
    """Match every canonical claim against the fact-checks (cosine of any member's vector
    with the fact-check's claim at or above the link threshold); replaces stored matches.
    Returns the number of matches."""
    fc_ids, fc_matrix = queries_link.fact_check_vectors(store.engine)
    if not fc_ids:
        return 0
    ids, member_vectors = queries_link.linked_vectors(store.engine)
    canonical_of = queries_link.canonical_of(store.engine)
    fcs = fc_matrix.astype(np.float32)
    best: dict[str, dict[str, float]] = {}
    for start in range(0, len(ids), 4096):
        block = member_vectors[start : start + 4096].astype(np.float32) @ fcs.T
        rows, cols = np.nonzero(block >= settings.link_threshold)
        for r, c in zip(rows, cols, strict=True):
            canonical = canonical_of[ids[start + r]]
            score = float(block[r, c])
            found = best.setdefault(canonical, {})
            if score > found.get(fc_ids[c], -1.0):
                found[fc_ids[c]] = score
    writer_link.replace_fact_check_matches(
        store.engine, {c: sorted(f.items(), key=lambda p: -p[1]) for c, f in best.items()}
    )
    return sum(len(f) for f in best.values())
