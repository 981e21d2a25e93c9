"""Claim retrieval quality and speed on CLEF-2020 CheckThat! task 2 (train and dev).

    python bench/retrieval.py --data ../shared/data/claim-retrieval-ct2020-task2
    python bench/retrieval.py --methods bm25 --k1 1.4          # try BM25F parameters

Builds each method's index over verified_claims.docs.tsv (``bm25``: ``ClaimIndex``;
``hybrid``: ``HybridIndex``, whose collection vectors are read from ``--cache`` or embedded
there first, which takes minutes), ranks the top 20 for every train and dev tweet one at a
time in one process, and prints MAP@1/3/5/10, MRR and the latency per query (mean, p50,
p95; for the hybrid it includes embedding the tweet, and the share of that is shown).
``--k1/--b/--title-weight/--coverage-weight`` and ``--lexical-pool/--dense-pool/
--lexical-weight/--claim-weight/--claim-title-weight/--query-words/--whole-post`` try other
parameters (choose them on train; dev is for reporting); ``--no-adapter`` ranks with the raw
e5 post vectors instead of the trained query adapter (retrieval-hybrid.v1 behaviour).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time
from pathlib import Path

import numpy as np

from claimwatch.evaluate.retrieval import Query, read_collection, read_qrels, read_queries
from claimwatch.evaluate.retrieval import score_run as score
from claimwatch.verify.hybrid import VERSION as HYBRID_VERSION
from claimwatch.verify.hybrid import HybridIndex, HybridParams, cached_claim_vectors
from claimwatch.verify.retrieval import VERSION, ClaimIndex, RetrievalParams

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
DEPTH = 20


def _time(index: ClaimIndex | HybridIndex, queries: list[Query]) -> tuple[dict, np.ndarray, float]:
    """Ranked ids per query, each query's search time (ms), and the time spent embedding."""
    ranked: dict[str, list[str]] = {}
    times = []
    embedding = 0.0
    for query in queries:
        started = time.perf_counter()
        hits = index.search(query.text, DEPTH)
        times.append(1000.0 * (time.perf_counter() - started))
        ranked[query.id] = [hit.doc_id for hit in hits]
        if isinstance(index, HybridIndex):
            started = time.perf_counter()
            index.embed_query(query.text)
            embedding += 1000.0 * (time.perf_counter() - started)
    return ranked, np.asarray(times), embedding


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "claim-retrieval-ct2020-task2")
    parser.add_argument("--parts", nargs="+", default=["train", "dev"])
    parser.add_argument("--methods", nargs="+", default=["bm25", "hybrid"])
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE / "claimwatch" / "retrieval",
        help="Folder of the collection vectors (the same default as `claimwatch eval retrieval`).",
    )
    lexical_defaults, hybrid_defaults = RetrievalParams(), HybridParams()
    lexical_names = {n: n for n in ("k1", "b", "title_weight", "coverage_weight")}
    hybrid_names = {n: n for n in ("lexical_pool", "dense_pool", "lexical_weight", "claim_weight")}
    hybrid_names["title_weight"] = "claim_title_weight"
    for defaults, names in ((lexical_defaults, lexical_names), (hybrid_defaults, hybrid_names)):
        for field, arg in names.items():
            value = getattr(defaults, field)
            parser.add_argument("--" + arg.replace("_", "-"), type=type(value), default=value)
    parser.add_argument(
        "--query-words",
        type=int,
        default=hybrid_defaults.query_words,
        help="Embed only a post's first words.",
    )
    parser.add_argument(
        "--whole-post", action="store_true", help="Embed the whole post (query_words=None)."
    )
    parser.add_argument(
        "--no-adapter", action="store_true", help="Rank with the raw e5 post vectors."
    )
    hybrid_names["query_words"] = "query_words"
    args = parser.parse_args()
    lexical_params = dataclasses.replace(
        lexical_defaults, **{field: getattr(args, arg) for field, arg in lexical_names.items()}
    )
    hybrid_params = dataclasses.replace(
        hybrid_defaults, **{field: getattr(args, arg) for field, arg in hybrid_names.items()}
    )
    hybrid_params = dataclasses.replace(
        hybrid_params,
        adapter=not args.no_adapter,
        query_words=None if args.whole_post else hybrid_params.query_words,
    )

    claims = read_collection(args.data / "verified_claims.docs.tsv")
    threads = os.environ.get("OMP_NUM_THREADS", f"all {os.cpu_count()} cores")
    print(f"{len(claims)} claims; one query at a time, one process, threads: {threads}")
    for method in args.methods:
        started = time.perf_counter()
        index: ClaimIndex | HybridIndex
        if method == "bm25":
            index = ClaimIndex.build(claims, lexical_params)
            print(f"\n{VERSION}  {lexical_params}")
        else:

            def report(done: int, total: int) -> None:
                print(f"\r  embedding the collection: {done}/{total}", end="", flush=True)

            vectors = cached_claim_vectors(claims, args.cache, progress=report)
            index = HybridIndex.build(claims, vectors, hybrid_params, lexical_params=lexical_params)
            adapter = index.adapter.version if index.adapter else "none"
            print(f"\n{HYBRID_VERSION}  {hybrid_params}  vectors: {index.model}, {args.cache}")
            print(f"query adapter: {adapter}")
        build_s = time.perf_counter() - started
        print(f"index: {index.nbytes / 1e6:.1f} MB of arrays, ready in {build_s:.2f} s")
        for part in args.parts:
            queries = read_queries(args.data / part / "tweets.queries.tsv")
            qrels = read_qrels(args.data / part / "tweet-vclaim-pairs.qrels")
            ranked, times, embedding = _time(index, queries)
            result = score(ranked, qrels)
            result.ms_per_query = float(times.mean())
            p50, p95 = np.percentile(times, [50, 95])
            line = f"{part:5}  {result.line()}  p50 {p50:.2f}  p95 {p95:.2f} ms"
            if embedding:
                line += f"  (embedding {embedding / times.sum():.0%} of it)"
            print(line)


if __name__ == "__main__":
    main()
