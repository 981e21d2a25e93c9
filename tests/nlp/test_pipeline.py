"""The pipeline: order checked when built, languages respected, one bad article recorded
as an error on that article while the batch goes on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from claimwatch.errors import ConfigError
from claimwatch.nlp.doc import Doc
from claimwatch.nlp.pipeline import Pipeline


class Upper:
    name, version = "upper", "upper.v1"
    requires: tuple[str, ...] = ()
    assigns = ("upper",)
    languages = frozenset({"en"})

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        if any("boom" in d.text for d in docs):
            raise ValueError("cannot read boom")
        return [d.text.upper() for d in docs]

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, value in zip(docs, predictions, strict=True):
            doc.sentences = [value]  # type: ignore[list-item]


class Count:
    name, version = "count", "count.v1"
    requires = ("upper",)
    assigns = ("count",)
    languages = None

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        return [len(d.text) for d in docs]

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, n in zip(docs, predictions, strict=True):
            doc.statements = [n]  # type: ignore[list-item]


def test_pipeline_checks_requires_when_built():
    with pytest.raises(ConfigError, match="needs upper"):
        Pipeline([Count(), Upper()])
    assert Pipeline([Upper(), Count()]).versions == {"upper": "upper.v1", "count": "count.v1"}


def test_pipeline_skips_languages_a_component_cannot_read_with_a_reason():
    [doc] = Pipeline([Upper(), Count()])([Doc("a1", "bonjour", "fr")])
    assert doc.skipped["upper"] == "no analysis for language 'fr' yet (English only)"
    assert doc.skipped["count"] == "missing upper"
    assert doc.sentences == []


def test_pipeline_records_a_bad_article_and_goes_on():
    docs = [Doc("a1", "fine", "en"), Doc("a2", "boom", "en"), Doc("a3", "also fine", "en")]
    out = Pipeline([Upper(), Count()])(docs)
    assert [d.sentences for d in out] == [["FINE"], [], ["ALSO FINE"]]
    assert out[1].errors == {"upper": "ValueError: cannot read boom"}
    assert out[1].skipped["count"] == "an earlier component failed on this article"
    assert [d.statements for d in out] == [[4], [], [9]]
