"""The default English pipeline: parse → entities → statements (with reported claims)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


COMPONENTS = (EnglishParse, Entities, Statements)


def default_versions() -> dict[str, str]:
    """component name → version of the default pipeline, without loading any model."""
    return {c.name: c.version for c in COMPONENTS}


def default_pipeline() -> Pipeline:
    return Pipeline([component() for component in COMPONENTS], model=MODEL_VERSION)
