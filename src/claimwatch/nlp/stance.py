"""Stance of a text toward a claim: agree / disagree / discuss / unrelated (``stance.v1``).

Two stages, trained by ``claimwatch train stance`` on FNC-1 (see docs/MODEL_STANCE.md):

1. **related or not**: a small numpy MLP over cheap lexical features (TF-IDF cosine of the
   claim with the text and with its best sentences, word/bigram/number overlap);
2. **agree / disagree / discuss** for related pairs: a fine-tuned MiniLM cross-encoder run
   by claimwatch's numpy encoder on (claim, the text's sentences most similar to the
   claim), its mean-pooled output joined with refutation / hedging cue counts, then a
   linear head.

Inference needs numpy, tokenizers and safetensors only; it is pure (no I/O after loading).
The text may be a whole article body or a single statement.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

COMPONENT = "stance.v1"
LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS = ("agree", "disagree", "discuss")
WEIGHTS_DIR = Path(__file__).resolve().parent.parent / "weights" / "stance"

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")

STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during
    before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no
    nor only own same so than too very s t can will just don should now i me my we our you
    your he him his she her it its they them their what which who whom this that these
    those am is are was were be been being have has had having do does did doing would
    could as until while also said says say via new one two us after""".split()  # noqa: SIM905
)
# Cue words: words that deny or debunk, and words that report without endorsing.
REFUTE = frozenset(
    """fake fraud hoax false deny denies denied denial not despite nope doubt doubts bogus
    debunk debunked debunks pranks retract retracted retraction untrue misleading rumour
    rumor rumors rumours fabricated baseless refuted refutes refute dismissed dismisses
    never no nothing incorrect wrong satire satirical myth""".split()  # noqa: SIM905
)
HEDGE = frozenset(
    """reportedly allegedly alleged claims claimed claim according rumoured rumored
    unconfirmed unverified may might could apparently purportedly supposedly suggests
    suggest appears appear believed possibly perhaps likely seems seem report reports
    reported sources source""".split()  # noqa: SIM905
)
NEGATION = frozenset("not no never n't nothing none neither nor cannot without".split())  # noqa: SIM905
EXCERPT_SENTENCES = 3
EXCERPT_WORDS_PER_SENTENCE = 50


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


def split_sentences(text: str) -> list[str]:
    """Sentences of a body: lines, then sentence ends followed by a capital or a digit."""
    out = []
    for line in text.splitlines():
        for piece in _SENTENCE_END.split(line.strip()):
            piece = piece.strip()
            if piece:
                out.append(piece)
    return out or [text.strip()]


class Idf:
    """Inverse document frequencies of words; unknown words get the largest value."""

    def __init__(self, table: dict[str, float]):
        self.table = table
        self.unknown = max(table.values(), default=1.0)

    @classmethod
    def fit(cls, documents: Sequence[str], min_df: int = 2) -> Idf:
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(content_words(doc)))
        n = len(documents)
        return cls(
            {
                w: round(math.log((1 + n) / (1 + c)) + 1.0, 4)
                for w, c in sorted(df.items())
                if c >= min_df
            }
        )

    def vector(self, tokens: Sequence[str]) -> dict[str, float]:
        counts = Counter(tokens)
        vec = {w: (1 + math.log(c)) * self.table.get(w, self.unknown) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(tokens))


@dataclass
class BodyView:
    """What the features need from one text, computed once per text."""

    sentences: list[str]
    sentence_vectors: list[dict[str, float]]
    sentence_words: list[set[str]]
    vector: dict[str, float]
    words: set[str]
    lead_words: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[str]
    n_words: int
    refute: int
    hedge: int

    @classmethod
    def of(cls, text: str, idf: Idf) -> BodyView:
        sentences = split_sentences(text)
        tokens = [content_words(s) for s in sentences]
        all_tokens = [w for t in tokens for w in t]
        plain = words(text)
        return cls(
            sentences=sentences,
            sentence_vectors=[idf.vector(t) for t in tokens],
            sentence_words=[set(t) for t in tokens],
            vector=idf.vector(all_tokens),
            words=set(all_tokens),
            lead_words={w for t in tokens[:2] for w in t},
            bigrams=_bigrams(plain),
            numbers=set(_NUMBER.findall(text)),
            n_words=len(plain),
            refute=sum(w in REFUTE for w in plain),
            hedge=sum(w in HEDGE for w in plain),
        )


