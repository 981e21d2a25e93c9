"""Quotation-mark pairing: where the quoted passages of an article are.

Works on the plain article text (paragraphs separated by blank lines) and knows every mark in
common use: “curly”, "straight", ‘single’, 'straight single', „German“, ‚German single‘,
« guillemets », ‹ single guillemets ›, and the reversed »German« style. Apostrophes inside
words (don't, Valdor's, Workers’ Federation) never open or close a quote, single quotes nested
inside double quotes (and the other way round) stay nested, and a quote whose paragraph ends
without a closing mark continues when the next paragraph opens with the same kind of mark (the
usual convention for quotes running over several paragraphs).

Only the outermost quotes are returned; nested ones are part of their content.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claimwatch.nlp.annotations import Span

# Every character that can be a quotation mark (or an apostrophe that looks like one).
_MARK_RE = re.compile("[\"'“”„‟‘’‚‛«»‹›]")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")

# Families: marks of one family pair with each other.
_DOUBLE, _SINGLE, _GUILLEMET, _SGUILLEMET = "double", "single", "guillemet", "sguillemet"
_FAMILY = {
    '"': _DOUBLE,
    "“": _DOUBLE,
    "”": _DOUBLE,
    "„": _DOUBLE,
    "‟": _DOUBLE,
    "'": _SINGLE,
    "‘": _SINGLE,
    "’": _SINGLE,
    "‚": _SINGLE,
    "‛": _SINGLE,
    "«": _GUILLEMET,
    "»": _GUILLEMET,
    "‹": _SGUILLEMET,
    "›": _SGUILLEMET,
}
# Which closing characters may end a quote opened by a given character.
_CLOSERS = {
    '"': '"',
    "“": '”"',
    "„": '“”"',
    "‟": "”",
    "'": "'’",
    "‘": "’'",
    "‚": "‘’",
    "‛": "’",
    "«": "»",
    "»": "«",  # reversed German »…«
    "‹": "›",
    "›": "‹",
}
_SPACES = " \t\n\r\u00a0\u202f\u2009"
_OPEN_CONTEXT = _SPACES + "([{—–-/" + "“‘„‚«‹\"'"
_CLOSE_CONTEXT = _SPACES + ".,;:!?)]}—–-/…" + "”’“«»‹›\"'"
_TRIM = _SPACES + ","


@dataclass(frozen=True)
class Quote:
    """One outermost quoted passage.

    ``open``/``close`` are the offsets of the opening and closing marks (``close`` is the
    paragraph end when a double quote never closes); ``content`` the words inside, without
    surrounding spaces or a trailing comma; ``reopened`` the offsets of the marks that reopen
    the quote at the start of a continuation paragraph."""

    open: int
    close: int
    content: Span
    mark: str
    closed: bool = True
    reopened: tuple[int, ...] = ()


@dataclass
class _Open:
    pos: int
    char: str
    family: str


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs start (the first is 0)."""
    return [0] + [m.end() for m in _PARAGRAPH_BREAK_RE.finditer(text)]


def paragraph_bounds(text: str) -> tuple[list[int], list[int]]:
    """Offsets where paragraphs start and where they end (before the blank line)."""
    breaks = list(_PARAGRAPH_BREAK_RE.finditer(text))
    return [0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(text)]


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _roles(text: str, i: int) -> tuple[bool, bool]:
    """(can_open, can_close) for the mark at ``i`` from its surroundings alone."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if ch in "'’‛" and _is_word(prev) and _is_word(nxt):
        return False, False  # apostrophe inside a word: don't, Valdor's, rock’n’roll
    opens_here = prev in _OPEN_CONTEXT and nxt not in _SPACES
    closes_here = prev not in _SPACES and nxt in _CLOSE_CONTEXT
    if ch in "“„‟«‹":
        return nxt not in "\n", ch in "“«‹"  # “ closes „…“, « and ‹ close reversed German
    if ch in "”›»":
        return ch in "»›", True
    if ch == "‘":
        return opens_here or prev in _SPACES, closes_here
    if ch == "‚":
        return prev in _SPACES and nxt not in _SPACES, False
    if ch in "’‛":
        if prev in _SPACES:
            return False, False  # elision: ’90s
        return False, closes_here
    # straight marks
    return opens_here, closes_here


def _is_definite_single_close(text: str, i: int) -> bool:
    """A ’ or ' that certainly ends a quote: after punctuation, or before punctuation / the
    end of the paragraph (unlike ``workers’ union``, which may be a plural possessive)."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    return prev in ".,;:!?…" or nxt not in " \u00a0\u202f"


