"""The search page's query: articles, statements or claims matching some words and
filters, one page of them, how many there are, and facet counts to narrow them down.

Facets count **before their own filter** (the usual faceted search): the outlet facet is
counted with every filter except ``outlet``, so picking one outlet still shows the others
with their counts; the month facet is counted without ``since``/``until``. Rows without
a value (no outlet, no language, no date, no speaker) are left out of that facet.

What ``stance`` means depends on the kind:

- statements: the speech act, present on every statement: ``assert``, ``deny`` or
  ``confirm`` (what a fact-checker filters on: "show me the denials"). Stored stance
  readings exist only toward claims someone has checked, and mean nothing without the
  claim, so they are not used here.
- claims: the act of whoever put the claim forward: ``assert``, ``deny``, ``confirm``, or
  ``report`` (passed on without taking a position).
- articles: the stored stance readings of the article itself toward any checked claim:
  ``agree``, ``disagree``, ``discuss`` or ``unrelated``. An article read against several
  claims counts once under each label it got.

``speaker_type`` is the statement's or claim's speaker type; for articles, an article
counts under every type of speaker it quotes.
"""

from __future__ import annotations

import calendar
import re
import string
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

from sqlalchemy import ColumnElement, Engine, and_, distinct, exists, func, select

from claimwatch.errors import BadRequest
from claimwatch.nlp.annotations import SpeakerType
from claimwatch.store.schema import articles, outlets
from claimwatch.store.schema_link import claim_links
from claimwatch.store.schema_nlp import claims, stances, statements
from claimwatch.store.search import article_matches, snippets

KINDS = ("articles", "statements", "claims")
STANCES = {
    "articles": ("agree", "disagree", "discuss", "unrelated"),
    "statements": ("assert", "deny", "confirm"),
    "claims": ("assert", "deny", "confirm", "report"),
}
SPEAKER_TYPES: tuple[str, ...] = get_args(SpeakerType)
FACETS = ("outlet", "language", "speaker_type", "stance", "month")
MAX_LIMIT = 200
_STANCE_LABELS = {
    **{"assert": "asserts", "deny": "denies", "confirm": "confirms"},
    **{"report": "reported, no position", "agree": "agrees", "disagree": "disagrees"},
    **{"discuss": "discusses", "unrelated": "unrelated"},
}
_LEAD = 200  # characters of an article shown when there are no words to highlight


@dataclass(frozen=True)
class FacetValue:
    value: str  # what to pass back as the filter ("2026-03" for a month)
    label: str  # what to show
    count: int


@dataclass(frozen=True)
class ArticleHit:
    id: str
    title: str
    outlet: str | None  # outlet id
    outlet_name: str | None
    language: str | None
    published: datetime | None
    url: str | None
    snippet: str  # query words in [brackets]; the opening words without a query
    score: float | None  # full-text rank (higher is better); None without a query


@dataclass(frozen=True)
class StatementHit:
    id: str
    article_id: str
    text: str  # the words said
    act: str
    kind: str  # direct | reported | mixed | according_to
    speaker_name: str | None
    speaker_type: str | None
    outlet: str | None
    outlet_name: str | None
    published: datetime | None
    title: str  # the article's


@dataclass(frozen=True)
class ClaimHit:
    id: str
    text: str  # self-contained wording
    article_id: str
    act: str
    speaker_name: str | None
    speaker_type: str | None
    outlet: str | None
    outlet_name: str | None
    published: datetime | None
    checkworthiness: float | None
    canonical_id: str | None  # the canonical claim it is linked to, if any


Hit = ArticleHit | StatementHit | ClaimHit


@dataclass(frozen=True)
class FindResult:
    kind: str
    hits: list[Hit]
    total: int  # every match, not only this page
    facets: dict[str, list[FacetValue]]  # FACETS order; each counted without its own filter
    limit: int
    offset: int


@dataclass(frozen=True)
class _Facet:
    value: ColumnElement[Any]
    join: tuple[Any, ColumnElement[bool]] | None = None  # a one-to-many table to join


