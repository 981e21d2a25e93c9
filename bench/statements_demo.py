"""Statement extraction on the demo corpus: figures per kind and speaker type, and speed.

    python bench/statements_demo.py            # figures and timings
    python bench/statements_demo.py --errors   # + every miss and wrong field

Scores with the matcher of tests/nlp/test_statements_demo.py (documented there): quote
recall, then speaker, speaker type, act and kind accuracy over the recalled statements, per
truth kind and per truth speaker type. Timings: ``nlp.pipe`` over the demo texts against
``find_statements`` over the parsed docs (best of ``--repeat`` runs each, after a warm-up).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from claimwatch.nlp.statements import find_statements

ROOT = Path(__file__).resolve().parents[1]


def _scorer() -> Any:
    path = ROOT / "tests" / "nlp" / "test_statements_demo.py"
    spec = importlib.util.spec_from_file_location("statements_demo_scorer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
    return best, out


def _row(label: str, matches: list[Any], scorer: Any) -> str:
    part = scorer.DemoScore(matches)
    return (
        f"{label:<28}{len(matches):>5}{part.recall:>8.3f}{part.speaker:>9.3f}"
        f"{part.type:>7.3f}{part.act:>7.3f}{part.kind:>7.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list misses and wrong fields")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    scorer = _scorer()
    nlp = spacy.load(scorer.MODEL)
    demo = scorer.load_demo()
    texts = [a.text for a in demo]
    list(nlp.pipe(texts[:2]))  # warm-up
    parse_s, docs = _best(args.repeat, lambda: list(nlp.pipe(texts)))
    find_s, results = _best(args.repeat, lambda: [find_statements(d) for d in docs])
    total = scorer.score(demo, results)

    print(
        f"articles {len(demo)}, truth statements {len(total.matches)}, "
        f"found statements {sum(len(r.statements) for r in results)}, "
        f"reported claims {sum(len(r.reported_claims) for r in results)}"
    )
    header = f"{'':<28}{'n':>5}{'recall':>8}{'speaker':>9}{'type':>7}{'act':>7}{'kind':>7}"
    print(header)
    print(_row("all", total.matches, scorer))
    for field in ("kind", "speaker_type", "act"):
        groups: dict[str, list[Any]] = defaultdict(list)
        for m in total.matches:
            groups[m.truth[field]].append(m)
        print(f"by truth {field}:")
        for key in sorted(groups):
            print(_row(f"  {key}", groups[key], scorer))
    tokens = sum(len(d) for d in docs)
    print(
        f"\nnlp.pipe: {parse_s:.3f} s for {tokens} tokens; find_statements: {find_s:.3f} s "
        f"({100 * find_s / parse_s:.1f}% of the parse)"
    )

    if args.errors:
        _print_errors(demo, total, scorer)


def _print_errors(demo: list[Any], total: Any, scorer: Any) -> None:
    texts = {a.id: a.text for a in demo}
    print("\nmisses and wrong fields:")
    for m in total.matches:
        t = m.truth
        if m.found is None:
            print(f"  MISS {m.article} [{t['kind']}] {t['speaker']}: {t['quote'][:90]!r}")
            continue
        f = m.found
        wrong = []
        if not scorer.same_speaker(f.speaker.name, t["speaker"]):
            wrong.append(f"speaker {f.speaker.name!r} != {t['speaker']!r}")
        if f.speaker.type != t["speaker_type"]:
            wrong.append(f"type {f.speaker.type} != {t['speaker_type']}")
        if f.act != t["act"]:
            wrong.append(f"act {f.act} != {t['act']}")
        if f.kind != t["kind"]:
            wrong.append(f"kind {f.kind} != {t['kind']}")
        if wrong:
            content = texts[m.article][f.content.start : f.content.end]
            print(f"  {m.article} {'; '.join(wrong)}\n      {content[:100]!r}")


if __name__ == "__main__":
    main()
