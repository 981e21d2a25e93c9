"""``check`` end to end on stores of 10k, 100k and 1M claims.

    python bench/check_store.py [--sizes 10000,100000,1000000] [--queries 40]

Each store holds the demo corpus (ingested, analysed and linked as a user would) plus
generated claims: one article per ten claims, 100 outlets, dates over a year, claim
vectors around 2,000 topic centres, each topic one canonical claim. The generated rows
are written straight into the tables (embedding a million sentences would take hours);
the demo's claims are embedded and linked by ``Workspace.link`` against the index of the
generated ones, as new claims are. Then ``Workspace.check`` runs in one process (like the
web app) on the rumour in several wordings (a match: evidence read from the store) and on
unrelated claims (nothing known); p50/p95 over all, after one warm-up check of each.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from claimwatch import open_workspace
from claimwatch.demo import corpus_path
from claimwatch.link.claim_links import canonical_id_for
from claimwatch.link.embed import MODEL
from claimwatch.store.schema import articles, outlets
from claimwatch.store.schema_link import canonical_claims, claim_links, claim_vectors
from claimwatch.store.schema_nlp import claims

QUERIES = [
    "Caledra is pulling its troops out of Valdor",
    "The Caledran contingent will withdraw from Valdor by the end of March",
    "Caledran soldiers are preparing to leave Valdor",
    "Fuel duty will rise by 6 cents a litre",
    "A new malaria vaccine was approved by regulators in Brazil",
    "The national football team sacked its coach after the defeat",
    "Scientists found water ice on the far side of the Moon",
    "The central bank cut interest rates by half a point",
]
TOPICS = 2000
PER_ARTICLE = 10


def _id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def generate(engine, n: int, seed: int = 0) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    centres = _unit(rng.normal(size=(TOPICS, 384)))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(outlets),
            [
                {"id": f"gen{i}.example", "name": f"Generated {i}", "domain": f"gen{i}.example"}
                for i in range(100)
            ],
        )
        conn.execute(
            insert(canonical_claims),
            [
                {"id": canonical_id_for(f"g{t}"), "text": f"generated topic {t}",
                 "first_claim_id": _id("claim", t), "members": n // TOPICS,
                 "articles": n // TOPICS, "outlets": 50, "denials": 0, "component": "bench"}
                for t in range(TOPICS)
            ],
        )  # fmt: skip
    for block in range(0, n, 50_000):
        m = min(50_000, n - block)
        topics = rng.integers(0, TOPICS, m)
        vectors = _unit(centres[topics] + 0.04 * rng.normal(size=(m, 384))).astype(np.float16)
        article_rows, claim_rows, link_rows, vector_rows = [], [], [], []
        for k in range(m):
            i = block + k
            article = _id("gen-article", i // PER_ARTICLE)
            if i % PER_ARTICLE == 0:
                a = i // PER_ARTICLE
                article_rows.append({
                    "id": article, "url": f"https://gen{a % 100}.example/{a}",
                    "url_key": f"gen{a % 100}.example/{a}", "title": f"Generated article {a}",
                    "text": f"Generated article {a} text.", "outlet_id": f"gen{a % 100}.example",
                    "published": start + timedelta(minutes=int(a * 5)), "language": "en",
                    "authors": [], "captions": [], "source": "bench", "origin": "bench",
                    "content_hash": _id("hash", a), "extractor": "bench", "meta": {},
                    "ingested_at": now, "modified_at": now,
                })  # fmt: skip
            claim = _id("gen-claim", i)
            text = f"Generated claim {i} on topic {topics[k]}"
            claim_rows.append({
                "id": claim, "article_id": article, "start_char": 0, "end_char": 10,
                "text": text, "source": "sentence", "source_id": claim, "act": "assert",
                "component": "bench",
            })  # fmt: skip
            link_rows.append({"claim_id": claim, "canonical_id": canonical_id_for(f"g{topics[k]}"),
                              "similarity": 0.95})  # fmt: skip
            vector_rows.append({"claim_id": claim, "model": MODEL, "vector": vectors[k].tobytes()})
        with engine.begin() as conn:
            if article_rows:
                conn.execute(insert(articles), article_rows)
            conn.execute(insert(claims), claim_rows)
            conn.execute(insert(claim_vectors), vector_rows)
            conn.execute(insert(claim_links), link_rows)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cw-check-bench-"))
    template = work / "demo.db"
    with open_workspace(str(template)) as ws:
        ws.ingest([str(corpus_path())])
        ws.analyze()
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            db = work / f"store-{n}.db"
            shutil.copy(template, db)
            with open_workspace(str(db)) as ws:
                t = time.perf_counter()
                generate(ws.store.engine, n)
                generated = time.perf_counter() - t
                t = time.perf_counter()
                ws.link(stories=False)
                linked = time.perf_counter() - t
                for q in QUERIES:  # warm-up: first check of a claim reads its evidence
                    ws.check(q)
                times: list[float] = []
                verdicts = {}
                for r in range(args.queries):
                    q = QUERIES[r % len(QUERIES)]
                    t = time.perf_counter()
                    result = ws.check(q)
                    times.append(time.perf_counter() - t)
                    verdicts[q] = result.verdict.label
                index = ws.vectors.index()
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            size = db.stat().st_size / 2**20
            kind = "IVF" if index.centroids is not None else "exact"
            print(
                f"{n:>9,} generated claims (+ demo): generate {generated:.0f} s, link "
                f"{linked:.0f} s; check p50 {pct(times, 50):.0f} ms, "
                f"p95 {pct(times, 95):.0f} ms; "
                f"index {index.nbytes / 2**20:.0f} MiB ({kind}), "
                f"store {size:.0f} MiB, peak RSS {rss:.0f} MiB"
            )
            print("   verdicts:", {q[:40]: v for q, v in verdicts.items()})
            db.unlink()
            shutil.rmtree(str(db) + ".index", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
