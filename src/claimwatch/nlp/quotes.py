"""Quotation-mark pairing, and the text structure around it.

``find_quotes`` finds the quoted passages of an article; ``TextIndex`` indexes a parsed Doc
once (the tokens inside quotes, paragraphs, sentence units cut at paragraph breaks); a few
helpers at the end read the parse (subjects, noun-phrase bounds).

``find_quotes`` works on the plain article text (paragraphs separated by blank lines) and
knows every mark in common use: “curly”, "straight", ‘single’, 'straight single', „German“,
‚German single‘, « guillemets », ‹ single guillemets ›, and the reversed »German« style.
Apostrophes inside words (don't, Valdor's, Workers’ Federation) never open or close a quote,
single quotes nested inside double quotes (and the other way round) stay nested, and a quote
whose paragraph ends without a closing mark continues when the next paragraph opens with the
same kind of mark (the usual convention for quotes running over several paragraphs). Only the
outermost quotes are returned; nested ones are part of their content.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

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
_MARKS = "\"'“”„‟‘’‚‛«»‹›"
# What may stand right before a direct quote's opening mark (not a word: "called it “…”").
_BEFORE_DIRECT = ".:!?,;—–-(…" + _MARKS
# Two-character ASCII double marks (''…'' in newswire archives, ``…'' in TeX-style text) are
# read as a straight double mark followed by this filler, which keeps every offset.
_FILLER = "\x01"
_ASCII_DOUBLE_RE = re.compile(r"''|``")
_OPEN_CONTEXT = _SPACES + "([{—–-/" + "“‘„‚«‹\"'" + _FILLER
_CLOSE_CONTEXT = _SPACES + ".,;:!?)]}—–-/…" + "”’“«»‹›\"'" + _FILLER
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
    while start < end and text[start] in _SPACES + _FILLER:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end)


def mark_end(text: str, pos: int) -> int:
    """Where the quotation mark at ``pos`` ends (after both characters of ``''``)."""
    return pos + (2 if _ASCII_DOUBLE_RE.match(text, pos) else 1)


def find_quotes(original: str) -> list[Quote]:
    """All outermost quotes of ``original``, in order."""
    text = _ASCII_DOUBLE_RE.sub('"' + _FILLER, original)
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


class TextIndex:
    """Where the quotes, paragraphs and sentence units of one parsed Doc are, computed once:
    token offsets, which tokens are inside quotes or are quotation marks, which quotes are
    direct (a sentence or clause of their own) and which paragraphs are running text. The
    token attributes are read once into arrays, so that finding candidate tokens (``where``)
    needs no Python loop over the Doc."""

    def __init__(self, doc: Any) -> None:
        from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, POS

        self.doc = doc
        self.text: str = doc.text
        self.quotes: list[Quote] = find_quotes(self.text)
        self.qstarts = [q.open for q in self.quotes]
        cols = doc.to_array([IDX, POS, DEP, LEMMA, LOWER, HEAD]).reshape(-1, 6)
        self._cols = cols[:, 1:5]
        self._head = np.arange(len(doc), dtype=np.int64) + cols[:, 5].astype(np.int64)
        self.tok_idx: list[int] = cols[:, 0].tolist()
        self.para_starts, self.para_ends = paragraph_bounds(self.text)
        n = len(doc)
        self.in_quote = [False] * n
        self.mark_tok = [False] * n
        for q in self.quotes:
            lo = bisect_right(self.tok_idx, q.open)
            hi = bisect_left(self.tok_idx, q.close)
            self.in_quote[lo:hi] = [True] * (hi - lo)
            for pos in (q.open, q.close, *q.reopened):
                k = bisect_left(self.tok_idx, pos)
                if k < n and self.tok_idx[k] == pos:
                    self.mark_tok[k] = True
        # Sentence units: spaCy's sentences, cut where a paragraph starts (the parser reads
        # across blank lines; a statement never does).
        self.para_tok = [bisect_left(self.tok_idx, p) for p in self.para_starts]
        self.unit_of = [0] * n
        self.unit_tok: list[tuple[int, int]] = []
        for sent in doc.sents:
            cuts = [k for k in self.para_tok if sent.start < k < sent.end]
            for lo, hi in zip([sent.start, *cuts], [*cuts, sent.end], strict=True):
                self.unit_of[lo:hi] = [len(self.unit_tok)] * (hi - lo)
                self.unit_tok.append((lo, hi))
        self.unit_starts = [self.tok_idx[lo] for lo, _ in self.unit_tok]
        self.unit_ends = [self._end_char(lo, hi) for lo, hi in self.unit_tok]
        self._quoted = np.array(self.in_quote, dtype=bool)
        self._units = np.array(self.unit_of, dtype=np.int64)
        self.direct = [self._is_direct(q) for q in self.quotes]
        self.prose = [
            _ends_like_prose(self.text, lo, hi)
            for lo, hi in zip(self.para_starts, self.para_ends, strict=True)
        ]

    def where(
        self,
        *,
        pos: Iterable[str] = (),
        deps: Iterable[str] = (),
        lemmas: Iterable[str] = (),
        lowers: Iterable[str] = (),
        head_lemmas: Iterable[str] = (),
        orphan: bool = False,
        quoted: bool = False,
    ) -> list[int]:
        """Indices of the tokens with any of the given parts of speech, dependency labels,
        lemmas, lower-case forms and heads' lemmas (each filter only when given), outside
        quotes unless ``quoted``; ``orphan``: only tokens whose head is in another sentence
        unit (a subject the parser attached across a paragraph break)."""
        mask = np.ones(len(self.tok_idx), dtype=bool)
        for column, values in enumerate((pos, deps, lemmas, lowers)):
            if values:
                mask &= np.isin(self._cols[:, column], _ids(values))
        if head_lemmas:
            mask &= np.isin(self._cols[self._head, 2], _ids(head_lemmas))
        if orphan:
            mask &= self._units[self._head] != self._units
        if not quoted:
            mask &= ~self._quoted
        return np.flatnonzero(mask).tolist()

    def _end_char(self, lo: int, hi: int) -> int:
        while hi > lo + 1 and self.doc[hi - 1].is_space:
            hi -= 1
        last = self.doc[hi - 1]
        return last.idx + len(last.text)

    def unit_range(self, i: int) -> tuple[int, int]:
        """Token range of the sentence unit holding token ``i``."""
        return self.unit_tok[self.unit_of[i]]

    def tokens(self, start: int, end: int) -> range:
        """Indices of the tokens starting in characters [start, end)."""
        return range(bisect_left(self.tok_idx, start), bisect_left(self.tok_idx, end))

    def para_start(self, pos: int) -> int:
        return self.para_starts[bisect_right(self.para_starts, pos) - 1]

    def para_end(self, pos: int) -> int:
        return self.para_ends[bisect_right(self.para_starts, pos) - 1]

    def _is_direct(self, q: Quote) -> bool:
        """A quote standing as its own sentence or clause ("…," she said / said: "…"), not
        a fragment inside a sentence ("called it “a tax on …”")."""
        floor = self.para_start(q.open)
        j = q.open - 1
        while j >= floor and self.text[j] in _SPACES:
            j -= 1
        return j < floor or self.text[j] in _BEFORE_DIRECT

    def overlaps_quote(self, start_tok: int, end_tok: int) -> bool:
        return any(self.in_quote[start_tok:end_tok]) or any(self.mark_tok[start_tok:end_tok])

    def char_span(self, start_tok: int, end_tok: int) -> Span:
        last = self.doc[end_tok - 1]
        return Span(self.tok_idx[start_tok], last.idx + len(last.text))

    def unit_span(self, i: int) -> Span:
        """Characters of the sentence unit holding token ``i``."""
        u = self.unit_of[i]
        return Span(self.unit_starts[u], self.unit_ends[u])

    def is_prose(self, pos: int) -> bool:
        return self.prose[bisect_right(self.para_starts, pos) - 1]

    def sentence(self, start: int, end: int) -> Span:
        first = max(bisect_right(self.unit_starts, start) - 1, 0)
        last = max(bisect_left(self.unit_starts, end) - 1, first)
        return Span(self.unit_starts[first], self.unit_ends[last])


def _ids(values: Iterable[str]) -> np.ndarray:
    from spacy.strings import get_string_id

    return np.array([get_string_id(v) for v in values], dtype=np.uint64)


def _ends_like_prose(text: str, start: int, end: int) -> bool:
    """Whether a paragraph ends like running text (with . ! ? … or :, maybe inside closing
    marks or brackets), unlike headlines, standfirsts, captions and crossheads."""
    body = text[start:end].rstrip(_SPACES)
    body = body.rstrip(_MARKS + ")]")
    return body.endswith((".", "!", "?", "…", ":"))


# ----------------------------------------------------------------------------- parse helpers

Token = Any  # spacy.tokens.Token (spaCy ships no type stubs)
_NP_RIGHT_DEPS = frozenset({"prep", "amod", "nummod", "compound", "case"})


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of ``verb`` (the one nearest before it, so that a dateline "ESTREL, March
    19 (Wire) –" read as a second subject loses); for participles, infinitives and second
    conjuncts ("…, calling them …", "refused to comment", "and said …") the subject of the
    verb they hang on; for a participle modifying a noun ("a statement calling …") that
    noun."""
    subjects = [
        c
        for c in verb.children
        if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and verb.lemma_ != "tell")
    ]
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    if depth > 4 or verb.head is verb:
        return None
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and verb.head.dep_ == "ccomp"
    ):  # "X denied that Y happened, calling it …": X calls, not Y
        return subject_of(verb.head.head, depth + 1)
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "relcl"):
        return subject_of(verb.head, depth + 1)
    return None


