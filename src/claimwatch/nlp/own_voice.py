"""What an article says about a claim in its own voice: its headline, and the sentences that
are nobody else's statement.

Each such sentence that speaks of the claim (``ClaimCore.touches``) is read by its words:

* **disagree** — it refutes: refuting words ("forged", "disinformation", "false", "denies",
  "out of the question") or a negated predicate ("is not leaving", "no withdrawal");
* **discuss** — it keeps the claim at a distance: "reports of", "rumours", "allegedly",
  "whether", "purports";
* **agree** — otherwise it tells the claim as fact ("the withdrawal has begun").

Two readings do not need the sentence to name the claim, as long as the article as a whole
bears on it: a headline that calls the story forged, fake or false in the outlet's own
words ("Anatomy of a rumour: how a forged memo travelled …"; a reported denial such as
"X denies" is the speakers' business, not the headline's), and an outlet that insists on
its story against a denial ("stands by its reporting", "until we see proof"), which agrees.

Rules, not a model: each label names the words that decided it, so a reader can check it.
Pure and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimwatch.nlp.annotations import Statement
from claimwatch.nlp.claim_core import ClaimCore
from claimwatch.nlp.stance_evidence import content_words

_SENTENCE = re.compile(r"\S[^\n]*?(?:[.!?]+[\"'”’)]*(?=\s)|$)", re.MULTILINE)
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_REFUTING = frozenset(
    """fake fakes faked forged forgery forgeries hoax hoaxes false falsely untrue bogus
    baseless unfounded fabricated fabrication fabrications disinformation misinformation
    propaganda debunk debunked debunks refute refutes refuted deny denies denied denial
    denials reject rejects rejected dismiss dismisses dismissed wrong myth nonsense
    lie lies""".split()  # noqa: SIM905
)
_REFUTING_PHRASES = ("out of the question", "no truth", "not true", "no basis", "gets wrong")
#: Refuting words that are the writer's own judgement, not a reported act of denial.
_JUDGING = _REFUTING - frozenset(
    """deny denies denied denial denials reject rejects rejected dismiss dismisses
    dismissed refute refutes refuted""".split()  # noqa: SIM905
)
_INSISTING_PHRASES = (
    "stands by its reporting",
    "stand by our reporting",
    "stands by its story",
    "stand by our story",
    "until we see proof",
)
_DISTANCING = frozenset(
    """reportedly allegedly alleged purported purports purporting rumour rumours rumor
    rumors rumoured rumored speculation unconfirmed unverified whether claims claimed
    checking examining investigating""".split()  # noqa: SIM905
)
_DISTANCING_PHRASES = ("reports of", "reports that", "reported that", "claims that")
_NEGATION = frozenset("not no never nothing none without n't cannot".split())  # noqa: SIM905
_NEGATION_REACH = 4  # tokens before the predicate in which a negation negates it


@dataclass(frozen=True)
class VoiceStance:
    start: int  # offsets into the article's text; -1 for the headline
    end: int
    label: str  # agree / disagree / discuss
    cue: str  # the words that decided it ("" when it tells the claim as fact)
    headline: bool = False


def own_voice(
    core: ClaimCore, headline: str, text: str, statements: Sequence[Statement]
) -> list[VoiceStance]:
    """The headline's and the unattributed sentences' stances toward the claim."""
    found = []
    if headline and (label := read_sentence(core, headline) or _judged(headline)):
        found.append(VoiceStance(-1, -1, *label, headline=True))
    taken = [(s.sentence.start, s.sentence.end) for s in statements]
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        if any(a < end and start < b for a, b in taken):
            continue  # somebody else's words
        if label := read_sentence(core, m.group()) or _insisting(m.group()):
            found.append(VoiceStance(start, end, *label))
    return found


def _judged(headline: str) -> tuple[str, str] | None:
    for token in _TOKEN.findall(headline.casefold()):
        if token in _JUDGING:
            return "disagree", token
    return None


def _insisting(sentence: str) -> tuple[str, str] | None:
    low = sentence.casefold().replace("’", "'")
    for phrase in _INSISTING_PHRASES:
        if phrase in low:
            return "agree", phrase
    return None


def read_sentence(core: ClaimCore, sentence: str) -> tuple[str, str] | None:
    """(label, cue) for a sentence that speaks of the claim, None for one that does not."""
    words = content_words(sentence)
    if not core.touches(words):
        return None
    low = sentence.casefold().replace("’", "'")
    tokens = _TOKEN.findall(low)
    for phrase in _REFUTING_PHRASES:
        if phrase in low:
            return "disagree", phrase
    for token in tokens:
        if token in _REFUTING:
            return "disagree", token
    negated = _negated_predicate(core, tokens)
    if negated:
        return "disagree", negated
    for phrase in _DISTANCING_PHRASES:
        if phrase in low:
            return "discuss", phrase
    for token in tokens:
        if token in _DISTANCING:
            return "discuss", token
    # without the claim's predicate a sentence is about its people, not about the claim
    return ("agree", "") if words & core.predicate else None


def _negated_predicate(core: ClaimCore, tokens: list[str]) -> str:
    for i, token in enumerate(tokens):
        if content_words(token) & core.predicate:
            before = tokens[max(0, i - _NEGATION_REACH) : i]
            for neg in before:
                if neg in _NEGATION or neg.endswith("n't"):
                    return f"{neg} … {token}"
    return ""
