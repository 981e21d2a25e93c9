"""An article's stance toward a claim, and the stance of each speaker in it.

The article's stance is a vote of the voices in it, each of which points at the words
that decided it:

* **its speakers** — what the statements stage found decides first: a speaker who denies
  the claim or rejects a reported version of it disagrees, one who confirms it agrees
  (``stance_evidence``); a statement whose own words refute the claim ("the terminal is
  not closing") disagrees; one that only asserts something on the claim's words is read by
  the stance model;
* **its own voice** — the headline (which counts twice) and every sentence that is not a
  statement of somebody else's and speaks of the claim (``claim_core``): it refutes the
  claim (refuting words, a negated predicate), reports it at a distance ("reports of",
  "allegedly"), or tells it as fact.

An article bears on the claim at all only when it speaks of the claim's predicate with one
of its arguments, or when one of its speakers takes a position on it; otherwise it is
unrelated, however many names it shares with the claim. When no voice takes a position,
the stance model's reading of the whole text (agree, disagree or discuss) stands. Pure:
the models and the claim's parse are passed in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from claimwatch.nlp.annotations import ReportedClaim, Statement
from claimwatch.nlp.claim_core import ClaimCore
from claimwatch.nlp.own_voice import VoiceStance, own_voice, read_sentence
from claimwatch.nlp.quotes import paragraph_bounds
from claimwatch.nlp.stance_evidence import RELATED, content_words, overlap, statement_stance

ARTICLE_STANCE_VERSION = "article_stance.v3"
_UNRELATED = {"agree": 0.0, "disagree": 0.0, "discuss": 0.0, "unrelated": 1.0}

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
    voice: tuple[VoiceStance, ...] = ()

    def speakers(self, statements: Sequence[Statement]) -> dict[str, StatementStance]:
        """Each speaker's strongest stance (by name), with the statement that decided it."""
        return _strongest_by_speaker(self.statements, statements)


def _strongest_by_speaker(
    decided: Sequence[StatementStance], statements: Sequence[Statement]
) -> dict[str, StatementStance]:
    best: dict[str, StatementStance] = {}
    for s in decided:
        name = statements[s.index].speaker.name
        old = best.get(name)
        if old is None or (_RANK[s.label], s.score) > (_RANK[old.label], old.score):
            best[name] = s
    return best


def article_stance(
    claim: str,
    core: ClaimCore,
    headline: str,
    text: str,
    statements: Sequence[Statement],
    reported_claims: Sequence[ReportedClaim],
    model: StancePredictor,
) -> ArticleStance:
    decided = _statement_stances(claim, core, text, statements, reported_claims, model)
    voice = own_voice(core, headline, text, statements)
    article_words = content_words(f"{headline}\n{text}")
    if not core.bears_on(article_words) and not any(s.label != "discuss" for s in decided):
        return ArticleStance("unrelated", 1.0, _UNRELATED, "it does not speak of the claim",
                             tuple(decided), tuple(voice))  # fmt: skip
    votes = {"agree": 0.0, "disagree": 0.0, "discuss": 0.0}
    speakers = Counter(s.label for s in _strongest_by_speaker(decided, statements).values())
    for label, n in speakers.items():
        votes[label] += n
    for v in voice:
        votes[v.label] += 2.0 if v.headline else 1.0
    total = sum(votes.values())
    if total == 0:
        (body,) = model.predict([claim], [f"{headline}\n\n{text}" if headline else text])
        label = body.label if body.label != "unrelated" else "discuss"
        scores = {k: round(v, 4) for k, v in body.scores.items()}
        return ArticleStance(label, scores.get(label, 0.0), scores,
                             "no voice in it takes a position: the stance model on the text",
                             tuple(decided), tuple(voice))  # fmt: skip
    label = max(votes, key=lambda k: (votes[k], _RANK[k]))
    scores = {k: round(v / total, 4) for k, v in votes.items()} | {"unrelated": 0.0}
    return ArticleStance(label, scores[label], scores, _reason(speakers, voice),
                         tuple(decided), tuple(voice))  # fmt: skip


def _reason(speakers: Counter[str], voice: Sequence[VoiceStance]) -> str:
    """ "speakers: disagree 3, agree 1; headline: disagree ('forged'); own sentences: agree 1"."""
    parts = []
    if speakers:
        parts.append("speakers: " + ", ".join(f"{k} {n}" for k, n in speakers.most_common()))
    for v in voice:
        if v.headline:
            parts.append(f"headline: {v.label}" + (f" ('{v.cue}')" if v.cue else ""))
    own = Counter(v.label for v in voice if not v.headline)
    if own:
        parts.append("own sentences: " + ", ".join(f"{k} {n}" for k, n in own.most_common()))
    return "; ".join(parts)


def _statement_stances(
    claim: str,
    core: ClaimCore,
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
            continue
        rel = overlap(claim, words)
        read = read_sentence(core, words)
        if read is not None and read[0] == "disagree":  # "the terminal is not closing"
            found[i] = StatementStance(i, "disagree", round(max(rel, 0.5), 4),
                                       f"says it is not so ('{read[1]}')")  # fmt: skip
        elif rel >= RELATED:
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
