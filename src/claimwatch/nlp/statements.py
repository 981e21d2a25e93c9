"""Statements: who said what in a news article.

``find_statements`` takes a spaCy Doc parsed by the full English pipeline (tagger, parser, NER)
over the article text and returns

* statements: direct quotes (the words inside the marks), reported speech (the clause after
  "said (that)", or what was denied: "rejected claims that Y" → Y), mixed quotes (a quoted
  fragment inside reported speech: only the fragment) and "according to" attributions, each
  with its cue, speaker (resolved and typed, see ``speakers``) and act (assert / deny /
  confirm);
* reported claims: propositions reported as someone else's claim or rumour and what a speaker
  does to them (see ``reported``).

Direct quotes are attributed from the clause right after the closing mark ("…," the ministry
said) or right before the opening one (she said: "…"); a quote without its own attribution
continues the previous statement of its paragraph (split quotes, "…," she said. "…"), or, when
it opens its paragraph, the last statement of the paragraph before.

Everything is in character offsets into ``doc.text``. The function is pure.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX

from claimwatch.nlp.annotations import ReportedClaim, Span, Speaker, Statement, StatementKind
from claimwatch.nlp.quotes import Quote, find_quotes, paragraph_bounds
from claimwatch.nlp.reported import (
    CLAIM_NOUNS,
    CLAIM_REPORT_CUES,
    CONFIRM_CUES,
    DENY_CUES,
    FRAGMENT_CUES,
    QUOTE_CUES,
    REPORT_CUES,
    clause_after_that,
    denied_subject,
    governors,
    noun_claims,
    speech_act,
)
from claimwatch.nlp.speakers import Speakers, is_passive, np_bounds, subject_of

STATEMENTS_VERSION = "statements.v1"

Token = Any  # spacy.tokens.Token

_SPACES = " \t\n\r\u00a0\u202f\u2009"
_MARKS = "\"'“”„‟‘’‚‛«»‹›"
_BEFORE_DIRECT = ".:!?,;—–-(…" + _MARKS
_SENT_END_RE = re.compile(r"[.!?…](?=[\s\"”’'»]|$)")
_SENT_START_RE = re.compile(r"[.!?…][\"”’'»]?\s+")
_NEGATED_GOVERNORS = frozenset({"decline", "refuse", "fail"})
_QUESTION_WORDS = frozenset({"whether", "if", "who", "why", "how", "where", "when"})
# Cues that may follow what they report with nothing else: "…, the office said."
_PARENTHETICAL_CUES = frozenset(
    {
        *("say", "tell", "add", "write", "state", "stress", "warn", "claim", "insist", "note"),
        *("explain", "report", "reveal", "confirm", "announce", "estimate", "argue", "predict"),
    }
)
_OBJECT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "oprd", "attr", "dative"})
_UNKNOWN = Speaker(None, "unknown", "unknown")
_KIND_RANK = {"direct": 0, "mixed": 1, "according_to": 2, "reported": 3}


@dataclass(frozen=True)
class StatementResult:
    statements: tuple[Statement, ...]
    reported_claims: tuple[ReportedClaim, ...]


def find_statements(doc: Any) -> StatementResult:
    """Statements and reported claims of one parsed article (offsets into ``doc.text``)."""
    ix = _Index(doc)
    builder = _Builder(ix, Speakers(doc, ix.in_quote, ix.unit_of))
    builder.reported()
    builder.according_to()
    builder.fragments()
    builder.direct()
    statements = sorted(builder.items, key=lambda s: (s.content.start, s.content.end))
    return StatementResult(tuple(statements), tuple(builder.claims(statements)))


class _Index:
    """Token offsets, sentences, paragraphs and quotes of one Doc, computed once."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.quotes: list[Quote] = find_quotes(self.text)
        self.qstarts = [q.open for q in self.quotes]
        self.tok_idx: list[int] = doc.to_array([IDX]).reshape(-1).tolist() if len(doc) else []
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
        self.direct = [self._is_direct(q) for q in self.quotes]
        self.prose = [_ends_like_prose(self.text, lo, hi) for lo, hi in
                      zip(self.para_starts, self.para_ends, strict=True)]  # fmt: skip

    def _end_char(self, lo: int, hi: int) -> int:
        while hi > lo + 1 and self.doc[hi - 1].is_space:
            hi -= 1
        last = self.doc[hi - 1]
        return last.idx + len(last.text)

    def unit_range(self, i: int) -> tuple[int, int]:
        """Token range of the sentence unit holding token ``i``."""
        return self.unit_tok[self.unit_of[i]]

    def para_of(self, i: int) -> int:
        return bisect_right(self.para_tok, i) - 1

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

    def sentence(self, start: int, end: int) -> Span:
        first = max(bisect_right(self.unit_starts, start) - 1, 0)
        last = max(bisect_left(self.unit_starts, end) - 1, first)
        return Span(self.unit_starts[first], self.unit_ends[last])


