"""Story clustering: articles that report the same real-world event become one story.

The hard case is "same kind of story" versus "same story": two earthquakes, two rehab
check-ins, two bank robberies share almost all their vocabulary and differ in who, where
and when. So each article is a sparse TF-IDF vector (sublinear term frequency, English
stop words removed) over three kinds of term, each with its own weight:

- words: every content word, lower-cased;
- entity-like tokens (``@word``): capitalised words that do not start a sentence, i.e.
  names of people, places, organisations, products;
- numbers (``#12``): figures, years, death tolls, magnitudes.

Two ways to group the vectors:

- ``StoryClusterer`` is the online one: articles arrive one by one (in date order when
  dates are known); each joins the most similar open story when the cosine similarity to
  that story's centroid reaches ``threshold``, else starts a new story. A story whose
  last article is older than ``window`` (relative to the new article) is closed for
  joining. IDF comes from the documents seen so far, or from a ``Vocabulary`` given up
  front (``cluster_online`` fits it on the batch).
- ``link/stories_batch.py`` is average-linkage clustering on the same vectors, merging
  while the average similarity is at least ``batch_threshold``, computed one connected
  component at a time; it is what ``claimwatch link`` uses (better on unseen topics).

Pure: no I/O. Parameters were chosen on the ECB+ train topics only
(``bench/stories.py --sweep``): each threshold is the grid point with the best train
B³-F1 averaged with its two neighbours, since the raw train curve is jagged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from claimwatch.errors import ConfigError

STOPWORDS = frozenset(
    """a about above after again against all almost also although am among an and another
    any are around as at be because been before being below between both but by can could
    did do does doing done down during each either else even ever every few for from
    further had has have having he her here hers herself him himself his how however i if
    in into is it its itself just least less like many may me might more most much must my
    myself neither no nor not now of off often on once one only or other others our ours
    ourselves out over own per perhaps rather said same say says several she should since
    so some such than that the their theirs them themselves then there these they this
    those though through thus to too two under until up upon us very via was we well were
    what when where whether which while who whom whose why will with within without would
    yet you your yours yourself yourselves told tell according added asked including
    get got make made would've it's he's she's that's there's i'm we're they're""".split()  # noqa: SIM905
)

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
_PREFIX_ENTITY = "@"
_PREFIX_NUMBER = "#"
_YEAR = re.compile(r"(?:19|20)\d\d")
_PREFIXES = (_PREFIX_ENTITY, _PREFIX_NUMBER)


@dataclass(frozen=True)
class StoryConfig:
    """Every knob of story clustering; defaults are the ones tuned on ECB+ train."""

    threshold: float = 0.25  # online: join a story at this cosine to its centroid
    batch_threshold: float = 0.2  # batch: merge clusters at this average similarity
    entity_weight: float = 0.5  # weight of @entity terms relative to each other kind
    number_weight: float = 0.5  # weight of #number terms
    year_weight: float = 1.5  # weight of #number terms that look like years (1900-2099)
    linkage: str = "centroid"  # online: "centroid" cosine, or "average" similarity to members
    lead_sentences: int = 0  # the first N sentences (headline, lead) count lead_weight x
    lead_weight: float = 1.0
    entity_share: float = 0.5  # > 0: score = (1-share) cos(words) + share cos(entities)
    window: timedelta = timedelta(days=7)  # a story takes articles this long after its last


@dataclass
class Vocabulary:
    """Document frequencies; IDF is smoothed: ln((1 + n) / (1 + df)) + 1."""

    df: Counter[str] = field(default_factory=Counter)
    n_docs: int = 0

    def add(self, terms: Iterable[str]) -> None:
        self.df.update(set(terms))
        self.n_docs += 1

    def idf(self, term: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.df.get(term, 0))) + 1.0

    @classmethod
    def fit(cls, term_counts: Iterable[Mapping[str, float]]) -> Vocabulary:
        vocabulary = cls()
        for counts in term_counts:
            vocabulary.add(counts)
        return vocabulary


@dataclass
class Story:
    """One story: its articles in arrival order and the sum of their unit vectors."""

    story_id: str
    doc_ids: list[str]
    first_published: datetime | None
    last_published: datetime | None
    vector_sum: dict[str, float]

    def centroid(self, entity_share: float = 0.0) -> dict[str, float]:
        return _normalise(self.vector_sum, entity_share)


@dataclass(frozen=True)
class Assignment:
    """Where one article went: its story, the similarity that decided it, new or joined."""

    doc_id: str
    story_id: str
    similarity: float
    new_story: bool


@dataclass(frozen=True)
class StoryDocument:
    """Input of the batch functions: an article's id, text and (optional) date."""

    doc_id: str
    text: str
    published: datetime | None = None


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE.split(text) if part.strip()]


def term_counts(text: str, config: StoryConfig = StoryConfig()) -> Counter[str]:
    """Weighted counts of word, ``@entity`` and ``#number`` terms of one article."""
    counts: Counter[str] = Counter()
    for index, sentence in enumerate(sentences(text)):
        weight = config.lead_weight if index < config.lead_sentences else 1.0
        tokens = _TOKEN.findall(sentence)
        for position, token in enumerate(tokens):
            if token[0].isdigit():
                if config.number_weight > 0:
                    counts[_PREFIX_NUMBER + token.replace(",", "")] += weight
                continue
            lower = token.lower().replace("’", "'")
            if lower in STOPWORDS or len(lower) < 2:
                continue
            counts[lower] += weight
            if config.entity_weight > 0 and position > 0 and token[0].isupper():
                counts[_PREFIX_ENTITY + lower] += weight
    return counts


