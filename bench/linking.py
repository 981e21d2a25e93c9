"""Calibrate the claim-linking threshold (``CLAIMWATCH_LINK_THRESHOLD``) on data.

    .venv/bin/python bench/linking.py                          # demo, ct2020, fnc1
    .venv/bin/python bench/linking.py --parts demo             # the demo corpus only

The same cosine threshold decides three things: which stored wordings a claim joins
(``link/claim_links.py``, single linkage in time order), which stored wordings ``check``
finds for the checked words, and which fact-checks match a canonical claim. Every text is
embedded as the product embeds it (``claimwatch.link.embed.embed``, ``query:`` prefix).

1. **demo** (fictional, written by the project): the demo corpus is ingested and analysed
   into a temporary store and its claims read from the ``claims`` table. Gold labels come
   from ``demo/truth.json`` (each article's roles and stance toward the withdrawal rumour)
   plus a documented keyword rule (:func:`label_demo`), not from hand-labelling claims:
   *rumour wordings* are claims of rumour-story articles that speak of the withdrawal
   (``RUMOUR_WORDS``) and not about the memo, the reports or the convoys (``RUMOUR_OFF``);
   *fuel wordings* are claims of fuel-duty articles that speak of the rise with a figure
   (``FUEL_*``); *unrelated* claims are the claims of the nine unrelated-news articles,
   less the few that mention one of the stories (``MENTIONS_RUMOUR``, the fuel rule: a
   "most read" headline the text extractor kept in the storm article, a central-bank
   report that cites the fuel duty).
   Positive pairs: two rumour wordings, or two fuel wordings, from different articles;
   negative pairs: a rumour or fuel wording against an unrelated claim, and rumour against
   fuel. Other claims of the two stories are unlabelled (not in any pair). For each
   threshold: pair precision / recall / F1 of ``cosine >= t`` ("direct": what ``check`` and
   fact-check matching do) and of "same canonical claim" after ``link_claims`` ("linked":
   what single linkage does), and the canonical claim holding most rumour wordings: its
   size, how many rumour wordings it holds, how many other claims of the story and how
   many intruders (fuel or unrelated claims).
2. **ct2020** (CLEF-2020 CheckThat! task 2, train and dev): positives are (tweet, its
   verified claim); negatives are (tweet, each of the top ``--negatives`` BM25
   (``ClaimIndex``) claims that are not relevant to it), the hard case for a threshold.
   The threshold with the best F1 on train is reported with the dev scores at it, and the
   dev scores at the product's threshold. Tweets are noisy and long and verified claims
   short, so tweet↔claim cosines are lower than claim↔claim ones: a lower bound.
3. **fnc1** (FNC-1 train; bodies split 80/20 as the FNC baseline does, seed 0): a
   headline against the first sentence of a body that *agrees* with it (same claim, other
   words) versus one that is *unrelated* (another story); ``--fnc-pairs`` of each per
   part. The threshold is chosen on the 80 % and reported on the 20 %.

Vectors are cached in ``--cache`` (by text and model), so a second run takes seconds.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from claimwatch.link import embed as embedding
from claimwatch.link.claim_links import ClaimItem, link_claims
from claimwatch.settings import Settings

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
SWEEP = [round(0.80 + 0.01 * i, 2) for i in range(17)]  # 0.80 … 0.96
FINE = [round(0.70 + 0.005 * i, 3) for i in range(57)]  # 0.700 … 0.980, to choose on

# -- the demo's gold rule -------------------------------------------------------------------

#: The rumour's predicate in any of its wordings ("pull all of its soldiers out", "leave
#: Valdor", "quit", "going home", "packing up", "withdrawal", "redeployment to home …").
RUMOUR_WORDS = re.compile(
    r"\b(withdraw\w*|pull(?:s|ing|ed)?\b[^.]{0,40}\bout\b|pull-out|leav(?:e|es|ing)\b|quit\b"
    r"|go(?:ing)? home|pack(?:ing)? up|packing their bags|redeployment to home)",
    re.IGNORECASE,
)
#: ... unless the claim is about something else of the story: the memo, the reports of
#: the withdrawal, the convoys ("vehicles leaving the base"), the "hole" it would leave.
RUMOUR_OFF = re.compile(
    r"\b(memo|document|reports?|footage|videos?|vehicles?|trucks?|convoys?|tranche|hole)\b",
    re.IGNORECASE,
)
#: The fuel-duty rise: a word of the tax or of the litre, a word of rising, and a figure.
FUEL_TAX = re.compile(r"\b(excise|duty|fuel tax|litre)\b", re.IGNORECASE)
FUEL_RISE = re.compile(r"\b(rais\w*|rise|increase|go up|more)\b", re.IGNORECASE)
FUEL_FIGURE = re.compile(r"\d|\bcents?\b|\braising\b", re.IGNORECASE)
#: An unrelated article's claim that names the rumour's subject.
MENTIONS_RUMOUR = re.compile(r"\bCaledr", re.IGNORECASE)


@dataclass(frozen=True)
class DemoClaim:
    id: str
    text: str
    article: str  # the truth.json id (H1, T5 …)
    act: str
    source: str
    published: datetime | None
    label: str  # rumour | fuel | unrelated | story (other claims of the two stories)


def label_demo(text: str, roles: Sequence[str], stance: str) -> str:
    """The gold label of one demo claim from its article's truth and its words."""
    if list(roles) == ["unrelated"]:
        # An unrelated article that mentions one of the two stories (a "most read" link
        # the extractor kept, a central-bank report citing the fuel duty) is set aside.
        other = MENTIONS_RUMOUR.search(text) or (FUEL_TAX.search(text) and FUEL_RISE.search(text))
        return "story" if other else "unrelated"
    if any(role.startswith("second_story") for role in roles):
        fuel = FUEL_TAX.search(text) and FUEL_RISE.search(text) and FUEL_FIGURE.search(text)
        return "fuel" if fuel else "story"
    if stance != "unrelated" and RUMOUR_WORDS.search(text) and not RUMOUR_OFF.search(text):
        return "rumour"
    return "story"


