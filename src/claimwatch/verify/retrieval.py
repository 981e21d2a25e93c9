"""Find the fact-checks already written about a post: a lexical index over known claims.

    index = ClaimIndex.build([KnownClaim("sn-1", "Eating carrots cures myopia.", "Carrots?")])
    hits = index.search("Just read that #CarrotsCureMyopia pic.twitter.com/x1", k=20)
    hits[0].doc_id, hits[0].rank                      # "sn-1", 1

Pure: no file or network I/O. The score of a known claim for a query is

    BM25F(the query's distinct words; fields: claim text, title)     k1, b, title_weight
    + coverage_weight · (idf mass of the claim text's words found in the query
                         / idf mass of all the claim text's words)

BM25F mixes the two fields' length-normalised term counts before saturation, so a word
in both the claim and its title counts more, but never twice as much. Coverage asks the
question from the other side: posts are long and known claims short, so a claim whose
rare words are *all* in the post beats one that shares a single rare word with it.
Every term's contribution to every claim does not depend on the query, so it is computed
once when the index is built and stored as postings (claim rows int32, impacts float32,
one CSR-like layout); a search adds up the postings of the query's terms with one
``numpy.bincount`` over the collection. Every query gets ``k`` hits (ties, including
the all-zero scores of a query with no known word, keep collection order).

Text is normalised for social-media posts: URLs and ``pic.twitter.com`` links (also when
glued to the word before) and HTML entities are removed; ``#hashtags`` and ``@handles``
keep their joined form and add their CamelCase parts (``#PizzaGate`` → pizzagate, pizza,
gate); words are case-folded, accents stripped, a small stop-list dropped and a light
suffix stemmer applied. The ``— Name (@handle) Month D, YYYY`` trailer of embedded tweets
is kept on purpose: the author's name and the month and year match fact-checks ("Clint
Eastwood wrote…", "…in June 2019"). Parameters (``RetrievalParams``) were chosen on the
CLEF-2020 CheckThat! task 2 training tweets (bench/retrieval.py); adjacent-word bigrams
and query term counts were tried there and did not help.

This index is the lexical half of ``claimwatch.verify.hybrid.HybridIndex``, which fuses it
with sentence-embedding cosines (better, ~40 ms a query instead of ~0.4 ms); both rank
with :func:`rank_hits`, so their ties break the same way.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

VERSION = "retrieval.v1"


@dataclass(frozen=True)
class KnownClaim:
    """A fact-checked claim: its id, the claim as the fact-checker worded it, the title of
    the fact-check (may be empty)."""

    id: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Hit:
    """One ranked known claim; ``rank`` starts at 1."""

    doc_id: str
    score: float
    rank: int


@dataclass(frozen=True)
class RetrievalParams:
    """Ranking parameters; the defaults were chosen on CheckThat! 2020 task 2 train."""

    k1: float = 1.2
    b: float = 0.75
    title_weight: float = 1.0
    coverage_weight: float = 4.0
    stem: bool = True

    def __post_init__(self) -> None:
        if self.k1 <= 0 or not 0 <= self.b <= 1 or self.title_weight < 0:
            raise ValueError(f"bad retrieval parameters {self}: need k1 > 0, 0 ≤ b ≤ 1")
        if self.coverage_weight < 0:
            raise ValueError(f"bad retrieval parameters {self}: coverage_weight < 0")


# -- text normalisation ---------------------------------------------------------------------

_PIC = re.compile(r"pic\.twitter\.com/\w+", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_TAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile(r"['’`´]s\b|['’`´]")

_STOPWORDS = """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t d ll m re ve y o amp via rt pic twitter
    com https http www co"""
STOPWORDS = frozenset(_STOPWORDS.split())


def split_tag(tag: str) -> list[str]:
    """The parts of a hashtag or handle body: ``PizzaGate`` → [Pizza, Gate],
    ``COVID19Facts`` → [COVID, 19, Facts], ``real_donald_trump`` → [real, donald, trump]."""
    parts: list[str] = []
    for chunk in tag.split("_"):
        parts.extend(_CAMEL.findall(chunk) or [chunk])
    return [part for part in parts if part]


def _expand_tag(match: re.Match[str]) -> str:
    body = match.group(1)
    parts = split_tag(body)
    if len(parts) <= 1:
        return f" {body} "
    return f" {body} {' '.join(parts)} "


def strip_links(text: str) -> str:
    """Post text without HTML entities, URLs and ``pic.twitter.com`` links."""
    return _URL.sub(" ", _PIC.sub(" ", html.unescape(text)))


def normalise(text: str) -> str:
    """Post text without links and markup, with hashtags and handles expanded."""
    return _TAG.sub(_expand_tag, strip_links(text))


_SUFFIXES = (  # (suffix, replacement, shortest stem kept)
    ("ies", "y", 3),
    ("sses", "ss", 3),
    ("ness", "", 4),
    ("ing", "", 4),
    ("ed", "", 4),
    ("ly", "", 4),
    ("es", "e", 4),
    ("s", "", 3),
)


def stem(word: str) -> str:
    """A light, conservative English suffix stemmer: plurals, -ing, -ed, -ly, -ness."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement, keep in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + replacement
    return word


