"""Claim linking: the same claim in other words becomes one canonical claim (pure).

    links = link_claims(new_items, known=index_of_linked_claims, canonical_of=..., threshold=0.9)
    links["c1"]     # Link(canonical_id="…", similarity=0.93, via="c0")

Claims are taken in time order (then by id). Each joins the canonical claim of its most
similar earlier claim when their cosine reaches ``threshold``, else it starts a canonical
claim of its own, named after it (so a canonical claim's id never changes when later
claims join). Earlier claims are those already linked in the store (searched in the
vector index) and those of the same batch that came before (scored in blocks by one
matrix product each). Single linkage follows a rumour as its wording drifts from outlet to
outlet ("pull out" → "leave within weeks" → "the withdrawal has begun"); the threshold is
what keeps unrelated claims about the same people apart (bench/linking.py calibrates it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from claimwatch.link.index import VectorIndex

VERSION = "link.v1"
BLOCK = 1024


@dataclass(frozen=True)
class ClaimItem:
    id: str
    vector: np.ndarray  # unit length
    when: datetime | None
    language: str | None = None


@dataclass(frozen=True)
class Link:
    canonical_id: str
    similarity: float  # to the claim it joined through (1.0 for a claim that starts one)
    via: str | None  # that claim's id; None when it starts a canonical claim


def canonical_id_for(claim_id: str) -> str:
    return hashlib.sha256(f"canonical\x1f{claim_id}".encode()).hexdigest()[:32]


def link_claims(
    items: Sequence[ClaimItem],
    *,
    known: VectorIndex | None = None,
    canonical_of: Mapping[str, str] | None = None,
    threshold: float,
    cross_threshold: float | None = None,
    neighbours: int = 8,
) -> dict[str, Link]:
    """A Link for every item; ``known`` indexes claims already linked, ``canonical_of``
    maps their ids to their canonical claims. ``cross_threshold`` (default: ``threshold``)
    applies to two claims in different languages (cosines across languages run lower), and
    to a claim not in English against the claims already linked."""
    cross = threshold if cross_threshold is None else cross_threshold
    canonical_of = dict(canonical_of or {})
    ordered = sorted(items, key=_time_order)
    matrix = np.stack([i.vector for i in ordered]).astype(np.float32) if ordered else None
    languages = np.array([i.language or "en" for i in ordered], dtype=object)
    links: dict[str, Link] = {}
    for start in range(0, len(ordered), BLOCK):
        block = matrix[start : start + BLOCK]
        earlier = block @ matrix[: start + len(block)].T  # to every claim up to this block
        for row, item in enumerate(ordered[start : start + BLOCK]):
            best_id, best = None, -1.0
            position = start + row
            if position:
                scores = earlier[row, :position]
                margin = scores - np.where(
                    languages[:position] == languages[position], threshold, cross
                )
                j = int(np.argmax(np.where(margin >= 0, scores, -2.0)))
                if margin[j] >= 0:
                    best_id, best = ordered[j].id, float(scores[j])
            if known is not None and len(known):
                floor = threshold if item.language in (None, "en") else cross
                for found, score in known.search(item.vector, neighbours):
                    if found in canonical_of and score > best and score >= floor:
                        best_id, best = found, score
            if best_id is not None:
                target = links[best_id].canonical_id if best_id in links else canonical_of[best_id]
                links[item.id] = Link(target, best, best_id)
            else:
                links[item.id] = Link(canonical_id_for(item.id), 1.0, None)
    return links


def _time_order(item: ClaimItem) -> tuple[bool, float, str]:
    stamp = item.when.timestamp() if item.when is not None else 0.0
    return (item.when is None, stamp, item.id)
