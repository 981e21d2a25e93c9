"""Check-worthiness evaluation on CheckThat!-style TSV files.

Input: a TSV with a header holding ``Sentence_id`` and ``Text`` (and ``class_label``,
Yes/No, when the gold is known), as in CLEF CheckThat! 2024 task 1. Output: a TSV with
``Sentence_id``, ``class_label`` (Yes/No) and ``score``; the positive-class precision,
recall and F1 when the gold is present (the task's official metric is the F1 of "Yes").
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from claimwatch.errors import MalformedSource, UnreadableSource

POSITIVE, NEGATIVE = "Yes", "No"


@dataclass(frozen=True)
class Sentences:
    """The rows of a check-worthiness TSV; ``labels`` is None when it has no gold."""

    ids: list[str]
    texts: list[str]
    labels: list[int] | None


@dataclass(frozen=True)
class PositiveScore:
    """Precision, recall and F1 of the positive class ("Yes") over ``n`` sentences."""

    precision: float
    recall: float
    f1: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def read_sentences(path: Path) -> Sentences:
    """Read a CheckThat! TSV; a missing file, a missing column or a bad label is one error."""
    csv.field_size_limit(sys.maxsize)
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            columns = reader.fieldnames or []
            rows = list(reader)
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableSource(f"cannot read {path}: {exc}") from exc
    missing = [c for c in ("Sentence_id", "Text") if c not in columns]
    if missing:
        raise MalformedSource(
            f"{path} lacks the column(s) {', '.join(missing)}: need a tab-separated header "
            "with Sentence_id and Text (and class_label for scoring)"
        )
    ids, texts = [], []
    for number, row in enumerate(rows, start=2):
        if row.get("Text") is None or row.get("Sentence_id") is None:
            raise MalformedSource(f"{path} line {number}: too few tab-separated fields")
        ids.append(row["Sentence_id"].strip())
        texts.append(row["Text"].strip())
    labels = None
    if "class_label" in columns:
        labels = []
        for number, row in enumerate(rows, start=2):
            value = (row.get("class_label") or "").strip()
            if value not in (POSITIVE, NEGATIVE):
                raise MalformedSource(
                    f"{path} line {number}: class_label is {value!r}, expected Yes or No"
                )
            labels.append(int(value == POSITIVE))
    return Sentences(ids, texts, labels)


def positive_score(gold: Sequence[int], predicted: Sequence[int]) -> PositiveScore:
    """Precision, recall and F1 of class 1."""
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = int(np.sum(g & p))
    precision = tp / int(p.sum()) if p.any() else 0.0
    recall = tp / int(g.sum()) if g.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PositiveScore(round(precision, 4), round(recall, 4), round(f1, 4), len(g))


def best_threshold(gold: Sequence[int], scores: np.ndarray) -> tuple[float, float]:
    """The threshold in 0.05…0.95 (step 0.01) with the best positive F1, and that F1."""
    best = (0.5, -1.0)
    for threshold in np.round(np.arange(0.05, 0.951, 0.01), 2):
        f1 = positive_score(gold, scores >= threshold).f1
        if f1 > best[1]:
            best = (float(threshold), f1)
    return best


def write_predictions(path: Path, ids: Sequence[str], scores: np.ndarray, threshold: float) -> None:
    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            handle.write("Sentence_id\tclass_label\tscore\n")
            for sentence_id, score in zip(ids, scores, strict=True):
                label = POSITIVE if score >= threshold else NEGATIVE
                handle.write(f"{sentence_id}\t{label}\t{float(score):.4f}\n")
    except OSError as exc:
        raise UnreadableSource(f"cannot write {path}: {exc}") from exc


@dataclass(frozen=True)
class CheckworthyRun:
    """What ``evaluate`` did: how many rows it wrote and, with gold, the score."""

    written: int
    threshold: float
    model_version: str
    score: PositiveScore | None


def evaluate(data: Path, out: Path) -> CheckworthyRun:
    """Score every sentence of ``data`` with the shipped model; write ``out``."""
    from claimwatch.nlp.checkworthy import CheckWorthiness

    sentences = read_sentences(data)
    model = CheckWorthiness.load()
    scores = model.score(sentences.texts)
    write_predictions(out, sentences.ids, scores, model.threshold)
    score = None
    if sentences.labels is not None:
        score = positive_score(sentences.labels, scores >= model.threshold)
    return CheckworthyRun(len(sentences.ids), model.threshold, model.version, score)
