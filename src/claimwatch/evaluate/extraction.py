"""Main-text extraction scored the way the Zyte article-extraction-benchmark scores it.

The metric (benchmarks.md §5): both texts are tokenised with the Unicode ``\\w+``
pattern and turned into multisets of word 4-gram shingles (a text of 1 to 3 tokens is
one shingle, an empty text has none). On each page TP is the shared part of the two
multisets, FP what the prediction has in excess and FN what it misses, the three
normalised by their sum so that every page weighs the same. Per-page precision and recall
are averaged over the pages (a page where one of them is undefined is skipped for that
one) and F1 is the harmonic mean of the two averages. Accuracy is the share of pages
whose token sequence equals the gold one.

An empty prediction thus has an undefined precision (skipped) and a recall of 0: this is
what reproduces the published figures of the systems that return nothing on some pages
(on the shared 127 pages: newspaper4k .949, news-please .948, goose3 .886, justext .792).

Pages are read with the same code path ingest uses for HTML: bytes decoded to text, then
:func:`claimwatch.ingest.html.extract_html`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from claimwatch.ingest.decode import decode_text, read_input_bytes
from claimwatch.ingest.html import extract_html

SHINGLE = 4
_TOKEN = re.compile(r"\w+")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

Pathish = str | PathLike[str]


@dataclass(frozen=True)
class ExtractionScore:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


@dataclass(frozen=True)
class PageScore:
    """One page: normalised TP/FP/FN, its precision and recall (None: undefined) and
    whether the token sequences match exactly."""

    tp: float
    fp: float
    fn: float
    precision: float | None
    recall: float | None
    exact: bool


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(words: list[str], n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; 1 to ``n - 1`` words make one shingle, no words none."""
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def score_page(gold: str, predicted: str) -> PageScore:
    gold_tokens, predicted_tokens = tokens(gold), tokens(predicted)
    expected, found = shingles(gold_tokens), shingles(predicted_tokens)
    tp = sum((expected & found).values())
    fp = sum((found - expected).values())
    fn = sum((expected - found).values())
    total = tp + fp + fn
    ntp, nfp, nfn = (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)
    if fp == 0 and fn == 0:
        precision: float | None = 1.0
        recall: float | None = 1.0
    else:
        precision = ntp / (ntp + nfp) if ntp + nfp > 0 else None
        recall = ntp / (ntp + nfn) if ntp + nfn > 0 else None
    return PageScore(ntp, nfp, nfn, precision, recall, gold_tokens == predicted_tokens)


def score_extraction(gold: Mapping[str, str], predicted: Mapping[str, str]) -> ExtractionScore:
    """Score ``predicted`` texts against ``gold`` ones, page by page (the gold ids decide
    which pages count; a page missing from ``predicted`` counts as empty output)."""
    pages = [score_page(gold[key], predicted.get(key) or "") for key in gold]
    return summarise(pages)


def summarise(pages: list[PageScore]) -> ExtractionScore:
    precisions = [p.precision for p in pages if p.precision is not None]
    recalls = [p.recall for p in pages if p.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    accuracy = sum(p.exact for p in pages) / len(pages) if pages else 0.0
    return ExtractionScore(precision, recall, f1, accuracy, len(pages))


# -- benchmark files ---------------------------------------------------------------------


def load_ground_truth(path: Pathish) -> dict[str, str]:
    """``ground-truth.json`` (``{id: {"articleBody": ..., "url": ...}}``) -> ``{id: text}``."""
    return _bodies(_read_json(Path(path)))


def load_urls(path: Pathish) -> dict[str, str]:
    """The page URLs a ground-truth file records, ``{id: url}`` (ids without one left out)."""
    data = _read_json(Path(path))
    return {
        key: value["url"]
        for key, value in data.items()
        if isinstance(value, dict) and isinstance(value.get("url"), str)
    }


def load_reference_output(path: Pathish) -> dict[str, str]:
    """A published system's output (``reference-outputs/<system>.json[.gz]``), with or
    without the ``{"version": ..., "output": {...}}`` wrapper -> ``{id: text}``."""
    data = _read_json(Path(path))
    if isinstance(data.get("output"), dict) and "version" in data:
        data = data["output"]
    return _bodies(data)


def extract_directory(
    data_dir: Pathish,
    extract: Callable[[str, str | None], str] | None = None,
) -> dict[str, str]:
    """Extract every ``html/<id>.html[.gz]`` of a benchmark folder -> ``{id: text}``.

    ``extract`` takes the decoded page and its URL (from ``ground-truth.json`` when the
    folder has one) and returns the text; by default it is ingest's HTML path."""
    extract = extract or _ingest_text
    root = Path(data_dir)
    gold_file = root / "ground-truth.json"
    urls = load_urls(gold_file) if gold_file.exists() else {}
    out: dict[str, str] = {}
    for file in sorted((root / "html").iterdir()):
        key = file.name.removesuffix(".gz").removesuffix(".html")
        if key == file.name.removesuffix(".gz"):
            continue  # not an .html or .html.gz file
        out[key] = extract(decode_html(read_input_bytes(file)), urls.get(key))
    return out


def _ingest_text(html: str, url: str | None) -> str:
    return extract_html(html, url).text


def decode_html(raw: bytes) -> str:
    """Bytes of a page -> text, exactly as ingest decodes them."""
    return decode_text(raw)


def _read_json(path: Path) -> dict:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object")
    return data


def _bodies(data: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            body = value.get("articleBody")
            out[key] = body if isinstance(body, str) else ""
        elif isinstance(value, str):
            out[key] = value
        else:
            out[key] = ""
    return out
