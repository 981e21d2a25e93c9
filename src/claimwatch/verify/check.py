"""``check``: everything the store knows about one claim, every line pointing at evidence.

    result = workspace.check("Caledra is pulling its troops out of Valdor")
    result.verdict.label            # "denied by official sources"
    result.evidence[0].quote        # the exact words, with speaker, outlet, date and URL

How (docs/ARCHITECTURE.md, "Checking a claim"):

1. The claim is embedded and the vector index of linked claims searched; canonical claims
   with a wording at or above the link threshold match (best first).
2. Fact-checks match through the canonical claims (stored at link time) and directly, by
   the cosine of the claim with the fact-checked claim.
3. Evidence comes from the articles holding a matching wording and from those full-text
   search finds: each English article is read for its stance toward the claim and its
   speakers' (``nlp/article_stance.py``, stored in ``stances`` and reused next time); the
   wordings themselves add what the reader did not decide (a denial's act, a claim an
   outlet asserted). Items are grouped as supporting, denying or discussing.
4. The timeline and the verdict are computed from those items only; the verdict's
   explanation cites them by number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from claimwatch.errors import BadRequest
from claimwatch.nlp.article_stance import ARTICLE_STANCE_VERSION
from claimwatch.nlp.claim_core import ClaimCore
from claimwatch.store import queries, queries_link, queries_nlp
from claimwatch.store.writer_nlp import claim_key, delete_stances
from claimwatch.verify.verdict import Verdict, suggest_verdict

if TYPE_CHECKING:
    from claimwatch.workspace import Workspace

MAX_MATCHES = 3
MAX_WORDINGS = 12
NEAR = 0.03  # matches this close to the best one are ranked by how widespread they are
GROUPS = ("supporting", "denying", "discussing")
_LABEL_GROUP = {"agree": "supporting", "disagree": "denying", "discuss": "discussing"}
_ACT_GROUP = {"assert": "supporting", "confirm": "supporting", "deny": "denying"}
_FIGURE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(\s?(?:%|per ?cent|percent)|(?:\s+[A-Za-z]+){1,2})?"
)
_MONTHS = frozenset(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    )
)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: a speaker's words, or an article's own voice, in one article."""

    n: int  # its number in the result, cited by the verdict as [n]
    stance: str  # supporting | denying | discussing
    article_id: str
    outlet: str | None
    outlet_name: str | None
    published: datetime | None
    url: str | None
    title: str
    speaker: str | None  # None: the article's own voice
    speaker_type: str | None
    quote: str
    start: int | None  # offsets of the quote in the article text
    end: int | None
    score: float
    reason: str
    via: str  # "stance" (read by the article-stance reader) or "wording" (a linked claim)

    @property
    def day(self) -> date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True)
class ClaimMatch:
    claim: queries_link.CanonicalRecord
    similarity: float
    wording: str  # the stored wording closest to the checked claim


@dataclass(frozen=True)
class Figure:
    value: str
    evidence: int  # Evidence.n
    stance: str


@dataclass
class Timeline:
    first_appearance: Evidence | None = None
    first_denial: Evidence | None = None
    repeats_after_denial: list[Evidence] = field(default_factory=list)
    by_day: list[tuple[date, str, str, int]] = field(default_factory=list)  # day, outlet, stance
    outlets: list[tuple[str, datetime | None, str]] = field(default_factory=list)


@dataclass
class CheckResult:
    claim: str
    matches: list[ClaimMatch]
    fact_checks: list[queries_link.FactCheckRecord]
    evidence: list[Evidence]
    figures: list[Figure]
    timeline: Timeline
    verdict: Verdict

    @property
    def known(self) -> bool:
        return bool(self.matches or self.fact_checks or self.evidence)

    def group(self, stance: str) -> list[Evidence]:
        return [e for e in self.evidence if e.stance == stance]


