"""Plain-text copies of news pages (a browser's "select all, copy"): headline, byline, dates,
body and captions. Pure: no I/O.

Each line is classified by its own patterns (boilerplate, navigation, byline or timestamp,
caption, credit, clock time, text), then placed by position: text before the headline and
between it and the body is header; the body runs to a footer or comment section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from claimwatch.ingest.textdates import Stamp, parse_clock, scan_timestamps, strip_labels


@dataclass(frozen=True)
class TextPage:
    """What a plain-text page holds; ``dropped`` lists the lines left out of everything."""

    title: str = ""
    authors: tuple[str, ...] = ()
    agency: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    url: str | None = None
    paragraphs: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _words(*groups: str) -> frozenset[str]:
    return frozenset(w.strip() for g in groups for w in g.split("|"))


_BOILER = _words(
    "skip to content|skip to main content|skip to navigation|jump to content|menu|main menu|"
    "open menu|close|close menu|navigation|search|log in|login|log out|sign in|sign up|register|"
    "my account|subscribe|subscribe now|newsletter|newsletters|share|share this|share article|"
    "share this article|share this story|tweet|email|e-mail|print|copy link|link copied|whatsapp|"
    "facebook|twitter|x|linkedin|reddit|telegram|pinterest|flipboard|messenger|advertisement|"
    "advert|ad|sponsored|sponsored content|continue reading|read more|show more|load more|"
    "back to top|listen|listen to this article|save|save article|bookmark|home|homepage|"
    "watch live|live|live tv|play|play video|watch video|pause|mute|now playing|video|audio|"
    "gallery|loading|like|like this|accept|accept all|accept cookies|reject all|decline|got it|ok",
    "manage preferences|manage cookies|cookie settings|privacy settings|contact|contact us|about|"
    "about us|terms|terms of use|terms of service|terms and conditions|privacy|privacy policy|"
    "cookie policy|imprint|impressum|datenschutz|datenschutzerklärung|kontakt|accessibility|"
    "sitemap|rss|careers|advertise|advertise with us|all rights reserved|archive|"
    "zum inhalt springen|zum hauptinhalt springen|suche|menü|anmelden|abmelden|abonnieren|"
    "jetzt abonnieren|teilen|artikel teilen|drucken|merken|anzeige|werbung|startseite|"
    "alle akzeptieren|einstellungen|ablehnen|vorlesen|artikel anhören|weiterlesen|nach oben",
)
_SECTIONS = _words(
    "news|world|politics|business|economy|markets|companies|sport|sports|culture|opinion|"
    "weather|science|health|tech|technology|travel|lifestyle|entertainment|podcasts|regional|"
    "national|international|local|education|environment|blog|politik|wirtschaft|kultur|"
    "meinung|wetter|panorama|wissen|inland|ausland|regionales"
)
_RELATED = _words(
    "related|related articles|related stories|related topics|related content|related coverage|"
    "more on this story|more on this topic|most read|most popular|most viewed|most shared|"
    "read next|up next|you may also like|you might also like|recommended|recommended for you|"
    "more stories|more news|top stories|latest news|latest stories|trending|trending now|"
    "also read|see also|further reading|tags|topics|categories|filed under|themen|schlagworte|"
    "mehr zum thema|das könnte sie auch interessieren|meistgelesen|weitere artikel|"
    "lesen sie auch|auch interessant|zum thema"
)
_END = _words(
    "comments|leave a comment|leave a reply|post a comment|join the conversation|"
    "join the discussion|show comments|view comments|kommentare|kommentar schreiben"
)
_ORG_WORDS = _words(
    "news|herald|times|post|tribune|gazette|journal|daily|radio|tv|television|broadcasting|"
    "corporation|media|online|network|channel|magazine|weekly|observer|chronicle|courier|"
    "express|mirror|echo|standard|today|zeitung|rundschau|kurier|nachrichten|blog|press|wire"
)
_NOT_NAMES = _ORG_WORDS | _words(
    "the|ministry|minister|government|council|police|office|department|university|party|"
    "president|agency|staff|editor|reporter|correspondent|updated|published|share|read|more|"
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_PARTICLES = _words("van|von|de|der|den|da|di|du|del|della|la|le|bin|ibn|al|el|ter|zu|dos|das")

_TERMINAL = ".!?…"
_CLOSERS = "\"”’»)'"
_NAV_SPLIT = re.compile(r"\s*[|•·»›>]\s*")
_META_SPLIT = re.compile(r"\s*[|·•]\s*|\s+[–—-]\s+|\x00")
_URL_LINE = re.compile(r"(?i)^(?:(?:url|source|link|quelle|archived from)\s*:\s*)?(https?://\S+)$")
_FOOTER = re.compile(r"(?i)(?:^(?:\(c\)|copyright\b)|©).*(?:\b(?:19|20)\d\d\b|rights)")
_RESERVED = re.compile(r"(?i)\ball rights reserved\b|\balle rechte vorbehalten\b")
_BOILER_START = re.compile(
    r"(?i)^(?:read more|read also|also read|related|see also|more on this|watch next|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|zum thema|tags|topics|"
    r"categories|filed under|themen|schlagworte)\s*[:›»→|]"
)
_SHORT_PROMPT = re.compile(
    r"(?i)^(?:share|follow (?:us|@\w+)|folgen sie|teilen|sign up|subscribe|get (?:our|the)|"
    r"download (?:our|the)|click here|tap here|(?:print|e-?mail|save|bookmark) this)\b"
)
_NEWSLETTER = re.compile(r"(?i)\b(?:newsletters?|inbox|briefing|alerts)\b")
_COOKIES = re.compile(
    r"(?i)^(?:we|this (?:web)?site|our (?:web)?site)(?: and our partners)? uses? cookies|"
    r"^(?:wir|diese (?:web)?seite) (?:verwende|nutze)n? cookies|"
    r"\bcookies?\b.*\b(?:accept|consent|preferences|zustimm|einwillig|akzeptier)"
)
_COUNT = re.compile(
    r"(?i)^[\d.,]+\s*[km]?\s*(?:shares?|comments?|views?|likes?|reactions?|kommentare)?$|"
    r"^(?:image|photo|picture|foto|bild|slide) \d+ (?:of|von|/) \d+$|^(?:\w+\s+){0,4}logo$"
)
_READ_TIME = re.compile(
    r"(?i)^(?:\d+\s*[-–]?\s*(?:min(?:ute)?s?|minuten?)\.?(?:\s+(?:read|reading time|lesezeit|"
    r"lesedauer))?|(?:reading time|lesezeit|lesedauer)\s*:?\s*\d+\s*(?:min(?:ute)?s?|minuten?)\.?)$"
)
_RELATIVE = re.compile(
    r"(?i)^(?:\d+|an?|one)\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago$|"
    r"^vor\s+\d+\s+(?:minuten|stunden|tagen)$"
)
_BYLINE = re.compile(
    r"(?i)^(?:by|von|written by|words by|text by|author|authors|autor|autorin|text)\s*:?\s+"
    r"(?P<names>.+)$"
)
_ROLE = re.compile(
    r"^(?:(?:(?i:senior|chief|deputy|political|politics|economics|business|foreign|diplomatic|"
    r"health|science|environment|security|defence|legal|crime|sports?|culture|news|staff|"
    r"special|contributing|associate|managing|executive|digital|online|freie?r?)|[A-Z][\w-]*)"
    r"\s+){0,3}(?i:correspondent|reporter|editor|writer|journalist|columnist|contributor|"
    r"producer|photographer|presenter|analyst|staff|team|desk|redakteur(?:in)?|"
    r"korrespondent(?:in)?|reporterin|redaktion)s?(?:\s*(?:,|\bin\b|\bfor\b|\bat\b)\s*"
    r"[A-Z][\w -]{0,30})?$"
)
_AGENCY = re.compile(
    r"^(?:[A-Z][\w'.&-]*\s+){0,4}(?:Press Agency|News Agency|Agency|Press Association|Newswire|"
    r"Wire Service|News Service|Nachrichtenagentur|Presseagentur|Agentur)$|"
    r"^(?:Reuters|AFP|AP|Associated Press|Agence France-Presse|dpa|ANSA|EFE|UPI|Xinhua|Kyodo)$"
)
_ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|[a-z]{2,4})$")
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’.-]*(?:[ -][A-ZÀ-Þ][\w'’.-]*){0,3},?\s+(?:[^()]{0,30}?\s*)?)?"
    r"\((?P<agency>[^()]{2,40})\)\s*[-–—:]"
)
_CAPTION = re.compile(
    r"(?i)^(?:photo|photograph|picture|image|illustration|graphic|foto|bild|grafik|video|watch|"
    r"credits?|photo credit|caption|image caption|image source|media caption|video caption)"
    r"\s*[:,]\s*\S|^\(?(?:photo shows|pictured|file photo|file picture|archive (?:photo|picture)"
    r"|archivfoto|archivbild|symbolbild|symbolfoto)\b|"
    r"\((?:[\w.&'-]+\s+){0,3}(?:photo|photos|pictures|images|foto)\)\W*$|"
    r"\((?:file photo|photo|image|foto|bild)(?:\s*(?::|via|by|courtesy of)\s*[^()]{2,60})?\)\W*$|"
    r"[.!?|]\s+(?:photo|foto|bild|image|credit)\s*:\s*[^.:!?]{2,60}$"
)
_CREDIT_END = re.compile(
    r"(?:Images|Photos?|Pictures|Fotos?|Pool|AFP|Reuters|AP|dpa|Imago|Shutterstock|Alamy)$"
)
_CREDIT_BY = re.compile(r"(?i)^(?:photo|picture|image|foto)s?\s+(?:by|courtesy of|via|von)\s+\S")
_KEEP_AT_END = re.compile(
    r"(?i)^\(?(?:(?:additional )?reporting|writing|editing|compiled|translated) by\b|"
    r"^(?:correction|clarification|editor'?s note|update|berichtigung|korrektur)\b"
)
_SITE_SUFFIX = re.compile(r"^(?P<head>.{10,}?)\s+(?P<sep>[|–—-])\s+(?P<site>[^|–—]{2,50})$")


@dataclass
class _Line:
    index: int
    block: int
    text: str


@dataclass
class _Meta:
    authors: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # people named without "By"
    agency: str | None = None
    stamps: list[Stamp] = field(default_factory=list)


def parse_text_page(text: str) -> TextPage:
    """Headline, byline, dates, url, body paragraphs and captions of a plain-text page."""
    lines = _split_lines(text)
    if not lines:
        return TextPage()
    return _Reader(lines, _wrap_width(lines)).read()


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    block, gap = 0, False
    for raw in text.lstrip("\ufeff").splitlines():
        folded = " ".join(raw.split())
        if not folded:
            gap = True
            continue
        block += gap and bool(lines)
        gap = False
        lines.append(_Line(len(lines), block, folded))
    return lines


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width a hard-wrapped page was broken at, or None when lines are paragraphs."""
    inner = [a.text for a, b in pairwise(lines) if a.block == b.block]
    short = [t for t in inner if len(t) <= 100]
    if len(short) < 3:
        return None
    width = max(map(len, short))
    near = [t for t in short if len(t) >= width - 20]
    ended = sum(t[-1] in _TERMINAL + _CLOSERS for t in near)
    long = sum(len(line.text) > 100 for line in lines)
    if width < 40 or len(near) < 3 or len(near) < 0.6 * len(inner) or long * 3 > len(near):
        return None
    return width if ended * 2 < len(near) else None


