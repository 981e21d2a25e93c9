"""The default English pipeline: parse → entities → statements (with reported claims) →
claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimwatch.nlp.claims import CLAIMS_VERSION, find_claims
from claimwatch.nlp.doc import Doc
from claimwatch.nlp.english import MODEL_VERSION, EnglishParse
from claimwatch.nlp.entities import Entities
from claimwatch.nlp.pipeline import Pipeline
from claimwatch.nlp.statements import STATEMENTS_VERSION, find_statements


class Statements:
    """Direct quotes and reported speech with their speakers, cues and acts, and the
    claims the article reports as someone else's."""

    name = "statements"
    version = STATEMENTS_VERSION
    requires = ("parse", "entities")
    assigns = ("statements", "reported_claims")
    languages = frozenset({"en"})

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        return [find_statements(doc.spacy) for doc in docs]

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, found in zip(docs, predictions, strict=True):
            doc.statements = list(found.statements)
            doc.reported_claims = list(found.reported_claims)


class Claims:
    """Claim candidates from statements and reported claims, in words that stand alone."""

    name = "claims"
    version = CLAIMS_VERSION
    requires = ("entities", "statements", "reported_claims")
    assigns = ("claims",)
    languages = frozenset({"en"})

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        return [
            find_claims(doc.text, doc.statements, doc.reported_claims, doc.mentions) for doc in docs
        ]

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, found in zip(docs, predictions, strict=True):
            doc.claims = list(found)


COMPONENTS = (EnglishParse, Entities, Statements, Claims)


def default_versions() -> dict[str, str]:
    """component name → version of the default pipeline, without loading any model."""
    return {c.name: c.version for c in COMPONENTS}


def default_pipeline() -> Pipeline:
    return Pipeline([component() for component in COMPONENTS], model=MODEL_VERSION)
