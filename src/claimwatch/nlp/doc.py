"""The Doc: one article's text and every layer the components add to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimwatch.nlp.annotations import Claim, EntityMention, ReportedClaim, Span, Statement


@dataclass(frozen=True)
class Entity:
    """An entity as one article knows it: a key, its best name, type and the surface forms
    used for it in the article."""

    key: str
    name: str
    type: str
    aliases: tuple[str, ...]


@dataclass
class Doc:
    article_id: str
    text: str
    language: str | None
    spacy: Any = None  # the parsed spaCy Doc: transient, never stored or sent to another process
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    reported_claims: list[ReportedClaim] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    layers: set[str] = field(default_factory=set)  # what has been assigned
    skipped: dict[str, str] = field(default_factory=dict)  # component name -> reason
    errors: dict[str, str] = field(default_factory=dict)  # component name -> error

    def without_parse(self) -> Doc:
        """The Doc without its spaCy parse: what crosses process boundaries."""
        self.spacy = None
        return self
