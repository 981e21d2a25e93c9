"""Story clustering on invented articles (fictional places and people)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from claimwatch.errors import ConfigError
from claimwatch.link.stories import (
    StoryClusterer,
    StoryConfig,
    StoryDocument,
    Vocabulary,
    cluster_online,
    term_counts,
    tfidf_vector,
)
from claimwatch.link.stories_batch import (
    agglomerate,
    cluster_batch,
    cluster_batch_scored,
    cluster_documents,
)

QUAKE_A1 = (
    "A magnitude 6.1 earthquake struck Velmora province on Tuesday.\n"
    "Officials in Velmora said 12 people died when houses collapsed in Karsk.\n"
    "Rescue teams from Dunmere searched the rubble in Karsk overnight."
)
QUAKE_A2 = (
    "Rescuers in Karsk pulled survivors from collapsed houses after the Velmora earthquake.\n"
    "The magnitude 6.1 quake killed 12 people, Velmora's governor Ilse Tramm said.\n"
    "Teams from Dunmere joined the search in Karsk."
)
QUAKE_B = (
    "A magnitude 5.4 earthquake hit the island of Orrun on Sunday.\n"
    "Authorities in Orrun said 3 people were injured in the port town of Belisk.\n"
    "Governor Pavo Lindqvist visited Belisk to inspect damaged houses."
)
REHAB = (
    "Singer Maribel Oakes checked into the Sunhaven clinic for treatment, her agent said.\n"
    "Oakes cancelled her tour of Brightwater and Fallow Bay."
)


def test_term_counts_marks_entities_and_numbers():
    counts = term_counts("Rescuers reached Karsk.\nThe 2019 quake killed 12.")
    assert counts["karsk"] == 1
    assert counts["@karsk"] == 1
    assert "@rescuers" not in counts  # a capital that only starts a sentence
    assert counts["#2019"] == 1 and counts["#12"] == 1
    assert "the" not in counts


def test_tfidf_vector_blocks_have_their_share():
    config = StoryConfig(entity_share=0.5)
    counts = term_counts(QUAKE_A1, config)
    vector = tfidf_vector(counts, Vocabulary.fit([counts]), config)
    words = sum(v * v for t, v in vector.items() if t[0] not in "@#")
    names = sum(v * v for t, v in vector.items() if t[0] in "@#")
    assert words == pytest.approx(0.5) and names == pytest.approx(0.5)


def test_story_clusterer_joins_same_event_and_separates_same_kind():
    clusterer = StoryClusterer()
    first = clusterer.add("a1", QUAKE_A1)
    other_quake = clusterer.add("b", QUAKE_B)
    same_quake = clusterer.add("a2", QUAKE_A2)
    rehab = clusterer.add("r", REHAB)
    assert same_quake == first
    assert other_quake != first
    assert rehab not in {first, other_quake}
    assert clusterer.stories[first].doc_ids == ["a1", "a2"]
    assert [a.new_story for a in clusterer.assignments] == [True, True, False, True]


def test_story_clusterer_respects_time_window():
    start = datetime(2031, 3, 1, 9, 0)
    clusterer = StoryClusterer(StoryConfig(window=timedelta(days=7)))
    first = clusterer.add("a1", QUAKE_A1, start)
    assert clusterer.add("a2", QUAKE_A2, start + timedelta(days=3)) == first
    # 7 days after the story's LAST article (day 3) is still open: day 9 joins ...
    assert clusterer.add("a3", QUAKE_A1 + " Aftershocks.", start + timedelta(days=9)) == first
    # ... but day 20 is more than 7 days after day 9: a new story.
    late = clusterer.add("a4", QUAKE_A2, start + timedelta(days=20))
    assert late != first
    story = clusterer.stories[first]
    assert story.first_published == start
    assert story.last_published == start + timedelta(days=9)


def test_story_clusterer_undated_articles_join_any_story():
    clusterer = StoryClusterer()
    first = clusterer.add("a1", QUAKE_A1, datetime(2031, 3, 1))
    assert clusterer.add("a2", QUAKE_A2, None) == first


def test_cluster_online_orders_by_date():
    docs = [
        StoryDocument("late", QUAKE_A2, datetime(2031, 3, 30)),
        StoryDocument("early", QUAKE_A1, datetime(2031, 3, 1)),
    ]
    clusters = cluster_online(docs)
    assert clusters["early"] == "s1"  # processed first although listed second
    assert clusters["late"] == "s2"  # 29 days later: outside the window


def test_agglomerate_average_linkage_on_small_matrix():
    similarity = np.array(
        [
            [1.0, 0.9, 0.1, 0.0],
            [0.9, 1.0, 0.3, 0.0],
            [0.1, 0.3, 1.0, 0.8],
            [0.0, 0.0, 0.8, 1.0],
        ]
    )
    assert agglomerate(similarity, 0.5) == [0, 0, 1, 1]
    # at 0.1 the two pairs merge: their average similarity is (0.1+0+0.3+0)/4 = 0.1
    assert agglomerate(similarity, 0.1) == [0, 0, 0, 0]
    assert agglomerate(similarity, 0.95) == [0, 1, 2, 3]
    assert agglomerate(np.zeros((0, 0)), 0.5) == []


def test_cluster_batch_separates_same_kind_and_keeps_window():
    docs = [
        StoryDocument("a1", QUAKE_A1),
        StoryDocument("a2", QUAKE_A2),
        StoryDocument("b", QUAKE_B),
        StoryDocument("r", REHAB),
    ]
    clusters = cluster_batch(docs)
    assert clusters["a1"] == clusters["a2"]
    assert len({clusters["a1"], clusters["b"], clusters["r"]}) == 3
    dated = [
        StoryDocument("a1", QUAKE_A1, datetime(2031, 3, 1)),
        StoryDocument("a2", QUAKE_A2, datetime(2031, 4, 1)),
    ]
    apart = cluster_batch(dated)
    assert apart["a1"] != apart["a2"]


def test_cluster_documents_rejects_unknown_method():
    with pytest.raises(ConfigError, match="unknown story clustering method"):
        cluster_documents([StoryDocument("a", QUAKE_A1)], method="kmeans")


def test_batch_stories_keep_the_earliest_articles_id_and_score_closeness():
    docs = [
        StoryDocument("a2", QUAKE_A2, datetime(2031, 3, 2)),
        StoryDocument("a1", QUAKE_A1, datetime(2031, 3, 1)),
        StoryDocument("r", REHAB, datetime(2031, 3, 1)),
    ]
    scored = cluster_batch_scored(docs)
    assert scored["a1"][0] == scored["a2"][0] != scored["r"][0]
    assert 0.2 <= scored["a1"][1] == scored["a2"][1] < 1.0  # one pair: the same mean
    assert scored["r"][1] == 1.0
    grown = cluster_batch_scored([*docs, StoryDocument("a3", QUAKE_A2, datetime(2031, 3, 3))])
    assert grown["a1"][0] == scored["a1"][0], "a story's id stays while it grows"


def test_batch_clusters_by_component_as_one_average_linkage_run_would():
    texts = [QUAKE_A1, QUAKE_A2, QUAKE_B, REHAB]
    docs = [StoryDocument(f"d{i}", t) for i, t in enumerate(texts * 3)]
    from claimwatch.link.stories_batch import _matrix, _vectors

    vectors = _vectors(docs, StoryConfig())
    matrix = _matrix(vectors)
    whole = agglomerate(matrix @ matrix.T, StoryConfig().batch_threshold)
    expected = {d.doc_id: f"g{label}" for d, label in zip(docs, whole, strict=True)}
    got = cluster_batch(docs)

    def partition(c):  # type: ignore[no-untyped-def]
        groups: dict[str, set[str]] = {}
        for doc, story in c.items():
            groups.setdefault(story, set()).add(doc)
        return sorted(sorted(g) for g in groups.values())

    assert partition(got) == partition(expected)
