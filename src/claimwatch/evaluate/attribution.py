"""Statement (attribution) extraction scored on PolNeAR, the way BBC R&D's Citron scores it.

**Data.** A PolNeAR folder ``DIR`` holds ``text/<article>.txt`` and
``attributions/<article>_<annotator>.ann`` (brat standoff). ``T`` lines are spans
(``T7\\tContent 315 448;463 553\\t<surface>``; a discontinuous span has several
``start end`` fragments joined by ``;``), ``E`` lines tie one attribution together
(``E3\\tAttribution:T12 Content:T9 Cue:T11 Source:T10``; the trigger is the
``Attribution`` or ``Attribution-no-source`` anchor, which has the cue's span). A role
name may carry a number (``Content2``): its spans join those of the role. Reading rules:

* offsets are code-point offsets into the ``.txt`` read as UTF-8 with newlines untouched;
* a span whose text runs over a line break makes brat write the surface over several
  lines: while a ``T`` line's surface is shorter than its offsets say, the lines that
  follow and do not look like annotation lines are taken as the rest of the surface;
* ``#`` notes, ``A``/``M``/``N``/``R``/``*`` lines and ``Discuss``/``Discard`` spans are
  read past; any other line that cannot be read raises :class:`ValueError` naming it;
* an ``E`` line with no Content, Cue or Source argument (brat leftovers, often a
  duplicate of another event on the same anchor) is dropped; an event without a ``Cue``
  argument takes its anchor's span as cue; ``source`` is empty when it has no ``Source``;
  each role's spans are sorted and deduplicated (brat fragments are sometimes written out
  of order, ``209 236;91 186``).

**Annotator choice.** Some articles were annotated by several annotators. One ``.ann`` is
kept per article: the first annotator in the ``annotators`` column of
``DIR/../metadata.tsv`` (``4b22|4e07|...``) that has a file, or, when there is no
metadata file or row, the first annotator id in sorted order. (On PolNeAR train and dev
both rules pick the same files.) Articles with a text but no ``.ann`` are left out, and
so are ``.ann`` files without a text.

**Metric** (benchmarks.md §4, the Citron convention), per role (content, cue, source),
micro-averaged over the corpus (counts summed over articles before dividing):

* *exact*: a span (all fragments of a discontinuous span together) is correct when its
  boundaries equal those of a gold span of the same role in the same article, after both
  sides are normalised by trimming, at both ends of every fragment, whitespace, the quote
  marks ``“ ” " ‘ ’ ' « » „ ‚ ‹ ›`` and ``.`` ``,`` ``:`` ``;`` (PolNeAR keeps or leaves
  out a closing quote mark or final period at random, and ends about 2 % of its cues with
  a colon, "said:"; fragments left empty are dropped, a span left empty is not counted).
  The spans of a role are compared as *sets* per article (duplicates, e.g. one source
  shared by two attributions, count once), so precision = correct / distinct predicted
  spans and recall = matched / distinct gold spans.
* *overlap*: the text is tokenised once into words (``\\w+``; punctuation is not a token,
  so a quote mark or a final period in or out of a span changes nothing). A token belongs
  to a span when any of its characters lies in it. Precision = predicted tokens of the
  role that are also gold tokens of the role / predicted tokens of the role; recall = the
  same count / gold tokens of the role (each token counted once per role and article).
* *source accuracy*: every gold attribution whose content has at least one token is
  matched to the predicted attribution whose content covers most of its tokens (ties: the
  one with fewer extra tokens, then the first); the match counts when it covers at least
  50 % of the gold content's tokens (one prediction may match several gold contents).
  Among matched gold attributions, the share whose predicted source shares a token with
  the gold source, or, when the gold attribution has no source, whose prediction has none
  either.

**Empty denominators** give 0.0: precision with nothing predicted, recall with nothing in
the gold, F1 when precision + recall is 0, source accuracy when no gold content was
matched. ``as_dict()['cue_f1']`` is the *overlap* cue F1 (cue boundaries are often one
word off, "has learned" vs "learned"); the exact one is ``cue_f1_exact``.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "PRF",
    "AnnotatedArticle",
    "Attribution",
    "AttributionScore",
    "Span",
    "annotation_files",
    "check_ann",
    "evaluate",
    "load_polnear",
    "parse_ann",
    "score_attributions",
]

ROLES = ("content", "cue", "source")
_TRIM = frozenset("“”\"‘’'«»„‚‹›.,:;")
_TOKEN = re.compile(r"\w+")
_ANNOTATION_LINE = re.compile(r"^(?:[TERAMN#]\d+|\*)\t")
_T_LINE = re.compile(r"^T(\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$")
_E_LINE = re.compile(r"^E(\d+)\t(\S+):(T\d+)((?: +\w+:T\d+)*) *$")
_IGNORED = re.compile(r"^(?:[RAMN#]\d+|\*)\t")
_SPAN_LABELS = frozenset(
    {"Source", "Cue", "Content", "Attribution", "Attribution-no-source", "Discuss", "Discard"}
)


@dataclass(frozen=True, order=True)
class Span:
    """``[start, end)`` character offsets into the article text."""

    start: int
    end: int


@dataclass(frozen=True)
class Attribution:
    content: tuple[Span, ...]
    cue: tuple[Span, ...]
    source: tuple[Span, ...]  # empty when the attribution has no source


@dataclass(frozen=True)
class AnnotatedArticle:
    id: str
    text: str
    attributions: tuple[Attribution, ...]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class AttributionScore:
    content_exact: PRF
    content_overlap: PRF
    cue_exact: PRF
    cue_overlap: PRF
    source_exact: PRF
    source_overlap: PRF
    source_accuracy: float
    articles: int
    gold: int
    predicted: int

    def as_dict(self) -> dict[str, float]:
        """Flat keys ``<role>_<precision|recall|f1>_<exact|overlap>``, plus ``cue_f1``
        (= ``cue_f1_overlap``), ``source_accuracy``, ``articles``, ``gold``,
        ``predicted``."""
        out: dict[str, float] = {}
        for role in ROLES:
            for kind in ("exact", "overlap"):
                prf: PRF = getattr(self, f"{role}_{kind}")
                out[f"{role}_precision_{kind}"] = prf.precision
                out[f"{role}_recall_{kind}"] = prf.recall
                out[f"{role}_f1_{kind}"] = prf.f1
        out["cue_f1"] = self.cue_overlap.f1
        out["source_accuracy"] = self.source_accuracy
        out["articles"] = self.articles
        out["gold"] = self.gold
        out["predicted"] = self.predicted
        return out


# -- brat reading ------------------------------------------------------------------------


@dataclass(frozen=True)
class _TSpan:
    label: str
    spans: tuple[Span, ...]
    surface: str
    line: int


@dataclass(frozen=True)
class _Event:
    trigger: str
    args: tuple[tuple[str, str], ...]  # (role without its number, T id)
    line: int
    raw: str


def _read_brat(ann_text: str) -> tuple[dict[str, _TSpan], list[_Event]]:
    spans: dict[str, _TSpan] = {}
    events: list[_Event] = []
    lines = ann_text.split("\n")
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        number = i + 1
        i += 1
        if not raw.strip():
            continue
        if raw.startswith("T"):
            match = _T_LINE.match(raw)
            if match is None:
                raise ValueError(f"line {number}: cannot read span line {raw!r}")
            label, offsets, surface = match.group(2), match.group(3), match.group(4) or ""
            if label not in _SPAN_LABELS:
                raise ValueError(f"line {number}: unknown span label {label!r} in {raw!r}")
            fragments: list[Span] = []
            for part in offsets.split(";"):
                start, end = (int(x) for x in part.split(" "))
                if end < start:
                    raise ValueError(f"line {number}: span ends before it starts in {raw!r}")
                fragments.append(Span(start, end))
            expected = sum(f.end - f.start for f in fragments) + len(fragments) - 1
            # A span over a line break: brat wrote the rest of the surface on the next lines.
            while (
                len(surface) < expected and i < len(lines) and not _ANNOTATION_LINE.match(lines[i])
            ):
                surface += "\n" + lines[i].rstrip("\r")
                i += 1
            key = f"T{match.group(1)}"
            if key in spans:
                raise ValueError(f"line {number}: {key} defined twice")
            spans[key] = _TSpan(label, tuple(fragments), surface, number)
        elif raw.startswith("E"):
            match = _E_LINE.match(raw)
            if match is None:
                raise ValueError(f"line {number}: cannot read event line {raw!r}")
            args: list[tuple[str, str]] = []
            for item in match.group(4).split():
                role, ref = item.split(":")
                base = role.rstrip("0123456789")
                if base not in ("Content", "Cue", "Source"):
                    raise ValueError(f"line {number}: unknown role {role!r} in {raw!r}")
                args.append((base.lower(), ref))
            events.append(_Event(match.group(3), tuple(args), number, raw))
        elif _IGNORED.match(raw):
            continue
        else:
            raise ValueError(f"line {number}: not a brat annotation line: {raw!r}")
    return spans, events


def parse_ann(ann_text: str) -> tuple[Attribution, ...]:
    """The attributions (``E`` lines) of one brat ``.ann`` text, in file order.

    Raises :class:`ValueError` naming the line for a line that cannot be read, an unknown
    label or role, or an event that refers to an undefined span."""
    spans, events = _read_brat(ann_text)
    out: list[Attribution] = []
    for event in events:
        for ref in (event.trigger, *(ref for _, ref in event.args)):
            if ref not in spans:
                raise ValueError(f"line {event.line}: {ref} is not defined in {event.raw!r}")
        if not event.args:
            continue
        roles: dict[str, set[Span]] = {role: set() for role in ROLES}
        for role, ref in event.args:
            roles[role].update(spans[ref].spans)
        if not roles["cue"]:
            roles["cue"].update(spans[event.trigger].spans)
        out.append(
            Attribution(
                content=tuple(sorted(roles["content"])),
                cue=tuple(sorted(roles["cue"])),
                source=tuple(sorted(roles["source"])),
            )
        )
    return tuple(out)


def check_ann(ann_text: str, text: str) -> list[str]:
    """Problems between an ``.ann`` and its text: offsets past the end of the text and
    ``T`` lines whose surface is not ``text[start:end]`` (fragments joined by a space).
    One message per problem, empty when there is none."""
    spans, _ = _read_brat(ann_text)
    problems: list[str] = []
    for key, tspan in spans.items():
        if any(f.end > len(text) for f in tspan.spans):
            problems.append(f"line {tspan.line}: {key} ends past the text ({len(text)} chars)")
            continue
        found = " ".join(text[f.start : f.end] for f in tspan.spans)
        if found != tspan.surface:
            problems.append(
                f"line {tspan.line}: {key} {tspan.label} surface {tspan.surface!r} "
                f"!= text {found!r}"
            )
    return problems


def _metadata_annotators(data_dir: Path) -> dict[str, list[str]]:
    path = data_dir.parent / "metadata.tsv"
    if not path.is_file():
        return {}
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name, annotators = row.get("filename"), row.get("annotators")
            if name and annotators:
                out[name] = [a for a in annotators.split("|") if a]
    return out


def _choose_annotator(available: Iterable[str], listed: Sequence[str]) -> str:
    present = sorted(available)
    for annotator in listed:
        if annotator in present:
            return annotator
    return present[0]


def annotation_files(data_dir: Path) -> dict[str, Path]:
    """``{article id: the .ann chosen for it}`` for the articles of ``DIR`` that have a
    text and at least one ``.ann`` (see the module notes for the annotator choice)."""
    data_dir = Path(data_dir)
    texts = {p.stem for p in (data_dir / "text").glob("*.txt")}
    by_article: dict[str, dict[str, Path]] = {}
    for path in (data_dir / "attributions").glob("*.ann"):
        article, sep, annotator = path.stem.rpartition("_")
        if sep and article in texts:
            by_article.setdefault(article, {})[annotator] = path
    metadata = _metadata_annotators(data_dir)
    chosen: dict[str, Path] = {}
    for article in sorted(by_article):
        files = by_article[article]
        chosen[article] = files[_choose_annotator(files, metadata.get(article, ()))]
    return chosen


def _read_text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def load_polnear(data_dir: Path) -> list[AnnotatedArticle]:
    """Every annotated article of a PolNeAR folder (``text/`` and ``attributions/``),
    sorted by id, one annotator each."""
    data_dir = Path(data_dir)
    out: list[AnnotatedArticle] = []
    for article, ann_path in annotation_files(data_dir).items():
        try:
            attributions = parse_ann(_read_text(ann_path))
        except ValueError as exc:
            raise ValueError(f"{ann_path}: {exc}") from None
        text = _read_text(data_dir / "text" / f"{article}.txt")
        out.append(AnnotatedArticle(article, text, attributions))
    return out


# -- scoring -----------------------------------------------------------------------------


class _Tokens:
    """Word tokens of one text, to map character spans to token indices."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for match in _TOKEN.finditer(text):
            self.starts.append(match.start())
            self.ends.append(match.end())

    def covered(self, spans: Iterable[Span]) -> set[int]:
        out: set[int] = set()
        for span in spans:
            index = bisect.bisect_right(self.ends, span.start)
            while index < len(self.starts) and self.starts[index] < span.end:
                out.add(index)
                index += 1
        return out


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in _TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM):
        end -= 1
    return Span(start, end) if start < end else None


