"""extract_html: main text, captions, boilerplate and metadata of news pages (fictional
outlets on .example domains), and garbage that must not raise."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import html as lxml_html

from claimwatch.ingest.html import (
    EXTRACTOR_VERSION,
    HtmlArticle,
    Line,
    add_continuation,
    extract_html,
    is_credit_line,
    is_prompt_line,
    parse_datetime,
    split_authors,
)

STORY = [
    "The water board of Lindholm said on Tuesday that the reservoir north of the town had "
    "fallen to its lowest level in twenty years after the driest spring on record.",
    "Households will be asked to halve garden watering from next week, and the board said "
    "it was preparing a hosepipe ban that could come into force in July.",
    "“We are not at the stage of rationing drinking water, and we hope never to be,” the "
    "board's chair, Marit Olsen, told a meeting of the town council on Tuesday evening.",
    "Farmers in the valley say their wells are already running dry, and several of them "
    "have started trucking water in from the coast at their own expense.",
    "The board expects to publish a full drought plan before the end of the month, after "
    "talks with the regional government in Kessa.",
]


def page(
    body: str,
    *,
    head: str = "",
    lang: str = "en",
    title: str = "Reservoir falls to 20-year low | Lindholm Courier",
) -> str:
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav>
</header>
<main>{body}</main>
<footer><p>© 2026 Lindholm Courier. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/contact">Contact</a></footer>
</body></html>"""


def paragraphs(items: list[str] = STORY) -> str:
    return "\n".join(f"<p>{p}</p>" for p in items)


def words_of(text: str) -> set[str]:
    return set(text.replace("\n", " ").split())


# -- text ------------------------------------------------------------------------------------


def test_extract_html_keeps_paragraphs() -> None:
    html = page(f"<article><h1>Reservoir falls to 20-year low</h1>{paragraphs()}</article>")

    article = extract_html(html, "https://lindholm-courier.example/local/reservoir")

    assert article.text.split("\n\n") == STORY
    assert isinstance(article, HtmlArticle)
    assert EXTRACTOR_VERSION == "html.v1"


def test_extract_html_keeps_line_breaks_inside_a_paragraph() -> None:
    body = paragraphs(STORY[:3]) + "<p>Lindholm Water Board<br>Harbour Street 4</p>"
    html = page(f"<article>{body}{paragraphs(STORY[3:])}</article>")

    text = extract_html(html).text

    assert "Lindholm Water Board\nHarbour Street 4" in text.split("\n\n")


def test_extract_html_keeps_caption_out_of_text() -> None:
    caption = "Cracked mud on the shore of the Lindholm reservoir on Monday."
    credit = "Photo: Jens Aalto / Courier"
    body = (
        paragraphs(STORY[:2])
        + f'<figure><img src="/img/reservoir.jpg" alt=""><figcaption>{caption}'
        + f'<span class="photo-credit">{credit}</span></figcaption></figure>'
        + paragraphs(STORY[2:])
    )

    article = extract_html(page(f"<article>{body}</article>"))

    assert "Cracked mud" not in article.text
    assert "Jens Aalto" not in article.text
    assert article.captions == (f"{caption} {credit}",)
    assert article.text.split("\n\n") == STORY


def test_extract_html_takes_elements_named_caption_or_credit_out_of_text() -> None:
    body = (
        paragraphs(STORY[:2])
        + '<div class="image-block"><img src="/a.jpg">'
        + '<p class="image-caption">Farmers fill tanks at the coast road depot.</p>'
        + '<p class="credit">Lena Berg for the Courier</p></div>'
        + paragraphs(STORY[2:])
    )

    article = extract_html(page(f"<article>{body}</article>"))

    assert "Farmers fill tanks" not in article.text
    assert "Lena Berg" not in article.text
    assert article.captions == (
        "Farmers fill tanks at the coast road depot.",
        "Lena Berg for the Courier",
    )


