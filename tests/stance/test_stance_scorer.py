"""The FNC-1 scorer and the body-level hold-out split."""

from __future__ import annotations

import pytest

from claimwatch.evaluate.stance import LABELS, score_stances, split_bodies


def test_score_perfect_predictions_is_full_marks() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated"]
    score = score_stances(gold, gold)
    assert score.fnc_score == pytest.approx(1.0)
    assert score.macro_f1 == pytest.approx(1.0)
    assert all(score.f1[label] == pytest.approx(1.0) for label in LABELS)


def test_score_gives_quarter_point_for_related_with_wrong_label() -> None:
    # gold related, predicted another related label: 0.25 of a possible 1.0
    score = score_stances(["agree"], ["discuss"])
    assert score.fnc_score == pytest.approx(0.25)


def test_score_weights_unrelated_pairs_at_a_quarter() -> None:
    # max = 1.0 (agree) + 0.25 (unrelated); got 1.0 for agree, 0 for the unrelated miss
    score = score_stances(["agree", "unrelated"], ["agree", "discuss"])
    assert score.fnc_score == pytest.approx(1.0 / 1.25)


def test_score_all_unrelated_gets_only_the_unrelated_share() -> None:
    gold = ["unrelated"] * 3 + ["agree", "discuss"]
    score = score_stances(gold, ["unrelated"] * 5)
    assert score.fnc_score == pytest.approx(0.75 / 2.75)
    assert score.f1["agree"] == 0.0
    assert score.f1["unrelated"] == pytest.approx(2 * 3 / (2 * 3 + 2))


def test_score_macro_f1_is_unweighted_mean_of_class_f1() -> None:
    gold = ["agree", "agree", "disagree", "unrelated"]
    pred = ["agree", "disagree", "disagree", "unrelated"]
    score = score_stances(gold, pred)
    assert score.f1["agree"] == pytest.approx(2 / 3)
    assert score.f1["disagree"] == pytest.approx(2 / 3)
    assert score.f1["discuss"] == 0.0
    assert score.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 0 + 1) / 4)
    assert score.confusion["agree"]["disagree"] == 1


def test_score_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1"):
        score_stances(["agree", "agree"], ["agree"])


def test_split_never_shares_a_body_and_is_deterministic() -> None:
    ids = [str(i) for i in range(1000)]
    train, held = split_bodies(ids)
    assert not train & held
    assert train | held == set(ids)
    assert len(held) == 200
    assert split_bodies(list(reversed(ids))) == (train, held)


def test_split_of_real_fnc_bodies_keeps_pairs_apart() -> None:
    from pathlib import Path

    from claimwatch.evaluate.stance import holdout_pairs, load_fnc

    folder = Path(__file__).resolve().parents[3] / "shared" / "data" / "fnc-1"
    if not (folder / "train_stances.csv").exists():
        pytest.skip(f"FNC-1 data not found at {folder}")
    data = load_fnc(folder / "train_bodies.csv", folder / "train_stances.csv")
    train, held = holdout_pairs(data)
    assert not {p.body_id for p in train} & {p.body_id for p in held}
    assert len(train) + len(held) == len(data.pairs) == 49_972
