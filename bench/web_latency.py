"""Web app latency over real HTTP: claim page, claim JSON, claim chart and check.

    python bench/web_latency.py [--demo-db PATH] [--articles 100000] [--requests 60]
                                [--keep DIR | --reuse DIR]

Two stores: (a) the demo corpus (ingested, analysed and linked; or a copy of
``--demo-db``, with its ``.index`` folder), (b) the demo store plus ``--articles``
generated articles written by ``bench/check_store.py``'s ``generate`` (ten claims each,
linked straight into 2,000 topic claims of 10·n/2,000 articles each; nothing else: no
statements, entities, stances, stories or fact-checks for them), after which the claim
index is rebuilt over every vector (IVF). Each store is built in a child process and
served from a copy.

The server is a second child process: ``create_app(open_workspace(copy))`` under
``uvicorn.Server`` in a background thread, as ``claimwatch serve`` would run it; its
peak RSS (ru_maxrss) and RSS at the end are reported. The client is this process (httpx,
one keep-alive connection, one request at a time), so client and server do not share a
GIL: timings are what a browser on the same machine would see, loopback included.

Claims: the three most widely spread canonical claims, the demo's two most widely spread
(when not among those) and three found in one article only. Checks: the demo rumour in
three wordings, the fuel duty and four unrelated claims (check_store.QUERIES). Every
distinct request is sent once first (its time is reported as "first": a claim's first
visit reads its evidence and stores it); then ``--requests`` timed requests per endpoint,
round robin over the claims or wordings.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_store import PER_ARTICLE, QUERIES, generate
from claimwatch import open_workspace
from claimwatch.demo import corpus_path
from claimwatch.store.schema_link import canonical_claims


def copy_store(src: Path, dst: Path) -> None:
    """Copy a SQLite store with its -wal file and .index folder (src is only read)."""
    shutil.copy(src, dst)
    wal = Path(f"{src}-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copy(wal, f"{dst}-wal")
    if Path(f"{src}.index").is_dir():
        shutil.copytree(f"{src}.index", f"{dst}.index")


def build_demo(db: str) -> None:
    with open_workspace(db) as ws:
        ws.ingest([str(corpus_path())])
        ws.analyze()
        ws.link()


def build_large(demo: str, db: str, n_articles: int) -> None:
    copy_store(Path(demo), Path(db))
    with open_workspace(db) as ws:
        generate(ws.store.engine, n_articles * PER_ARTICLE)
        ws.link(stories=False)  # no new claims: recounts, fact-check matches
        ws.vectors.rebuild()  # the index over the demo's and the generated vectors


def in_child(target, *args) -> float:  # type: ignore[no-untyped-def]
    """Run ``target(*args)`` in a fresh process; its wall time in seconds."""
    t = time.perf_counter()
    child = mp.get_context("spawn").Process(target=target, args=args)
    child.start()
    child.join()
    if child.exitcode:
        raise SystemExit(f"{target.__name__} failed ({child.exitcode})")
    return time.perf_counter() - t


def pick_claims(ws) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(id, label) of the widest spread claims, the demo's widest and single-article ones."""
    c = canonical_claims.c
    order = (c.articles.desc(), c.members.desc(), c.id)
    queries = [
        ("top", select(c.id, c.articles).order_by(*order).limit(3)),
        ("demo", select(c.id, c.articles).where(c.component != "bench").order_by(*order).limit(2)),
        ("small", select(c.id, c.articles).where(c.articles == 1).order_by(c.id).limit(3)),
    ]
    picked: dict[str, str] = {}
    with ws.store.engine.connect() as conn:
        for label, query in queries:
            for row in conn.execute(query):
                picked.setdefault(row.id, f"{label}, {row.articles} articles")
    return list(picked.items())


