"""Check-worthiness speed: numpy MiniLM encoder and the shipped classifier, on N threads.

    python bench/checkworthy_speed.py --threads 2 \
        --data ../shared/data/checkworthiness/ct24-english/CT24_checkworthy_english_dev.tsv

Times (1) loading the pinned base MiniLM and the shipped check-worthiness model (each in a
fresh process, so neither finds the other's pages warm), (2) ``MiniLM.embed`` at
max_length 256 and (3) ``CheckWorthiness.score`` (max_length 64) over the sentences of
the TSV, after one warm-up batch (best and median of --repeat runs). Prints sentences/s,
the load average and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

LOAD_SNIPPET = """
import json, resource, sys, time
started = time.perf_counter()
if sys.argv[1] == "minilm":
    from claimwatch.nlp.minilm import MiniLM
    MiniLM.load(threads=int(sys.argv[2]))
else:
    from claimwatch.nlp.checkworthy import CheckWorthiness
    CheckWorthiness.load(threads=int(sys.argv[2]))
print(json.dumps({"s": time.perf_counter() - started,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _load_time(what: str, threads: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", LOAD_SNIPPET, what, str(threads)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rates(run: Callable[[], object], n: int, repeat: int) -> str:
    """'best B, median M' over ``repeat`` timed runs (a shared machine is noisy)."""
    rates = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        rates.append(n / (time.perf_counter() - started))
    return f"best {max(rates):.0f}, median {statistics.median(rates):.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(
            "../shared/data/checkworthiness/ct24-english/CT24_checkworthy_english_dev.tsv"
        ),
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=1000, help="sentences to time")
    parser.add_argument("--skip-base", action="store_true", help="do not time the base MiniLM")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; best and median shown")
    args = parser.parse_args()

    from claimwatch.evaluate.checkworthy import read_sentences
    from claimwatch.nlp.checkworthy import CheckWorthiness
    from claimwatch.nlp.minilm import MiniLM

    texts = read_sentences(args.data).texts[: args.limit]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} sentences ({words / len(texts):.1f} words each), {args.threads} thread(s)")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    if not args.skip_base:
        base = _load_time("minilm", args.threads)
        print(
            f"load MiniLM (pinned, sha256-checked): {base['s']:.2f} s, RSS {base['rss_mb']:.0f} MB"
        )
    model_load = _load_time("checkworthy", args.threads)
    print(
        f"load CheckWorthiness (fine-tuned, fp16 -> fp32): {model_load['s']:.2f} s, "
        f"RSS {model_load['rss_mb']:.0f} MB"
    )

    if not args.skip_base:
        encoder = MiniLM.load(threads=args.threads)
        encoder.embed(texts[:64])
        rates = _rates(lambda: encoder.embed(texts), len(texts), args.repeat)
        print(f"MiniLM.embed (max_length 256): {rates} sentences/s")
        del encoder

    model = CheckWorthiness.load(threads=args.threads)
    model.score(texts[:64])
    rates = _rates(lambda: model.score(texts), len(texts), args.repeat)
    print(f"CheckWorthiness.score (max_length 64): {rates} sentences/s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
