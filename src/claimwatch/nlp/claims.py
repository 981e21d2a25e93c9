"""Claims: what a fact-checker can check, in words that stand on their own.

Every statement and every reported claim of an article gives one claim candidate, and so
does every sentence of the article's own voice (one that holds no statement or reported
claim, and has at least four words: "the withdrawal has begun"); each candidate's
``span`` points at the claim's words in the article and whose ``text`` is rewritten to be
read without the article:

* the attribution wrapper is already gone (statements hold what was said, "X said that Y"
  → Y; reported claims hold Y of "rejected claims that Y");
* quotation marks around the whole claim, continuation marks of quotes that run over a
  paragraph break and line breaks go; marks around quoted words inside stay;
* a pronoun that opens the claim and refers to the speaker ("the ministry said *it* had no
  plans") becomes the speaker's name; the first first-person singular word in a direct
  quote gets the speaker in brackets ("I [Aurel Damsky] understand why …"); "the country"
  becomes the place the article named most before the claim;
* numbers, dates and everything else are kept as written.

Which candidates are worth checking is the check-worthiness model's job (a later
component scores them); this module is pure and deterministic and has no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimwatch.nlp.annotations import (
    Claim,
    EntityMention,
    ReportedClaim,
    Span,
    Speaker,
    Statement,
)

CLAIMS_VERSION = "claims.v2"
_MIN_SENTENCE_WORDS = 4
#: The check-worthiness component's version (the model's own is recorded per row).
CHECKWORTHY_VERSION = "checkworthy.v1"
_QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“", "»": "«", "‹": "›"}
_PERSON_PRONOUNS = frozenset({"he", "she"})
_THING_PRONOUNS = frozenset({"it", "they"})
_ORG_TYPES = frozenset(
    {"government_body", "military", "international_organisation", "media_outlet"}
)
_FIRST_PERSON = re.compile(r"\b(I|me|my|mine|myself)\b")
_LEADING_PRONOUN = re.compile(r"^(he|she|it|they)\b(?!['’])", re.IGNORECASE)
_THE_COUNTRY = re.compile(r"\bthe country(['’]s)?\b")
_SPACES = re.compile(r"\s+")


def find_claims(
    text: str,
    statements: list[Statement],
    reported_claims: list[ReportedClaim],
    mentions: list[EntityMention],
    sentences: Sequence[Span] = (),
) -> list[Claim]:
    """One claim per statement, reported claim and own-voice sentence, in text order."""
    places = sorted(
        (m for m in mentions if m.type == "place"), key=lambda m: (m.span.start, m.span.end)
    )  # "the country" is read as one of these
    found = [
        Claim(
            s.content,
            self_contained(text, s.content, s.speaker, s.kind == "direct", places),
            "statement",
            i,
            s.speaker,
            s.act,
        )
        for i, s in enumerate(statements)
    ]
    found += [
        Claim(
            r.claim,
            self_contained(text, r.claim, None, False, places),
            "reported_claim",
            i,
            r.speaker,
            r.act,
        )
        for i, r in enumerate(reported_claims)
    ]
    taken = [s.sentence for s in statements] + [r.sentence for r in reported_claims]
    for i, sentence in enumerate(sentences):
        words = text[sentence.start : sentence.end].split()
        if len(words) < _MIN_SENTENCE_WORDS or any(
            t.start < sentence.end and sentence.start < t.end for t in taken
        ):
            continue
        found.append(
            Claim(
                sentence,
                self_contained(text, sentence, None, False, places),
                "sentence",
                i,
                None,
                "assert",
            )
        )
    return sorted(found, key=lambda c: (c.span.start, c.span.end, c.source))


def self_contained(
    text: str,
    span: Span,
    speaker: Speaker | None,
    direct: bool,
    places: list[EntityMention],
) -> str:
    words = _unquoted(text[span.start : span.end])
    if speaker is not None:
        words = _speaker_for_pronoun(words, speaker)
        if direct:
            words = _speaker_for_first_person(words, speaker)
    country = _main_place_before(text, places, span.start)
    if country:
        words = _THE_COUNTRY.sub(lambda m: country + (m.group(1) or ""), words)
    return words[:1].upper() + words[1:]


def _unquoted(words: str) -> str:
    """Without line breaks, paragraph continuation marks and marks around the whole."""
    words = re.sub(r"\n\s*[“\"‘«„]\s*", " ", words)  # a quote reopened in the next paragraph
    words = _SPACES.sub(" ", words).strip().rstrip(",")
    while len(words) > 1 and words[0] in _QUOTE_PAIRS and words[-1] == _QUOTE_PAIRS[words[0]]:
        inner = words[1:-1]
        if any(ch in inner for ch in (words[0], words[-1])):
            break  # “A” and “B”: two quotes, not one around everything
        words = inner.strip()
    return words


def _speaker_for_pronoun(words: str, speaker: Speaker) -> str:
    m = _LEADING_PRONOUN.match(words)
    if m is None or speaker.type == "unknown":
        return words
    pronoun = m.group(1).lower()
    if pronoun in _PERSON_PRONOUNS and speaker.type not in ("person", "anonymous_official"):
        return words
    if pronoun in _THING_PRONOUNS and speaker.type not in _ORG_TYPES:
        return words
    return _display(speaker.name) + words[m.end() :]


def _speaker_for_first_person(words: str, speaker: Speaker) -> str:
    """ "I have never seen …" → "I [Colonel Aria Menz] have never seen …": the name in
    brackets after the first first-person word, as editors clarify quotes."""
    if speaker.type == "unknown":
        return words
    m = _FIRST_PERSON.search(words)
    if m is None:
        return words
    return f"{words[: m.end()]} [{_display(speaker.name)}]{words[m.end() :]}"


def _display(name: str) -> str:
    return name[:1].upper() + name[1:]


def _main_place_before(text: str, places: list[EntityMention], pos: int) -> str | None:
    """The place the article has named most often before ``pos`` (ties: the latest), the
    best guess for "the country" (cities are places too, but named less often)."""
    counts: dict[str, tuple[int, int]] = {}
    for m in places:
        if m.span.end > pos:
            break
        name = text[m.span.start : m.span.end]
        n, _ = counts.get(name, (0, 0))
        counts[name] = (n + 1, m.span.start)
    return max(counts, key=lambda k: counts[k]) if counts else None
