"""Entities: people, organisations, places and groups, with the mentions of each merged
within an article ("the Defence Ministry", "Ministry of Defence", "the ministry" → one
organisation). Keys are stable across articles, so one organisation is one entity in the
store whichever article names it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from claimwatch.nlp.annotations import EntityMention, EntityType, Span
from claimwatch.nlp.doc import Doc, Entity

LABELS: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
_STOP = {"the", "of", "and", "for", "a", "an", "'s", "’s"}
_TITLES = re.compile(
    r"^(?:mr|mrs|ms|dr|prof|sir|gen|col|lt|maj|capt|sgt|president|prime minister|minister|"
    r"defence minister|foreign minister|finance minister|mayor|colonel|general|spokesman|"
    r"spokeswoman|spokesperson)\.?\s+",
    re.I,
)
#: Head nouns that, after "the", refer back to an organisation named earlier.
ORG_HEADS = frozenset(
    {
        "ministry", "alliance", "agency", "government", "embassy", "office", "army",
        "company", "union", "bank", "party", "committee", "council", "court", "commission",
        "federation", "institute", "directorate", "broadcaster", "authority", "police",
        "service", "board",
    }
)  # fmt: skip


class Entities:
    name = "entities"
    version = "entities.v1"
    requires = ("parse",)
    assigns = ("entities",)
    languages = frozenset({"en"})

    def predict(self, docs: Sequence[Doc]) -> list[tuple[list[Entity], list[EntityMention]]]:
        return [find_entities(doc.spacy) for doc in docs]

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, (entities, mentions) in zip(docs, predictions, strict=True):
            doc.entities, doc.mentions = entities, mentions


def normal_words(text: str) -> list[str]:
    words = re.findall(r"[\w'’-]+", text.casefold())
    return [w.removesuffix("'s").removesuffix("’s") for w in words if w not in _STOP]


def entity_key(name: str, type_: str) -> str:
    """A key shared by every spelling of one entity: for organisations the sorted content
    words ("Ministry of Defence" = "Defence Ministry"), otherwise the normalised name."""
    words = normal_words(_TITLES.sub("", name))
    if type_ == "organisation":
        words = sorted(words)
    return f"{type_}:{' '.join(words)}"


def find_entities(parsed: Any) -> tuple[list[Entity], list[EntityMention]]:
    raw = [
        (Span(e.start_char, e.end_char), LABELS[e.label_], e.label_, _clean(e.text))
        for e in parsed.ents
        if e.label_ in LABELS and _clean(e.text)
    ]
    keys = _merge_keys(raw)
    mentions = [
        EntityMention(span, type_, label, keys[(text, type_)]) for span, type_, label, text in raw
    ]
    mentions += _descriptions(parsed, mentions)
    mentions.sort(key=lambda m: m.span)
    surfaces: dict[str, list[str]] = defaultdict(list)
    types: dict[str, str] = {}
    for m in mentions:
        surfaces[m.entity].append(_clean(parsed.text[m.span.start : m.span.end]))
        types[m.entity] = m.type
    entities = [
        Entity(key, _best_name(forms), types[key], tuple(dict.fromkeys(forms)))
        for key, forms in surfaces.items()
    ]
    return entities, mentions


def _clean(text: str) -> str:
    text = re.sub(r"(?:'s|’s)$", "", text.strip())
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" \n\t.,;:")


def _merge_keys(raw: list[tuple[Span, str, str, str]]) -> dict[tuple[str, str], str]:
    """Key of each (surface, type): surnames join the full name that contains them,
    acronyms the organisation whose initials they are."""
    keys: dict[tuple[str, str], str] = {}
    people = sorted({t for _, ty, _, t in raw if ty == "person"}, key=len, reverse=True)
    orgs = sorted({t for _, ty, _, t in raw if ty == "organisation"}, key=len, reverse=True)
    for _, type_, _, text in raw:
        if (text, type_) in keys:
            continue
        full = text
        if type_ == "person":
            bare = _TITLES.sub("", text)
            full = next((p for p in people if p != text and _contains_name(p, bare)), text)
        elif type_ == "organisation" and re.fullmatch(r"[A-Z]{2,6}", text):
            full = next((o for o in orgs if _initials(o) == text), text)
        keys[(text, type_)] = entity_key(full, type_)
    return keys


def _contains_name(full: str, part: str) -> bool:
    words, parts = full.split(), part.split()
    return len(parts) < len(words) and words[-len(parts) :] == parts


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _descriptions(parsed: Any, named: list[EntityMention]) -> list[EntityMention]:
    """ "the ministry" after "the Defence Ministry" is that ministry."""
    found: list[EntityMention] = []
    orgs = [m for m in named if m.type == "organisation"]
    for chunk in parsed.noun_chunks:
        words = chunk.text.casefold().split()
        if len(words) != 2 or words[0] != "the" or words[1] not in ORG_HEADS:
            continue
        span = Span(chunk.start_char, chunk.end_char)
        if any(m.span.start < span.end and span.start < m.span.end for m in named):
            continue
        earlier = [
            m
            for m in orgs
            if m.span.end <= span.start and words[1] in _text(parsed, m.span).casefold()
        ]
        if earlier:
            found.append(EntityMention(span, "organisation", "DESCRIPTION", earlier[-1].entity))
    return found


def _text(parsed: Any, span: Span) -> str:
    return str(parsed.text[span.start : span.end])


def _best_name(forms: list[str]) -> str:
    """The longest name used, preferring capitalised forms ("Defence Ministry")."""
    capitalised = [f for f in forms if f[:1].isupper()] or forms
    return max(capitalised, key=lambda f: (len(f.split()), len(f)))