def demo_claims(folder: str | Path) -> list[DemoClaim]:
    """Ingest and analyse the demo corpus into a store in ``folder``; its claims, labelled."""
    from sqlalchemy import select

    import claimwatch.demo
    from claimwatch import open_workspace
    from claimwatch.store.schema import articles
    from claimwatch.store.schema_nlp import claims

    truth_path = Path(claimwatch.demo.__file__).with_name("truth.json")
    truth = {t["title"]: t for t in json.loads(truth_path.read_text(encoding="utf-8"))}
    ws = open_workspace(str(Path(folder) / "demo.db"))
    try:
        ws.ingest([str(claimwatch.demo.corpus_path())])
        ws.analyze()
        query = (
            select(
                claims.c.id,
                claims.c.text,
                claims.c.act,
                claims.c.source,
                articles.c.title,
                articles.c.published,
            )
            .join(articles, articles.c.id == claims.c.article_id)
            .order_by(articles.c.published, claims.c.article_id, claims.c.start_char)
        )
        with ws.store.engine.connect() as conn:
            rows = conn.execute(query).all()
    finally:
        ws.close()
    out = []
    for r in rows:
        article = truth[r.title]  # the stored title is the truth's (KeyError: corpus changed)
        label = label_demo(r.text, article["roles"], article["stance_to_rumour"])
        out.append(DemoClaim(r.id, r.text, article["id"], r.act, r.source, r.published, label))
    return out


# -- embedding, with a cache ------------------------------------------------------------------