def _pair_paragraph(
    text: str,
    marks: list[int],
    stack: list[_Open],
) -> tuple[list[tuple[_Open, int]], list[_Open]]:
    """Pair the marks of one paragraph, starting with ``stack`` (a quote carried over from the
    previous paragraph). Returns the closed outermost quotes and what is left open."""
    found: list[tuple[_Open, int]] = []
    for n, i in enumerate(marks):
        ch = text[i]
        can_open, can_close = _roles(text, i)
        if can_close:
            depth = _innermost_match(stack, ch)
            if depth is not None and _accept_close(text, marks, n, stack[depth]):
                opener = stack[depth]
                del stack[depth:]
                if not stack:
                    found.append((opener, i))
                continue
        if can_open and not _closes_straight(stack, ch):
            stack.append(_Open(i, ch, _FAMILY[ch]))
    return found, stack


def _innermost_match(stack: list[_Open], ch: str) -> int | None:
    for depth in range(len(stack) - 1, -1, -1):
        if ch in _CLOSERS[stack[depth].char]:
            return depth
    return None


def _closes_straight(stack: list[_Open], ch: str) -> bool:
    """A straight double mark while another straight double is open never opens a nested
    quote (nesting straight doubles is not a thing)."""
    return ch == '"' and any(o.char == '"' for o in stack)


def _accept_close(text: str, marks: list[int], n: int, opener: _Open) -> bool:
    """Decide an ambiguous single closer: ``the workers’ union’`` — a ’ after a word, followed
    by a space, closes only when no later definite closer of the quote exists."""
    i = marks[n]
    if opener.family != _SINGLE or _is_definite_single_close(text, i):
        return True
    for j in marks[n + 1 :]:
        if text[j] in "‘‚" or (text[j] == "'" and _roles(text, j)[0]):
            return True  # a new quote opens first: this one must close here
        if text[j] in _CLOSERS[opener.char] and _is_definite_single_close(text, j):
            return False
    return True


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end)


def find_quotes(text: str) -> list[Quote]:
    """All outermost quotes of ``text``, in order."""
    positions = [m.start() for m in _MARK_RE.finditer(text)]
    if not positions:
        return []
    starts, ends = paragraph_bounds(text)
    by_paragraph: list[list[int]] = [[] for _ in starts]
    for i in positions:
        by_paragraph[bisect_right(starts, i) - 1].append(i)

    quotes: list[Quote] = []
    stack: list[_Open] = []
    reopened: list[int] = []
    for p, marks in enumerate(by_paragraph):
        if stack and marks and marks[0] == _first_char(text, starts[p]):
            reopened.append(marks[0])  # the continuation mark reopens the carried quote
            marks = marks[1:]
        elif stack:
            quotes.extend(_close_at_paragraph_end(text, stack[0], ends[p - 1], reopened))
            stack, reopened = [], []
        found, stack = _pair_paragraph(text, marks, stack)
        for opener, close in found:
            quotes.append(
                Quote(
                    opener.pos,
                    close,
                    _trimmed(text, opener.pos + 1, close),
                    opener.char,
                    reopened=tuple(r for r in reopened if opener.pos < r < close),
                )
            )
            reopened = []
        if stack:
            stack = [stack[0]]
            nxt = starts[p + 1] if p + 1 < len(starts) else None
            if nxt is None or not _continues(text, stack[0], nxt):
                quotes.extend(_close_at_paragraph_end(text, stack[0], ends[p], reopened))
                stack, reopened = [], []
    quotes.sort(key=lambda q: q.open)
    return quotes


def _first_char(text: str, start: int) -> int:
    i = start
    while i < len(text) and text[i] in _SPACES:
        i += 1
    return i


def _continues(text: str, opener: _Open, next_start: int) -> bool:
    i = _first_char(text, next_start)
    return i < len(text) and _FAMILY.get(text[i]) == opener.family and _roles(text, i)[0]


def _close_at_paragraph_end(text: str, opener: _Open, end: int, reopened: list[int]) -> list[Quote]:
    """A double quote (or guillemet) left open at the end of a paragraph that does not
    continue: the writer forgot the closing mark; take the paragraph's rest. Single marks
    left open are most likely apostrophes and are dropped."""
    if opener.family == _SINGLE or opener.family == _SGUILLEMET:
        return []
    content = _trimmed(text, opener.pos + 1, end)
    if content.end <= content.start:
        return []
    return [Quote(opener.pos, end, content, opener.char, closed=False, reopened=tuple(reopened))]
