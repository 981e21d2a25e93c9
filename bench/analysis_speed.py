"""Analysis throughput and memory: spaCy parse alone vs the whole pipeline, 1 and 2 processes.

    python bench/analysis_speed.py --data ../shared/data/polnear/dev/text --repeat 2

Reads plain-text news articles (PolNeAR's dev texts by default: real news, ~700 words each),
then times (1) the spaCy parse alone, (2) the entity and statement components on the parsed
docs, (3) the whole pipeline through `claimwatch.nlp.run.analyse` with 1 and 2 processes.
Prints words/s, articles/s, the statement overhead over the parse, and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from claimwatch.nlp.doc import Doc
from claimwatch.nlp.english import EnglishParse
from claimwatch.nlp.entities import Entities
from claimwatch.nlp.run import analyse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear/dev/text"))
    parser.add_argument("--repeat", type=int, default=1, help="read the texts this many times")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.data.glob("*.txt"))] * args.repeat
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words")

    from claimwatch.nlp.components import Statements

    parse, entities, statements = EnglishParse(), Entities(), Statements()
    docs = [Doc(str(i), t, "en") for i, t in enumerate(texts)]
    started = time.perf_counter()
    parse.set_annotations(docs, parse.predict(docs))
    parse_s = time.perf_counter() - started
    for d in docs:
        d.layers.update(parse.assigns)
    started = time.perf_counter()
    entities.set_annotations(docs, entities.predict(docs))
    entities_s = time.perf_counter() - started
    started = time.perf_counter()
    statements.set_annotations(docs, statements.predict(docs))
    statements_s = time.perf_counter() - started
    found = sum(len(d.statements) for d in docs)
    print(f"parse only          {parse_s:7.2f} s  {words / parse_s:8,.0f} words/s")
    print(f"entities            {entities_s:7.2f} s  (+{entities_s / parse_s:.0%} of the parse)")
    print(
        f"statements          {statements_s:7.2f} s  (+{statements_s / parse_s:.0%} of the parse)"
        f"  {found} statements"
    )
    del docs

    tasks = [(str(i), t, "en") for i, t in enumerate(texts)]
    for processes in (1, 2):
        started = time.perf_counter()
        n = sum(1 for _ in analyse(tasks, processes=processes))
        seconds = time.perf_counter() - started
        print(
            f"pipeline, {processes} proc.  {seconds:7.2f} s  {words / seconds:8,.0f} words/s  "
            f"{n / seconds:6.2f} articles/s"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {rss:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
