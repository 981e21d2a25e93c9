"""Articles given as JSON: JSON Lines, an array of objects, or one object.

Accepted shapes
---------------
* **JSON Lines** (``.jsonl``, ``.ndjson``): one object per line; blank lines are skipped.
  Items are named ``path:LINE`` (line numbers count from 1, blank lines included).
* **An array of objects**: items are named ``path[INDEX]`` (indexes count from 0).
* **One object** spread over several lines (pretty-printed): the item is named ``path``.
  An object on a single line is JSON Lines with one line (``path:LINE``).

A broken line of a JSON Lines file is reported on its own and the other lines are still
read; a broken array or object is reported once, as a whole.

Fields of one article
---------------------
=============  ==========================================================================
``url``        string, an absolute ``http``/``https`` URL of the article (optional)
``title``      string (optional)
``text``       string: the body as plain text, paragraphs separated by a blank line
``html``       string: the body as HTML, a full page or a fragment; one of ``text`` and
               ``html`` is required (when both are given, ``text`` is used unless
               it is empty)
``published``  string, an ISO 8601 date or date-time (``2026-03-05``,
               ``2026-03-05T09:30:00+01:00``, ``2026-03-05T08:30:00Z``), or a number of
               Unix seconds; a time without an offset is taken as UTC (optional)
``updated``    same form as ``published`` (optional)
``outlet``     string: the outlet's display name, e.g. ``"Harbor Times"`` (optional)
``language``   string: an ISO 639-1 code such as ``"en"``; a region (``"en-GB"``) is
               allowed (optional)
``authors``    list of strings, or one string for a single author (optional)
``id``         string or integer: your own id for the article, kept as
               ``external_id`` (optional)
=============  ==========================================================================

``null`` counts as absent for every optional field. Other keys are kept, untouched, in
``meta["extra"]``.

What the items carry
--------------------
``RawItem(kind="article", source="jsonl", url=..., content=<text or html>,
media_type="application/json", raw=<the item's JSON, UTF-8>)`` with ``meta`` holding
``title``, ``published`` and ``updated`` (timezone-aware ``datetime`` or None),
``outlet``, ``language``, ``authors`` (tuple of str), ``body_format`` (``"text"`` or
``"html"``), ``external_id`` and ``extra`` (a dict, empty when there is nothing more).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from claimwatch.errors import ExtractionError, MalformedSource, SourceError, UnreadableSource
from claimwatch.ingest.items import RawItem

KNOWN_FIELDS = frozenset(
    {"url", "title", "text", "html", "published", "updated", "outlet", "language", "authors", "id"}
)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
# Unix seconds above this are past the year 5000: the number is surely in milliseconds.
_MAX_SECONDS = 100_000_000_000


def parse_json_articles(text: str, origin: str) -> Iterator[RawItem | SourceError]:
    """One ``RawItem`` per article object, or one error value per bad line/object."""
    body = text.lstrip("\ufeff")
    if not body.strip():
        yield UnreadableSource(f"{origin}: empty input; no JSON articles in it")
        return
    try:
        document = _loads(body)
    except RecursionError:
        yield MalformedSource(f"{origin}: not valid JSON (nested too deeply)")
        return
    except ValueError as exc:
        if _json_lines(body, exc):
            yield from _parse_lines(body, origin)
        else:
            yield MalformedSource(f"{origin}: not valid JSON ({_reason(exc, line=True)})")
        return
    if isinstance(document, list):
        for index, obj in enumerate(document):
            raw = json.dumps(obj, ensure_ascii=False)
            yield _article(obj, f"{origin}[{index}]", raw)
    elif isinstance(document, dict) and "\n" in body.strip():
        yield _article(document, origin, body.strip())  # one object over many lines
    elif isinstance(document, dict):
        yield from _parse_lines(body, origin)  # JSON Lines with a single line
    else:
        yield MalformedSource(
            f"{origin}: expected JSON objects (one per line, or an array of objects), "
            f"found {_type_name(document)}"
        )


def _loads(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _json_lines(body: str, exc: ValueError) -> bool:
    """Whether a document that does not parse as a whole is JSON Lines (else one broken doc)."""
    if getattr(exc, "msg", "") == "Extra data":
        return True  # a first value parsed, and more followed
    if body.lstrip().startswith("["):
        return False
    lines = [line for line in body.split("\n") if line.strip()]
    return len(lines) == 1 or lines[1].lstrip().startswith("{")


def _parse_lines(body: str, origin: str) -> Iterator[RawItem | SourceError]:
    for number, line in enumerate(body.split("\n"), start=1):
        if not line.strip():
            continue
        item = f"{origin}:{number}"
        try:
            obj = _loads(line)
        except RecursionError:
            yield MalformedSource(f"{item}: not valid JSON (nested too deeply)")
            continue
        except ValueError as exc:
            yield MalformedSource(f"{item}: not valid JSON ({_reason(exc, line=False)})")
            continue
        yield _article(obj, item, line.strip())


def _reason(exc: ValueError, *, line: bool) -> str:
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno}, column {exc.colno}" if line else f"column {exc.colno}"
        return f"{exc.msg} at {where}"
    return str(exc)


def _article(obj: object, item: str, raw: str) -> RawItem | SourceError:
    try:
        return _build(obj, item, raw)
    except SourceError as exc:
        return exc


def _build(obj: object, item: str, raw: str) -> RawItem:
    if not isinstance(obj, dict):
        raise MalformedSource(f"{item}: expected a JSON object, found {_type_name(obj)}")
    url = _url(obj, item)
    title = _string(obj, "title", item)
    content, body_format = _body(obj, item)
    meta: dict[str, object] = {
        "title": title,
        "published": _date(obj, "published", item),
        "updated": _date(obj, "updated", item),
        "outlet": _string(obj, "outlet", item),
        "language": _language(obj, item),
        "authors": _authors(obj, item),
        "body_format": body_format,
        "external_id": _external_id(obj, item),
        "extra": {key: value for key, value in obj.items() if key not in KNOWN_FIELDS},
    }
    return RawItem(
        origin=item,
        kind="article",
        content=content,
        url=url,
        source="jsonl",
        meta=meta,
        raw=raw.encode("utf-8", errors="replace"),
        media_type="application/json",
    )


def _string(obj: dict[str, Any], key: str, item: str) -> str | None:
    """A string field, stripped; None when absent, null or blank."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedSource(f"{item}: field '{key}' must be a string, found {_type_name(value)}")
    return _clean(value).strip() or None