def test_extract_html_moves_credit_lines_to_captions() -> None:
    body = paragraphs(STORY[:2]) + "<p>Photo: Jens Aalto/Courier</p>" + paragraphs(STORY[2:])

    article = extract_html(page(f"<article>{body}</article>"))

    assert "Jens Aalto" not in article.text
    assert "Photo: Jens Aalto/Courier" in article.captions


def test_extract_html_keeps_related_list_out_of_body() -> None:
    related = (
        '<div class="related-stories"><h3>Related</h3><ul>'
        '<li><a href="/local/ferry">Ferry timetable cut for the winter</a></li>'
        '<li><a href="/local/school">New school opens in the old mill</a></li>'
        '<li><a href="/local/bridge">Bridge repairs to last until May</a></li></ul></div>'
    )
    body = paragraphs(STORY[:3]) + related + paragraphs(STORY[3:])

    text = extract_html(page(f"<article>{body}</article>")).text

    assert "Ferry timetable" not in text
    assert "old mill" not in text
    assert text.split("\n\n") == STORY


def test_extract_html_drops_link_list_inside_the_body() -> None:
    links = "".join(
        f'<p><a href="/local/{n}">{headline}</a></p>'
        for n, headline in enumerate(
            ["Ferry timetable cut for the winter", "New school opens in the old mill"]
        )
    )
    body = paragraphs(STORY[:3]) + links + paragraphs(STORY[3:])

    text = extract_html(page(f"<article>{body}</article>")).text

    assert "Ferry timetable" not in text
    assert text.split("\n\n") == STORY


def test_extract_html_keeps_share_prompts_out_of_body() -> None:
    share = (
        '<div class="share-tools"><a href="#">Share this article</a> '
        '<a href="#">Facebook</a> <a href="#">Email</a></div>'
    )
    body = (
        share
        + paragraphs(STORY[:2])
        + "<p>Read more: Farmers count the cost of a dry spring</p>"
        + paragraphs(STORY[2:])
        + "<p>Share this article</p><p>Sign up for our morning newsletter</p>"
    )

    text = extract_html(page(f"<article>{body}</article>")).text

    assert "Share this article" not in text
    assert "Read more" not in text
    assert "newsletter" not in text
    assert text.split("\n\n") == STORY


def test_extract_html_leaves_out_repeated_headline() -> None:
    html = page(
        f"<article><h1>Reservoir falls to 20-year low</h1>{paragraphs()}</article>",
        head='<meta property="og:title" content="Reservoir falls to 20-year low">',
    )

    article = extract_html(html)

    assert article.title == "Reservoir falls to 20-year low"
    assert not article.text.startswith("Reservoir falls")


def test_extract_html_keeps_embedded_post_in_text() -> None:
    tweet = (
        '<div class="widget embed-widget"><div class="embed-inner">'
        '<blockquote class="twitter-tweet"><p>The reservoir is the lowest I have seen it '
        "in forty years of fishing here. Heartbreaking.</p>— Ola Strand (@olastrand) "
        '<a href="https://social.example/olastrand/1">June 2, 2026</a></blockquote>'
        "</div></div>"
    )
    body = paragraphs(STORY[:3]) + tweet + paragraphs(STORY[3:])

    text = extract_html(page(f"<article>{body}</article>")).text

    assert "lowest I have seen it in forty years" in text
    assert text.index("Marit Olsen") < text.index("forty years") < text.index("Farmers")


def test_add_continuation_adds_same_kind_blocks_the_extractor_skipped() -> None:
    first, second = STORY[:2], STORY[2:]
    tree = lxml_html.fromstring(
        '<html><body><div class="story"><div class="story__chunk">'
        + paragraphs(first)
        + '</div><div class="ad">Advertisement</div><div class="story__chunk">'
        + paragraphs(second)
        + "</div></div></body></html>"
    )

    found = add_continuation(tree, [[Line(text)] for text in first])

    assert [p[0].text for p in found] == STORY


