"""The vector index: exact below the flat limit, inverted lists above, saved and loaded
with a fingerprint that exposes a stale copy."""

from __future__ import annotations

import numpy as np

from claimwatch.link.claim_links import ClaimItem, link_claims
from claimwatch.link.index import VectorIndex, fingerprint


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _clustered(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = _unit(rng.normal(size=(50, 384)))
    return _unit(centres[rng.integers(0, 50, n)] + 0.05 * rng.normal(size=(n, 384)))


def test_index_flat_search_is_exact_and_best_first():
    vectors = _clustered(500)
    ids = [f"c{i}" for i in range(500)]
    index = VectorIndex.build(ids, vectors)
    found = index.search(vectors[7], 5)
    assert found[0][0] == "c7" and abs(found[0][1] - 1.0) < 1e-2
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


def test_index_inverted_lists_find_most_true_neighbours():
    vectors = _clustered(6000, seed=1)
    ids = [f"c{i}" for i in range(6000)]
    exact = VectorIndex.build(ids, vectors)
    ivf = VectorIndex.build(ids, vectors, nlist=64)
    recall = []
    for q in range(0, 6000, 300):
        truth = {i for i, _ in exact.search(vectors[q], 10)}
        recall.append(len(truth & {i for i, _ in ivf.search(vectors[q], 10)}) / 10)
    assert np.mean(recall) >= 0.9


def test_index_save_and_load_round_trip_and_refuse_stale(tmp_path):
    vectors = _clustered(3000, seed=2)
    ids = [f"c{i}" for i in range(3000)]
    VectorIndex.build(ids, vectors, nlist=32).save(tmp_path / "ix")
    loaded = VectorIndex.load(tmp_path / "ix", expect=fingerprint(sorted(ids)))
    assert loaded is not None and len(loaded) == 3000
    assert loaded.search(vectors[5], 1)[0][0] == "c5"
    assert VectorIndex.load(tmp_path / "ix", expect=fingerprint(["other"])) is None
    assert VectorIndex.load(tmp_path / "missing") is None


def test_link_claims_joins_the_earlier_similar_claim_and_keeps_others_apart():
    rng = np.random.default_rng(3)
    a, b = _unit(rng.normal(size=(2, 384)))
    near_a = _unit((a + 0.1 * _unit(rng.normal(size=(1, 384)))[0])[None])[0]
    items = [ClaimItem("x1", a, None), ClaimItem("x2", near_a, None), ClaimItem("x3", b, None)]
    links = link_claims(items, threshold=0.9)
    assert links["x2"].canonical_id == links["x1"].canonical_id
    assert links["x2"].via == "x1"
    assert links["x3"].canonical_id != links["x1"].canonical_id


def test_link_claims_joins_claims_already_in_the_index():
    rng = np.random.default_rng(4)
    old = _unit(rng.normal(size=(1, 384)))
    index = VectorIndex.build(["old"], old)
    near = _unit((old[0] + 0.05 * _unit(rng.normal(size=(1, 384)))[0])[None])[0]
    links = link_claims(
        [ClaimItem("new", near, None)], known=index, canonical_of={"old": "K"}, threshold=0.9
    )
    assert links["new"].canonical_id == "K"


def test_index_add_puts_new_vectors_in_their_lists_and_finds_them():
    vectors = _clustered(4000, seed=5)
    ids = [f"c{i}" for i in range(4000)]
    index = VectorIndex.build(ids[:3000], vectors[:3000], nlist=32)
    grown = index.add(ids[3000:], vectors[3000:])
    assert len(grown) == 4000 and grown.trained_on == 3000
    assert grown.search(vectors[3500], 1)[0][0] == "c3500"
    assert grown.search(vectors[10], 1)[0][0] == "c10"
    small = VectorIndex.build(ids[:10], vectors[:10]).add(ids[10:20], vectors[10:20])
    assert small.centroids is None and small.search(vectors[15], 1)[0][0] == "c15"