def check_claim(ws: Workspace, claim: str) -> CheckResult:
    from claimwatch.link.embed import embed

    claim = " ".join(claim.split())
    if not claim:
        raise BadRequest("the claim is empty: give the claim's words")
    vector = embed([claim])[0]
    return _result(ws, claim, vector, _matches(ws, vector))


def check_canonical(ws: Workspace, canonical_id: str) -> CheckResult:
    """The check result for one stored canonical claim (for its page, chart and export)."""
    from claimwatch.link.embed import embed

    record = queries_link.get_canonical(ws.store.engine, canonical_id)
    match = ClaimMatch(record, 1.0, record.text)
    vector = queries_link.canonical_vector(ws.store.engine, canonical_id)
    if vector is None:
        vector = embed([record.text])[0]
    return _result(ws, record.text, vector, [match])


def _result(ws: Workspace, claim: str, vector, matches: list[ClaimMatch]) -> CheckResult:  # type: ignore[no-untyped-def]
    canonical_ids = [m.claim.id for m in matches]
    fact_checks = _fact_checks(ws, vector, canonical_ids)
    evidence = _evidence(ws, claim, matches)
    timeline = _timeline(evidence)
    verdict = suggest_verdict(evidence, fact_checks, timeline)
    return CheckResult(claim, matches, fact_checks, evidence, _figures(evidence), timeline, verdict)


def _matches(ws: Workspace, vector) -> list[ClaimMatch]:  # type: ignore[no-untyped-def]
    threshold = ws.settings.link_threshold
    hits = [(i, s) for i, s in ws.vectors.index().search(vector, 50) if s >= threshold]
    if not hits:
        return []
    canonical_of = queries_link.canonical_of(ws.store.engine, [i for i, _ in hits])
    best: dict[str, tuple[float, str]] = {}
    for claim_id, score in hits:
        canonical = canonical_of.get(claim_id)
        if canonical and canonical not in best:
            best[canonical] = (score, claim_id)
    top = max(score for score, _ in best.values())
    spread = queries_link.article_counts(ws.store.engine, list(best))
    # among near-equal matches the most widespread claim comes first
    ranked = sorted(
        best.items(),
        key=lambda kv: (kv[1][0] < top - NEAR, -spread.get(kv[0], 0), -kv[1][0]),
    )[:MAX_MATCHES]
    wordings = {
        c.id: c.text
        for c in queries_nlp.list_claims_by_id(ws.store.engine, [cid for _, (_, cid) in ranked])
    }
    return [
        ClaimMatch(queries_link.get_canonical(ws.store.engine, canonical), score, wordings[cid])
        for canonical, (score, cid) in ranked
        if cid in wordings
    ]


def _fact_checks(
    ws: Workspace, vector, canonical_ids: list[str]
) -> list[queries_link.FactCheckRecord]:  # type: ignore[no-untyped-def]
    found = {f.id: f for f in queries_link.matched_fact_checks(ws.store.engine, canonical_ids)}
    index = ws.fact_check_index()
    for fc_id, score in index.search(vector, 10):
        if score >= ws.settings.link_threshold and fc_id not in found:
            found.update(
                {f.id: f for f in queries_link.get_fact_checks(ws.store.engine, [(fc_id, score)])}
            )
    return sorted(found.values(), key=lambda f: -(f.score or 0.0))


def evidence_key(canonical_id: str) -> str:
    """Where the stances toward a canonical claim are stored."""
    return claim_key(f"canonical\x1f{canonical_id}")


def _union_core(ws: Workspace, texts: list[str]) -> ClaimCore:
    """One core for a claim in many wordings: the union of their predicates and of their
    arguments ("pull out", "leave", "withdraw" of "Caledra", "the contingent" …)."""
    from claimwatch.workspace import _claim_core

    cores = [_claim_core(t) for t in dict.fromkeys(texts)]
    return ClaimCore(
        frozenset().union(*(c.predicate for c in cores)),
        frozenset().union(*(c.arguments for c in cores)),
        frozenset().union(*(c.words for c in cores)),
    )


