"""A regex floor for statement extraction: direct quotes with a speech verb and a speaker.

No model, no spaCy. :func:`predict_direct_quotes` finds

* **content**: text between matching quotation marks of one style (``“…”``, ``"…"``,
  ``«…»``, ``„…“``, and ``‘…’`` outside double-quoted text; a ``’`` followed by a letter is
  an apostrophe, not a closing mark), on one line, with at least 4 words, that stands as a
  clause of its own: it opens after a line or sentence start, ``:``, ``,`` or a dash, and
  it ends with punctuation or is followed by punctuation, a line end or a cue (a partial
  quote inside reported speech, ``he called it “a disgrace to the party”``, is skipped).
  The span includes the quotation marks.
* **cue**: the nearest speech cue (``said``, ``says``, ``say``, ``saying``, ``told``,
  ``tells``, ``according to``, ``added``, ``adds``, ``asked``, ``wrote``, ``writes``,
  ``declared``, ``explained``) within the quote's sentence, outside the quote. A quote
  with no cue is not a statement here (it may be a title or scare quotes).
* **source**: the nearest capitalised name (a run of capitalised words, leading sentence
  words such as "But" or "The" and trailing day or month names dropped) or personal
  pronoun (he, she, they, I, we) in that sentence, outside the quote; after "according
  to" it is looked for after the cue, after "told"/"tells" before it.

Consecutive quotes that take the same cue ("“A,” she said, “B.”") make one attribution
with a discontinuous content, as PolNeAR annotates them. Expect high precision and low
recall: PolNeAR is mostly reported speech without quotation marks.
"""

from __future__ import annotations

import re
from pathlib import Path

from claimwatch.evaluate.attribution import Attribution, AttributionScore, Span, evaluate

__all__ = ["predict_direct_quotes", "score_baseline"]

MIN_WORDS = 4

_DOUBLE = re.compile(r"“[^“”\n]+”|\"[^\"\n]+\"|«[^«»\n]+»|„[^„“”\n]+[“”]")
_SINGLE = re.compile(r"(?<!\w)‘(?:[^‘’\n]|’(?=\w))+’(?!\w)")
_CUE = re.compile(
    r"\b(?:according to|said|says|say|saying|told|tells|added|adds|asked|wrote|writes|"
    r"declared|explained)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\b")
