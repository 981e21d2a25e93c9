"""What NLP components find in an article: plain dataclasses pointing into the article's
text by character offsets (``text[start:end]``), so nothing drifts and the UI can
highlight it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StatementKind = Literal["direct", "reported", "mixed", "according_to"]
SpeechAct = Literal["assert", "deny", "confirm"]
ClaimAct = Literal["deny", "confirm", "report"]
SpeakerType = Literal[
    "person",
    "government_body",
    "military",
    "international_organisation",
    "media_outlet",
    "anonymous_official",
    "unknown",
]
EntityType = Literal["person", "organisation", "place", "group"]


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``[start, end)`` of the article text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Speaker:
    """Who a statement is attributed to: the words in the text (``mention``, maybe a
    pronoun or "the official"), what they resolve to (``name``: "Aurel Damsky",
    "the Defence Ministry", "an alliance official"), the span of that resolved mention
    (``antecedent``) and the speaker's type."""

    mention: Span | None
    name: str
    type: SpeakerType
    antecedent: Span | None = None


@dataclass(frozen=True)
class Statement:
    """One thing someone is reported to have said or written."""

    content: Span  # the words said (for direct quotes: inside the quotation marks)
    kind: StatementKind
    cue: Span | None  # "said", "told", "according to", "denied" ...
    cue_lemma: str  # "say", "tell", "according to", "deny" ...
    speaker: Speaker
    act: SpeechAct
    sentence: Span  # the sentence(s) holding it


@dataclass(frozen=True)
class ReportedClaim:
    """A claim the article reports as someone else's, and what a speaker does to it:
    "the ministry rejected claims that <claim>", "rumours that <claim>"."""

    claim: Span
    act: ClaimAct
    speaker: Speaker | None  # None when nobody in the text takes a position
    cue: Span | None  # "rejected claims", "denied reports", "rumours"
    circulated_by: Span | None  # "some websites and television channels"
    sentence: Span


@dataclass(frozen=True)
class EntityMention:
    span: Span
    type: EntityType
    label: str  # the NER label it came from (PERSON, ORG, GPE, NORP ...)
    entity: str  # key of the article-level entity it belongs to


ClaimSource = Literal["statement", "reported_claim", "sentence"]


@dataclass(frozen=True)
class Claim:
    """A claim candidate: the words of a statement or reported claim (``span``), rewritten to
    stand on their own (``text``), with the speaker's act on it and, once scored, how worth
    checking it is (0–1)."""

    span: Span
    text: str
    source: ClaimSource
    index: int  # position of the statement / reported claim / sentence it comes from
    speaker: Speaker | None
    act: str  # assert / deny / confirm / report
    checkworthiness: float | None = None
