"""Story clustering on ECB+: B³ precision / recall / F1 on the train and dev topics, for
the online clusterer (file order, three seeded shuffles, IDF from the stream) and the
batch average-linkage variant, with timings. The test topics are held out.

    .venv/bin/python bench/stories.py [--data ../shared/data/ecbplus/docs.jsonl] [--sweep]

``--sweep`` also prints the train curve of each threshold (what the defaults were
chosen on). Parameters: claimwatch.link.stories.StoryConfig.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from claimwatch.evaluate.stories import B3Score, StoryRecord, load_documents, score_records
from claimwatch.link.stories import StoryConfig, StoryDocument, cluster_online
from claimwatch.link.stories_batch import cluster_batch

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared/data/ecbplus/docs.jsonl"
Clusterer = Callable[[list[StoryDocument]], dict[str, str]]


def measure(records: list[StoryRecord], clusterer: Clusterer) -> tuple[B3Score, float]:
    started = time.perf_counter()
    clusters = clusterer([record.document() for record in records])
    elapsed = time.perf_counter() - started
    score = score_records(records, clusters)
    assert score is not None
    return score, elapsed


def shuffled(seed: int, config: StoryConfig) -> Clusterer:
    def run(docs: list[StoryDocument]) -> dict[str, str]:
        order = list(docs)
        random.Random(seed).shuffle(order)
        return cluster_online(order, config, keep_order=True)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sweep", action="store_true", help="Print the train threshold curves.")
    args = parser.parse_args()
    config = StoryConfig()
    splits = {name: load_documents(args.data, name) for name in ("train", "dev")}
    variants: dict[str, Clusterer] = {
        "online (file order, batch IDF)": lambda docs: cluster_online(docs, config),
        "online (file order, stream IDF)": lambda docs: cluster_online(
            docs, config, batch_idf=False
        ),
        **{f"online (shuffle {seed}, batch IDF)": shuffled(seed, config) for seed in (1, 2, 3)},
        "batch average linkage": lambda docs: cluster_batch(docs, config),
    }
    print(config)
    for name, clusterer in variants.items():
        for split, records in splits.items():
            score, elapsed = measure(records, clusterer)
            print(f"{name:34} {split:5} {score.line()}  ({elapsed:.2f} s)")
    if args.sweep:
        sweep(splits["train"], config)


def sweep(train: list[StoryRecord], config: StoryConfig) -> None:
    """Train B³-F1 per threshold, and its mean with the two grid neighbours (the pick)."""
    grids: dict[str, tuple[list[float], Callable[[float], Clusterer]]] = {
        "online": (
            [0.2, 0.225, 0.25, 0.275, 0.3],
            lambda t: lambda docs: cluster_online(docs, replace(config, threshold=t)),
        ),
        "batch": (
            [round(0.15 + 0.01 * step, 2) for step in range(11)],
            lambda t: lambda docs: cluster_batch(docs, replace(config, batch_threshold=t)),
        ),
    }
    for name, (grid, make) in grids.items():
        f1 = [measure(train, make(threshold))[0].f1 for threshold in grid]
        for k in range(1, len(grid) - 1):
            smoothed = sum(f1[k - 1 : k + 2]) / 3
            print(
                f"sweep {name:6} threshold {grid[k]:.3f}  train F1 {f1[k]:.3f}  "
                f"smoothed {smoothed:.4f}"
            )


if __name__ == "__main__":
    main()