def _assertions(members: list) -> list[str]:  # type: ignore[type-arg]
    return [
        m.text
        for m in members
        if m.act in ("assert", "report", "confirm") and m.source != "sentence"
    ][:MAX_WORDINGS]


def read_evidence(ws: Workspace, canonical_id: str) -> None:
    """Read every English article holding a wording of the canonical claim, or in the same
    story as one, for its stance (and its speakers') toward the claim in all its asserted
    wordings; store the rows under the canonical claim's key, replacing those before."""
    canonical = queries_link.get_canonical(ws.store.engine, canonical_id)
    members = queries_link.canonical_members(ws.store.engine, [canonical_id])
    core = _union_core(ws, [canonical.text, *_assertions(members)])
    key = evidence_key(canonical_id)
    delete_stances(ws.store.engine, key)
    holding = list(dict.fromkeys(m.article_id for m in members))
    # the articles of the same stories too: an outlet may repeat the claim in words that
    # did not link ("the withdrawal has begun"); the reader decides whether they bear on it
    story = queries_link.same_story(ws.store.engine, holding)
    for article in queries.get_articles(ws.store.engine, [*holding, *story]).values():
        if article.language in (None, "en"):
            ws._decide_stance(canonical.text, core, article, key=key)


def _evidence(ws: Workspace, claim: str, matches: list[ClaimMatch]) -> list[Evidence]:
    members: list = []  # type: ignore[type-arg]
    related: list = []  # type: ignore[type-arg]
    if matches:
        primary = matches[0].claim.id
        key = evidence_key(primary)
        rows = queries_nlp.list_stances(ws.store.engine, claim_key=key)
        if not rows or any(not r.component.startswith(ARTICLE_STANCE_VERSION) for r in rows):
            read_evidence(ws, primary)  # never read, or read by an older reader
            rows = queries_nlp.list_stances(ws.store.engine, claim_key=key)
        members = queries_link.canonical_members(ws.store.engine, [primary])
        related = queries_link.canonical_members(ws.store.engine, [m.claim.id for m in matches[1:]])
    else:
        return []  # every stored sentence has a vector: no match means nothing bears on it
    article_ids = list(
        dict.fromkeys([r.article_id for r in rows] + [m.article_id for m in members])
    )
    articles = queries.get_articles(ws.store.engine, article_ids)
    names = queries.outlet_names(ws.store.engine, (a.outlet for a in articles.values()))
    items: list[dict] = []  # type: ignore[type-arg]
    bearing = {r.article_id for r in rows if r.statement_id is None and r.label != "unrelated"}
    voice = {r.article_id: r for r in rows if r.statement_id is None}
    explicit = _explicit_speakers(rows)
    covered: set[tuple[str, str]] = set()
    for r in rows:
        if r.article_id not in bearing:
            continue
        article = articles[r.article_id]
        if r.statement_id is None:
            stance = _LABEL_GROUP.get(r.label, "discussing")
            items.append(
                _item(
                    article,
                    names,
                    stance,
                    None,
                    None,
                    article.title,
                    None,
                    None,
                    r.score,
                    r.reason,
                    "stance",
                )
            )
            continue
        stance, reason = _speaker_stance(
            r.article_id,
            r.speaker_name,
            r.speaker_entity_id,
            r.label,
            r.reason,
            explicit,
            voice.get(r.article_id),
        )
        quote = r.statement_text or ""
        start = article.text.find(quote) if quote else -1
        covered.add((r.article_id, quote))
        items.append(
            _item(
                article,
                names,
                stance,
                r.speaker_name,
                r.speaker_type,
                quote,
                start if start >= 0 else None,
                (start + len(quote)) if start >= 0 else None,
                r.score,
                reason,
                "stance",
            )
        )
    for m in members:
        if _shown(covered, m.article_id, m.quote):
            continue
        article = articles[m.article_id]
        if article.id in voice and article.id not in bearing:
            continue  # the reader found the article does not speak of this claim
        label = {"assert": "agree", "confirm": "agree", "deny": "disagree"}.get(m.act, "discuss")
        reason = f"a wording of the claim ({m.act}, similarity {m.similarity:.2f})"
        if m.language not in (None, "en"):
            label = "discuss"  # nobody's stance is read in this language yet
            reason = (
                f"a wording of the claim in '{m.language}' "
                f"(similarity {m.similarity:.2f}; stance not read)"
            )
        stance, reason = _speaker_stance(
            m.article_id,
            m.speaker_name,
            None,
            label,
            reason,
            explicit,
            voice.get(m.article_id),
            plain=m.act == "deny",
        )
        covered.add((m.article_id, m.quote))
        items.append(
            _item(
                article,
                names,
                stance,
                m.speaker_name,
                m.speaker_type,
                m.quote,
                m.start,
                m.end,
                m.similarity,
                reason,
                "wording",
            )
        )
    for m in related:  # a related claim counts where its speaker plainly takes a side
        if m.article_id not in articles or m.article_id not in bearing:
            continue
        if _shown(covered, m.article_id, m.quote):
            continue
        stance, reason = _speaker_stance(
            m.article_id, m.speaker_name, None, "discuss", "", explicit, None, plain=False
        )
        if stance == "discussing":
            continue
        covered.add((m.article_id, m.quote))
        article = articles[m.article_id]
        items.append(_item(article, names, stance, m.speaker_name, m.speaker_type, m.quote,
                           m.start, m.end, m.similarity, reason, "wording"))  # fmt: skip
    items.sort(
        key=lambda e: (
            e["published"] is None,
            e["published"] or datetime.max,
            e["article_id"],
            e["speaker"] is not None,
            e["start"] or 0,
        )
    )
    return [Evidence(n=i, **e) for i, e in enumerate(items, start=1)]


