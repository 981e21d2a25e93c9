"""Statements: who said what in a news article.

``find_statements`` takes a spaCy Doc parsed by the full English pipeline (tagger, parser, NER)
over the article text (paragraphs separated by blank lines) and returns

* statements: direct quotes (the words inside the marks), reported speech (the clause after
  "said (that)", or what was denied: "rejected claims that Y" → Y; with the cue between
  commas in mid-sentence, the whole sentence), mixed quotes (reported speech holding quoted
  fragments: the whole clause with its marks; a fragment with no reported clause around it,
  "called it “a tax”", on its own), evidence and belief ("polls show Y", "he believes Y")
  and "according to" attributions, each
  with its cue, speaker (resolved and typed, see ``speakers``) and act (assert / deny /
  confirm);
* reported claims: propositions reported as someone else's claim or rumour and what a speaker
  does to them (see ``reported``).

Direct quotes are attributed from the clause right after the closing mark ("…," the ministry
said) or right before the opening one (she said: "…"); a quote without its own attribution
continues the previous statement of its paragraph (split quotes, "…," she said. "…"), or, when
it opens its paragraph, the last statement of the paragraph before (or the person the
paragraph before introduced; then ``cue`` is None).

spaCy's parser reads across blank lines, so everything works on sentence units cut at
paragraph breaks (``quotes.TextIndex``). Paragraphs that do not end like running text
(headlines, standfirsts, captions, crossheads) give no statements. When two passes find the
same content, direct beats mixed beats "according to" beats reported.

Everything is in character offsets into ``doc.text``. The function is pure (no I/O, the Doc is
not modified) and deterministic.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimwatch.nlp.annotations import ReportedClaim, Span, Speaker, Statement, StatementKind
from claimwatch.nlp.quotes import (
    Quote,
    TextIndex,
    according_source,
    is_passive,
    mark_end,
    np_bounds,
    subject_of,
)
from claimwatch.nlp.reported import (
    CLAIM_REPORT_CUES,
    CLAUSE_CUES,
    CONFIRM_CUES,
    DENY_CUES,
    FRAGMENT_CUES,
    QUOTE_CUES,
    clause_end,
    complements,
    denied_subject,
    droppable_end,
    fragment_cue,
    governors,
    noun_claims,
    pronoun_denials,
    speaks,
    speech_act,
)
from claimwatch.nlp.speakers import Speakers

if TYPE_CHECKING:
    from spacy.tokens import Doc

STATEMENTS_VERSION = "statements.v2"

Token = Any  # spacy.tokens.Token

_SPACES = " \t\n\r\u00a0\u202f\u2009"
_SENT_END_RE = re.compile(r"(\w*)[.!?…](?=[\s\"”’'»]|$)")
_SENT_START_RE = re.compile(r"(\w*)[.!?…][\"”’'»]?\s+")
# Words a full stop follows without ending the sentence ("Michael C. Cernech", "Sen. Rubio").
_ABBREVIATIONS = frozenset(
    re.findall(
        r"\w+",
        "mr mrs ms dr st jr sr lt co mt sen rep gov gen col sgt maj capt prof corp inc supt "
        "vs ft rev hon",
    )
)


def _sentence_marks(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match]:
    """Matches of a sentence-boundary pattern that do not follow an initial or a title."""
    return [m for m in pattern.finditer(text, start, end) if not _abbreviation(text, m)]


def _abbreviation(text: str, m: re.Match) -> bool:
    word = m.group(1)
    if text[m.end(1)] != ".":
        return False
    return (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS


_UNKNOWN = Speaker(None, "unknown", "unknown")
_CLOSING_PUNCT = " .,;:!?…"
_KIND_RANK = {"direct": 0, "mixed": 1, "according_to": 2, "reported": 3}


@dataclass(frozen=True)
class StatementResult:
    statements: tuple[Statement, ...]
    reported_claims: tuple[ReportedClaim, ...]


def find_statements(doc: Doc) -> StatementResult:
    """Statements and reported claims of one parsed article (offsets into ``doc.text``)."""
    ix = TextIndex(doc)
    builder = _Builder(ix, Speakers(doc, ix))
    builder.reported()
    builder.according_to()
    builder.fragments()
    builder.direct()
    statements = sorted(builder.items, key=lambda s: (s.content.start, s.content.end))
    return StatementResult(tuple(statements), tuple(builder.claims(statements)))


@dataclass(frozen=True)
class _Attribution:
    cue: Span | None
    lemma: str
    speaker: Speaker
    governors: tuple[str, ...] = ()


class _Builder:
    def __init__(self, ix: TextIndex, speakers: Speakers) -> None:
        self.ix = ix
        self.spk = speakers
        self.by_content: dict[Span, Statement] = {}
        self.anchors: list[tuple[int, int]] = []  # (position, item number), sorted
        self.items: list[Statement] = []
        self.cues = [ix.doc[i] for i in ix.where(pos=("VERB",), lemmas=FRAGMENT_CUES | CLAUSE_CUES)]

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
        if not self.ix.is_prose(content.start):
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
            act=speech_act(lemma, text, govs, quotes_used=kind == "mixed"),
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
        while end > start and droppable_end(doc[end - 1]):
            end -= 1
        if end - start < 2:
            return None
        return self.ix.char_span(start, end)

    # ------------------------------------------------------------------ reported speech

    def reported(self) -> None:
        for verb in self.cues:
            lemma = verb.lemma_.lower()
            if lemma not in CLAUSE_CUES or not speaks(verb):
                continue
            subject = self.subject(verb)
            if subject is None:
                continue
            for start, end in complements(self.ix, verb, lemma, subject):
                end = clause_end(self.ix, verb, start, end)
                kind = self._clause_kind(start, end)
                content = self.trimmed(start, end) if kind else None
                if kind == "mixed" and content is not None:
                    content = self._with_marks(content)
                if kind and content is not None:
                    speaker = self.speaker(subject, lemma)
                    self.add(content, kind, self.cue_span(verb), lemma, speaker, governors(verb))

    def _clause_kind(self, start: int, end: int) -> StatementKind | None:
        """``reported`` for a clause without quotation marks, ``mixed`` for one whose quoted
        words are fragments lying wholly inside it (said Obama is “obsessed” with …), None
        when a quote stands on its own or runs out of the clause."""
        ix = self.ix
        if not ix.overlaps_quote(start, end):
            return "reported"
        span = ix.char_span(start, end)
        lo, hi = span.start, span.end
        inside = [k for k, q in enumerate(ix.quotes) if q.close >= lo and q.open < hi]
        if not all(self._within(ix.quotes[k].content, lo, hi) for k in inside):
            return None
        if all(not ix.direct[k] for k in inside):
            return "mixed"
        # a quote opening the sentence may still be a fragment of it: "“I held and hugged”
        # grieving families before laying flowers, he said"
        quoted = sum(ix.quotes[k].close + 1 - ix.quotes[k].open for k in inside)
        outside = ix.text[lo:hi]
        return "mixed" if len(outside) - quoted > 25 else None

    def _within(self, content: Span, lo: int, hi: int) -> bool:
        """Quoted words inside characters [lo, hi), but for punctuation the quote closes on
        (said the probe is “ongoing.”)."""
        tail = self.ix.text[hi : content.end] if content.end > hi else ""
        return lo <= content.start and not tail.strip(_CLOSING_PUNCT)

    def _with_marks(self, content: Span) -> Span:
        """A mixed clause widened to the quotation marks of a fragment at either end."""
        start, end = content.start, content.end
        for q in self.ix.quotes:
            if q.content.start == start and q.open < start:
                start = q.open
            tail = self.ix.text[end : q.content.end]
            if q.content.end >= end and q.closed and not tail.strip(_CLOSING_PUNCT):
                end = max(end, mark_end(self.ix.text, q.close))
        return Span(start, end)

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

    # ------------------------------------------------------------------ according to

    def according_to(self) -> None:
        doc, ix = self.ix.doc, self.ix
        for i in ix.where(lowers=("according",)):
            tok, source = doc[i], according_source(doc, i)
            if source is None:
                continue
            phrase_end = max(source.right_edge.i, i + 1) + 1
            lo, hi = ix.unit_range(tok.i)
            after = self.trimmed(phrase_end, hi)
            before = self.trimmed(lo, tok.i)
            if before is not None and self.ix.text[before.start : before.end].endswith(":"):
                before = None
            content = after if before is None or _has_clause(doc, phrase_end, hi) else before
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
            if not inside or self._in_mixed(q.open, q.close):
                continue
            cue = fragment_cue(ix, inside)
            if cue is None:
                continue
            subject = self.subject(cue)
            if subject is None:
                continue
            lemma = cue.lemma_.lower()
            self.add(
                q.content,
                "mixed",
                self.cue_span(cue),
                lemma,
                self.speaker(subject, lemma),
                governors(cue),
            )

    def _in_mixed(self, start: int, end: int) -> bool:
        return any(
            s.kind == "mixed" and s.content.start <= start and end <= s.content.end
            for s in self.items
        )

    # ------------------------------------------------------------------ direct quotes

    def direct(self) -> None:
        ix = self.ix
        own = {k: self._attribution(k) for k, d in enumerate(ix.direct) if d}
        for k, attribution in own.items():
            q = ix.quotes[k]
            if self._in_mixed(q.open, q.close):
                continue
            if attribution is None:
                attribution = self._inherited(k, own)
            if attribution is None:
                if len(ix.text[q.content.start : q.content.end].split()) >= 4:
                    self.add(q.content, "direct", None, "", _UNKNOWN)
                continue
            self.add(
                q.content,
                "direct",
                attribution.cue,
                attribution.lemma,
                attribution.speaker,
                attribution.governors,
            )

    def _attribution(self, k: int) -> _Attribution | None:
        ix, text = self.ix, self.ix.text
        q = ix.quotes[k]
        para_end = ix.para_end(q.close)
        limit = min(ix.quotes[k + 1].open if k + 1 < len(ix.quotes) else para_end, para_end)
        if q.closed and q.close + 1 < limit and self._may_follow(q):
            ends = _sentence_marks(_SENT_END_RE, text, q.close + 1, limit)
            window = ix.tokens(q.close + 1, ends[0].end(1) if ends else limit)
            found = self._window_cue(window, reverse=False)
            if found is not None:
                return found
        floor = max(ix.para_start(q.open), ix.quotes[k - 1].close + 1 if k else 0)
        start = floor
        for m in _sentence_marks(_SENT_START_RE, text, floor, q.open):
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
            source = according_source(doc, i) if tok.lower_ == "according" else None
            if source is not None:
                return _Attribution(ix.char_span(i, i + 2), "according to", self.speaker(source))
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
                return _Attribution(s.cue, s.cue_lemma, s.speaker)
        nxt = own.get(k + 1)
        if nxt is not None and not ix.text[q.close + 1 : ix.quotes[k + 1].open].strip(_SPACES):
            return nxt
        if para > 0 and not ix.text[para : q.open].strip(_SPACES):
            # a quote paragraph after one that introduces a person ("X spoke after the vote.")
            tokens = ix.tokens(ix.para_start(para - 1), para)
            person = self.spk.last_person(tokens.start, tokens.stop)
            if person is not None:
                return _Attribution(None, "", self.speaker(person))
        return None

    # ------------------------------------------------------------------ reported claims

    def claims(self, statements: list[Statement]) -> list[ReportedClaim]:
        ix = self.ix
        nouns = noun_claims(ix, self.speaker)
        found = {(c.claim, c.act): c for c in nouns}
        for c in pronoun_denials(ix, nouns, self.speaker):
            found.setdefault((c.claim, c.act), c)
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
            if claim is None or act is None or (claim, act) in found:
                continue
            found[(claim, act)] = ReportedClaim(claim, act, s.speaker, s.cue, None, s.sentence)
        return sorted(found.values(), key=lambda c: (c.claim.start, c.claim.end, c.sentence.start))


def _has_clause(doc: Any, start: int, end: int) -> bool:
    """Whether tokens [start, end) hold a clause of their own (a verb with a subject)."""
    return any(
        doc[i].dep_ in ("nsubj", "nsubjpass") and start <= doc[i].head.i < end
        for i in range(start, end)
    )
