"""FNC-1 stance data: reading the CSVs, the body-level hold-out split, the scorer.

Files follow FNC-1's layout: a bodies CSV (``Body ID``, ``articleBody``) and a stances CSV
(``Headline``, ``Body ID`` and, when gold is known, ``Stance``). Predictions are written
in the submission format (``Headline``, ``Body ID``, ``Stance``) in input order.

The hold-out split works on bodies, never on pairs: the sorted body ids are shuffled with
``random.Random(HOLDOUT_SEED)`` and the first 80% are the training side, the rest the
hold-out, so no body appears on both sides (the FNC baseline's scheme, written anew).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimwatch.errors import MalformedSource, UnreadableSource

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset({"agree", "disagree", "discuss"})
HOLDOUT_SEED = 1489215
HOLDOUT_SHARE = 0.2

csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class StancePair:
    """One row of a stances file; ``stance`` is None when the file carries no gold."""

    headline: str
    body_id: str
    stance: str | None = None


@dataclass
class StanceData:
    bodies: dict[str, str]
    pairs: list[StancePair]
    problems: list[str] = field(default_factory=list)


def _read_rows(path: Path, required: Sequence[str], what: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            missing = [name for name in required if name not in columns]
            if missing:
                raise MalformedSource(
                    f"{path}: the {what} file lacks column(s) {', '.join(missing)} "
                    f"(found: {', '.join(columns) or 'nothing'})"
                )
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableSource(f"{path}: cannot read the {what} file ({exc})") from None


def read_bodies(path: Path) -> dict[str, str]:
    """``Body ID`` → article body."""
    rows = _read_rows(path, ("Body ID", "articleBody"), "bodies")
    return {row["Body ID"].strip(): row["articleBody"] or "" for row in rows}


def read_stances(path: Path) -> list[StancePair]:
    """Pairs in file order; ``stance`` is None when there is no ``Stance`` column."""
    rows = _read_rows(path, ("Headline", "Body ID"), "stances")
    pairs = []
    for number, row in enumerate(rows, start=2):
        stance = row.get("Stance")
        stance = stance.strip().lower() if stance is not None else None
        if stance is not None and stance not in LABELS:
            raise MalformedSource(
                f"{path}: line {number} has Stance {stance!r}; expected one of {', '.join(LABELS)}"
            )
        pairs.append(StancePair(row["Headline"] or "", row["Body ID"].strip(), stance))
    return pairs


def load_fnc(bodies_csv: Path, stances_csv: Path) -> StanceData:
    """Both files; a pair whose body id is unknown is kept (labelled ``unrelated``, not
    scored) and named in ``problems``."""
    bodies = read_bodies(bodies_csv)
    data = StanceData(bodies, [])
    for number, pair in enumerate(read_stances(stances_csv), start=2):
        if pair.body_id not in bodies:
            data.problems.append(
                f"{stances_csv}: line {number} names Body ID {pair.body_id!r}, "
                f"which is not in {bodies_csv} (labelled unrelated, not scored)"
            )
        data.pairs.append(pair)
    return data


def split_bodies(
    body_ids: Sequence[str], share: float = HOLDOUT_SHARE, seed: int = HOLDOUT_SEED
) -> tuple[set[str], set[str]]:
    """(training bodies, hold-out bodies): a seeded shuffle of the sorted ids, cut 80/20."""
    ids = sorted(set(body_ids), key=lambda value: (len(value), value))
    random.Random(seed).shuffle(ids)
    cut = round(len(ids) * (1 - share))
    return set(ids[:cut]), set(ids[cut:])


def holdout_pairs(data: StanceData) -> tuple[list[StancePair], list[StancePair]]:
    """(training-side pairs, hold-out pairs) of FNC-1's training data."""
    train_ids, _ = split_bodies(list(data.bodies))
    train = [pair for pair in data.pairs if pair.body_id in train_ids]
    held = [pair for pair in data.pairs if pair.body_id not in train_ids]
    return train, held


