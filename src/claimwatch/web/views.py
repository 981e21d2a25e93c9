"""What each page shows, as JSON-ready dicts: the API returns them as they are, the HTML
pages render them. One function per page; each takes an open Workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from claimwatch import serialize_check as sc
from claimwatch import serialize_nlp as sn
from claimwatch.errors import BadRequest
from claimwatch.serialize import article_full, article_summary, plain
from claimwatch.store import queries_link, queries_nlp, queries_profiles
from claimwatch.store.facets import MAX_LIMIT  # most items a list in a page or answer holds
from claimwatch.store.queries import ArticleFilter, get_articles, list_articles
from claimwatch.workspace import Workspace

if TYPE_CHECKING:
    from claimwatch.verify.spread import Spread


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return limit


def _statement(s: queries_nlp.StatementRecord, names: dict[str, str]) -> dict[str, Any]:
    return sn.statement(s) | {"outlet_name": names.get(s.outlet or "")}


def home(ws: Workspace) -> dict[str, Any]:
    """Latest stories, the most widely spread claims, recent denials, store counts."""
    names = ws.outlet_names()
    stats = ws.stats()
    return {
        "stats": plain(stats),
        "stories": [sc.story(s) for s in ws.stories(min_size=2, limit=8)],
        "claims": [sc.canonical(c) for c in ws.canonical_claims(min_articles=2, limit=10)],
        "denials": [
            _statement(s, names) for s in queries_profiles.recent_denials(ws.store.engine, 10)
        ],
    }


def search(
    ws: Workspace,
    q: str = "",
    *,
    kind: str = "articles",
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    speaker_type: str | None = None,
    stance: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    """Articles, statements or claims matching ``q`` and the filters, one page of them,
    with facet counts (each counted without its own filter)."""
    filters = {
        "outlet": outlet, "language": language, "since": since, "until": until,
        "speaker_type": speaker_type, "stance": stance,
    }  # fmt: skip
    found = ws.find(
        q, kind=kind, outlet=outlet, language=language,
        since=parse_day(since, "since"), until=parse_day(until, "until"),
        speaker_type=speaker_type, stance=stance, limit=_limit(limit), offset=max(offset, 0),
    )  # fmt: skip
    return {
        "query": q,
        "kind": found.kind,
        "filters": {k: v for k, v in filters.items() if v},
        "total": found.total,
        "hits": [plain(h) for h in found.hits],
        "facets": {name: [plain(v) for v in values] for name, values in found.facets.items()},
        "limit": found.limit,
        "offset": found.offset,
    }


def check(ws: Workspace, claim: str) -> dict[str, Any]:
    """The same result as ``claimwatch check --json``."""
    if len(claim) > 2000:
        raise BadRequest("the claim is longer than 2,000 characters: give one claim")
    return with_context(ws, sc.check_result(ws.check(claim)))


def claim(ws: Workspace, claim_id: str) -> dict[str, Any]:
    """One canonical claim: its check result (verdict, evidence, timeline, fact-checks)
    and every wording of it."""
    from claimwatch.verify.check import check_canonical
    from claimwatch.verify.spread import claim_spread as spread_of

    cid = queries_link.resolve_canonical_id(ws.store.engine, claim_id)
    record = ws.canonical_claim(cid)
    result = check_canonical(ws, cid)
    drawable = bool(spread_of(result).points)
    return {
        "claim": sc.canonical(record),
        "check": with_context(ws, sc.check_result(result)),
        "appearances": [sc.member(m) for m in ws.appearances(cid)],
        "links": {
            "chart": f"/claims/{cid}/chart.svg" if drawable else None,
            "claimreview": f"/api/claims/{cid}/claimreview",
        },
    }


#: Characters of article text shown on each side of a quote.
CONTEXT = 90


def with_context(ws: Workspace, result: dict[str, Any]) -> dict[str, Any]:
    """The serialized check ``result`` with each quote's surrounding words
    (``before``/``after``, cut at word boundaries) from its article's text."""
    items = [item for group in result["evidence"].values() for item in group]
    found = get_articles(
        ws.store.engine, [i["article_id"] for i in items if i["start"] is not None]
    )
    for item in items:
        start, end = item["start"], item["end"]
        if start is None or end is None or item["article_id"] not in found:
            item["before"] = item["after"] = ""
            continue
        text = found[item["article_id"]].text
        before = text[max(0, start - CONTEXT) : start]
        after = text[end : end + CONTEXT]
        if start > CONTEXT:
            before = "…" + before.split(" ", 1)[-1] if " " in before else before
        if end + CONTEXT < len(text):
            after = after.rsplit(" ", 1)[0] + "…" if " " in after else after
        item["before"], item["after"] = " ".join(before.split()), " ".join(after.split())
    return result


def claimreview(ws: Workspace, claim_id: str) -> dict[str, Any]:
    """The canonical claim as schema.org ClaimReview JSON-LD (as ``export claimreview``)."""
    from claimwatch.verify.check import check_canonical
    from claimwatch.verify.export import claimreview as to_claimreview

    cid = queries_link.resolve_canonical_id(ws.store.engine, claim_id)
    return to_claimreview(check_canonical(ws, cid))


def claim_spread(ws: Workspace, claim_id: str) -> Spread:
    """What the claim's chart draws: its articles by outlet and stance over time."""
    from claimwatch.verify.check import check_canonical
    from claimwatch.verify.spread import claim_spread as spread_of

    cid = queries_link.resolve_canonical_id(ws.store.engine, claim_id)
    return spread_of(check_canonical(ws, cid))


def speaker_spread(ws: Workspace, name: str) -> Spread:
    """What the speaker's chart draws: their statements by outlet and act over time."""
    from claimwatch.verify.spread import speaker_spread as spread_of

    said = queries_profiles.speaker_statements(ws.store.engine, name)
    return spread_of(name, said, ws.outlet_names())


