"""Fingerprints that find the same text again: an exact content hash and a MinHash
signature over word shingles, with LSH bands to find near-duplicate candidates fast."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_rng = np.random.default_rng(20260302)
_A = _rng.integers(1, 2**31, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**31, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Fingerprint:
    content_hash: str
    signature: bytes  # NUM_PERM little-endian uint32 values; empty for very short texts
    bands: tuple[int, ...]  # one signed 64-bit key per LSH band


def content_hash(text: str) -> str:
    """sha256 of the whitespace-normalised text: equal for texts that differ only in spacing."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def fingerprint(text: str) -> Fingerprint:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE * 2:
        return Fingerprint(content_hash(text), b"", ())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = np.fromiter((_hash32(s) for s in shingles), dtype=np.uint64, count=len(shingles))
    signature = ((np.outer(hashes, _A) + _B) % _PRIME).min(axis=0).astype(np.uint32)
    return Fingerprint(content_hash(text), signature.tobytes(), _band_keys(signature))


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets from their signatures."""
    if not sig_a or not sig_b:
        return 0.0
    a = np.frombuffer(sig_a, dtype=np.uint32)
    b = np.frombuffer(sig_b, dtype=np.uint32)
    return float(np.mean(a == b))


def _hash32(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=4).digest(), "little")


def _band_keys(signature: np.ndarray) -> tuple[int, ...]:
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return tuple(keys)