_NAME = re.compile(r"\b[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*)*")
_NAME_END = re.compile(r"[’']s?$|(?<=\w\w\w)\.$")  # possessive, or a sentence's period
_WORD = re.compile(r"\w+")
_NOT_NAME = frozenset(  # capitalised at a sentence start, never a speaker's name
    _WORD.findall(
        """a an and as at after also although because before but by during even for from
    however if in it its meanwhile more most no not now of on or since so still that the
    their then there these this those though to under until when where which while who
    why with yet said says according asked told added
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
    )
)
_SENTENCE_END = re.compile(r"[.!?][”\"’»]?\s+(?=[“\"‘«„]?[A-Z])|\n")


def _quotes(text: str) -> list[Span]:
    double = [Span(m.start(), m.end()) for m in _DOUBLE.finditer(text)]
    single = [
        Span(m.start(), m.end())
        for m in _SINGLE.finditer(text)
        if not any(d.start <= m.start() < d.end for d in double)
    ]
    quotes = [q for q in double + single if len(_WORD.findall(text, q.start, q.end)) >= MIN_WORDS]
    return sorted(quotes)


def _opens_clause(text: str, quote: Span) -> bool:
    """Whether a quote starts a clause (after a line or sentence start, ``:``, ``,``, ``;``,
    a dash or another quote), rather than sitting inside reported speech (``he called it
    “a disgrace”``)."""
    before = text[: quote.start].rstrip(" \t")
    return not before or before[-1] in '\n.!?:,;—–”"’»'


def _closes_clause(text: str, quote: Span) -> bool:
    """Whether a quote ends a clause: its last word is followed by punctuation, or the
    text after it goes on with punctuation, a line end or a cue, not with more of the
    reporter's sentence (``“a disgrace” to the party``)."""
    inner = text[quote.start : quote.end - 1].rstrip()
    if inner and inner[-1] in ".,!?;:—–-…":
        return True
    after = text[quote.end : quote.end + 60]
    stripped = after.lstrip(" \t")
    if not stripped or stripped[0] in "\n.,!?;:—–)":
        return True
    cue = _CUE.search(after)
    return cue is not None and len(_WORD.findall(after, 0, cue.start())) <= 3


def _sentence(text: str, quote: Span) -> tuple[int, int]:
    """Bounds of the sentence around a quote: from the last sentence end before it to the
    first one after it (or the quote's end, when the quote closes its sentence)."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, quote.start):
        start = match.end()
    if re.search(r"[.!?][”\"’»]$", text[quote.start : quote.end]):
        rest = text[quote.end :].lstrip(" \t")
        if not rest or rest[0] == "\n" or rest[0].isupper():
            return start, quote.end
    match = _SENTENCE_END.search(text, quote.end)
    return start, match.start() + 1 if match else len(text)


def _outside(spans: list[Span], start: int, end: int) -> bool:
    return not any(s.start < end and start < s.end for s in spans)


def _names(text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    for match in _NAME.finditer(text, start, end):
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", match.group())]
        base = match.start()
        while words and _key(match.group()[words[0][0] : words[0][1]]) in _NOT_NAME:
            words.pop(0)
        while words and _key(match.group()[words[-1][0] : words[-1][1]]) in _NOT_NAME:
            words.pop()
        if words:
            last = match.group()[words[-1][0] : words[-1][1]]
            cut = _NAME_END.search(last)
            end_at = base + words[-1][1] - (len(cut.group()) if cut else 0)
            if end_at > base + words[0][0]:
                out.append(Span(base + words[0][0], end_at))
    for match in _PRONOUN.finditer(text, start, end):
        out.append(Span(match.start(), match.end()))
    return out


def _key(word: str) -> str:
    return word.strip(".,'’").lower()


def _distance(a: Span, b: Span) -> int:
    return max(b.start - a.end, a.start - b.end, 0)


def predict_direct_quotes(text: str) -> tuple[Attribution, ...]:
    """The direct quotes of ``text`` with their cue and speaker, in text order (see the
    module notes)."""
    quotes = _quotes(text)
    found: list[tuple[Span, Span, Span | None]] = []  # quote, cue, source
    for quote in quotes:
        if not (_opens_clause(text, quote) and _closes_clause(text, quote)):
            continue
        start, end = _sentence(text, quote)
        cues = [
            Span(m.start(), m.end())
            for m in _CUE.finditer(text, start, end)
            if _outside(quotes, m.start(), m.end())
        ]
        if not cues:
            continue
        cue = min(cues, key=lambda c: (_distance(c, quote), c.start < quote.start))
        cue_word = text[cue.start : cue.end].lower()
        candidates = [
            s for s in _names(text, start, end) if _outside([*quotes, cue], s.start, s.end)
        ]
        if cue_word == "according to":
            candidates = [s for s in candidates if s.start >= cue.end]
        elif cue_word in ("told", "tells"):
            candidates = [s for s in candidates if s.end <= cue.start]
        source = min(
            candidates, key=lambda s: (_distance(s, cue), s.start > cue.start), default=None
        )
        found.append((quote, cue, source))
    out: list[Attribution] = []
    index = 0
    while index < len(found):
        quote, cue, source = found[index]
        contents = [quote]
        while index + 1 < len(found) and found[index + 1][1] == cue:
            index += 1
            contents.append(found[index][0])
        index += 1
        out.append(
            Attribution(
                content=tuple(contents),
                cue=(cue,),
                source=(source,) if source is not None else (),
            )
        )
    return tuple(out)


def score_baseline(data_dir: Path) -> AttributionScore:
    """The baseline's scores on a PolNeAR folder."""
    return evaluate(data_dir, predict_direct_quotes)