def _shown(covered: set[tuple[str, str]], article_id: str, quote: str) -> bool:
    """Whether an item of this article already holds these words (or is held by them)."""
    return any(a == article_id and q and (quote in q or q in quote) for a, q in covered)


def _item(
    article, names, stance, speaker, speaker_type, quote, start, end, score, reason, via
) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {
        "stance": stance,
        "article_id": article.id,
        "outlet": article.outlet,
        "outlet_name": names.get(article.outlet or "", article.outlet),
        "published": article.published,
        "url": article.url,
        "title": article.title,
        "speaker": speaker,
        "speaker_type": speaker_type,
        "quote": quote,
        "start": start,
        "end": end,
        "score": float(score),
        "reason": reason,
        "via": via,
    }


def _speaker_key(article_id: str, name: str | None, entity: str | None) -> tuple[str, str]:
    if entity:
        return article_id, entity
    words = re.sub(r"^(the|a|an)\s+|’s|'s", " ", (name or "").casefold()).split()
    return article_id, " ".join(w for w in words if w not in {"the", "valdor", "valdorian"})


def _explicit_speakers(rows) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    """Speakers whose stance in an article was decided by their own words (not the model)."""
    found: dict[tuple[str, str], str] = {}
    for r in rows:
        if r.statement_id is not None and r.reason != "stance model" and r.label != "discuss":
            found.setdefault(
                _speaker_key(r.article_id, r.speaker_name, r.speaker_entity_id), r.label
            )
            found.setdefault(_speaker_key(r.article_id, r.speaker_name, None), r.label)
    return found


