"""A verdict suggestion from the evidence ``check`` found, every sentence citing it.

The labels, strongest first:

- ``denied by official sources``: an official source (a government body, the military,
  an international organisation, an official speaking anonymously) denies the claim and
  none supports it;
- ``confirmed by official sources``: the reverse;
- ``disputed``: official sources on both sides;
- ``unconfirmed``: the claim is spread or discussed, but no official source speaks to it;
- ``rated by fact-checkers``: only known fact-checks speak of it;
- ``nothing known``: nothing in the store bears on it.

It is a suggestion for a person to weigh, not a finding: the explanation says who said
what, where and when, and cites each piece of evidence by its number ``[n]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimwatch.store.queries_link import FactCheckRecord
    from claimwatch.verify.check import Evidence, Timeline

OFFICIAL = frozenset(
    {"government_body", "military", "international_organisation", "anonymous_official"}
)
DENIED = "denied by official sources"
CONFIRMED = "confirmed by official sources"
DISPUTED = "disputed"
UNCONFIRMED = "unconfirmed"
RATED = "rated by fact-checkers"
NOTHING = "nothing known"


@dataclass(frozen=True)
class Reason:
    text: str
    cites: tuple[int, ...] = ()  # Evidence.n


@dataclass(frozen=True)
class Verdict:
    label: str
    reasons: tuple[Reason, ...]

    @property
    def explanation(self) -> str:
        return " ".join(
            r.text + (" " + "".join(f"[{n}]" for n in r.cites) if r.cites else "")
            for r in self.reasons
        )


def _who(e: Evidence) -> str:
    return e.speaker or e.outlet_name or e.outlet or "an article"


def _when(e: Evidence) -> str:
    return e.published.strftime("%d %b %Y") if e.published else "undated"


def _official(evidence: Sequence[Evidence], stance: str) -> list[Evidence]:
    return [e for e in evidence if e.stance == stance and e.speaker_type in OFFICIAL]


def suggest_verdict(
    evidence: Sequence[Evidence], fact_checks: Sequence[FactCheckRecord], timeline: Timeline
) -> Verdict:
    if not evidence and not fact_checks:
        return Verdict(NOTHING, (Reason("Nothing in the store bears on this claim."),))
    reasons: list[Reason] = []
    spreading = {e.article_id: e for e in evidence if e.stance == "supporting"}  # time order
    first = timeline.first_appearance
    if first is not None and first.stance == "supporting":
        outlets = {e.outlet_name or e.outlet for e in spreading.values()}
        reasons.append(
            Reason(
                f"First seen {_when(first)} in {first.outlet_name or first.outlet or first.title}; "
                f"asserted in {len(spreading)} article(s) by {len(outlets)} outlet(s).",
                (first.n,),
            )
        )
    denials = _official(evidence, "denying")
    support = _official(evidence, "supporting")
    if denials:
        d = timeline.first_denial if timeline.first_denial in denials else denials[0]
        others = sorted({_who(e) for e in denials} - {_who(d)})
        text = f'{_who(d)} denied it on {_when(d)}: "{_short(d.quote)}"'
        if others:
            text += f"; also denied by {', '.join(others[:4])}"
        reasons.append(Reason(text + ".", (d.n, *[e.n for e in denials if e is not d][:5])))
    if support:
        s = support[0]
        reasons.append(Reason(f'{_who(s)} supports it ({_when(s)}): "{_short(s.quote)}".', (s.n,)))
    if timeline.repeats_after_denial:
        outlets = sorted({e.outlet_name or e.outlet or "?" for e in timeline.repeats_after_denial})
        reasons.append(
            Reason(
                f"Repeated after the first denial by {', '.join(outlets)}.",
                tuple(e.n for e in timeline.repeats_after_denial),
            )
        )
    for fc in fact_checks[:3]:
        who = fc.publisher or "a fact-checker"
        rating = f"rated it '{fc.rating}'" if fc.rating else "reviewed it"
        reasons.append(Reason(f"{who} {rating}: {fc.url or fc.claim}."))
    if denials and support:
        label = DISPUTED
    elif denials:
        label = DENIED
    elif support:
        label = CONFIRMED
    elif evidence:
        label = UNCONFIRMED
        reasons.append(Reason("No official source in the store speaks to it."))
    else:
        label = RATED
    return Verdict(label, tuple(reasons))


def _short(quote: str, limit: int = 160) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"
