"""Read fact-checks from files into ``FactCheck`` values: ClaimReview, CheckThat!, EUvsDisinfo.

    for item in read_factchecks("reviews/"):       # a file or a folder
        if isinstance(item, SourceError):
            print(item)                             # "feed.jsonl:7: invalid JSON (...)"
        else:
            keep(item)                              # a FactCheck

Readers never raise for a bad record: each one gives ONE ``SourceError`` value (usually
``MalformedSource``) whose message starts with the item's origin (``file:line``, or
``file#/json/pointer`` for records inside a JSON document) and the others go on.
``read_factchecks`` and ``read_euvsdisinfo`` raise ``UnreadableSource`` only when the
path itself is missing, empty, too large or unreadable. Each format also has a
``parse_*`` function taking the text (or bytes) and its origin.

Formats
-------
* **schema.org ClaimReview as JSON-LD** (``.json``, ``.jsonld``): one object, a list,
  an ``@graph``, or ClaimReviews nested in other objects (a NewsArticle's ``review``, a
  WebPage's ``mainEntity``). ``@type`` may be a string or a list, bare, ``schema:``-prefixed
  or a full ``https://schema.org/`` URL (property names too); ``{"@id": ...}`` references
  are resolved within the document; nesting deeper than 64 levels is not searched. A
  ``DataFeed`` lists them in ``dataFeedElement``: each element is a ClaimReview or a
  DataFeedItem whose ``item`` holds them (an element with neither is one error).
* **JSONL** (``.jsonl``, ``.ndjson``): one ClaimReview or DataFeedItem per line.
* **HTML pages** (``.html``, ``.htm``): every ``<script type="application/ld+json">``
  block is read as above (parsed with lxml, nothing is executed or fetched); a broken
  block is one error, the others are still read. A page without any ClaimReview is one
  error ("no ClaimReview in <page>").
* **CLEF CheckThat! 2020 task 2 verified claims** (``.tsv``): header
  ``vclaim_id<TAB>vclaim<TAB>title`` (the first name may be empty, as upstream).
* **EUvsDisinfo** (``.csv``): ``posts.csv`` (``date,id,title,countries,keywords,languages,
  outlets``), optionally joined with a publications file (``id,publication,archive``) that
  gives the URLs of the articles that carried each claim. Reading a folder joins them.

Mapping to ``FactCheck``
------------------------
ClaimReview: ``claimReviewed`` → claim (required); ``reviewRating.alternateName`` (else
its ``name``, else ``ratingValue``/``bestRating`` as "2/5") → rating; ``url`` → url;
``author.name`` (else ``publisher.name``) → publisher; ``datePublished`` → reviewed;
``headline``/``name`` → title; ``inLanguage`` → language; ``itemReviewed.author.name`` →
claimant; ``itemReviewed.datePublished`` → claim_date; ``itemReviewed.firstAppearance``,
``itemReviewed.url`` and ``itemReviewed.appearance[*]`` URLs → appearances. A ClaimReview
nested in an article or page takes the missing title, url, publisher, date and language
from it. Text is unescaped (``&amp;`` → ``&``) and its whitespace collapsed.
CheckThat!: vclaim → claim, title → title, language "en"; no rating, url or date.
EUvsDisinfo: title → claim, rating "Disinformation", id (the case URL) → url, publisher
"EUvsDisinfo", date → reviewed, outlets → claimant ("A, B"), language "en" (the case
titles are English), publication URLs → appearances (archive copies are left out).

Dates (ISO 8601) are aware UTC datetimes; a date alone is midnight UTC, a naive time is
UTC. A ClaimReview date that cannot be read is left out (the record is kept); an
EUvsDisinfo row with a bad date is an error.

Ids are deterministic (``factcheck_id``: 16 hex characters of a sha256), so importing a
file again replaces rather than duplicates: ClaimReview from (url, normalised claim), or
(publisher, normalised claim) without a url; the claim is part of the key because
round-up pages carry several ClaimReviews under one URL. CheckThat! from the vclaim_id
(``factcheck_id("checkthat", vclaim_id)`` maps qrels to ids), EUvsDisinfo from the case URL.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from claimwatch.errors import MalformedSource, SourceError, UnreadableSource
from claimwatch.ingest.decode import decode_text, read_input_bytes
from claimwatch.models import FactCheck

Item = FactCheck | SourceError

_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
_MAX_DEPTH = 64
_SUFFIXES = {
    ".json": "json", ".jsonld": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html",
    ".htm": "html", ".xhtml": "html", ".tsv": "checkthat", ".csv": "csv",
}  # fmt: skip
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CDATA = re.compile(r"^(?:/\*\s*)?<!\[CDATA\[(?:\s*\*/)?|(?:/\*\s*)?\]\]>(?:\s*\*/)?$")
_POSTS_COLUMNS = ("date", "id", "title")
_PUBLICATIONS_COLUMNS = ("id", "publication")


def factcheck_id(source_format: str, *key: str | None) -> str:
    """The deterministic id of a fact-check: 16 hex characters of sha256(format, *key)."""
    joined = "\x1f".join([source_format, *(part or "" for part in key)])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def normalise_claim(text: str) -> str:
    """The claim as an id key: NFKC, case-folded, words only, single spaces."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


