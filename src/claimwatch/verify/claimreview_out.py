"""Export a reviewed claim as schema.org ClaimReview JSON-LD.

    subject = ReviewSubject(
        claim="The Varnholt garrison will leave Ostmark in June.",
        verdict="denied",
        explanation="The defence ministry called the report disinformation.",
        appearances=[AppearanceRef("https://news.example/a", "News Example", when, "...")],
    )
    json.dumps(claimreview_jsonld(subject))   # embed in <script type="application/ld+json">

Pure: no clock, no I/O. The output reads back with ``claimreview_in.parse_claimreview``
(claim, verdict, reviewer, dates, claimant and appearance URLs survive the round trip).

Shape::

    {"@context": "https://schema.org", "@type": "ClaimReview",
     "claimReviewed": claim, "reviewBody": explanation, "url": review_url,
     "author": {"@type": "Organization", "name": reviewer}, "datePublished": reviewed,
     "reviewRating": {"@type": "Rating", "alternateName": verdict,
                      "ratingValue": 1..5, "bestRating": 5, "worstRating": 1},
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant},
                      "datePublished": earliest appearance date,
                      "firstAppearance": the earliest dated appearance,
                      "appearance": [CreativeWork (url, headline, datePublished,
                                     publisher Organization), ... oldest first]}}

Keys whose value is unknown (no review URL, no explanation, no claimant, no dated
appearance) are left out rather than written as null. Dates are ISO 8601 in UTC (a naive
datetime is taken as UTC). Appearances with a date come first, oldest first; undated ones
follow in the order given.

Verdict scale (``VERDICT_SCALE``; case, hyphens and extra spaces are ignored): 5 is the
claim holds, 1 it is false. A verdict outside the scale ("unconfirmed", "unproven", words
it does not know) gets no numeric value: ``reviewRating`` then holds only its
``alternateName``, because a number would claim more than the review found.

    5  supported, confirmed (by official sources), true, correct, accurate
    4  mostly supported, mostly true
    3  mixed, half true, disputed, partly true, partly false
    2  mostly false, misleading, unsupported, exaggerated
    1  denied (by official sources), false, refuted, debunked, fabricated, fake,
       disinformation, incorrect

The labels of ``verify.verdict`` are on it ("denied by official sources" 1, "disputed" 3,
"confirmed by official sources" 5) except "unconfirmed", "rated by fact-checkers" (the
fact-checkers' own ratings say more) and "nothing known", which get no number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from claimwatch.errors import BadRequest

BEST_RATING = 5
WORST_RATING = 1

_SCALE_WORDS: dict[int, tuple[str, ...]] = {
    5: ("supported", "confirmed by official sources", "true", "confirmed", "correct", "accurate"),
    4: ("mostly supported", "mostly true"),
    3: ("mixed", "half true", "disputed", "partly true", "partly false"),
    2: ("mostly false", "misleading", "unsupported", "exaggerated"),
    1: (
        "denied",
        "denied by official sources",
        "false",
        "refuted",
        "debunked",
        "fabricated",
        "fake",
        "disinformation",
        "incorrect",
    ),
}
#: Verdict (lower case) → ratingValue on the 1 (false) to 5 (holds) scale.
VERDICT_SCALE: Mapping[str, int] = {
    word: value for value, words in _SCALE_WORDS.items() for word in words
}


@dataclass(frozen=True)
class AppearanceRef:
    """One place the claim was published: its URL, outlet name, date and headline."""

    url: str | None
    outlet: str | None
    published: datetime | None
    headline: str | None


@dataclass(frozen=True)
class ReviewSubject:
    """What a ClaimReview says: the claim, the verdict and why, and where the claim ran."""

    claim: str
    verdict: str
    explanation: str
    appearances: Sequence[AppearanceRef]
    claimant: str | None = None
    review_url: str | None = None
    reviewer: str = "claimwatch"
    reviewed: datetime | None = None


def verdict_rating(verdict: str) -> int | None:
    """The verdict's ratingValue (1 false … 5 holds), or None when it has no place on the
    scale ("unconfirmed", or words the scale does not know)."""
    return VERDICT_SCALE.get(" ".join(verdict.lower().replace("-", " ").split()))


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def ordered_appearances(appearances: Sequence[AppearanceRef]) -> list[AppearanceRef]:
    """Dated appearances oldest first (ties keep their order), then the undated ones."""
    dated = sorted(
        (_utc(a.published), i, a) for i, a in enumerate(appearances) if a.published is not None
    )
    return [a for _, _, a in dated] + [a for a in appearances if a.published is None]


def _creative_work(appearance: AppearanceRef) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if appearance.url:
        work["url"] = appearance.url
    if appearance.headline:
        work["headline"] = appearance.headline
    if appearance.published is not None:
        work["datePublished"] = iso_utc(appearance.published)
    if appearance.outlet:
        work["publisher"] = {"@type": "Organization", "name": appearance.outlet}
    return work


def _rating(verdict: str) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
    value = verdict_rating(verdict)
    if value is not None:
        rating.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return rating


def claimreview_jsonld(subject: ReviewSubject) -> dict[str, Any]:
    """The ClaimReview JSON-LD object of ``subject`` (see the module docstring).

    Raises ``BadRequest`` for an empty claim or verdict: a review must say what it
    reviews and what it found.
    """
    claim, verdict = " ".join(subject.claim.split()), " ".join(subject.verdict.split())
    if not claim:
        raise BadRequest("a ClaimReview needs the text of the claim; the claim is empty")
    if not verdict:
        raise BadRequest(f"a ClaimReview needs a verdict; none was given for {claim!r}")
    appearances = ordered_appearances(subject.appearances)
    item: dict[str, Any] = {"@type": "Claim"}
    if subject.claimant:
        item["author"] = {"@type": "Person", "name": subject.claimant}
    first = next((a for a in appearances if a.published is not None), None)
    if first is not None and first.published is not None:
        item["datePublished"] = iso_utc(first.published)
        item["firstAppearance"] = _creative_work(first)
    if appearances:
        item["appearance"] = [_creative_work(a) for a in appearances]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim,
        "reviewRating": _rating(verdict),
        "author": {"@type": "Organization", "name": subject.reviewer},
    }
    if subject.explanation.strip():
        review["reviewBody"] = subject.explanation.strip()
    if subject.review_url:
        review["url"] = subject.review_url
    if subject.reviewed is not None:
        review["datePublished"] = iso_utc(subject.reviewed)
    review["itemReviewed"] = item
    return review
