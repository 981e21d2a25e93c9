"""Reading fact-checks: ClaimReview JSON-LD / HTML / feeds / JSONL, CheckThat!, EUvsDisinfo."""

from __future__ import annotations

import codecs
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimwatch.errors import MalformedSource, SourceError, UnreadableSource
from claimwatch.models import FactCheck
from claimwatch.verify.claimreview_in import (
    parse_claimreview,
    parse_claimreview_html,
    parse_claimreview_json,
    parse_claimreview_jsonl,
)
from claimwatch.verify.factcheck_formats import read_euvsdisinfo, read_factchecks
from claimwatch.verify.factcheck_records import factcheck_id, normalise_claim, parse_date
from claimwatch.verify.factcheck_tables import (
    parse_checkthat_tsv,
    parse_euvsdisinfo_csv,
    parse_euvsdisinfo_publications,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "factchecks"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
CHECKTHAT = SHARED / "claim-retrieval-ct2020-task2" / "verified_claims.docs.tsv"
EUVSDISINFO = SHARED / "euvsdisinfo-claims"

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.northbay.example/bridge",
    "claimReviewed": "The  Varnholt bridge collapsed after a storm &amp; a flood.",
    "headline": "Did the Varnholt bridge collapse?",
    "inLanguage": "en",
    "datePublished": "2031-05-04T10:15:00+02:00",
    "author": {"@type": "Organization", "name": "Northbay Checks"},
    "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Tomas Wendel"},
        "datePublished": "2031-05-01",
        "firstAppearance": {"@type": "CreativeWork", "url": "https://blog.wendel.example/1"},
        "appearance": [
            {"@type": "CreativeWork", "url": "https://blog.wendel.example/1"},
            {"@type": "CreativeWork", "url": "https://mirror.ostmark.example/2"},
        ],
    },
}


def facts(items: list[FactCheck | SourceError]) -> list[FactCheck]:
    return [item for item in items if isinstance(item, FactCheck)]


def errors(items: list[FactCheck | SourceError]) -> list[SourceError]:
    return [item for item in items if isinstance(item, SourceError)]


def review(**changes: object) -> dict[str, object]:
    return {**REVIEW, **changes}


# -- one ClaimReview -------------------------------------------------------------------


