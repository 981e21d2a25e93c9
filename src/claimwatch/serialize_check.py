"""Stable JSON shapes of canonical claims, stories, fact-checks and check results
(docs/JSON.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from claimwatch.serialize import iso
from claimwatch.store.queries_link import (
    CanonicalRecord,
    FactCheckRecord,
    MemberRecord,
    StoryArticle,
    StoryRecord,
)
from claimwatch.verify.check import CheckResult, Evidence


def canonical(c: CanonicalRecord) -> dict[str, Any]:
    out = asdict(c)
    out.update(first_seen=iso(c.first_seen), last_seen=iso(c.last_seen))
    return out


def member(m: MemberRecord) -> dict[str, Any]:
    out = asdict(m)
    out.update(published=iso(m.published))
    return out


def story(s: StoryRecord) -> dict[str, Any]:
    out = asdict(s)
    out.update(first_published=iso(s.first_published), last_published=iso(s.last_published))
    return out


def story_article(a: StoryArticle) -> dict[str, Any]:
    out = asdict(a)
    out.update(published=iso(a.published))
    return out


def fact_check(f: FactCheckRecord) -> dict[str, Any]:
    out = asdict(f)
    out.update(reviewed=iso(f.reviewed), appearances=list(f.appearances))
    return out


def evidence(e: Evidence) -> dict[str, Any]:
    out = asdict(e)
    out.update(published=iso(e.published))
    return out


def check_result(r: CheckResult) -> dict[str, Any]:
    t = r.timeline
    return {
        "claim": r.claim,
        "known": r.known,
        "verdict": {
            "label": r.verdict.label,
            "explanation": r.verdict.explanation,
            "reasons": [{"text": x.text, "cites": list(x.cites)} for x in r.verdict.reasons],
        },
        "matches": [
            {"claim": canonical(m.claim), "similarity": m.similarity, "wording": m.wording}
            for m in r.matches
        ],
        "fact_checks": [fact_check(f) for f in r.fact_checks],
        "evidence": {
            g: [evidence(e) for e in r.group(g)] for g in ("supporting", "denying", "discussing")
        },
        "figures": [asdict(f) for f in r.figures],
        "timeline": {
            "first_appearance": t.first_appearance.n if t.first_appearance else None,
            "first_denial": t.first_denial.n if t.first_denial else None,
            "repeats_after_denial": [e.n for e in t.repeats_after_denial],
            "by_day": [
                {"day": d.isoformat(), "outlet": o, "stance": s, "articles": n}
                for d, o, s, n in t.by_day
            ],
            "outlets": [{"outlet": o, "first": iso(w), "stance": s} for o, w, s in t.outlets],
        },
    }
