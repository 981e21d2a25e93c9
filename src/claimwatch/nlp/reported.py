"""Reported claims, and the vocabulary of saying, denying and confirming.

A reported claim is a proposition the article attributes to someone else's report or rumour,
with what a speaker does to it:

* "X rejected claims (circulated by Z) that Y", "X denied reports that Y", "X dismissed as
  unfounded the claims that Y", "to rebut claims that Y" → Y, deny, speaker X, circulated by Z;
* "rumours that Y", "reports that Y first appeared" → Y, report, no speaker;
* "X confirmed that Y" → Y, confirm; "X reported that Y", "X claimed that Y" → Y, report;
* "Y is out of the question, X said" (a denial whose content says its subject is out of the
  question, unfounded, a forgery ...) → Y, deny.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from claimwatch.nlp.annotations import ClaimAct, ReportedClaim, Span, Speaker, SpeechAct
from claimwatch.nlp.speakers import subject_of

Token = Any  # spacy.tokens.Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs attributing a direct quote ("…," she said / she said: "…").
QUOTE_CUES = _words(
    "say tell add write state stress deny reject claim warn insist confirm announce dismiss "
    "explain note argue acknowledge admit ask reply answer respond declare continue conclude "
    "recall remark observe emphasise emphasize underline caution concede counter retort "
    "promise vow pledge predict estimate suggest complain urge assure read tweet post joke "
    "laugh shout agree maintain allege report"
)
# Verbs whose that-clause (or a parenthetical main clause) is reported speech.
REPORT_CUES = _words(
    "say tell add write state stress deny reject claim warn insist confirm announce dismiss "
    "explain note argue acknowledge admit reply respond declare estimate predict forecast "
    "report reveal allege maintain suggest assure emphasise emphasize underline caution "
    "concede recall promise pledge vow complain agree learn point signal describe call present"
)
# Verbs that may govern a quoted fragment besides the reporting verbs.
FRAGMENT_CUES = (
    REPORT_CUES
    | QUOTE_CUES
    | _words(
        "call describe order instruct count refer accuse urge speak label brand term "
        "stand present quote cite mention put"
    )
)
DENY_CUES = _words("deny reject dismiss refute rebut dispute contradict")
CONFIRM_CUES = _words("confirm")
CLAIM_NOUNS = _words(
    "claim report rumour rumor allegation speculation suggestion story assertion accusation"
)
CIRCULATE_VERBS = _words(
    "circulate spread publish carry post make air broadcast repeat share print report push amplify"
)
CLAIM_REPORT_CUES = _words("report claim allege reveal learn")

DENY_CONTENT_RE = re.compile(
    r"\b(?:unfounded|baseless|groundless|untrue|fabrication|forgery|forgeries"
    r"|(?:is|are|was|were|been|be) (?:\w+ )?(?:forged|fabricated|fake|wrong)"
    r"|disinformation|misinformation|hoax|nonsense|out of the question|not up for discussion"
    r"|unchanged|no truth|not true|nothing (?:has|is|was) (?:changed|planned)"
    r"|no (?:such )?(?:change|changes|plans?|decision|withdrawal|intention|operation)"
    r"|not (?:leaving|going anywhere|preparing|packing|withdrawing|planned|ours)"
    r"|(?:is|are) staying|remains? in place|rejects?|rejected|denies|denied)\b",
    re.IGNORECASE,
)
# Predicates that deny a proposition (not a thing: "the memo is a forgery" denies no claim).
_DENIED_PREDICATE_RE = re.compile(
    r"\s+(?:is|was|are|were|would be|will be)\s+(?:\w+\s+)?"
    r"(?:out of the question|unfounded|baseless|groundless|untrue|false|not true|nonsense"
    r"|not up for discussion|(?:a )?(?:lie|hoax|disinformation))\b",
    re.IGNORECASE,
)
_ANAPHORIC_START = _words("it this that these those they such")


_NESTED_QUOTE_RE = re.compile(r"‘[^’]*’|'[^']*'|\"[^\"]*\"|“[^”]*”")
_NEGATION_BEFORE_RE = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.IGNORECASE)


def speech_act(cue_lemma: str, content: str, governors: Sequence[str] = ()) -> SpeechAct:
    """assert / deny / confirm from the cue, the verbs governing it and the content. Denial
    wording counts unless it is quoted inside the content (a word mentioned, not used:
    "calls everything ‘disinformation’") or negated just before ("has not shown that it is
    fake")."""
    if cue_lemma in DENY_CUES or DENY_CUES.intersection(governors):
        return "deny"
    if cue_lemma in CONFIRM_CUES:
        return "confirm"
    plain = _NESTED_QUOTE_RE.sub(lambda m: " " * len(m.group()), content)
    for m in DENY_CONTENT_RE.finditer(plain):
        word = m.group().split(maxsplit=1)[0].lower()
        before = plain[max(0, m.start() - 30) : m.start()]
        if word in ("not", "no", "nothing") or not _NEGATION_BEFORE_RE.search(before):
            return "deny"
    return "assert"


def governors(verb: Token) -> list[str]:
    """Lemmas of the verbs ``verb`` hangs on, up to its sentence's root."""
    found = []
    tok = verb
    for _ in range(6):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            found.append(tok.lemma_.lower())
    return found


def _char_span(doc: Any, start: int, end: int) -> Span:
    last = doc[end - 1]
    return Span(doc[start].idx, last.idx + len(last.text))


def clause_after_that(noun: Token) -> tuple[int, int] | None:
    """Token range of the that-clause of a claim noun ("claims (circulated by …) that Y"),
    without "that": the first "that" after the noun whose intervening words all belong to
    the noun's own modifiers."""
    doc = noun.doc
    sent_end = noun.sent.end
    own = {t.i for t in noun.subtree}
    k = noun.i + 1
    while k < sent_end and k - noun.i <= 14:
        t = doc[k]
        if t.lower_ == "that" and t.tag_ in ("IN", "WDT") and k + 1 < sent_end:
            return _clause_range(doc, k, sent_end)
        if k not in own and not t.is_quote and t.lower_ not in ("“", "”"):
            return None
        k += 1
    return None


def _clause_range(doc: Any, that_i: int, sent_end: int) -> tuple[int, int] | None:
    top = doc[that_i + 1]
    while top.head is not top and top.head.i > that_i:
        top = top.head
    end = top.right_edge.i + 1
    for c in top.children:  # "... would be withdrawn, and blamed disinformation": not the clause
        if (
            c.dep_ == "conj"
            and c.pos_ == "VERB"
            and c.i > that_i
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        ):
            end = min(end, c.left_edge.i)
    while end > that_i + 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("and", "but")):
        end -= 1
    if end <= that_i + 1 or end > sent_end:
        return None
    return that_i + 1, end