def test_parse_claimreview_maps_every_field() -> None:
    fact = parse_claimreview(REVIEW, "r.json")
    assert isinstance(fact, FactCheck)
    assert fact.claim == "The Varnholt bridge collapsed after a storm & a flood."
    assert fact.rating == "False"
    assert fact.url == "https://checks.northbay.example/bridge"
    assert fact.publisher == "Northbay Checks"
    assert fact.reviewed == datetime(2031, 5, 4, 8, 15, tzinfo=UTC)
    assert fact.claimant == "Tomas Wendel"
    assert fact.claim_date == datetime(2031, 5, 1, tzinfo=UTC)
    assert fact.title == "Did the Varnholt bridge collapse?"
    assert fact.language == "en"
    assert fact.appearances == ("https://blog.wendel.example/1", "https://mirror.ostmark.example/2")
    assert fact.source_format == "claimreview"
    assert fact.origin == "r.json"
    assert len(fact.id) == 16


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ({"ratingValue": 2, "bestRating": 5, "worstRating": 1}, "2/5"),
        ({"ratingValue": "2", "bestRating": "5"}, "2/5"),
        ({"ratingValue": 2.5, "bestRating": 5.0}, "2.5/5"),
        ({"ratingValue": -1, "bestRating": 2, "worstRating": -2}, "-1 (scale -2 to 2)"),
        ({"ratingValue": 3}, "3"),
        ({"name": "Mostly false"}, "Mostly false"),
        ("Pants on fire", "Pants on fire"),
        ({}, None),
    ],
)
def test_parse_claimreview_renders_numeric_ratings(rating: object, expected: str | None) -> None:
    fact = parse_claimreview(review(reviewRating=rating))
    assert isinstance(fact, FactCheck)
    assert fact.rating == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2031-05-04", datetime(2031, 5, 4, tzinfo=UTC)),
        ("2031-05-04T23:30:00-02:00", datetime(2031, 5, 5, 1, 30, tzinfo=UTC)),
        ("2031-05-04T10:00:00Z", datetime(2031, 5, 4, 10, tzinfo=UTC)),
        ("2031-05-04T10:00:00", datetime(2031, 5, 4, 10, tzinfo=UTC)),
        ("yesterday", None),
        (20310504, None),
        (None, None),
    ],
)
def test_parse_date_gives_aware_utc(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_parse_claimreview_keeps_a_review_with_an_unreadable_date() -> None:
    fact = parse_claimreview(review(datePublished="last Tuesday"))
    assert isinstance(fact, FactCheck)
    assert fact.reviewed is None


@pytest.mark.parametrize("claim", [None, "", "   ", {"@type": "Thing"}])
def test_parse_claimreview_without_claim_reviewed_is_one_error(claim: object) -> None:
    node = dict(REVIEW)
    node.pop("claimReviewed")
    if claim is not None:
        node["claimReviewed"] = claim
    error = parse_claimreview(node, "r.json")
    assert isinstance(error, MalformedSource)
    assert str(error).startswith("r.json: ClaimReview (https://checks.northbay.example/bridge)")
    assert "without claimReviewed" in str(error)


def test_parse_claimreview_tolerates_prefixed_types_and_properties() -> None:
    node = {
        "@type": ["schema:ClaimReview"],
        "schema:claimReviewed": "Pizza shops in Orvik closed.",
        "http://schema.org/url": "https://factdesk.pellow.example/pizza",
        "author": ["Pellow Fact Desk"],
        "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"},
        "itemReviewed": {"@type": "CreativeWork", "url": "https://a.orvik.example/x"},
    }
    fact = parse_claimreview(node)
    assert isinstance(fact, FactCheck)
    assert fact.url == "https://factdesk.pellow.example/pizza"
    assert fact.publisher == "Pellow Fact Desk"
    assert fact.language == "en"
    assert fact.appearances == ("https://a.orvik.example/x",)


def test_parse_claimreview_falls_back_to_publisher() -> None:
    node = review(author=None, publisher={"@type": "Organization", "name": "Orvik Review"})
    fact = parse_claimreview(node)
    assert isinstance(fact, FactCheck)
    assert fact.publisher == "Orvik Review"


# -- ids -----------------------------------------------------------------------------


def test_factcheck_id_is_deterministic_and_ignores_cosmetic_changes() -> None:
    first = parse_claimreview(REVIEW)
    again = parse_claimreview(
        review(claimReviewed="the varnholt bridge collapsed after a storm & a flood")
    )
    other = parse_claimreview(review(claimReviewed="The garrison has 4,000 soldiers."))
    assert isinstance(first, FactCheck)
    assert isinstance(again, FactCheck)
    assert isinstance(other, FactCheck)
    assert first.id == again.id
    assert first.id != other.id  # two reviews on one round-up URL stay apart
    assert factcheck_id("checkthat", "7") == factcheck_id("checkthat", "7")
    assert factcheck_id("checkthat", "7") != factcheck_id("euvsdisinfo", "7")
    assert normalise_claim("  Café, «closed»! ") == "café closed"


def test_factcheck_id_without_url_uses_publisher_and_claim() -> None:
    a = parse_claimreview(review(url=None))
    b = parse_claimreview(review(url=None, author={"name": "Someone Else"}))
    assert isinstance(a, FactCheck)
    assert isinstance(b, FactCheck)
    assert a.url is None
    assert a.id != b.id


# -- JSON-LD documents -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "origins"),
    [
        (REVIEW, ["d.json"]),
        ([REVIEW, review(claimReviewed="Second.")], ["d.json#/0", "d.json#/1"]),
        ({"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, REVIEW]},
         ["d.json#/@graph/1"]),
        ({"@type": "WebPage", "mainEntity": REVIEW}, ["d.json#/mainEntity"]),
        ({"@type": "NewsArticle", "review": [REVIEW]}, ["d.json#/review/0"]),
    ],
)  # fmt: skip
def test_parse_claimreview_json_finds_reviews_anywhere(
    document: object, origins: list[str]
) -> None:
    items = list(parse_claimreview_json(json.dumps(document), "d.json"))
    assert not errors(items)
    assert [f.origin for f in facts(items)] == origins


