"""Ingest throughput, peak memory and store size on generated HTML articles.

    python bench/ingest_throughput.py --articles 10000                    # SQLite
    python bench/ingest_throughput.py --articles 10000 --db postgresql://127.0.0.1:5432/test

Generates N distinct news pages (random sentences from a fixed vocabulary, seeded), writes
them as local .html files, ingests the folder in one process and prints articles/s, peak
RSS and the store's size per 1,000 articles. For PostgreSQL it creates (and drops) a fresh
database next to the one named.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

from claimwatch import open_workspace

SUBJECTS = [
    "The ministry",
    "The harbour authority",
    "A spokeswoman",
    "The mayor",
    "Analysts",
    "The central bank",
    "Local residents",
    "The opposition",
    "The agency",
    "Officials",
]
VERBS = ["said", "announced", "warned", "confirmed", "denied", "reported", "argued", "noted"]
OBJECTS = [
    "the budget for next year",
    "a new rail line",
    "the storm damage",
    "rising prices",
    "the cup final",
    "talks with the union",
    "the election timetable",
    "a bridge repair",
    "water shortages",
    "the hospital reform",
    "fuel subsidies",
    "the port expansion",
]
TAILS = [
    "on Monday",
    "after a long meeting",
    "in a written statement",
    "to reporters",
    "despite protests",
    "for the third time this year",
    "according to local media",
]


def make_page(rng: random.Random, n: int) -> str:
    paragraphs = []
    for _ in range(rng.randint(5, 9)):
        sentences = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} that {rng.choice(OBJECTS)} would cost "
            f"{rng.randint(2, 900)} million {rng.choice(TAILS)}."
            for _ in range(rng.randint(2, 4))
        ]
        paragraphs.append(" ".join(sentences))
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    outlet = f"outlet{n % 40}.example"
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title>'
        f'<link rel="canonical" href="https://www.{outlet}/news/{n}">'
        f'<meta property="article:published_time" content="2026-03-{1 + n % 28:02d}T10:00:00Z">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Story {n}: "
        f"{rng.choice(OBJECTS)}</h1>{body}</article><footer>© 2026</footer></body></html>"
    )


def store_bytes(db: str) -> int:
    if db.startswith("postgresql"):
        with psycopg.connect(db) as conn:
            return int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
    path = Path(db)
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def run(n: int, db: str, folder: Path) -> dict[str, float]:
    rng = random.Random(20260302)
    for i in range(n):
        (folder / f"{i:06d}.html").write_text(make_page(rng, i), encoding="utf-8")
    with open_workspace(db) as ws:
        started = time.perf_counter()
        report = ws.ingest([str(folder)])
        seconds = time.perf_counter() - started
        assert report.failed == 0, report.failures[:3]
        articles = ws.stats().articles
    size = store_bytes(db)
    return {
        "articles": articles,
        "seconds": seconds,
        "articles_per_s": articles / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "store_mb": size / 1e6,
        "store_mb_per_1000": size / 1e6 / articles * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", default="", help="postgresql:// URL; SQLite in a temp dir if empty")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        if args.db.startswith("postgres"):
            name = f"claimwatch_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.db, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            db = args.db.rsplit("/", 1)[0] + "/" + name
            try:
                result = run(args.articles, db, folder)
            finally:
                with psycopg.connect(args.db, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            result = run(args.articles, str(Path(tmp) / "bench.db"), folder)
    backend = "postgresql" if args.db.startswith("postgres") else "sqlite"
    print(f"backend {backend}")
    for key, value in result.items():
        print(f"{key:>18}: {value:,.2f}")


if __name__ == "__main__":
    main()