def find(
    engine: Engine,
    query: str = "",
    *,
    kind: str = "articles",
    outlet: str | None = None,
    language: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    speaker_type: str | None = None,
    stance: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> FindResult:
    """One page of ``kind`` matching ``query`` and the filters, the number of matches and
    the facet counts (see the module docstring for what each facet means).

    An empty query (or one without words) matches everything: newest first. Otherwise
    articles are found by full text (best first) and statements and claims by their text
    containing every word or "quoted phrase", case-insensitively (newest first; SQLite
    folds the case of ASCII letters only). LIKE wildcards in the query are literal.
    ``outlet`` is an outlet id or display name; ``since`` and ``until`` bound the
    (article's) publication date, both inclusive; a naive datetime is taken as UTC.
    """
    _check(kind, stance, speaker_type, limit, offset, since, until)
    main = {"articles": articles, "statements": statements, "claims": claims}[kind]
    source = articles.outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
    if main is not articles:
        source = main.join(source, articles.c.id == main.c.article_id)
    if main is claims:
        source = source.outerjoin(claim_links, claim_links.c.claim_id == claims.c.id)
    matched = article_matches(engine.dialect.name, query) if main is articles else None
    if matched is not None:
        source = source.join(matched, matched.c.seq == articles.c.seq)
    words = [] if main is articles else _terms(query)
    said = claims.c.text if main is claims else _quote()
    searched = [said.icontains(w, autoescape=True) for w in words]
    facets = _facets(kind, engine.dialect.name)
    filters = {
        "outlet": [(outlets.c.id == outlet) | (outlets.c.name == outlet)] if outlet else [],
        "language": [articles.c.language == language] if language else [],
        "speaker_type": [_has(facets["speaker_type"], speaker_type)] if speaker_type else [],
        "stance": [_has(facets["stance"], stance)] if stance else [],
        "month": [articles.c.published >= since] if since else [],
    }
    if until:
        filters["month"].append(articles.c.published <= until)

    def where(but: str | None = None) -> list[ColumnElement[bool]]:
        return searched + [c for name, conds in filters.items() if name != but for c in conds]

    order = [articles.c.published.desc().nulls_last(), articles.c.id]
    if main is not articles:
        order += [main.c.start_char, main.c.id]
    if matched is not None:
        order.insert(0, matched.c.score.desc())
    page = select(*_columns(kind, matched)).select_from(source).where(*where())
    with engine.connect() as conn:
        total = conn.execute(
            select(func.count(distinct(main.c.id))).select_from(source).where(*where())
        ).scalar_one()
        counts = {
            name: _count(conn, name, facet, source, main.c.id, where(name))
            for name, facet in facets.items()
        }
        rows = conn.execute(page.order_by(*order).limit(limit).offset(offset)).all()
    marked = snippets(engine, query, [r.id for r in rows]) if matched is not None else {}
    hits = [_hit(kind, r, marked) for r in rows]
    return FindResult(kind, hits, int(total), counts, limit, offset)


def month_range(month: str) -> tuple[datetime, datetime]:
    """``since`` and ``until`` (UTC, inclusive) covering a month facet value ("2026-03")."""
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise BadRequest(f"month {month!r} is not a month: write it as YYYY-MM") from None
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(microseconds=1)


def _check(
    kind: str,
    stance: str | None,
    speaker_type: str | None,
    limit: int,
    offset: int,
    since: datetime | None,
    until: datetime | None,
) -> None:
    if kind not in KINDS:
        raise BadRequest(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if stance and stance not in STANCES[kind]:
        meaning = "stored stance readings" if kind == "articles" else "speech acts"
        raise BadRequest(
            f"unknown stance {stance!r} for {kind} ({meaning}): "
            f"use one of {', '.join(STANCES[kind])}"
        )
    if speaker_type and speaker_type not in SPEAKER_TYPES:
        raise BadRequest(
            f"unknown speaker type {speaker_type!r}: use one of {', '.join(SPEAKER_TYPES)}"
        )
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise BadRequest(f"offset must be a whole number, 0 or more, not {offset!r}")
    if since and until and _utc(since) > _utc(until):
        raise BadRequest(f"since ({since.isoformat()}) is after until ({until.isoformat()})")


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _terms(query: str) -> list[str]:
    """The query's "quoted phrases" and words, without the punctuation around them."""
    edges = string.punctuation + "“”‘’«»…"
    found = (phrase or word for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query or ""))
    return [t for t in (f.strip(edges) for f in found) if t]


def _quote() -> ColumnElement[str]:
    """A statement's words, cut from its article's text."""
    length = statements.c.end_char - statements.c.start_char
    return func.substr(articles.c.text, statements.c.start_char + 1, length)


def _facets(kind: str, dialect: str) -> dict[str, _Facet]:
    """Each facet's value; the month is the UTC "YYYY-MM" of the publication date."""
    if dialect == "postgresql":
        month = func.to_char(func.timezone("UTC", articles.c.published), "YYYY-MM")
    else:
        month = func.strftime("%Y-%m", articles.c.published)
    common = {
        "outlet": _Facet(articles.c.outlet_id),
        "language": _Facet(articles.c.language),
    }
    if kind == "articles":
        own = and_(stances.c.article_id == articles.c.id, stances.c.statement_id.is_(None))
        said = statements.c.article_id == articles.c.id
        return common | {
            "speaker_type": _Facet(statements.c.speaker_type, (statements, said)),
            "stance": _Facet(stances.c.label, (stances, own)),
            "month": _Facet(month),
        }
    main = statements if kind == "statements" else claims
    return common | {
        "speaker_type": _Facet(main.c.speaker_type),
        "stance": _Facet(main.c.act),
        "month": _Facet(month),
    }


def _has(facet: _Facet, value: str) -> ColumnElement[bool]:
    """Rows whose facet is ``value`` (for articles: with such a row in the joined table)."""
    if facet.join is None:
        return facet.value == value
    table, on = facet.join
    return exists(select(table.c.article_id).where(on, facet.value == value))


def _count(
    conn: Any,
    name: str,
    facet: _Facet,
    source: Any,
    key: ColumnElement[Any],
    where: list[ColumnElement[bool]],
) -> list[FacetValue]:
    if facet.join is not None:
        source = source.join(*facet.join)
    columns = [facet.value.label("value")]
    if name == "outlet":
        columns.append(outlets.c.name.label("name"))
    query = (
        select(*columns, func.count(distinct(key)).label("n"))
        .select_from(source)
        .where(facet.value.is_not(None), *where)
        .group_by(*columns)
    )
    rows = conn.execute(query).all()
    found = [FacetValue(str(r.value), _label(name, r), int(r.n)) for r in rows]
    if name == "month":
        return sorted(found, key=lambda f: f.value)
    return sorted(found, key=lambda f: (-f.count, f.value))


def _label(name: str, row: Any) -> str:
    value = str(row.value)
    if name == "outlet":
        return row.name or value
    if name == "month":
        year, month = value.split("-")
        return f"{calendar.month_name[int(month)]} {year}"
    if name == "stance":
        return _STANCE_LABELS.get(value, value)
    return value.replace("_", " ")


def _columns(kind: str, matched: Any) -> list[ColumnElement[Any]]:
    """The page's columns, named as the fields of the kind's hit."""
    shared = [articles.c.outlet_id.label("outlet"), outlets.c.name.label("outlet_name"),
              articles.c.published]  # fmt: skip
    if kind == "articles":
        lead = func.substr(articles.c.text, 1, _LEAD).label("lead")
        score = [matched.c.score] if matched is not None else []
        a = articles.c
        return [a.id, a.title, a.language, a.url, lead, *shared, *score]
    if kind == "statements":
        s = statements.c
        return [s.id, s.article_id, _quote().label("text"), s.act, s.kind, s.speaker_name,
                s.speaker_type, articles.c.title, *shared]  # fmt: skip
    c = claims.c
    return [c.id, c.text, c.article_id, c.act, c.speaker_name, c.speaker_type,
            c.checkworthiness, claim_links.c.canonical_id, *shared]  # fmt: skip


def _hit(kind: str, row: Any, marked: dict[str, str]) -> Hit:
    fields = dict(row._mapping)
    if kind == "articles":
        lead = fields.pop("lead")
        fields["snippet"] = marked.get(row.id) or _lead(lead)
        fields["score"] = float(fields["score"]) if "score" in fields else None
    return {"articles": ArticleHit, "statements": StatementHit, "claims": ClaimHit}[kind](**fields)


def _lead(text: str) -> str:
    """The opening words of an article, cut at a word."""
    text = " ".join(text.split())
    if len(text) < _LEAD - 20:
        return text
    return text[: text.rfind(" ", 0, _LEAD - 20)].rstrip(",;:") + " …"