# -- reading files -------------------------------------------------------------------


def read_factchecks(path: str | Path) -> Iterator[Item]:
    """Every fact-check in a file or folder (format by suffix, else by content).

    A folder is read file by file (not recursively; ``datapackage.json`` is skipped), and
    its EUvsDisinfo posts are joined with the publications files beside them. Raises
    ``UnreadableSource`` when ``path`` is missing, empty or unreadable.
    """
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    return _parse_file(read_input_bytes(path), path)


def read_euvsdisinfo(
    posts_path: str | Path, publications_path: str | Path | None = None
) -> Iterator[Item]:
    """EUvsDisinfo cases from ``posts.csv``, with appearances from a publications CSV."""
    posts = read_input_bytes(Path(posts_path))
    parsed = None
    if publications_path is not None:
        data = read_input_bytes(Path(publications_path))
        parsed = parse_euvsdisinfo_publications(data, str(publications_path))

    def items() -> Iterator[Item]:
        if parsed is not None:
            yield from parsed.errors
        by_case = parsed.by_case if parsed is not None else None
        yield from parse_euvsdisinfo_csv(posts, str(posts_path), by_case)

    return items()


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _read_folder(folder: Path) -> Iterator[Item]:
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and _suffix(p) in _SUFFIXES and p.name != "datapackage.json"
    )
    if not files:
        known = ", ".join(_SUFFIXES)
        yield UnreadableSource(f"{folder}: no fact-check files in this folder (looked for {known})")
        return
    csvs: list[tuple[Path, bytes]] = []
    for path in files:
        try:
            data = read_input_bytes(path)
        except SourceError as exc:
            yield exc
            continue
        if _suffix(path) == ".csv":
            csvs.append((path, data))
        else:
            yield from _parse_file(data, path)
    by_case: dict[str, tuple[str, ...]] = {}
    for path, data in csvs:
        if _csv_kind(data) == "publications":
            parsed = parse_euvsdisinfo_publications(data, str(path))
            yield from parsed.errors
            for case, urls in parsed.by_case.items():
                by_case[case] = tuple(dict.fromkeys(by_case.get(case, ()) + urls))
    for path, data in csvs:
        if _csv_kind(data) != "publications":
            yield from parse_euvsdisinfo_csv(data, str(path), by_case or None)


def _csv_kind(data: bytes) -> str:
    header = data[:4096].split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    names = {name.strip().strip('"\ufeff') for name in header.split(",")}
    return "publications" if "publication" in names and "title" not in names else "posts"


def _parse_file(data: bytes, path: Path) -> Iterator[Item]:
    name = str(path)
    kind = _SUFFIXES.get(_suffix(path)) or _sniff(data)
    if kind == "json":
        return parse_claimreview_json(data, name)
    if kind == "jsonl":
        return parse_claimreview_jsonl(data, name)
    if kind == "html":
        return parse_claimreview_html(data, name)
    if kind == "checkthat":
        return parse_checkthat_tsv(data, name)
    if kind == "csv" and _csv_kind(data) == "publications":
        return iter([MalformedSource(
            f"{name}: an EUvsDisinfo publications file (id,publication,archive) only adds "
            "appearances to cases: read the folder that holds it and posts.csv, or call "
            "read_euvsdisinfo(posts, publications)"
        )])  # fmt: skip
    if kind == "csv":
        return parse_euvsdisinfo_csv(data, name)
    return iter([MalformedSource(
        f"{name}: unknown fact-check format; expected ClaimReview JSON-LD (.json, .jsonl), "
        "an HTML page, a CheckThat! .tsv or an EUvsDisinfo .csv"
    )])  # fmt: skip