def test_add_continuation_leaves_blocks_without_class_alone() -> None:
    tree = lxml_html.fromstring(
        "<html><body><div><div>"
        + paragraphs(STORY[:2])
        + "</div><div>"
        + paragraphs(STORY[2:])
        + "</div></div></body></html>"
    )

    found = add_continuation(tree, [[Line(text)] for text in STORY[:2]])

    assert [p[0].text for p in found] == STORY[:2]


def test_extract_html_reads_a_fragment() -> None:
    article = extract_html(paragraphs(STORY[:2]))

    assert article.text.split("\n\n") == STORY[:2]


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\x03",
        "<<<>>><<//>>",
        "<html>",
        "<html><body></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<script>var a = '<p>not text</p>';</script>",
        "<div>" * 3000 + "deep" + "</div>" * 3000,
        "\ufffd\ufffe\uffff" * 1000,
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"author": {"name": ["x", {"name": 3}]}, "datePublished": "yesterday"</script>',
        "<meta property='article:published_time' content='2026-13-45T99:99:99'>",
        "<link rel='canonical' href='http://[::1'>",
    ],
)
def test_extract_html_never_raises_on_garbage(garbage: str) -> None:
    article = extract_html(garbage)

    assert isinstance(article, HtmlArticle)
    assert len(article.text.split()) < 5


@pytest.mark.parametrize("value", [None, 42, b"\xff\xfe\x00", ["<p>x</p>"]])
def test_extract_html_never_raises_on_wrong_types(value: object) -> None:
    article = extract_html(value, url=value)  # type: ignore[arg-type]

    assert len(article.text.split()) < 5


# -- metadata --------------------------------------------------------------------------------


def test_extract_html_reads_canonical_and_og_metadata() -> None:
    head = """
<link rel="canonical" href="/local/2026/06/reservoir-low">
<meta property="og:title" content="Reservoir falls to 20-year low">
<meta property="og:site_name" content="Lindholm Courier">
<meta property="og:description" content="Garden watering to be halved from next week.">
<meta property="article:published_time" content="2026-06-02T07:45:00+02:00">
<meta property="article:modified_time" content="2026-06-02T16:10:00+02:00">
<meta name="author" content="Per Lund">"""
    html = page(f"<article>{paragraphs()}</article>", head=head)

    article = extract_html(html, "https://lindholm-courier.example/local/reservoir?utm_source=x")

    assert article.title == "Reservoir falls to 20-year low"
    assert article.canonical_url == ("https://lindholm-courier.example/local/2026/06/reservoir-low")
    assert article.site_name == "Lindholm Courier"
    assert article.description == "Garden watering to be halved from next week."
    assert article.published == datetime(2026, 6, 2, 7, 45, tzinfo=timezone(timedelta(hours=2)))
    assert article.updated == datetime(2026, 6, 2, 16, 10, tzinfo=timezone(timedelta(hours=2)))
    assert article.published.utcoffset() == timedelta(hours=2)
    assert article.authors == ("Per Lund",)
    assert article.language == "en"


