"""What a claim's spread chart draws, from a check result: one point per article (dated,
by outlet and stance) and a mark at the first denial. Shared by the CLI and the web app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claimwatch.charts import SpreadPoint, spread_svg
from claimwatch.verify.check import CheckResult, article_points


@dataclass(frozen=True)
class Spread:
    title: str
    points: list[SpreadPoint]
    marks: list[tuple[datetime, str]]

    def svg(self) -> str:
        return spread_svg(self.points, title=self.title, marks=self.marks)


def claim_spread(result: CheckResult) -> Spread:
    """The dated articles of ``result`` as chart points; empty points when none is dated."""
    points = [
        SpreadPoint(e.published, e.outlet_name or e.outlet or "(no outlet)", stance, e.title)
        for e, stance in article_points(result)
        if e.published is not None
    ]
    marks = []
    denial = result.timeline.first_denial
    if denial is not None and denial.published is not None:
        marks.append((denial.published, "first denial"))
    title = result.matches[0].claim.text[:90] if result.matches else result.claim[:90]
    return Spread(title, points, marks)