def _sniff(data: bytes) -> str:
    head = data[:4096].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    first = head.split("\n", 1)[0]
    if head.startswith("<"):
        return "html"
    if head.startswith(("{", "[")):
        return "json"
    if "\t" in first:
        return "checkthat"
    return "csv" if "," in first else "unknown"


# -- text and JSON ---------------------------------------------------------------------


def _strict_text(data: str | bytes, origin: str) -> str | SourceError:
    """JSON text: UTF-8 (RFC 8259); UTF-16/32 with a BOM or a NUL pattern is accepted."""
    if isinstance(data, str):
        return data
    if data.startswith(_WIDE_BOMS) or b"\x00" in data[:4096]:
        return _lenient_text(data, origin)
    raw = data.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return MalformedSource(
            f"{origin}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "JSON must be UTF-8: save the file as UTF-8"
        )


def _lenient_text(data: str | bytes, origin: str) -> str | SourceError:
    """HTML, CSV and TSV text: the charset is sniffed (``decode_text``); binary is refused."""
    if isinstance(data, str):
        return data
    try:
        return decode_text(data, origin=origin)
    except SourceError as exc:
        return exc


def _load_json(text: str, where: str) -> Any:
    """The parsed value, or a ``MalformedSource`` naming the position of the error."""
    if not text.strip():
        return MalformedSource(f"{where}: empty, expected JSON")
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        return MalformedSource(
            f"{where}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        )
    except RecursionError:
        return MalformedSource(f"{where}: JSON nested too deeply to read")


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return f"the literal {json.dumps(value)}"
    return {str: "a string", int: "a number", float: "a number"}.get(type(value), "a value")


# -- ClaimReview JSON-LD -----------------------------------------------------------------


def parse_claimreview_json(data: str | bytes, origin: str) -> Iterator[Item]:
    """The ClaimReviews of one JSON-LD document (object, list, @graph, DataFeed)."""
    text = _strict_text(data, origin)
    root = text if isinstance(text, SourceError) else _load_json(text, origin)
    if isinstance(root, SourceError):
        yield root
        return
    yield from _document(root, origin, _Graph(root))


def parse_claimreview_jsonl(data: str | bytes, origin: str) -> Iterator[Item]:
    """One ClaimReview (or DataFeedItem holding some) per line; blank lines are skipped."""
    lines: list[str | SourceError]
    if isinstance(data, bytes) and not data.startswith(_WIDE_BOMS) and b"\x00" not in data:
        raw = data.removeprefix(codecs.BOM_UTF8).split(b"\n")
        lines = [_strict_text(line, f"{origin}:{n}") for n, line in enumerate(raw, 1)]
    else:
        text = _strict_text(data, origin)
        lines = [text] if isinstance(text, SourceError) else text.split("\n")
    for n, line in enumerate(lines, 1):
        if isinstance(line, SourceError) or not line.strip():
            if isinstance(line, SourceError):
                yield line
            continue
        where = f"{origin}:{n}"
        value = _load_json(line, where)
        if isinstance(value, SourceError):
            yield value
            continue
        yield from _document(
            value, where, _Graph(value), empty="{where}: no ClaimReview on this line"
        )


def parse_claimreview_html(data: str | bytes, origin: str) -> Iterator[Item]:
    """The ClaimReviews in a page's ``<script type="application/ld+json">`` blocks."""
    text = _lenient_text(data, origin)
    if isinstance(text, SourceError):
        yield text
        return
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True)
        page = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        yield MalformedSource(f"{origin}: not an HTML page ({exc})")
        return
    blocks: list[tuple[str, Any]] = []
    broken = 0
    scripts = [
        s
        for s in page.iter("script")
        if (s.get("type") or "").split(";")[0].strip().lower() == "application/ld+json"
    ]
    for n, script in enumerate(scripts, 1):
        where = f"{origin}:ld+json[{n}]"
        body = (script.text or "").strip()
        body = body.removeprefix("<!--").removesuffix("-->").strip()
        value = _load_json(_CDATA.sub("", body).strip().rstrip(";"), where)
        if isinstance(value, SourceError):
            broken += 1
            yield value
        else:
            blocks.append((where, value))
    graph = _Graph([value for _, value in blocks])
    found = 0
    for where, value in blocks:
        for item in _document(value, where, graph, empty=None):
            found += 1
            yield item
    if not found and not broken:
        hint = "" if scripts else ' (it has no <script type="application/ld+json"> block)'
        yield MalformedSource(f"no ClaimReview in {origin}{hint}")