def _normalised(text: str, spans: Sequence[Span]) -> tuple[Span, ...]:
    trimmed = (_trim(text, span) for span in spans)
    return tuple(sorted({span for span in trimmed if span is not None}))


def _check_spans(article: str, text: str, attributions: Sequence[Attribution]) -> None:
    for attribution in attributions:
        for role in ROLES:
            for span in getattr(attribution, role):
                if not 0 <= span.start <= span.end <= len(text):
                    raise ValueError(
                        f"{article}: {role} span {span} is outside the text ({len(text)} chars)"
                    )


def _prf(correct: int, predicted: int, gold: int) -> PRF:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return PRF(precision, recall, f1)


def _best_match(
    gold_tokens: set[int], candidates: Sequence[tuple[set[int], Attribution]]
) -> tuple[float, Attribution | None]:
    best: tuple[int, int] = (0, 0)
    found: Attribution | None = None
    for tokens, attribution in candidates:
        shared = len(gold_tokens & tokens)
        key = (shared, -(len(tokens) - shared))
        if shared and (found is None or key > best):
            best, found = key, attribution
    return (best[0] / len(gold_tokens) if found else 0.0), found


def score_attributions(
    gold: Mapping[str, Sequence[Attribution]],
    predicted: Mapping[str, Sequence[Attribution]],
    texts: Mapping[str, str],
) -> AttributionScore:
    """Score ``predicted`` attributions against ``gold`` ones, article by article.

    The gold ids decide which articles count: an article missing from ``predicted`` has
    no predictions, predicted articles without gold are ignored. ``texts`` gives each
    article's text (needed for tokens and trimming). Spans outside the text raise
    :class:`ValueError`. See the module notes for the metric."""
    exact = {role: [0, 0, 0] for role in ROLES}  # correct, predicted, gold
    overlap = {role: [0, 0, 0] for role in ROLES}
    matched = correct_sources = 0
    gold_total = predicted_total = 0
    for article in gold:
        if article not in texts:
            raise ValueError(f"{article}: no text given")
        text = texts[article]
        gold_items = list(gold[article])
        predicted_items = list(predicted.get(article, ()))
        _check_spans(article, text, gold_items)
        _check_spans(article, text, predicted_items)
        gold_total += len(gold_items)
        predicted_total += len(predicted_items)
        tokens = _Tokens(text)
        for role in ROLES:
            gold_spans = {_normalised(text, getattr(a, role)) for a in gold_items} - {()}
            found_spans = {_normalised(text, getattr(a, role)) for a in predicted_items} - {()}
            counts = exact[role]
            counts[0] += len(gold_spans & found_spans)
            counts[1] += len(found_spans)
            counts[2] += len(gold_spans)
            gold_tokens = tokens.covered(s for a in gold_items for s in getattr(a, role))
            found_tokens = tokens.covered(s for a in predicted_items for s in getattr(a, role))
            counts = overlap[role]
            counts[0] += len(gold_tokens & found_tokens)
            counts[1] += len(found_tokens)
            counts[2] += len(gold_tokens)
        candidates = [(tokens.covered(a.content), a) for a in predicted_items]
        for attribution in gold_items:
            content_tokens = tokens.covered(attribution.content)
            if not content_tokens:
                continue
            coverage, best = _best_match(content_tokens, candidates)
            if best is None or coverage < 0.5:
                continue
            matched += 1
            if not attribution.source:
                correct_sources += not best.source
            elif tokens.covered(attribution.source) & tokens.covered(best.source):
                correct_sources += 1
    return AttributionScore(
        content_exact=_prf(*exact["content"]),
        content_overlap=_prf(*overlap["content"]),
        cue_exact=_prf(*exact["cue"]),
        cue_overlap=_prf(*overlap["cue"]),
        source_exact=_prf(*exact["source"]),
        source_overlap=_prf(*overlap["source"]),
        source_accuracy=correct_sources / matched if matched else 0.0,
        articles=len(gold),
        gold=gold_total,
        predicted=predicted_total,
    )


def evaluate(data_dir: Path, predict: Callable[[str], Sequence[Attribution]]) -> AttributionScore:
    """Load a PolNeAR folder, run ``predict(text)`` on every article and score it."""
    articles = load_polnear(data_dir)
    return score_attributions(
        {a.id: a.attributions for a in articles},
        {a.id: predict(a.text) for a in articles},
        {a.id: a.text for a in articles},
    )
