"""An approximate nearest-neighbour index over unit vectors, in numpy (inverted file).

    index = VectorIndex.build(ids, vectors)            # (n, d) float, unit rows
    index.search(query_vector, k=10)                   # [(id, cosine), ...] best first
    index.save(folder); VectorIndex.load(folder)

Up to ``FLAT_LIMIT`` vectors it is exact (one matrix product). Above, k-means (trained on
a sample) splits the vectors into ``nlist ≈ 2·√n`` lists stored contiguously; a search
scores the centroids, then only the vectors of the ``nprobe`` nearest lists. Vectors are
kept as float16 in the inverted lists (768 bytes for 384 dimensions), float32 in the exact
index. The index is derived data: the store
keeps every vector (``claim_vectors``), and ``claimwatch link --rebuild`` writes the
index again from them. Its files carry a stamp (the store's link generation, or a
fingerprint of the ids they hold), so a stale index is noticed and rebuilt, not trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FLAT_LIMIT = 20_000
DIMENSIONS = 384
FORMAT = "claimwatch-ivf-1"


def fingerprint(ids: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for i in ids:
        digest.update(i.encode() + b"\n")
    return digest.hexdigest()[:32]


class VectorIndex:
    def __init__(
        self,
        ids: list[str],
        vectors: np.ndarray,
        centroids: np.ndarray | None = None,
        offsets: np.ndarray | None = None,
        nprobe: int = 16,
        trained_on: int | None = None,
    ) -> None:
        self.ids = ids
        # exact search multiplies the whole matrix: float32 saves a conversion per query
        dtype = np.float32 if centroids is None else np.float16
        self.vectors = vectors.astype(dtype, copy=False)
        self.centroids = centroids
        self.offsets = offsets  # list j holds rows offsets[j]:offsets[j+1]
        self.nprobe = nprobe
        self.trained_on = len(ids) if trained_on is None else trained_on  # lists fit on

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        extra = 0 if self.centroids is None else self.centroids.nbytes + self.offsets.nbytes
        return self.vectors.nbytes + extra + sum(len(i) + 49 for i in self.ids)

    @classmethod
    def build(
        cls, ids: Sequence[str], vectors: np.ndarray, *, nlist: int | None = None, seed: int = 0
    ) -> VectorIndex:
        ids = list(ids)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(ids), DIMENSIONS)
        if len(ids) <= FLAT_LIMIT and nlist is None:
            return cls(ids, vectors)
        nlist = nlist or max(8, int(2 * np.sqrt(len(ids))))
        centroids = _kmeans(vectors, nlist, seed)
        assign = _nearest(vectors, centroids)
        order = np.argsort(assign, kind="stable")
        counts = np.bincount(assign, minlength=nlist)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls([ids[i] for i in order], vectors[order], centroids, offsets)

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> VectorIndex:
        """A new index that also holds ``ids``: new vectors join their nearest list (the
        lists are not trained again; ``build`` does that). An exact index that outgrows
        ``FLAT_LIMIT`` becomes an inverted one."""
        if not len(ids):
            return self
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(ids), DIMENSIONS)
        all_ids = [*self.ids, *ids]
        if self.centroids is None:
            return VectorIndex.build(all_ids, np.concatenate([self.vectors, vectors]))
        counts = np.diff(self.offsets)
        lists = np.concatenate(
            [np.repeat(np.arange(len(counts)), counts), _nearest(vectors, self.centroids)]
        )
        order = np.argsort(lists, kind="stable")
        merged = np.concatenate([self.vectors, vectors.astype(np.float16)])[order]
        offsets = np.concatenate([[0], np.cumsum(np.bincount(lists, minlength=len(counts)))])
        return VectorIndex(
            [all_ids[i] for i in order],
            merged,
            self.centroids,
            offsets.astype(np.int64),
            trained_on=self.trained_on,
        )

    def search(
        self, query: np.ndarray, k: int = 10, *, nprobe: int | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest ids by cosine, best first."""
        if not self.ids:
            return []
        q = np.asarray(query, dtype=np.float32).ravel()
        if self.centroids is None:
            rows = np.arange(len(self.ids))
            scores = _dot(self.vectors, q)
        else:
            probe = min(nprobe or self.nprobe, len(self.centroids))
            near = np.argpartition(-_dot(self.centroids, q), probe - 1)[:probe]
            rows = np.concatenate([np.arange(self.offsets[j], self.offsets[j + 1]) for j in near])
            scores = _dot(self.vectors[rows].astype(np.float32), q)
        k = min(k, len(rows))
        if k == 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((rows[top], -scores[top]))]
        return [(self.ids[rows[i]], float(scores[i])) for i in top]

    def save(self, folder: str | Path, *, stamp: str | None = None) -> None:
        """Write the index into ``folder`` (replacing one there), files first, manifest last;
        ``stamp`` names what it holds (default: a fingerprint of its ids)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        _save_npy(folder / "vectors.npy", self.vectors.astype(np.float16))
        if self.centroids is not None:
            _save_npy(folder / "centroids.npy", self.centroids.astype(np.float32))
            _save_npy(folder / "offsets.npy", self.offsets)
        (folder / "ids.txt").write_text("\n".join(self.ids), encoding="utf-8")
        manifest = {
            "format": FORMAT,
            "count": len(self.ids),
            "stamp": stamp or fingerprint(sorted(self.ids)),
            "ivf": self.centroids is not None,
            "trained_on": self.trained_on,
        }
        tmp = folder / "manifest.json.tmp"
        tmp.write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(tmp, folder / "manifest.json")

    @classmethod
    def load(cls, folder: str | Path, *, expect: str | None = None) -> VectorIndex | None:
        """The index saved in ``folder``, or None when it is missing, damaged or (with
        ``expect``, the stamp it was saved with) holds other vectors than expected."""
        folder = Path(folder)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                return None
            if expect is not None and manifest.get("stamp") != expect:
                return None
            text = (folder / "ids.txt").read_text(encoding="utf-8")
            ids = text.split("\n") if text else []
            vectors = np.load(folder / "vectors.npy", mmap_mode="r")
            centroids = offsets = None
            if manifest.get("ivf"):
                centroids = np.load(folder / "centroids.npy")
                offsets = np.load(folder / "offsets.npy")
        except (OSError, ValueError):
            return None
        if len(ids) != manifest.get("count") or vectors.shape[0] != len(ids):
            return None
        return cls(ids, vectors, centroids, offsets, trained_on=manifest.get("trained_on"))


def _dot(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Matrix-vector product without BLAS threads: they keep spinning after a product and
    slow the embedding model's own threads, which run right before each search."""
    return np.einsum("ij,j->i", matrix, q)


def _save_npy(path: Path, array: np.ndarray) -> None:
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


def _nearest(vectors: np.ndarray, centroids: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    out = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), chunk):
        part = np.asarray(vectors[start : start + chunk], dtype=np.float32)
        out[start : start + chunk] = np.argmax(part @ centroids.T, axis=1)
    return out


def _kmeans(vectors: np.ndarray, nlist: int, seed: int, iterations: int = 12) -> np.ndarray:
    """Spherical k-means on a sample of at most 32 vectors per list."""
    rng = np.random.default_rng(seed)
    sample_size = min(len(vectors), nlist * 32)
    sample = np.asarray(vectors[rng.choice(len(vectors), sample_size, replace=False)], np.float32)
    centroids = sample[rng.choice(sample_size, nlist, replace=False)].copy()
    for _ in range(iterations):
        assign = np.argmax(sample @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, sample)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[empty] = sample[rng.choice(sample_size, int(empty.sum()))]
        norms[empty] = 1.0
        centroids = sums / norms
    return centroids