def _class_weight(term: str, config: StoryConfig) -> float:
    if term[0] == _PREFIX_ENTITY:
        return config.entity_weight
    if term[0] == _PREFIX_NUMBER:
        return config.year_weight if _YEAR.fullmatch(term, 1) else config.number_weight
    return 1.0


def _normalise(vector: Mapping[str, float], entity_share: float = 0.0) -> dict[str, float]:
    """Unit length; with ``entity_share`` > 0 the word block and the entity+number block
    are each normalised on their own, to squared lengths 1 - share and share, so that a
    dot product is ``(1 - share) * cos(words) + share * cos(entities)``."""
    if entity_share <= 0.0:
        norm = math.sqrt(sum(value * value for value in vector.values()))
        return {term: value / norm for term, value in vector.items()} if norm else {}
    squares = [0.0, 0.0]
    for term, value in vector.items():
        squares[term[0] in _PREFIXES] += value * value
    scale = [
        math.sqrt(share / square) if square else 0.0
        for share, square in zip((1.0 - entity_share, entity_share), squares, strict=True)
    ]
    return {term: value * scale[term[0] in _PREFIXES] for term, value in vector.items()}


def tfidf_vector(
    counts: Mapping[str, float], vocabulary: Vocabulary, config: StoryConfig = StoryConfig()
) -> dict[str, float]:
    """Unit-length sublinear TF-IDF vector of one article's term counts."""
    weights = {
        term: (1.0 + math.log(count)) * vocabulary.idf(term) * _class_weight(term, config)
        for term, count in counts.items()
        if count > 0
    }
    return _normalise(weights, config.entity_share)


def _dot(small: Mapping[str, float], large: Mapping[str, float]) -> float:
    if len(small) > len(large):
        small, large = large, small
    return sum(value * large.get(term, 0.0) for term, value in small.items())


class StoryClusterer:
    """Online, time-aware story clustering: ``add`` one article at a time.

    Without ``vocabulary`` the IDF is that of the documents added so far (the new one
    included); with one, that vocabulary is used as given and never updated.
    """

    def __init__(
        self, config: StoryConfig = StoryConfig(), vocabulary: Vocabulary | None = None
    ) -> None:
        if config.linkage not in ("centroid", "average"):
            raise ConfigError(f"unknown linkage {config.linkage!r}; use 'centroid' or 'average'")
        self.config = config
        self._fixed_vocabulary = vocabulary is not None
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary()
        self.stories: dict[str, Story] = {}
        self.assignments: list[Assignment] = []
        self._centroids: dict[str, dict[str, float]] = {}  # story id -> unit centroid

    def _open(self, published: datetime | None) -> list[Story]:
        if published is None:
            return list(self.stories.values())
        window = self.config.window
        return [
            story
            for story in self.stories.values()
            if story.last_published is None or abs(published - story.last_published) <= window
        ]

    def add(self, doc_id: str, text: str, published: datetime | None = None) -> str:
        """The id of the story the article joins or starts."""
        return self.assign(doc_id, text, published).story_id

    def assign(self, doc_id: str, text: str, published: datetime | None = None) -> Assignment:
        counts = term_counts(text, self.config)
        if not self._fixed_vocabulary:
            self.vocabulary.add(counts)
        vector = tfidf_vector(counts, self.vocabulary, self.config)
        best: Story | None = None
        best_similarity = 0.0
        for story in self._open(published):
            similarity = self._similarity(vector, story)
            if similarity > best_similarity:
                best, best_similarity = story, similarity
        if best is not None and best_similarity >= self.config.threshold:
            self._join(best, doc_id, vector, published)
            assignment = Assignment(doc_id, best.story_id, best_similarity, new_story=False)
        else:
            story_id = f"s{len(self.stories) + 1}"
            story = Story(story_id, [], published, published, {})
            self.stories[story_id] = story
            self._join(story, doc_id, vector, published)
            assignment = Assignment(doc_id, story_id, best_similarity, new_story=True)
        self.assignments.append(assignment)
        return assignment

    def _similarity(self, vector: Mapping[str, float], story: Story) -> float:
        if self.config.linkage == "average":
            return _dot(vector, story.vector_sum) / len(story.doc_ids)
        return _dot(vector, self._centroids[story.story_id])

    def _join(
        self, story: Story, doc_id: str, vector: Mapping[str, float], published: datetime | None
    ) -> None:
        story.doc_ids.append(doc_id)
        for term, value in vector.items():
            story.vector_sum[term] = story.vector_sum.get(term, 0.0) + value
        if published is not None:
            if story.first_published is None or published < story.first_published:
                story.first_published = published
            if story.last_published is None or published > story.last_published:
                story.last_published = published
        self._centroids[story.story_id] = story.centroid(self.config.entity_share)


def _in_date_order(docs: Sequence[StoryDocument]) -> list[StoryDocument]:
    """Dated documents by date, undated ones after them; ties keep input order."""
    return sorted(docs, key=lambda doc: (doc.published is None, doc.published or datetime.min))


def cluster_online(
    docs: Sequence[StoryDocument],
    config: StoryConfig = StoryConfig(),
    *,
    batch_idf: bool = True,
    keep_order: bool = False,
) -> dict[str, str]:
    """``{doc_id: story_id}`` from the online clusterer, fed in date order (or in the
    given order with ``keep_order``). ``batch_idf`` fits the IDF on all of ``docs`` first;
    without it the IDF grows with the stream, as in the product."""
    vocabulary = None
    if batch_idf:
        vocabulary = Vocabulary.fit(term_counts(doc.text, config) for doc in docs)
    clusterer = StoryClusterer(config, vocabulary)
    ordered = list(docs) if keep_order else _in_date_order(docs)
    return {doc.doc_id: clusterer.add(doc.doc_id, doc.text, doc.published) for doc in ordered}
