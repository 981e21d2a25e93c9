"""HTML rendering: one Jinja environment with autoescaping on, and the few filters the
templates need. Article text is untrusted: everything shown goes through ``escape``;
the only markup we add is our own (``<mark>`` around highlighted spans)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request

from claimwatch.store import facets

_ENV = Environment(
    loader=PackageLoader("claimwatch.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

_WORD = re.compile(r"\w{3,}", re.UNICODE)


def _parse(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def day(value: str | datetime | None) -> str:
    when = _parse(value)
    return f"{when.day} {when:%b %Y}" if when else "undated"


def moment(value: str | datetime | None) -> str:
    when = _parse(value)
    return f"{when.day} {when:%b %Y, %H:%M}" if when else "undated"


def slug(value: str | None) -> str:
    """A verdict label as a CSS class word: its first word, letters only."""
    words = re.findall(r"[a-z]+", (value or "").lower())
    return words[0] if words else "none"


def href(value: str | None) -> str:
    """An untrusted link for an ``href``: http(s) only (never ``javascript:`` or ``data:``);
    anything else becomes an inert "#"."""
    value = (value or "").strip()
    return value if re.match(r"https?://[^\s]+$", value, re.IGNORECASE) else "#"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def highlight(text: str | None, query: str | None) -> Markup:
    """``text`` escaped, with each word of ``query`` (3+ letters) wrapped in <mark>."""
    if not text:
        return Markup("")
    words = {w.lower() for w in _WORD.findall(query or "")}
    if not words:
        return escape(text)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [escape(text[last : m.start()]), Markup("<mark>"), escape(m[0]), Markup("</mark>")]
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def spans_html(text: str, spans: Sequence[dict[str, Any]]) -> Markup:
    """The article text escaped, each span (``start``, ``end``, ``id``, ``act``, optional
    ``title``) wrapped in a <mark> with an anchor and a tooltip, overlapping spans skipped;
    paragraphs kept by CSS."""
    out, last = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = span["start"], span["end"]
        if start < last or not 0 <= start < end <= len(text):
            continue
        act = re.sub(r"[^a-z_]", "", str(span.get("act", "")))
        sid = re.sub(r"[^A-Za-z0-9_-]", "", str(span.get("id", "")))
        out += [
            escape(text[last:start]),
            Markup('<mark class="said act-{}" id="s-{}" title="{}">').format(
                act, sid, span.get("title", "")
            ),
            escape(text[start:end]),
            Markup("</mark>"),
        ]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def bar(count: int, top: Iterable[int]) -> int:
    """A count as a percentage of the largest, for CSS bar widths."""
    peak = max(top, default=0)
    return round(100 * count / peak) if peak else 0


def dict_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Query parameters with ``changes`` applied (None removes one; empty ones dropped)."""
    merged = {**base, **changes}
    return {k: v for k, v in merged.items() if v not in (None, "")}


def month_range(month: str) -> dict[str, str | None]:
    """The since/until query values of a "YYYY-MM" month facet value."""
    since, until = facets.month_range(month)
    return {"since": f"{since:%Y-%m-%d}", "until": f"{until:%Y-%m-%d}", "offset": None}


_ENV.filters.update(
    dict_merge=dict_merge,
    day=day,
    moment=moment,
    pct=pct,
    highlight=highlight,
    slug=slug,
    href=href,
)
_ENV.globals.update(spans_html=spans_html, bar=bar, month_range=month_range)


def render(template: str, request: Request, context: dict[str, Any]) -> str:
    """The page ``template`` with ``context``, the request's path and query at hand."""
    return _ENV.get_template(template).render(
        request=request, path=request.url.path, query=dict(request.query_params), **context
    )