def tokenize(text: str, *, stemmed: bool = True) -> list[str]:
    """Case-folded, accent-stripped, stop-listed (and stemmed) word tokens, in order."""
    text = unicodedata.normalize("NFKD", normalise(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHE.sub("", text.casefold())
    words = [w for w in _WORD.findall(text) if w not in STOPWORDS and w.strip("_")]
    return [stem(w) for w in words] if stemmed else words


# -- the index --------------------------------------------------------------------------


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    return np.log1p((n - df + 0.5) / (df + 0.5))


class _Postings:
    """term id → (claim rows, impacts), stored as one CSR-like triple of arrays."""

    def __init__(self, terms: np.ndarray, rows: np.ndarray, impacts: np.ndarray, size: int):
        order = np.lexsort((rows, terms))
        self.rows = rows[order].astype(np.int32)
        self.impacts = impacts[order].astype(np.float32)
        self.offsets = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=size), out=self.offsets[1:])

    def accumulate(self, term_ids: Sequence[int], n: int) -> np.ndarray:
        """Sum of the terms' impacts per claim row (float64, length ``n``)."""
        spans = [(self.offsets[t], self.offsets[t + 1]) for t in term_ids]
        spans = [(lo, hi) for lo, hi in spans if hi > lo]
        if not spans:
            return np.zeros(n, dtype=np.float64)
        rows = np.concatenate([self.rows[lo:hi] for lo, hi in spans])
        impacts = np.concatenate([self.impacts[lo:hi] for lo, hi in spans])
        return np.bincount(rows, weights=impacts, minlength=n)

    @property
    def nbytes(self) -> int:
        return int(self.rows.nbytes + self.impacts.nbytes + self.offsets.nbytes)


@dataclass
class _Field:
    """Term counts of one field for every claim: parallel (term, row, count) arrays."""

    terms: np.ndarray
    rows: np.ndarray
    counts: np.ndarray
    lengths: np.ndarray

    def normalised_tf(self, b: float) -> np.ndarray:
        average = max(float(self.lengths.mean()) if self.lengths.size else 0.0, 1e-9)
        norm = 1.0 - b + b * self.lengths / average
        return self.counts / norm[self.rows]


def _count(docs: Sequence[Sequence[str]], vocab: dict[str, int]) -> _Field:
    terms: list[int] = []
    rows: list[int] = []
    counts: list[int] = []
    for row, tokens in enumerate(docs):
        for token, count in Counter(tokens).items():
            terms.append(vocab.setdefault(token, len(vocab)))
            rows.append(row)
            counts.append(count)
    return _Field(
        np.asarray(terms, dtype=np.int64),
        np.asarray(rows, dtype=np.int64),
        np.asarray(counts, dtype=np.float64),
        np.asarray([len(tokens) for tokens in docs], dtype=np.float64),
    )