def _norm(text: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", text.casefold())


def _ends_sentence(text: str) -> bool:
    """Ends like a sentence: with . ! ? or …, or with a quote or bracket closed after
    one ("… he said.”"). A quoted word at the end ("… reports are 'disinformation'")
    does not: headlines end so."""
    stripped = text.rstrip(_CLOSERS)
    if not stripped:
        return False
    if stripped[-1] in _TERMINAL:
        return True
    # a quotation closing the line after a sentence-length run of words is a sentence
    return stripped != text and len(text.split()) > 20


def _title_like(text: str) -> bool:
    words = text.split()
    if not 3 <= len(words) <= 30 or len(text) > 250 or text.endswith(":"):
        return False
    if text.endswith(".") and len(words) > 15:
        return False
    first = next((c for c in text if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def _headline_like(text: str) -> bool:
    words = len(text.split())
    return (words <= 20 and not _ends_sentence(text)) or (words <= 12 and text[-1] in "?!")


def _site_like(text: str) -> bool:
    words = text.split()
    if len(words) > 5:
        return False
    if re.search(r"\w\.(?:example|com|org|net|de|at|ch|co\.uk)$", text, re.I):
        return True
    capital = all(w[0].isupper() or w[0].isdigit() or w in ("of", "&", "the") for w in words)
    return capital and any(_norm(w) in _ORG_WORDS for w in words)


def _is_nav(text: str) -> bool:
    parts = [p for p in _NAV_SPLIT.split(text) if p]
    tokens = [_norm(t) for t in text.split()]
    if len(tokens) >= 2 and all(t in _BOILER or t in _SECTIONS for t in tokens):
        return True
    if len(parts) < 2:
        return False
    if all(_is_boiler(p) or _norm(p) in _SECTIONS | _RELATED for p in parts):
        return True
    short = all(len(p.split()) <= 3 and p[0].isupper() and not _ends_sentence(p) for p in parts)
    return short and (len(parts) >= 3 or bool(re.search(r"[»›>]", text)))


def _is_boiler(text: str) -> bool:
    norm = _norm(text)
    words = len(text.split())
    if norm in _BOILER or _COUNT.match(text) or _READ_TIME.match(text):
        return True
    if re.sub(r"\s*\(?\d+\)?$", "", norm) in _BOILER:
        return True
    if _BOILER_START.match(text) and words <= 30:
        return True
    if (
        _SHORT_PROMPT.match(text)
        and words <= 25
        and (not text.endswith(".") or _NEWSLETTER.search(text))
    ):
        return True
    return bool(_COOKIES.search(text)) and words <= 80


def _is_credit(text: str) -> bool:
    words = text.split()
    if len(words) > 8 or _NAV_SPLIT.search(text):
        return False
    if _CREDIT_END.search(text) and all(w[0].isupper() or not w[0].isalpha() for w in words):
        return True
    if _CREDIT_BY.match(text) or (text.startswith("©") and not _FOOTER.search(text)):
        return True
    pair = re.fullmatch(r"([^/|]+?)\s*/\s*([^/|]+)", text)
    return bool(
        pair
        and len(pair[1].split()) >= 2
        and len(pair[2].split()) <= 5
        and pair[1][0].isupper()
        and pair[2][0].isupper()
        and not _ends_sentence(text)
    )


def _is_agency(text: str, acronym: bool = False) -> bool:
    return bool(_AGENCY.match(text) or (acronym and _ACRONYM.match(text)))


def _person(text: str) -> str | None:
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return None
    for i, token in enumerate(tokens):
        low = token.lower().strip(".,")
        if 0 < i < len(tokens) - 1 and low in _PARTICLES:
            continue
        if (
            not token[0].isupper()
            or low in _NOT_NAMES
            or not re.fullmatch(r"[^\W\d_][\w'’.-]*", token)
        ):
            return None
    name = " ".join(tokens)
    return re.sub(r"[^\W\d_]+", lambda m: m[0].capitalize(), name) if name.isupper() else name


def _pen_name(text: str) -> bool:
    """What a "By …" names when it is no person's name: "The Insider", "Staff Reporter"."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words) and not _ROLE.match(text)


def _names(text: str, meta: _Meta, *, byline: bool) -> bool:
    """Fill ``meta`` from a list of people (and agency, roles); False when it is not one."""
    text = re.sub(r"\s*@\w+", "", text)
    authors: list[str] = []
    agency: str | None = None
    for part in re.split(r"(?i)\s*(?:,|;|&|\||\band\b|\bund\b|\bwith\b)\s*", text):
        part = part.strip(" .")
        if not part:
            continue
        base = re.sub(r"(?i)\s+(?:staff|team|desk|reporters?)$", "", part)
        if _is_agency(base, acronym=byline):
            agency = agency or base
        elif person := _person(re.sub(r"\s+in\s+[A-Z][\w -]*$", "", part)):
            authors.append(person)
        elif byline and _pen_name(part):
            authors.append(part)
        elif not (_ROLE.match(part) or _site_like(part)):
            return False
    if not authors and agency is None and not byline:
        return False
    meta.authors.extend(authors)
    meta.agency = meta.agency or agency
    return True


def _meta_line(text: str) -> _Meta | None:
    """Byline, timestamps, agency, role or reading time, and nothing else; else None."""
    if len(text) > 160:
        return None
    meta = _Meta(stamps=scan_timestamps(text))
    rest = list(text)
    for stamp in meta.stamps:
        rest[stamp.start : stamp.end] = ["\x00"] * (stamp.end - stamp.start)
    strong = bool(meta.stamps)
    for segment in _META_SPLIT.split("".join(rest)):
        kind = _meta_segment(segment, meta)
        if kind is None:
            return None
        strong = strong or kind == "strong"
    return meta if strong else None


def _meta_segment(raw: str, meta: _Meta) -> str | None:
    """Kind of one part of a meta line: "strong" (byline, agency, role, reading time), "weak"
    (site name, place, bare name, labels only) or None (anything else)."""
    segment = strip_labels(raw)
    if not segment:
        return "weak"
    if byline := _BYLINE.match(segment):
        return "strong" if _names(byline["names"], meta, byline=True) else None
    if _is_agency(segment):
        meta.agency = meta.agency or segment
        return "strong"
    if _READ_TIME.match(segment) or _RELATIVE.match(segment) or _ROLE.match(segment):
        return "strong"
    if (person := _person(segment)) and not raw.rstrip().endswith(","):
        meta.names.append(person)
        return "weak"
    words = segment.split()
    place = len(words) <= 3 and all(w[0].isupper() and w.isalpha() for w in words)
    return "weak" if place or _site_like(segment) or _norm(segment) in _BOILER else None


def _classify(text: str) -> tuple[str, _Meta | None]:
    """The kind of one line on its own, with the byline/timestamp content of a meta line."""
    norm = _norm(text)
    checks = (
        ("url", bool(_URL_LINE.match(text))),
        ("footer", bool(_FOOTER.search(text) or _RESERVED.search(text)) and len(text) < 200),
        ("end", norm in _END),
        ("related", norm in _RELATED or (norm.startswith("more from ") and len(norm) < 50)),
        ("clock", parse_clock(text) is not None),
        ("boiler", _is_boiler(text)),
        ("caption", bool(_CAPTION.search(text)) and len(text.split()) <= 60),
        ("credit", _is_credit(text)),
    )
    for kind, hit in checks:
        if hit:
            return kind, None
    meta = _meta_line(text)
    if meta is not None:
        return "meta", meta
    return ("nav", None) if _is_nav(text) else ("text", None)


class _Reader:
    """Walks the lines once: before the headline ("pre"), between it and the body ("head"),
    the body, and after a footer or comment heading ("end")."""

    def __init__(self, lines: list[_Line], width: int | None) -> None:
        self.lines, self.width = lines, width
        self.kinds = [_classify(line.text) for line in lines]
        self.state = "pre"
        self.title, self.title_index, self.title_confirmed = "", -1, False
        self.meta_seen = False
        self.authors: list[str] = []
        self.agency: str | None = None
        self.dates: dict[str, datetime | None] = {"published": None, "updated": None}
        self.date_only: str | None = None
        self.url: str | None = None
        self.captions: list[str] = []
        self.dropped: list[str] = []
        self.paragraphs: list[list[_Line]] = []
        self.marker: _Line | None = None
        self.listing = False

    def read(self) -> TextPage:
        for line, (kind, meta) in zip(self.lines, self.kinds, strict=True):
            if kind != "text" and self._continues(line):
                kind = "text"
            getattr(self, f"_on_{kind}")(line, meta)
        if self.marker is not None:
            self.dropped.append(self.marker.text)
        paragraphs = [_join(p) for p in self.paragraphs]
        tail: list[str] = []
        while (
            len(paragraphs) > 1
            and _headline_like(paragraphs[-1])
            and not _KEEP_AT_END.match(paragraphs[-1])
            and any(_ends_sentence(p) for p in paragraphs[:-1])
        ):
            tail.insert(0, paragraphs.pop())
        self.dropped.extend(tail)
        return TextPage(
            title=self.title,
            authors=tuple(dict.fromkeys(self.authors)),
            agency=self.agency or _dateline_agency(paragraphs[:2]),
            published=self.dates["published"],
            updated=self.dates["updated"],
            url=self.url,
            paragraphs=tuple(paragraphs),
            captions=tuple(self.captions),
            dropped=tuple(self.dropped),
        )

    def _continues(self, line: _Line) -> bool:
        """A hard-wrapped line that goes on the body paragraph of the line before it."""
        if self.state != "body" or not self.paragraphs or self.width is None:
            return False
        last = self.paragraphs[-1][-1]
        if last.index + 1 != line.index or last.block != line.block:
            return False
        return len(last.text) + 1 + len(line.text.split()[0]) > self.width

    def _drop(self, line: _Line, _meta: _Meta | None = None) -> None:
        self.dropped.append(line.text)

    _on_boiler = _on_nav = _drop

    def _on_url(self, line: _Line, _meta: _Meta | None) -> None:
        match = _URL_LINE.match(line.text)
        if self.state in ("pre", "head") and self.url is None and match:
            self.url = match[1]
        self._drop(line)

    def _on_footer(self, line: _Line, _meta: _Meta | None) -> None:
        self._drop(line)
        self.state = "end" if self.state == "body" else self.state

    _on_end = _on_footer

    def _on_related(self, line: _Line, _meta: _Meta | None) -> None:
        self._drop(line)
        self.listing = True

    def _on_caption(self, line: _Line, _meta: _Meta | None) -> None:
        if self.state == "end":
            self._drop(line)
        else:
            self.captions.append(line.text)

    _on_credit = _on_caption

    def _on_clock(self, line: _Line, _meta: _Meta | None) -> None:
        """A time of day: completes a header date given without one, else starts an entry."""
        clock, day = parse_clock(line.text), self.dates.get(self.date_only or "")
        if self.state in ("pre", "head") and self.date_only and clock and day:
            zone = clock.tzinfo or day.tzinfo
            self.dates[self.date_only] = datetime.combine(day.date(), clock.replace(tzinfo=zone))
            self.date_only = None
            return self._drop(line)
        if self.state in ("pre", "end"):
            return self._drop(line)
        if self.marker is not None:
            self.dropped.append(self.marker.text)
        self.marker = line

    def _on_meta(self, line: _Line, meta: _Meta | None) -> None:
        self._drop(line)
        assert meta is not None
        self.meta_seen = self.meta_seen or self.state == "head"
        in_header = self.state in ("pre", "head") or len(self.paragraphs) <= 1
        authors = meta.authors or (meta.names if in_header else [])
        self.authors = self.authors or authors
        self.agency = self.agency or meta.agency
        self.date_only = None
        for stamp in meta.stamps:
            key = stamp.kind
            if key == "plain":
                key = "published" if self.dates["published"] is None else "updated"
            if self.dates[key] is None:
                self.dates[key] = stamp.value
                self.date_only = None if stamp.has_time else key

    def _on_text(self, line: _Line, _meta: _Meta | None) -> None:
        text = line.text
        if self.state == "end":
            return self._drop(line)
        if self.listing:
            if _headline_like(text) and not self._continues(line):
                return self._drop(line)
            self.listing = False
        if self.state == "pre":
            return self._pre_text(line)
        if self.state == "head":
            return self._head_text(line)
        return self._body_text(line)

    def _pre_text(self, line: _Line) -> None:
        text = line.text
        before_meta = self._next_kind(line) == "meta" and len(text.split()) == 2
        if (_title_like(text) or before_meta) and not _site_like(text):
            self._set_title(line)
            self.state = "head"
        elif len(text.split()) >= 25 or (len(text.split()) >= 12 and _ends_sentence(text)):
            self.state = "body"
            self._body_text(line)
        else:
            self._drop(line)

    def _set_title(self, line: _Line) -> None:
        if self.title:
            self.dropped.append(self.title)
        text = line.text
        suffix = _SITE_SUFFIX.match(text)
        if suffix and _title_like(suffix["head"]):
            site = suffix["site"]
            if _site_like(site) or (suffix["sep"] == "|" and len(site.split()) <= 4):
                self.dropped.append(text)
                text = suffix["head"]
        self.title, self.title_index = text, line.index
        self.title_confirmed = self.meta_seen = False

    def _head_text(self, line: _Line) -> None:
        text = line.text
        key, title_key = _key(text), _key(self.title)
        if key and (key == title_key or (title_key.startswith(key) and len(text.split()) >= 3)):
            if key != title_key:
                self._set_title(line)
            else:
                self._drop(line)
            self.title_confirmed = True
            return
        if self._better_title(line):
            return self._set_title(line)
        if self._name_line(line):
            return self._drop(line)
        if len(text.split()) <= 3 and not _ends_sentence(text):
            return self._drop(line)
        if self._before_credit(line):
            return self.captions.append(text)
        self.state = "body"
        self._body_text(line)

    def _better_title(self, line: _Line) -> bool:
        """A headline just above the byline or date, after a site header (name, slogan,
        menu, section label) that was taken for the title."""
        if self.title_confirmed or self.meta_seen or _ends_sentence(line.text):
            return False
        if not _title_like(line.text):
            return False
        between = range(self.title_index + 1, line.index)
        header = any(
            self.kinds[i][0] != "text" or len(self.lines[i].text.split()) <= 3 for i in between
        )
        following = self.kinds[line.index + 1 : line.index + 3]
        byline_next = any(kind == "meta" for kind, _ in following)
        return header and byline_next and not _names(line.text, _Meta(), byline=False)

    def _next_kind(self, line: _Line) -> str:
        following = line.index + 1
        return self.kinds[following][0] if following < len(self.lines) else ""

    def _before_credit(self, line: _Line) -> bool:
        return self._next_kind(line) == "credit" and len(line.text.split()) <= 20

    def _name_line(self, line: _Line) -> bool:
        """Authors named without "By" (and perhaps with a role) on a line of their own."""
        meta, text = _Meta(), line.text
        if len(text) > 80 or _ends_sentence(text) or not _names(text, meta, byline=False):
            return False
        self.authors = self.authors or meta.authors
        self.agency = self.agency or meta.agency
        return True

    def _body_text(self, line: _Line) -> None:
        if self._continues(line):
            self.paragraphs[-1].append(line)
            return
        if self._before_credit(line):
            return self.captions.append(line.text)
        if len(self.paragraphs) == 1 and not self.authors and self._name_line(line):
            return self._drop(line)
        paragraph = [line]
        if self.marker is not None:
            if self.marker.index + 1 == line.index:
                paragraph.insert(0, self.marker)
            else:
                self.dropped.append(self.marker.text)
            self.marker = None
        self.paragraphs.append(paragraph)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _join(lines: list[_Line]) -> str:
    """One paragraph from its lines; a word broken at a hyphen is joined without a space."""
    text = lines[0].text
    for line in lines[1:]:
        joined = re.search(r"[^\W\d_]-$", text) and line.text[0].islower()
        text += ("" if joined else " ") + line.text
    return text


def _dateline_agency(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs:
        match = _DATELINE.match(paragraph)
        if match and _is_agency(match["agency"].strip(), acronym=True):
            return match["agency"].strip()
    return None
