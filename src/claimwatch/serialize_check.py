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


def _dated(record: Any, *fields: str) -> dict[str, Any]:
    """The record as a dict, its datetime ``fields`` in ISO 8601."""
    out = asdict(record)
    out.update({f: iso(getattr(record, f)) for f in fields})
    return out


def canonical(c: CanonicalRecord) -> dict[str, Any]:
    return _dated(c, "first_seen", "last_seen")


def member(m: MemberRecord) -> dict[str, Any]:
    return _dated(m, "published")


def story(s: StoryRecord) -> dict[str, Any]:
    return _dated(s, "first_published", "last_published")


def story_article(a: StoryArticle) -> dict[str, Any]:
    return _dated(a, "published")


def fact_check(f: FactCheckRecord) -> dict[str, Any]:
    out = _dated(f, "reviewed")
    out["appearances"] = list(f.appearances)
    return out


def evidence(e: Evidence) -> dict[str, Any]:
    return _dated(e, "published")


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