RELATEDNESS_FEATURES = (
    "cosine_body",
    "cosine_best_sentence",
    "cosine_top3_mean",
    "word_overlap",
    "idf_word_overlap",
    "lead_overlap",
    "best_sentence_overlap",
    "bigram_overlap",
    "number_overlap",
    "has_numbers",
    "log_claim_words",
    "log_body_words",
)
CUE_FEATURES = (
    "refute_excerpt",
    "hedge_excerpt",
    "negation_excerpt",
    "refute_claim",
    "hedge_claim",
    "negation_claim",
    "refute_body_rate",
    "hedge_body_rate",
    "question_claim",
)


def relatedness_features(claim: str, body: BodyView, idf: Idf) -> tuple[np.ndarray, list[float]]:
    """Stage-1 features, plus each sentence's cosine with the claim (for the excerpt)."""
    claim_tokens = content_words(claim)
    claim_vec = idf.vector(claim_tokens)
    claim_set = set(claim_tokens)
    sims = [_dot(claim_vec, s) for s in body.sentence_vectors]
    top = sorted(sims, reverse=True)[:3]
    weights = {w: idf.table.get(w, idf.unknown) for w in claim_set}
    total_weight = sum(weights.values()) or 1.0
    n = len(claim_set) or 1
    bigrams = _bigrams(words(claim))
    numbers = set(_NUMBER.findall(claim))
    best_overlap = max((len(claim_set & s) / n for s in body.sentence_words), default=0.0)
    features = [
        _dot(claim_vec, body.vector),
        top[0] if top else 0.0,
        sum(top) / len(top) if top else 0.0,
        len(claim_set & body.words) / n,
        sum(v for w, v in weights.items() if w in body.words) / total_weight,
        len(claim_set & body.lead_words) / n,
        best_overlap,
        len(bigrams & body.bigrams) / len(bigrams) if bigrams else 0.0,
        len(numbers & body.numbers) / len(numbers) if numbers else 0.0,
        1.0 if numbers else 0.0,
        math.log1p(len(claim_tokens)),
        math.log1p(body.n_words),
    ]
    return np.asarray(features, dtype=np.float32), sims


def excerpt(body: BodyView, sims: Sequence[float], k: int = EXCERPT_SENTENCES) -> str:
    """The ``k`` sentences most similar to the claim, in text order, each clipped."""
    order = sorted(range(len(sims)), key=lambda i: (-sims[i], i))[:k]
    parts = []
    for i in sorted(order):
        tokens = body.sentences[i].split()
        parts.append(" ".join(tokens[:EXCERPT_WORDS_PER_SENTENCE]))
    return " ".join(parts)


def cue_features(claim: str, text_excerpt: str, body: BodyView) -> np.ndarray:
    ex, cl = words(text_excerpt), words(claim)
    per_word = 100.0 / max(body.n_words, 1)
    return np.asarray(
        [
            math.log1p(sum(w in REFUTE for w in ex)),
            math.log1p(sum(w in HEDGE for w in ex)),
            math.log1p(sum(w in NEGATION for w in ex)),
            math.log1p(sum(w in REFUTE for w in cl)),
            math.log1p(sum(w in HEDGE for w in cl)),
            math.log1p(sum(w in NEGATION for w in cl)),
            math.log1p(body.refute * per_word),
            math.log1p(body.hedge * per_word),
            1.0 if "?" in claim else 0.0,
        ],
        dtype=np.float32,
    )


@dataclass(frozen=True)
class StancePrediction:
    label: str
    score: float
    scores: dict[str, float]


@dataclass(frozen=True)
class PairFeatures:
    relatedness: np.ndarray  # [n, len(RELATEDNESS_FEATURES)]
    cues: np.ndarray  # [n, len(CUE_FEATURES)]
    excerpts: list[str]


def pair_features(claims: Sequence[str], texts: Sequence[str], idf: Idf) -> PairFeatures:
    """Features of every pair; each distinct text is analysed once."""
    views: dict[str, BodyView] = {}
    rel, cues, excerpts = [], [], []
    for claim, text in zip(claims, texts, strict=True):
        view = views.get(text)
        if view is None:
            view = views[text] = BodyView.of(text, idf)
        feats, sims = relatedness_features(claim, view, idf)
        ex = excerpt(view, sims)
        rel.append(feats)
        excerpts.append(ex)
        cues.append(cue_features(claim, ex, view))
    width_r, width_c = len(RELATEDNESS_FEATURES), len(CUE_FEATURES)
    return PairFeatures(
        np.stack(rel) if rel else np.zeros((0, width_r), np.float32),
        np.stack(cues) if cues else np.zeros((0, width_c), np.float32),
        excerpts,
    )


