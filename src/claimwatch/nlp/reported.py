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
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from claimwatch.nlp.annotations import ClaimAct, ReportedClaim, Span, Speaker, SpeechAct
from claimwatch.nlp.quotes import TextIndex, is_passive, np_bounds, subject_of

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
# Verbs attributing a proposition to evidence or to someone's mind: "polls show that Y",
# "the audit found Y", "he believes Y". Only their clausal complements are statements.
EVIDENCE_CUES = _words("show find indicate demonstrate suggest conclude")
BELIEF_CUES = _words("think believe know expect hope fear feel worry doubt understand")
CLAUSE_CUES = REPORT_CUES | EVIDENCE_CUES | BELIEF_CUES
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
    r"|(?:is|are|was|were|been|be) (?:\w+ )?(?:forged|fabricated|fake|false|wrong)"
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
_MENTION_BEFORE_RE = re.compile(r"\bthe (?:word|term|label)s?\s*[“‘\"']?$", re.IGNORECASE)
_NEGATION_BEFORE_RE = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.IGNORECASE)


# Punctuation that belongs to the words before it at the end of a clause ("rose 0.2%").
KEPT_AT_END = frozenset({"%", ")", "]"})


def droppable_end(tok: Token) -> bool:
    """A token to trim from the end of a clause: punctuation (but "%" or a closing
    bracket) or space."""
    return (tok.is_punct and tok.text not in KEPT_AT_END) or tok.is_space


def speech_act(
    cue_lemma: str, content: str, governors: Sequence[str] = (), quotes_used: bool = False
) -> SpeechAct:
    """assert / deny / confirm from the cue, the verbs governing it and the content. Denial
    wording counts unless it is quoted inside the content (a word mentioned, not used:
    "calls everything ‘disinformation’"; but ``quotes_used``: the quoted words are the
    speaker's own, as in a mixed quote), named as a word ("the word disinformation") or
    negated just before ("has not shown that it is fake")."""
    if cue_lemma in DENY_CUES or DENY_CUES.intersection(governors):
        return "deny"
    if cue_lemma in CONFIRM_CUES:
        return "confirm"
    plain = (
        content if quotes_used else _NESTED_QUOTE_RE.sub(lambda m: " " * len(m.group()), content)
    )
    for m in DENY_CONTENT_RE.finditer(plain):
        word = m.group().split(maxsplit=1)[0].lower()
        before = plain[max(0, m.start() - 30) : m.start()]
        if _MENTION_BEFORE_RE.search(before):
            continue
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


