"""An article's stance toward a claim, and the stance of each speaker in it.

Two sources of evidence, combined:

* **statements** — what the statements stage found decides first: a speaker who denies
  the claim or rejects a reported version of it disagrees, one who confirms it agrees
  (``stance_evidence``); a statement that only asserts something on the claim's subject is
  read by the stance model;
* **the stance model** on the article (headline and body): the article's own stance.

The article's label is the model's; when the model finds the article unrelated but
speakers in it take a position on the claim (a denial worded unlike the rumour), the
article follows its speakers. Every speaker's stance comes with the statement that
decided it, so a reader can check it. Pure: the model is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from claimwatch.nlp.annotations import ReportedClaim, Statement
from claimwatch.nlp.quotes import paragraph_bounds
from claimwatch.nlp.stance_evidence import RELATED, overlap, statement_stance

ARTICLE_STANCE_VERSION = "article_stance.v1"

#: Strength order when one speaker says several things: a denial outweighs the rest.
_RANK = {"disagree": 3, "agree": 2, "discuss": 1, "unrelated": 0}


class Prediction(Protocol):
    label: str
    score: float
    scores: dict[str, float]


class StancePredictor(Protocol):
    def predict(self, claims: Sequence[str], texts: Sequence[str]) -> Sequence[Prediction]: ...


@dataclass(frozen=True)
class StatementStance:
    index: int  # the statement's position in the article's statements
    label: str
    score: float
    reason: str  # "denies it", "rejects the claim that …", "stance model"


@dataclass(frozen=True)
class ArticleStance:
    label: str
    score: float
    scores: dict[str, float]
    reason: str
    statements: tuple[StatementStance, ...]

    def speakers(self, statements: Sequence[Statement]) -> dict[str, StatementStance]:
        """Each speaker's strongest stance (by name), with the statement that decided it."""
        best: dict[str, StatementStance] = {}
        for s in self.statements:
            name = statements[s.index].speaker.name
            old = best.get(name)
            if old is None or (_RANK[s.label], s.score) > (_RANK[old.label], old.score):
                best[name] = s
        return best


def article_stance(
    claim: str,
    headline: str,
    text: str,
    statements: Sequence[Statement],
    reported_claims: Sequence[ReportedClaim],
    model: StancePredictor,
) -> ArticleStance:
    decided = _statement_stances(claim, text, statements, reported_claims, model)
    (body,) = model.predict([claim], [f"{headline}\n\n{text}" if headline else text])
    label, score, scores = body.label, body.score, dict(body.scores)
    reason = "stance model on the article"
    positions = [s for s in decided if s.label in ("agree", "disagree")]
    if label == "unrelated" and positions:
        strongest = max(positions, key=lambda s: (_RANK[s.label], s.score))
        label, score = strongest.label, strongest.score
        reason = "its speakers take a position on the claim"
    return ArticleStance(label, score, scores, reason, tuple(decided))


def _statement_stances(
    claim: str,
    text: str,
    statements: Sequence[Statement],
    reported_claims: Sequence[ReportedClaim],
    model: StancePredictor,
) -> list[StatementStance]:
    starts, ends = paragraph_bounds(text)
    lead = text[starts[0] : ends[0]]
    found: dict[int, StatementStance] = {}
    ask: list[int] = []
    for i, s in enumerate(statements):
        words = text[s.content.start : s.content.end]
        denied = tuple(
            text[r.claim.start : r.claim.end]
            for r in reported_claims
            if r.act == "deny" and r.speaker is not None and r.sentence == s.sentence
        )
        passage = f"{_paragraph(text, starts, ends, s.content.start)}\n{lead}"
        by_act = statement_stance(claim, words, s.act, passage, denied)
        if by_act is not None:
            found[i] = StatementStance(i, by_act.label, round(by_act.score, 4), by_act.reason)
        elif overlap(claim, words) >= RELATED:
            ask.append(i)
    if ask:
        texts = [text[statements[i].content.start : statements[i].content.end] for i in ask]
        for i, p in zip(ask, model.predict([claim] * len(ask), texts), strict=True):
            if p.label != "unrelated":
                found[i] = StatementStance(i, p.label, p.score, "stance model")
    return [found[i] for i in sorted(found)]


def _paragraph(text: str, starts: list[int], ends: list[int], pos: int) -> str:
    for start, end in zip(starts, ends, strict=True):
        if start <= pos < max(end, start + 1):
            return text[start:end]
    return ""
