"""The search page's query (store.facets.find): each kind, each filter and facet, query
words, paging and refused input — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from claimwatch.errors import BadRequest
from claimwatch.link.claim_links import Link, canonical_id_for
from claimwatch.store.facets import ArticleHit, ClaimHit, StatementHit, find, month_range
from claimwatch.store.writer_link import save_links
from claimwatch.store.writer_nlp import StanceRow, save_stances

DENIAL = (
    "The Defence Ministry on Tuesday rejected claims circulated by some websites that the "
    "foreign contingent would leave the country.\n\n"
    "“There is no plan to withdraw a single soldier,” Defence Minister Aurel Damsky told "
    "reporters in Estrel. He said the reports were part of a disinformation campaign."
)
RUMOUR = (
    "The foreign contingent will withdraw from the country by the end of March, a senior "
    "official said on Thursday.\n\n"
    "“The soldiers are packing up,” said Mara Lind, a spokeswoman for the opposition party."
)
HARBOUR = (
    "The harbour authority said on Friday that the new container terminal would open in "
    "May, two months later than planned.\n\n"
    "“We would rather open late than open unsafe,” the authority's director, Ilse Varn, "
    "told reporters at the old customs house."
)
GERMAN = (
    "Das Verteidigungsministerium hat am Dienstag Berichte zurückgewiesen, wonach das "
    "ausländische Kontingent das Land verlassen werde. Es gebe keinen solchen Plan."
)
CLAIM = "The foreign contingent will withdraw from the country"


@pytest.fixture
def ws(workspace: Any, tmp_path: Path) -> Any:
    """Four articles from three outlets in two months and two languages, analysed, with
    stored stances (the denial disagrees, the rumour agrees) and one canonical claim."""
    lines = [
        {"url": "https://a.example/denial", "title": "Ministry rejects claims", "text": DENIAL,
         "language": "en", "outlet": "A Daily", "published": "2026-02-10T09:00:00Z"},
        {"url": "https://c.example/rumour", "title": "Contingent to leave", "text": RUMOUR,
         "language": "en", "outlet": "C News", "published": "2026-03-05T09:00:00Z"},
        {"url": "https://c.example/harbour", "title": "Terminal opening delayed",
         "text": HARBOUR, "language": "en", "outlet": "C News",
         "published": "2026-03-20T09:00:00Z"},
        {"url": "https://b.example/de", "title": "Ministerium dementiert", "text": GERMAN,
         "language": "de", "outlet": "B Zeitung", "published": "2026-03-02T09:00:00Z"},
    ]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    assert workspace.ingest([str(path)]).new == 4
    workspace.analyze()
    engine = workspace.store.engine
    by_title = {a.title: a.id for a in workspace.articles()}
    for title, label in (("Ministry rejects claims", "disagree"), ("Contingent to leave", "agree")):
        row = StanceRow(None, None, label, 0.9, "test")
        save_stances(engine, CLAIM, by_title[title], [row], "stance.test")
    linked = [c.id for c in workspace.claims() if "contingent" in c.text.lower()]
    first = linked[0]
    links = {c: Link(canonical_id_for(first), 1.0, None if c == first else first) for c in linked}
    save_links(engine, links, "link.test")
    return workspace


def _values(result: Any, facet: str) -> dict[str, int]:
    return {f.value: f.count for f in result.facets[facet]}


def test_find_articles_without_query_lists_everything_newest_first(ws: Any) -> None:
    result = ws.find()
    assert result.total == 4 and len(result.hits) == 4
    assert all(isinstance(h, ArticleHit) for h in result.hits)
    dates = [h.published for h in result.hits]
    assert dates == sorted(dates, reverse=True)
    first = result.hits[0]
    assert (first.title, first.outlet, first.outlet_name) == (
        "Terminal opening delayed", "c.example", "C News",
    )  # fmt: skip
    assert first.url == "https://c.example/harbour" and first.language == "en"
    assert first.snippet.startswith("The harbour authority said") and first.score is None
    assert list(result.facets) == ["outlet", "language", "speaker_type", "stance", "month"]


def test_find_articles_query_uses_full_text_with_marked_snippets(ws: Any) -> None:
    result = ws.find("contingent")
    assert {h.title for h in result.hits} == {"Ministry rejects claims", "Contingent to leave"}
    assert result.total == 2
    assert all("[contingent]" in h.snippet.lower() and h.score is not None for h in result.hits)
    assert ws.find("contingent harbour").total == 0  # every word must match
    assert ws.find("   ").total == 4  # no words: everything


def test_find_statements_match_every_query_word_case_insensitively(ws: Any) -> None:
    result = ws.find("NO PLAN withdraw", kind="statements")
    [hit] = result.hits
    assert isinstance(hit, StatementHit) and result.total == 1
    assert "no plan to withdraw" in hit.text and hit.act == "deny"
    assert hit.speaker_name and "Damsky" in hit.speaker_name and hit.speaker_type == "person"
    assert (hit.outlet, hit.outlet_name) == ("a.example", "A Daily")
    assert hit.title == "Ministry rejects claims"
    article = ws.article(hit.article_id)
    assert hit.text in article.text and hit.published == article.published
    assert ws.find("no plan harbour", kind="statements").total == 0


def test_find_statements_query_wildcards_are_literal(ws: Any) -> None:
    assert ws.find("plan", kind="statements").total == 1
    assert ws.find("pl_n", kind="statements").total == 0
    assert ws.find("no%plan", kind="statements").total == 0
    assert ws.find('"no plan to"', kind="statements").total == 1  # a quoted phrase


def test_find_claims_carry_score_and_canonical_link(ws: Any) -> None:
    result = ws.find("contingent", kind="claims")
    assert result.total >= 2 and all(isinstance(h, ClaimHit) for h in result.hits)
    assert all("contingent" in h.text.lower() for h in result.hits)
    canonical = {h.canonical_id for h in result.hits}
    assert len(canonical) == 1 and None not in canonical
    assert all(h.checkworthiness is None or 0 <= h.checkworthiness <= 1 for h in result.hits)
    other = ws.find("terminal", kind="claims").hits
    assert other and all(h.canonical_id is None for h in other)


def test_find_outlet_filter_takes_id_or_name_and_facet_ignores_it(ws: Any) -> None:
    by_id, by_name = ws.find(outlet="c.example"), ws.find(outlet="C News")
    assert by_id.total == by_name.total == 2
    assert {h.outlet for h in by_id.hits} == {"c.example"}
    assert _values(by_id, "outlet") == {"a.example": 1, "b.example": 1, "c.example": 2}
    assert _values(by_id, "language") == {"en": 2}  # other facets count within the filter
    assert {f.label for f in by_id.facets["outlet"]} == {"A Daily", "B Zeitung", "C News"}


def test_find_language_filter_and_facet(ws: Any) -> None:
    result = ws.find(language="de")
    assert [h.title for h in result.hits] == ["Ministerium dementiert"]
    assert _values(result, "language") == {"en": 3, "de": 1}
    assert _values(result, "outlet") == {"b.example": 1}


def test_find_since_until_and_month_facet(ws: Any) -> None:
    since, until = month_range("2026-03")
    result = ws.find(since=since, until=until)
    assert result.total == 3
    assert [(f.value, f.label, f.count) for f in result.facets["month"]] == [
        ("2026-02", "February 2026", 1), ("2026-03", "March 2026", 3),
    ]  # fmt: skip
    naive = datetime(2026, 3, 5, 9, 0)  # taken as UTC, inclusive
    assert ws.find(until=naive).total == 3 and ws.find(since=naive).total == 2
    statements = ws.find(kind="statements", until=datetime(2026, 2, 28, tzinfo=UTC))
    assert statements.total >= 1 and {h.outlet for h in statements.hits} == {"a.example"}


def test_find_speaker_type_filter_and_facet(ws: Any) -> None:
    people = ws.find(kind="statements", speaker_type="person")
    assert people.total >= 2 and {h.speaker_type for h in people.hits} == {"person"}
    assert _values(people, "speaker_type")["person"] == people.total
    assert sum(_values(people, "stance").values()) == people.total
    quoting = ws.find(speaker_type="person")  # articles quoting a person
    assert {h.title for h in quoting.hits} >= {"Ministry rejects claims"}
    assert "Ministerium dementiert" not in {h.title for h in quoting.hits}
    assert _values(quoting, "speaker_type")["person"] == quoting.total


def test_find_stance_of_statements_is_the_speech_act(ws: Any) -> None:
    result = ws.find(kind="statements")
    assert set(_values(result, "stance")) <= {"assert", "deny", "confirm"}
    denials = ws.find(kind="statements", stance="deny")
    assert denials.total == _values(result, "stance")["deny"]
    assert denials.hits and {h.act for h in denials.hits} == {"deny"}
    labels = {f.value: f.label for f in denials.facets["stance"]}
    assert labels["deny"] == "denies" and "assert" in labels  # counted without its filter


def test_find_stance_of_articles_is_the_stored_reading(ws: Any) -> None:
    result = ws.find()
    assert _values(result, "stance") == {"disagree": 1, "agree": 1}
    [hit] = ws.find(stance="disagree").hits
    assert hit.title == "Ministry rejects claims"
    assert ws.find(stance="unrelated").total == 0


def test_find_stance_of_claims_is_the_act(ws: Any) -> None:
    result = ws.find(kind="claims")
    assert set(_values(result, "stance")) <= {"assert", "deny", "confirm", "report"}
    denied = ws.find(kind="claims", stance="deny")
    assert denied.total >= 1 and {h.act for h in denied.hits} == {"deny"}


@pytest.mark.parametrize("kind", ["articles", "statements", "claims"])
def test_find_pages_through_every_match_once(ws: Any, kind: str) -> None:
    everything = ws.find(kind=kind, limit=200)
    assert everything.total == len(everything.hits) >= 3
    pages = [ws.find(kind=kind, limit=2, offset=o) for o in range(0, everything.total, 2)]
    assert all(p.total == everything.total and p.limit == 2 for p in pages)
    assert [h.id for p in pages for h in p.hits] == [h.id for h in everything.hits]
    assert ws.find(kind=kind, offset=everything.total).hits == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "stories"}, "use one of articles, statements, claims"),
        ({"stance": "maybe"}, "use one of agree, disagree, discuss, unrelated"),
        ({"kind": "statements", "stance": "agree"}, "use one of assert, deny, confirm"),
        ({"kind": "claims", "stance": "agree"}, "use one of assert, deny, confirm, report"),
        ({"speaker_type": "alien"}, "use one of person, government_body"),
        ({"limit": 0}, "from 1 to 200"),
        ({"limit": 201}, "from 1 to 200"),
        ({"limit": "20"}, "from 1 to 200"),
        ({"offset": -1}, "0 or more"),
        ({"since": datetime(2026, 4, 1), "until": datetime(2026, 3, 1)}, "is after until"),
    ],
)
def test_find_refuses_bad_input_saying_what_is_allowed(arguments: Any, message: str) -> None:
    engine = create_engine("sqlite://")  # refused before any query
    with pytest.raises(BadRequest, match=message):
        find(engine, "", **arguments)


def test_month_range_covers_the_month_and_refuses_other_text() -> None:
    start, end = month_range("2026-12")
    assert start == datetime(2026, 12, 1, tzinfo=UTC)
    assert end.year == 2026 and (end.month, end.day, end.hour) == (12, 31, 23)
    with pytest.raises(BadRequest, match="YYYY-MM"):
        month_range("March")
