"""What a spread chart draws: for a claim, from its check result, one point per article
(dated, by outlet and stance) and a mark at the first denial; for a speaker, one point per
statement (by outlet and act); for a story, one point per article. Shared by the CLI and
the web app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from claimwatch.charts import SpreadPoint, spread_svg
from claimwatch.store.queries_link import StoryArticle
from claimwatch.store.queries_nlp import StatementRecord
from claimwatch.verify.check import CheckResult, article_points


@dataclass(frozen=True)
class Spread:
    title: str
    points: tuple[SpreadPoint, ...]
    marks: tuple[tuple[datetime, str], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # stance -> legend text

    def svg(self) -> str:
        return spread_svg(self.points, title=self.title, marks=self.marks, labels=dict(self.labels))


def claim_spread(result: CheckResult) -> Spread:
    """The dated articles of ``result`` as chart points; empty points when none is dated."""
    points = tuple(
        SpreadPoint(e.published, e.outlet_name or e.outlet or "(no outlet)", stance, e.title)
        for e, stance in article_points(result)
        if e.published is not None
    )
    marks = []
    denial = result.timeline.first_denial
    if denial is not None and denial.published is not None:
        marks.append((denial.published, "first denial"))
    title = result.matches[0].claim.text[:90] if result.matches else result.claim[:90]
    return Spread(title, points, tuple(marks))


_ACT_STANCE = {"deny": "denying", "assert": "supporting", "confirm": "supporting"}


def speaker_spread(
    name: str, statements: Sequence[StatementRecord], outlet_names: Mapping[str, str]
) -> Spread:
    """A speaker's dated statements by the outlet that quoted them: asserting (or
    confirming), denying, or other acts."""
    points = tuple(
        SpreadPoint(
            s.published,
            outlet_names.get(s.outlet or "", s.outlet or "(no outlet)"),
            _ACT_STANCE.get(s.act, "discussing"),
            " ".join(s.text.split())[:200],
        )
        for s in statements
        if s.published is not None
    )
    labels = (("supporting", "Asserting"), ("denying", "Denying"), ("discussing", "Other"))
    return Spread(f"Statements by {name}"[:90], points, labels=labels)


def story_spread(
    title: str, members: Sequence[StoryArticle], outlet_names: Mapping[str, str]
) -> Spread:
    """A story's dated articles by outlet."""
    points = tuple(
        SpreadPoint(
            a.published,
            outlet_names.get(a.outlet or "", a.outlet or "(no outlet)"),
            "discussing",
            a.title,
        )
        for a in members
        if a.published is not None
    )
    return Spread(title[:90], points, labels=(("discussing", "Article"),))