class Vectors:
    """Text → unit vector as ``embed`` gives it, cached on disk by text hash and model."""

    def __init__(self, folder: Path | None) -> None:
        tag = re.sub(r"[^a-z0-9]+", "-", embedding.MODEL.lower())
        self.path = folder / f"vectors-{tag}.npz" if folder else None
        self.known: dict[str, np.ndarray] = {}
        self.embedded = 0
        if self.path and self.path.exists():
            with np.load(self.path, allow_pickle=False) as data:
                self.known = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self.known})
        if todo:
            lookup = {self._key(t): t for t in texts}
            found = embedding.embed([lookup[k] for k in todo])
            self.known.update(zip(todo, found.astype(np.float16), strict=True))
            self.embedded += len(todo)
            self._save()
        if not keys:
            return np.zeros((0, embedding.DIMENSIONS), dtype=np.float32)
        matrix = np.stack([self.known[k] for k in keys]).astype(np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    def _save(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial.npz")
        keys = np.array(list(self.known), dtype="U40")
        np.savez(partial, keys=keys, vectors=np.stack(list(self.known.values())))
        partial.replace(self.path)


# -- scores ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    predicted: int

    def cells(self) -> str:
        return f"{self.precision:5.3f} {self.recall:5.3f} {self.f1:5.3f}"


def prf(predicted: np.ndarray, gold: np.ndarray) -> PRF:
    tp = int(np.sum(predicted & gold))
    n_pred, n_gold = int(predicted.sum()), int(gold.sum())
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f, n_pred)


def best_threshold(scores: np.ndarray, gold: np.ndarray, grid: Sequence[float]) -> float:
    """The threshold of ``grid`` with the best F1 (the highest one among ties)."""
    f1s = [prf(scores >= t, gold).f1 for t in grid]
    best = max(f1s)
    return max(t for t, f in zip(grid, f1s, strict=True) if f == best)


# -- 1. demo --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RumourCluster:
    size: int
    rumour: int  # rumour wordings in it
    rumour_total: int
    story: int  # other claims of the two stories
    intruders: int  # fuel wordings and unrelated claims
    articles: int
    fuel_coverage: float  # share of fuel wordings in the largest fuel canonical claim


def demo_pairs(items: Sequence[DemoClaim]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, column and gold (same claim?) of every labelled cross-article pair."""
    rows, cols, gold = [], [], []
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a.article == b.article or "story" in (a.label, b.label):
                continue
            if a.label == b.label == "unrelated":
                continue  # unrelated news among itself is not labelled
            rows.append(i)
            cols.append(j)
            gold.append(a.label == b.label)
    return np.array(rows), np.array(cols), np.array(gold, dtype=bool)


def rumour_cluster(items: Sequence[DemoClaim], links: dict[str, str]) -> RumourCluster:
    """The canonical claim holding most rumour wordings, and what else is in it."""

    def largest(label: str) -> tuple[str, int, int]:
        counts = Counter(links[c.id] for c in items if c.label == label)
        canonical, n = counts.most_common(1)[0]
        return canonical, n, sum(counts.values())

    canonical, n, total = largest("rumour")
    members = [c for c in items if links[c.id] == canonical]
    _, fuel_n, fuel_total = largest("fuel")
    return RumourCluster(
        size=len(members),
        rumour=n,
        rumour_total=total,
        story=sum(c.label == "story" for c in members),
        intruders=sum(c.label in ("fuel", "unrelated") for c in members),
        articles=len({c.article for c in members}),
        fuel_coverage=fuel_n / fuel_total,
    )


def link_demo(items: Sequence[DemoClaim], vectors: np.ndarray, threshold: float) -> dict[str, str]:
    """claim id → canonical claim id, as ``link`` makes them on an empty store."""
    claim_items = [ClaimItem(c.id, v, c.published) for c, v in zip(items, vectors, strict=True)]
    links = link_claims(claim_items, threshold=threshold)
    return {k: link.canonical_id for k, link in links.items()}


def run_demo(vectors_of: Vectors, current: float) -> list[str]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        items = demo_claims(folder)
    labels = Counter(c.label for c in items)
    vectors = vectors_of([c.text for c in items])
    rows, cols, gold = demo_pairs(items)
    cosine = np.einsum("ij,ij->i", vectors[rows], vectors[cols])
    index = {c.id: i for i, c in enumerate(items)}
    lines = [
        f"demo: {len(items)} claims; rumour {labels['rumour']}, fuel {labels['fuel']}, "
        f"unrelated {labels['unrelated']}, other story claims {labels['story']} (unlabelled); "
        f"{int(gold.sum())} positive and {int((~gold).sum())} negative cross-article pairs",
        "",
        "| t | direct P | R | F1 | linked P | R | F1 | rumour claim: size | rumour wordings "
        "| other story | intruders | articles | fuel coverage |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for t in SWEEP:
        direct = prf(cosine >= t, gold)
        links = link_demo(items, vectors, t)
        canon = np.array([links[c.id] for c in items])
        linked = prf(canon[rows] == canon[cols], gold)
        rc = rumour_cluster(items, links)
        mark = " (current)" if abs(t - current) < 1e-9 else ""
        lines.append(
            f"| {t:.2f}{mark} | {direct.precision:.3f} | {direct.recall:.3f} | {direct.f1:.3f} "
            f"| {linked.precision:.3f} | {linked.recall:.3f} | {linked.f1:.3f} | {rc.size} "
            f"| {rc.rumour}/{rc.rumour_total} | {rc.story} | {rc.intruders} | {rc.articles} "
            f"| {rc.fuel_coverage:.0%} |"
        )
    pos, neg = cosine[gold], cosine[~gold]
    lines += [
        "",
        f"cosines: positive pairs median {np.median(pos):.3f} (p10 {np.percentile(pos, 10):.3f}),"
        f" negative pairs median {np.median(neg):.3f} (p99 {np.percentile(neg, 99):.3f}, "
        f"max {neg.max():.3f}); nearest unrelated claim to any rumour wording: "
        f"{_nearest_unrelated(items, vectors, index):.3f}",
        f"demo: {time.perf_counter() - started:.0f} s",
    ]
    return lines


def _nearest_unrelated(items: Sequence[DemoClaim], vectors: np.ndarray, index: dict) -> float:
    rumour = [index[c.id] for c in items if c.label == "rumour"]
    unrelated = [index[c.id] for c in items if c.label == "unrelated"]
    return float((vectors[rumour] @ vectors[unrelated].T).max())


# -- 2. CheckThat! 2020 task 2 --------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def ct2020_pairs(  # type: ignore[no-untyped-def]
    data: Path, part: str, index, text_of: dict[str, str], negatives: int
) -> tuple[list[str], list[str], np.ndarray]:
    """(tweet, claim id) pairs and gold: each tweet with its verified claims and with the
    top ``negatives`` BM25 claims that are not relevant. A claim whose words (case and
    punctuation aside) are those of a relevant one is no negative: the collection holds
    such duplicates ('…' and "…" versions of one Snopes claim)."""
    from claimwatch.evaluate.retrieval import read_qrels, read_queries

    queries = read_queries(data / part / "tweets.queries.tsv")
    qrels = read_qrels(data / part / "tweet-vclaim-pairs.qrels")
    tweets, claim_ids, gold = [], [], []
    for query in queries:
        relevant = qrels.get(query.id, set())
        if not relevant:
            continue
        for doc in sorted(relevant):
            tweets.append(query.text)
            claim_ids.append(doc)
            gold.append(True)
        same = {_plain(text_of[d]) for d in relevant}
        hard = [h.doc_id for h in index.search(query.text, negatives + len(relevant) + 5)]
        hard = [d for d in hard if d not in relevant and _plain(text_of[d]) not in same]
        for doc in hard[:negatives]:
            tweets.append(query.text)
            claim_ids.append(doc)
            gold.append(False)
    return tweets, claim_ids, np.array(gold, dtype=bool)


def run_ct2020(vectors_of: Vectors, data: Path, negatives: int, current: float) -> list[str]:
    from claimwatch.evaluate.retrieval import read_collection
    from claimwatch.verify.retrieval import ClaimIndex

    started = time.perf_counter()
    collection = read_collection(data / "verified_claims.docs.tsv")
    text_of = {c.id: c.text.strip() or c.title for c in collection}
    index = ClaimIndex.build(collection)
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for part in ("train", "dev"):
        tweets, claim_ids, gold = ct2020_pairs(data, part, index, text_of, negatives)
        a = vectors_of(tweets)
        b = vectors_of([text_of[c] for c in claim_ids])
        scores[part] = (np.einsum("ij,ij->i", a, b), gold)
    chosen = best_threshold(*scores["train"], FINE)
    lines = [
        f"ct2020: positives = (tweet, its verified claim); negatives = the tweet with its top "
        f"{negatives} non-relevant BM25 claims (duplicates of the relevant claim left out)",
        "",
        "| part | pairs (pos/neg) | t | P | R | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for part, (s, g) in scores.items():
        pairs = f"{int(g.sum())}/{int((~g).sum())}"
        for t, why in ((chosen, "best F1 on train"), (current, "current")):
            r = prf(s >= t, g)
            lines.append(
                f"| {part} | {pairs} | {t:.3f} ({why}) | {r.precision:.3f} "
                f"| {r.recall:.3f} | {r.f1:.3f} |"
            )
    lines += ["", "dev sweep:", "", "| t | P | R | F1 |", "|---|---|---|---|"]
    s, g = scores["dev"]
    for t in SWEEP:
        r = prf(s >= t, g)
        lines.append(f"| {t:.2f} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} |")
    pos, neg = s[g], s[~g]
    lines += [
        "",
        f"dev cosines: positives median {np.median(pos):.3f}, hard negatives median "
        f"{np.median(neg):.3f}",
        f"ct2020: {time.perf_counter() - started:.0f} s",
    ]
    return lines


# -- 3. FNC-1 -------------------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])")


def first_sentence(body: str) -> str:
    text = " ".join(body.split())
    return SENTENCE_END.split(text, maxsplit=1)[0][:600]


def fnc_pairs(data: Path, per_class: int) -> dict[str, tuple[list[str], list[str], np.ndarray]]:
    """part (fit / holdout) → headlines, first sentences, gold (agree)."""
    with (data / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(handle)}
    with (data / "train_stances.csv").open(encoding="utf-8", newline="") as handle:
        stances = [r for r in csv.DictReader(handle) if r["Stance"] in ("agree", "unrelated")]
    ids = sorted(bodies, key=int)
    random.Random(0).shuffle(ids)
    fit = set(ids[: int(0.8 * len(ids))])
    out = {}
    for part, sizes in (("fit", per_class), ("holdout", max(1, per_class // 2))):
        chosen = [r for r in stances if (r["Body ID"] in fit) == (part == "fit")]
        rng = random.Random(f"fnc-{part}")
        picked = []
        for stance in ("agree", "unrelated"):
            pool = [r for r in chosen if r["Stance"] == stance]
            picked += rng.sample(pool, min(sizes, len(pool)))
        heads = [r["Headline"] for r in picked]
        firsts = [first_sentence(bodies[r["Body ID"]]) for r in picked]
        out[part] = (heads, firsts, np.array([r["Stance"] == "agree" for r in picked]))
    return out


def run_fnc(vectors_of: Vectors, data: Path, per_class: int, current: float) -> list[str]:
    started = time.perf_counter()
    scores = {}
    for part, (heads, firsts, gold) in fnc_pairs(data, per_class).items():
        scores[part] = (np.einsum("ij,ij->i", vectors_of(heads), vectors_of(firsts)), gold)
    chosen = best_threshold(*scores["fit"], FINE)
    lines = [
        "fnc1: headline vs the body's first sentence, agree (positive) vs unrelated (negative)",
        "",
        "| part | pairs (pos/neg) | t | P | R | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for part, (s, g) in scores.items():
        for t, why in ((chosen, "best F1 on fit"), (current, "current")):
            r = prf(s >= t, g)
            lines.append(
                f"| {part} | {int(g.sum())}/{int((~g).sum())} | {t:.3f} ({why}) "
                f"| {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} |"
            )
    s, g = scores["holdout"]
    lines += [
        "",
        f"holdout cosines: agree median {np.median(s[g]):.3f}, unrelated median "
        f"{np.median(s[~g]):.3f} (p99 {np.percentile(s[~g], 99):.3f})",
        f"fnc1: {time.perf_counter() - started:.0f} s",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--parts", nargs="+", default=["demo", "ct2020", "fnc1"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--negatives", type=int, default=3, help="BM25 negatives per tweet")
    parser.add_argument("--fnc-pairs", type=int, default=300, help="FNC-1 pairs per class")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE / "claimwatch" / "bench-linking",
        help="Folder of cached vectors ('' for none).",
    )
    args = parser.parse_args()
    current = Settings().link_threshold
    vectors_of = Vectors(args.cache if str(args.cache) else None)
    print(f"model {embedding.MODEL}; current link_threshold {current}")
    for part in args.parts:
        if part == "demo":
            lines = run_demo(vectors_of, current)
        elif part == "ct2020":
            data = args.data / "claim-retrieval-ct2020-task2"
            lines = run_ct2020(vectors_of, data, args.negatives, current)
        elif part == "fnc1":
            lines = run_fnc(vectors_of, args.data / "fnc-1", args.fnc_pairs, current)
        else:
            parser.error(f"unknown part {part!r}: demo, ct2020 or fnc1")
        print("\n" + "\n".join(lines), flush=True)
    print(f"\nembedded {vectors_of.embedded} new texts")


if __name__ == "__main__":
    main()
