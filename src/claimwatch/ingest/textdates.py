"""Timestamps as news pages print them, read from plain text. Pure: no I/O, no guessing of
relative dates ("2 hours ago"); numeric dates are day-first unless that is impossible."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Literal

#: What a label in front of a timestamp says it is; ``plain`` when there is no label.
StampKind = Literal["published", "updated", "plain"]

_MONTHS = {
    "january": 1, "jan": 1, "januar": 1, "jänner": 1, "february": 2, "feb": 2, "februar": 2,
    "march": 3, "mar": 3, "märz": 3, "maerz": 3, "mrz": 3, "april": 4, "apr": 4, "may": 5,
    "mai": 5, "june": 6, "jun": 6, "juni": 6, "july": 7, "jul": 7, "juli": 7, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12, "dezember": 12, "dez": 12,
}  # fmt: skip
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu"
    "|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag"
)
#: Zone abbreviations in hours east of UTC (the usual reading of each in news pages).
ZONES = {
    "z": 0, "utc": 0, "gmt": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "mez": 1, "cest": 2,
    "mesz": 2, "eet": 2, "eest": 3, "msk": 3, "est": -5, "edt": -4, "et": -5, "cst": -6,
    "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "pt": -8, "jst": 9, "aest": 10,
    "aedt": 11,
}  # fmt: skip

_MONTH_RE = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_ZONE_RE = (
    r"(?P<zone>(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
    + "|".join(sorted((z.upper() for z in ZONES), key=len, reverse=True))
    + r")(?![A-Za-z\d])"
)
_TIME_RE = (
    r"(?<![\d:.])(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\b\.?))?(?:\s*(?:Uhr|h)\b)?(?:\s*" + _ZONE_RE + r")?"
)
_DAY, _YEAR = r"(?P<d>\d{1,2})", r"(?P<y>\d{4})(?!\d)"
_MONTH_NAME = rf"\b(?P<mon>{_MONTH_RE})\b\.?"
_DATES = (
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")),
    ("num", re.compile(rf"(?<![\d.]){_DAY}(?P<sep>[./-])(?P<m>\d{{1,2}})(?P=sep){_YEAR}")),
    ("mdy", re.compile(rf"(?i){_MONTH_NAME}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}")),
    (
        "dmy",
        re.compile(rf"(?i)(?<!\d){_DAY}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH_NAME},?\s+{_YEAR}"),
    ),
)
_TIME_AFTER = re.compile(r"(?:\s*[,|·•–—-]\s*|\s+(?:at|um|@)\s+|\s+|T)" + _TIME_RE, re.I)
_TIME_BEFORE = re.compile(_TIME_RE + r"\s*(?:,|on|am|\||·|•|-|–|—)?\s*$", re.I)
_WEEKDAY_BEFORE = re.compile(rf"(?i)\b(?:{_WEEKDAYS})\.?,?\s*(?:the\s+)?$")
_CLOCK_LINE = re.compile(
    r"(?i)^(?:(?:posted|updated|published|last updated)(?:\s+at)?\s*:?\s*)?" + _TIME_RE + r"$"
)
_UPDATED = re.compile(r"(?i)\b(?:updated?|modified|edited|aktualisiert|geändert|stand)\b")
_PUBLISHED = re.compile(r"(?i)\b(?:published|posted|created|veröffentlicht|erstellt)\b")
_LABELS = re.compile(
    r"(?i)\b(?:first|last|zuletzt|published|posted|updated?|modified|edited|on|at|am|um|uhr"
    r"|veröffentlicht|aktualisiert|geändert|stand|erstellt|date|datum|time)\b"
)


@dataclass(frozen=True)
class Stamp:
    """One timestamp found in a line: what it is, its value and where it stands."""

    kind: StampKind
    value: datetime
    start: int
    end: int
    has_time: bool


def scan_timestamps(line: str) -> list[Stamp]:
    """Every timestamp in ``line``, left to right."""
    stamps: list[Stamp] = []
    pos = 0
    while found := _next_date(line, pos):
        name, match = found
        stamp = _stamp(line, pos, name, match)
        if stamp is not None:
            stamps.append(stamp)
        pos = stamp.end if stamp is not None else match.end()
    return stamps


def find_timestamp(line: str) -> tuple[StampKind, datetime] | None:
    """The first timestamp in ``line`` with its kind, or None."""
    stamps = scan_timestamps(line)
    return (stamps[0].kind, stamps[0].value) if stamps else None


def parse_timestamp(s: str) -> datetime | None:
    """A string that is one timestamp (labels such as "Updated:" allowed), else None."""
    stamps = scan_timestamps(s)
    if len(stamps) != 1:
        return None
    rest = strip_labels(s[: stamps[0].start] + " " + s[stamps[0].end :])
    return stamps[0].value if not rest else None


def parse_clock(line: str) -> time | None:
    """A line that is only a time of day ("14:32", "2:05 PM GMT", "Posted at 09:10")."""
    match = _CLOCK_LINE.match(line.strip())
    return _clock(match) if match else None


def strip_labels(text: str) -> str:
    """``text`` without timestamp labels ("Published", "Last updated on", "Stand:") and
    the punctuation around them."""
    return _LABELS.sub(" ", text).strip(" \t,;:.|·•()-–—")


def _next_date(line: str, pos: int) -> tuple[str, re.Match[str]] | None:
    best: tuple[str, re.Match[str]] | None = None
    for name, pattern in _DATES:
        match = pattern.search(line, pos)
        if match and (best is None or _earlier(match, best[1])):
            best = (name, match)
    return best


def _earlier(a: re.Match[str], b: re.Match[str]) -> bool:
    return (a.start(), -a.end()) < (b.start(), -b.end())


def _stamp(line: str, pos: int, name: str, match: re.Match[str]) -> Stamp | None:
    day = _date(name, match)
    if day is None:
        return None
    start, end = match.start(), match.end()
    weekday = _WEEKDAY_BEFORE.search(line, pos, start)
    if weekday:
        start = weekday.start()
    clock: time | None = None
    after = _TIME_AFTER.match(line, end)
    if after and (clock := _clock(after)):
        end = after.end()
    else:
        before = _TIME_BEFORE.search(line, pos, start)
        if before and (clock := _clock(before)):
            start = before.start()
    value = day if clock is None else datetime.combine(day.date(), clock)
    return Stamp(_kind(line[pos:start]), value, start, end, clock is not None)


def _date(name: str, match: re.Match[str]) -> datetime | None:
    year, day = int(match["y"]), int(match["d"])
    if name in ("mdy", "dmy"):
        month = _MONTHS[match["mon"].lower()]
    else:
        month = int(match["m"])
        if name == "num" and month > 12 >= day:
            day, month = month, day
    if not 1900 <= year <= 2200:
        return None
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _clock(match: re.Match[str]) -> time | None:
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    ampm = (match["ampm"] or "").lower()
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second, tzinfo=_zone(match["zone"]))


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    key = text.lower().replace(" ", "")
    if key in ZONES:
        return timezone(timedelta(hours=ZONES[key]))
    offset = re.search(r"([+-])(\d{1,2}):?(\d{2})?$", key)
    if not offset:
        return None
    hours, minutes = int(offset[2]), int(offset[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if offset[1] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _kind(prefix: str) -> StampKind:
    updated = [m.start() for m in _UPDATED.finditer(prefix)]
    published = [m.start() for m in _PUBLISHED.finditer(prefix)]
    if not updated and not published:
        return "plain"
    return "updated" if max(updated, default=-1) > max(published, default=-1) else "published"