def test_parse_claimreview_json_nested_review_takes_page_fields() -> None:
    page = {
        "@type": ["NewsArticle"],
        "headline": "Did it collapse?",
        "url": "https://checks.northbay.example/page",
        "datePublished": "2031-05-06",
        "inLanguage": "de",
        "author": {"@type": "Organization", "name": "Northbay Checks"},
        "review": {"@type": "ClaimReview", "claimReviewed": "It collapsed."},
    }
    (fact,) = parse_claimreview_json(json.dumps(page), "p.json")
    assert isinstance(fact, FactCheck)
    assert (fact.title, fact.url, fact.language) == ("Did it collapse?", page["url"], "de")
    assert fact.publisher == "Northbay Checks"
    assert fact.reviewed == datetime(2031, 5, 6, tzinfo=UTC)


def test_parse_claimreview_json_resolves_id_references() -> None:
    graph = {
        "@graph": [
            {"@type": "Organization", "@id": "#org", "name": "Northbay Checks"},
            {"@type": "Claim", "@id": "#claim", "author": {"@id": "#person"}},
            {"@type": "Person", "@id": "#person", "name": "Tomas Wendel"},
            {"@type": "ClaimReview", "claimReviewed": "X.", "author": {"@id": "#org"},
             "itemReviewed": {"@id": "#claim"}},
        ]
    }  # fmt: skip
    (fact,) = parse_claimreview_json(json.dumps(graph), "g.json")
    assert isinstance(fact, FactCheck)
    assert (fact.publisher, fact.claimant) == ("Northbay Checks", "Tomas Wendel")


def test_parse_claimreview_json_invalid_json_is_one_error() -> None:
    (error,) = parse_claimreview_json('{"@type": "ClaimReview",\n "claimReviewed": }', "bad.json")
    assert isinstance(error, MalformedSource)
    assert str(error).startswith("bad.json: invalid JSON (")
    assert "line 2" in str(error)


@pytest.mark.parametrize(
    ("text", "kind"), [("42", "a number"), ('"hello"', "a string"), ("null", "the literal null")]
)
def test_parse_claimreview_json_scalar_is_one_error(text: str, kind: str) -> None:
    (error,) = parse_claimreview_json(text, "s.json")
    assert isinstance(error, MalformedSource)
    assert f"the JSON is {kind}, not an object or a list" in str(error)


@pytest.mark.parametrize("text", ["{}", '[{"@type": "WebPage"}]', "   "])
def test_parse_claimreview_json_without_claimreview_is_one_error(text: str) -> None:
    (error,) = parse_claimreview_json(text, "n.json")
    assert isinstance(error, MalformedSource)
    assert str(error).startswith(("no ClaimReview in n.json", "n.json: empty"))


def test_parse_claimreview_json_undecodable_bytes_is_one_error() -> None:
    data = json.dumps(REVIEW).encode("utf-8").replace(b"Varnholt", b"V\xe4rnholt")
    (error,) = parse_claimreview_json(data, "latin.json")
    assert isinstance(error, MalformedSource)
    assert "latin.json: not UTF-8 text (byte 0xe4" in str(error)


def test_parse_claimreview_json_reads_utf16_and_utf8_bom() -> None:
    text = json.dumps(review(claimReviewed="Ärger in Ostmark."), ensure_ascii=False)
    for data in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), codecs.BOM_UTF8 + text.encode()):
        (fact,) = parse_claimreview_json(data, "u.json")
        assert isinstance(fact, FactCheck)
        assert fact.claim == "Ärger in Ostmark."


def test_parse_claimreview_json_binary_is_one_error() -> None:
    (error,) = parse_claimreview_json(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "pic.json")
    assert isinstance(error, UnreadableSource)
    assert "binary" in str(error)


