"""``claimwatch eval checkworthy``: TSV in, TSV out, scores, and one-line errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from claimwatch.cli import cli
from claimwatch.errors import MalformedSource, UnreadableSource
from claimwatch.evaluate.checkworthy import (
    best_threshold,
    positive_score,
    read_sentences,
    write_predictions,
)
from claimwatch.nlp.checkworthy import CheckWorthiness

ROWS = [
    (
        "101",
        "Unemployment rose to 9 percent during the last four years of this administration.",
        "Yes",
    ),
    ("102", "Thank you very much, it is good to be here tonight.", "No"),
    ("103", "We spent 40 billion dollars on defence in 1979, more than ever before.", "Yes"),
    ("104", "Well, let me answer that.", "No"),
]


def _write(path: Path, header: str, rows: list[tuple[str, ...]]) -> Path:
    path.write_text(header + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_read_sentences_with_and_without_gold(tmp_path: Path) -> None:
    gold = read_sentences(_write(tmp_path / "g.tsv", "Sentence_id\tText\tclass_label", ROWS))
    assert gold.ids == ["101", "102", "103", "104"] and gold.labels == [1, 0, 1, 0]
    plain = read_sentences(_write(tmp_path / "p.tsv", "Sentence_id\tText", [r[:2] for r in ROWS]))
    assert plain.labels is None and plain.texts[1].startswith("Thank you")


def test_read_sentences_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(MalformedSource, match="lacks the column"):
        read_sentences(_write(tmp_path / "a.tsv", "id\tsentence", [("1", "x")]))
    with pytest.raises(MalformedSource, match="expected Yes or No"):
        read_sentences(
            _write(tmp_path / "b.tsv", "Sentence_id\tText\tclass_label", [("1", "x", "1")])
        )
    with pytest.raises(UnreadableSource, match="cannot read"):
        read_sentences(tmp_path / "missing.tsv")
    (tmp_path / "bin.tsv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(UnreadableSource):
        read_sentences(tmp_path / "bin.tsv")


def test_positive_score_and_best_threshold() -> None:
    score = positive_score([1, 1, 0, 0], [1, 0, 1, 0])
    assert (score.precision, score.recall, score.f1, score.n) == (0.5, 0.5, 0.5, 4)
    assert positive_score([0, 0], [0, 0]).f1 == 0.0
    threshold, f1 = best_threshold([1, 1, 0, 0], np.array([0.9, 0.7, 0.6, 0.1]))
    assert f1 == 1.0 and 0.6 < threshold <= 0.7


def test_write_predictions_labels_by_threshold(tmp_path: Path) -> None:
    out = tmp_path / "pred.tsv"
    write_predictions(out, ["1", "2"], np.array([0.8, 0.2]), 0.5)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "Sentence_id\tclass_label\tscore",
        "1\tYes\t0.8000",
        "2\tNo\t0.2000",
    ]


def test_eval_checkworthy_round_trip_with_gold(tmp_path: Path) -> None:
    data = _write(tmp_path / "gold.tsv", "Sentence_id\tText\tclass_label", ROWS)
    out = tmp_path / "pred.tsv"
    result = CliRunner().invoke(
        cli, ["eval", "checkworthy", "--data", str(data), "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["n"] == 4 and set(scores) >= {"precision", "recall", "f1", "threshold", "model"}
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [r["Sentence_id"] for r in rows] == ["101", "102", "103", "104"]
    assert {r["class_label"] for r in rows} <= {"Yes", "No"}
    model = CheckWorthiness.load()
    expected = model.score([r[1] for r in ROWS])
    np.testing.assert_allclose([float(r["score"]) for r in rows], expected, atol=1e-4)
    # the two plain factual claims outrank the two pleasantries
    assert min(expected[[0, 2]]) > max(expected[[1, 3]])


def test_eval_checkworthy_without_gold_writes_predictions(tmp_path: Path) -> None:
    data = _write(tmp_path / "plain.tsv", "Sentence_id\tText", [r[:2] for r in ROWS])
    out = tmp_path / "pred.tsv"
    result = CliRunner().invoke(
        cli, ["eval", "checkworthy", "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0 and "no class_label" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("id\tText", "lacks the column(s) Sentence_id"),
        ("Sentence_id\tText\tclass_label", "expected Yes or No"),
    ],
)
def test_eval_checkworthy_bad_tsv_is_one_line_and_exit_1(
    tmp_path: Path, header: str, message: str
) -> None:
    data = _write(tmp_path / "bad.tsv", header, [("1", "some text", "maybe")])
    result = CliRunner().invoke(
        cli, ["eval", "checkworthy", "--data", str(data), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]


def test_eval_checkworthy_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["eval", "checkworthy", "--data", str(tmp_path / "none.tsv"), "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 1 and "cannot read" in result.output
