"""Canonical claims stay true to their members when claims disappear outside linking (a
re-analysis that finds fewer claims): the next link recounts them, and drops those left
with none."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from claimwatch.demo import corpus_path
from claimwatch.store.schema_link import canonical_claims, claim_links
from claimwatch.store.schema_nlp import claims

FILES = (
    "html/2026-03-05_sovereign-voice_caledra-pulls-out.html",
    "html/2026-03-05_blitz24_caledran-troops-packing-up.html",
    "html/2026-03-06_valdor-herald_ministry-rejects-pull-out-reports.html",
)


def _counts_agree(engine) -> bool:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        actual = dict(
            conn.execute(
                select(claim_links.c.canonical_id, func.count()).group_by(
                    claim_links.c.canonical_id
                )
            ).all()
        )
        stored = dict(conn.execute(select(canonical_claims.c.id, canonical_claims.c.members)).all())
    return stored == actual


def test_link_recounts_canonicals_after_claims_vanish(sqlite_workspace):
    ws = sqlite_workspace
    report = ws.ingest([str(corpus_path() / f) for f in FILES])
    ws.analyze()
    ws.link()
    engine = ws.store.engine
    assert _counts_agree(engine)
    with engine.begin() as conn:
        before = conn.execute(select(func.count()).select_from(canonical_claims)).scalar_one()
        conn.execute(delete(claims).where(claims.c.article_id == report.article_ids[0]))
    assert not _counts_agree(engine), "the deletion left stale counts"

    again = ws.link()
    assert again.recounted > 0
    assert _counts_agree(engine)
    with engine.connect() as conn:
        after = conn.execute(select(func.count()).select_from(canonical_claims)).scalar_one()
    assert after < before, "canonical claims left without members are dropped"
    assert ws.link().recounted == 0, "a second run finds nothing stale"