def clause_after_that(noun: Token, sent_end: int) -> tuple[int, int] | None:
    """Token range of the that-clause of a claim noun ("claims (circulated by …) that Y"),
    without "that": the first "that" after the noun whose intervening words all belong to
    the noun's own modifiers."""
    doc = noun.doc
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
    while end > that_i + 1 and (
        droppable_end(doc[end - 1]) or doc[end - 1].lower_ in ("and", "but")
    ):
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
    if tok.dep_ in ("dobj", "oprd", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head
    elif tok.dep_ == "nsubjpass" and tok.head.lemma_.lower() in DENY_CUES | CONFIRM_CUES:
        verb = tok.head  # "claims that … were rejected by the ministry"
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


def _agent(verb: Token) -> Token | None:
    """The agent of a passive verb: "rejected by the ministry" → ministry."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def pronoun_denials(
    ix: TextIndex, claims: Sequence[ReportedClaim], speaker_for: Any
) -> list[ReportedClaim]:
    """A denial verb whose object is a pronoun denies the latest claim before it (in the
    last few sentences): "Rumours that Y circulated. The owner dismissed them." → Y, deny,
    the owner."""
    doc, found = ix.doc, []
    starts = [c.claim.start for c in claims]
    for i in ix.where(pos=("VERB",), lemmas=DENY_CUES, quoted=True):
        verb = doc[i]
        if is_passive(verb):
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lower_ not in ("it", "them", "this", "these", "those"):
            continue
        k = bisect_left(starts, verb.idx) - 1
        if k < 0 or claims[k].sentence.end < verb.idx - 400:
            continue
        subject = subject_of(verb)
        speaker = speaker_for(subject, verb.lemma_.lower()) if subject is not None else None
        found.append(
            ReportedClaim(
                claims[k].claim,
                "deny",
                speaker,
                _char_span(doc, verb.i, obj.i + 1),
                claims[k].circulated_by,
                ix.unit_span(verb.i),
            )
        )
    return found


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
                            while end > p.left_edge.i + 1 and droppable_end(doc[end - 1]):
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


def noun_claims(ix: TextIndex, speaker_for: Any) -> list[ReportedClaim]:
    """Claims named by a claim noun with a that-clause, and what the governing verb's
    subject does to them. ``speaker_for(token, cue_lemma)`` resolves a subject token."""
    doc, in_quote, found = ix.doc, ix.in_quote, []
    for i in ix.where(pos=("NOUN",), lemmas=CLAIM_NOUNS):
        noun = doc[i]
        clause = clause_after_that(noun, ix.unit_range(noun.i)[1])
        if clause is None:
            continue
        verb = governing_verb(noun)
        speaker: Speaker | None = None
        if verb is not None:
            subject = _agent(verb) if is_passive(verb) else subject_of(verb)
            if subject is not None and not in_quote[subject.i]:
                speaker = speaker_for(subject, verb.lemma_.lower())
            cue = _char_span(doc, min(verb.i, noun.i), max(verb.i, noun.i) + 1)
        else:
            cue = _char_span(doc, noun.i, noun.i + 1)
        found.append(
            ReportedClaim(
                claim=_char_span(doc, *clause),
                act=claim_act(verb),
                speaker=speaker,
                cue=cue,
                circulated_by=circulators(noun, clause[0] - 1),
                sentence=ix.unit_span(noun.i),
            )
        )
    return found


# ----------------------------------------------------------------------------- reported speech
# What a cue verb reports: token ranges inside its sentence unit.

_NEGATED_GOVERNORS = _words("decline refuse fail")
_QUESTION_WORDS = _words("whether if who why how where when")
# Cues that may follow what they report with nothing else: "…, the office said."
_PARENTHETICAL_CUES = _words(
    "say tell add write state stress warn claim insist note explain report reveal confirm "
    "announce estimate argue predict"
)
_FINITE_TAGS = _words("VBD VBZ VBP MD")
_OBJECT_DEPS = _words("dobj ccomp xcomp oprd attr dative")


def speaks(verb: Token) -> bool:
    """Not passive ("were told"), not negated ("did not say"), not declined ("declined
    to say")."""
    if is_passive(verb) or any(c.dep_ == "neg" for c in verb.children):
        return False
    return not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _NEGATED_GOVERNORS)


def fragment_cue(ix: TextIndex, inside: range) -> Token | None:
    """The cue verb a quoted fragment hangs on ("called the rise “a tax on …”"), if any."""
    doc = ix.doc
    top = next(
        (doc[i] for i in inside if not (inside.start <= doc[i].head.i < inside.stop)),
        doc[inside.start],
    )
    tok = top
    for _ in range(8):
        if tok.head is tok:
            return None
        tok = tok.head
        if (
            tok.pos_ == "VERB"
            and not ix.in_quote[tok.i]
            and tok.lemma_.lower() in FRAGMENT_CUES
            and speaks(tok)
        ):
            return tok
    return None


def complements(ix: TextIndex, verb: Token, lemma: str, subject: Token) -> list[tuple[int, int]]:
    """Token ranges of what ``verb`` reports, inside its sentence unit."""
    lo, hi = ix.unit_range(verb.i)
    middle = _around_parenthetical(ix, verb, subject) if lemma in _PARENTHETICAL_CUES else None
    if middle is None:
        middle = _as_clause_host(verb)
    if middle is not None:
        return [(max(middle[0], lo), min(middle[1], hi))]
    ranges = []
    for start, end in _raw_complements(ix, verb, lemma):
        start, end = max(start, lo), min(end, hi)
        if start <= verb.i < end:
            start = verb.i + 1  # "what it said was …"
        if start < end:
            ranges.append((start, end))
    if ranges or lemma not in _PARENTHETICAL_CUES:
        return ranges
    if any(c.dep_ in _OBJECT_DEPS for c in verb.children):
        return []
    # "Y, the ministry and the alliance said" parsed without Y as the complement
    start = np_bounds(subject)[0]
    if lo < start - 1 < verb.i and ix.doc[start - 1].text == "," and subject.i < verb.i:
        return [(lo, start - 1)]
    return []


def _around_parenthetical(ix: TextIndex, verb: Token, subject: Token) -> tuple[int, int] | None:
    """The whole sentence unit when the cue sits in its middle between commas, with no
    complement of its own: "By cutting the line, Ms. Tchen said, the White House can invite
    more guests" (the content runs on both sides of the parenthetical)."""
    doc = ix.doc
    lo, hi = ix.unit_range(verb.i)
    first = np_bounds(subject)[0]
    if not (subject.i < verb.i and lo + 1 < first and doc[first - 1].text == ","):
        return None
    if verb.dep_ in ("relcl", "acl", "advcl") or subject.tag_ in ("WP", "WDT"):
        return None  # "Sandel, who had called for the session, accused …"
    if any(c.dep_ in _OBJECT_DEPS and c.i > verb.i for c in verb.children):
        return None
    after = max([verb.i, *(c.right_edge.i for c in verb.rights if c.dep_ != "punct")]) + 1
    if after >= hi - 2 or doc[after].text != ",":
        return None
    if any(ix.in_quote[k] or ix.mark_tok[k] for k in range(first, after)):
        return None
    if not any(doc[k].tag_ in _FINITE_TAGS for k in range(after + 1, hi)):
        return None  # "Y, the ministry said on Friday, dismissing reports …": Y alone
    return lo, hi


def _as_clause_host(verb: Token) -> tuple[int, int] | None:
    """What "as X noted" comments on: the clause it hangs on, without the as-clause ("As
    Comey noted, people involved could still face sanctions")."""
    if verb.dep_ != "advcl" or not any(
        c.dep_ == "mark" and c.lower_ == "as" and c.i < verb.i for c in verb.children
    ):
        return None
    if any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        return None
    host = verb.head
    start, end = host.left_edge.i, host.right_edge.i + 1
    if verb.left_edge.i == start:
        start = verb.right_edge.i + 1
    elif verb.right_edge.i + 1 >= end - 1:
        end = verb.left_edge.i
    else:
        return None
    return (start, end) if end - start > 2 else None


def _raw_complements(ix: TextIndex, verb: Token, lemma: str) -> list[tuple[int, int]]:
    colon = _after_colon(ix, verb)
    if colon is not None:
        return [colon]
    if lemma in DENY_CUES or lemma in CONFIRM_CUES:
        for noun in _objects(verb):
            if noun.lemma_.lower() in CLAIM_NOUNS:
                clause = clause_after_that(noun, ix.unit_range(noun.i)[1])
                if clause is not None:
                    return [clause]
    found: list[tuple[int, int]] = []
    for c in verb.children:
        if c.dep_ == "ccomp" and not _is_question(c):
            if c.i < verb.i and not _ends_at_comma(ix.doc, c.right_edge.i):
                continue  # "The memo gave no figure; Insider Dispatch wrote …"
            parts = _split_that_conjuncts(c)
            if found and parts and _contiguous(ix.doc, found[-1][1], parts[0][0]):
                parts[0] = (found.pop()[0], parts[0][1])  # one clause read as two
            found.extend(parts)
    if found:
        return found
    said_in = _said_in_clause(verb)  # "said in a statement that …"
    if said_in is not None:
        return [said_in]
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        return []
    obj = objects[0]
    if lemma in ("describe", "present"):
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i:
                return [(obj.left_edge.i, c.right_edge.i + 1)]
    elif lemma == "call":
        for c in verb.children:
            if c.dep_ == "oprd" and c.i > obj.i:
                return [(obj.left_edge.i, c.right_edge.i + 1)]
    elif (
        lemma == "report"
        and obj.pos_ == "NOUN"
        and obj.lemma_.lower() not in CLAIM_NOUNS
        and obj.right_edge.i - obj.left_edge.i >= 2
    ):
        return [(obj.left_edge.i, obj.right_edge.i + 1)]
    return []


def _ends_at_comma(doc: Any, last: int) -> bool:
    k = last + 1
    while k < len(doc) and (doc[k].is_quote or doc[k].is_space):
        k += 1
    return (k < len(doc) and doc[k].text == ",") or doc[last].text == ","


def _after_colon(ix: TextIndex, verb: Token) -> tuple[int, int] | None:
    """What follows a colon right after the verb's own words: "confirmed it: Y" and
    "confirmed what had been an open secret: Y" → Y."""
    doc = ix.doc
    end = ix.unit_range(verb.i)[1]
    k = verb.right_edge.i + 1
    while k < end and doc[k].is_space:
        k += 1
    colon = next((c.i for c in verb.rights if c.text == ":"), None)
    if colon is None and k < end and doc[k].text == ":":
        colon = k
    if colon is not None and colon + 1 < end and not ix.overlaps_quote(colon + 1, end):
        return colon + 1, end
    return None


def clause_end(ix: TextIndex, verb: Token, start: int, end: int) -> int:
    """Where a reported clause stops because a nested statement (with its own cue and
    quote) starts: "said he had spoken with his counterpart, who had assured him that …
    “not up for discussion”"."""
    if not ix.overlaps_quote(start, end):
        return end
    for k in range(bisect_left(ix.qstarts, ix.tok_idx[start]), len(ix.quotes)):
        q = ix.quotes[k]
        if q.open >= ix.tok_idx[end - 1]:
            break
        inside = ix.tokens(q.content.start, q.content.end)
        if not inside:
            continue
        cue = fragment_cue(ix, inside)
        if cue is not None and cue.i != verb.i and start < cue.left_edge.i < end:
            end = cue.left_edge.i
    return end


def _said_in_clause(verb: Token) -> tuple[int, int] | None:
    """The that-clause of "said in a statement that Y" when the parse reads it as the
    statement's: Y."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            for c in noun.rights:
                if c.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in c.children
                ):
                    return c.left_edge.i, c.right_edge.i + 1
    return None


def _objects(verb: Token) -> list[Token]:
    """Direct objects, and the object of "as" ("dismissed as unfounded reports that …")."""
    found = []
    for c in verb.children:
        if c.dep_ == "dobj":
            found.append(c)
        elif c.dep_ == "prep" and c.lower_ == "as":
            found.extend(p for p in c.children if p.dep_ == "pobj")
    return found


def _is_question(clause: Token) -> bool:
    """Questions ("asked whether …", "would not say who was behind it") are no statements;
    a clause opening with a condition of its own ("If states got grants, they might …") is."""
    first = clause.left_edge
    return first.lower_ in _QUESTION_WORDS and (first.head.i == clause.i or first.dep_ != "mark")


def _split_that_conjuncts(clause: Token) -> list[tuple[int, int]]:
    """Split a complement: "said X and that Y" → X, Y; "said X, and described Y as Z" (a
    second cue verb the parse read as part of the clause) → X."""
    parts = []
    end = clause.right_edge.i + 1
    for c in clause.children:
        if c.dep_ != "conj" or c.i < clause.i:
            continue
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            parts.extend(_split_that_conjuncts(c))
            end = min(end, c.left_edge.i)
        elif c.lemma_.lower() in FRAGMENT_CUES and not any(
            g.dep_ in ("nsubj", "nsubjpass") for g in c.children
        ):
            end = min(end, c.left_edge.i)
    start = clause.left_edge.i
    doc = clause.doc
    while end > start and (doc[end - 1].lower_ in ("and", "but") or droppable_end(doc[end - 1])):
        end -= 1
    return [(start, end), *parts]


def _contiguous(doc: Any, end: int, start: int) -> bool:
    """Whether nothing but spaces separates token ``end - 1`` from token ``start``."""
    return all(doc[k].is_space for k in range(end, start)) and start >= end
