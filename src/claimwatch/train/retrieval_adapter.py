"""Train the query adapter of the hybrid claim retrieval (numpy only; no torch).

    python -m claimwatch.train.retrieval_adapter \\
        --data ../shared/data/claim-retrieval-ct2020-task2 \\
        --out src/claimwatch/weights/retrieval_adapter --cache ~/.cache/claimwatch/retrieval

Data: CLEF-2020 CheckThat! task 2, ``train/`` tweets and qrels against
``verified_claims.docs.tsv`` (``dev/`` is scored once at the end, for the record only).
The adapter is a matrix ``W`` (dimensions × dimensions, from the identity) applied to the
post's e5 vector, ``q → W q / |W q|``, before :class:`~claimwatch.verify.hybrid.HybridIndex`
fuses cosines with BM25F. It is fitted by full-batch Adam on

    loss = softmax cross-entropy of the relevant claim among the fusion pool, on the
           fused score (z-scored BM25F + both cosines, HybridParams weights) × ``scale``
         + dense_weight · softmax cross-entropy of the relevant claim among all claims,
           on cos(W q, claim + title) / ``temperature``
         + l2 · |W − I|²

The pool is the one the index uses (BM25F top ``lexical_pool`` ∪ adapted cosine top
``dense_pool``), recomputed every ``repool`` steps, with the relevant claim added. With
``--folds K`` the train tweets are first split into K seeded folds and MAP@5 of the index
with an adapter fitted on the other folds is measured on each (the cross-validation the
hyper-parameters were chosen by, docs/MODEL_RETRIEVAL_ADAPTER.md). The run is
deterministic: full batches, no sampling, the folds from ``seed``. It writes
``adapter.safetensors`` (tensor ``weight``, float32) and ``adapter.json`` (version, model,
sha256, data, options, metrics) into ``--out``.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claimwatch.errors import ConfigError

VERSION = "retrieval-adapter.v1"
WEIGHTS_FILE = "adapter.safetensors"


@dataclass
class AdapterOptions:
    """Hyper-parameters of the fit (defaults chosen by 5-fold CV on train)."""

    steps: int = 100
    learning_rate: float = 1e-3
    l2: float = 3.0  # pull toward the identity
    dense_weight: float = 1.0
    temperature: float = 0.05
    scale: float = 4.0
    repool: int = 10
    seed: int = 13
    log: Callable[[str], None] = field(default=print, repr=False)


@dataclass(frozen=True)
class TrainingSet:
    """Posts as the index sees them: raw vectors (n × d), BM25F scores of every group
    (n × groups) and the group of each post's relevant claim."""

    vectors: np.ndarray
    lexical: np.ndarray
    positive: np.ndarray

    def subset(self, rows: np.ndarray) -> TrainingSet:
        return TrainingSet(self.vectors[rows], self.lexical[rows], self.positive[rows])


@dataclass(frozen=True)
class Fit:
    weight: np.ndarray
    losses: list[float]


def _top_rows(values: np.ndarray, n: int) -> np.ndarray:
    n = min(n, values.shape[1])
    return np.argpartition(-values, n - 1, axis=1)[:, :n]


