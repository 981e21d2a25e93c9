"""The known-claim index: normalisation, ranking, ties, every query answered."""

from __future__ import annotations

import pytest

from claimwatch.verify.retrieval import (
    ClaimIndex,
    Hit,
    KnownClaim,
    RetrievalParams,
    normalise,
    split_tag,
    stem,
    tokenize,
)

CLAIMS = [
    KnownClaim("fc-1", "The Varnholt bridge collapsed after a storm in May 2031.", "Bridge?"),
    KnownClaim("fc-2", "Mayor Ilsa Brenner banned bicycles from the old town.", "Bike ban"),
    KnownClaim("fc-3", "A photograph shows a giant squid on Pellow beach.", "Giant squid?"),
    KnownClaim("fc-4", "Pizza shops in Orvik closed because of a cheese shortage.", ""),
]


@pytest.fixture(scope="module")
def index() -> ClaimIndex:
    return ClaimIndex.build(CLAIMS)


def test_split_tag_splits_camel_case_digits_and_underscores() -> None:
    assert split_tag("PizzaGate") == ["Pizza", "Gate"]
    assert split_tag("COVID19Facts") == ["COVID", "19", "Facts"]
    assert split_tag("real_ilsa_brenner") == ["real", "ilsa", "brenner"]
    assert split_tag("varnholt") == ["varnholt"]


def test_tokenize_expands_hashtags_and_handles() -> None:
    tokens = tokenize("Wow #GiantSquid seen by @PellowBeachNews", stemmed=False)
    assert tokens[:3] == ["wow", "giantsquid", "giant"]
    assert "squid" in tokens and "pellowbeachnews" in tokens and "beach" in tokens


def test_normalise_strips_urls_and_glued_pic_links() -> None:
    text = normalise("Storm!#VarnholtBridgepic.twitter.com/Ab12Cd https://t.co/x9 &amp; more")
    assert "twitter" not in text and "t.co" not in text and "http" not in text
    assert "VarnholtBridge Varnholt Bridge" in text and "&" in text


def test_stem_folds_plurals_and_keeps_short_words() -> None:
    assert stem("bicycles") == stem("bicycle")
    assert stem("stories") == "story"
    assert stem("bus") == "bus" and stem("news") == "new" and stem("2031") == "2031"


def test_search_ranks_the_matching_claim_first(index: ClaimIndex) -> None:
    hits = index.search("OMG the #VarnholtBridge just collapsed!! pic.twitter.com/Zz9", k=3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].doc_id == "fc-1"
    assert hits[0].score > hits[1].score


def test_search_uses_the_title_field() -> None:
    claims = [KnownClaim("a", "A fish story.", "Trombones on Mars"), KnownClaim("b", "x", "y")]
    assert ClaimIndex.build(claims).search("mars trombones", 1)[0].doc_id == "a"


def test_search_answers_a_query_with_no_known_word(index: ClaimIndex) -> None:
    hits = index.search("zzqx unknownword", k=3)
    assert [h.doc_id for h in hits] == ["fc-1", "fc-2", "fc-3"]  # collection order
    assert all(h.score == 0.0 for h in hits)
    assert index.search("", k=10) == [
        Hit(c.id, 0.0, rank) for rank, c in enumerate(CLAIMS, start=1)
    ]


def test_search_returns_k_hits_or_the_whole_index(index: ClaimIndex) -> None:
    assert len(index.search("squid", k=2)) == 2
    assert len(index.search("squid", k=50)) == len(CLAIMS)
    assert index.search("squid", k=0) == []


def test_search_is_deterministic_on_ties() -> None:
    claims = [KnownClaim(f"c{i}", "same words here", "") for i in range(30)]
    hits = ClaimIndex.build(claims).search("same words", k=20)
    assert [h.doc_id for h in hits] == [f"c{i}" for i in range(20)]


def test_coverage_prefers_the_claim_whose_words_are_all_in_the_post() -> None:
    claims = [
        KnownClaim("long", "Cheese shortage hits Orvik while pizza ovens stay cold all winter"),
        KnownClaim("short", "Cheese shortage in Orvik"),
    ]
    post = "There is a cheese shortage in Orvik, people say"
    plain = ClaimIndex.build(claims, RetrievalParams(coverage_weight=0.0)).scores(post)
    covered = ClaimIndex.build(claims).scores(post)
    assert covered[1] - covered[0] > plain[1] - plain[0]


def test_build_rejects_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="fc-9"):
        ClaimIndex.build([KnownClaim("fc-9", "a"), KnownClaim("fc-9", "b")])


def test_params_reject_out_of_range_values() -> None:
    with pytest.raises(ValueError, match="k1"):
        RetrievalParams(k1=0.0)
    with pytest.raises(ValueError):
        RetrievalParams(b=1.5)


def test_index_reports_its_array_memory(index: ClaimIndex) -> None:
    assert len(index) == 4
    assert 0 < index.nbytes < 10_000


def test_empty_index_answers_with_nothing() -> None:
    assert ClaimIndex.build([]).search("anything", 5) == []