def relatedness_probability(x: np.ndarray, params: dict[str, np.ndarray]) -> np.ndarray:
    """Stage 1: standardise, one tanh hidden layer, sigmoid."""
    z = (x - params["rel.mean"]) / params["rel.std"]
    h = np.tanh(z @ params["rel.w1"].T + params["rel.b1"])
    logit = h @ params["rel.w2"].T + params["rel.b2"]
    return 1.0 / (1.0 + np.exp(-logit[:, 0]))


def stance_probabilities(
    pooled: np.ndarray, cues: np.ndarray, params: dict[str, np.ndarray]
) -> np.ndarray:
    """Stage 2 head: [pooled encoder output; standardised cues] → softmax over 3 labels."""
    z = (cues - params["cue.mean"]) / params["cue.std"]
    x = np.concatenate([pooled, z], axis=1)
    logits = x @ params["head.w"].T + params["head.b"]
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask.astype(np.float32)[:, :, None]
    return (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)


class StanceModel:
    """The shipped two-stage stance model; load with ``StanceModel.load()``."""

    def __init__(self, directory: Path, meta: dict, params: dict[str, np.ndarray], idf: Idf):
        self.directory = directory
        self.meta = meta
        self.params = params
        self.idf = idf
        features = meta["features"]
        self.max_length = int(features.get("inference_max_length", features["max_length"]))
        self.threshold = float(meta.get("threshold", 0.5))
        self.version = f"{COMPONENT}+{meta.get('weights_sha256', '')[:12]}"
        self._encoder = None
        self._threads: int | None = None

    @classmethod
    def load(cls, directory: Path | None = None, *, threads: int | None = None) -> StanceModel:
        """Load (and cache) the model in ``directory`` (default: the shipped weights)."""
        return _load_cached(str(directory or WEIGHTS_DIR), threads)

    @property
    def encoder(self):  # type: ignore[no-untyped-def]
        if self._encoder is None:
            from claimwatch.nlp.minilm import MiniLM

            self._encoder = MiniLM.load(
                self.directory / "encoder",
                threads=self._threads,
                sha256=self.meta.get("encoder_sha256"),
            )
        return self._encoder

    def predict(
        self, claims: Sequence[str], texts: Sequence[str], batch_size: int = 32
    ) -> list[StancePrediction]:
        """One prediction per (claim, text) pair, in order."""
        if len(claims) != len(texts):
            raise ValueError(f"{len(claims)} claims but {len(texts)} texts")
        feats = pair_features(claims, texts, self.idf)
        p_rel = relatedness_probability(feats.relatedness, self.params)
        related = [i for i in range(len(claims)) if p_rel[i] >= self.threshold]
        p_stance = np.zeros((len(claims), 3), dtype=np.float32)
        # Longest first keeps padding low inside each batch.
        related.sort(key=lambda i: -len(claims[i]) - len(feats.excerpts[i]))
        for start in range(0, len(related), batch_size):
            idx = related[start : start + batch_size]
            hidden, mask = self.encoder.encode_tokens(
                [claims[i] for i in idx],
                pairs=[feats.excerpts[i] for i in idx],
                max_length=self.max_length,
            )
            pooled = mean_pool(hidden, mask)
            p_stance[idx] = stance_probabilities(pooled, feats.cues[idx], self.params)
        out = []
        for i in range(len(claims)):
            rel = float(p_rel[i])
            scores = {"unrelated": 1.0 - rel}
            if rel >= self.threshold:
                for j, label in enumerate(RELATED_LABELS):
                    scores[label] = rel * float(p_stance[i, j])
            else:
                for label in RELATED_LABELS:
                    scores[label] = rel / 3
            label = (
                "unrelated" if rel < self.threshold else RELATED_LABELS[int(np.argmax(p_stance[i]))]
            )
            out.append(StancePrediction(label, round(scores[label], 4), scores))
        return out


@cache
def _load_cached(directory: str, threads: int | None) -> StanceModel:
    from safetensors.numpy import load_file

    from claimwatch.errors import ConfigError

    root = Path(directory)
    meta_path = root / "stance.json"
    if not meta_path.exists():
        raise ConfigError(
            f"{root}: no stance model here (stance.json missing); "
            "train one with `claimwatch train stance`"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    head_path = root / "head.safetensors"
    params = {k: v.astype(np.float32) for k, v in load_file(str(head_path)).items()}
    idf = Idf(json.loads((root / "idf.json").read_text(encoding="utf-8")))
    meta.setdefault("weights_sha256", hashlib.sha256(head_path.read_bytes()).hexdigest())
    model = StanceModel(root, meta, params, idf)
    model._threads = threads
    return model
