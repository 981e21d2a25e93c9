"""What every fact-check reader shares: the ``Item`` type, ids, claim keys, dates, text.

``factcheck_id`` and ``normalise_claim`` make the deterministic ids (the rules are in
``factcheck_formats``). Dates (ISO 8601) are aware UTC datetimes; a date alone is midnight
UTC, a naive time is UTC. ``value_text`` reads a JSON-LD value (a string, a number, an
``{"@value": ...}`` or the first of a list) as text, unescaped (``&amp;`` → ``&``) and with
its whitespace collapsed. ``lenient_text`` decodes HTML, CSV and TSV bytes.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from claimwatch.errors import SourceError
from claimwatch.ingest.decode import decode_text
from claimwatch.models import FactCheck

Item = FactCheck | SourceError


def factcheck_id(source_format: str, *key: str | None) -> str:
    """The deterministic id of a fact-check: 16 hex characters of sha256(format, *key)."""
    joined = "\x1f".join([source_format, *(part or "" for part in key)])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def normalise_claim(text: str) -> str:
    """The claim as an id key: NFKC, case-folded, words only, single spaces."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def value_text(value: Any) -> str | None:
    """A JSON-LD value as clean text, or None when it holds none."""
    if isinstance(value, list):
        return next((t for t in map(value_text, value) if t), None)
    if isinstance(value, Mapping):
        value = value.get("@value")
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return " ".join(html.unescape(value).split()) or None
    return None


def parse_date(value: Any) -> datetime | None:
    """An ISO-8601 date or date-time as an aware UTC datetime; None if unreadable (a bare
    number, which could as well be a timestamp, is not read)."""
    text = None if isinstance(value, int | float) else value_text(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def lenient_text(data: str | bytes, origin: str) -> str | SourceError:
    """HTML, CSV and TSV text: the charset is sniffed (``decode_text``); binary is refused."""
    if isinstance(data, str):
        return data
    try:
        return decode_text(data, origin=origin)
    except SourceError as exc:
        return exc
