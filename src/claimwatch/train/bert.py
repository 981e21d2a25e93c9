"""A BERT encoder in torch whose parameter names equal the Hugging Face layout.

Used to fine-tune MiniLM; the state dict it saves is what ``claimwatch.nlp.minilm.MiniLM``
runs in numpy. Pooler weights are not modelled (mean pooling is used instead).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
from torch import nn


class _Embeddings(nn.Module):
    def __init__(self, c: dict) -> None:
        super().__init__()
        hidden = c["hidden_size"]
        self.word_embeddings = nn.Embedding(c["vocab_size"], hidden)
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, ids: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)[None, :]
        x = self.word_embeddings(ids) + self.position_embeddings(positions)
        return self.dropout(self.LayerNorm(x + self.token_type_embeddings(types)))


class _SelfAttention(nn.Module):
    def __init__(self, c: dict) -> None:
        super().__init__()
        hidden = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.dropout = nn.Dropout(c["attention_probs_dropout_prob"])

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        n, length, hidden = x.shape
        size = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(n, length, self.heads, size).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size) + bias
        probs = self.dropout(scores.softmax(dim=-1))
        return (probs @ v).transpose(1, 2).reshape(n, length, hidden)


class _Output(nn.Module):
    def __init__(self, c: dict, inner: int) -> None:
        super().__init__()
        self.dense = nn.Linear(inner, c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.dropout = nn.Dropout(c["hidden_dropout_prob"])

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class _Attention(nn.Module):
    def __init__(self, c: dict) -> None:
        super().__init__()
        setattr(self, "self", _SelfAttention(c))  # noqa: B010  (HF name: attention.self)
        self.output = _Output(c, c["hidden_size"])

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.output(getattr(self, "self")(x, bias), x)  # noqa: B009


class _Intermediate(nn.Module):
    def __init__(self, c: dict) -> None:
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.gelu(self.dense(x))


class _Layer(nn.Module):
    def __init__(self, c: dict) -> None:
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Intermediate(c)
        self.output = _Output(c, c["intermediate_size"])

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        x = self.attention(x, bias)
        return self.output(self.intermediate(x), x)


class _Encoder(nn.Module):
    def __init__(self, c: dict) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c["num_hidden_layers"]))


class Bert(nn.Module):
    """BERT without pooler: forward returns last hidden states [n, L, hidden]."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config)

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor | None = None
    ) -> torch.Tensor:
        if types is None:
            types = torch.zeros_like(ids)
        x = self.embeddings(ids, types)
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x

    @classmethod
    def from_directory(cls, directory: Path) -> Bert:
        """Build from ``config.json`` + ``model.safetensors`` (pooler and extras ignored)."""
        from safetensors.torch import load_file

        config = json.loads((Path(directory) / "config.json").read_text(encoding="utf-8"))
        model = cls(config)
        tensors = load_file(str(Path(directory) / "model.safetensors"))
        own = model.state_dict()
        state = {}
        for name, tensor in tensors.items():
            key = name.removeprefix("bert.")
            if key in own:
                state[key] = tensor.to(torch.float32)
        missing = sorted(set(own) - set(state))
        if missing:
            raise ValueError(f"{directory}: weights lack {missing[:3]}")
        model.load_state_dict(state)
        return model


def mean_pool(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean over the attention mask, then L2 normalisation (as MiniLM.embed does)."""
    m = mask.to(states.dtype)[:, :, None]
    pooled = (states * m).sum(dim=1) / m.sum(dim=1).clamp(min=1e-9)
    return nn.functional.normalize(pooled, dim=1)
