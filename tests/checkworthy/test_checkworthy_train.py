"""A tiny fine-tuning run writes a model directory that the numpy inference loads."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from claimwatch.nlp.checkworthy import CheckWorthiness

from .conftest import write_tiny_bert

WORDS = ["the", "tax", "rose", "we", "will", "thank", "you", "jobs", "fell", "percent"]


def _tiny_data(directory: Path, n: int = 64) -> Path:
    directory.mkdir()
    rng = np.random.default_rng(1)
    lines = ["Sentence_id\tText\tclass_label"]
    for i in range(n):
        words = " ".join(rng.choice(WORDS, size=int(rng.integers(2, 9))))
        label = "Yes" if "percent" in words or "rose" in words else "No"
        lines.append(f"{i}\t{words}\t{label}")
    (directory / "CT24_checkworthy_english_train.tsv").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
    return directory


def test_train_checkworthy_tiny_run_writes_loadable_weights(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="torch is only in the train extra")
    from claimwatch.train.checkworthy import TrainOptions, train

    base = write_tiny_bert(tmp_path / "base")
    out = tmp_path / "model"
    logged: list[str] = []
    meta = train(
        TrainOptions(
            data=_tiny_data(tmp_path / "data"),
            out=out,
            epochs=1,
            batch_size=16,
            base=base,
            log=logged.append,
        )
    )
    assert any("step" in line for line in logged) and logged[-1] == f"wrote {out}"
    assert json.loads((out / "checkworthy.json").read_text(encoding="utf-8")) == meta
    assert meta["version"] == "checkworthy.v1" and "holdout" in meta["metrics"]  # type: ignore[operator]
    model = CheckWorthiness.load(out)
    scores = model.score(["the tax rose 5 percent", "thank you"])
    assert scores.shape == (2,) and ((scores > 0) & (scores < 1)).all()
    assert model.version.startswith("checkworthy.v1+")


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="torch is only in the train extra"
)
def test_train_checkworthy_numpy_inference_equals_torch(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file

    from claimwatch.train.bert import Bert, mean_pool
    from claimwatch.train.checkworthy import TrainOptions, train

    out = tmp_path / "model"
    train(
        TrainOptions(
            data=_tiny_data(tmp_path / "data"),
            out=out,
            epochs=1,
            base=write_tiny_bert(tmp_path / "base"),
            log=lambda _: None,
        )
    )
    model = CheckWorthiness.load(out)
    texts = ["the tax rose 5 percent", "thank you", "we will"]
    encoder = Bert.from_directory(out).eval()
    head = load_file(str(out / "head.safetensors"))
    enc = model.encoder.tokenizer.encode_batch(texts)
    length = max(len(e.ids) for e in enc)
    ids = torch.zeros((3, length), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, e in enumerate(enc):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
    with torch.no_grad():
        logits = mean_pool(encoder(ids, mask), mask) @ head["weight"] + head["bias"]
    np.testing.assert_allclose(model.score(texts), torch.sigmoid(logits).numpy(), atol=1e-5)