def test_read_factchecks_data_feed_reads_items_and_reports_empty_element() -> None:
    items = list(read_factchecks(FIXTURES / "feed.json"))
    found, (error,) = facts(items), errors(items)
    assert [f.claim for f in found] == [
        "A photograph shows a giant squid on Pellow beach.",
        "Mayor Ilsa Brenner banned bicycles from the old town.",
    ]
    assert found[0].origin.endswith("feed.json#/dataFeedElement/0/item/0")
    assert found[0].rating == "Altered photo"
    assert found[1].title is None  # the feed's own name is not the review's title
    assert str(error).endswith(
        "feed.json#/dataFeedElement/2: a dataFeedElement without a ClaimReview; expected a "
        "ClaimReview or a DataFeedItem whose item is one"
    )


# -- JSONL ---------------------------------------------------------------------------------


def test_parse_claimreview_jsonl_reads_lines_and_reports_bad_ones() -> None:
    feed_item = {"@type": "DataFeedItem", "item": review(claimReviewed="Second claim.")}
    lines = [
        json.dumps(REVIEW),
        "",
        "{not json",
        json.dumps(feed_item),
        "[1, 2]",
        json.dumps(review(claimReviewed=None)),
        "7",
    ]
    items = list(parse_claimreview_jsonl("\n".join(lines) + "\n", "f.jsonl"))
    assert [f.origin for f in facts(items)] == ["f.jsonl:1", "f.jsonl:4#/item"]
    messages = [str(e) for e in errors(items)]
    assert messages[0].startswith("f.jsonl:3: invalid JSON")
    assert messages[1] == "f.jsonl:5: no ClaimReview on this line"
    assert messages[2].startswith("f.jsonl:6: ClaimReview")
    assert messages[3].startswith("f.jsonl:7: the JSON is a number")
    assert len(items) == 6


def test_parse_claimreview_jsonl_bad_bytes_spoil_only_their_line() -> None:
    data = json.dumps(REVIEW).encode() + b"\n" + b'{"x": "\xff"}\n' + json.dumps(REVIEW).encode()
    items = list(parse_claimreview_jsonl(data, "b.jsonl"))
    assert [f.origin for f in facts(items)] == ["b.jsonl:1", "b.jsonl:3"]
    (error,) = errors(items)
    assert str(error).startswith("b.jsonl:2: not UTF-8 text (byte 0xff at offset 7)")


# -- HTML --------------------------------------------------------------------------------


def test_read_factchecks_html_reads_blocks_and_reports_broken_one() -> None:
    items = list(read_factchecks(FIXTURES / "roundup.html"))
    found = facts(items)
    assert [f.claim for f in found] == [
        "The Varnholt garrison will leave Ostmark before June 15.",
        "The garrison has 4,000 soldiers.",
    ]
    first, second = found
    assert first.origin.endswith("roundup.html:ld+json[2]#/review/0")
    assert first.url == second.url == "https://checks.northbay.example/2031/roundup-varnholt"
    assert first.id != second.id
    assert first.title == "Round-up: claims about the Varnholt garrison"
    assert first.publisher == "Northbay Checks"
    assert first.reviewed == datetime(2031, 6, 3, 7, 30, tzinfo=UTC)
    assert first.claimant == "Ostmark Daily Wire"
    assert first.appearances == ("https://wire.ostmark.example/garrison",)
    assert (first.rating, second.rating) == ("False", "2/5")
    (error,) = errors(items)
    assert "roundup.html:ld+json[3]: invalid JSON" in str(error)


def test_parse_claimreview_html_page_without_claimreview_is_one_error() -> None:
    page = '<html><script type="application/ld+json">{"@type": "WebPage"}</script></html>'
    (error,) = parse_claimreview_html(page, "plain.html")
    assert str(error) == "no ClaimReview in plain.html"
    (error,) = parse_claimreview_html("<html><p>Just text</p></html>", "bare.html")
    assert str(error).startswith("no ClaimReview in bare.html (it has no <script")


def test_parse_claimreview_html_only_broken_blocks_gives_their_errors() -> None:
    page = '<script type="application/ld+json">{"@type": </script><p>x</p>'
    (error,) = parse_claimreview_html(page, "b.html")
    assert str(error).startswith("b.html:ld+json[1]: invalid JSON")


