"""Check-worthiness: how likely a sentence holds a factual claim worth checking.

A MiniLM-L6 encoder fine-tuned by ``claimwatch train checkworthy`` on CLEF CheckThat!
2024 task 1 (English), run in numpy (:mod:`claimwatch.nlp.minilm`), mean-pooled, then a
linear head and a sigmoid. The weights ship in ``claimwatch/weights/checkworthy`` and
are checked against the sha256 recorded in its ``checkworthy.json``.

    model = CheckWorthiness.load()
    probabilities = model.score(["Unemployment fell to 4 percent.", "Thank you all."])
    worthy = probabilities >= model.threshold
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from claimwatch.errors import ConfigError
from claimwatch.nlp.minilm import MiniLM, file_sha256

WEIGHTS_DIR = Path(__file__).resolve().parent.parent / "weights" / "checkworthy"
META_FILE = "checkworthy.json"


class CheckWorthiness:
    """Fine-tuned MiniLM + linear head; ``score`` returns P(check-worthy) per text."""

    def __init__(
        self, encoder: MiniLM, weight: np.ndarray, bias: float, meta: dict[str, object]
    ) -> None:
        self.encoder = encoder
        self.weight = weight.astype(np.float32)
        self.bias = np.float32(bias)
        self.meta = meta
        self.threshold = float(meta["threshold"])  # type: ignore[arg-type]
        self.max_length = int(meta.get("max_length", 64))  # type: ignore[call-overload]
        sha = str(meta.get("weights_sha256", ""))
        #: provenance for derived rows, e.g. "checkworthy.v1+1a2b3c4d5e6f"
        self.version = f"{meta.get('version', 'checkworthy')}+{sha[:12]}"

    @classmethod
    def load(cls, directory: Path | None = None, *, threads: int | None = None) -> CheckWorthiness:
        """The shipped model (cached); or a directory written by ``claimwatch train``."""
        if directory is None:
            return _shipped(threads)
        return cls._load(Path(directory), threads)

    @classmethod
    def _load(cls, directory: Path, threads: int | None) -> CheckWorthiness:
        from safetensors.numpy import load_file

        meta_path = directory / META_FILE
        if not meta_path.is_file():
            raise ConfigError(
                f"{meta_path} is missing: not a check-worthiness model directory "
                "(write one with: claimwatch train checkworthy --out DIR)"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        head_path = directory / "head.safetensors"
        if not head_path.is_file():
            raise ConfigError(f"{head_path} is missing: the model directory is incomplete")
        if file_sha256(head_path) != meta.get("head_sha256"):
            raise ConfigError(f"{head_path} does not match the sha256 in {meta_path}")
        encoder = MiniLM.load(directory, threads=threads, sha256=str(meta.get("weights_sha256")))
        head = load_file(str(head_path))
        return cls(encoder, head["weight"].reshape(-1), float(head["bias"].reshape(-1)[0]), meta)

    def score(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """P(check-worthy) for each text, float32 [n]."""
        if len(texts) == 0:
            return np.zeros(0, dtype=np.float32)
        vectors = self.encoder.embed(texts, max_length=self.max_length, batch_size=batch_size)
        logits = vectors @ self.weight + self.bias
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """True where the probability reaches the shipped threshold."""
        return self.score(texts) >= self.threshold


@lru_cache(maxsize=1)
def _shipped(threads: int | None) -> CheckWorthiness:
    return CheckWorthiness._load(WEIGHTS_DIR, threads)
