"""Statement-level stance from what the statements stage found, before any model.

A speaker who denies a claim disagrees with it, whatever words they use: "rejected
claims that Y" (a reported claim with act ``deny``), "Y is out of the question", or a bare
"Nothing has changed" said in a passage about Y. A speaker who confirms Y agrees. What
a statement merely asserts is left to the stance model (``None`` here).

Whether a statement bears on a claim is measured by word overlap: the share of the claim's
content words (lower-cased, lightly stemmed, numbers without separators) found in the
statement, or, for a denial with no object of its own, in the passage around it.
Pure and deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

StanceLabel = Literal["agree", "disagree", "discuss", "unrelated"]

#: A statement bears on a claim when it holds at least this share of the claim's words.
RELATED = 0.34
#: A bare denial ("Nothing has changed") counts when its passage holds this share.
PASSAGE_RELATED = 0.5

_WORD = re.compile(r"\d[\d,.]*\d|\w+")
_STOP = frozenset(
    re.findall(
        r"\w+",
        "a an the and or but of to in on at by for from with as is are was were be been being "
        "will would shall should can could may might must do does did has have had not no it "
        "its this that these those there their they them he she his her we our you your i me my "
        "who whom which what when where why how than then so such very also just only into over "
        "about after before said says say told according some any all",
    )
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "als", "al", "ies", "es", "ed", "s")


@dataclass(frozen=True)
class StatementStance:
    label: StanceLabel
    score: float
    reason: str


def content_words(text: str) -> set[str]:
    """The words that carry a claim's content, normalised for matching."""
    words = set()
    for raw in _WORD.findall(text.casefold()):
        if raw[0].isdigit():
            words.add(raw.replace(",", "").rstrip("."))
        elif raw not in _STOP and len(raw) > 1:
            words.add(_stem(raw))
    return words


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


#: Words of when, not of what (stemmed as ``content_words`` stems them).
_CALENDAR_WORDS = (
    "january february march april may june july august september october november "
    "december monday tuesday wednesday thursday friday saturday sunday today tomorrow "
    "yesterday week weeks month months year years day days end beginning start"
)
CALENDAR = frozenset(content_words(_CALENDAR_WORDS))


def claim_words(claim: str) -> set[str]:
    """The claim's content words less its calendar words: a text that shares only "March"
    and a place with the claim says nothing about it."""
    words = content_words(claim)
    return words - CALENDAR or words


def overlap(claim: str, text: str) -> float:
    """Share of the claim's content words (calendar words aside) that ``text`` holds (0 when
    the claim has none)."""
    wanted = claim_words(claim)
    return len(wanted & content_words(text)) / len(wanted) if wanted else 0.0


def statement_stance(
    claim: str,
    statement: str,
    act: str,
    passage: str = "",
    denied_claims: tuple[str, ...] = (),
) -> StatementStance | None:
    """The stance a statement takes toward ``claim`` when its act decides it, else None.

    ``passage`` is the text around the statement (its paragraph); ``denied_claims`` the
    reported claims the same speaker rejects in that sentence ("rejected claims that …")."""
    for denied in denied_claims:
        rel = overlap(claim, denied)
        if rel >= RELATED:
            return StatementStance("disagree", rel, f"rejects the claim that {denied}")
    if act not in ("deny", "confirm"):
        return None
    rel = overlap(claim, statement)
    label: StanceLabel = "disagree" if act == "deny" else "agree"
    verb = "denies" if act == "deny" else "confirms"
    if rel >= RELATED:
        return StatementStance(label, rel, f"{verb} it")
    around = overlap(claim, passage)
    if act == "deny" and around >= PASSAGE_RELATED:
        return StatementStance(label, around * 0.8, "denies it in a passage about the claim")
    return None
