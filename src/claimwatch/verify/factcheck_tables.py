"""Read tabular fact-check datasets: CLEF CheckThat! 2020 TSV, EUvsDisinfo CSV.

* **CLEF CheckThat! 2020 task 2 verified claims** (``.tsv``): header
  ``vclaim_id<TAB>vclaim<TAB>title`` (the first name may be empty, as upstream).
* **EUvsDisinfo** (``.csv``): ``posts.csv`` (``date,id,title,countries,keywords,languages,
  outlets``), optionally joined with a publications file (``id,publication,archive``) that
  gives the URLs of the articles that carried each claim (``factcheck_formats`` joins the
  files of a folder).

Errors name the record by ``file:line`` (the first line of a record whose quoted fields
span lines).

Mapping to ``FactCheck``
------------------------
CheckThat!: vclaim → claim, title → title, language "en"; no rating, url or date.
EUvsDisinfo: title → claim, rating "Disinformation", id (the case URL) → url, publisher
"EUvsDisinfo", date → reviewed, outlets → claimant ("A, B"), language "en" (the case
titles are English), publication URLs → appearances (archive copies are left out). A row
with a bad date is an error.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from claimwatch.errors import MalformedSource, SourceError
from claimwatch.models import FactCheck
from claimwatch.verify.factcheck_records import Item, factcheck_id, lenient_text, parse_date

_POSTS_COLUMNS = ("date", "id", "title")
_PUBLICATIONS_COLUMNS = ("id", "publication")


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
    text = lenient_text(data, origin)
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
