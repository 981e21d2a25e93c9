"""ClaimReview export: shape, verdict scale, appearance order, and the round trip back in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimwatch.errors import BadRequest
from claimwatch.models import FactCheck
from claimwatch.verify.claimreview_in import (
    parse_claimreview,
    parse_claimreview_html,
    parse_claimreview_json,
)
from claimwatch.verify.claimreview_out import (
    VERDICT_SCALE,
    AppearanceRef,
    ReviewSubject,
    claimreview_jsonld,
    iso_utc,
    ordered_appearances,
    verdict_rating,
)

CET = timezone(timedelta(hours=1))
LATE = AppearanceRef(
    "https://mirror.ostmark.example/2", "Ostmark Mirror", datetime(2031, 5, 3, 8, tzinfo=UTC), "B"
)
EARLY = AppearanceRef(
    "https://wire.ostmark.example/1", "Ostmark Wire", datetime(2031, 5, 2, 9, tzinfo=CET), "A"
)
UNDATED = AppearanceRef("https://forum.pellow.example/t/9", None, None, None)
SUBJECT = ReviewSubject(
    claim="The Varnholt garrison will leave Ostmark in June.",
    verdict="denied",
    explanation="The Ostmark defence ministry called the report disinformation.",
    appearances=[UNDATED, LATE, EARLY],
    claimant="Ostmark Wire",
    review_url="https://claimwatch.northbay.example/claims/42",
    reviewer="Northbay Desk",
    reviewed=datetime(2031, 5, 5, 12, tzinfo=UTC),
)


def test_claimreview_jsonld_has_the_schema_org_shape() -> None:
    doc = claimreview_jsonld(SUBJECT)
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ClaimReview"
    assert doc["claimReviewed"] == SUBJECT.claim
    assert doc["reviewBody"] == SUBJECT.explanation
    assert doc["url"] == SUBJECT.review_url
    assert doc["author"] == {"@type": "Organization", "name": "Northbay Desk"}
    assert doc["datePublished"] == "2031-05-05T12:00:00+00:00"
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "denied",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Ostmark Wire"}
    json.dumps(doc)  # plain JSON values only


def test_claimreview_jsonld_orders_appearances_by_date() -> None:
    item = claimreview_jsonld(SUBJECT)["itemReviewed"]
    assert [a.get("url") for a in item["appearance"]] == [EARLY.url, LATE.url, UNDATED.url]
    assert item["datePublished"] == "2031-05-02T08:00:00+00:00"  # 09:00 CET
    assert item["firstAppearance"] == {
        "@type": "CreativeWork",
        "url": EARLY.url,
        "headline": "A",
        "datePublished": "2031-05-02T08:00:00+00:00",
        "publisher": {"@type": "Organization", "name": "Ostmark Wire"},
    }
    assert item["appearance"][2] == {"@type": "CreativeWork", "url": UNDATED.url}


def test_ordered_appearances_keeps_ties_and_mixes_naive_and_aware() -> None:
    naive = AppearanceRef("https://n.example/", None, datetime(2031, 5, 2, 8), None)
    twin = AppearanceRef("https://t.example/", None, datetime(2031, 5, 2, 8, tzinfo=UTC), None)
    assert ordered_appearances([LATE, naive, twin, UNDATED]) == [naive, twin, LATE, UNDATED]


@pytest.mark.parametrize(
    ("verdict", "value"),
    [
        ("supported", 5),
        ("True", 5),
        ("mostly supported", 4),
        ("Half-true", 3),
        ("misleading", 2),
        ("  Denied ", 1),
        ("false", 1),
        ("disinformation", 1),
        ("denied by official sources", 1),
        ("confirmed by official sources", 5),
        ("disputed", 3),
        ("unconfirmed", None),
        ("rated by fact-checkers", None),
        ("nothing known", None),
        ("a claim we have no word for", None),
    ],
)
def test_verdict_rating_maps_the_scale(verdict: str, value: int | None) -> None:
    assert verdict_rating(verdict) == value


def test_verdict_scale_stays_within_best_and_worst() -> None:
    assert set(VERDICT_SCALE.values()) <= {1, 2, 3, 4, 5}
    assert "unconfirmed" not in VERDICT_SCALE


def test_claimreview_jsonld_unconfirmed_has_no_numeric_rating() -> None:
    doc = claimreview_jsonld(ReviewSubject("X is Y.", "unconfirmed", "No source yet.", []))
    assert doc["reviewRating"] == {"@type": "Rating", "alternateName": "unconfirmed"}


def test_claimreview_jsonld_leaves_unknown_values_out() -> None:
    doc = claimreview_jsonld(ReviewSubject("X is Y.", "supported", " ", [UNDATED]))
    assert "url" not in doc
    assert "datePublished" not in doc
    assert "reviewBody" not in doc
    assert doc["author"]["name"] == "claimwatch"
    assert doc["itemReviewed"] == {
        "@type": "Claim",
        "appearance": [{"@type": "CreativeWork", "url": UNDATED.url}],
    }
    assert "null" not in json.dumps(doc)


@pytest.mark.parametrize(("claim", "verdict"), [("", "false"), ("  ", "false"), ("X.", " ")])
def test_claimreview_jsonld_without_claim_or_verdict_is_a_bad_request(
    claim: str, verdict: str
) -> None:
    with pytest.raises(BadRequest):
        claimreview_jsonld(ReviewSubject(claim, verdict, "", []))


def test_iso_utc_takes_naive_as_utc() -> None:
    assert iso_utc(datetime(2031, 1, 2, 3, 4)) == "2031-01-02T03:04:00+00:00"
    assert iso_utc(datetime(2031, 1, 2, 3, 4, tzinfo=CET)) == "2031-01-02T02:04:00+00:00"


def assert_round_trip(fact: FactCheck | object, subject: ReviewSubject) -> None:
    assert isinstance(fact, FactCheck)
    assert fact.claim == " ".join(subject.claim.split())
    assert fact.rating == " ".join(subject.verdict.split())
    assert fact.url == subject.review_url
    assert fact.publisher == subject.reviewer
    assert fact.reviewed == (subject.reviewed and subject.reviewed.astimezone(UTC))
    assert fact.claimant == subject.claimant
    dates = [a.published.astimezone(UTC) for a in subject.appearances if a.published]
    assert fact.claim_date == (min(dates) if dates else None)
    urls = [a.url for a in ordered_appearances(subject.appearances) if a.url]
    assert fact.appearances == tuple(dict.fromkeys(urls))


def test_claimreview_jsonld_round_trips_through_parse_claimreview() -> None:
    assert_round_trip(parse_claimreview(claimreview_jsonld(SUBJECT), "export"), SUBJECT)


def test_claimreview_jsonld_round_trips_as_json_and_inside_a_page() -> None:
    text = json.dumps(claimreview_jsonld(SUBJECT), ensure_ascii=False)
    (fact,) = parse_claimreview_json(text, "export.json")
    assert_round_trip(fact, SUBJECT)
    page = f'<html><head><script type="application/ld+json">{text}</script></head></html>'
    (fact,) = parse_claimreview_html(page, "export.html")
    assert_round_trip(fact, SUBJECT)


# Text as the reader gives it back: no "&" (it unescapes HTML entities), single spaces.
words = st.text(st.characters(codec="utf-8", exclude_characters="&"), min_size=1, max_size=40)
words = words.map(lambda t: " ".join(t.split())).filter(bool)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
)
appearances = st.builds(
    AppearanceRef,
    url=st.none() | st.from_regex(r"https://[a-z]{1,8}\.example/[a-z0-9]{0,8}", fullmatch=True),
    outlet=st.none() | words,
    published=st.none() | moments,
    headline=st.none() | words,
)
subjects = st.builds(
    ReviewSubject,
    claim=words,
    verdict=st.sampled_from([*VERDICT_SCALE, "unconfirmed", "Pants on fire"]),
    explanation=st.text(max_size=40),
    appearances=st.lists(appearances, max_size=5),
    claimant=st.none() | words,
    review_url=st.none() | st.just("https://claimwatch.northbay.example/c/1"),
    reviewer=words,
    reviewed=st.none() | moments,
)


@settings(max_examples=150, deadline=None)
@given(subject=subjects)
def test_claimreview_jsonld_round_trip_property(subject: ReviewSubject) -> None:
    doc = claimreview_jsonld(subject)
    (fact,) = parse_claimreview_json(json.dumps(doc), "prop.json")
    assert_round_trip(fact, subject)
