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

This module picks the reader (by suffix, else by content) and reads folders. The formats
and their mapping to ``FactCheck`` are described where they are read:

* ``claimreview_in``: schema.org ClaimReview as JSON-LD (``.json``, ``.jsonld``), JSONL
  (``.jsonl``, ``.ndjson``) and HTML pages (``.html``, ``.htm``); ``claimreview_in_mapping``
  maps a ClaimReview to a ``FactCheck``.
* ``factcheck_tables``: CLEF CheckThat! 2020 task 2 verified claims (``.tsv``) and
  EUvsDisinfo (``.csv``: posts, joined with publications when a folder holds both).
* ``factcheck_records``: the shared pieces (``Item``, ids, claim keys, dates, text).

Ids are deterministic (``factcheck_id``: 16 hex characters of a sha256), so importing a
file again replaces rather than duplicates: ClaimReview from (url, normalised claim), or
(publisher, normalised claim) without a url; the claim is part of the key because
round-up pages carry several ClaimReviews under one URL. CheckThat! from the vclaim_id
(``factcheck_id("checkthat", vclaim_id)`` maps qrels to ids), EUvsDisinfo from the case URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claimwatch.errors import MalformedSource, SourceError, UnreadableSource
from claimwatch.ingest.decode import read_input_bytes
from claimwatch.verify.claimreview_in import (
    parse_claimreview_html,
    parse_claimreview_json,
    parse_claimreview_jsonl,
)
from claimwatch.verify.factcheck_records import Item
from claimwatch.verify.factcheck_tables import (
    parse_checkthat_tsv,
    parse_euvsdisinfo_csv,
    parse_euvsdisinfo_publications,
)

_SUFFIXES = {
    ".json": "json", ".jsonld": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html",
    ".htm": "html", ".xhtml": "html", ".tsv": "checkthat", ".csv": "csv",
}  # fmt: skip


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