class ClaimIndex:
    """Ranks known claims for a query text; build it with :meth:`build`."""

    def __init__(
        self,
        ids: list[str],
        vocab: dict[str, int],
        bm25f: _Postings,
        presence: _Postings,
        idf_mass: np.ndarray,
        params: RetrievalParams,
    ) -> None:
        self.ids = ids
        self.vocab = vocab
        self.params = params
        self._bm25f = bm25f
        self._presence = presence
        self._idf_mass = idf_mass

    @classmethod
    def build(
        cls, claims: Sequence[KnownClaim], params: RetrievalParams | None = None
    ) -> ClaimIndex:
        """Index ``claims`` (ids must be unique) with ``params`` (default: the tuned ones)."""
        params = params or RetrievalParams()
        ids = [claim.id for claim in claims]
        counted = Counter(ids)
        if len(counted) != len(ids):
            duplicate = next(i for i, c in counted.items() if c > 1)
            raise ValueError(f"claim id {duplicate!r} appears more than once")
        n = len(claims)
        vocab: dict[str, int] = {}
        text = _count([tokenize(c.text, stemmed=params.stem) for c in claims], vocab)
        title = _count([tokenize(c.title, stemmed=params.stem) for c in claims], vocab)
        size = len(vocab)
        # BM25F: field-weighted normalised tf summed per (term, claim), then saturated.
        terms = np.concatenate([text.terms, title.terms])
        rows = np.concatenate([text.rows, title.rows])
        tf = np.concatenate(
            [text.normalised_tf(params.b), params.title_weight * title.normalised_tf(params.b)]
        )
        pairs, inverse = np.unique(terms * max(n, 1) + rows, return_inverse=True)
        summed = np.bincount(inverse, weights=tf)
        terms, rows = pairs // max(n, 1), pairs % max(n, 1)
        idf = _idf(np.bincount(terms, minlength=size).astype(np.float64), n)
        k1 = params.k1
        bm25f = _Postings(terms, rows, idf[terms] * summed * (k1 + 1.0) / (summed + k1), size)
        # Coverage: the idf of each of the claim text's own words, and their total.
        presence = _Postings(text.terms, text.rows, idf[text.terms], size)
        idf_mass = np.bincount(text.rows, weights=idf[text.terms], minlength=n)
        return cls(ids, vocab, bm25f, presence, np.maximum(idf_mass, 1e-9), params)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Bytes held by the numpy arrays (the vocabulary and ids are extra)."""
        return self._bm25f.nbytes + self._presence.nbytes + int(self._idf_mass.nbytes)

    def scores(self, query: str) -> np.ndarray:
        """The score of every claim for ``query`` (float64, collection order)."""
        n = len(self.ids)
        tokens = tokenize(query, stemmed=self.params.stem)
        known = sorted({self.vocab[t] for t in tokens if t in self.vocab})
        scores = self._bm25f.accumulate(known, n)
        if self.params.coverage_weight and known:
            covered = self._presence.accumulate(known, n)
            scores += self.params.coverage_weight * covered / self._idf_mass
        return scores

    def search(self, query: str, k: int = 20) -> list[Hit]:
        """The ``k`` best claims (fewer only when the index is smaller), best first; ties
        keep collection order, so a query with no known word still gets ``k`` hits."""
        if min(k, len(self.ids)) <= 0:
            return []
        return rank_hits(self.ids, self.scores(query), k)


def rank_hits(ids: Sequence[str], scores: np.ndarray, k: int) -> list[Hit]:
    """The ``k`` best of ``ids`` by ``scores`` (fewer only when there are fewer ids), best
    first; equal scores keep the order of ``ids``."""
    k = min(k, len(ids))
    if k <= 0:
        return []
    if k < len(scores):
        # Every claim scoring at least the k-th best: argpartition may cut a tie.
        kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
        candidates = np.flatnonzero(scores >= kth)
    else:
        candidates = np.arange(len(scores))
    order = candidates[np.lexsort((candidates, -scores[candidates]))][:k]
    return [
        Hit(ids[row], float(scores[row]), rank) for rank, row in enumerate(order.tolist(), start=1)
    ]
