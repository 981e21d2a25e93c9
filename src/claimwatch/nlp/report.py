"""What one analysis run did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from claimwatch.nlp.doc import Doc


@dataclass
class AnalysisReport:
    articles: int = 0  # to analyse
    analysed: int = 0
    statements: int = 0
    reported_claims: int = 0
    entities: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason → articles
    errors: list[tuple[str, str]] = field(default_factory=list)  # (article id, error)

    def count(self, doc: Doc) -> None:
        self.analysed += 1
        self.statements += len(doc.statements)
        self.reported_claims += len(doc.reported_claims)
        self.entities += len(doc.entities)
        for reason in set(doc.skipped.values()):
            self.skipped[reason] += 1
        for component, error in doc.errors.items():
            self.errors.append((doc.article_id, f"{component}: {error}"))

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "analysed": self.analysed,
            "statements": self.statements,
            "reported_claims": self.reported_claims,
            "entities": self.entities,
            "skipped": dict(self.skipped),
            "errors": [{"article": a, "error": e} for a, e in self.errors],
        }


AnalysisProgress = Callable[[int, int, AnalysisReport], None]