def parse_claimreview(node: Mapping[str, Any], origin: str = "") -> FactCheck | SourceError:
    """One ClaimReview object (already parsed JSON-LD) as a FactCheck, or why not."""
    return _claimreview(node, origin or "ClaimReview", _Graph(node), None)


class _Graph:
    """The nodes of a document by ``@id``, to resolve ``{"@id": ...}`` references."""

    def __init__(self, root: Any) -> None:
        self.nodes: dict[str, Mapping[str, Any]] = {}
        stack = [(root, 0)]
        while stack:
            value, depth = stack.pop()
            if depth > _MAX_DEPTH:
                continue
            if isinstance(value, Mapping):
                if isinstance(value.get("@id"), str) and len(value) > 1:
                    self.nodes.setdefault(value["@id"], value)
                stack.extend((v, depth + 1) for v in value.values())
            elif isinstance(value, list):
                stack.extend((v, depth + 1) for v in value)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, Mapping) and set(value) == {"@id"}:
            return self.nodes.get(value["@id"], value)
        return value


@dataclass(frozen=True)
class _Hit:
    pointer: str
    node: Mapping[str, Any] | None = None  # a ClaimReview; None for a feed element without
    context: Mapping[str, Any] | None = None


def _bare(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _types(node: Mapping[str, Any]) -> set[str]:
    declared = node.get("@type")
    values = declared if isinstance(declared, list) else [declared]
    return {_bare(v) for v in values if isinstance(v, str)}


def _get(node: Any, key: str) -> Any:
    if not isinstance(node, Mapping):
        return None
    for name in (key, *(prefix + key for prefix in _PREFIXES)):
        if name in node:
            return node[name]
    return None


def _is_page(types: set[str]) -> bool:
    return any(t.endswith(("Article", "Page", "BlogPosting")) or t == "Report" for t in types)


def _walk(
    value: Any, pointer: str, context: Mapping[str, Any] | None, depth: int
) -> Iterator[_Hit]:
    """ClaimReviews in document order; a DataFeed element without one is a ``_Hit`` with no
    node. The nearest enclosing article or page is each review's context."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, f"{pointer}/{i}", context, depth + 1)
        return
    if not isinstance(value, Mapping):
        return
    types = _types(value)
    if "ClaimReview" in types:
        yield _Hit(pointer, value, context)
        return
    if _is_page(types):
        context = value
    for key, child in value.items():
        if not isinstance(key, str) or (key.startswith("@") and key != "@graph"):
            continue
        at = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
        if "DataFeed" not in types or _bare(key) != "dataFeedElement":
            yield from _walk(child, at, context, depth + 1)
            continue
        elements = child if isinstance(child, list) else [child]
        for i, element in enumerate(elements):
            element_at = f"{at}/{i}" if isinstance(child, list) else at
            hits = list(_walk(element, element_at, context, depth + 2))
            yield from hits if any(h.node is not None for h in hits) else [_Hit(element_at)]


def _document(
    root: Any,
    where: str,
    graph: _Graph,
    *,
    empty: str | None = "no ClaimReview in {where}",
) -> Iterator[Item]:
    """Every ClaimReview under ``root``; ``empty`` words the error when there is none
    (``None``: no error, the caller decides)."""
    if not isinstance(root, (Mapping, list)):
        yield MalformedSource(
            f"{where}: the JSON is {_kind(root)}, not an object or a list; expected a "
            "ClaimReview, a list of them or a DataFeed"
        )
        return
    hits = list(_walk(root, "", None, 0))
    for hit in hits:
        at = f"{where}#{hit.pointer}" if hit.pointer else where
        if hit.node is None:
            yield MalformedSource(
                f"{at}: a dataFeedElement without a ClaimReview; expected a ClaimReview "
                "or a DataFeedItem whose item is one"
            )
        else:
            yield _claimreview(hit.node, at, graph, hit.context)
    if not hits and empty is not None:
        yield MalformedSource(empty.format(where=where))


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        return next((t for t in map(_text, value) if t), None)
    if isinstance(value, Mapping):
        value = value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return " ".join(html.unescape(value).split()) or None
    return None


def _first(value: Any, graph: _Graph) -> Any:
    if isinstance(value, list):
        value = next((v for v in value if v is not None), None)
    return graph.resolve(value)


def _name(value: Any, graph: _Graph) -> str | None:
    """A Person's or Organization's name (also a bare string, or the first of a list)."""
    if isinstance(value, list):
        return next((n for n in (_name(v, graph) for v in value) if n), None)
    value = graph.resolve(value)
    if isinstance(value, Mapping) and "@value" not in value:
        return _text(_get(value, "name")) or _text(_get(value, "alternateName"))
    return _text(value)


def _url(value: Any, graph: _Graph) -> str | None:
    value = graph.resolve(value)
    if isinstance(value, Mapping) and "@value" not in value:
        url = _text(_get(value, "url"))
        ref = value.get("@id")
        if url is None and isinstance(ref, str) and ref.startswith(("http://", "https://")):
            url = ref
        return url
    return _text(value)


def parse_date(value: Any) -> datetime | None:
    """An ISO-8601 date or date-time as an aware UTC datetime; None if unreadable (a bare
    number, which could as well be a timestamp, is not read)."""
    text = None if isinstance(value, int | float) else _text(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _rating(value: Any, graph: _Graph) -> str | None:
    rating = _first(value, graph)
    if not isinstance(rating, Mapping):
        return _text(rating)
    label = _text(_get(rating, "alternateName")) or _text(_get(rating, "name"))
    score = _text(_get(rating, "ratingValue"))
    if label or score is None:
        return label
    best, worst = _text(_get(rating, "bestRating")), _text(_get(rating, "worstRating"))
    if best is None:
        return score
    if worst in (None, "0", "1"):
        return f"{score}/{best}"
    return f"{score} (scale {worst} to {best})"


def _claimreview(
    node: Mapping[str, Any],
    where: str,
    graph: _Graph,
    context: Mapping[str, Any] | None,
) -> FactCheck | SourceError:
    page = context or {}

    def field_(key: str) -> Any:
        own = _get(node, key)
        return own if own not in (None, "", []) else _get(page, key)

    claim = _text(_get(node, "claimReviewed"))
    url = _url(field_("url"), graph)
    if not claim:
        named = f" ({url})" if url else ""
        return MalformedSource(
            f"{where}: ClaimReview{named} without claimReviewed (the text of the claim it "
            "reviews); add it, or leave the review out"
        )
    publisher = _name(field_("author"), graph) or _name(field_("publisher"), graph)
    item = _first(_get(node, "itemReviewed"), graph)
    item = item if isinstance(item, Mapping) else {}
    appearances = [_url(_get(item, "firstAppearance"), graph), _text(_get(item, "url"))]
    found = _get(item, "appearance")
    for appearance in found if isinstance(found, list) else [found]:
        appearances.append(_url(appearance, graph))
    language = _first(field_("inLanguage"), graph)
    if isinstance(language, Mapping) and "@value" not in language:
        language = _get(language, "alternateName") or _get(language, "name")
    key = ("url", url) if url else ("publisher", publisher)
    return FactCheck(
        id=factcheck_id("claimreview", *key, normalise_claim(claim)),
        claim=claim,
        rating=_rating(_get(node, "reviewRating"), graph),
        url=url,
        publisher=publisher,
        reviewed=parse_date(field_("datePublished")),
        claimant=_name(_get(item, "author"), graph),
        claim_date=parse_date(_get(item, "datePublished")),
        title=_text(_get(node, "headline") or _get(node, "name"))
        or _text(_get(page, "headline") or _get(page, "name")),
        language=_text(language),
        appearances=tuple(dict.fromkeys(u for u in appearances if u)),
        source_format="claimreview",
        origin=where,
    )


# -- CheckThat! and EUvsDisinfo ------------------------------------------------------------


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(first line number, row or error) for each record; quoted fields may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            row: list[str] | csv.Error = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row = exc
        yield start, row
        start = reader.line_num + 1


def _clean(value: str) -> str:
    return " ".join(value.replace("\x00", "").split())


def parse_checkthat_tsv(
    data: str | bytes, origin: str, *, publisher: str | None = None
) -> Iterator[Item]:
    """CheckThat! 2020 task 2 verified claims (``vclaim_id<TAB>vclaim<TAB>title``)."""
    columns = ("vclaim_id", "vclaim", "title")
    what = "a CheckThat! verified-claims file"
    for record in _table(
        data, origin, columns, what, delimiter="\t", exact=True, optional=("title",)
    ):
        if isinstance(record, SourceError):
            yield record
            continue
        where, values = record
        yield FactCheck(
            id=factcheck_id("checkthat", values["vclaim_id"].strip()),
            claim=_clean(values["vclaim"]),
            rating=None,
            url=None,
            publisher=publisher,
            reviewed=None,
            title=_clean(values["title"]) or None,
            language="en",
            source_format="checkthat",
            origin=where,
        )


@dataclass(frozen=True)
class Publications:
    """EUvsDisinfo publication URLs by case URL, and the rows that could not be read."""

    by_case: Mapping[str, tuple[str, ...]]
    errors: tuple[SourceError, ...] = field(default=())


def _table(
    data: str | bytes,
    origin: str,
    columns: Sequence[str],
    what: str,
    *,
    delimiter: str = ",",
    exact: bool = False,
    optional: Sequence[str] = (),
) -> Iterator[tuple[str, dict[str, str]] | SourceError]:
    """(origin, row by column name) for each record, or one error for a bad record.

    The header must hold ``columns`` (``exact``: only them, in that order; an empty first
    name counts as the first column, as in CheckThat! files). Only ``optional`` columns may
    be empty.
    """
    text = _lenient_text(data, origin)
    if isinstance(text, SourceError):
        yield text
        return
    rows = _rows(text, delimiter)
    line, header = next(rows, (1, []))
    names = [] if isinstance(header, csv.Error) else [h.strip().lower() for h in header]
    if exact and names[:1] in ([""], ["id"]):
        names[0] = columns[0]
    if names != list(columns) if exact else not set(columns) <= set(names):
        found = delimiter.join(names).replace("\t", "\\t") or "nothing"
        yield MalformedSource(
            f"{origin}:{line}: not {what}: expected the columns {', '.join(columns)}"
            f"{'' if exact else ' (others may follow)'}, found '{found}'"
        )
        return
    for line, row in rows:
        where = f"{origin}:{line}"
        if isinstance(row, csv.Error):
            yield MalformedSource(f"{where}: unreadable row ({row})")
        elif not any(cell.strip() for cell in row):
            continue
        elif len(row) != len(names):
            lost = names[len(row) :]
            detail = f"missing {', '.join(lost)}" if lost else "more fields than the header"
            yield MalformedSource(f"{where}: {len(row)} fields for {len(names)} columns ({detail})")
        else:
            values = dict(zip(reversed(names), reversed(row), strict=True))  # first name wins
            empty = [c for c in columns if c not in optional and not values[c].strip()]
            if empty:
                yield MalformedSource(f"{where}: empty {', '.join(empty)}")
            else:
                yield where, values


def parse_euvsdisinfo_publications(data: str | bytes, origin: str) -> Publications:
    """The ``id,publication,archive`` file: publication URLs by case URL."""
    by_case: dict[str, dict[str, None]] = {}
    errors: list[SourceError] = []
    for record in _table(data, origin, _PUBLICATIONS_COLUMNS, "an EUvsDisinfo publications file"):
        if isinstance(record, SourceError):
            errors.append(record)
        else:
            values = record[1]
            by_case.setdefault(values["id"].strip(), {})[values["publication"].strip()] = None
    return Publications({k: tuple(v) for k, v in by_case.items()}, tuple(errors))


def parse_euvsdisinfo_csv(
    data: str | bytes,
    origin: str,
    publications: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[Item]:
    """EUvsDisinfo cases (``date,id,title,...``); ``publications`` adds appearances."""
    for record in _table(data, origin, _POSTS_COLUMNS, "an EUvsDisinfo posts file"):
        if isinstance(record, SourceError):
            yield record
            continue
        where, values = record
        url, date = values["id"].strip(), values["date"].strip()
        reviewed = parse_date(date) if re.fullmatch(r"\d{4}-\d\d-\d\d", date) else None
        if reviewed is None:
            yield MalformedSource(f"{where}: date '{date}' is not a date (expected YYYY-MM-DD)")
            continue
        outlets = [o.strip() for o in values.get("outlets", "").split("+") if o.strip()]
        yield FactCheck(
            id=factcheck_id("euvsdisinfo", url),
            claim=_clean(values["title"]),
            rating="Disinformation",
            url=url,
            publisher="EUvsDisinfo",
            reviewed=reviewed,
            claimant=", ".join(outlets) or None,
            language="en",
            appearances=tuple((publications or {}).get(url, ())),
            source_format="euvsdisinfo",
            origin=where,
        )
