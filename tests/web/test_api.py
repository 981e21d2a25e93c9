"""The JSON API on the demo store: every read endpoint answers with its documented shape,
and every bad request gets the one error shape with a status and a readable message."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

RUMOUR = "Caledra is pulling its troops out of Valdor"


@pytest.fixture(scope="module")
def client(demo_db: str) -> Any:
    from claimwatch import open_workspace
    from claimwatch.web.app import create_app

    ws = open_workspace(demo_db)
    with TestClient(create_app(ws), raise_server_exceptions=False) as c:
        yield c
    ws.close()


@pytest.fixture(scope="module")
def rumour_id(client: TestClient) -> str:
    found = client.get("/api/check", params={"claim": RUMOUR}).json()
    return found["matches"][0]["claim"]["id"]


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text
    return body["error"]


def test_openapi_describes_every_api_path(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/home", "/api/search", "/api/check", "/api/claims", "/api/claims/{claim_id}",
        "/api/claims/{claim_id}/claimreview", "/api/articles", "/api/articles/{article_id}",
        "/api/speakers", "/api/speakers/{name}", "/api/outlets", "/api/outlets/{outlet_id}",
        "/api/stories", "/api/stories/{story_id}", "/api/ingest/files", "/api/ingest/text",
        "/api/ingest/url", "/api/jobs", "/api/jobs/{job_id}",
    ):  # fmt: skip
        assert path in paths, path
    assert not any(p.startswith("/claims") for p in paths), "HTML pages are not API paths"


def test_home_lists_claims_stories_and_recent_denials(client):
    home = client.get("/api/home").json()
    assert home["stats"]["articles"] >= 30
    assert home["claims"] and home["stories"]
    assert all(d["act"] == "deny" for d in home["denials"])
    dates = [d["published"] for d in home["denials"] if d["published"]]
    assert dates == sorted(dates, reverse=True)


def test_check_get_and_post_agree_and_say_denied(client):
    got = client.get("/api/check", params={"claim": RUMOUR}).json()
    posted = client.post("/api/check", json={"claim": RUMOUR}).json()
    assert got == posted
    assert got["verdict"]["label"] == "denied by official sources"
    assert got["evidence"]["denying"] and got["evidence"]["supporting"]


def test_check_of_an_unrelated_claim_is_nothing_known(client):
    got = client.get("/api/check", params={"claim": "A malaria vaccine was approved in Brazil"})
    body = got.json()
    assert body["known"] is False and body["verdict"]["label"] == "nothing known"
    assert not any(body["evidence"].values())


def test_check_refuses_empty_missing_and_overlong_claims(client):
    assert "claim" in _error(client.get("/api/check"), 400)
    assert "claim" in _error(client.get("/api/check", params={"claim": ""}), 400)
    _error(client.post("/api/check", json={"claim": "x" * 2001}), 400)
    _error(
        client.post(
            "/api/check", content=b"{not json", headers={"content-type": "application/json"}
        ),
        400,
    )
    _error(client.get("/api/check", params={"claim": "   "}), 400)


def test_claim_by_id_and_prefix_carries_check_and_appearances(client, rumour_id):
    full = client.get(f"/api/claims/{rumour_id}").json()
    short = client.get(f"/api/claims/{rumour_id[:10]}").json()
    assert full == short
    assert full["claim"]["id"] == rumour_id
    assert full["check"]["verdict"]["label"] == "denied by official sources"
    assert len(full["appearances"]) == full["claim"]["members"]
    assert full["links"]["chart"].endswith("/chart.svg")


def test_claims_list_pages_and_checks_its_limit(client):
    first = client.get("/api/claims", params={"limit": 3}).json()["claims"]
    second = client.get("/api/claims", params={"limit": 3, "offset": 3}).json()["claims"]
    assert len(first) == 3 and not {c["id"] for c in first} & {c["id"] for c in second}
    _error(client.get("/api/claims", params={"limit": 0}), 400)
    _error(client.get("/api/claims", params={"limit": 100_000}), 400)
    _error(client.get("/api/claims", params={"offset": -1}), 400)


def test_unknown_ids_are_404_with_the_error_shape(client):
    for path in (
        "/api/claims/ffffffffffff", "/api/articles/nope", "/api/speakers/Nobody%20At%20All",
        "/api/outlets/nowhere.example", "/api/stories/ffffffffffff", "/api/jobs/nope",
        "/api/claims/ffffffffffff/claimreview", "/api/no-such-endpoint",
    ):  # fmt: skip
        _error(client.get(path), 404)


def test_claimreview_is_json_ld_with_first_appearance(client, rumour_id):
    got = client.get(f"/api/claims/{rumour_id}/claimreview")
    assert got.headers["content-type"].startswith("application/ld+json")
    review = got.json()
    assert review["@type"] == "ClaimReview"
    assert review["itemReviewed"]["firstAppearance"]["url"]


def test_articles_filter_by_outlet_and_refuse_bad_dates(client):
    every = client.get("/api/articles", params={"limit": 200}).json()["articles"]
    outlet = every[0]["outlet"]
    some = client.get("/api/articles", params={"outlet": outlet}).json()["articles"]
    assert some and all(a["outlet"] == outlet for a in some)
    assert "YYYY-MM-DD" in _error(client.get("/api/articles", params={"since": "March"}), 400)


def test_article_carries_statements_claims_and_their_canonical_claims(client, rumour_id):
    appearance = client.get(f"/api/claims/{rumour_id}").json()["appearances"][0]
    article = client.get(f"/api/articles/{appearance['article_id']}").json()
    assert article["article"]["text"]
    assert any(c["canonical_id"] == rumour_id for c in article["claims"])
    assert all({"act", "speaker", "start", "end"} <= s.keys() for s in article["statements"])


def test_speaker_shows_statements_and_claims_taken_sides_on(client):
    denial = client.get("/api/home").json()["denials"][0]
    name = denial["speaker"]["name"]
    speaker = client.get(f"/api/speakers/{name}").json()
    assert speaker["speaker"]["name"] == name
    assert speaker["statements"] and all(s["speaker"] for s in speaker["statements"])
    listed = client.get("/api/speakers").json()["speakers"]
    assert any(s["name"] == name for s in listed)


def test_outlet_reports_the_share_of_its_claims_later_denied(client, rumour_id):
    spreaders = {
        e["outlet"]
        for e in client.get(f"/api/claims/{rumour_id}").json()["check"]["evidence"]["supporting"]
    }
    outlet = sorted(o for o in spreaders if o)[0]
    got = client.get(f"/api/outlets/{outlet}").json()
    assert got["outlet"]["id"] == outlet and got["articles"]
    carried = {c["canonical_id"]: c for c in got["claims"]}
    assert rumour_id in carried and carried[rumour_id]["denied_after"]
    share = got["later_denied"]
    assert share["claims"] == len(got["claims"]) and 0 < share["share"] <= 1


def test_stories_and_story_timeline(client):
    stories = client.get("/api/stories", params={"min_size": 2}).json()["stories"]
    assert stories and all(s["size"] >= 2 for s in stories)
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert len(story["articles"]) == stories[0]["size"]
    assert sum(sum(d["outlets"].values()) for d in story["by_day"]) == stories[0]["size"]


def test_search_each_kind_with_facets(client):
    for kind in ("articles", "statements", "claims"):
        got = client.get("/api/search", params={"q": "withdrawal", "kind": kind}).json()
        assert got["kind"] == kind and got["total"] >= len(got["hits"]) > 0
        assert "outlet" in got["facets"]
    denials = client.get("/api/search", params={"kind": "statements", "stance": "deny"}).json()
    assert denials["hits"] and all(h["act"] == "deny" for h in denials["hits"])


def test_search_refuses_unknown_kind_stance_and_limit(client):
    assert "articles" in _error(client.get("/api/search", params={"kind": "tweets"}), 400)
    _error(client.get("/api/search", params={"kind": "statements", "stance": "maybe"}), 400)
    _error(client.get("/api/search", params={"limit": 5000}), 400)
    _error(client.get("/api/search", params={"since": "yesterday"}), 400)


def test_wrong_method_is_405_with_the_error_shape(client):
    assert "not allowed" in _error(client.delete("/api/claims"), 405)


def test_writes_are_refused_while_no_token_is_configured(client):
    message = _error(client.post("/api/ingest/text", json={"text": "Headline\n\nBody."}), 403)
    assert "CLAIMWATCH_API_TOKEN" in message
    assert client.get("/api/jobs").json() == {"jobs": []}


def test_every_response_sends_the_security_headers(client):
    for path in ("/", "/api/home", "/api/nope", "/static/style.css"):
        headers = client.get(path).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
