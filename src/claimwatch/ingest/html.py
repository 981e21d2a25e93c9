"""Main text and metadata of a news page. Pure: no I/O.

trafilatura does the heavy lifting: main-text detection (in its precision mode, which
scores best on the news benchmark, see ``bench/extraction.py``) and most metadata. On top
of it, rules of our own, each generic (no site is named anywhere):

* before extraction: photo captions and credits (``<figcaption>``, elements whose class or
  id says caption or credit) are taken out and returned apart; related-article lists and
  share/newsletter widgets are pruned; embedded social posts (a quoted tweet) are
  unwrapped from the widget blocks that would make the extractor drop them;
* after extraction: when the article body is cut into several same-kind blocks (ads in
  between) and the extractor kept the first only, the others are added; runs of
  link-only lines (a list of other stories inside the body), prompt lines ("Share this
  article", "Read more: ...", "Sign up for our newsletter") and credit lines ("Photo:
  ...") are dropped; a first line repeating the headline goes too;
* metadata the page declares outright (``<link rel=canonical>``, ``og:*``,
  ``article:published_time``/``modified_time``, JSON-LD ``NewsArticle`` and kin) fills
  what trafilatura misses; declared timestamps keep their time and zone (trafilatura
  gives the day only);
* paragraphs are kept: one per block, separated by a blank line; a ``<br>``, list items
  and table rows start a new line within their block.

:func:`extract_html` never raises: a page it cannot read gives an empty text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml.html import Element as new_html_element
from lxml.html import HtmlElement

from claimwatch.ingest.textdates import parse_timestamp

EXTRACTOR_VERSION = "html.v1"


@dataclass(frozen=True)
class HtmlArticle:
    title: str | None
    text: str  # main text, paragraphs separated by "\n\n"
    authors: tuple[str, ...]
    published: datetime | None  # timezone-aware when the page says so
    updated: datetime | None
    site_name: str | None
    language: str | None  # only what the page declares; detection happens elsewhere
    canonical_url: str | None
    description: str | None
    captions: tuple[str, ...]  # photo captions/credits found (kept out of text)


EMPTY = HtmlArticle(None, "", (), None, None, None, None, None, None, ())


@dataclass(frozen=True)
class TextOptions:
    """How the main text is extracted. The defaults are the benchmarked choice
    (``bench/extraction.py --cv`` compares the combinations with 5-fold cross-validation)."""

    #: trafilatura's precision mode (prunes more aggressively)
    favor_precision: bool = True
    include_tables: bool = True
    #: when the first pass gives fewer words than this, a second pass without precision
    #: mode runs and the longer text is kept (1: only when the first pass found nothing)
    retry_below: int = 1
    #: related-article lists and share/newsletter widgets out before extraction
    #: (captions always are: they are returned apart)
    prune_blocks: bool = True
    #: embedded social posts unwrapped so that they stay in the text
    keep_embeds: bool = True
    #: same-kind blocks the extractor skipped added back
    continue_chunks: bool = True
    #: prompt lines, credit lines and runs of link-only lines dropped after extraction
    drop_prompts: bool = True


DEFAULT_TEXT_OPTIONS = TextOptions()


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """Text and metadata of one HTML page (a whole page or a fragment of one, such as a
    feed entry's content); ``url`` is where it came from, if known."""
    try:
        return extract_with(html, url, DEFAULT_TEXT_OPTIONS)
    except Exception:  # a page that defeats the parser is "no article text", not a crash
        return EMPTY


def extract_with(html: str, url: str | None, options: TextOptions) -> HtmlArticle:
    """:func:`extract_html` with other text options (benchmarks); may raise."""
    tree = parse_page(html)
    if tree is None:
        return EMPTY
    url = url.strip() if isinstance(url, str) and url.strip() else None
    declared = _guard(lambda: read_declared(tree, url), Declared())
    found = _guard(lambda: trafilatura.extract_metadata(tree, default_url=url), None)
    title = _clean(getattr(found, "title", None)) or declared.title
    body = deepcopy(tree)
    captions = _guard(lambda: take_captions(body), ())
    text, credits = _guard(
        lambda: main_text(body, url, options, title=title, fragment=_is_fragment(html)),
        ("", ()),
    )
    published = declared.published or _day(getattr(found, "date", None))
    return HtmlArticle(
        title=title,
        text=text,
        authors=split_authors(getattr(found, "author", None) or "") or declared.authors,
        published=published,
        updated=_later(declared.updated, published),
        site_name=_site_name(getattr(found, "sitename", None), declared, url),
        language=declared.language,
        canonical_url=declared.canonical_url,
        description=_clean(getattr(found, "description", None)) or declared.description,
        captions=tuple(dict.fromkeys((*captions, *credits))),
    )


T = TypeVar("T")


def _guard(compute: Callable[[], T], default: T) -> T:
    """One stage's result, or ``default`` when that stage fails on this page: a broken
    JSON-LD block must not cost the text, nor a text failure the metadata."""
    try:
        return compute()
    except Exception:
        return default


def parse_page(html: object) -> HtmlElement | None:
    """The page as an lxml tree, or None when there is nothing an HTML parser can read.
    A fragment (``<p>...</p>``, or bare text) is read as the body of a page."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not isinstance(html, str) or not html.strip():
        return None
    html = html.replace("\x00", "")
    tree = trafilatura.load_html(html)
    if tree is None and _is_fragment(html):
        tree = trafilatura.load_html(f"<html><body><div>{html}</div></body></html>")
    return tree if isinstance(tree, HtmlElement) else None


_DOCUMENT_TAG = re.compile(r"<\s*(?:html|body|head)\b", re.IGNORECASE)


def _is_fragment(html: object) -> bool:
    return isinstance(html, str) and not _DOCUMENT_TAG.search(html)


# -- main text ------------------------------------------------------------------------------


class Line(NamedTuple):
    """One line of extracted text."""

    text: str


Paragraph = list[Line]


def main_text(
    tree: HtmlElement,
    url: str | None,
    options: TextOptions = DEFAULT_TEXT_OPTIONS,
    *,
    title: str | None = None,
    fragment: bool = False,
) -> tuple[str, tuple[str, ...]]:
    """The article's paragraphs separated by blank lines ("" when none is found), and the
    credit lines taken out of them. ``tree`` is modified: pass a copy."""
    if options.prune_blocks:
        prune_blocks(tree)
    if options.keep_embeds:
        unwrap_embedded_posts(tree)
    anchors = link_texts(tree)
    paragraphs = _extracted(tree, url, options.favor_precision, options)
    if options.favor_precision and _words(paragraphs) < options.retry_below:
        second = _extracted(tree, url, False, options)
        if _words(second) > _words(paragraphs):
            paragraphs = second
    if fragment:  # a fragment is all article: keep it whole unless the extractor agrees
        whole = all_blocks(tree)
        if _words(paragraphs) < _words(whole) * _FRAGMENT_KEEP:
            paragraphs = whole
    if options.continue_chunks:
        paragraphs = add_continuation(tree, paragraphs)
    credits: list[str] = []
    if options.drop_prompts:
        paragraphs = drop_link_runs(paragraphs, anchors)
        credits = [line.text for p in paragraphs for line in p if is_credit_line(line.text)]
        taken = set(credits)
        paragraphs = _keep_lines(
            paragraphs, lambda line: line.text not in taken and not is_prompt_line(line.text)
        )
    texts = ["\n".join(line.text for line in p) for p in paragraphs]
    if texts and title and _key(texts[0]) == _key(title):
        texts = texts[1:]
    return "\n\n".join(texts), tuple(dict.fromkeys(credits))


_FRAGMENT_KEEP = 0.5


def _extracted(
    tree: HtmlElement, url: str | None, favor_precision: bool, options: TextOptions
) -> list[Paragraph]:
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=options.include_tables,
        include_images=False,
        include_links=False,
        with_metadata=False,
        deduplicate=False,
    )
    body = getattr(document, "body", None)
    return list(render_paragraphs(body)) if body is not None else []


def _words(paragraphs: list[Paragraph]) -> int:
    return sum(len(line.text.split()) for p in paragraphs for line in p)


def render_paragraphs(body: etree._Element) -> Iterator[Paragraph]:
    """trafilatura's output tree as paragraphs: one per block, a quote's paragraphs apart,
    and text left between blocks a paragraph of its own."""
    yield from _loose(body.text)
    for block in body:
        if isinstance(block.tag, str):
            if block.tag == "quote" and any(child.tag == "p" for child in block):
                yield from render_paragraphs(block)
            elif lines := _block_lines(block, _LINE_STARTS):
                yield lines
        yield from _loose(block.tail)


def _loose(text: str | None) -> Iterator[Paragraph]:
    if text and text.strip():
        yield [Line(" ".join(text.split()))]


_NOT_TEXT = ("script", "style", "noscript", "template")
# Elements of trafilatura's output that start a new line inside a block.
_LINE_STARTS = frozenset({"lb", "item", "row", "p", "head", "list", "table", "quote", "div"})
# HTML elements that do, for a fragment rendered whole.
_HTML_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "section", "article",
     "h1", "h2", "h3", "h4", "h5", "h6", "br", "dd", "dt", "figure", "header", "footer"}
)  # fmt: skip


def _block_lines(block: etree._Element, line_starts: frozenset[str]) -> Paragraph:
    parts: list[str] = []

    def walk(element: etree._Element, top: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _NOT_TEXT:
            return
        if not top and tag in line_starts:
            parts.append("\n")
        elif tag in ("cell", "td", "th") and element.getprevious() is not None:
            parts.append(" | ")
        if tag not in ("lb", "br") and element.text:
            parts.append(element.text)
        for child in element:
            walk(child, False)
            if child.tail:
                parts.append(child.tail)

    walk(block, True)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [Line(line) for line in lines if line]


def all_blocks(tree: HtmlElement) -> list[Paragraph]:
    """Every text block of a (fragment) page, in order: its top-level blocks as paragraphs."""
    root = _body(tree)
    for element in list(root.iter(*_NOT_TEXT)):
        _remove(element)
    while len(root) == 1 and not (root.text or "").strip() and not (root[0].tail or "").strip():
        root = root[0]  # the wrapper of a fragment
    paragraphs = list(_loose(root.text))
    for child in root:
        if isinstance(child.tag, str) and (lines := _block_lines(child, _HTML_BLOCKS)):
            paragraphs.append(lines)
        paragraphs.extend(_loose(child.tail))
    return paragraphs


def _keep_lines(paragraphs: list[Paragraph], keep: Callable[[Line], bool]) -> list[Paragraph]:
    kept = [[line for line in p if keep(line)] for p in paragraphs]
    return [p for p in kept if p]


_TOKEN = re.compile(r"\w+")


def _key(text: str) -> str:
    """Text compared by its words only (case, spacing and punctuation aside)."""
    return " ".join(_TOKEN.findall(text.casefold()))


# -- before extraction: captions, widgets, embedded posts ------------------------------------

_CAPTION_NAME = re.compile(r"caption|credit", re.IGNORECASE)
_CAPTION_MAX_WORDS = 120
_BLOCK_NAME = re.compile(
    r"(?:^|[\s_-])(?:related|share|sharing|sharebar|share-?tools|social-?share|social-?links"
    r"|newsletter|read-?more|more-?stories|recommended|recirc|outbrain|taboola)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_WIDGET_MAX_WORDS = 30
_WIDGET_LINK_SHARE = 0.5
# Captions in these belong to other stories' teasers or to no story at all.
_ELSEWHERE = frozenset({"nav", "footer", "aside", "script", "style", "noscript", "template"})


def take_captions(tree: HtmlElement) -> tuple[str, ...]:
    """Remove photo captions and credits from ``tree``; return their texts in page order,
    each once."""
    found: list[str] = []
    for element in list(_caption_elements(tree)):
        text = " ".join(" ".join(element.itertext()).split())
        if text and text not in found:
            found.append(text)
        _remove(element)
    return tuple(found)


def _caption_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    for element in _body(tree).iter():
        if not isinstance(element.tag, str) or element.tag in ("body", "html"):
            continue
        if element.tag != "figcaption" and not _CAPTION_NAME.search(_names(element)):
            continue
        if any(a.tag in _ELSEWHERE for a in element.iterancestors()):
            continue
        if any(
            a.tag == "figcaption" or _CAPTION_NAME.search(_names(a))
            for a in element.iterancestors()
        ):
            continue  # inside a caption already taken
        if element.xpath(".//h1|.//h2|.//h3|.//article|.//main"):
            continue  # a header or body whose class merely mentions its caption style
        if len(element.text_content().split()) <= _CAPTION_MAX_WORDS:
            yield element


def prune_blocks(tree: HtmlElement) -> None:
    """Remove related-article lists and share/newsletter widgets: elements whose class or
    id names them and that read like one, holding little text or mostly link text (a
    layout that calls the article body "entry-content-read-more" keeps its body)."""
    doomed = [
        element
        for element in _body(tree).iter()
        if isinstance(element.tag, str)
        and element.tag not in ("body", "html")
        and _BLOCK_NAME.search(_names(element))
        and _widget_like(element)
    ]
    for element in doomed:
        _remove(element)


def _widget_like(element: HtmlElement) -> bool:
    words = len(element.text_content().split())
    return words <= _WIDGET_MAX_WORDS or _link_share(element) >= _WIDGET_LINK_SHARE


_EMBED_CLASS = re.compile(r"(?:^|\s)(?:twitter-tweet|instagram-media|tiktok-embed)", re.I)


def unwrap_embedded_posts(tree: HtmlElement) -> None:
    """Embedded social-media posts (a tweet quoted in the story) are article content, but
    extractors tend to drop them with the "widget" or "embed" blocks around them: each one
    becomes a plain ``<blockquote>`` of paragraphs, standing where its outermost wrapper
    (an ancestor holding nothing else) stood."""
    for quote in list(tree.iter("blockquote")):
        if not _EMBED_CLASS.search(quote.get("class") or ""):
            continue
        text = _key(quote.text_content())
        if not text:
            continue
        outer = quote
        for ancestor in quote.iterancestors():
            if ancestor.tag in ("body", "html", "article", "main"):
                break
            if _key(ancestor.text_content()) != text:
                break
            outer = ancestor
        parent = outer.getparent()
        if parent is None:
            continue
        plain = new_html_element("blockquote")
        for line in _embed_lines(quote):
            etree.SubElement(plain, "p").text = line
        plain.tail = outer.tail
        parent.replace(outer, plain)


def _embed_lines(quote: HtmlElement) -> list[str]:
    """The post's paragraphs, then what follows them (author, handle, date)."""
    rest = deepcopy(quote)
    rest.tail = None
    lines = []
    for paragraph in list(rest.iter("p")):
        text = " ".join(paragraph.text_content().split())
        if text:
            lines.append(text)
        _remove(paragraph)
    tail = " ".join(rest.text_content().split())
    if tail:
        lines.append(tail)
    return lines


# -- after extraction: continuation chunks, prompts, credits, link lists --------------------

_CHUNK_MIN_FOUND = 2
_CHUNK_MIN_WORDS = 50


def add_continuation(tree: HtmlElement, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Add the article's other chunks when the extractor stopped at the first one.

    Some layouts cut the body into several blocks of the same kind with ads or embeds in
    between, and an extractor that settles on one block misses the rest. The block that
    holds most of the extracted paragraphs gives the pattern: its tag and class and its
    parent's (a block with no class names on either level gives none). Every other block
    on the page with that signature, of which nothing was extracted and whose paragraphs
    add up to a real chunk of text, has its paragraphs added where they stand in the page.
    A block the extractor took some paragraphs from is left as it chose."""
    by_text: dict[str, HtmlElement] = {}
    for element in tree.iter("p"):
        by_text.setdefault(_key(element.text_content()), element)
    placed = [by_text.get(_key(" ".join(line.text for line in p))) for p in paragraphs]
    counts: dict[HtmlElement, int] = {}
    for element in placed:
        parent = element.getparent() if element is not None else None
        if parent is not None:
            counts[parent] = counts.get(parent, 0) + 1
    if not counts:
        return paragraphs
    main = max(counts, key=lambda c: counts[c])
    signature = _signature(main)
    if signature is None or counts[main] < _CHUNK_MIN_FOUND:
        return paragraphs
    taken = {element for element in placed if element is not None}
    order = {element: n for n, element in enumerate(tree.iter())}
    extra: list[tuple[int, Paragraph]] = []
    for block in tree.iter(main.tag):
        if block is main or _signature(block) != signature:
            continue
        found = [child for child in block if child.tag == "p"]
        if any(child in taken for child in found):
            continue
        texts = [
            (order[child], " ".join(child.text_content().split()))
            for child in found
            if _link_share(child) < _WIDGET_LINK_SHARE
        ]
        if sum(len(text.split()) for _, text in texts) >= _CHUNK_MIN_WORDS:
            extra.extend((n, [Line(text)]) for n, text in texts if text)
    if not extra:
        return paragraphs
    positions: list[int] = []
    last = -1
    for element in placed:  # a paragraph not found in the page goes with the one before
        last = order[element] if element is not None else last
        positions.append(last)
    merged = sorted(
        [(pos, 0, n, p) for n, (pos, p) in enumerate(zip(positions, paragraphs, strict=True))]
        + [(pos, 1, n, p) for n, (pos, p) in enumerate(extra)],
        key=lambda item: item[:3],
    )
    return [p for *_, p in merged]


def _signature(element: HtmlElement) -> tuple[str, ...] | None:
    parent = element.getparent()
    if parent is None:
        return None
    own, parents = (element.get("class") or "").split(), (parent.get("class") or "").split()
    if not own and not parents:
        return None
    return (element.tag, " ".join(own), parent.tag, " ".join(parents))


# Lines that are prompts and pointers rather than article: whole lines only, short ones.
_PROMPT_LINE = re.compile(
    r"""^\W*(?:
        (?:read|see)\s+(?:more|also|next|the\s+full\s+(?:story|article))(?:\s+(?:here|on\s.*))?
      | (?:also\s+read|see\s+also|see\s+more|read\s+more|related|more|recommended|trending|
         most\s+(?:read|popular)|
         related\s+(?:articles?|stories|story|posts?|coverage|content|reading|links?|topics?)|
         more\s+(?:on\s+this\s+story|from\s.*|stories|news|coverage|on\s.*)|
         (?:you|we\s+think\s+you)\s+(?:may|might)\s+(?:also\s+)?like|(?:don'?t|do\s+not)\s+miss|
         (?:editor'?s?|our)\s+picks?|top\s+stories|latest\s+(?:news|stories)|
         advertisement|sponsored(?:\s+content)?|story\s+continues\s+below(?:\s+advertisement)?)
        (?:\s*[:|»›>→–—-]+\s*.*)?
      | (?:share|tweet|email|e-mail|print|pin|save|copy\s+link)
        (?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|video|link))?
        (?:\s+(?:on|via|with|to)\s+[\w+.\s]{1,30})?
      | (?:sign\s+up|subscribe|register)\s.*\bnewsletters?\b.*
      | (?:get|receive)\s.*\bnewsletters?\b.*
      | follow\s+(?:us|@?\w+(?:\s+\w+)?)\s+on\s+(?:twitter|facebook|instagram|x|linkedin|
         youtube|tiktok|threads|bluesky|mastodon)\b.*
      | (?:click|tap)\s+here\s+to\s+(?:subscribe|sign\s+up|share|read\s+more|comment).*
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMPT_MAX_WORDS = 25
_CREDIT_LINE = re.compile(
    r"""^\W*(?:(?:top|main|lead|header|featured)\s+)?
    (?:photo|image|picture|pic|video|illustration|photograph|footage)s?
    (?:\s+(?:credit|source|courtesy))?s?\s*(?::|\bby\b|©|\(c\))""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_MAX_WORDS = 20
_LINK_LINE_MAX_WORDS = 20
_LINKED_SHARE = 0.8


def is_prompt_line(line: str) -> bool:
    """A share prompt, a "Read more: ..." pointer, a newsletter or follow-us call."""
    return len(line.split()) <= _PROMPT_MAX_WORDS and bool(_PROMPT_LINE.match(line.strip()))


def is_credit_line(line: str) -> bool:
    """A photo credit standing as a line of its own ("Photo: Jane Roe/Agency")."""
    return len(line.split()) <= _CREDIT_MAX_WORDS and bool(_CREDIT_LINE.match(line))


def link_texts(tree: HtmlElement) -> set[str]:
    """The text of every link on the page, compared by words."""
    return {key for a in tree.iter("a") if (key := _key(a.text_content()))}


def is_link_line(line: str, anchors: set[str]) -> bool:
    """The line is a link's text (allowing a short tag after it, such as "[VIDEO]")."""
    words = _key(line).split()
    if not words:
        return False
    shortest = max(1, math.ceil(_LINKED_SHARE * len(words)))
    return any(" ".join(words[:n]) in anchors for n in range(len(words), shortest - 1, -1))


def drop_link_runs(paragraphs: list[Paragraph], anchors: set[str]) -> list[Paragraph]:
    """Drop runs of two or more consecutive short lines that are each nothing but a link:
    a list of other stories inside the body. A single linked line stays."""
    flat = [(i, line) for i, p in enumerate(paragraphs) for line in p]
    doomed: set[int] = set()
    run: list[int] = []
    for n, (_, line) in enumerate([*flat, (-1, Line(""))]):
        if len(line.text.split()) <= _LINK_LINE_MAX_WORDS and is_link_line(line.text, anchors):
            run.append(n)
            continue
        if len(run) >= 2:
            doomed.update(run)
        run = []
    kept: list[Paragraph] = [[] for _ in paragraphs]
    for n, (i, line) in enumerate(flat):
        if n not in doomed:
            kept[i].append(line)
    return [p for p in kept if p]


# -- tree helpers ---------------------------------------------------------------------------


def _body(tree: HtmlElement) -> HtmlElement:
    body = tree.find(".//body")
    return body if body is not None else tree


def _names(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _link_share(element: HtmlElement) -> float:
    """Share of the element's words that are link text (1 for an empty element)."""
    words = len(element.text_content().split())
    linked = sum(len(a.text_content().split()) for a in element.iter("a"))
    return linked / words if words else 1.0


def _remove(element: HtmlElement) -> None:
    """Drop ``element`` but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# -- declared metadata ----------------------------------------------------------------------

_ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report)$")


@dataclass(frozen=True)
class Declared:
    """What the page states about itself in ``<head>``, microdata and JSON-LD."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None


def read_declared(tree: HtmlElement, url: str | None) -> Declared:
    meta = _meta_values(tree)
    ld = json_ld_article(tree)
    published = _first_time(
        meta.get("article:published_time"),
        ld.get("datePublished"),
        meta.get("itemprop:datepublished"),
        meta.get("og:published_time"),
        meta.get("datepublished"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("dc.date.issued"),
        meta.get("dcterms.created"),
        meta.get("dc.date"),
        meta.get("date"),
    )
    updated = _first_time(
        meta.get("article:modified_time"),
        ld.get("dateModified"),
        meta.get("itemprop:datemodified"),
        meta.get("og:updated_time"),
        meta.get("datemodified"),
        meta.get("dcterms.modified"),
    )
    authors = split_authors("; ".join(_ld_names(ld.get("author"))))
    if not authors:
        authors = split_authors(_first(meta.get("author"), meta.get("article:author")) or "")
    return Declared(
        title=_first(ld.get("headline"), meta.get("og:title"), meta.get("twitter:title"))
        or _title_tag(tree),
        authors=authors,
        published=published,
        updated=updated,
        site_name=_first(meta.get("og:site_name"), *_ld_names(ld.get("publisher"))),
        language=_language(tree, meta, ld),
        canonical_url=_canonical(tree, url)
        or _absolute(_first(meta.get("og:url"), _ld_url(ld)), url),
        description=_first(
            meta.get("description"), meta.get("og:description"), ld.get("description")
        ),
    )


def _first(*values: object) -> str | None:
    for value in values:
        text = _clean(value if isinstance(value, str) else None)
        if text:
            return text
    return None


def _meta_values(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name, property or http-equiv (microdata as
    ``itemprop:<name>``, ``<time itemprop datetime>`` included); the first one wins."""
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "http-equiv"):
            key = (element.get(attr) or "").strip().lower()
            if key:
                values.setdefault(key, content)
        itemprop = (element.get("itemprop") or "").strip().lower()
        if itemprop:
            values.setdefault(f"itemprop:{itemprop}", content)
    for element in tree.iter("time"):
        itemprop = (element.get("itemprop") or "").strip().lower()
        stamp = (element.get("datetime") or "").strip()
        if itemprop and stamp:
            values.setdefault(f"itemprop:{itemprop}", stamp)
    return values


def json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The first article-like object (NewsArticle, Article, BlogPosting, Report, ...) in
    the page's JSON-LD, ``@graph`` included; ``{}`` when there is none."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads((script.text or "").strip(), strict=False)
        except ValueError:
            continue
        for item in _json_objects(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                return item
    return {}


def _json_objects(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 5:
        return
    if isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _json_objects(data[key], depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)


def _ld_names(value: object) -> list[str]:
    """Names in a JSON-LD person or organisation value: a string, an object, a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    return []


def _ld_url(ld: dict[str, Any]) -> str | None:
    entity = ld.get("mainEntityOfPage")
    if isinstance(entity, dict):
        entity = entity.get("@id") or entity.get("url")
    return _first(entity, ld.get("url"))


def _canonical(tree: HtmlElement, url: str | None) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            found = _absolute(link.get("href"), url)
            if found:
                return found
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    """``href`` as an absolute http(s) URL (resolved against ``base``), else None."""
    if not href or not href.strip():
        return None
    try:
        joined = urljoin(base, href.strip()) if base else href.strip()
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return joined


def _title_tag(tree: HtmlElement) -> str | None:
    element = tree.find(".//title")
    return _clean(element.text_content()) if element is not None else None


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def _language(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    """The language the page declares, as a BCP 47 tag (``en``, ``en-GB``, ``pt-BR``)."""
    html = tree if tree.tag == "html" else tree.getroottree().getroot()
    for value in (
        html.get("lang"),
        html.get("xml:lang"),
        meta.get("content-language"),
        meta.get("og:locale"),
        meta.get("language"),
        meta.get("dc.language"),
        ld.get("inLanguage"),
    ):
        if not isinstance(value, str):
            continue
        value = value.split(",")[0].strip()
        if not _LANGUAGE_TAG.match(value):
            continue
        primary, *rest = value.replace("_", "-").split("-")
        if primary.lower() not in ("und", "mul", "zxx", "xx"):
            return "-".join([primary.lower(), *rest])
    return None


def _site_name(found: str | None, declared: Declared, url: str | None) -> str | None:
    """The outlet's name as declared (og:site_name, JSON-LD publisher), else trafilatura's
    reading, unless that is only the host name it falls back to."""
    if declared.site_name:
        return declared.site_name
    name = _clean(found)
    if not name:
        return None
    hosts = {urlsplit(u).hostname or "" for u in (url, declared.canonical_url) if u}
    if name.lower() in hosts | {h.removeprefix("www.") for h in hosts}:
        return None
    return name


# -- dates ----------------------------------------------------------------------------------


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601, RFC 2822 or printed timestamp; None when ``value`` is not one."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    stamp: datetime | None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            stamp = parse_timestamp(text)
    if stamp is None or not 1900 <= stamp.year <= 2200:
        return None
    return stamp


def _first_time(*values: str | None) -> datetime | None:
    for value in values:
        if (stamp := parse_datetime(value)) is not None:
            return stamp
    return None


def _day(value: str | None) -> datetime | None:
    """trafilatura's date (a day, ``YYYY-MM-DD``) as a naive midnight."""
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d") if value else None
    except ValueError:
        return None


def _later(updated: datetime | None, published: datetime | None) -> datetime | None:
    """``updated`` when it is an update: not before (nor at) the publication time."""
    if updated is None or published is None:
        return updated
    try:
        return updated if updated > published else None
    except TypeError:  # one has a zone, the other not: nothing to compare
        return updated


# -- authors --------------------------------------------------------------------------------

_BYLINE_PREFIX = re.compile(r"^\s*(?:by|from|written\s+by|words\s+by|posted\s+by)\s*:?\s+", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\||/|&|\band\b|\bund\b)\s*", re.I)
_ROLE = re.compile(
    r"^(?:(?:senior|chief|staff|special|political|foreign|contributing|deputy|associate|"
    r"managing|news|guest|freelance)\s+)*(?:writer|reporter|correspondent|editor|contributor|"
    r"columnist|journalist|producer|staff|team|desk|author|admin|administrator|"
    r"photographer)s?$",
    re.I,
)
_LINK = re.compile(r"(?:https?://|www\.)\S*", re.I)
_URL_LIKE = re.compile(r"^\S+\.[a-z]{2,}(?:/\S*)?$|\.(?:com|org|net)\b", re.I)
_AUTHOR_MAX_WORDS = 6


def split_authors(raw: str) -> tuple[str, ...]:
    """``"By Jane Doe and John Roe; Ann Poe"`` -> ``("Jane Doe", "John Roe", "Ann Poe")``:
    job titles, handles, addresses and links dropped, each name once."""
    if not isinstance(raw, str) or not raw.strip():
        return ()
    names: dict[str, str] = {}
    for part in _AUTHOR_SPLIT.split(_LINK.sub(" ; ", raw)):
        name = " ".join(_BYLINE_PREFIX.sub("", part).split()).strip(" .:-–—()[]")
        if not name or _ROLE.match(name) or len(name.split()) > _AUTHOR_MAX_WORDS:
            continue
        if "@" in name or _URL_LIKE.search(name) or not any(c.isalpha() for c in name):
            continue
        names.setdefault(name.casefold(), name)
    return tuple(names.values())


def _clean(value: str | None) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
