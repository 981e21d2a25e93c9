"""Latency of the steps of ``check`` that grow with the store: embedding the claim and
searching the claim vector index, with 10k, 100k and 1M stored claims; and the memory
of the index.

    python bench/check_latency.py [--sizes 10000,100000,1000000] [--queries 200]

The stored claims are generated: unit vectors around 2,000 topic centres (a claim's
wordings lie close together, as real ones do), because embedding a million sentences
takes hours on two cores and the index does not read the text. Queries are stored
vectors moved slightly (a new wording of a known claim). Recall@10 is measured against
an exact search. The evidence read after the search does not grow with the store (it
reads one canonical claim's rows by index); it is measured on the demo store by
``bench/check_demo.py``.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from claimwatch.link.embed import embed
from claimwatch.link.index import VectorIndex


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def generate(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = _unit(rng.normal(size=(2000, 384)))
    out = np.empty((n, 384), dtype=np.float16)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        rows = centres[rng.integers(0, 2000, m)] + 0.04 * rng.normal(size=(m, 384))
        out[start : start + m] = _unit(rows)
    return out


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    sentences = [f"The minister said the plan number {i} would be dropped" for i in range(50)]
    embed(sentences[:1])
    times = []
    for s in sentences:
        t = time.perf_counter()
        embed([s])
        times.append(time.perf_counter() - t)
    print(
        f"embed one claim: p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms"
    )
    rng = np.random.default_rng(9)
    for n in (int(x) for x in args.sizes.split(",")):
        vectors = generate(n)
        ids = [f"{i:032x}" for i in range(n)]
        t = time.perf_counter()
        index = VectorIndex.build(ids, vectors)
        built = time.perf_counter() - t
        picks = rng.integers(0, n, args.queries)
        queries = _unit(
            vectors[picks].astype(np.float32) + 0.02 * rng.normal(size=(len(picks), 384))
        )
        lat, recall = [], []
        exact = vectors.astype(np.float32) if n <= 100_000 else None
        for q in queries:
            t = time.perf_counter()
            found = index.search(q, 50)
            lat.append(time.perf_counter() - t)
            if exact is not None and len(recall) < 50:
                truth = set(np.argsort(-(exact @ q))[:10].tolist())
                recall.append(len(truth & {int(i, 16) for i, _ in found[:10]}) / 10)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{n:>9,} claims: build {built:.1f} s, search p50 {percentile(lat, 50):.2f} ms, "
            f"p95 {percentile(lat, 95):.2f} ms, recall@10 "
            f"{np.mean(recall) if recall else float('nan'):.3f}, "
            f"index {index.nbytes / 2**20:.0f} MiB, peak RSS {rss:.0f} MiB"
        )
        del index, vectors, exact


if __name__ == "__main__":
    main()
