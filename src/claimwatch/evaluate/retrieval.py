"""Claim retrieval data (CLEF-2020 CheckThat! task 2): loaders, the scorer, run files.

Files follow the task's layout:

- queries: TSV with a header row, ``id <TAB> text`` (``tweets.queries.tsv``);
- collection: TSV with a header row, ``id <TAB> vclaim <TAB> title``
  (``verified_claims.docs.tsv``; the title may be empty);
- qrels: TREC qrels, ``query_id 0 doc_id relevance`` separated by white space;
- runs are written in TREC format, ``query_id Q0 doc_id rank score tag``.

MAP@k is trec_eval's ``map_cut``: for each query, the sum of precision@i over the ranks
i ≤ k that hold a relevant document, divided by the query's number of relevant documents;
averaged over the queries of the qrels (a query of the qrels with no run scores 0). MRR is
the mean of 1 / rank of the first relevant document (0 when none is retrieved).

Two rankers (``METHODS``): ``hybrid`` (the default; ``claimwatch.verify.hybrid``, BM25F
fused with e5 embeddings, whose collection vectors are kept in a cache folder because
embedding 10k claims takes minutes) and ``bm25`` (``claimwatch.verify.retrieval`` alone).
The time per query covers everything a search does, embedding the query included.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from claimwatch.errors import MalformedSource, UnreadableSource
from claimwatch.verify.retrieval import ClaimIndex, Hit, KnownClaim, RetrievalParams

CUTOFFS = (1, 3, 5, 10)
RUN_DEPTH = 20
METHODS = ("hybrid", "bm25")
DEFAULT_METHOD = "hybrid"
Progress = Callable[[int, int], None]

csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class Query:
    id: str
    text: str


def _read_tsv(path: Path, what: str) -> list[list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableSource(f"{path}: cannot read the {what} file ({exc})") from None


def _rows(path: Path, what: str, columns: int, layout: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every data row; checks the cell count and the ids."""
    table = _read_tsv(path, what)
    if not table:
        raise MalformedSource(f"{path}: the {what} file is empty (expected a header: {layout})")
    rows: list[tuple[int, list[str]]] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not cells or all(not cell.strip() for cell in cells):
            continue
        if len(cells) != columns:
            raise MalformedSource(
                f"{path}: line {number} has {len(cells)} tab-separated field(s), "
                f"expected {columns} ({layout})"
            )
        key = cells[0].strip()
        if not key:
            raise MalformedSource(f"{path}: line {number} has an empty id")
        if key in seen:
            raise MalformedSource(
                f"{path}: line {number} repeats id {key!r} (first on line {seen[key]})"
            )
        seen[key] = number
        rows.append((number, cells))
    return rows


def read_queries(path: Path) -> list[Query]:
    """Queries in file order (``id <TAB> text``, after a header row)."""
    return [
        Query(cells[0].strip(), cells[1]) for _, cells in _rows(path, "queries", 2, "id <TAB> text")
    ]


def read_collection(path: Path) -> list[KnownClaim]:
    """Known claims in file order (``id <TAB> vclaim <TAB> title``, after a header row)."""
    claims = []
    for number, cells in _rows(path, "collection", 3, "id <TAB> vclaim <TAB> title"):
        if not cells[1].strip() and not cells[2].strip():
            raise MalformedSource(f"{path}: line {number} has neither a claim nor a title")
        claims.append(KnownClaim(cells[0].strip(), cells[1], cells[2]))
    return claims


