"""Components and the pipeline that runs them.

A component declares the layers it ``requires`` and ``assigns`` and the languages it
works on; the pipeline checks the order when it is built. Components are pure: they
``predict`` for a batch of Docs, then ``set_annotations``. One bad article is recorded as
an error on that Doc, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from claimwatch.errors import ConfigError
from claimwatch.nlp.doc import Doc


class Component(Protocol):
    name: str  # "statements"
    version: str  # "statements.v1": stored on every row the component produces
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    languages: frozenset[str] | None  # None: any language

    def predict(self, docs: Sequence[Doc]) -> list[Any]: ...

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None: ...


class Pipeline:
    def __init__(self, components: Sequence[Component], *, model: str = "") -> None:
        available: set[str] = set()
        for component in components:
            missing = [layer for layer in component.requires if layer not in available]
            if missing:
                raise ConfigError(
                    f"pipeline component {component.name!r} needs {', '.join(missing)}, "
                    "which no earlier component assigns; put the component that does first"
                )
            available.update(component.assigns)
        self.components = list(components)
        self.model = model

    @property
    def versions(self) -> dict[str, str]:
        return {c.name: c.version for c in self.components}

    def __call__(self, docs: Sequence[Doc]) -> list[Doc]:
        for component in self.components:
            ready = [d for d in docs if self._eligible(component, d)]
            if ready:
                _run(component, ready)
        return list(docs)

    @staticmethod
    def _eligible(component: Component, doc: Doc) -> bool:
        if doc.errors:
            doc.skipped.setdefault(component.name, "an earlier component failed on this article")
            return False
        if component.languages is not None and doc.language not in component.languages:
            lang = doc.language or "unknown"
            doc.skipped[component.name] = f"no analysis for language {lang!r} yet (English only)"
            return False
        missing = [layer for layer in component.requires if layer not in doc.layers]
        if missing:
            doc.skipped[component.name] = f"missing {', '.join(missing)}"
            return False
        return True


def _run(component: Component, docs: list[Doc]) -> None:
    """Predict for the batch; if that fails, one Doc at a time, so only the bad ones fail."""
    try:
        predictions = component.predict(docs)
        component.set_annotations(docs, predictions)
    except Exception:
        for doc in docs:
            try:
                component.set_annotations([doc], component.predict([doc]))
            except Exception as exc:  # recorded on the article; the batch goes on
                doc.errors[component.name] = f"{type(exc).__name__}: {exc}"
                continue
            doc.layers.update(component.assigns)
        return
    for doc in docs:
        doc.layers.update(component.assigns)
