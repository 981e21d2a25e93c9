"""Story clustering evaluation: the ECB+-style JSONL loader, B³ scores, the runner.

One document per line, a JSON object with ``doc_id`` (string or number) and
``sentences`` (a list of strings, or ``text``: one string); optional ``story_id`` (the
gold story), ``url``, ``split``, ``published`` (ISO date). The ECB+ derived file in
``shared/data/ecbplus/docs.jsonl`` has this shape.

B³ (Bagga & Baldwin 1998) over documents: for each document, precision is the share of
its predicted cluster that is in its gold story, recall the share of its gold story that
is in its predicted cluster; both are averaged over documents, F1 is their harmonic mean.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from claimwatch.errors import MalformedSource, UnreadableSource
from claimwatch.link.stories import StoryConfig, StoryDocument
from claimwatch.link.stories_batch import cluster_documents


@dataclass(frozen=True)
class StoryRecord:
    """One line of a documents file."""

    doc_id: str
    text: str
    story_id: str | None = None
    url: str | None = None
    split: str | None = None
    published: datetime | None = None

    def document(self) -> StoryDocument:
        return StoryDocument(self.doc_id, self.text, self.published)


@dataclass(frozen=True)
class B3Score:
    precision: float
    recall: float
    f1: float
    documents: int
    clusters: int
    stories: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)

    def line(self) -> str:
        return (
            f"{self.documents} documents, {self.clusters} clusters for {self.stories} stories  "
            f"B³ precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}"
        )


@dataclass(frozen=True)
class StoryRun:
    """What ``evaluate_file`` did: the predicted clusters and, with gold, the score."""

    clusters: dict[str, str]
    score: B3Score | None


def _field(path: Path, number: int, value: object, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedSource(f"{path}: line {number}: {name} must be a string, not {value!r}")
    text = str(value).strip()
    if not text:
        raise MalformedSource(f"{path}: line {number}: {name} is empty")
    return text


def _record(path: Path, number: int, line: str) -> StoryRecord:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedSource(f"{path}: line {number} is not JSON ({exc.msg})") from None
    if not isinstance(row, dict):
        raise MalformedSource(f"{path}: line {number} is not a JSON object")
    if "doc_id" not in row:
        raise MalformedSource(f"{path}: line {number} has no doc_id")
    doc_id = _field(path, number, row["doc_id"], "doc_id")
    if "sentences" in row:
        sentences = row["sentences"]
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise MalformedSource(f"{path}: line {number}: sentences must be a list of strings")
        text = "\n".join(sentences)
    elif isinstance(row.get("text"), str):
        text = row["text"]
    else:
        raise MalformedSource(f"{path}: line {number} has no sentences (nor text)")
    story = row.get("story_id")
    published = row.get("published")
    date = None
    if published is not None:
        try:
            date = datetime.fromisoformat(str(published))
        except ValueError:
            raise MalformedSource(
                f"{path}: line {number}: published {published!r} is not an ISO date"
            ) from None
    url, split = row.get("url"), row.get("split")
    return StoryRecord(
        doc_id,
        text,
        story_id=None if story is None else _field(path, number, story, "story_id"),
        url=url if isinstance(url, str) else None,
        split=None if split is None else str(split),
        published=date,
    )


def load_documents(path: Path, split: str | None = None) -> list[StoryRecord]:
    """Every document of a JSONL file in file order (only those of ``split`` if given).
    A line that cannot be read raises ``MalformedSource`` naming the file and line;
    a missing or unreadable file raises ``UnreadableSource``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableSource(f"{path}: cannot read the documents file ({exc})") from None
    records: list[StoryRecord] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = _record(path, number, line)
        if record.doc_id in seen:
            raise MalformedSource(f"{path}: line {number} repeats doc_id {record.doc_id!r}")
        seen.add(record.doc_id)
        if split is None or record.split == split:
            records.append(record)
    if not records:
        where = f" in split {split!r}" if split is not None else ""
        raise UnreadableSource(f"{path}: no documents{where}")
    return records


def b_cubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> B3Score:
    """B³ over the documents of ``gold`` (each must be in ``predicted``)."""
    missing = [doc for doc in gold if doc not in predicted]
    if missing:
        raise ValueError(f"{len(missing)} gold documents have no predicted cluster: {missing[:3]}")
    if not gold:
        return B3Score(0.0, 0.0, 0.0, 0, 0, 0)
    gold_size = Counter(gold.values())
    pred_size = Counter(predicted[doc] for doc in gold)
    both = Counter((gold[doc], predicted[doc]) for doc in gold)
    precision = recall = 0.0
    for doc, story in gold.items():
        cluster = predicted[doc]
        shared = both[(story, cluster)]
        precision += shared / pred_size[cluster]
        recall += shared / gold_size[story]
    precision, recall = precision / len(gold), recall / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return B3Score(precision, recall, f1, len(gold), len(pred_size), len(gold_size))


def score_records(records: Sequence[StoryRecord], clusters: Mapping[str, str]) -> B3Score | None:
    """B³ of ``clusters`` against the records' gold stories; None when none has one."""
    gold = {r.doc_id: r.story_id for r in records if r.story_id is not None}
    return b_cubed(gold, clusters) if gold else None


def evaluate_file(
    path: Path,
    out: Path | None = None,
    *,
    split: str | None = None,
    method: str = "online",
    config: StoryConfig | None = None,
) -> StoryRun:
    """Cluster the documents of ``path``, write ``{doc_id: cluster_id}`` to ``out`` and
    score the clusters when the file has gold ``story_id``s."""
    records = load_documents(path, split)
    documents = [record.document() for record in records]
    clusters = cluster_documents(documents, config or StoryConfig(), method)
    if out is not None:
        write_clusters(out, clusters)
    return StoryRun(clusters, score_records(records, clusters))


def write_clusters(path: Path, clusters: Mapping[str, str]) -> None:
    path.write_text(json.dumps(dict(clusters), ensure_ascii=False, indent=1), encoding="utf-8")
