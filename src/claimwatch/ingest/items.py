"""What sources hand to extraction: one raw input item, before any parsing of its content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: How the content of a raw item is to be read.
ContentKind = Literal["html", "text", "article"]


@dataclass(frozen=True)
class RawItem:
    """One input item as a source found it.

    ``kind`` says how ``content`` is to be read:
    ``html`` is a web page, ``text`` a plain-text copy of a page (or any plain text),
    ``article`` an already structured article (from JSON/JSONL or a feed entry with full
    content) whose fields are in ``meta`` and whose body is ``content`` (text or HTML, as
    ``meta["body_format"]`` says).

    ``origin`` names the item for people: a path, ``path:line``, a URL, ``warc#record``.
    ``meta`` carries what the source already knows (url, title, published, outlet, language,
    authors, feed entry fields ...); extraction fills only the gaps it leaves.
    ``provenance`` records where the bytes came from (WARC record id and target URI,
    feed URL, HTTP ETag ...).
    """

    origin: str
    kind: ContentKind
    content: str
    url: str | None = None
    source: str = "file"
    meta: dict[str, object] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    media_type: str = ""
