"""Check ``truth.json`` against the demo corpus: every file exists, every feed/JSONL/WARC entry
is found by its URL, every field has an allowed value, and every statement's ``quote`` occurs in
its article's text (tags stripped crudely, entities unescaped, whitespace normalised)::

    python -m claimwatch.demo.check_truth
    python src/claimwatch/demo/check_truth.py
"""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TRUTH = HERE / "truth.json"

ROLES = {
    "rumour", "denial", "corroboration", "repeat_after_denial", "unrelated",
    "second_story_rumour", "second_story_confirmed", "correction", "syndicated_copy",
}  # fmt: skip
STANCES = {"agree", "disagree", "discuss", "unrelated"}
SPEAKER_TYPES = {
    "person", "government_body", "military", "international_organisation", "media_outlet",
    "anonymous_official", "unknown",
}  # fmt: skip
KINDS = {"direct", "reported", "mixed", "according_to"}
ACTS = {"assert", "deny", "confirm"}

_INVISIBLE = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.S | re.I)
_BLOCK = re.compile(
    r"</?(p|div|h[1-6]|li|ul|ol|br|figure|figcaption|article|section|aside|header|footer|nav|"
    r"main|title|table|tr|td|blockquote|time)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"


def normalise(text: str) -> str:
    return " ".join(text.split())


def html_text(markup: str) -> str:
    markup = _INVISIBLE.sub(" ", markup)
    markup = _BLOCK.sub(" ", markup)
    return normalise(html.unescape(_TAG.sub("", markup)))


def _read(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def entry_text(file: str, entry: str | None) -> str | None:
    """The visible text of one article in the corpus, or None when it cannot be found."""
    path = CORPUS / file
    if not path.is_file():
        return None
    name = path.name
    if name.endswith((".html", ".html.gz")):
        return html_text(_read(path))
    if name.endswith(".txt"):
        return normalise(_read(path))
    if name.endswith(".jsonl"):
        for line in _read(path).splitlines():
            if line.strip():
                obj = json.loads(line)
                if obj.get("url") == entry:
                    return html_text(obj["html"]) if "html" in obj else normalise(obj["text"])
        return None
    if name.endswith(".rss"):
        for item in ET.fromstring(_read(path)).iter("item"):
            if item.findtext("link") == entry:
                return html_text(item.findtext(CONTENT_ENCODED) or "")
        return None
    if name.endswith(".atom"):
        for item in ET.fromstring(_read(path)).iter(f"{ATOM}entry"):
            link = item.find(f"{ATOM}link[@rel='alternate']")
            if link is not None and link.get("href") == entry:
                return html_text(item.findtext(f"{ATOM}content") or "")
        return None
    if name.endswith(".warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response" and uri == entry:
                    return html_text(record.content_stream().read().decode("utf-8"))
        return None
    return None


def check(truth_path: Path = TRUTH) -> list[str]:
    problems: list[str] = []
    articles = json.loads(truth_path.read_text(encoding="utf-8"))
    seen_files = set()
    for number, art in enumerate(articles):
        where = f"#{number} {art.get('file')} {art.get('entry', '')}".rstrip()
        for key in ("file", "url", "outlet", "published", "language", "roles", "stance_to_rumour"):
            if not art.get(key):
                problems.append(f"{where}: missing {key}")
        if not set(art.get("roles", [])) <= ROLES:
            problems.append(f"{where}: unknown roles {set(art['roles']) - ROLES}")
        if art.get("stance_to_rumour") not in STANCES:
            problems.append(f"{where}: bad stance {art.get('stance_to_rumour')!r}")
        text = entry_text(art["file"], art.get("entry"))
        if text is None:
            problems.append(f"{where}: file or entry not found")
            continue
        seen_files.add(art["file"])
        for st in art.get("statements", []):
            quote = normalise(st.get("quote", ""))
            if not quote or quote not in text:
                problems.append(f"{where}: quote not found: {st.get('quote')!r}")
            if st.get("speaker_type") not in SPEAKER_TYPES:
                problems.append(f"{where}: bad speaker_type {st.get('speaker_type')!r}")
            if st.get("kind") not in KINDS:
                problems.append(f"{where}: bad kind {st.get('kind')!r}")
            if st.get("act") not in ACTS:
                problems.append(f"{where}: bad act {st.get('act')!r}")
            if not st.get("speaker") or not st.get("cue"):
                problems.append(f"{where}: statement without speaker or cue: {quote[:40]!r}")
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()}
    for extra in sorted(on_disk - seen_files):
        problems.append(f"{extra}: in corpus/ but not in truth.json")
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    count = len(json.loads(TRUTH.read_text(encoding="utf-8")))
    print(f"{count} articles, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