def read_qrels(path: Path) -> dict[str, set[str]]:
    """query id → ids of its relevant documents (relevance > 0) from TREC qrels."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableSource(f"{path}: cannot read the qrels file ({exc})") from None
    qrels: dict[str, set[str]] = {}
    for number, line in enumerate(lines, start=1):
        cells = line.split()
        if not cells:
            continue
        if len(cells) != 4:
            raise MalformedSource(
                f"{path}: line {number} has {len(cells)} field(s), expected 4 "
                "(query_id 0 doc_id relevance)"
            )
        try:
            relevance = int(cells[3])
        except ValueError:
            raise MalformedSource(
                f"{path}: line {number} has relevance {cells[3]!r}, expected an integer"
            ) from None
        judged = qrels.setdefault(cells[0], set())
        if relevance > 0:
            judged.add(cells[2])
    return qrels


# -- scoring ------------------------------------------------------------------------------


@dataclass
class RetrievalScore:
    """MAP@k for each cutoff, MRR, the number of scored queries, time per query."""

    map_at: dict[int, float]
    mrr: float
    queries: int
    ms_per_query: float | None = None
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {f"map@{k}": round(v, 4) for k, v in self.map_at.items()}
        out["mrr"] = round(self.mrr, 4)
        out["queries"] = self.queries
        if self.ms_per_query is not None:
            out["ms_per_query"] = round(self.ms_per_query, 3)
        return out

    def line(self) -> str:
        maps = "  ".join(f"MAP@{k} {v:.3f}" for k, v in self.map_at.items())
        speed = f"  {self.ms_per_query:.2f} ms/query" if self.ms_per_query is not None else ""
        return f"{self.queries} queries  {maps}  MRR {self.mrr:.3f}{speed}"


def average_precision_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """trec_eval map_cut for one query: Σ precision@i at relevant ranks i ≤ k / |relevant|."""
    if not relevant:
        return 0.0
    found = total = 0.0
    for i, doc_id in enumerate(ranked[:k], start=1):
        if doc_id in relevant:
            found += 1
            total += found / i
    return total / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    for i, doc_id in enumerate(ranked, start=1):
        if doc_id in relevant:
            return 1.0 / i
    return 0.0


def score_run(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, set[str]],
    cutoffs: Sequence[int] = CUTOFFS,
) -> RetrievalScore:
    """Score ranked doc ids per query against qrels; queries of the qrels without a
    relevant document are skipped (as trec_eval does), those missing from the run score 0."""
    judged = [qid for qid, relevant in qrels.items() if relevant]
    if not judged:
        return RetrievalScore(dict.fromkeys(cutoffs, 0.0), 0.0, 0)
    maps = {
        k: sum(average_precision_at(run.get(q, ()), qrels[q], k) for q in judged) / len(judged)
        for k in cutoffs
    }
    mrr = sum(reciprocal_rank(run.get(q, ()), qrels[q]) for q in judged) / len(judged)
    return RetrievalScore(maps, mrr, len(judged))


def write_run(path: Path, results: Mapping[str, Sequence[Hit]], tag: str) -> None:
    """TREC run file: ``qid Q0 docid rank score tag``, queries in the given order."""
    try:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for qid, hits in results.items():
                for hit in hits:
                    handle.write(f"{qid} Q0 {hit.doc_id} {hit.rank} {hit.score:.6f} {tag}\n")
    except OSError as exc:
        raise UnreadableSource(f"{path}: cannot write the run file ({exc})") from None


# -- a whole evaluation -------------------------------------------------------------------


@dataclass
class RetrievalRun:
    results: dict[str, list[Hit]]
    score: RetrievalScore | None
    ms_per_query: float
    problems: list[str]


class Ranker(Protocol):
    """What a run needs of an index: ``ClaimIndex`` and ``HybridIndex`` both are one."""

    ids: list[str]

    def search(self, query: str, k: int = 20) -> list[Hit]: ...


def build_ranker(
    claims: Sequence[KnownClaim],
    method: str = DEFAULT_METHOD,
    *,
    params: RetrievalParams | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> Ranker:
    """The index of ``method`` over ``claims``. For ``hybrid`` the claims are embedded
    (``progress(done, total)``), or their vectors read from ``cache_dir`` when it holds
    them; without ``cache_dir`` nothing is written."""
    if method == "bm25":
        return ClaimIndex.build(claims, params)
    if method != "hybrid":
        raise ValueError(f"unknown retrieval method {method!r}; use one of {METHODS}")
    from claimwatch.verify.hybrid import HybridIndex, cached_claim_vectors, embed_claims

    if cache_dir is not None:
        vectors = cached_claim_vectors(claims, cache_dir, progress=progress)
    else:
        vectors = embed_claims(claims, progress=progress)
    return HybridIndex.build(claims, vectors, lexical_params=params)


def method_version(method: str) -> str:
    """The versioned name of a method's ranker (the tag of its run files)."""
    if method == "hybrid":
        from claimwatch.verify.hybrid import VERSION as HYBRID

        return HYBRID
    from claimwatch.verify.retrieval import VERSION as LEXICAL

    return LEXICAL


def run_queries(
    index: Ranker,
    queries: Sequence[Query],
    depth: int = RUN_DEPTH,
    *,
    progress: Progress | None = None,
) -> tuple[dict[str, list[Hit]], float]:
    """Every query's top ``depth`` hits, and the mean search time in milliseconds (the
    time spent in ``progress`` is left out)."""
    results: dict[str, list[Hit]] = {}
    elapsed = 0.0
    for done, query in enumerate(queries, start=1):
        started = time.perf_counter()
        results[query.id] = index.search(query.text, depth)
        elapsed += time.perf_counter() - started
        if progress:
            progress(done, len(queries))
    return results, 1000.0 * elapsed / max(len(queries), 1)


def evaluate_files(
    queries_tsv: Path,
    collection_tsv: Path,
    *,
    qrels_path: Path | None = None,
    out: Path | None = None,
    params: RetrievalParams | None = None,
    depth: int = RUN_DEPTH,
    tag: str | None = None,
    method: str = DEFAULT_METHOD,
    cache_dir: Path | None = None,
    embed_progress: Progress | None = None,
    query_progress: Progress | None = None,
) -> RetrievalRun:
    """Rank the collection for every query with ``method`` (see :func:`build_ranker`);
    write the run; score it when qrels are given.

    ``problems`` names qrels queries that are not in the queries file and relevant
    documents that are not in the collection (they still count, as misses)."""
    if method not in METHODS:
        raise ValueError(f"unknown retrieval method {method!r}; use one of {METHODS}")
    queries = read_queries(queries_tsv)
    claims = read_collection(collection_tsv)
    qrels = read_qrels(qrels_path) if qrels_path is not None else None
    index = build_ranker(
        claims, method, params=params, cache_dir=cache_dir, progress=embed_progress
    )
    results, ms = run_queries(index, queries, depth, progress=query_progress)
    if out is not None:
        write_run(out, results, tag or method_version(method))
    problems: list[str] = []
    score = None
    if qrels is not None:
        known_docs = set(index.ids)
        for qid, relevant in qrels.items():
            if relevant and qid not in results:
                problems.append(f"{qrels_path}: query {qid!r} is not in {queries_tsv}")
            for doc_id in sorted(relevant - known_docs):
                problems.append(
                    f"{qrels_path}: query {qid!r} names document {doc_id!r}, "
                    f"which is not in {collection_tsv}"
                )
        ranked = {qid: [hit.doc_id for hit in hits] for qid, hits in results.items()}
        score = score_run(ranked, qrels)
        score.ms_per_query = ms
        score.problems = problems
    return RetrievalRun(results, score, ms, problems)
