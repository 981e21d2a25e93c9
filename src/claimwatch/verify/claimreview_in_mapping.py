"""A ClaimReview node (parsed JSON-LD) as a ``FactCheck``, resolving ``@id`` references.

Mapping to ``FactCheck``
------------------------
``claimReviewed`` → claim (required); ``reviewRating.alternateName`` (else its ``name``,
else ``ratingValue``/``bestRating`` as "2/5") → rating; ``url`` → url; ``author.name``
(else ``publisher.name``) → publisher; ``datePublished`` → reviewed; ``headline``/``name``
→ title; ``inLanguage`` → language; ``itemReviewed.author.name`` → claimant;
``itemReviewed.datePublished`` → claim_date; ``itemReviewed.firstAppearance``,
``itemReviewed.url`` and ``itemReviewed.appearance[*]`` URLs → appearances. A ClaimReview
nested in an article or page takes the missing title, url, publisher, date and language
from it. Text is unescaped (``&amp;`` → ``&``) and its whitespace collapsed. A date that
cannot be read is left out (the record is kept).

Property names may be bare, ``schema:``-prefixed or full ``https://schema.org/`` URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from claimwatch.errors import MalformedSource, SourceError
from claimwatch.models import FactCheck
from claimwatch.verify.factcheck_records import (
    factcheck_id,
    normalise_claim,
    parse_date,
    value_text,
)

_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
MAX_DEPTH = 64


class Graph:
    """The nodes of a document by ``@id``, to resolve ``{"@id": ...}`` references."""

    def __init__(self, root: Any) -> None:
        self.nodes: dict[str, Mapping[str, Any]] = {}
        stack = [(root, 0)]
        while stack:
            value, depth = stack.pop()
            if depth > MAX_DEPTH:
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


def bare_name(name: str) -> str:
    """A type or property name without its schema.org prefix."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def node_types(node: Mapping[str, Any]) -> set[str]:
    """The bare ``@type`` names of a node (a string or a list)."""
    declared = node.get("@type")
    values = declared if isinstance(declared, list) else [declared]
    return {bare_name(v) for v in values if isinstance(v, str)}


def _get(node: Any, key: str) -> Any:
    if not isinstance(node, Mapping):
        return None
    for name in (key, *(prefix + key for prefix in _PREFIXES)):
        if name in node:
            return node[name]
    return None


def _first(value: Any, graph: Graph) -> Any:
    if isinstance(value, list):
        value = next((v for v in value if v is not None), None)
    return graph.resolve(value)


def _name(value: Any, graph: Graph) -> str | None:
    """A Person's or Organization's name (also a bare string, or the first of a list)."""
    if isinstance(value, list):
        return next((n for n in (_name(v, graph) for v in value) if n), None)
    value = graph.resolve(value)
    if isinstance(value, Mapping) and "@value" not in value:
        return value_text(_get(value, "name")) or value_text(_get(value, "alternateName"))
    return value_text(value)


def _url(value: Any, graph: Graph) -> str | None:
    value = graph.resolve(value)
    if isinstance(value, Mapping) and "@value" not in value:
        url = value_text(_get(value, "url"))
        ref = value.get("@id")
        if url is None and isinstance(ref, str) and ref.startswith(("http://", "https://")):
            url = ref
        return url
    return value_text(value)


def _rating(value: Any, graph: Graph) -> str | None:
    rating = _first(value, graph)
    if not isinstance(rating, Mapping):
        return value_text(rating)
    label = value_text(_get(rating, "alternateName")) or value_text(_get(rating, "name"))
    score = value_text(_get(rating, "ratingValue"))
    if label or score is None:
        return label
    best, worst = value_text(_get(rating, "bestRating")), value_text(_get(rating, "worstRating"))
    if best is None:
        return score
    if worst in (None, "0", "1"):
        return f"{score}/{best}"
    return f"{score} (scale {worst} to {best})"


def claimreview_factcheck(
    node: Mapping[str, Any],
    where: str,
    graph: Graph,
    context: Mapping[str, Any] | None,
) -> FactCheck | SourceError:
    """The ClaimReview ``node`` as a FactCheck, or why not; ``context`` is the enclosing
    article or page that fills in its missing fields."""
    page = context or {}

    def field_(key: str) -> Any:
        own = _get(node, key)
        return own if own not in (None, "", []) else _get(page, key)

    claim = value_text(_get(node, "claimReviewed"))
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
    appearances = [_url(_get(item, "firstAppearance"), graph), value_text(_get(item, "url"))]
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
        title=value_text(_get(node, "headline") or _get(node, "name"))
        or value_text(_get(page, "headline") or _get(page, "name")),
        language=value_text(language),
        appearances=tuple(dict.fromkeys(u for u in appearances if u)),
        source_format="claimreview",
        origin=where,
    )