_NAMING_VERBS = _words("call describe term label brand dub")


def governing_verb(noun: Token) -> Token | None:
    """The verb a claim noun is the object of: "rejected claims", "dismissed as unfounded
    reports", "to rebut claims"; through a naming verb ("rejected what it called claims …")
    the verb that does something to them."""
    tok = noun
    while tok.dep_ == "conj":
        tok = tok.head
    verb = None
    if tok.dep_ in ("dobj", "oprd", "attr", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
        verb = tok.head.head
    if (
        verb is not None
        and verb.lemma_.lower() in _NAMING_VERBS
        and verb.dep_ in ("ccomp", "relcl", "acl")
        and verb.head.pos_ == "VERB"
    ):
        return verb.head
    return verb


def circulators(noun: Token, stop: int) -> Span | None:
    """Who circulated the claim, when the text says: "claims circulated by some websites and
    television channels (that …)" → "some websites and television channels" (ending before
    token ``stop``, the claim's "that")."""
    doc = noun.doc
    for t in noun.subtree:
        if t.dep_ == "acl" and t.lemma_.lower() in CIRCULATE_VERBS:
            for c in t.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            end = min(p.right_edge.i + 1, stop)
                            while end > p.left_edge.i + 1 and (
                                doc[end - 1].is_punct or doc[end - 1].is_space
                            ):
                                end -= 1
                            return _char_span(doc, p.left_edge.i, end)
    return None


def claim_act(verb: Token | None) -> ClaimAct:
    if verb is None:
        return "report"
    lemma = verb.lemma_.lower()
    if lemma in DENY_CUES:
        return "deny"
    if lemma in CONFIRM_CUES:
        return "confirm"
    return "report"


def denied_subject(text: str, content: Span) -> Span | None:
    """The claim a denial is about: "A withdrawal … is out of the question" → "A withdrawal …"."""
    body = text[content.start : content.end]
    m = _DENIED_PREDICATE_RE.search(body)
    if m is None or m.start() == 0:
        return None
    subject = body[: m.start()].strip()
    first = subject.split(maxsplit=1)[0].lower() if subject else ""
    if len(subject.split()) < 2 or first in _ANAPHORIC_START or "," in subject:
        return None
    start = content.start + body.index(subject)
    return Span(start, start + len(subject))


def noun_claims(
    doc: Any,
    in_quote: Sequence[bool],
    speaker_for: Any,
) -> list[ReportedClaim]:
    """Claims named by a claim noun with a that-clause, and what the governing verb's
    subject does to them. ``speaker_for(token, cue_lemma)`` resolves a subject token."""
    found = []
    for noun in doc:
        if noun.pos_ != "NOUN" or in_quote[noun.i] or noun.lemma_.lower() not in CLAIM_NOUNS:
            continue
        clause = clause_after_that(noun)
        if clause is None:
            continue
        verb = governing_verb(noun)
        speaker: Speaker | None = None
        if verb is not None:
            subject = subject_of(verb)
            if subject is not None and not in_quote[subject.i]:
                speaker = speaker_for(subject, verb.lemma_.lower())
            cue = _char_span(doc, min(verb.i, noun.i), max(verb.i, noun.i) + 1)
        else:
            cue = _char_span(doc, noun.i, noun.i + 1)
        sent = noun.sent
        found.append(
            ReportedClaim(
                claim=_char_span(doc, *clause),
                act=claim_act(verb),
                speaker=speaker,
                cue=cue,
                circulated_by=circulators(noun, clause[0] - 1),
                sentence=Span(sent.start_char, sent.end_char),
            )
        )
    return found
