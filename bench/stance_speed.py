"""Stance model speed: load time, pairs/s and peak RSS, with a given number of threads.

    OMP_NUM_THREADS=2 python bench/stance_speed.py --data ../shared/data/fnc-1 --pairs 2000

Times ``StanceModel.predict`` on (1) the first N pairs of the FNC-1 hold-out in file order
(a realistic mix: about a quarter of pairs are related and reach the encoder) and (2) the
first related pairs of the hold-out alone (every pair through the encoder: the worst
case, e.g. statements already matched to a claim). Prints pairs/s and peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/fnc-1"))
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--related", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))

    from claimwatch.evaluate.stance import holdout_pairs, load_fnc
    from claimwatch.nlp.stance import StanceModel

    data = load_fnc(args.data / "train_bodies.csv", args.data / "train_stances.csv")
    held = holdout_pairs(data)[1]
    started = time.perf_counter()
    model = StanceModel.load(threads=args.threads)
    model.encoder  # noqa: B018 - the encoder loads lazily; count it in the load time
    load_s = time.perf_counter() - started
    print(f"load {load_s:.2f} s  ({model.version}, threads {args.threads})")

    def timed(name: str, pairs: list) -> None:  # type: ignore[type-arg]
        claims = [p.headline for p in pairs]
        texts = [data.bodies[p.body_id] for p in pairs]
        t = time.perf_counter()
        preds = model.predict(claims, texts)
        s = time.perf_counter() - t
        related = sum(p.label != "unrelated" for p in preds)
        print(
            f"{name}: {len(pairs)} pairs ({related} related) in {s:.1f} s "
            f"= {len(pairs) / s:.0f} pairs/s"
        )

    timed("hold-out mix", held[: args.pairs])
    timed("related only", [p for p in held if p.stance != "unrelated"][: args.related])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
