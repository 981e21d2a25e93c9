"""Reading and writing FNC-1-style files, and what bad input does."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimwatch.cli import cli
from claimwatch.errors import MalformedSource, UnreadableSource
from claimwatch.evaluate.stance import (
    evaluate_files,
    load_fnc,
    read_stances,
    write_submission,
)

BODIES = [
    ["Body ID", "articleBody"],
    [
        "7",
        "The bridge over the Vell river reopened on Tuesday, the council said.\n\nIt was shut.",
    ],
    ["12", 'A baker in Orrin says, "no, we never sold a blue loaf."'],
]
STANCES = [
    ["Headline", "Body ID", "Stance"],
    ["Vell bridge reopens", "7", "agree"],
    ["Orrin baker sold blue bread, with a comma", "12", "disagree"],
    ["Vell bridge, again", "7", "unrelated"],
]


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def fixed(label: str):  # type: ignore[no-untyped-def]
    return lambda claims, texts: [label] * len(claims)


def test_csv_round_trip_keeps_order_and_fields(tmp_path: Path) -> None:
    bodies = write_csv(tmp_path / "bodies.csv", BODIES)
    stances = write_csv(tmp_path / "stances.csv", STANCES)
    out = tmp_path / "pred.csv"
    run = evaluate_files(bodies, stances, out=out, predict=fixed("discuss"))
    back = read_stances(out)
    assert [(p.headline, p.body_id) for p in back] == [(r[0], r[1]) for r in STANCES[1:]]
    assert [p.stance for p in back] == ["discuss"] * 3
    assert run.score is not None and run.score.n == 3
    assert load_fnc(bodies, stances).bodies["7"].endswith("It was shut.")


def test_stances_without_gold_are_labelled_not_scored(tmp_path: Path) -> None:
    bodies = write_csv(tmp_path / "bodies.csv", BODIES)
    stances = write_csv(tmp_path / "s.csv", [row[:2] for row in STANCES])
    run = evaluate_files(bodies, stances, predict=fixed("agree"))
    assert run.score is None
    assert run.labels == ["agree"] * 3


def test_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    bodies = write_csv(tmp_path / "bodies.csv", [["Body ID", "text"], ["1", "x"]])
    stances = write_csv(tmp_path / "stances.csv", STANCES)
    with pytest.raises(MalformedSource, match=r"bodies.csv.*articleBody"):
        evaluate_files(bodies, stances, predict=fixed("agree"))


def test_unknown_stance_label_is_refused_with_its_line(tmp_path: Path) -> None:
    stances = write_csv(tmp_path / "s.csv", [*STANCES, ["x", "7", "maybe"]])
    with pytest.raises(MalformedSource, match=r"line 5.*'maybe'"):
        read_stances(stances)


def test_unreadable_file_is_an_unreadable_source(tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource, match=r"nothing\.csv"):
        read_stances(tmp_path / "nothing.csv")


def test_unknown_body_id_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    bodies = write_csv(tmp_path / "bodies.csv", BODIES)
    stances = write_csv(tmp_path / "s.csv", [*STANCES, ["Lost", "99", "agree"]])
    run = evaluate_files(bodies, stances, predict=fixed("agree"))
    assert len(run.problems) == 1 and "'99'" in run.problems[0]
    assert run.labels == ["agree", "agree", "agree", "unrelated"]
    assert run.score is not None and run.score.n == 3


def test_cli_eval_stance_bad_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    bodies = write_csv(tmp_path / "bodies.csv", [["Body ID"], ["1"]])
    stances = write_csv(tmp_path / "stances.csv", STANCES)
    result = CliRunner().invoke(
        cli, ["eval", "stance", "--bodies", str(bodies), "--stances", str(stances)]
    )
    assert result.exit_code == 1
    assert "articleBody" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_write_submission_header_is_fnc_format(tmp_path: Path) -> None:
    stances = write_csv(tmp_path / "s.csv", STANCES)
    out = tmp_path / "p.csv"
    write_submission(out, read_stances(stances), ["agree", "agree", "unrelated"])
    assert out.read_text(encoding="utf-8").splitlines()[0] == "Headline,Body ID,Stance"