def serve(db: str, pipe) -> None:  # type: ignore[no-untyped-def]
    import uvicorn

    from claimwatch.web.app import create_app

    ws = open_workspace(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(ws), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    pipe.send({"port": port, "claims": pick_claims(ws)})
    pipe.recv()  # the client is done
    server.should_exit = True
    thread.join()
    status = Path("/proc/self/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pipe.send({"maxrss_mib": peak / 1024, "rss_mib": rss / 1024})


def requests_for(claims: list[tuple[str, str]]) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Per endpoint: (method, url, params or body, group) for each claim or wording."""
    ids = [(cid, what.split(",")[0]) for cid, what in claims]
    return {
        "claim page (HTML)": [("GET", f"/claims/{i}", None, g) for i, g in ids],
        "claim JSON": [("GET", f"/api/claims/{i}", None, g) for i, g in ids],
        "claim chart (SVG)": [("GET", f"/claims/{i}/chart.svg", None, g) for i, g in ids],
        "check API (GET)": [("GET", "/api/check", {"claim": q}, "") for q in QUERIES],
        "check API (POST)": [("POST", "/api/check", {"claim": q}, "") for q in QUERIES],
        "check page (HTML)": [("GET", "/check", {"claim": q}, "") for q in QUERIES],
    }


def send(client: httpx.Client, method: str, url: str, data: dict | None):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    r = client.post(url, json=data) if method == "POST" else client.get(url, params=data)
    r.read()
    return time.perf_counter() - t, r


def measure(port: int, claims: list[tuple[str, str]], n: int) -> tuple[list[dict], dict]:
    rows, verdicts = [], {}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
        for name, reqs in requests_for(claims).items():
            first, statuses = [], {}
            for method, url, data, _ in reqs:  # warm-up: each distinct request once
                took, r = send(client, method, url, data)
                first.append(took)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                if url == "/api/check" and method == "GET" and r.status_code == 200:
                    verdicts[data["claim"]] = r.json()["verdict"]["label"]
            times, groups = [], {}
            for k in range(n):
                method, url, data, group = reqs[k % len(reqs)]
                took, r = send(client, method, url, data)
                times.append(took)
                groups.setdefault(group, []).append(took * 1000)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            ms = np.asarray(times) * 1000
            rows.append({
                "endpoint": name, "n": n, "mean": ms.mean(), "p50": np.percentile(ms, 50),
                "p95": np.percentile(ms, 95), "max": ms.max(), "first": max(first) * 1000,
                "statuses": statuses,
                "groups": {g: float(np.mean(v)) for g, v in groups.items() if g},
            })  # fmt: skip
    return rows, verdicts


def run_store(label: str, db: Path, n: int) -> None:
    parent, child_end = mp.get_context("spawn").Pipe()
    server = mp.get_context("spawn").Process(target=serve, args=(str(db), child_end))
    server.start()
    info = parent.recv()
    rows, verdicts = measure(info["port"], info["claims"], n)
    parent.send("stop")
    memory = parent.recv()
    server.join()
    print(f"\n## {label}: {db.stat().st_size / 2**20:,.0f} MiB on disk")
    print("claims:", "; ".join(f"{cid[:8]} ({what})" for cid, what in info["claims"]))
    print("| endpoint | requests | mean | p50 | p95 | max | slowest first request | HTTP |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        codes = ", ".join(f"{k}×{v}" for k, v in sorted(r["statuses"].items()))
        figures = " | ".join(f"{r[k]:,.0f} ms" for k in ("mean", "p50", "p95", "max", "first"))
        print(f"| {r['endpoint']} | {r['n']} | {figures} | {codes} |")
    for r in rows:
        if r["groups"]:
            means = ", ".join(f"{g} {v:,.0f} ms" for g, v in r["groups"].items())
            print(f"mean by claim kind, {r['endpoint']}: {means}")
    print(f"server peak RSS (ru_maxrss) {memory['maxrss_mib']:,.0f} MiB, "
          f"RSS at the end {memory['rss_mib']:,.0f} MiB")  # fmt: skip
    print("verdicts:", {q[:40]: v for q, v in verdicts.items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo-db", type=Path, help="an existing demo store (only read)")
    parser.add_argument("--articles", type=int, default=100_000, help="0: the demo store only")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per endpoint")
    keep = parser.add_mutually_exclusive_group()
    keep.add_argument("--keep", type=Path, help="keep the built stores in this folder")
    keep.add_argument("--reuse", type=Path, help="serve copies of the stores kept here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cw-web-bench-"))
    built = args.keep or args.reuse or work / "built"
    built.mkdir(parents=True, exist_ok=True)
    demo, large = built / "demo.db", built / f"large-{args.articles}.db"
    try:
        if args.reuse is None:
            for old in [*built.glob("demo.db*"), *built.glob(f"{large.name}*")]:
                if old.is_dir():  # a clean build, not one on top of the last
                    shutil.rmtree(old)
                else:
                    old.unlink()
            if args.demo_db:
                copy_store(args.demo_db, demo)
            else:
                print(f"demo store built in {in_child(build_demo, str(demo)):.0f} s")
            if args.articles:
                took = in_child(build_large, str(demo), str(large), args.articles)
                print(f"{args.articles:,}-article store built in {took:.0f} s")
        stores = [("demo store", demo)]
        if args.articles:
            stores.append((f"demo + {args.articles:,} generated articles", large))
        for label, db in stores:
            copy = work / f"serve-{db.name}"
            copy_store(db, copy)
            run_store(label, copy, args.requests)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
