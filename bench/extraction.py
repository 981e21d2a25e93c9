"""Main-text extraction on the Zyte article-extraction-benchmark: ours against trafilatura.

    python bench/extraction.py --data /work/shared/data/article-extraction-benchmark
    python bench/extraction.py --data ... --cv                  # + option grid, 5-fold CV
    python bench/extraction.py --data ... --trafilatura-eval /work/shared/data/trafilatura-eval

Prints precision, recall, F1 and exact-match accuracy (benchmarks.md §5) with the time
per page for: claimwatch's ``extract_html`` (through ``extract_directory``, the code path
ingest uses; text and all metadata), trafilatura 2.3.1 run live with its defaults (text
only, then with metadata, which is what ours should be timed against) and in precision
mode without comments, and published outputs stored with the benchmark (trafilatura's
among them). Timings are single-process wall time per page for the extraction call, after
one warm-up call.

``--cv`` scores every combination of the :class:`TextOptions` switches and runs a 5-fold
cross-validation of "pick the combination with the best F1 on four folds, score it on the
fifth", so that the chosen defaults are not judged on the pages they were chosen on.
``--trafilatura-eval`` adds trafilatura's own evaluation set (snippets that must / must not
appear in the output), a second, mostly German, not-only-news check.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, fields
from pathlib import Path

import trafilatura

from claimwatch.evaluate.extraction import (
    ExtractionScore,
    PageScore,
    decode_html,
    extract_directory,
    load_ground_truth,
    load_reference_output,
    load_urls,
    score_extraction,
    score_page,
    summarise,
)
from claimwatch.ingest.html import DEFAULT_TEXT_OPTIONS, TextOptions, extract_html, extract_with

Extractor = Callable[[str, str | None], str]


def ours(html: str, url: str | None) -> str:
    return extract_html(html, url).text


def trafilatura_defaults(html: str, url: str | None) -> str:
    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html: str, url: str | None) -> str:
    return trafilatura.extract(html, url=url, include_comments=False, favor_precision=True) or ""


def trafilatura_with_metadata(html: str, url: str | None) -> str:
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return getattr(document, "text", None) or ""


SYSTEMS: dict[str, Extractor] = {
    "claimwatch extract_html (html.v1)": ours,
    "trafilatura 2.3.1 defaults (live)": trafilatura_defaults,
    "trafilatura 2.3.1 defaults + metadata (live)": trafilatura_with_metadata,
    "trafilatura 2.3.1 precision, no comments (live)": trafilatura_precision,
}


def timed(extract: Extractor) -> tuple[Extractor, list[float]]:
    spent: list[float] = []

    def run(html: str, url: str | None) -> str:
        started = time.perf_counter()
        try:
            return extract(html, url)
        finally:
            spent.append(time.perf_counter() - started)

    return run, spent


def row(name: str, score: ExtractionScore, ms: float | None) -> str:
    timing = f"{ms:8.1f}" if ms is not None else "       -"
    return (
        f"| {name:<48} | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} "
        f"| {score.accuracy:.3f} | {timing} |"
    )


def main_table(data: Path, references: Iterable[str]) -> None:
    gold = load_ground_truth(data / "ground-truth.json")
    print(f"{len(gold)} pages in {data}\n")
    print(f"| {'system':<48} | P     | R     | F1    | acc   | ms/page  |")
    print(f"|{'-' * 50}|-------|-------|-------|-------|----------|")
    first = next(iter(sorted((data / "html").glob("*.html.gz"))))
    warm_up = decode_html(gzip.decompress(first.read_bytes()))
    for name, extract in SYSTEMS.items():
        extract(warm_up, None)  # imports and caches: not part of the time per page
        run, spent = timed(extract)
        predicted = extract_directory(data, extract=run)
        print(row(name, score_extraction(gold, predicted), 1000 * sum(spent) / len(spent)))
    for system in references:
        path = data / "reference-outputs" / f"{system}.json.gz"
        if path.exists():
            label = f"{system} (published output)"
            print(row(label, score_extraction(gold, load_reference_output(path)), None))


# -- option grid and cross-validation ------------------------------------------------------


def grid() -> list[TextOptions]:
    combos = []
    switches = ("include_tables", "prune_blocks", "keep_embeds", "continue_chunks", "drop_prompts")
    for precision in (True, False):  # retry_below only counts in precision mode
        for retry in (0, 1, 100) if precision else (DEFAULT_TEXT_OPTIONS.retry_below,):
            for values in itertools.product((True, False), repeat=len(switches)):
                combos.append(
                    TextOptions(
                        favor_precision=precision,
                        retry_below=retry,
                        **dict(zip(switches, values, strict=True)),
                    )
                )
    return combos


_PAGES: dict[str, tuple[str, str | None]] = {}


def _load_pages(data: str) -> None:
    root = Path(data)
    urls = load_urls(root / "ground-truth.json")
    for file in sorted((root / "html").glob("*.html.gz")):
        key = file.name.removesuffix(".html.gz")
        _PAGES[key] = (decode_html(gzip.decompress(file.read_bytes())), urls.get(key))


def _run_combo(args: tuple[int, TextOptions]) -> tuple[int, dict[str, str]]:
    index, options = args
    out = {}
    for key, (html, url) in _PAGES.items():
        try:
            out[key] = extract_with(html, url, options).text
        except Exception:
            out[key] = ""
    return index, out


def label(options: TextOptions) -> str:
    default = asdict(DEFAULT_TEXT_OPTIONS)
    changed = [
        f"{f.name}={getattr(options, f.name)}"
        for f in fields(options)
        if getattr(options, f.name) != default[f.name]
    ]
    return ", ".join(changed) or "defaults"


def cross_validate(data: Path, jobs: int, folds: int = 5, seed: int = 20260301) -> None:
    gold = load_ground_truth(data / "ground-truth.json")
    combos = grid()
    print(f"\nOption grid: {len(combos)} combinations x {len(gold)} pages ({jobs} processes)")
    started = time.perf_counter()
    pages: dict[int, dict[str, PageScore]] = {}
    with ProcessPoolExecutor(jobs, initializer=_load_pages, initargs=(str(data),)) as pool:
        for index, out in pool.map(_run_combo, enumerate(combos)):
            pages[index] = {key: score_page(gold[key], out.get(key, "")) for key in gold}
    print(f"(grid took {time.perf_counter() - started:.0f} s)")

    def score(index: int, keys: Iterable[str]) -> ExtractionScore:
        return summarise([pages[index][key] for key in keys])

    ids = sorted(gold)
    random.Random(seed).shuffle(ids)
    parts = [ids[n::folds] for n in range(folds)]
    held_out: list[PageScore] = []
    default_held_out: list[PageScore] = []
    default_index = combos.index(DEFAULT_TEXT_OPTIONS)
    print(f"\n{folds}-fold cross-validation (seed {seed}): best F1 on the other folds, scored here")
    for n, test in enumerate(parts):
        train = [key for key in ids if key not in set(test)]
        best = max(range(len(combos)), key=lambda i: (score(i, train).f1, i == default_index))
        held_out.extend(pages[best][key] for key in test)
        default_held_out.extend(pages[default_index][key] for key in test)
        print(
            f"  fold {n + 1}: train F1 {score(best, train).f1:.4f}  "
            f"held-out F1 {score(best, test).f1:.4f}  "
            f"(defaults {score(default_index, test).f1:.4f})  chose: {label(combos[best])}"
        )
    cv = summarise(held_out)
    print(
        f"  cross-validated selection: P {cv.precision:.4f} R {cv.recall:.4f} "
        f"F1 {cv.f1:.4f} acc {cv.accuracy:.3f}"
    )
    print(f"  defaults on the same folds: F1 {summarise(default_held_out).f1:.4f}")

    ranked = sorted(range(len(combos)), key=lambda i: -score(i, ids).f1)
    print("\nTop 8 combinations on all pages (F1 P R acc):")
    for index in ranked[:8]:
        print(_line(score(index, ids), combos[index]))
    print("\nAblation: the defaults with one switch changed (F1 P R acc):")
    for index, options in enumerate(combos):
        if index == default_index or len(label(options).split(", ")) == 1:
            print(_line(score(index, ids), options))


def _line(s: ExtractionScore, options: TextOptions) -> str:
    return f"  {s.f1:.4f} {s.precision:.4f} {s.recall:.4f} {s.accuracy:.3f}  {label(options)}"


# -- trafilatura's own evaluation set ------------------------------------------------------


def _snippet_counts(args: tuple[str, str, str]) -> tuple[str, list[int]]:
    name, root, url = args
    item = _EVAL[url]
    try:
        raw = gzip.decompress((Path(root) / "html" / f"{item['file']}.gz").read_bytes())
        out = " ".join(EVAL_SYSTEMS[name](decode_html(raw), url).split())
    except Exception:
        out = ""
    counts = [0, 0, 0, 0]  # tp, fn, fp, tn
    for snippet in item.get("with") or []:
        counts[0 if " ".join(snippet.split()) in out else 1] += 1
    for snippet in item.get("without") or []:
        counts[2 if " ".join(snippet.split()) in out else 3] += 1
    return name, counts


_EVAL: dict[str, dict] = {}
EVAL_SYSTEMS: dict[str, Extractor] = {
    "claimwatch extract_html (html.v1)": ours,
    "trafilatura 2.3.1 defaults (live)": trafilatura_defaults,
    "trafilatura 2.3.1 no comments (live)": lambda h, u: (
        trafilatura.extract(h, url=u, include_comments=False) or ""
    ),
    "trafilatura 2.3.1 precision, no comments (live)": trafilatura_precision,
}


def _load_eval(root: str) -> None:
    _EVAL.update(json.loads((Path(root) / "evaldata.json").read_text(encoding="utf-8")))


def trafilatura_eval(root: Path, jobs: int) -> None:
    _load_eval(str(root))
    print(f"\ntrafilatura evaluation set: {len(_EVAL)} documents in {root}")
    totals = {name: [0, 0, 0, 0] for name in EVAL_SYSTEMS}
    work = [(name, str(root), url) for name in EVAL_SYSTEMS for url in _EVAL]
    with ProcessPoolExecutor(jobs, initializer=_load_eval, initargs=(str(root),)) as pool:
        for name, counts in pool.map(_snippet_counts, work, chunksize=16):
            totals[name] = [a + b for a, b in zip(totals[name], counts, strict=True)]
    print(f"| {'system':<48} | P     | R     | F     | acc   |")
    print(f"|{'-' * 50}|-------|-------|-------|-------|")
    for name, (tp, fn, fp, tn) in totals.items():
        print(
            f"| {name:<48} | {tp / (tp + fp):.3f} | {tp / (tp + fn):.3f} "
            f"| {2 * tp / (2 * tp + fp + fn):.3f} | {(tp + tn) / (tp + fn + fp + tn):.3f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="benchmark folder")
    parser.add_argument("--cv", action="store_true", help="option grid + 5-fold CV")
    parser.add_argument("--trafilatura-eval", type=Path, help="trafilatura-eval folder")
    parser.add_argument(
        "--references",
        default="trafilatura,rs_trafilatura,AutoExtract,newspaper",
        help="published outputs to list too (comma-separated names in reference-outputs/)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    main_table(args.data, [name for name in args.references.split(",") if name])
    if args.cv:
        cross_validate(args.data, args.jobs)
    if args.trafilatura_eval:
        trafilatura_eval(args.trafilatura_eval, args.jobs)


if __name__ == "__main__":
    main()