@dataclass
class StanceScore:
    """FNC score (share of the maximum), macro-F1 and per-class F1."""

    fnc_score: float
    macro_f1: float
    f1: dict[str, float]
    n: int
    confusion: dict[str, dict[str, int]]

    def as_dict(self) -> dict[str, object]:
        return {
            "fnc_score": round(self.fnc_score, 4),
            "macro_f1": round(self.macro_f1, 4),
            "f1": {label: round(value, 4) for label, value in self.f1.items()},
            "n": self.n,
            "confusion": self.confusion,
        }

    def line(self) -> str:
        classes = "  ".join(f"{label} {self.f1[label]:.3f}" for label in LABELS)
        return (
            f"{self.n} pairs  FNC {100 * self.fnc_score:.2f}%  macro-F1 {self.macro_f1:.3f}  "
            f"F1: {classes}"
        )


def score_stances(gold: Sequence[str], predicted: Sequence[str]) -> StanceScore:
    """Score predictions against gold labels (same length, labels from ``LABELS``)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    points = maximum = 0.0
    confusion = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
        maximum += 1.0 if g in RELATED else 0.25
        if (g in RELATED) == (p in RELATED):
            points += 0.25
            if g in RELATED and g == p:
                points += 0.75
    f1 = {}
    for label in LABELS:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in LABELS) - tp
        fn = sum(confusion[label].values()) - tp
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return StanceScore(
        fnc_score=points / maximum if maximum else 0.0,
        macro_f1=sum(f1.values()) / len(LABELS),
        f1=f1,
        n=len(gold),
        confusion=confusion,
    )


def write_submission(path: Path, pairs: Sequence[StancePair], labels: Sequence[str]) -> None:
    """FNC-1 submission format, in input order."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Body ID", "Stance"])
        for pair, label in zip(pairs, labels, strict=True):
            writer.writerow([pair.headline, pair.body_id, label])


Predictor = Callable[[Sequence[str], Sequence[str]], Sequence[str]]


@dataclass
class StanceRun:
    labels: list[str]
    score: StanceScore | None
    problems: list[str]


def evaluate_pairs(data: StanceData, pairs: Sequence[StancePair], predict: Predictor) -> StanceRun:
    """Predict every pair whose body is known (others get ``unrelated`` and a problem line);
    score when every pair carries gold."""
    known = [i for i, pair in enumerate(pairs) if pair.body_id in data.bodies]
    predicted = predict(
        [pairs[i].headline for i in known], [data.bodies[pairs[i].body_id] for i in known]
    )
    labels = ["unrelated"] * len(pairs)
    for i, label in zip(known, predicted, strict=True):
        labels[i] = label
    score = None
    if pairs and all(pair.stance is not None for pair in pairs):
        score = score_stances([pairs[i].stance or "" for i in known], [labels[i] for i in known])
    return StanceRun(labels, score, list(data.problems))


def model_predictor(model_dir: Path | None = None) -> Predictor:
    """The shipped (or the given) stance model as a ``Predictor``."""
    from claimwatch.nlp.stance import StanceModel

    model = StanceModel.load(model_dir)

    def predict(claims: Sequence[str], texts: Sequence[str]) -> list[str]:
        return [p.label for p in model.predict(claims, texts)]

    return predict


def evaluate_files(
    bodies_csv: Path,
    stances_csv: Path,
    *,
    holdout: bool = False,
    model_dir: Path | None = None,
    limit: int | None = None,
    out: Path | None = None,
    predict: Predictor | None = None,
) -> StanceRun:
    """Label (and score, when gold is present) an FNC-1 pair of files; ``holdout`` keeps
    only the 20% hold-out bodies of FNC-1's training files."""
    data = load_fnc(bodies_csv, stances_csv)
    pairs = holdout_pairs(data)[1] if holdout else data.pairs
    if limit is not None:
        pairs = pairs[:limit]
    run = evaluate_pairs(data, pairs, predict or model_predictor(model_dir))
    if out is not None:
        try:
            write_submission(out, pairs, run.labels)
        except OSError as exc:
            raise UnreadableSource(f"{out}: cannot write the predictions ({exc})") from None
    return run