def test_parse_claimreview_html_reads_comment_wrapped_and_typed_blocks() -> None:
    page = (
        '<html><head><script type="Application/LD+JSON; charset=utf-8"><!--\n'
        + json.dumps(REVIEW)
        + "\n--></script></head></html>"
    ).encode("utf-8")
    (fact,) = parse_claimreview_html(page, "c.html")
    assert isinstance(fact, FactCheck)
    assert fact.origin == "c.html:ld+json[1]"


def test_parse_claimreview_html_empty_page_is_one_error() -> None:
    (error,) = parse_claimreview_html("   ", "e.html")
    assert isinstance(error, SourceError)


# -- CheckThat! ------------------------------------------------------------------------------

CHECKTHAT_TSV = (
    "\tvclaim\ttitle\n"
    '0\t"A ""large-scale"" flood hit Orvik."\tDid a Flood Hit Orvik?\n'
    '1\t"A claim that\nspans two lines."\t\n'
    "2\tOnly two columns\n"
    "\t\t\n"
    "3\t\tNo claim here\n"
    "4\tPellow beach has a squid.\tSquid?\n"
)


def test_parse_checkthat_tsv_reads_rows() -> None:
    items = list(parse_checkthat_tsv(CHECKTHAT_TSV, "v.tsv"))
    found = facts(items)
    assert [f.claim for f in found] == [
        'A "large-scale" flood hit Orvik.',
        "A claim that spans two lines.",
        "Pellow beach has a squid.",
    ]
    assert [f.origin for f in found] == ["v.tsv:2", "v.tsv:3", "v.tsv:8"]
    assert found[0].id == factcheck_id("checkthat", "0")
    assert found[0].title == "Did a Flood Hit Orvik?"
    assert found[1].title is None
    assert all(f.source_format == "checkthat" and f.rating is None for f in found)
    assert all(f.url is None and f.language == "en" for f in found)
    assert [str(e) for e in errors(items)] == [
        "v.tsv:5: 2 fields for 3 columns (missing title)",
        "v.tsv:7: empty vclaim",
    ]


def test_parse_checkthat_tsv_accepts_named_id_column() -> None:
    (fact,) = parse_checkthat_tsv("vclaim_id\tvclaim\ttitle\nsn-9\tX.\tY\n", "v.tsv")
    assert isinstance(fact, FactCheck)
    assert fact.id == factcheck_id("checkthat", "sn-9")


@pytest.mark.parametrize(
    "header", ["id\tclaim\ttitle", "vclaim_id\tvclaim", "a,b,c", "", "\tvclaim\ttitle\textra"]
)
def test_parse_checkthat_tsv_wrong_header_is_one_error(header: str) -> None:
    (error,) = parse_checkthat_tsv(header + "\n1\tX\tY\n", "w.tsv")
    assert isinstance(error, MalformedSource)
    assert str(error).startswith("w.tsv:1: not a CheckThat! verified-claims file: expected")


# -- EUvsDisinfo -------------------------------------------------------------------------------

POSTS = (
    "date,id,title,countries,keywords,languages,outlets\n"
    "2031-02-18,https://cases.example/report/a/,The garrison is leaving,Ostmark,army,"
    "Russian,Wire One - Ostmark+Channel Two\n"
    '2031-02-17,https://cases.example/report/b/,"Pellow, not Orvik, started it",,,,\n'
    "2031-02-16,https://cases.example/report/c/\n"
    "2031-02-15,https://cases.example/report/d/,,Ostmark,,,\n"
    "someday,https://cases.example/report/e/,A claim,,,,\n"
)
PUBLICATIONS = (
    "id,publication,archive\n"
    "https://cases.example/report/a/,https://wire.ostmark.example/1,https://arch.example/1\n"
    "https://cases.example/report/a/,https://two.ostmark.example/2,https://arch.example/2\n"
    "https://cases.example/report/a/,https://wire.ostmark.example/1,https://arch.example/3\n"
    "https://cases.example/report/b/,,https://arch.example/4\n"
)