def story_spread(ws: Workspace, story_id: str) -> Spread:
    """What the story's chart draws: its articles by outlet over time."""
    from claimwatch.verify.spread import story_spread as spread_of

    record, members = ws.story(queries_link.resolve_story_id(ws.store.engine, story_id))
    return spread_of(record.title, members, ws.outlet_names())


def articles(
    ws: Workspace,
    *,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    names = ws.outlet_names()
    found = ws.articles(
        outlet=outlet, language=language, since=parse_day(since, "since"),
        until=parse_day(until, "until"), limit=_limit(limit), offset=max(offset, 0),
    )  # fmt: skip
    return {
        "articles": [article_summary(a, names.get(a.outlet or "")) for a in found],
        "limit": limit,
        "offset": offset,
    }


def claims(ws: Workspace, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    found = ws.canonical_claims(limit=_limit(limit), offset=max(offset, 0))
    return {"claims": [sc.canonical(c) for c in found], "limit": limit, "offset": offset}


def article(ws: Workspace, article_id: str) -> dict[str, Any]:
    """The article with its statements, claims (and their canonical claims), reported
    claims and the stances stored for it."""
    found = ws.article(article_id)
    names = ws.outlet_names()
    found_claims = ws.claims(article=found.id, limit=1000)
    canon = queries_link.canonical_of(ws.store.engine, [c.id for c in found_claims])
    return {
        "article": article_full(found, names.get(found.outlet or "")),
        "statements": [_statement(s, names) for s in ws.statements(article=found.id, limit=1000)],
        "claims": [sn.claim(c) | {"canonical_id": canon.get(c.id)} for c in found_claims],
        "reported_claims": [sn.reported_claim(c) for c in ws.reported_claims(found.id)],
        "stances": [
            sn.stance_record(s)
            for s in queries_nlp.list_stances(ws.store.engine, article_id=found.id)
        ],
    }


def speaker(ws: Workspace, name: str) -> dict[str, Any]:
    """A speaker's statements over time and the claims they asserted or denied."""
    engine = ws.store.engine
    said = queries_profiles.speaker_statements(engine, name)
    names = ws.outlet_names()
    kinds = sorted({s.speaker_type for s in said if s.speaker_type})
    quoted_by = {s.outlet for s in said if s.outlet}
    return {
        "speaker": {
            "name": name,
            "types": kinds,
            "statements": len(said),
            "outlets": sorted(quoted_by),
        },
        "outlet_names": {o: names[o] for o in quoted_by if o in names},
        "statements": [_statement(s, names) for s in said],
        "claims": [plain(c) for c in queries_profiles.speaker_claims(engine, name)],
        "links": {
            "chart": f"/speakers/{quote(name, safe='')}/chart.svg"
            if any(s.published for s in said)
            else None
        },
    }


def outlet(ws: Workspace, outlet_id: str, *, limit: int = 50) -> dict[str, Any]:
    """An outlet's latest articles and the claims it carried, with the share of them
    denied after it carried them."""
    carried = queries_profiles.outlet_claims(ws.store.engine, outlet_id)
    info, count = next(((o, n) for o, n in ws.outlets() if o.id == outlet_id), (None, 0))
    latest = list_articles(ws.store.engine, ArticleFilter(outlet=outlet_id, limit=_limit(limit)))
    denied = sum(1 for c in carried if c.denied_after is not None)
    return {
        "outlet": plain(info) | {"articles": count},
        "articles": [article_summary(a, info.name if info else None) for a in latest],
        "claims": [plain(c) for c in carried],
        "later_denied": {
            "claims": len(carried),
            "denied": denied,
            "share": round(denied / len(carried), 3) if carried else None,
        },
    }


def outlets(ws: Workspace) -> dict[str, Any]:
    return {"outlets": [plain(o) | {"articles": n} for o, n in ws.outlets()]}


def stories(ws: Workspace, *, min_size: int = 1, limit: int = 50) -> dict[str, Any]:
    return {"stories": [sc.story(s) for s in ws.stories(min_size=min_size, limit=_limit(limit))]}


def story(ws: Workspace, story_id: str) -> dict[str, Any]:
    """A story and its articles, oldest first, with the outlets by day."""
    record, members = ws.story(queries_link.resolve_story_id(ws.store.engine, story_id))
    names = ws.outlet_names()
    days: dict[str, dict[str, int]] = {}
    for a in members:
        day = a.published.date().isoformat() if a.published else "undated"
        outlet_name = names.get(a.outlet or "", a.outlet or "(no outlet)")
        days.setdefault(day, {}).setdefault(outlet_name, 0)
        days[day][outlet_name] += 1
    return {
        "story": sc.story(record),
        "articles": [
            sc.story_article(a) | {"outlet_name": names.get(a.outlet or "")} for a in members
        ],
        "by_day": [{"day": d, "outlets": o} for d, o in sorted(days.items())],
        "links": {
            "chart": f"/stories/{record.id}/chart.svg"
            if any(a.published for a in members)
            else None
        },
    }


def speakers(ws: Workspace, *, limit: int = 200) -> dict[str, Any]:
    return {"speakers": [sn.speaker(s) for s in ws.speakers(limit=_limit(limit))]}


def parse_day(value: str | None, what: str) -> datetime | None:
    """A YYYY-MM-DD query value as a UTC datetime: its first moment, or for ``until`` its
    last (the day is included); BadRequest naming ``what`` otherwise."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{what}: '{value}' is not a date; use YYYY-MM-DD") from None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    if what == "until" and len(value) == 10:
        when += timedelta(days=1, microseconds=-1)
    return when
