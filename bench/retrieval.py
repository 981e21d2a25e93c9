"""Claim retrieval quality and speed on CLEF-2020 CheckThat! task 2 (train and dev).

    python bench/retrieval.py --data ../shared/data/claim-retrieval-ct2020-task2

Builds the index over verified_claims.docs.tsv with the default ``RetrievalParams``,
ranks the top 20 for every train and dev tweet and prints MAP@1/3/5/10, MRR, the mean
search time per query (one query at a time, one process) and the index's build time and
array memory. ``--k1/--b/--title-weight/--coverage-weight`` try other parameters
(choose them on train; dev is for reporting).
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from claimwatch.evaluate.retrieval import (
    read_collection,
    read_qrels,
    read_queries,
    run_queries,
    score_run,
)
from claimwatch.verify.retrieval import VERSION, ClaimIndex, RetrievalParams

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "claim-retrieval-ct2020-task2")
    parser.add_argument("--parts", nargs="+", default=["train", "dev"])
    parser.add_argument("--repeat", type=int, default=3, help="Timing passes (best is kept).")
    defaults = RetrievalParams()
    for name in ("k1", "b", "title_weight", "coverage_weight"):
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, type=float, default=getattr(defaults, name))
    args = parser.parse_args()
    params = dataclasses.replace(
        defaults,
        k1=args.k1,
        b=args.b,
        title_weight=args.title_weight,
        coverage_weight=args.coverage_weight,
    )

    claims = read_collection(args.data / "verified_claims.docs.tsv")
    started = time.perf_counter()
    index = ClaimIndex.build(claims, params)
    build_s = time.perf_counter() - started
    print(f"{VERSION}  {params}")
    print(
        f"index: {len(index)} claims, {len(index.vocab)} terms, "
        f"{index.nbytes / 1e6:.1f} MB of arrays, built in {build_s:.2f} s"
    )
    for part in args.parts:
        queries = read_queries(args.data / part / "tweets.queries.tsv")
        qrels = read_qrels(args.data / part / "tweet-vclaim-pairs.qrels")
        timings = []
        for _ in range(max(args.repeat, 1)):
            results, ms = run_queries(index, queries, 20)
            timings.append(ms)
        ranked = {qid: [hit.doc_id for hit in hits] for qid, hits in results.items()}
        score = score_run(ranked, qrels)
        score.ms_per_query = min(timings)
        print(f"{part:5}  {score.line()}")


if __name__ == "__main__":
    main()