def np_bounds(tok: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok``: its left modifiers and
    right prepositional or adjectival modifiers up to the first punctuation (no relative
    clauses, appositions or parentheticals)."""
    doc = tok.doc
    start = tok.left_edge.i
    for t in tok.lefts:
        if t.dep_ in ("punct", "appos", "relcl", "acl", "advmod", "cc", "conj"):
            start = max(start, t.right_edge.i + 1)
    for k in range(tok.i - 1, start - 1, -1):
        if "\n" in doc[k].text_with_ws:
            start = k + 1
            break
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ == "prep" and any(p.ent_type_ in ("DATE", "TIME") for p in c.children):
            break  # "the ministry on Friday said"
        if c.dep_ not in _NP_RIGHT_DEPS or any(
            doc[k].is_punct or doc[k].is_space for k in range(end, c.left_edge.i)
        ):
            break
        end = c.right_edge.i + 1
    return start, end


def according_source(doc: Any, i: int) -> Token | None:
    """The source of "according to X" for the token "according" at ``i``: X's head."""
    if i + 1 >= len(doc) or doc[i + 1].lower_ != "to":
        return None
    return next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)


def strip_span(doc: Any, start: int, end: int) -> tuple[int, int]:
    while start < end and (
        doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("’s", "'s")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in ("’s", "'s")
    ):
        end -= 1
    return start, end