def _url(obj: dict[str, Any], item: str) -> str | None:
    url = _string(obj, "url", item)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise MalformedSource(
            f"{item}: field 'url' must be an absolute http or https URL, found {_show(url)}"
        )
    return url


def _body(obj: dict[str, Any], item: str) -> tuple[str, str]:
    if obj.get("text") is None and obj.get("html") is None:
        raise MalformedSource(
            f"{item}: neither 'text' nor 'html' is given; every article needs its body "
            "in one of them"
        )
    text = obj.get("text")
    html = obj.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise MalformedSource(
                f"{item}: field '{key}' must be a string, found {_type_name(value)}"
            )
    if text is not None and text.strip():
        return _clean(text), "text"
    if html is not None and html.strip():
        return _clean(html), "html"
    empty = "text" if text is not None else "html"
    raise ExtractionError(f"{item}: field '{empty}' is empty; there is no article text")


def _date(obj: dict[str, Any], key: str, item: str) -> datetime | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise MalformedSource(
            f"{item}: field '{key}' must be an ISO 8601 date or date-time string, or Unix "
            f"seconds, found {_type_name(value)}"
        )
    if isinstance(value, str):
        return _iso_date(value, key, item)
    if not math.isfinite(value):
        raise MalformedSource(f"{item}: field '{key}' ({value}) is not a usable Unix time")
    if abs(value) >= _MAX_SECONDS:
        raise MalformedSource(
            f"{item}: field '{key}' ({value}) looks like milliseconds; give Unix seconds"
        )
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise MalformedSource(
            f"{item}: field '{key}' ({value}) is not a usable Unix time"
        ) from None


def _iso_date(value: str, key: str, item: str) -> datetime | None:
    stripped = value.strip()
    if not stripped:
        return None
    try:
        parsed = datetime.fromisoformat(stripped)
    except ValueError:
        raise MalformedSource(
            f"{item}: field '{key}' is not an ISO 8601 date or date-time ({_show(value)}); "
            "write it like 2026-03-05 or 2026-03-05T09:30:00+01:00"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _language(obj: dict[str, Any], item: str) -> str | None:
    language = _string(obj, "language", item)
    if language is None:
        return None
    if not _LANGUAGE.fullmatch(language):
        raise MalformedSource(
            f"{item}: field 'language' must be an ISO 639-1 code such as 'en', "
            f"found {_show(language)}"
        )
    return language.lower().replace("_", "-")


def _authors(obj: dict[str, Any], item: str) -> tuple[str, ...]:
    value = obj.get("authors")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise MalformedSource(f"{item}: field 'authors' must be a list of strings")
    names = (" ".join(_clean(a).split()) for a in value)
    return tuple(dict.fromkeys(name for name in names if name))


def _external_id(obj: dict[str, Any], item: str) -> str | None:
    value = obj.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedSource(
            f"{item}: field 'id' must be a string or an integer, found {_type_name(value)}"
        )
    return _clean(str(value)).strip() or None


def _clean(value: str) -> str:
    """No NUL characters (no store keeps them) and no lone surrogates (not encodable)."""
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", errors="replace").decode("utf-8")
    return value


def _show(value: str) -> str:
    """A value quoted for a message, cut short."""
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