@dataclass(frozen=True)
class _Attribution:
    cue: Span
    lemma: str
    speaker: Speaker
    governors: tuple[str, ...] = ()


class _Builder:
    def __init__(self, ix: _Index, speakers: Speakers) -> None:
        self.ix = ix
        self.spk = speakers
        self.by_content: dict[Span, Statement] = {}
        self.anchors: list[tuple[int, int]] = []  # (position, item number), sorted
        self.items: list[Statement] = []
        doc = ix.doc
        self.cues = [
            t
            for t in doc
            if t.pos_ == "VERB" and not ix.in_quote[t.i] and t.lemma_.lower() in FRAGMENT_CUES
        ]

    # ------------------------------------------------------------------ helpers

    def speaker(self, tok: Token, cue_lemma: str = "") -> Speaker:
        ref = self.spk.referent(tok)
        if ref.span.start <= tok.idx < ref.span.end:
            mention, antecedent = ref.span, None
        else:
            start, end = (tok.i, tok.i + 1) if tok.pos_ == "PRON" else np_bounds(tok)
            mention, antecedent = self.ix.char_span(start, end), ref.span
        kind = ref.type
        if kind == "unknown" and cue_lemma in ("reveal", "learn") and tok.pos_ == "PROPN":
            kind = "media_outlet"  # "Blitz24 can reveal", "Kestrel News has learned"
        return Speaker(mention, ref.name, kind, antecedent)

    def cue_span(self, verb: Token) -> Span:
        start, end = verb.i, verb.i + 1
        if verb.i > 0 and verb.nbor(-1).dep_ == "aux" and verb.nbor(-1).lower_ in ("can", "has"):
            start -= 1  # "can reveal", "has learned"
        for c in verb.rights:
            if c.dep_ == "prt" and c.i == end:
                end += 1  # "pointed out"
        return self.ix.char_span(start, end)

    def add(
        self,
        content: Span,
        kind: StatementKind,
        cue: Span | None,
        lemma: str,
        speaker: Speaker,
        govs: tuple[str, ...] | list[str] = (),
    ) -> Statement | None:
        if content.end <= content.start:
            return None
        if not self.ix.prose[bisect_right(self.ix.para_starts, content.start) - 1]:
            return None  # a headline, standfirst, caption or crosshead
        old = self.by_content.get(content)
        if old is not None and _KIND_RANK[old.kind] <= _KIND_RANK[kind]:
            return None
        text = self.ix.text[content.start : content.end]
        anchor = min(content.start, cue.start) if cue else content.start
        end = max(content.end, cue.end) if cue else content.end
        statement = Statement(
            content=content,
            kind=kind,
            cue=cue,
            cue_lemma=lemma,
            speaker=speaker,
            act=speech_act(lemma, text, govs),
            sentence=self.ix.sentence(anchor, end),
        )
        if old is not None:
            self.items[self.items.index(old)] = statement
        else:
            self.items.append(statement)
            insort(self.anchors, (anchor, len(self.items) - 1))
        self.by_content[content] = statement
        return statement

    def trimmed(self, start: int, end: int) -> Span | None:
        """Characters of tokens [start, end) without a leading "that" or punctuation."""
        doc = self.ix.doc
        while start < end and (doc[start].is_punct or doc[start].lower_ == "that"):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end - start < 2:
            return None
        return self.ix.char_span(start, end)

    # ------------------------------------------------------------------ reported speech

    def reported(self) -> None:
        for verb in self.cues:
            lemma = verb.lemma_.lower()
            if lemma not in REPORT_CUES or not self._speaks(verb):
                continue
            subject = self.subject(verb)
            if subject is None:
                continue
            for start, end in self._complements(verb, lemma, subject):
                end = self._before_nested_statement(verb, start, end)
                if self.ix.overlaps_quote(start, end):
                    continue
                content = self.trimmed(start, end)
                if content is not None:
                    speaker = self.speaker(subject, lemma)
                    self.add(content, "reported", self.cue_span(verb), lemma, speaker,
                             governors(verb))  # fmt: skip

    def subject(self, verb: Token) -> Token | None:
        """The subject of a cue verb, within the verb's sentence unit. Where the parse gives
        the verb no subject of its own there (it reads across paragraph breaks), the noun
        right before the verb ("…, the ministry and the alliance said") or a noun phrase the
        parse left hanging in the unit ("Damsky, appearing before the committee, said")."""
        ix, doc = self.ix, self.ix.doc
        lo, hi = ix.unit_range(verb.i)
        subject = subject_of(verb)
        if subject is not None and (not (lo <= subject.i < hi) or ix.in_quote[subject.i]):
            subject = None
        if subject is not None and subject.head.i == verb.i:
            return subject
        adjacent = self._adjacent_subject(verb, lo)
        if adjacent is not None or subject is not None:
            return adjacent or subject
        for i in range(lo, verb.i):
            t = doc[i]
            if ix.in_quote[i] or t.pos_ not in ("NOUN", "PROPN") or t.dep_ == "compound":
                continue
            if not (lo <= t.head.i < hi):
                return t
        return None

    def _adjacent_subject(self, verb: Token, lo: int) -> Token | None:
        doc, ix = self.ix.doc, self.ix
        j = verb.i - 1
        while j >= lo and (doc[j].pos_ == "ADV" or doc[j].dep_ in ("aux", "neg")):
            j -= 1
        if j < lo or ix.in_quote[j] or doc[j].pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        floor = lo
        for k in range(j, lo - 1, -1):
            if doc[k].text == ",":
                floor = k + 1
                break
        tok = doc[j]
        while (
            tok.dep_ in ("compound", "conj", "amod", "nmod", "poss", "flat")
            and floor <= tok.head.i < verb.i
        ):
            tok = tok.head
        return tok

    def _speaks(self, verb: Token) -> bool:
        """Not passive ("were told"), not negated ("did not say"), not declined ("declined
        to say")."""
        if is_passive(verb) or any(c.dep_ == "neg" for c in verb.children):
            return False
        return not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _NEGATED_GOVERNORS)

    def _complements(self, verb: Token, lemma: str, subject: Token) -> list[tuple[int, int]]:
        """Token ranges of what ``verb`` reports, inside its sentence unit."""
        lo, hi = self.ix.unit_range(verb.i)
        ranges = []
        for start, end in self._raw_complements(verb, lemma):
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
        if lo < start - 1 < verb.i and self.ix.doc[start - 1].text == "," and subject.i < verb.i:
            return [(lo, start - 1)]
        return []

    def _raw_complements(self, verb: Token, lemma: str) -> list[tuple[int, int]]:
        colon = self._after_colon(verb)
        if colon is not None:
            return [colon]
        if lemma in DENY_CUES or lemma in CONFIRM_CUES:
            for noun in _objects(verb):
                if noun.lemma_.lower() in CLAIM_NOUNS:
                    clause = clause_after_that(noun)
                    if clause is not None:
                        return [clause]
        found: list[tuple[int, int]] = []
        for c in verb.children:
            if c.dep_ == "ccomp" and not _is_question(c):
                if c.i < verb.i and not self._ends_at_comma(c.right_edge.i):
                    continue  # "The memo gave no figure; Insider Dispatch wrote …"
                parts = _split_that_conjuncts(c)
                if found and parts and _contiguous(self.ix.doc, found[-1][1], parts[0][0]):
                    parts[0] = (found.pop()[0], parts[0][1])  # one clause read as two
                found.extend(parts)
        if found:
            return found
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

    def _ends_at_comma(self, last: int) -> bool:
        doc = self.ix.doc
        k = last + 1
        while k < len(doc) and (doc[k].is_quote or doc[k].is_space):
            k += 1
        return (k < len(doc) and doc[k].text == ",") or doc[last].text == ","

    def _after_colon(self, verb: Token) -> tuple[int, int] | None:
        """What follows a colon right after the verb's own words: "confirmed it: Y" and
        "confirmed what had been an open secret: Y" → Y."""
        doc = self.ix.doc
        end = self.ix.unit_range(verb.i)[1]
        k = verb.right_edge.i + 1
        while k < end and doc[k].is_space:
            k += 1
        colon = next((c.i for c in verb.rights if c.text == ":"), None)
        if colon is None and k < end and doc[k].text == ":":
            colon = k
        if colon is not None and colon + 1 < end and not self.ix.overlaps_quote(colon + 1, end):
            return colon + 1, end
        return None

    def _before_nested_statement(self, verb: Token, start: int, end: int) -> int:
        """Where a reported clause stops because a nested statement (with its own cue and
        quote) starts: "said he had spoken with his counterpart, who had assured him that …
        “not up for discussion”"."""
        ix = self.ix
        if not ix.overlaps_quote(start, end):
            return end
        for k in range(bisect_left(ix.qstarts, ix.tok_idx[start]), len(ix.quotes)):
            q = ix.quotes[k]
            if q.open >= ix.tok_idx[end - 1]:
                break
            inside = ix.tokens(q.content.start, q.content.end)
            if not inside:
                continue
            cue = self._fragment_cue(inside)
            if cue is not None and cue.i != verb.i and start < cue.left_edge.i < end:
                end = cue.left_edge.i
            elif cue is not None and cue.i == verb.i:
                end = self._before_quoted_conjunct(inside, start, end)
        return end

    def _before_quoted_conjunct(self, inside: range, start: int, end: int) -> int:
        """The end of the clause before a conjunct holding the quote, reported speech of its
        own: "said the document was a forgery and part of a campaign “by outside actors”"."""
        doc = self.ix.doc
        tok = doc[inside.start]
        conj = None
        while start <= tok.head.i < end and tok.head is not tok:
            if tok.dep_ == "conj" and tok.left_edge.i > start + 2:
                conj = tok
                break
            tok = tok.head
        if conj is None:  # the parse hung the quote on the first conjunct
            conj = next(
                (doc[k] for k in range(start + 3, inside.start)
                 if doc[k].dep_ == "conj" and doc[k].pos_ in ("NOUN", "PROPN")),
                None,
            )  # fmt: skip
        if conj is None:
            return end
        cut = conj.left_edge.i
        while cut > start and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
            cut -= 1
        return cut

    # ------------------------------------------------------------------ according to

    def according_to(self) -> None:
        doc, ix = self.ix.doc, self.ix
        for tok in doc:
            if tok.lower_ != "according" or ix.in_quote[tok.i] or tok.i + 1 >= len(doc):
                continue
            to = doc[tok.i + 1]
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            if to.lower_ != "to" or source is None:
                continue
            phrase_end = max(source.right_edge.i, to.i) + 1
            sent = tok.sent
            after = self.trimmed(phrase_end, sent.end)
            before = self.trimmed(sent.start, tok.i)
            if before is not None and self.ix.text[before.start : before.end].endswith(":"):
                before = None
            content = after if before is None or _has_clause(doc, phrase_end, sent.end) else before
            if content is None:
                continue
            inside = ix.tokens(content.start, content.end)
            if ix.overlaps_quote(inside.start, inside.stop):
                continue
            cue = ix.char_span(tok.i, tok.i + 2)
            self.add(content, "according_to", cue, "according to", self.speaker(source))

    # ------------------------------------------------------------------ mixed quotes

    def fragments(self) -> None:
        ix = self.ix
        for k, q in enumerate(ix.quotes):
            if ix.direct[k]:
                continue
            inside = ix.tokens(q.content.start, q.content.end)
            if not inside:
                continue
            cue = self._fragment_cue(inside)
            if cue is None:
                continue
            subject = self.subject(cue)
            if subject is None:
                continue
            lemma = cue.lemma_.lower()
            self.add(q.content, "mixed", self.cue_span(cue), lemma, self.speaker(subject, lemma),
                     governors(cue))  # fmt: skip

    def _fragment_cue(self, inside: range) -> Token | None:
        doc = self.ix.doc
        top = next((doc[i] for i in inside if not (inside.start <= doc[i].head.i < inside.stop)),
                   doc[inside.start])  # fmt: skip
        tok = top
        for _ in range(8):
            if tok.head is tok:
                return None
            tok = tok.head
            if (
                tok.pos_ == "VERB"
                and not self.ix.in_quote[tok.i]
                and tok.lemma_.lower() in FRAGMENT_CUES
                and self._speaks(tok)
            ):
                return tok
        return None

    # ------------------------------------------------------------------ direct quotes

    def direct(self) -> None:
        ix = self.ix
        own = {k: self._attribution(k) for k, d in enumerate(ix.direct) if d}
        for k, attribution in own.items():
            q = ix.quotes[k]
            if attribution is None:
                attribution = self._inherited(k, own)
            if attribution is None:
                if len(ix.text[q.content.start : q.content.end].split()) >= 4:
                    self.add(q.content, "direct", None, "", _UNKNOWN)
                continue
            self.add(q.content, "direct", attribution.cue, attribution.lemma,
                     attribution.speaker, attribution.governors)  # fmt: skip

    def _attribution(self, k: int) -> _Attribution | None:
        ix, text = self.ix, self.ix.text
        q = ix.quotes[k]
        para_end = ix.para_end(q.close)
        limit = min(ix.quotes[k + 1].open if k + 1 < len(ix.quotes) else para_end, para_end)
        if q.closed and q.close + 1 < limit and self._may_follow(q):
            m = _SENT_END_RE.search(text, q.close + 1, limit)
            window = ix.tokens(q.close + 1, m.start() if m else limit)
            found = self._window_cue(window, reverse=False)
            if found is not None:
                return found
        floor = max(ix.para_start(q.open), ix.quotes[k - 1].close + 1 if k else 0)
        start = floor
        for m in _SENT_START_RE.finditer(text, floor, q.open):
            start = m.end()
        head = text[start : q.open].rstrip(_SPACES)
        if head.endswith((":", ",")):
            return self._window_cue(ix.tokens(start, q.open), reverse=True)
        return None

    def _may_follow(self, q: Quote) -> bool:
        """An attribution may follow a quote unless the quote ended its sentence with a full
        stop and a new sentence starts ("…." Next sentence)."""
        text = self.ix.text
        if not text[q.content.start : q.content.end].endswith("."):
            return True
        j = q.close + 1
        while j < len(text) and text[j] in _SPACES:
            j += 1
        return j < len(text) and text[j].islower()

    def _window_cue(self, window: range, reverse: bool) -> _Attribution | None:
        doc, ix = self.ix.doc, self.ix
        order = reversed(window) if reverse else window
        for i in order:
            if ix.in_quote[i]:
                continue
            tok = doc[i]
            if tok.lower_ == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
                source = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
                if source is not None:
                    return _Attribution(
                        ix.char_span(i, i + 2), "according to", self.speaker(source)
                    )
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" and lemma in QUOTE_CUES and not is_passive(tok):
                subject = self.subject(tok)
                if subject is None:
                    subject = self._nearby_subject(tok, window)
                speaker = self.speaker(subject, lemma) if subject is not None else _UNKNOWN
                return _Attribution(self.cue_span(tok), lemma, speaker, tuple(governors(tok)))
        return None

    def _nearby_subject(self, verb: Token, window: range) -> Token | None:
        """When the parse gives the cue no subject: the noun phrase next to it in the
        attribution ("said taxi driver Luka Brenn")."""
        doc, ix = self.ix.doc, self.ix
        after = range(verb.i + 1, window.stop)
        before = range(verb.i - 1, window.start - 1, -1)
        for rng in (after, before):
            for i in rng:
                tok = doc[i]
                if ix.in_quote[i] or tok.pos_ not in ("PROPN", "NOUN", "PRON"):
                    continue
                while tok.dep_ in ("compound", "amod", "nmod", "poss") and tok.head.i != verb.i:
                    tok = tok.head
                return tok
        return None

    def _inherited(self, k: int, own: dict[int, _Attribution | None]) -> _Attribution | None:
        """Split and continued quotes: the previous statement of the paragraph; for a quote
        opening its paragraph, the last statement of the previous paragraph; else the next
        adjacent quote's attribution."""
        ix = self.ix
        q = ix.quotes[k]
        para = ix.para_start(q.open)
        j = bisect_left(self.anchors, (q.open, -1)) - 1
        if j >= 0:
            anchor, n = self.anchors[j]
            starts_para = not ix.text[para : q.open].strip(_SPACES)
            prev_para = ix.para_start(para - 1) if para > 0 else para
            if anchor >= para or (starts_para and anchor >= prev_para):
                s = self.items[n]
                return _Attribution(s.cue, s.cue_lemma, s.speaker) if s.cue else None
        nxt = own.get(k + 1)
        if nxt is not None and not ix.text[q.close + 1 : ix.quotes[k + 1].open].strip(_SPACES):
            return nxt
        return None

    # ------------------------------------------------------------------ reported claims

    def claims(self, statements: list[Statement]) -> list[ReportedClaim]:
        ix = self.ix
        found = {c.claim: c for c in noun_claims(ix.doc, ix.in_quote, self.speaker)}
        for s in statements:
            claim: Span | None = None
            act = None
            if s.kind == "reported" and s.cue_lemma in CONFIRM_CUES:
                claim, act = s.content, "confirm"
            elif s.kind == "reported" and s.cue_lemma in CLAIM_REPORT_CUES:
                claim, act = s.content, "report"
            elif s.kind == "reported" and s.cue_lemma in DENY_CUES:
                claim, act = s.content, "deny"
            elif s.act == "deny":
                claim, act = denied_subject(ix.text, s.content), "deny"
            if claim is None or act is None or claim in found:
                continue
            found[claim] = ReportedClaim(claim, act, s.speaker, s.cue, None, s.sentence)
        return sorted(found.values(), key=lambda c: (c.claim.start, c.claim.end))


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
    """Questions ("asked whether …", "would not say who was behind it") are no statements."""
    return clause.left_edge.lower_ in _QUESTION_WORDS


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
    while end > start and (doc[end - 1].lower_ in ("and", "but", ",") or doc[end - 1].is_punct):
        end -= 1
    return [(start, end), *parts]


def _ends_like_prose(text: str, start: int, end: int) -> bool:
    """Whether a paragraph ends like running text (with . ! ? … or :, maybe inside closing
    marks or brackets), unlike headlines, standfirsts, captions and crossheads."""
    body = text[start:end].rstrip(_SPACES)
    body = body.rstrip(_MARKS + ")]")
    return body.endswith((".", "!", "?", "…", ":"))


def _contiguous(doc: Any, end: int, start: int) -> bool:
    """Whether nothing but spaces separates token ``end - 1`` from token ``start``."""
    return all(doc[k].is_space for k in range(end, start)) and start >= end


def _has_clause(doc: Any, start: int, end: int) -> bool:
    """Whether tokens [start, end) hold a clause of their own (a verb with a subject)."""
    return any(
        doc[i].dep_ in ("nsubj", "nsubjpass") and start <= doc[i].head.i < end
        for i in range(start, end)
    )
