"""Speaker and outlet profiles and recent denials, on both backends, from a few demo
articles (a rumour, its spread and the ministry's denial) ingested, analysed and linked."""

from __future__ import annotations

import pytest

from claimwatch.demo import corpus_path
from claimwatch.errors import NotFound
from claimwatch.store import queries_profiles as qp

FILES = (
    "html/2026-03-05_sovereign-voice_caledra-pulls-out.html",
    "html/2026-03-05_blitz24_caledran-troops-packing-up.html",
    "html/2026-03-06_valdor-herald_ministry-rejects-pull-out-reports.html",
    "text/2026-03-06_vpa_ministry-rejects-withdrawal-reports.txt",
)


@pytest.fixture
def linked(workspace):  # type: ignore[no-untyped-def]
    workspace.ingest([str(corpus_path() / f) for f in FILES])
    workspace.analyze()
    workspace.link()
    return workspace


def test_a_speakers_statements_and_the_claims_they_denied(linked):
    engine = linked.store.engine
    said = qp.speaker_statements(engine, "the Ministry of Defence")
    assert said and all(s.speaker_name == "the Ministry of Defence" for s in said)
    assert [s.published for s in said] == sorted(s.published for s in said)
    sides = qp.speaker_claims(engine, "the Ministry of Defence")
    assert any(c.denied > 0 for c in sides)
    with pytest.raises(NotFound, match="claimwatch speakers"):
        qp.speaker_statements(engine, "Nobody At All")


def test_an_outlet_that_spread_the_rumour_sees_it_denied_after(linked):
    engine = linked.store.engine
    carried = qp.outlet_claims(engine, "sovereign-voice.example")
    assert carried, "the outlet's check-worthy claims are listed"
    denied = [c for c in carried if c.denied_after is not None]
    assert denied and all(c.denied_after >= c.first_carried for c in denied)
    assert all(c.spread >= c.articles >= 1 for c in carried)
    with pytest.raises(NotFound):
        qp.outlet_claims(engine, "nowhere.example")


def test_recent_denials_are_newest_first(linked):
    found = qp.recent_denials(linked.store.engine, limit=50)
    assert found and all(s.act == "deny" for s in found)
    dates = [s.published for s in found]
    assert dates == sorted(dates, reverse=True)