def test_extract_html_reads_json_ld_news_article() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Kessa Daily", "url": "https://kessa-daily.example/"},
            {
                "@type": "NewsArticle",
                "headline": "Drought plan delayed again",
                "datePublished": "2026-06-03T05:00:00Z",
                "dateModified": "2026-06-03T09:30:00Z",
                "author": [
                    {"@type": "Person", "name": "Anna Berg"},
                    {"@type": "Person", "name": "Tomas Vik"},
                ],
                "publisher": {"@type": "Organization", "name": "Kessa Daily"},
                "mainEntityOfPage": {"@id": "https://kessa-daily.example/drought-plan"},
                "inLanguage": "nb-NO",
            },
        ],
    }
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>Kessa Daily</title>
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><article>{paragraphs()}</article></body></html>"""

    article = extract_html(html)

    assert article.title == "Drought plan delayed again"
    assert article.published == datetime(2026, 6, 3, 5, 0, tzinfo=UTC)
    assert article.updated == datetime(2026, 6, 3, 9, 30, tzinfo=UTC)
    assert article.authors == ("Anna Berg", "Tomas Vik")
    assert article.site_name == "Kessa Daily"
    assert article.canonical_url == "https://kessa-daily.example/drought-plan"
    assert article.language == "nb-NO"


def test_extract_html_splits_byline_into_authors() -> None:
    head = '<meta name="author" content="By Per Lund and Sara Holm, Staff Writers">'
    html = page(f"<article>{paragraphs()}</article>", head=head)

    assert extract_html(html).authors == ("Per Lund", "Sara Holm")


def test_extract_html_language_is_only_what_the_page_declares() -> None:
    undeclared = page(f"<article>{paragraphs()}</article>").replace(' lang="en"', "")
    locale = undeclared.replace("<head>", '<head><meta property="og:locale" content="en_GB">', 1)

    assert extract_html(undeclared).language is None
    assert extract_html(locale).language == "en-GB"


def test_extract_html_drops_updated_time_before_publication() -> None:
    head = (
        '<meta property="article:published_time" content="2026-06-02T07:45:00Z">'
        '<meta property="article:modified_time" content="2026-06-01T07:45:00Z">'
    )

    article = extract_html(page(f"<article>{paragraphs()}</article>", head=head))

    assert article.published == datetime(2026, 6, 2, 7, 45, tzinfo=UTC)
    assert article.updated is None


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Per Lund", ("Per Lund",)),
        ("By Per Lund and Sara Holm", ("Per Lund", "Sara Holm")),
        ("Per Lund; Sara Holm; per lund", ("Per Lund", "Sara Holm")),
        ("Anna Berg & Tomas Vik | Kessa Daily", ("Anna Berg", "Tomas Vik", "Kessa Daily")),
        ("Per Lund, Senior Correspondent", ("Per Lund",)),
        ("@perlund, https://social.example/perlund, Per Lund", ("Per Lund",)),
        ("", ()),
        ("Staff", ()),
    ],
)
def test_split_authors_gives_one_name_each(raw: str, names: tuple[str, ...]) -> None:
    assert split_authors(raw) == names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-06-02T07:45:00Z", datetime(2026, 6, 2, 7, 45, tzinfo=UTC)),
        ("2026-06-02T07:45:00+0200", datetime(2026, 6, 2, 5, 45, tzinfo=UTC)),
        ("Tue, 02 Jun 2026 07:45:00 GMT", datetime(2026, 6, 2, 7, 45, tzinfo=UTC)),
        ("2026-06-02", datetime(2026, 6, 2)),
        ("June 2, 2026", datetime(2026, 6, 2)),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_datetime_reads_declared_formats(value: str, expected: datetime | None) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Share on Facebook",
        "Read more: Farmers count the cost of a dry spring",
        "READ MORE",
        "Related: Ferry timetable cut",
        "Sign up for our morning newsletter",
        "Follow us on Twitter",
        "Advertisement",
    ],
)
def test_is_prompt_line_knows_prompts(line: str) -> None:
    assert is_prompt_line(line)


@pytest.mark.parametrize(
    "line",
    [
        STORY[0],
        "Read the full drought plan, the board said, before the council meets again.",
        "Shareholders of the water company met on Monday.",
        "More than 200 farmers have signed the letter.",
    ],
)
def test_is_prompt_line_leaves_article_sentences(line: str) -> None:
    assert not is_prompt_line(line)


def test_is_credit_line_knows_photo_credits() -> None:
    assert is_credit_line("Photo: Jens Aalto/Courier")
    assert is_credit_line("(Photo by Jens Aalto)")
    assert not is_credit_line("Photographers gathered at the dam on Monday.")
