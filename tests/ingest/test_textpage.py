"""Plain-text copies of news pages: fixtures of many page styles, focused behaviours,
timestamp formats and a property test over arbitrary text."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimwatch.ingest.textdates import (
    find_timestamp,
    parse_clock,
    parse_timestamp,
    scan_timestamps,
)
from claimwatch.ingest.textpage import TextPage, parse_text_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "textpages"
PAGES = sorted(p.stem for p in FIXTURES.glob("*.txt"))
CET = timezone(timedelta(hours=1))

BODY = (
    "The Ministry of Water said on Tuesday that the reservoirs in the east held enough water "
    "for the summer, despite the driest winter since records began in 1961."
)
BODY_2 = (
    "Farmers near Hollen said their wells had been dry for weeks and asked the government "
    "for emergency deliveries before the planting season starts in April."
)


def _fields(page: TextPage) -> dict[str, object]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "title": page.title,
        "authors": list(page.authors),
        "agency": page.agency,
        "published": iso(page.published),
        "updated": iso(page.updated),
        "url": page.url,
        "paragraphs": list(page.paragraphs),
        "captions": list(page.captions),
    }


def _page(*lines: str) -> TextPage:
    return parse_text_page("\n".join(lines))


def test_textpage_has_at_least_fourteen_page_styles() -> None:
    assert len(PAGES) >= 14
    for name in PAGES:
        assert (FIXTURES / f"{name}.expected.json").is_file(), name


@pytest.mark.parametrize("name", PAGES)
def test_textpage_fixture(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert _fields(parse_text_page(text)) == expected


def _assert_every_line_accounted_for(text: str, page: TextPage) -> None:
    """Each non-blank input line is the title, a caption, or part of a paragraph or of a
    dropped entry."""
    for line in filter(None, (" ".join(raw.split()) for raw in text.splitlines())):
        line = line.lstrip("\ufeff")
        assert (
            line == page.title
            or line in page.captions
            or any(line in p for p in page.paragraphs)
            or any(line in d for d in page.dropped)
        ), line


@pytest.mark.parametrize("name", PAGES)
def test_textpage_accounts_for_every_line(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    _assert_every_line_accounted_for(text, parse_text_page(text))


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\ufeff"])
def test_textpage_empty_input_gives_empty_page(text: str) -> None:
    page = parse_text_page(text)
    assert page == TextPage()
    assert page.title == "" and page.paragraphs == () and page.body == ""


def test_textpage_body_is_paragraphs_joined_by_blank_lines() -> None:
    page = _page("Reservoirs hold enough water, ministry says", "", BODY, "", BODY_2)
    assert page.paragraphs == (BODY, BODY_2)
    assert page.body == f"{BODY}\n\n{BODY_2}"


def test_textpage_drops_share_prompts_but_keeps_body_sentence_mentioning_subscribe() -> None:
    sentence = (
        "Households that subscribe to the new water-saving scheme will get a discount, and "
        "the ministry will share the results with every council."
    )
    page = _page(
        "Ministry launches water-saving scheme",
        "Share this article",
        "Share on Facebook",
        "Tweet",
        "Copy link",
        "Subscribe",
        BODY,
        sentence,
        "Follow us on Instagram",
        "Sign up for our newsletter",
    )
    assert page.paragraphs == (BODY, sentence)
    assert "Share on Facebook" in page.dropped and "Sign up for our newsletter" in page.dropped


def test_textpage_drops_navigation_breadcrumbs_and_reading_time() -> None:
    page = _page(
        "Skip to main content",
        "Home | Politics | World | Sport",
        "Home > Politics > Government",
        "Ministry denies water shortage in the east",
        "4 min read",
        BODY,
    )
    assert page.title == "Ministry denies water shortage in the east"
    assert page.paragraphs == (BODY,)
    assert "Home > Politics > Government" in page.dropped


def test_textpage_drops_cookie_banner_in_the_middle() -> None:
    page = _page(
        "Ministry denies water shortage",
        BODY,
        "We use cookies to improve your experience. By continuing you accept our use of cookies.",
        "Accept all",
        "Manage preferences",
        BODY_2,
    )
    assert page.paragraphs == (BODY, BODY_2)


def test_textpage_drops_read_more_advertisement_and_related_lines() -> None:
    page = _page(
        "Ministry denies water shortage",
        BODY,
        "Read more: Farmers ask for emergency aid",
        "Advertisement",
        "Related: Reservoir levels fall again",
        BODY_2,
        "Most read",
        "Minister's holiday villa revealed",
        "Tamsa floods in pictures",
    )
    assert page.paragraphs == (BODY, BODY_2)


def test_textpage_drops_related_headline_list_at_end_without_heading() -> None:
    page = _page("Ministry denies water shortage", BODY, BODY_2, "Dam report delayed", "Ferry back")
    assert page.paragraphs == (BODY, BODY_2)
    assert page.dropped[-2:] == ("Dam report delayed", "Ferry back")


def test_textpage_comment_section_and_footer_end_the_article() -> None:
    page = _page(
        "Ministry denies water shortage",
        BODY,
        "Comments",
        "Karl: The ministry has been saying the same thing for ten years and nobody believes it.",
        BODY_2,
    )
    assert page.paragraphs == (BODY,)
    footer = _page("Ministry denies water shortage", BODY, "© 2026 Valdor Herald", BODY_2)
    assert footer.paragraphs == (BODY,)


def test_textpage_keeps_short_quotes_and_one_line_paragraphs() -> None:
    quote = "“We will not leave,” he said."
    page = _page("Villagers refuse to leave flooded valley", BODY, quote, "No.", BODY_2)
    assert page.paragraphs == (BODY, quote, "No.", BODY_2)


def test_textpage_headline_repeated_after_page_title_is_not_body() -> None:
    page = _page(
        "Minister resigns over dam report | Valdor Herald",
        "Valdor Herald",
        "Minister resigns over dam report",
        "By Mira Solan",
        BODY,
    )
    assert page.title == "Minister resigns over dam report"
    assert page.paragraphs == (BODY,)


def test_textpage_plain_repeated_title_is_dropped_once() -> None:
    title = "Minister resigns over dam report"
    page = _page(title, "Menu", title, BODY)
    assert page.title == title
    assert page.paragraphs == (BODY,)


def test_textpage_headline_before_byline_wins_over_site_name_and_menu() -> None:
    page = _page(
        "The Dry Season – notes on water in Valdor",
        "Home About Archive Contact",
        "Why the reservoir numbers never added up",
        "Posted on February 25, 2025 by Ana Petrov",
        BODY,
    )
    assert page.title == "Why the reservoir numbers never added up"
    assert page.authors == ("Ana Petrov",)
    assert page.published == datetime(2025, 2, 25)


def test_textpage_two_word_headline_right_before_byline() -> None:
    page = _page("Valdor Herald", "Dam report", "By Teo Varga", BODY)
    assert page.title == "Dam report"


def test_textpage_standfirst_is_first_paragraph() -> None:
    standfirst = "Officials insist the reservoirs are full despite a dry winter."
    page = _page("Ministry denies water shortage", standfirst, "By Ana Kirov", BODY)
    assert page.paragraphs == (standfirst, BODY)
    assert page.authors == ("Ana Kirov",)


def test_textpage_no_headline_when_page_starts_with_body() -> None:
    page = _page(BODY, BODY_2)
    assert page.title == ""
    assert page.paragraphs == (BODY, BODY_2)


@pytest.mark.parametrize(
    ("byline", "authors", "agency"),
    [
        ("By Mira Solan and Teo Varga", ("Mira Solan", "Teo Varga"), None),
        (
            "By Mira Solan, Teo Varga and Ana Petrov",
            ("Mira Solan", "Teo Varga", "Ana Petrov"),
            None,
        ),
        ("By Mira Solan | Valdor Press Agency", ("Mira Solan",), "Valdor Press Agency"),
        ("By Mira Solan, Valdor Press Agency", ("Mira Solan",), "Valdor Press Agency"),
        ("By MIRA SOLAN, POLITICAL EDITOR", ("Mira Solan",), None),
        ("By Mira Solan in Valdor City", ("Mira Solan",), None),
        ("By Mira Solan, Senior Correspondent", ("Mira Solan",), None),
        ("By Valdor Press Agency", (), "Valdor Press Agency"),
        ("By VPA Staff", (), "VPA"),
        ("Von Jana Korr und Pavel Dorn", ("Jana Korr", "Pavel Dorn"), None),
        ("Written by Jan van der Berg", ("Jan van der Berg",), None),
    ],
)
def test_textpage_byline_names_and_agency(
    byline: str, authors: tuple[str, ...], agency: str | None
) -> None:
    page = _page("Ministry denies water shortage", byline, BODY)
    assert page.authors == authors
    assert page.agency == agency
    assert page.paragraphs == (BODY,)


def test_textpage_sentence_starting_with_by_is_body_not_byline() -> None:
    sentence = "By the end of the year, the ministry will have spent half its budget."
    page = _page("Ministry denies water shortage", BODY, sentence)
    assert page.authors == ()
    assert page.paragraphs == (BODY, sentence)


def test_textpage_byline_and_date_on_one_line() -> None:
    page = _page(
        "Ministry denies water shortage",
        "By Mira Solan | Feb 25, 2025 10:07 PM | 3 min read",
        BODY,
    )
    assert page.authors == ("Mira Solan",)
    assert page.published == datetime(2025, 2, 25, 22, 7)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Mira Solan · 5 March 2026 · 4 min read", ("Mira Solan",)),
        ("Mira Solan | Political Correspondent", ("Mira Solan",)),
        ("Hollen, 05.03.2026", ()),
        ("Valdor City, 5 March 2026", ()),
    ],
)
def test_textpage_header_lines_without_by(line: str, authors: tuple[str, ...]) -> None:
    page = _page("Ministry denies water shortage", line, BODY)
    assert page.title == "Ministry denies water shortage"
    assert page.authors == authors
    assert page.paragraphs == (BODY,)


def test_textpage_drops_newsletter_box_sentence() -> None:
    box = "Sign up to our Morning Briefing newsletter and get the news in your inbox every day."
    page = _page("Ministry denies water shortage", BODY, box, "Print this article", BODY_2)
    assert page.paragraphs == (BODY, BODY_2)


def test_textpage_dateline_stays_in_body_and_names_the_agency() -> None:
    first = "VALDOR, March 5 (VPA) – The Ministry of Water said on Thursday the dam was safe."
    page = _page("Ministry says dam is safe", "By Ana Kirov", first, BODY)
    assert page.paragraphs[0] == first
    assert page.agency == "VPA"
    assert page.authors == ("Ana Kirov",)


def test_textpage_byline_agency_wins_over_dateline() -> None:
    first = "VALDOR (VPA) – The Ministry of Water said on Thursday the dam was safe."
    page = _page("Ministry says dam is safe", "By Ana Kirov | Valdor Press Agency", first)
    assert page.agency == "Valdor Press Agency"


def test_textpage_last_updated_goes_to_updated_not_body() -> None:
    page = _page(
        "Central bank holds rates",
        BODY,
        "Last Updated: March 5, 2026 at 4:12 p.m. GMT",
        BODY_2,
    )
    assert page.published is None
    assert page.updated == datetime(2026, 3, 5, 16, 12, tzinfo=UTC)
    assert page.paragraphs == (BODY, BODY_2)


def test_textpage_published_and_updated_labels() -> None:
    page = _page(
        "Hospital strike called off",
        "Published: 10:07, 5 Mar 2026 | Updated: 11:45, 5 Mar 2026",
        BODY,
    )
    assert page.published == datetime(2026, 3, 5, 10, 7)
    assert page.updated == datetime(2026, 3, 5, 11, 45)


def test_textpage_two_plain_dates_are_published_then_updated() -> None:
    page = _page("Hospital strike called off", "05.03.2026 14:30", "06.03.2026 09:05", BODY)
    assert page.published == datetime(2026, 3, 5, 14, 30)
    assert page.updated == datetime(2026, 3, 6, 9, 5)


def test_textpage_date_and_time_on_separate_header_lines() -> None:
    page = _page("Hospital strike called off", "5 March 2026", "14:30 CET", BODY)
    assert page.published == datetime(2026, 3, 5, 14, 30, tzinfo=CET)


def test_textpage_url_only_from_header() -> None:
    url = "https://www.valdorherald.example/politics/2026/03/05/dam"
    page = _page(url, "Minister resigns over dam report", BODY)
    assert page.url == url
    later = _page("Minister resigns over dam report", BODY, url, BODY_2)
    assert later.url is None
    assert later.paragraphs == (BODY, BODY_2)


def test_textpage_rejoins_hard_wrapped_paragraphs() -> None:
    wrapped = (
        "The Ministry of Water said on Tuesday that the reservoirs in the east\n"
        "held enough water for the summer, despite the driest winter since\n"
        "records began in 1961. Farmers near Hollen said their wells had been\n"
        "dry for weeks.\n"
        "\n"
        "The government will decide on emergency deliveries before the planting\n"
        "season starts in April, the minister told parliament on Wednesday.\n"
    )
    page = parse_text_page("Reservoirs hold enough water, ministry says\n\n" + wrapped)
    assert page.paragraphs == (
        "The Ministry of Water said on Tuesday that the reservoirs in the east held enough "
        "water for the summer, despite the driest winter since records began in 1961. "
        "Farmers near Hollen said their wells had been dry for weeks.",
        "The government will decide on emergency deliveries before the planting season "
        "starts in April, the minister told parliament on Wednesday.",
    )


def test_textpage_splits_paragraphs_on_single_newlines_between_long_lines() -> None:
    page = parse_text_page(f"Reservoirs hold enough water, ministry says\n{BODY}\n{BODY_2}\n")
    assert page.paragraphs == (BODY, BODY_2)


def test_textpage_crlf_and_non_breaking_spaces() -> None:
    page = parse_text_page(f"Ministry\u00a0denies water shortage\r\n\r\n{BODY}\r\n")
    assert page.title == "Ministry denies water shortage"
    assert page.paragraphs == (BODY,)


@pytest.mark.parametrize(
    "caption",
    [
        "Photo shows the Orsa dam in February",
        "Pictured: Minister Lenka Broz in Hollen",
        "Workers at the dam site. (VPA Photo)",
        "Workers at the dam site (Photo via Ministry of Water)",
        "Photo: Jana Korr",
        "Image: Valdor Press Agency",
        "Credit: Lena Drubic",
        "File photo",
        "Valdor Images",
        "Jana Korr/Valdor Images",
        "Foto: Lena Drubic/Valdor Rundschau",
        "Video: Police and protesters at the dam gate (2:14)",
    ],
)
def test_textpage_captions_and_credits_are_not_body(caption: str) -> None:
    page = _page("Ministry denies water shortage", BODY, caption, BODY_2)
    assert page.captions == (caption,)
    assert page.paragraphs == (BODY, BODY_2)


def test_textpage_short_line_followed_by_credit_is_caption() -> None:
    page = _page(
        "Pumping station opens", BODY, "Residents queue for water", "Jana Korr/Getty Images"
    )
    assert page.captions == ("Residents queue for water", "Jana Korr/Getty Images")
    assert page.paragraphs == (BODY,)


def test_textpage_live_blog_entry_times_lead_their_entries() -> None:
    page = _page(
        "Live: Flood warnings in the east",
        "Last updated 5 March 2026 14:40",
        "14:32",
        BODY,
        "",
        "14:10",
        BODY_2,
    )
    assert page.updated == datetime(2026, 3, 5, 14, 40)
    assert page.paragraphs == (f"14:32 {BODY}", f"14:10 {BODY_2}")


def test_textpage_correction_note_at_end_stays_in_body() -> None:
    note = "Correction: An earlier version of this article gave the wrong date for the vote"
    page = _page("Parliament approves water law", BODY, note, "Contact us")
    assert page.paragraphs == (BODY, note)


def test_textpage_german_page() -> None:
    page = _page(
        "Startseite | Politik | Wirtschaft",
        "Ministerium bestreitet Wassermangel",
        "Von Jana Korr",
        "Aktualisiert am 05.03.2026, 14:30 Uhr",
        "Lesezeit: 3 Min.",
        "Das Wasserministerium hat am Mittwoch Berichte über einen Wassermangel im Osten des "
        "Landes zurückgewiesen.",
        "Foto: Lena Drubic",
        "Artikel teilen",
    )
    assert page.title == "Ministerium bestreitet Wassermangel"
    assert page.authors == ("Jana Korr",)
    assert page.updated == datetime(2026, 3, 5, 14, 30)
    assert page.captions == ("Foto: Lena Drubic",)
    assert len(page.paragraphs) == 1


def test_textpage_is_frozen() -> None:
    page = parse_text_page("Ministry denies water shortage\n" + BODY)
    with pytest.raises(AttributeError):
        page.title = "x"  # type: ignore[misc]


# --- timestamps ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feb 25, 2025 10:07 PM", datetime(2025, 2, 25, 22, 7)),
        ("February 25, 2025", datetime(2025, 2, 25)),
        ("25 February 2025 14:30", datetime(2025, 2, 25, 14, 30)),
        ("2025-02-25T14:30:00+01:00", datetime(2025, 2, 25, 14, 30, tzinfo=CET)),
        ("2025-02-25T13:30:00Z", datetime(2025, 2, 25, 13, 30, tzinfo=UTC)),
        ("2025-02-25 14:30", datetime(2025, 2, 25, 14, 30)),
        ("25.02.2025 14:30", datetime(2025, 2, 25, 14, 30)),
        ("25/02/2025", datetime(2025, 2, 25)),
        ("02/25/2025", datetime(2025, 2, 25)),
        ("Tuesday, 25 February 2025", datetime(2025, 2, 25)),
        ("Tue, Feb 25, 2025 10:07 PM CET", datetime(2025, 2, 25, 22, 7, tzinfo=CET)),
        ("25 February 2025 14:30 GMT", datetime(2025, 2, 25, 14, 30, tzinfo=UTC)),
        ("25 February 2025, 14:30 UTC+1", datetime(2025, 2, 25, 14, 30, tzinfo=CET)),
        ("Published: 25 Feb 2025 at 9:05 am", datetime(2025, 2, 25, 9, 5)),
        ("Updated: February 25th, 2025 12:00 AM", datetime(2025, 2, 25, 0, 0)),
        ("Posted on February 25, 2025", datetime(2025, 2, 25)),
        ("10:07 PM, Feb 25, 2025", datetime(2025, 2, 25, 22, 7)),
        ("Aktualisiert am 05.03.2026, 14:30 Uhr", datetime(2026, 3, 5, 14, 30)),
        ("5. März 2026 um 9:05 Uhr MEZ", datetime(2026, 3, 5, 9, 5, tzinfo=CET)),
        ("Stand: 05.03.2026 14.30 Uhr", datetime(2026, 3, 5, 14, 30)),
    ],
)
def test_textdates_parse_timestamp_formats(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "31.02.2025",
        "2025-13-01",
        "The vote took place on 25 February 2025 after a long debate.",
        "25 February 2025 and 26 February 2025",
        "March 2025",
    ],
)
def test_textdates_parse_timestamp_rejects_non_timestamps(text: str) -> None:
    assert parse_timestamp(text) is None


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Feb 25, 2025 10:07 PM", "plain"),
        ("Published: 25 Feb 2025", "published"),
        ("Posted on February 25, 2025 by Ana Petrov", "published"),
        ("Updated 25 February 2025 14:30 CET", "updated"),
        ("Last Updated: March 5, 2026 at 4:12 p.m. GMT", "updated"),
        ("Aktualisiert am 05.03.2026", "updated"),
        ("Veröffentlicht am 04.03.2026", "published"),
    ],
)
def test_textdates_find_timestamp_kind(line: str, kind: str) -> None:
    found = find_timestamp(line)
    assert found is not None and found[0] == kind


def test_textdates_two_stamps_on_one_line() -> None:
    stamps = scan_timestamps("Published 4 March 2026 18:00, updated 5 March 2026 09:12")
    assert [(s.kind, s.value) for s in stamps] == [
        ("published", datetime(2026, 3, 4, 18, 0)),
        ("updated", datetime(2026, 3, 5, 9, 12)),
    ]


def test_textdates_find_timestamp_inside_sentence() -> None:
    assert find_timestamp("The vote took place on 4 March 2026.") == (
        "plain",
        datetime(2026, 3, 4),
    )
    assert find_timestamp("No date here, only 14:30.") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("14:32", time(14, 32)),
        ("2:05 PM GMT", time(14, 5, tzinfo=UTC)),
        ("Posted at 09:10", time(9, 10)),
        ("14:32 CET", time(14, 32, tzinfo=CET)),
        ("25:00", None),
        ("14:32 the minister arrived", None),
    ],
)
def test_textdates_parse_clock(line: str, expected: time | None) -> None:
    assert parse_clock(line) == expected


# --- properties ---------------------------------------------------------------------------

SNIPPETS = [
    "Skip to content",
    "Home | Politics | World",
    "Ministry denies water shortage in the east",
    "By Mira Solan and Teo Varga",
    "Feb 25, 2025 10:07 PM",
    "Last Updated: 05.03.2026 14:30",
    "14:32",
    "https://news.example/a",
    "Photo: Jana Korr",
    "Jana Korr/Valdor Images",
    "Advertisement",
    "Read more: Farmers ask for aid",
    "Most read",
    "Comments",
    "© 2026 Valdor Herald",
    "VALDOR, March 5 (VPA) – The ministry said the dam was safe.",
    "state-",
    "owned firms",
    "“We will not leave,” he said.",
    BODY,
    BODY_2,
    "",
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=120)), max_size=25),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)
def test_textpage_never_raises_and_keeps_only_input_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    page = parse_text_page(text)
    squashed = _squash(text)
    for paragraph in page.paragraphs:
        assert paragraph and paragraph == " ".join(paragraph.split())
        # Lines of one paragraph are joined by a space (or nothing after a broken word).
        assert _squash(paragraph) in squashed
    for caption in page.captions:
        assert _squash(caption) in squashed
    assert page.body == "\n\n".join(page.paragraphs)
    _assert_every_line_accounted_for(text, page)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_textpage_never_raises_on_arbitrary_text(text: str) -> None:
    page = parse_text_page(text)
    for paragraph in page.paragraphs:
        assert _squash(paragraph) in _squash(text)


def test_a_most_read_list_is_dropped_even_when_a_headline_ends_in_a_quoted_word() -> None:
    page = parse_text_page(
        "Storm closes schools on the coast\n\n"
        "By Ana Brel\n\n"
        "Schools in Corvana will stay shut on Wednesday as the storm passes, the town said "
        "on Tuesday evening after a meeting of its crisis team.\n\n"
        "Ferries to the islands are suspended until Thursday morning.\n\n"
        "MOST READ\n"
        "Ministry: troops are NOT leaving - reports are 'disinformation'\n"
        "Reality star's wedding CANCELLED hours before ceremony\n\n"
        "© Blitz Media 2026\n"
    )
    assert page.paragraphs[-1] == "Ferries to the islands are suspended until Thursday morning."
    assert "Ministry: troops are NOT leaving - reports are 'disinformation'" in page.dropped


def test_a_paragraph_ending_in_a_closed_quotation_still_ends_a_sentence() -> None:
    page = parse_text_page(
        "Mayor answers critics\n\n"
        "The mayor said on Monday that the bridge would reopen in May.\n\n"
        '"We would rather open late than open unsafe, and everyone here knows why we '
        'waited so long before we told the council what the engineers had found."\n'
    )
    assert page.paragraphs[-1].endswith('had found."')
