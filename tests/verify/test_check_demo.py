"""check on the demo corpus: the withdrawal rumour, in several wordings, shows the outlets
that spread it, the ministry's denial with its words, the alliance official's figure, the
repeats after the denial and a 'denied' verdict; an unrelated claim is 'nothing known'."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from claimwatch.cli import cli
from claimwatch.errors import BadRequest

WORDINGS = (
    "Caledra is pulling its troops out of Valdor",
    "The Caledran contingent will withdraw from Valdor by the end of March",
    "Caledran soldiers are preparing to leave Valdor",
)
UNRELATED = "A new malaria vaccine was approved by regulators in Brazil"


@pytest.fixture(scope="module")
def demo(demo_db: str) -> Any:
    from claimwatch import open_workspace

    ws = open_workspace(demo_db)
    yield ws, demo_db
    ws.close()


@pytest.fixture(scope="module")
def results(demo: Any) -> dict[str, Any]:
    ws, _ = demo
    return {w: ws.check(w) for w in WORDINGS}


@pytest.mark.slow
@pytest.mark.parametrize("wording", WORDINGS)
def test_check_rumour_is_denied_by_official_sources_in_every_wording(results, wording):
    result = results[wording]
    assert result.verdict.label == "denied by official sources"
    assert "Caledra" in result.matches[0].claim.text


@pytest.mark.slow
def test_check_rumour_shows_the_outlets_that_spread_it(results):
    spreading = {e.outlet for e in results[WORDINGS[0]].group("supporting")}
    assert {"insider-dispatch.example", "sovereign-voice.example", "blitz24.example"} <= spreading


@pytest.mark.slow
def test_check_rumour_shows_the_ministry_denial_with_its_words(results):
    denials = [
        e for e in results[WORDINGS[0]].group("denying") if e.speaker_type == "government_body"
    ]
    assert any("out of the question" in e.quote for e in denials)
    for e in denials:
        assert e.url and e.published and e.quote  # where and when, in exact words


@pytest.mark.slow
def test_check_rumour_shows_the_alliance_official_figure_on_the_denying_side(results):
    result = results[WORDINGS[0]]
    by_n = {e.n: e for e in result.evidence}
    figures = [f for f in result.figures if f.value.startswith("1,150")]
    assert figures and all(f.stance == "denying" for f in figures)
    assert any(by_n[f.evidence].speaker_type == "anonymous_official" for f in figures)


@pytest.mark.slow
def test_check_rumour_lists_the_repeats_after_the_denial(results):
    timeline = results[WORDINGS[0]].timeline
    assert timeline.first_appearance.outlet == "insider-dispatch.example"
    assert timeline.first_denial.stance == "denying"
    repeats = {e.outlet for e in timeline.repeats_after_denial}
    assert "sovereign-voice.example" in repeats
    assert "insider-dispatch.example" in repeats  # Mar 8: "the withdrawal has begun"
    assert "brennick-courier.example" not in repeats  # the commander's "not going anywhere"
    assert all(e.published > timeline.first_denial.published for e in timeline.repeats_after_denial)


@pytest.mark.slow
def test_check_verdict_cites_only_evidence_it_shows(results):
    for result in results.values():
        numbers = {e.n for e in result.evidence}
        cited = [n for reason in result.verdict.reasons for n in reason.cites]
        assert cited and set(cited) <= numbers


@pytest.mark.slow
def test_check_unrelated_claim_is_nothing_known_and_shows_no_evidence(demo):
    ws, _ = demo
    result = ws.check(UNRELATED)
    assert not result.known
    assert result.verdict.label == "nothing known"
    assert result.evidence == [] and result.matches == []


@pytest.mark.slow
def test_check_empty_claim_is_refused(demo):
    ws, _ = demo
    with pytest.raises(BadRequest, match="empty"):
        ws.check("   ")


@pytest.mark.slow
def test_link_again_changes_nothing(demo):
    ws, _ = demo
    before = [(c.id, c.members) for c in ws.canonical_claims(limit=1000)]
    report = ws.link()
    assert report.embedded == 0 and report.linked == 0
    assert [(c.id, c.members) for c in ws.canonical_claims(limit=1000)] == before


@pytest.mark.slow
def test_stories_group_the_leak_and_the_denials_each_across_outlets(demo):
    ws, _ = demo
    leak, denial = sorted(ws.stories(min_size=2), key=lambda s: -s.size)[:2]
    for story in (leak, denial):
        assert story.size >= 6 and story.outlets >= 5
        assert "Caledra" in story.title
    _, members = ws.story(leak.id if "packing up" in leak.title else denial.id)
    outlets = {m.outlet for m in members}
    assert {"insider-dispatch.example", "blitz24.example", "sovereign-voice.example"} <= outlets


@pytest.mark.slow
def test_cli_check_json_groups_evidence(demo):
    _, db = demo
    out = CliRunner().invoke(cli, ["check", WORDINGS[1], "--json", "--db", db])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["verdict"]["label"] == "denied by official sources"
    assert set(data["evidence"]) == {"supporting", "denying", "discussing"}
    assert data["evidence"]["denying"][0]["quote"]


@pytest.mark.slow
def test_cli_check_unknown_claim_says_nothing_known(demo):
    _, db = demo
    out = CliRunner().invoke(cli, ["check", UNRELATED, "--db", db])
    assert out.exit_code == 0
    assert "Nothing known" in out.output


@pytest.mark.slow
def test_cli_export_claimreview_fills_first_appearance(demo, tmp_path):
    ws, db = demo
    claim_id = ws.check(WORDINGS[0]).matches[0].claim.id
    out = CliRunner().invoke(cli, ["export", "claimreview", claim_id[:12], "--db", db])
    assert out.exit_code == 0, out.output
    review = json.loads(out.output)
    assert review["@type"] == "ClaimReview"
    first = review["itemReviewed"]["firstAppearance"]
    assert first["url"].startswith("https://insider-dispatch.example/")
    assert len(review["itemReviewed"]["appearance"]) >= 3


@pytest.mark.slow
def test_cli_chart_claim_writes_png_and_svg(demo, tmp_path):
    ws, db = demo
    claim_id = ws.check(WORDINGS[0]).matches[0].claim.id
    for name in ("spread.png", "spread.svg"):
        out = CliRunner().invoke(
            cli, ["chart", "claim", claim_id, "--out", str(tmp_path / name), "--db", db]
        )
        assert out.exit_code == 0, out.output
        assert (tmp_path / name).stat().st_size > 1000


@pytest.mark.slow
def test_cli_export_jsonl_and_csv(demo, tmp_path):
    _, db = demo
    out = CliRunner().invoke(cli, ["export", "--format", "jsonl", "--db", db])
    kinds = {json.loads(line)["type"] for line in out.output.splitlines()}
    assert {"claim", "appearance", "statement", "evidence"} <= kinds
    out = CliRunner().invoke(
        cli, ["export", "--format", "csv", "--out", str(tmp_path / "csv"), "--db", db]
    )
    assert out.exit_code == 0, out.output
    assert (tmp_path / "csv" / "claims.csv").read_text(encoding="utf-8").startswith("id,")


@pytest.mark.slow
def test_cli_claim_and_story_unknown_ids_are_one_line_errors(demo):
    _, db = demo
    for args in (["claim", "ffffffffffff"], ["story", "ffffffffffff"]):
        out = CliRunner().invoke(cli, [*args, "--db", db])
        assert out.exit_code == 1
        assert "no " in out.output and "Traceback" not in out.output


@pytest.mark.slow
def test_check_rumour_shows_the_german_and_french_copies_of_the_denial(results):
    translated = [e for e in results[WORDINGS[0]].evidence if "stance not read" in e.reason]
    outlets = {e.outlet for e in translated}
    assert {"talbruecker-anzeiger.example", "courrier-estrel.example"} <= outlets
    assert all(e.stance == "discussing" for e in translated)
