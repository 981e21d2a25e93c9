"""RSS and Atom feeds: sniffing, parsing, entry fields, full content, broken feeds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimwatch.errors import MalformedSource
from claimwatch.ingest.feeds import (
    Feed,
    FeedEntry,
    has_full_content,
    looks_like_feed,
    parse_feed,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "inputs"

RSS_SUMMARIES = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Nordhal Courier</title><link>https://courier.example/</link>
<item>
<title>Council approves budget</title>
<link>/2026/03/budget</link>
<guid>https://courier.example/2026/03/budget</guid>
<pubDate>Mon, 02 Mar 2026 07:15:00 +0000</pubDate>
<description>&lt;p&gt;The council of Nordhal approved the budget.&lt;/p&gt;</description>
</item>
<item>
<title>Library hours</title>
<link>https://courier.example/2026/03/library</link>
<description>Longer hours from April.</description>
</item>
</channel></rss>"""

RSS_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://brellin.example/"><title>Brellin Daily</title>
<link>https://brellin.example/</link><description>x</description></channel>
<item rdf:about="https://brellin.example/a"><title>Market day</title>
<link>https://brellin.example/a</link><description>Stalls return.</description></item>
</rdf:RDF>"""


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def entry(**fields: object) -> FeedEntry:
    base: dict[str, object] = {
        "link": "https://harbor.example/a",
        "title": "A",
        "published": None,
        "updated": None,
        "authors": (),
        "summary": None,
        "content_html": None,
        "entry_id": None,
    }
    return FeedEntry(**{**base, **fields})  # type: ignore[arg-type]


# -- looks_like_feed -------------------------------------------------------------------------


def test_looks_like_feed_recognises_rss_atom_and_rdf() -> None:
    assert looks_like_feed(fixture("rss_full.xml"))  # after a declaration and a comment
    assert looks_like_feed(fixture("atom_content.xml"))
    assert looks_like_feed(RSS_10)
    assert looks_like_feed(b'<rss version="2.0"><channel></channel></rss>')


def test_looks_like_feed_skips_bom_whitespace_and_prolog() -> None:
    prolog = (
        b'\xef\xbb\xbf \n<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n'
        b"<!-- generated -->\n<!DOCTYPE rss>\n"
    )
    assert looks_like_feed(prolog + b'<rss version="2.0">')
    utf16 = '<?xml version="1.0" encoding="utf-16"?><feed xmlns="http://www.w3.org/2005/Atom">'
    assert looks_like_feed(utf16.encode("utf-16"))


def test_looks_like_feed_rejects_other_documents() -> None:
    assert not looks_like_feed(b'<?xml version="1.0"?><catalog><book id="1"/></catalog>')
    assert not looks_like_feed(b"<!doctype html><html><body><p>rss feed</p></body></html>")
    assert not looks_like_feed(b"<feed><entry/></feed>")  # no Atom namespace
    assert not looks_like_feed(b'{"rss": "not xml"}')
    assert not looks_like_feed(b"")
    assert not looks_like_feed(b"\x89PNG\r\n\x1a\n")


# -- parse_feed ------------------------------------------------------------------------------


def test_parse_feed_rss_with_content_encoded() -> None:
    feed = parse_feed(fixture("rss_full.xml"), "rss_full.xml")
    assert isinstance(feed, Feed)
    assert feed.title == "Harbor Times"
    assert feed.link == "https://harbor.example/"
    first, second = feed.entries
    assert first.link == "https://harbor.example/2026/03/terminal-delay"
    assert first.title == "Terminal opens two months late"
    assert first.entry_id == "harbor-2026-0305-1"
    assert first.published == datetime(2026, 3, 5, 8, 30, tzinfo=UTC)
    assert first.updated is None
    assert first.authors == ("Lena Orvik",)
    assert first.summary == "The new terminal opens in May, not March."
    assert first.content_html is not None
    assert first.content_html.startswith("<p>The harbour authority of Port Elsin")
    assert has_full_content(first)
    assert second.title == "Ferry fares rise & timetables change"
    assert second.authors == ("Tom Fisk",)  # "desk@harbor.example (Tom Fisk)"
    assert second.published == datetime(2026, 3, 4, 18, 0, tzinfo=UTC)
    assert second.content_html is not None
    assert not has_full_content(second)  # one sentence is not an article


def test_parse_feed_atom_with_content() -> None:
    feed = parse_feed(fixture("atom_content.xml"), "atom_content.xml")
    assert feed.title == "Valley Post"
    assert feed.link == "https://valley.example/"
    bridge, school = feed.entries
    assert bridge.title == "Bridge closes for repairs"  # type="html": tags removed
    assert bridge.link == "https://valley.example/news/bridge"  # resolved against xml:base
    assert bridge.entry_id == "tag:valley.example,2026:bridge"
    assert bridge.published == datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    assert bridge.updated == datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    assert bridge.authors == ("Ana Brel", "Tom Fisk")
    assert bridge.summary == "The Tarn bridge closes on Monday."
    assert bridge.content_html is not None
    assert "<p>“We would rather open late than open unsafe,”" in bridge.content_html
    assert has_full_content(bridge)
    # Plain-text content becomes escaped HTML paragraphs.
    assert school.content_html == (
        "<p>The school in Nordhal reopens after the flood.</p>\n<p>Classes start at nine.</p>"
    )
    assert school.published is None
    assert school.authors == ()


def test_parse_feed_rss_with_only_summaries() -> None:
    feed = parse_feed(RSS_SUMMARIES, "https://courier.example/feed.rss")
    budget, library = feed.entries
    assert budget.content_html is None
    assert not has_full_content(budget)
    assert budget.summary == "<p>The council of Nordhal approved the budget.</p>"
    # A relative link is resolved against the feed's URL when the origin is one.
    assert budget.link == "https://courier.example/2026/03/budget"
    assert budget.published == datetime(2026, 3, 2, 7, 15, tzinfo=UTC)
    assert library.summary == "Longer hours from April."
    assert library.entry_id is None


def test_parse_feed_rss_10() -> None:
    feed = parse_feed(RSS_10, "brellin.rdf")
    assert feed.title == "Brellin Daily"
    assert [e.link for e in feed.entries] == ["https://brellin.example/a"]


def test_parse_feed_well_formed_feed_without_entries_is_fine() -> None:
    feed = parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', "q.xml")
    assert feed == Feed(title="Quiet", link=None, entries=())


def test_parse_feed_malformed_feed() -> None:
    broken = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</b>'
    with pytest.raises(MalformedSource, match=r"^broken\.xml: malformed feed: mismatched tag"):
        parse_feed(broken, "broken.xml")


def test_parse_feed_not_xml_at_all() -> None:
    with pytest.raises(MalformedSource, match=r"^notes\.xml: malformed feed: "):
        parse_feed(b"this is not xml, just words", "notes.xml")


def test_parse_feed_xml_that_is_not_a_feed() -> None:
    xml = b'<?xml version="1.0"?><catalog><book id="1"><title>Tides</title></book></catalog>'
    with pytest.raises(MalformedSource, match=r"^catalog\.xml: not an RSS or Atom feed$"):
        parse_feed(xml, "catalog.xml")


def test_parse_feed_empty_input() -> None:
    with pytest.raises(MalformedSource, match=r"^empty\.xml: "):
        parse_feed(b"", "empty.xml")


def test_parse_feed_recovers_entries_from_a_sloppy_feed() -> None:
    # An undefined entity makes the XML ill-formed; feedparser's loose parser still reads it.
    sloppy = (
        b'<rss version="2.0"><channel><title>Sloppy &nbsp; Times</title>'
        b"<item><title>Still here</title><link>https://sloppy.example/a</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(sloppy, "sloppy.xml")
    assert [e.link for e in feed.entries] == ["https://sloppy.example/a"]


def test_parse_feed_never_reads_a_file_named_by_the_data(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(b'<rss version="2.0"><channel><item><title>x</title></item></channel></rss>')
    with pytest.raises(MalformedSource):
        parse_feed(str(secret).encode(), "path.xml")


def test_parse_feed_author_forms() -> None:
    xml = b"""<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
    <item><title>a</title><author>Ilse Varn &lt;ed@harbor.example&gt;</author></item>
    <item><title>b</title><author>ed@harbor.example</author></item>
    <item><title>c</title><dc:creator>Ana Brel</dc:creator><dc:creator>Tom Fisk</dc:creator></item>
    </channel></rss>"""
    a, b, c = parse_feed(xml, "a.xml").entries
    assert a.authors == ("Ilse Varn",)
    assert b.authors == ()  # only an address
    assert c.authors == ("Ana Brel", "Tom Fisk")


# -- has_full_content ------------------------------------------------------------------------


def test_has_full_content_counts_visible_words() -> None:
    words = " ".join(["word"] * 120)
    assert has_full_content(entry(content_html=f"<p>{words}</p>"))
    assert not has_full_content(entry(content_html=f"<p>{words[5:]}</p>"))
    assert has_full_content(entry(content_html="<p>a b c</p>"), min_words=3)
    hidden = f"<p>short</p><script>{words}</script><style>{words}</style>"
    assert not has_full_content(entry(content_html=hidden))


def test_has_full_content_without_content_is_false() -> None:
    assert not has_full_content(entry(summary=" ".join(["word"] * 500)))


def test_has_full_content_counts_cjk_characters() -> None:
    assert has_full_content(entry(content_html="<p>" + "港" * 240 + "</p>"))
    assert not has_full_content(entry(content_html="<p>" + "港" * 100 + "</p>"))


def test_parse_feed_charset_mismatch_is_not_broken() -> None:
    xml = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café</title>'
    feed = parse_feed((xml + "</channel></rss>").encode("cp1252"), "cafe.xml")
    assert feed == Feed(title="Café", link=None, entries=())
