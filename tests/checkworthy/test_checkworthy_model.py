"""The shipped check-worthiness model: provenance, pinning, and a quality gate on CT24 dev."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from claimwatch.errors import ConfigError
from claimwatch.evaluate.checkworthy import positive_score, read_sentences
from claimwatch.nlp.checkworthy import WEIGHTS_DIR, CheckWorthiness

DEV = (
    Path(__file__).resolve().parents[2]
    / "../shared/data/checkworthiness/ct24-english/CT24_checkworthy_english_dev.tsv"
)
# Measured 2026-11-28 on the first 300 dev rows: F1 0.905 (P 0.899, R 0.912); see
# docs/MODEL_CHECKWORTHY.md. The floor leaves room for BLAS rounding, not for a worse model.
F1_FLOOR = 0.88


def test_checkworthy_shipped_model_loads_cached_with_version_and_threshold() -> None:
    model = CheckWorthiness.load()
    assert CheckWorthiness.load() is model
    meta = json.loads((WEIGHTS_DIR / "checkworthy.json").read_text(encoding="utf-8"))
    assert model.version == f"checkworthy.v1+{meta['weights_sha256'][:12]}"
    assert 0.0 < model.threshold < 1.0
    assert (WEIGHTS_DIR / "model.safetensors").stat().st_size < 50_000_000
    assert not list(WEIGHTS_DIR.glob("*.pkl")) and not list(WEIGHTS_DIR.glob("*.joblib"))


def test_checkworthy_scores_are_probabilities_in_input_order() -> None:
    model = CheckWorthiness.load()
    texts = ["Thank you.", "Crime went up 20 percent in our cities last year.", ""]
    scores = model.score(texts)
    assert scores.shape == (3,) and scores.dtype == np.float32
    assert ((scores >= 0) & (scores <= 1)).all() and scores[1] > scores[0]
    assert model.score([]).shape == (0,)
    np.testing.assert_allclose(model.score(texts[::-1])[::-1], scores, atol=1e-5)


def test_checkworthy_refuses_altered_weights(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(WEIGHTS_DIR, copy)
    with (copy / "model.safetensors").open("ab") as handle:
        handle.write(b" ")
    with pytest.raises(ConfigError, match="not the pinned"):
        CheckWorthiness.load(copy)
    with pytest.raises(ConfigError, match=r"checkworthy\.json is missing"):
        CheckWorthiness.load(tmp_path)


@pytest.mark.skipif(not DEV.is_file(), reason=f"CT24 dev not found at {DEV} (../shared/data)")
def test_checkworthy_quality_gate_on_first_300_dev_rows() -> None:
    dev = read_sentences(DEV)
    assert dev.labels is not None
    model = CheckWorthiness.load()
    scores = model.score(dev.texts[:300])
    score = positive_score(dev.labels[:300], scores >= model.threshold)
    assert score.f1 >= F1_FLOOR, score


def test_train_without_torch_says_so_in_one_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from claimwatch.cli import cli

    monkeypatch.setitem(sys.modules, "torch", None)
    result = CliRunner().invoke(cli, ["train", "checkworthy", "--data", ".", "--out", "x"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: training needs torch, which is not installed: pip install -e '.[train]'"
    )
