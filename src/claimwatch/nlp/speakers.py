"""Speakers: who a statement is attributed to, resolved and typed.

A speaker mention is a token of the spaCy parse (the head of the subject of a cue verb, the
object of "according to" ...). ``Speakers`` turns it into a ``Referent``: a name, a type and
the span of the mention that names it, resolving

* pronouns (he, she, it, they; who/which in relative clauses) to the most salient earlier
  compatible referent: the current sentence first, then earlier sentences, where the subject of
  the main clause is preferred (so "The minister said he had spoken with his counterpart, who
  ... . He said ..." gives the minister);
* definite descriptions ("the official", "the minister", "the ministry", "the colonel", "the
  statement") to the latest earlier referent with that head noun or title;
* surnames and "Ms Lind" to the full name used earlier.

Types come from the NER label and head-noun lexicons (see ``classify``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from claimwatch.nlp.annotations import Span, SpeakerType
from claimwatch.nlp.quotes import TextIndex, according_source, np_bounds, strip_span

Token = Any  # spacy.tokens.Token (spaCy ships no type stubs)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GOVERNMENT_HEADS = _words(
    "ministry ministries government governments office embassy consulate council cabinet "
    "regulator police directorate department authority authorities administration presidency "
    "parliament chancellery municipality inspectorate prosecutor prosecutors court treasury "
    "institute kremlin secretariat"
)
MILITARY_HEADS = _words(
    "army armies forces military navy battlegroup brigade regiment battalion contingent troops "
    "garrison command commander colonel general lieutenant brigadier admiral sergeant marines"
)
MILITARY_RANKS = _words(
    "colonel col general gen major maj lieutenant lt brigadier admiral sergeant sgt corporal "
    "commander commodore marshal"
)
INTERNATIONAL_HEADS = _words("alliance nato un eu osce imf organisation organization nations bloc")
MEDIA_HEADS = _words(
    "agency newspaper newspapers paper tv television broadcaster website websites site portal "
    "blog channel outlet outlets media reports magazine radio tabloid daily wire station "
    "publication newsroom"
)
MEDIA_NAME_WORDS = _words(
    "news tv radio times post herald courier gazette tribune journal press wire daily dispatch "
    "telegraph chronicle express observer broadcasting television"
)
ANON_STRONG_HEADS = _words("official officials source sources insider insiders diplomat diplomats")
ANON_WEAK_HEADS = _words("people person officer officers one member members aide aides")
ANONYMITY_RE = re.compile(
    r"anonymity|not (?:to )?be (?:named|identified)|declined to be (?:named|identified)"
    r"|familiar with|close to|with knowledge of|not authori[sz]ed|unnamed",
    re.IGNORECASE,
)
# Roles: an unnamed "minister" or "spokesman" is still a person speaker.
ROLE_HEADS = _words(
    "minister spokesman spokeswoman spokesperson mayor ambassador president chair chairman "
    "chairwoman leader director governor secretary chief head editor counterpart deputy "
    "professor coach envoy negotiator senator lawmaker mp candidate premier chancellor"
)
# Ordinary people ("residents", "a reader", "experts"): human, but of unknown standing.
PEOPLE_HEADS = _words(
    "economist economists researcher researchers analyst analysts expert experts resident "
    "residents reader readers owner owners driver drivers man woman men women critic critics "
    "novelist author witness witnesses worker workers journalist reporter locals forecaster "
    "forecasters retailer retailers motorist motorists voter voters neighbour parent parents "
    "people person"
)
# Words of a proper name that make it an organisation or a place, not a person.
ORG_NAME_WORDS = MEDIA_NAME_WORDS | _words(
    "rail bank union council ministry office group lab house association federation party "
    "institute university company arena rovers united athletic fc sv city club lane street "
    "road square camp cape river exercise operation prize festival library centre center "
    "agency voice staff forces army alliance court hospital school station airport"
)
DOCUMENT_HEADS = _words("memo memorandum document documents letter order email leak dossier")
FEMALE_WORDS = _words(
    "ms mrs miss madam spokeswoman chairwoman businesswoman woman actress mother wife daughter"
)
MALE_WORDS = _words("mr sir spokesman chairman businessman man father husband son brother")
HONORIFICS = _words("mr ms mrs miss dr prof sir madam")
# Heads naming a statement rather than its author: "the statement said" means its author.
STATEMENT_HEADS = _words("statement denial communique communiqué release announcement post")
# "according to an analysis by X": X is the source.
WORK_HEADS = _words(
    "analysis calculation calculations data figures estimate estimates survey poll study "
    "research count tally statement report findings"
)
SYNONYMS = {
    "memo": "document",
    "memorandum": "document",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "insider": "source",
    "organizers": "organisers",
}
_DEFINITE = _words("the this that these those same")
_PRONOUNS = _words("he she it they him her them both")
_INDEFINITE = _words("a an one two three several some many")
# "the portal Sovereign Voice", "a website called Insider Dispatch", "the website of TV
# Kestrel"; "Insider Dispatch, an anonymous website"
_OUTLET_BEFORE_RE = re.compile(
    r"\b(?:website|site|portal|tabloid|blog|newspaper|broadcaster|channel|outlet|station"
    r"|magazine|daily)(?:\s+(?:called|named|of))?\s+((?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*)*)"
)
_OUTLET_AFTER_RE = re.compile(
    r"((?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*)*),\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}"
    r"(?:website|site|portal|tabloid|blog|newspaper|broadcaster|channel)\b"
)
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_HONORIFIC_FORMS = tuple(HONORIFICS | {h + "." for h in HONORIFICS})


@dataclass
class Referent:
    """What a mention refers to."""

    name: str
    type: SpeakerType
    span: Span  # the mention that names it
    keys: frozenset[str]  # head noun, title and surname, lower case: what "the X" can match
    person: bool  # a human being (for he / she)
    plural: bool
    gender: str | None = None


@dataclass
class _Candidate:
    i: int  # token index
    unit: int  # sentence (within a paragraph)
    root_subject: bool


def canonical(word: str) -> str:
    return SYNONYMS.get(word, word)


def _is_name_word(tok: Token) -> bool:
    text = tok.text
    return tok.pos_ == "PROPN" and text[:1].isupper() and text.replace("-", "").isalpha()


class Speakers:
    """Speaker resolution over one parsed article, with its ``TextIndex`` (sentence units
    cut at paragraph breaks; tokens inside quotation marks are never candidates)."""

    def __init__(self, doc: Any, ix: TextIndex) -> None:
        self.doc = doc
        self.ix = ix
        self.in_quote = ix.in_quote
        self.unit_of = ix.unit_of
        self.memo: dict[int, Referent] = {}
        self.parts: dict[int, Referent] = {}  # the first conjunct of a coordination alone
        self.genders: dict[str, str] = {}
        self._person_tokens: dict[int, tuple[str, int, int]] = {}
        self._surnames: dict[str, str] = {}
        self._outlets = self._find_outlets(ix.text)
        self._index_persons()
        self.candidates = self._find_candidates()
        self._cand_pos = [c.i for c in self.candidates]
        self._by_unit: dict[int, list[_Candidate]] = {}
        for c in self.candidates:
            self._by_unit.setdefault(c.unit, []).append(c)
        for c in self.candidates:  # resolve in text order: pronouns look back only
            self.referent(doc[c.i])

    # ------------------------------------------------------------------ indexing

    @staticmethod
    def _find_outlets(text: str) -> set[str]:
        return {
            m.group(1).lower()
            for pattern in (_OUTLET_BEFORE_RE, _OUTLET_AFTER_RE)
            for m in pattern.finditer(text)
        }

    def _index_persons(self) -> None:
        """Person names from the NER, cleaned of its usual slips on unfamiliar names: a
        person is two or more capitalised words without organisation or place words; a lone
        word is a person only as the surname of one; an unlabelled first name + surname
        pair counts, and so does one labelled a place when the surname alone speaks
        ("Menck said")."""
        doc, ix = self.doc, self.ix
        speakers = {
            doc[i].lower_
            for i in ix.where(
                deps=("nsubj",), pos=("PROPN",), head_lemmas=("say", "tell"), quoted=True
            )
        }
        places = {
            e.text.lower()
            for e in doc.ents
            if e.label_ in ("GPE", "LOC", "FAC", "NORP") and len(e) == 1
        }
        spans: list[tuple[int, int]] = []
        titled: set[int] = set()  # "Mr Brandt": a lone word that is a person's name
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                start, end = ent.start, ent.end
                while start < end and doc[start].lower_.rstrip(".") in HONORIFICS | MILITARY_RANKS:
                    start += 1
                spans.append((start, end))
        for i in ix.where(lowers=_HONORIFIC_FORMS, quoted=True):
            tok = doc[i]
            if i + 1 < len(doc) and _is_name_word(doc[i + 1]):
                end = i + 2
                while (
                    end < len(doc) and _is_name_word(doc[end]) and doc[end - 1].dep_ == "compound"
                ):
                    end += 1
                spans.append((tok.i + 1, end))
                titled.add(tok.i + 1)
        for i in ix.where(pos=("PROPN",), quoted=True):  # unlabelled first name + surname
            tok = doc[i]
            if (
                tok.dep_ != "compound"
                and _is_name_word(tok)
                and tok.i > 0
                and doc[tok.i - 1].dep_ == "compound"
                and doc[tok.i - 1].head.i == tok.i
                and _is_name_word(doc[tok.i - 1])
                and tok.ent_type_ != "PERSON"
                and (tok.ent_type_ not in ("GPE", "LOC", "FAC", "NORP") or tok.lower_ in speakers)
            ):
                spans.append((tok.i - 1, tok.i + 1))
        singles = []
        for start, end in spans:
            words = [doc[k] for k in range(start, end)]
            if not words or not all(_is_name_word(w) for w in words):
                continue
            lows = [w.lower_ for w in words]
            if ORG_NAME_WORDS.intersection(lows) or lows[0] in places:
                continue
            if end - start == 1 and start not in titled:
                singles.append(start)
                continue
            name = doc[start:end].text
            if end - start > 1 or lows[-1] not in self._surnames:
                self._surnames[lows[-1]] = name
            for k in range(start, end):
                self._person_tokens[k] = (name, start, end)
        for k in singles:
            full = self._surnames.get(doc[k].lower_)
            if full is not None:
                self._person_tokens[k] = (full, k, k + 1)

    def _find_candidates(self) -> list[_Candidate]:
        """Mentions a later pronoun or description may refer to: subjects (and their
        conjuncts), noun phrases the parse left hanging across a paragraph break, sources
        of "according to", and person and organisation names."""
        doc, ix, found = self.doc, self.ix, {}
        unit_of = self.unit_of
        for i in ix.where(pos=("NOUN", "PROPN"), orphan=True):
            if doc[i].dep_ != "compound":
                found[i] = _Candidate(i, unit_of[i], True)  # a subject the parse lost
        for i in ix.where(deps=_SUBJECT_DEPS, pos=("NOUN", "PROPN", "PRON")):
            tok = doc[i]
            root = tok.head.dep_ == "ROOT" or unit_of[tok.head.i] != unit_of[i]
            found[i] = _Candidate(i, unit_of[i], root)
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                    found[c.i] = _Candidate(c.i, unit_of[i], False)
        for i in ix.where(lowers=("according",)):
            source = according_source(doc, i)
            if source is not None:
                found[source.i] = _Candidate(source.i, unit_of[source.i], False)
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG") and not self.in_quote[ent.root.i]:
                i = ent.root.i
                found.setdefault(i, _Candidate(i, unit_of[i], False))
        return sorted(found.values(), key=lambda c: c.i)

    # ------------------------------------------------------------------ resolution

    def referent(self, tok: Token) -> Referent:
        ref = self.memo.get(tok.i)
        if ref is None:
            ref = self._build(tok)
            self.memo[tok.i] = ref
        return ref

    def _build(self, tok: Token) -> Referent:
        low = tok.lower_
        if low in ("who", "which", "that", "whom") and tok.head.dep_ == "relcl":
            return self.referent(tok.head.head)
        if tok.pos_ in ("PRON", "DET") and low in _PRONOUNS:
            found = self._pronoun(tok)
            if found is None and low in ("he", "she", "him", "her"):
                span = Span(tok.idx, tok.idx + len(tok.text))
                return Referent(tok.text, "person", span, frozenset(), True, False)
            return found or self._plain(tok, tok.i, tok.i + 1)
        if low == "one" or tok.pos_ == "NUM":  # "one of the people"
            of = [p for c in tok.children if c.lower_ == "of" for p in c.children]
            if of and of[0].dep_ == "pobj":
                return self.referent(of[0])
        person = self._person(tok)
        if person is not None:
            return person
        lemma = tok.lemma_.lower()
        if lemma in WORK_HEADS or lemma in STATEMENT_HEADS:
            author = self._author(tok, lemma)
            if author is not None:
                return author
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return self.referent(c)
        start, end = np_bounds(tok)
        if tok.pos_ != "PROPN" and self._anaphoric(tok, start):
            ante = self._antecedent(tok.i, canonical(lemma))
            if ante is not None:
                return ante
        return self._plain(tok, start, end)

    def _anaphoric(self, tok: Token, start: int) -> bool:
        """Whether the noun phrase may name an earlier referent ("the ministry", "the
        official", bare "police"); "an official" and "the website of TV Kestrel" do not."""
        first = self.doc[start].lower_
        if first in _INDEFINITE:
            return False
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ == "of" and any(p.pos_ == "PROPN" for p in c.children):
                return False
        return first in _DEFINITE or first == tok.lower_ or self.doc[start].pos_ != "DET"

    def _author(self, tok: Token, lemma: str) -> Referent | None:
        for c in tok.children:
            if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
                return self.referent(c)
            if c.dep_ in ("prep", "agent") and c.lower_ == "by":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return self.referent(p)
        if lemma not in STATEMENT_HEADS:
            return None
        for k in range(bisect_left(self._cand_pos, tok.i) - 1, -1, -1):
            ref = self.memo.get(self.candidates[k].i)
            if ref is not None and ref.type in _BODIES:
                return ref
        return None

    def last_person(self, lo: int, hi: int) -> Token | None:
        """The last person who is the subject of a main clause between tokens ``lo`` and
        ``hi`` ("Svea Lund, the head of the union, spoke after the vote.")."""
        for k in range(bisect_left(self._cand_pos, hi) - 1, -1, -1):
            c = self.candidates[k]
            if c.i < lo:
                break
            ref = self.memo.get(c.i)
            if c.root_subject and ref is not None and ref.type in ("person", "military"):
                return self.doc[c.i]
        return None

    def _antecedent(self, i: int, key: str) -> Referent | None:
        for k in range(bisect_left(self._cand_pos, i) - 1, -1, -1):
            j = self.candidates[k].i
            ref = self.parts.get(j) or self.memo.get(j)
            if ref is not None and key in ref.keys:
                return ref
        return None

    def _pronoun(self, tok: Token) -> Referent | None:
        low = tok.lower_
        verb = tok.head
        lo, hi = verb.left_edge.i, verb.right_edge.i
        unit = self.unit_of[tok.i]
        for u in range(unit, max(unit - 7, -1), -1):
            ok = []
            for c in self._by_unit.get(u, ()):
                if c.i >= tok.i or (u == unit and lo <= c.i <= hi):
                    continue
                ref = self.memo.get(c.i)
                if ref is not None and _compatible(ref, low):
                    ok.append((c, ref))
            if not ok:
                continue
            if u == unit:
                chosen = ok[-1][1]
            else:
                chosen = next((r for c, r in ok if c.root_subject), ok[0][1])
            if chosen.person and chosen.gender is None and low in ("he", "she", "him", "her"):
                chosen.gender = "f" if low in ("she", "her") else "m"
                self.genders[chosen.name] = chosen.gender
            return chosen
        return None

    def _person(self, tok: Token) -> Referent | None:
        """A named person: the token is (part of) a person's name, a known surname, or a
        description with a person's name in apposition ("Brennick's mayor, Petra Lind")."""
        name_tok = self._name_token(tok)
        if name_tok is None:
            return None
        name, start, end = self._person_tokens.get(name_tok.i) or (
            self._surnames[name_tok.lower_],
            name_tok.i,
            name_tok.i + 1,
        )
        d_start = np_bounds(tok)[0]
        titles = self._titles(tok, name_tok, d_start, start)
        rank = self._rank(start, titles)
        keys = frozenset({name.split()[-1].lower(), *titles})
        gender = self._gender(titles, start) or self.genders.get(name)
        first = self.doc[min(d_start, start)]
        last = self.doc[end - 1]
        mention = Span(first.idx, last.idx + len(last.text))
        return Referent(name, "military" if rank else "person", mention, keys, True, False, gender)

    def _name_token(self, tok: Token) -> Token | None:
        if tok.i in self._person_tokens or self._known_surname(tok):
            return tok
        for c in tok.lefts:  # "Dario Venn of the Road Hauliers' Union" read as the union
            if c.dep_ == "nmod" and c.i in self._person_tokens:
                return c
        if tok.pos_ != "NOUN":
            return None
        # "Brennick's mayor, Petra Lind", "Caledra's ambassador to Valdor, Maren Holt"
        stack = [tok]
        while stack:
            t = stack.pop()
            for c in t.children:
                if c.dep_ == "appos" and (c.i in self._person_tokens or self._known_surname(c)):
                    return c
                if c.dep_ in ("prep", "pobj"):
                    stack.append(c)
        return None

    def _known_surname(self, tok: Token) -> bool:
        return tok.pos_ == "PROPN" and tok.lower_ in self._surnames

    def _titles(self, tok: Token, name_tok: Token, d_start: int, n_start: int) -> set[str]:
        """The title naming the person: the word right before the name ("Defence Minister
        Aurel Damsky" → minister), the described head ("Brennick's mayor, Petra Lind" →
        mayor) and nouns in apposition ("Hedda Lorn, chief economist" → economist)."""
        titles = set()
        before = self.doc[n_start - 1] if n_start > d_start else None
        if before is not None and before.pos_ in ("NOUN", "PROPN") and not before.is_punct:
            titles.add(before.lower_.rstrip("."))
        if tok.i != name_tok.i and tok.pos_ == "NOUN":
            titles.add(tok.lemma_.lower())
        for c in name_tok.children:
            if c.dep_ == "appos" and c.pos_ == "NOUN":
                titles.add(c.lemma_.lower())
        return {canonical(t) for t in titles}

    def _rank(self, start: int, titles: set[str]) -> bool:
        before = self.doc[start - 1] if start > 0 else None
        if before is not None and before.lower_.rstrip(".") in MILITARY_RANKS:
            return before.text[:1].isupper() or before.lower_ in ("colonel", "commander")
        return bool(titles & {"colonel", "commander", "general", "brigadier", "admiral"})

    def _gender(self, titles: set[str], n_start: int) -> str | None:
        words = titles | {self.doc[k].lower_ for k in range(max(0, n_start - 2), n_start)}
        if words & FEMALE_WORDS:
            return "f"
        if words & MALE_WORDS:
            return "m"
        return None

    def _plain(self, tok: Token, start: int, end: int) -> Referent:
        """A new referent named by the noun phrase itself (a coordination "A, B and C" by
        all of it; its first conjunct alone stays findable as "the A")."""
        conjuncts = [c for c in tok.children if c.dep_ == "conj" and c.i > tok.i]
        if conjuncts:
            part = self._plain_one(tok, start, end, ())
            self.parts[tok.i] = part
            types = {part.type} | {self.referent(c).type for c in conjuncts}
            end = max(end, *(c.right_edge.i + 1 for c in conjuncts))
            kind = types.pop() if len(types) == 1 else "unknown"
            return self._plain_one(tok, start, end, (), kind=kind, plural=True)
        return self._plain_one(tok, start, end, (tok.lemma_.lower(), tok.lower_))

    def _context(self, tok: Token) -> str:
        """The sentence around a mention, within its paragraph (for anonymity wording)."""
        return self.ix.unit_span(tok.i).of(self.ix.text)

    def _plain_one(
        self,
        tok: Token,
        start: int,
        end: int,
        keys: Sequence[str],
        kind: SpeakerType | None = None,
        plural: bool | None = None,
    ) -> Referent:
        start, end = strip_span(self.doc, start, end)
        if end <= start:
            start, end = tok.i, tok.i + 1
        first, last = self.doc[start], self.doc[end - 1]
        span = Span(first.idx, last.idx + len(last.text))
        name = self.ix.text[span.start : span.end]
        if name.split(" ", 1)[0] in ("The", "A", "An"):
            name = name[0].lower() + name[1:]
        lemma = canonical(tok.lemma_.lower())
        words = [self.doc[k].lower_ for k in range(start, end)]
        if kind is None:
            kind = classify(tok, lemma, words, name, self._context(tok), self._outlets)
        if plural is None:
            plural = tok.tag_ in ("NNS", "NNPS")
        person = kind == "anonymous_official" or lemma in ROLE_HEADS or lemma in PEOPLE_HEADS
        return Referent(name, kind, span, frozenset(canonical(k) for k in keys), person, plural)


_BODIES = frozenset({"government_body", "international_organisation", "military", "media_outlet"})


def _compatible(ref: Referent, pronoun: str) -> bool:
    if pronoun in ("he", "him"):
        return ref.person and not ref.plural and ref.gender != "f"
    if pronoun in ("she", "her"):
        return ref.person and not ref.plural and ref.gender != "m"
    if pronoun == "it":
        return not ref.person and not ref.plural
    return ref.plural  # they, them, both


def classify(
    tok: Token,
    lemma: str,
    words: Sequence[str],
    name: str,
    sentence: str,
    outlets: set[str],
) -> SpeakerType:
    """The type of a speaker that is not a named person, from its head noun, the other words
    of its noun phrase, its NER label and the sentence (anonymity wording)."""
    if lemma in ANON_STRONG_HEADS and tok.pos_ != "PROPN":
        return "anonymous_official"
    if lemma in ANON_WEAK_HEADS and ANONYMITY_RE.search(sentence):
        return "anonymous_official"
    bare = name.lower().removeprefix("the ")
    if bare in outlets or (tok.pos_ == "PROPN" and MEDIA_NAME_WORDS.intersection(words)):
        return "media_outlet"
    if lemma in DOCUMENT_HEADS:
        return "unknown"
    if lemma == "bank":
        central = {"central", "national", "reserve"}.intersection(words)
        return "government_body" if central else "unknown"
    if lemma == "staff" and {"defence", "defense", "general", "joint"}.intersection(words):
        return "military"
    for lexicon, kind in _LEXICONS:
        if lemma in lexicon:
            return kind
    if lemma in ROLE_HEADS:
        return "person"
    if lemma in PEOPLE_HEADS:
        return "unknown"
    for lexicon, kind in _LEXICONS:
        if lexicon.intersection(words):
            return kind
    if tok.ent_type_ == "GPE":
        return "government_body"
    return "unknown"


_LEXICONS: tuple[tuple[frozenset[str], SpeakerType], ...] = (
    (INTERNATIONAL_HEADS, "international_organisation"),
    (MILITARY_HEADS, "military"),
    (GOVERNMENT_HEADS, "government_body"),
    (MEDIA_HEADS, "media_outlet"),
)
