"""The default English pipeline: parse → entities → statements (with reported claims) →
claims → check-worthiness."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from claimwatch.nlp.claims import CHECKWORTHY_VERSION, CLAIMS_VERSION, find_claims
from claimwatch.nlp.doc import Doc
from claimwatch.nlp.english import MODEL_VERSION, EnglishParse
from claimwatch.nlp.entities import Entities
from claimwatch.nlp.foreign import FOREIGN_CLAIMS_VERSION, sentence_claims
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
    """Claim candidates from statements, reported claims and the article's own sentences, in
    words that stand alone."""

    name = "claims"
    version = CLAIMS_VERSION
    requires = ("sentences", "entities", "statements", "reported_claims")
    assigns = ("claims",)
    languages = frozenset({"en"})

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        return [
            find_claims(doc.text, doc.statements, doc.reported_claims, doc.mentions, doc.sentences)
            for doc in docs
        ]

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, found in zip(docs, predictions, strict=True):
            doc.claims = list(found)


class CheckWorthy:
    """How worth checking each claim is (0–1), from the shipped check-worthiness model."""

    name = "checkworthy"
    version = CHECKWORTHY_VERSION
    requires = ("claims",)
    assigns = ("checkworthiness",)
    languages = frozenset({"en"})

    def __init__(self) -> None:
        from claimwatch.nlp.checkworthy import CheckWorthiness

        self.model = CheckWorthiness.load()

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        scores = self.model.score([c.text for doc in docs for c in doc.claims]).tolist()
        out, k = [], 0
        for doc in docs:
            out.append(scores[k : k + len(doc.claims)])
            k += len(doc.claims)
        return out

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, scores in zip(docs, predictions, strict=True):
            doc.claims = [
                replace(c, checkworthiness=round(float(s), 4))
                for c, s in zip(doc.claims, scores, strict=True)
            ]


class ForeignClaims:
    """Every sentence of an article the English components skip, as a claim to link."""

    name = "foreign_claims"
    version = FOREIGN_CLAIMS_VERSION
    requires = ()
    assigns = ("foreign_claims",)
    languages = None  # runs on every article, acts only on those not in English

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        return [None if doc.language in (None, "en") else sentence_claims(doc.text) for doc in docs]

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, found in zip(docs, predictions, strict=True):
            if found is not None:
                doc.claims = list(found)


COMPONENTS = (EnglishParse, Entities, Statements, Claims, CheckWorthy, ForeignClaims)


def default_versions() -> dict[str, str]:
    """component name → version of the default pipeline, without loading any model (the
    check-worthiness version names its shipped weights, read from their metadata)."""
    versions = {c.name: c.version for c in COMPONENTS}
    versions[CheckWorthy.name] = checkworthy_version()
    return versions


def checkworthy_version() -> str:
    from claimwatch.nlp.checkworthy import META_FILE, WEIGHTS_DIR

    meta = json.loads((WEIGHTS_DIR / META_FILE).read_text(encoding="utf-8"))
    return f"{CHECKWORTHY_VERSION}+{str(meta.get('weights_sha256', ''))[:12]}"


def default_pipeline() -> Pipeline:
    return Pipeline([component() for component in COMPONENTS], model=MODEL_VERSION)