def _speaker_stance(
    article_id: str,
    speaker: str | None,
    entity: str | None,
    label: str,
    reason: str,
    explicit: dict[tuple[str, str], str],
    voice,  # type: ignore[no-untyped-def]
    *,
    plain: bool | None = None,
) -> tuple[str, str]:
    """A statement's group. A reading that is not the speaker's own plain words (the
    stance model's, or a wording's similarity) yields to what the same speaker says
    plainly in the same article, and to the article's own voice when the two clash."""
    if plain if plain is not None else reason != "stance model":
        return _LABEL_GROUP.get(label, "discussing"), reason
    for key in (_speaker_key(article_id, speaker, entity), _speaker_key(article_id, speaker, None)):
        said = explicit.get(key)
        if said and said != label:
            return _LABEL_GROUP[said], f"the same speaker {_VERB[said]} it plainly in this article"
    if voice is not None and {label, voice.label} == {"agree", "disagree"}:
        return "discussing", f"read as '{label}', while the article's own voice is '{voice.label}'"
    return _LABEL_GROUP.get(label, "discussing"), reason


_VERB = {"disagree": "denies", "agree": "supports"}


def _timeline(evidence: list[Evidence]) -> Timeline:
    timeline = Timeline()
    dated = [e for e in evidence if e.published is not None]
    supporting = [e for e in dated if e.stance == "supporting"]
    denying = [e for e in dated if e.stance == "denying" and e.speaker is not None]
    timeline.first_appearance = supporting[0] if supporting else (dated[0] if dated else None)
    timeline.first_denial = denying[0] if denying else None
    stance_of = _article_stances(evidence)
    if timeline.first_denial is not None:
        after = timeline.first_denial.published
        seen: set[str] = set()
        for e in supporting:
            if e.published > after and e.article_id not in seen:
                seen.add(e.article_id)
                if stance_of[e.article_id] == "supporting":
                    timeline.repeats_after_denial.append(e)
    counts: dict[tuple[date, str, str], set[str]] = {}
    first: dict[str, tuple[datetime | None, str]] = {}
    for e in evidence:
        outlet = e.outlet_name or e.outlet or "(no outlet)"
        stance = stance_of[e.article_id]
        if e.day is not None:
            counts.setdefault((e.day, outlet, stance), set()).add(e.article_id)
        if outlet not in first:
            first[outlet] = (e.published, stance)
    timeline.by_day = sorted((d, o, s, len(a)) for (d, o, s), a in counts.items())
    timeline.outlets = [(o, w, s) for o, (w, s) in first.items()]
    return timeline


def _article_stances(evidence: list[Evidence]) -> dict[str, str]:
    """Each article's stance: its own voice if read, else the majority of its items."""
    items: dict[str, list[Evidence]] = {}
    for e in evidence:
        items.setdefault(e.article_id, []).append(e)
    found = {}
    for article_id, mine in items.items():
        voice = [e.stance for e in mine if e.speaker is None and e.via == "stance"]
        stances = [e.stance for e in mine]
        found[article_id] = voice[0] if voice else max(GROUPS, key=stances.count)
    return found


def article_points(result: CheckResult) -> list[tuple[Evidence, str]]:
    """One entry per article: its first piece of evidence and the article's stance."""
    firsts: dict[str, Evidence] = {}
    for e in result.evidence:
        firsts.setdefault(e.article_id, e)
    stance_of = _article_stances(result.evidence)
    return [(e, stance_of[a]) for a, e in firsts.items()]


def _figures(evidence: list[Evidence]) -> list[Figure]:
    found: list[Figure] = []
    for e in evidence:
        if e.speaker is None:
            continue
        for match in _FIGURE.finditer(e.quote):
            number, unit = match.group(1), (match.group(2) or "").strip()
            before = e.quote[: match.start()].split()[-1:] or [""]
            dated = unit.split()[0].casefold() in _MONTHS if unit else False
            dated = dated or before[0].casefold().strip(",") in _MONTHS
            year = len(number) == 4 and number[:2] in ("19", "20")
            if unit and not dated and not year:
                found.append(Figure(f"{number} {unit}".replace(" %", "%"), e.n, e.stance))
    return found