def test_parse_euvsdisinfo_csv_maps_fields_and_reports_bad_rows() -> None:
    items = list(parse_euvsdisinfo_csv(POSTS, "posts.csv"))
    first, second = facts(items)
    assert first.claim == "The garrison is leaving"
    assert first.rating == "Disinformation"
    assert first.url == "https://cases.example/report/a/"
    assert first.publisher == "EUvsDisinfo"
    assert first.reviewed == datetime(2031, 2, 18, tzinfo=UTC)
    assert first.claimant == "Wire One - Ostmark, Channel Two"
    assert first.source_format == "euvsdisinfo"
    assert first.origin == "posts.csv:2"
    assert first.id == factcheck_id("euvsdisinfo", "https://cases.example/report/a/")
    assert second.claim == "Pellow, not Orvik, started it"
    assert second.claimant is None
    assert [str(e) for e in errors(items)] == [
        "posts.csv:4: 2 fields for 7 columns (missing title, countries, keywords, languages, "
        "outlets)",
        "posts.csv:5: empty title",
        "posts.csv:6: date 'someday' is not a date (expected YYYY-MM-DD)",
    ]


def test_parse_euvsdisinfo_csv_wrong_header_is_one_error() -> None:
    (error,) = parse_euvsdisinfo_csv("when,url,claim\n2031-01-01,x,y\n", "p.csv")
    assert str(error) == (
        "p.csv:1: not an EUvsDisinfo posts file: expected the columns date, id, title "
        "(others may follow), found 'when,url,claim'"
    )


def test_parse_euvsdisinfo_publications_groups_by_case() -> None:
    parsed = parse_euvsdisinfo_publications(PUBLICATIONS, "pub.csv")
    assert parsed.by_case == {
        "https://cases.example/report/a/": (
            "https://wire.ostmark.example/1",
            "https://two.ostmark.example/2",
        )
    }
    assert [str(e) for e in parsed.errors] == ["pub.csv:5: empty publication"]


def test_read_euvsdisinfo_joins_publications(tmp_path: Path) -> None:
    (tmp_path / "posts.csv").write_text(POSTS, encoding="utf-8")
    (tmp_path / "pubs.csv").write_text(PUBLICATIONS, encoding="utf-8")
    items = list(read_euvsdisinfo(tmp_path / "posts.csv", tmp_path / "pubs.csv"))
    assert str(items[0]).endswith("pubs.csv:5: empty publication")
    first, second = facts(items)
    assert first.appearances == ("https://wire.ostmark.example/1", "https://two.ostmark.example/2")
    assert second.appearances == ()
    with pytest.raises(UnreadableSource, match="no such file"):
        read_euvsdisinfo(tmp_path / "posts.csv", tmp_path / "missing.csv")


# -- files and folders -------------------------------------------------------------------------


def test_read_factchecks_folder_joins_posts_and_publications(tmp_path: Path) -> None:
    (tmp_path / "posts.csv").write_text(POSTS, encoding="utf-8")
    (tmp_path / "publications_2031.csv").write_text(PUBLICATIONS, encoding="utf-8")
    (tmp_path / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "reviews.jsonl").write_text(json.dumps(REVIEW) + "\n", encoding="utf-8")
    (tmp_path / "empty.json").write_bytes(b"")
    items = list(read_factchecks(tmp_path))
    found = facts(items)
    assert sorted(f.source_format for f in found) == ["claimreview", "euvsdisinfo", "euvsdisinfo"]
    joined = next(f for f in found if f.url == "https://cases.example/report/a/")
    assert len(joined.appearances) == 2
    messages = [str(e) for e in errors(items)]
    assert any("empty.json: empty file" in m for m in messages)
    assert not any("datapackage" in m or "notes" in m for m in messages)


def test_read_factchecks_empty_folder_is_one_error(tmp_path: Path) -> None:
    (error,) = read_factchecks(tmp_path)
    assert "no fact-check files in this folder" in str(error)


