"""Articles given as JSON: JSON Lines, arrays, single objects, and every way they go wrong."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimwatch.errors import ExtractionError, MalformedSource, SourceError, UnreadableSource
from claimwatch.ingest.items import RawItem
from claimwatch.ingest.jsonl import parse_json_articles

FIXTURES = Path(__file__).parent.parent / "fixtures" / "inputs"

ARTICLE = {
    "url": "https://harbor.example/2026/03/terminal-delay",
    "title": "Terminal opens two months late",
    "text": "The harbour authority said the terminal opens in May.\n\nCranes arrived late.",
    "published": "2026-03-05T09:30:00+01:00",
    "outlet": "Harbor Times",
    "language": "en",
    "authors": ["Lena Orvik", "Tom Fisk"],
}


def line(**fields: object) -> str:
    return json.dumps({**ARTICLE, **fields}, ensure_ascii=False)


def parse(text: str, origin: str = "articles.jsonl") -> list[RawItem | SourceError]:
    return list(parse_json_articles(text, origin))


def only_item(text: str, origin: str = "articles.jsonl") -> RawItem:
    (found,) = parse(text, origin)
    assert isinstance(found, RawItem), found
    return found


def only_error(text: str, origin: str = "articles.jsonl") -> SourceError:
    (found,) = parse(text, origin)
    assert isinstance(found, SourceError), found
    return found


def test_parse_json_articles_jsonl_fields_become_an_article() -> None:
    text = line(id=4711, section="Port") + "\n" + line(url="https://harbor.example/b") + "\n"
    first, second = parse(text)
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert first.origin == "articles.jsonl:1"
    assert second.origin == "articles.jsonl:2"
    assert first.kind == "article"
    assert first.source == "jsonl"
    assert first.url == "https://harbor.example/2026/03/terminal-delay"
    assert first.content == ARTICLE["text"]
    assert first.media_type == "application/json"
    assert first.raw == line(id=4711, section="Port").encode("utf-8")
    assert first.meta == {
        "title": "Terminal opens two months late",
        "published": datetime(2026, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        "updated": None,
        "outlet": "Harbor Times",
        "language": "en",
        "authors": ("Lena Orvik", "Tom Fisk"),
        "body_format": "text",
        "external_id": "4711",
        "extra": {"section": "Port"},
    }


def test_parse_json_articles_html_body() -> None:
    item = only_item(line(text=None, html="<article><p>Cranes arrived late.</p></article>"))
    assert item.meta["body_format"] == "html"
    assert item.content == "<article><p>Cranes arrived late.</p></article>"


def test_parse_json_articles_text_wins_over_html_unless_empty() -> None:
    both = only_item(line(html="<p>other</p>"))
    assert both.meta["body_format"] == "text"
    empty_text = only_item(line(text="", html="<p>Only the HTML has words.</p>"))
    assert empty_text.meta["body_format"] == "html"


def test_parse_json_articles_blank_lines_are_skipped_and_counted() -> None:
    text = "\n" + line() + "\n\n   \n" + line(title="Second") + "\n\n"
    items = parse(text)
    assert [i.origin for i in items] == ["articles.jsonl:2", "articles.jsonl:5"]


def test_parse_json_articles_broken_line_in_the_middle_others_still_yielded() -> None:
    broken = '{"url": "https://harbor.example/c", "title": "Broken" "text": "x"}'
    text = "\n".join([line(title="One"), line(title="Two"), broken, line(title="Four")])
    found = parse(text)
    assert [type(f) for f in found] == [RawItem, RawItem, MalformedSource, RawItem]
    assert str(found[2]) == (
        "articles.jsonl:3: not valid JSON (Expecting ',' delimiter at column 55)"
    )
    assert [f.meta["title"] for f in found if isinstance(f, RawItem)] == ["One", "Two", "Four"]


def test_parse_json_articles_broken_first_line_others_still_yielded() -> None:
    text = '{"url": "https://harbor.example/a", "text": }\n' + line()
    first, second = parse(text)
    assert isinstance(first, MalformedSource)
    assert str(first).startswith("articles.jsonl:1: not valid JSON (Expecting value at column")
    assert isinstance(second, RawItem)


def test_parse_json_articles_fixture_file_with_a_broken_line() -> None:
    text = (FIXTURES / "articles.jsonl").read_text(encoding="utf-8")
    found = parse(text, "articles.jsonl")
    kinds = [type(f).__name__ for f in found]
    assert kinds == ["RawItem", "MalformedSource", "RawItem", "MalformedSource"]
    assert str(found[1]).startswith("articles.jsonl:2: not valid JSON (")
    assert str(found[3]) == "articles.jsonl:5: field 'authors' must be a list of strings"


def test_parse_json_articles_wrong_field_types_name_the_field() -> None:
    cases = {
        "authors": ("Lena Orvik", 7),
        "title": 12,
        "outlet": ["Harbor Times"],
        "url": {"href": "https://harbor.example/"},
        "text": ["paragraph"],
        "published": [2026, 3, 5],
        "id": 1.5,
    }
    for key, value in cases.items():
        error = only_error(line(**{key: list(value) if isinstance(value, tuple) else value}))
        assert isinstance(error, MalformedSource)
        assert str(error).startswith(f"articles.jsonl:1: field '{key}' must be"), str(error)
    assert str(only_error(line(authors=["Lena Orvik", 7]))) == (
        "articles.jsonl:1: field 'authors' must be a list of strings"
    )
    assert str(only_error(line(title=12))) == (
        "articles.jsonl:1: field 'title' must be a string, found a number"
    )


def test_parse_json_articles_url_must_be_http() -> None:
    for url in ("ftp://harbor.example/a", "/relative/path", "https://", "mailto:ed@harbor.example"):
        error = only_error(line(url=url))
        assert "field 'url' must be an absolute http or https URL" in str(error)
    assert only_item(line(url=None)).url is None
    assert only_item(line(url="")).url is None


def test_parse_json_articles_missing_body_is_an_error() -> None:
    error = only_error(line(text=None))
    assert isinstance(error, MalformedSource)
    assert str(error) == (
        "articles.jsonl:1: neither 'text' nor 'html' is given; every article needs its body "
        "in one of them"
    )


def test_parse_json_articles_empty_text_is_an_error() -> None:
    error = only_error(line(text="   \n  "))
    assert isinstance(error, ExtractionError)
    assert str(error) == "articles.jsonl:1: field 'text' is empty; there is no article text"


def test_parse_json_articles_dates() -> None:
    assert only_item(line(published="2026-03-05")).meta["published"] == datetime(
        2026, 3, 5, tzinfo=UTC
    )
    assert only_item(line(published="2026-03-05T08:30:00Z")).meta["published"] == datetime(
        2026, 3, 5, 8, 30, tzinfo=UTC
    )
    naive = only_item(line(published="2026-03-05T08:30:00")).meta["published"]
    assert naive == datetime(2026, 3, 5, 8, 30, tzinfo=UTC)
    unix = only_item(line(published=1772699400, updated=1772699400.5)).meta
    assert unix["published"] == datetime(2026, 3, 5, 8, 30, tzinfo=UTC)
    assert unix["updated"] == datetime(2026, 3, 5, 8, 30, 0, 500000, tzinfo=UTC)
    assert only_item(line(published="")).meta["published"] is None


def test_parse_json_articles_bad_date_is_an_error_for_that_line() -> None:
    text = line(published="5 March 2026") + "\n" + line()
    error, item = parse(text)
    assert str(error) == (
        "articles.jsonl:1: field 'published' is not an ISO 8601 date or date-time "
        "('5 March 2026'); write it like 2026-03-05 or 2026-03-05T09:30:00+01:00"
    )
    assert isinstance(item, RawItem)
    assert "looks like milliseconds" in str(only_error(line(updated=1772699400000)))
    assert "field 'published' must be" in str(only_error(line(published=True)))


def test_parse_json_articles_language_and_authors_forms() -> None:
    item = only_item(line(language="en-GB", authors="  Lena   Orvik "))
    assert item.meta["language"] == "en-gb"
    assert item.meta["authors"] == ("Lena Orvik",)
    assert only_item(line(authors=["A. Brel", "", "A. Brel"])).meta["authors"] == ("A. Brel",)
    assert "field 'language'" in str(only_error(line(language="English")))


def test_parse_json_articles_array_form() -> None:
    text = json.dumps([ARTICLE, {"title": "No body"}, 5, {**ARTICLE, "title": "Third"}])
    found = parse(text, "batch.json")
    assert [f.origin if isinstance(f, RawItem) else str(f) for f in found] == [
        "batch.json[0]",
        "batch.json[1]: neither 'text' nor 'html' is given; every article needs its body "
        "in one of them",
        "batch.json[2]: expected a JSON object, found a number",
        "batch.json[3]",
    ]
    third = found[3]
    assert isinstance(third, RawItem)
    assert json.loads(third.raw or b"") == {**ARTICLE, "title": "Third"}


def test_parse_json_articles_pretty_printed_array_and_object() -> None:
    array = json.dumps([ARTICLE, ARTICLE], indent=2)
    assert [f.origin for f in parse(array, "a.json")] == ["a.json[0]", "a.json[1]"]
    single = only_item(json.dumps(ARTICLE, indent=2), "story.json")
    assert single.origin == "story.json"
    assert single.meta["title"] == ARTICLE["title"]


def test_parse_json_articles_broken_array_is_one_error() -> None:
    text = json.dumps([ARTICLE, ARTICLE], indent=2)[:-20]
    error = only_error(text, "batch.json")
    assert isinstance(error, MalformedSource)
    assert str(error).startswith("batch.json: not valid JSON (")
    assert " at line " in str(error)


def test_parse_json_articles_broken_pretty_object_is_one_error() -> None:
    text = json.dumps(ARTICLE, indent=2).replace('"title":', '"title"')
    error = only_error(text, "story.json")
    assert str(error) == (
        "story.json: not valid JSON (Expecting ':' delimiter at line 3, column 11)"
    )


def test_parse_json_articles_not_objects() -> None:
    assert str(only_error('"just a string"', "x.json")) == (
        "x.json: expected JSON objects (one per line, or an array of objects), found a string"
    )
    found = parse("[1, 2]\n[3]\n", "x.jsonl")
    assert [str(f) for f in found] == [
        "x.jsonl:1: expected a JSON object, found an array",
        "x.jsonl:2: expected a JSON object, found an array",
    ]


def test_parse_json_articles_empty_input_is_unreadable() -> None:
    error = only_error("  \n\n ", "empty.jsonl")
    assert isinstance(error, UnreadableSource)
    assert str(error) == "empty.jsonl: empty input; no JSON articles in it"
    assert parse("[]", "none.json") == []


def test_parse_json_articles_rejects_nan_and_deep_nesting() -> None:
    found = parse(line(score=0).replace("0}", "NaN}") + "\n" + line())
    assert str(found[0]) == "articles.jsonl:1: not valid JSON (NaN is not allowed in JSON)"
    assert isinstance(found[1], RawItem)
    deep = "[" * 100_000 + "]" * 100_000
    assert "nested too deeply" in str(only_error(deep, "deep.json"))


def test_parse_json_articles_bom_and_crlf() -> None:
    text = "\ufeff" + line() + "\r\n" + line(title="Two") + "\r\n"
    items = parse(text)
    assert [i.origin for i in items] == ["articles.jsonl:1", "articles.jsonl:2"]
    assert all(isinstance(i, RawItem) for i in items)


def test_parse_json_articles_strips_nul_characters_from_values() -> None:
    item = only_item(line(text="Cranes\u0000 arrived late.", title="A\u0000B"))
    assert item.content == "Cranes arrived late."
    assert item.meta["title"] == "AB"


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400))
def test_parse_json_articles_never_raises_on_arbitrary_text(text: str) -> None:
    for found in parse_json_articles(text, "fuzz.jsonl"):
        assert isinstance(found, RawItem | SourceError)
        assert "\n" not in str(found) if isinstance(found, SourceError) else True


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(
    obj=st.dictionaries(
        st.sampled_from(
            [
                "url",
                "title",
                "text",
                "html",
                "published",
                "updated",
                "outlet",
                "language",
                "authors",
                "id",
                "other",
            ]
        ),
        json_values,
    )
)
def test_parse_json_articles_never_raises_on_arbitrary_objects(obj: dict[str, object]) -> None:
    for text in (json.dumps(obj), json.dumps([obj, obj]), json.dumps(obj) + "\n" + "{"):
        for found in parse_json_articles(text, "fuzz.jsonl"):
            assert isinstance(found, RawItem | SourceError)