class _Pools:
    """Padded fusion pools (n × P) with the BM25F z-scores and the pooled claim vectors."""

    def __init__(self, data: TrainingSet, claim: np.ndarray, title: np.ndarray, dense: np.ndarray,
                 lexical_pool: int, dense_pool: int) -> None:  # fmt: skip
        lexical_top = _top_rows(data.lexical, lexical_pool)
        dense_top = _top_rows(dense, dense_pool) if dense_pool > 0 else lexical_top
        pools = [
            np.union1d(np.union1d(a, b), [p])
            for a, b, p in zip(lexical_top, dense_top, data.positive, strict=True)
        ]
        n, width = len(pools), max(len(p) for p in pools)
        self.index = np.zeros((n, width), dtype=np.int64)
        self.mask = np.zeros((n, width), dtype=bool)
        for row, pool in enumerate(pools):
            self.index[row, : len(pool)] = pool
            self.mask[row, : len(pool)] = True
        self.count = self.mask.sum(1, keepdims=True)
        self.target = np.argmax(self.index == data.positive[:, None], axis=1)
        self.lexical, _ = self.z(np.take_along_axis(data.lexical, self.index, 1))
        self.claim = claim[self.index]
        self.title = title[self.index]

    def z(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean = (values * self.mask).sum(1, keepdims=True) / self.count
        spread = np.sqrt((((values - mean) * self.mask) ** 2).sum(1, keepdims=True) / self.count)
        spread = np.maximum(spread, 1e-12)
        return (values - mean) / spread, spread

    def z_backward(self, grad: np.ndarray, z: np.ndarray, spread: np.ndarray) -> np.ndarray:
        grad = grad * self.mask
        mean = grad.sum(1, keepdims=True) / self.count
        along = (grad * z * self.mask).sum(1, keepdims=True) / self.count
        return (grad - mean - z * along) * self.mask / spread


def _softmax_ce(logits: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy and its gradient with respect to ``logits``."""
    shifted = logits - logits.max(1, keepdims=True)
    prob = np.exp(shifted)
    prob /= prob.sum(1, keepdims=True)
    rows = np.arange(len(target))
    loss = float(-np.log(prob[rows, target] + 1e-300).mean())
    prob[rows, target] -= 1.0
    return loss, prob / len(target)


def adapter_loss(
    weight: np.ndarray,
    data: TrainingSet,
    claim: np.ndarray,
    title: np.ndarray,
    pools: _Pools,
    options: AdapterOptions,
    fusion: tuple[float, float, float],
) -> tuple[float, np.ndarray]:
    """The loss of the module doc and its gradient with respect to ``weight``."""
    eye = np.eye(len(weight))
    mapped = data.vectors @ weight.T
    norm = np.maximum(np.linalg.norm(mapped, axis=1, keepdims=True), 1e-12)
    vector = mapped / norm
    z_claim, s_claim = pools.z(np.einsum("npd,nd->np", pools.claim, vector))
    z_title, s_title = pools.z(np.einsum("npd,nd->np", pools.title, vector))
    lexical_w, claim_w, title_w = fusion
    fused = options.scale * (lexical_w * pools.lexical + claim_w * z_claim + title_w * z_title)
    loss, grad = _softmax_ce(np.where(pools.mask, fused, -np.inf), pools.target)
    grad = np.where(pools.mask, grad, 0.0) * options.scale
    grad_vector = np.einsum(
        "np,npd->nd", pools.z_backward(claim_w * grad, z_claim, s_claim), pools.claim
    ) + np.einsum("np,npd->nd", pools.z_backward(title_w * grad, z_title, s_title), pools.title)
    if options.dense_weight:
        dense, grad_dense = _softmax_ce(vector @ claim.T / options.temperature, data.positive)
        loss += options.dense_weight * dense
        grad_vector += options.dense_weight * (grad_dense @ claim) / options.temperature
    grad_mapped = (grad_vector - vector * (vector * grad_vector).sum(1, keepdims=True)) / norm
    off = weight - eye
    loss += options.l2 * float((off**2).sum())
    return loss, grad_mapped.T @ data.vectors + 2.0 * options.l2 * off


def fit_adapter(
    data: TrainingSet,
    claim: np.ndarray,
    title: np.ndarray,
    options: AdapterOptions | None = None,
    *,
    fusion: tuple[float, float, float] = (0.28, 0.44, 0.28),
    lexical_pool: int = 50,
    dense_pool: int = 20,
) -> Fit:
    """Fit ``W`` from the identity on ``data`` against the group vectors ``claim`` and
    ``title`` (unit rows); full-batch Adam, so the result is deterministic."""
    options = options or AdapterOptions()
    data = TrainingSet(
        np.asarray(data.vectors, np.float64), np.asarray(data.lexical, np.float64), data.positive
    )
    claim, title = np.asarray(claim, np.float64), np.asarray(title, np.float64)
    weight = np.eye(claim.shape[1])
    first, second = np.zeros_like(weight), np.zeros_like(weight)
    losses: list[float] = []
    pools: _Pools | None = None
    for step in range(options.steps):
        if pools is None or step % options.repool == 0:
            mapped = data.vectors @ weight.T
            mapped /= np.maximum(np.linalg.norm(mapped, axis=1, keepdims=True), 1e-12)
            pools = _Pools(data, claim, title, mapped @ claim.T, lexical_pool, dense_pool)
        loss, grad = adapter_loss(weight, data, claim, title, pools, options, fusion)
        losses.append(loss)
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad**2
        corrected = first / (1 - 0.9 ** (step + 1))
        weight -= (
            options.learning_rate * corrected / (np.sqrt(second / (1 - 0.999 ** (step + 1))) + 1e-8)
        )
    return Fit(weight.astype(np.float32), losses)


# -- the CheckThat! data ------------------------------------------------------------------


def fold_of(n: int, folds: int, seed: int) -> np.ndarray:
    """Fold number of each of ``n`` rows: a seeded permutation taken modulo ``folds``."""
    order = np.random.default_rng(seed).permutation(n)
    assignment = np.empty(n, dtype=np.int64)
    assignment[order] = np.arange(n) % folds
    return assignment


def save_adapter(weight: np.ndarray, out: Path, config: dict[str, object]) -> str:
    """Write ``adapter.safetensors`` and ``adapter.json`` (``config`` + file + sha256)."""
    from safetensors.numpy import save_file

    out.mkdir(parents=True, exist_ok=True)
    path = out / WEIGHTS_FILE
    save_file({"weight": np.ascontiguousarray(weight, dtype=np.float32)}, str(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    record = {**config, "file": WEIGHTS_FILE, "sha256": digest, "shape": list(weight.shape)}
    (out / "adapter.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return digest


def _map5(index, queries, vectors, qrels) -> float:  # type: ignore[no-untyped-def]
    from claimwatch.evaluate.retrieval import score_run

    ranked = {
        q.id: [h.doc_id for h in index.search(q.text, 10, query_vector=v)]
        for q, v in zip(queries, vectors, strict=True)
    }
    return round(float(score_run(ranked, qrels).map_at[5]), 4)


def train(data_dir: Path, out: Path, cache: Path, options: AdapterOptions, folds: int) -> dict:
    """Embed the train (and dev) tweets, cross-validate, fit on all of train, save."""
    from claimwatch.evaluate.retrieval import read_collection, read_qrels, read_queries
    from claimwatch.verify.hybrid import (
        MODEL,
        HybridIndex,
        HybridParams,
        QueryAdapter,
        cached_claim_vectors,
    )

    log = options.log
    started = time.perf_counter()
    claims = read_collection(data_dir / "verified_claims.docs.tsv")
    vectors = cached_claim_vectors(claims, cache)
    params = HybridParams(adapter=False)
    fusion = (params.lexical_weight, params.claim_weight, params.title_weight)
    pools = {"lexical_pool": params.lexical_pool, "dense_pool": params.dense_pool}
    plain = HybridIndex.build(claims, vectors, params)
    claim, title = plain.group_vectors
    row = {doc: n for n, doc in enumerate(plain.ids)}
    parts = {}
    for part in ("train", "dev"):
        if not (data_dir / part / "tweets.queries.tsv").exists():
            continue
        queries = read_queries(data_dir / part / "tweets.queries.tsv")
        qrels = read_qrels(data_dir / part / "tweet-vclaim-pairs.qrels")
        queries = [q for q in queries if qrels.get(q.id)]
        post = np.stack([plain.embed_query(q.text) for q in queries])
        lexical = np.stack([plain.lexical_scores(q.text) for q in queries])
        positive = np.array([plain.group_of[row[min(qrels[q.id], key=row.get)]] for q in queries])  # type: ignore[arg-type]
        parts[part] = (queries, qrels, TrainingSet(post, lexical, positive))
        log(f"{part}: {len(queries)} tweets embedded ({time.perf_counter() - started:.0f} s)")
    if "train" not in parts:
        raise ConfigError(f"{data_dir}: no train/tweets.queries.tsv; pass the task 2 folder")

    def adapted(weight: np.ndarray) -> HybridIndex:
        adapter = QueryAdapter(weight, MODEL, VERSION)
        return HybridIndex(claims, plain.lexical, vectors, HybridParams(), adapter=adapter)

    queries, qrels, data = parts["train"]
    metrics: dict[str, object] = {"train_no_adapter": _map5(plain, queries, data.vectors, qrels)}
    if folds > 1:
        fold = fold_of(len(queries), folds, options.seed)
        ranked: dict[str, list[str]] = {}
        for k in range(folds):
            fit = fit_adapter(data.subset(fold != k), claim, title, options, fusion=fusion, **pools)
            index = adapted(fit.weight)
            for n in np.flatnonzero(fold == k):
                hits = index.search(queries[n].text, 10, query_vector=data.vectors[n])
                ranked[queries[n].id] = [h.doc_id for h in hits]
            log(f"fold {k + 1}/{folds} fitted ({time.perf_counter() - started:.0f} s)")
        from claimwatch.evaluate.retrieval import score_run

        metrics[f"train_cv{folds}"] = round(float(score_run(ranked, qrels).map_at[5]), 4)
    fit = fit_adapter(data, claim, title, options, fusion=fusion, **pools)
    index = adapted(fit.weight)
    metrics["train_fit"] = _map5(index, queries, data.vectors, qrels)
    if "dev" in parts:
        dev_queries, dev_qrels, dev = parts["dev"]
        metrics["dev_no_adapter"] = _map5(plain, dev_queries, dev.vectors, dev_qrels)
        metrics["dev"] = _map5(index, dev_queries, dev.vectors, dev_qrels)
    config = {
        "version": VERSION,
        "model": MODEL,
        "data": {
            "train": f"CLEF-2020 CheckThat! task 2 train ({len(queries)} tweets, "
            f"{len(claims)} verified claims)",
            "dev": "CLEF-2020 CheckThat! task 2 dev (scored once, not used to choose)",
        },
        "metric": "MAP@5 of HybridIndex (retrieval-hybrid.v2 defaults)",
        "metrics": metrics,
        "options": {k: v for k, v in dataclasses.asdict(options).items() if k != "log"},
        "folds": folds,
        "final_loss": round(fit.losses[-1], 6),
        "seconds": round(time.perf_counter() - started),
    }
    config["sha256"] = save_adapter(fit.weight, out, config)
    log(json.dumps(metrics))
    return config


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="The task 2 folder.")
    parser.add_argument("--out", type=Path, required=True, help="Where the weights go.")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "claimwatch" / "retrieval",
        help="Folder of the collection vectors (embedded there first when missing).",
    )
    parser.add_argument("--folds", type=int, default=5, help="Cross-validate first (0: no).")
    defaults = AdapterOptions()
    for name in ("steps", "learning_rate", "l2", "dense_weight", "temperature", "scale", "seed"):
        value = getattr(defaults, name)
        parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    args = parser.parse_args(argv)
    options = dataclasses.replace(
        defaults,
        **{n: getattr(args, n) for n in ("steps", "learning_rate", "l2", "dense_weight")},
        temperature=args.temperature,
        scale=args.scale,
        seed=args.seed,
    )
    train(args.data, args.out, args.cache, options, args.folds)


if __name__ == "__main__":
    main()