def test_read_factchecks_sniffs_content_without_suffix(tmp_path: Path) -> None:
    samples = {
        "a": json.dumps(REVIEW),
        "b": "<html><script type='application/ld+json'>" + json.dumps(REVIEW) + "</script>",
        "c": CHECKTHAT_TSV,
        "d": POSTS,
    }
    formats = {}
    for name, text in samples.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        formats[name] = {f.source_format for f in facts(list(read_factchecks(tmp_path / name)))}
    assert formats == {
        "a": {"claimreview"},
        "b": {"claimreview"},
        "c": {"checkthat"},
        "d": {"euvsdisinfo"},
    }
    (tmp_path / "e").write_text("just some words", encoding="utf-8")
    (error,) = read_factchecks(tmp_path / "e")
    assert "unknown fact-check format" in str(error)


def test_read_factchecks_reads_gzip(tmp_path: Path) -> None:
    path = tmp_path / "reviews.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(REVIEW) + "\n").encode()))
    (fact,) = read_factchecks(path)
    assert isinstance(fact, FactCheck)
    assert fact.origin == f"{path}:1"


def test_read_factchecks_publications_alone_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "publications.csv").write_text(PUBLICATIONS, encoding="utf-8")
    (error,) = read_factchecks(tmp_path / "publications.csv")
    assert "read the folder that holds it and posts.csv" in str(error)


def test_read_factchecks_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(UnreadableSource, match="no such file"):
        read_factchecks(tmp_path / "nope.json")


def test_read_factchecks_binary_content_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (error,) = read_factchecks(tmp_path / "x.csv")
    assert isinstance(error, UnreadableSource)
    assert "binary" in str(error)


def test_read_factchecks_same_file_twice_gives_same_ids() -> None:
    ids = [[f.id for f in facts(list(read_factchecks(FIXTURES / "roundup.html")))] for _ in "ab"]
    assert ids[0] == ids[1]


# -- never raise on bad input -------------------------------------------------------------------

PARSERS = [
    parse_claimreview_json,
    parse_claimreview_jsonl,
    parse_claimreview_html,
    parse_checkthat_tsv,
    parse_euvsdisinfo_csv,
]


@settings(max_examples=60, deadline=None)
@given(data=st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_parsers_never_raise_on_arbitrary_input(data: str | bytes) -> None:
    for parse in PARSERS:
        for item in parse(data, "fuzz"):
            assert isinstance(item, FactCheck | SourceError)
            if isinstance(item, FactCheck):
                assert item.claim


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(
        st.sampled_from(["@type", "claimReviewed", "itemReviewed", "author", "@id", "review",
                         "reviewRating", "appearance", "dataFeedElement", "item", "@graph"]),
        inner | st.sampled_from(["ClaimReview", "DataFeed", "NewsArticle"]),
        max_size=5,
    ),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(value=json_values)
def test_parse_claimreview_json_never_raises_on_odd_structures(value: object) -> None:
    for item in parse_claimreview_json(json.dumps(value), "odd.json"):
        assert isinstance(item, FactCheck | SourceError)


# -- the real data sets (read from ../shared/data, never copied) -------------------------------


@pytest.mark.skipif(not CHECKTHAT.is_file(), reason=f"CheckThat! data not found at {CHECKTHAT}")
def test_read_factchecks_real_checkthat_verified_claims() -> None:
    items = list(read_factchecks(CHECKTHAT))
    found = facts(items)
    assert not errors(items)
    assert len(found) > 10_000
    assert all(f.claim.strip() for f in found)
    assert len({f.id for f in found}) == len(found)
    assert sum(1 for f in found if f.title) > 0.9 * len(found)


@pytest.mark.skipif(
    not (EUVSDISINFO / "posts.csv").is_file(), reason=f"EUvsDisinfo data not found at {EUVSDISINFO}"
)
def test_read_factchecks_real_euvsdisinfo_folder() -> None:
    items = list(read_factchecks(EUVSDISINFO))
    found = facts(items)
    assert not errors(items)
    assert len(found) > 10_000
    assert all(f.claim.strip() and f.url and f.reviewed for f in found)
    assert len({f.id for f in found}) == len(found)
    with_publications = sum(1 for f in found if f.appearances)
    assert with_publications > 0.8 * len(found)  # the publications file covers most cases
