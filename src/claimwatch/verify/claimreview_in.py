"""Read schema.org ClaimReview JSON-LD: JSON documents, JSONL feeds, HTML pages.

* **JSON-LD** (``.json``, ``.jsonld``): one object, a list, an ``@graph``, or ClaimReviews
  nested in other objects (a NewsArticle's ``review``, a WebPage's ``mainEntity``).
  ``@type`` may be a string or a list, bare, ``schema:``-prefixed or a full
  ``https://schema.org/`` URL (property names too); ``{"@id": ...}`` references are
  resolved within the document; nesting deeper than 64 levels is not searched. A
  ``DataFeed`` lists them in ``dataFeedElement``: each element is a ClaimReview or a
  DataFeedItem whose ``item`` holds them (an element with neither is one error).
* **JSONL** (``.jsonl``, ``.ndjson``): one ClaimReview or DataFeedItem per line.
* **HTML pages** (``.html``, ``.htm``): every ``<script type="application/ld+json">``
  block is read as above (parsed with lxml, nothing is executed or fetched); a broken
  block is one error, the others are still read. A page without any ClaimReview is one
  error ("no ClaimReview in <page>").

JSON must be UTF-8 (UTF-16/32 with a BOM or a NUL pattern is accepted). Errors inside a
document name the record by JSON pointer (``file#/0/review``). The mapping of a
ClaimReview's fields to a ``FactCheck`` is in ``claimreview_in_mapping``.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from claimwatch.errors import MalformedSource, SourceError
from claimwatch.models import FactCheck
from claimwatch.verify.claimreview_in_mapping import (
    MAX_DEPTH,
    Graph,
    bare_name,
    claimreview_factcheck,
    node_types,
)
from claimwatch.verify.factcheck_records import Item, lenient_text

_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CDATA = re.compile(r"^(?:/\*\s*)?<!\[CDATA\[(?:\s*\*/)?|(?:/\*\s*)?\]\]>(?:\s*\*/)?$")


def parse_claimreview_json(data: str | bytes, origin: str) -> Iterator[Item]:
    """The ClaimReviews of one JSON-LD document (object, list, @graph, DataFeed)."""
    text = _strict_text(data, origin)
    root = text if isinstance(text, SourceError) else _load_json(text, origin)
    if isinstance(root, SourceError):
        yield root
        return
    yield from _document(root, origin, Graph(root))


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
            value, where, Graph(value), empty="{where}: no ClaimReview on this line"
        )


def parse_claimreview_html(data: str | bytes, origin: str) -> Iterator[Item]:
    """The ClaimReviews in a page's ``<script type="application/ld+json">`` blocks."""
    text = lenient_text(data, origin)
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
    graph = Graph([value for _, value in blocks])
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
    return claimreview_factcheck(node, origin or "ClaimReview", Graph(node), None)


def _strict_text(data: str | bytes, origin: str) -> str | SourceError:
    """JSON text: UTF-8 (RFC 8259); UTF-16/32 with a BOM or a NUL pattern is accepted."""
    if isinstance(data, str):
        return data
    if data.startswith(_WIDE_BOMS) or b"\x00" in data[:4096]:
        return lenient_text(data, origin)
    raw = data.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return MalformedSource(
            f"{origin}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "JSON must be UTF-8: save the file as UTF-8"
        )


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


@dataclass(frozen=True)
class _Hit:
    pointer: str
    node: Mapping[str, Any] | None = None  # a ClaimReview; None for a feed element without
    context: Mapping[str, Any] | None = None


def _is_page(types: set[str]) -> bool:
    return any(t.endswith(("Article", "Page", "BlogPosting")) or t == "Report" for t in types)


def _walk(
    value: Any, pointer: str, context: Mapping[str, Any] | None, depth: int
) -> Iterator[_Hit]:
    """ClaimReviews in document order; a DataFeed element without one is a ``_Hit`` with no
    node. The nearest enclosing article or page is each review's context."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, f"{pointer}/{i}", context, depth + 1)
        return
    if not isinstance(value, Mapping):
        return
    types = node_types(value)
    if "ClaimReview" in types:
        yield _Hit(pointer, value, context)
        return
    if _is_page(types):
        context = value
    for key, child in value.items():
        if not isinstance(key, str) or (key.startswith("@") and key != "@graph"):
            continue
        at = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
        if "DataFeed" not in types or bare_name(key) != "dataFeedElement":
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
    graph: Graph,
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
            yield claimreview_factcheck(hit.node, at, graph, hit.context)
    if not hits and empty is not None:
        yield MalformedSource(empty.format(where=where))
