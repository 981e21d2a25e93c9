"""Fixtures for the check-worthiness tests: a tiny random BERT written by the test."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

WORDS = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "was",
    "tax",
    "jobs",
    "percent",
    "million",
    "rose",
    "fell",
    "we",
    "will",
    "thank",
    "you",
]


def write_tiny_bert(directory: Path, seed: int = 0, dtype: type = np.float32) -> Path:
    """A 2-layer BERT (hidden 32, 4 heads) with random weights and a WordPiece tokenizer."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    directory.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, *"abcdefghijklmnopqrstuvwxyz"]
    vocab += [f"##{c}" for c in "abcdefghijklmnopqrstuvwxyz0123456789"] + list("0123456789.,%")
    tokenizer = Tokenizer(models.WordPiece({w: i for i, w in enumerate(vocab)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)],
    )
    tokenizer.save(str(directory / "tokenizer.json"))
    hidden, inner, layers = 32, 64, 2
    config = {
        "hidden_size": hidden,
        "intermediate_size": inner,
        "num_hidden_layers": layers,
        "num_attention_heads": 4,
        "vocab_size": len(vocab),
        "max_position_embeddings": 64,
        "type_vocab_size": 2,
        "layer_norm_eps": 1e-12,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
    }
    (directory / "config.json").write_text(json.dumps(config), encoding="utf-8")
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(dtype)

    t = {
        "embeddings.word_embeddings.weight": r(len(vocab), hidden),
        "embeddings.position_embeddings.weight": r(64, hidden),
        "embeddings.token_type_embeddings.weight": r(2, hidden),
        "embeddings.LayerNorm.weight": 1 + r(hidden),
        "embeddings.LayerNorm.bias": r(hidden),
    }
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for name in ("query", "key", "value"):
            t[f"{p}attention.self.{name}.weight"] = r(hidden, hidden)
            t[f"{p}attention.self.{name}.bias"] = r(hidden)
        t[f"{p}attention.output.dense.weight"] = r(hidden, hidden)
        t[f"{p}attention.output.dense.bias"] = r(hidden)
        t[f"{p}intermediate.dense.weight"] = r(inner, hidden)
        t[f"{p}intermediate.dense.bias"] = r(inner)
        t[f"{p}output.dense.weight"] = r(hidden, inner)
        t[f"{p}output.dense.bias"] = r(hidden)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            t[f"{p}{ln}.weight"] = 1 + r(hidden)
            t[f"{p}{ln}.bias"] = r(hidden)
    save_file(t, str(directory / "model.safetensors"))
    return directory


@pytest.fixture
def tiny_bert(tmp_path: Path) -> Path:
    return write_tiny_bert(tmp_path / "tiny-bert")


SENTENCES = [
    "We will cut the tax on jobs by 10 percent.",
    "Thank you.",
    "The deficit rose to 400 million in 1990, and we fell behind.",
    "a",
]
