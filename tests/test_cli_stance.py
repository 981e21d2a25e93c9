"""`claimwatch claims` and `claimwatch stance` on a small store of invented articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimwatch.cli import cli

CLAIM = "The Orvik ferry terminal will close by the end of June."
ARTICLES = [
    {
        "url": "https://harbor-times.example/terminal-denial",
        "title": "Port authority denies Orvik ferry terminal will close",
        "published": "2026-04-02T09:00:00+02:00",
        "text": (
            "The Orvik port authority on Thursday rejected claims that the ferry terminal "
            "will close by the end of June.\n\n"
            '"The terminal is not closing. Ferries will run all summer," said Mira Tolland, '
            "the authority's director.\n\n"
            "A post shared on a local forum had said the terminal would shut in June."
        ),
    },
    {
        "url": "https://harbor-times.example/regatta",
        "title": "Orvik regatta draws record crowds in June",
        "published": "2026-06-20T18:00:00+02:00",
        "text": (
            "More than 4,000 people watched the Orvik regatta on Saturday, the organisers "
            "said, the largest crowd since the race began in 1962.\n\n"
            "The winning crew finished the course in 41 minutes."
        ),
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("stance")
    source = folder / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    db = folder / "store.db"
    assert run("ingest", str(source), db=db)[0] == 0
    assert run("analyze", db=db)[0] == 0
    _, out = run("articles", "--json", db=db)
    ids = {a["title"]: a["id"] for a in json.loads(out)}
    return db, ids


def run(*args: str, db: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    return result.exit_code, result.output


def test_cli_stance_denial_article_disagrees_with_the_quote_that_decided_it(store) -> None:  # type: ignore[no-untyped-def]
    db, ids = store
    denial = ids["Port authority denies Orvik ferry terminal will close"]
    code, out = run("stance", CLAIM, "--article", denial, "--json", db=db)
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["level"] == "article" and rows[0]["label"] == "disagree"
    speakers = [r for r in rows if r["level"] == "speaker"]
    assert speakers and all(r["label"] == "disagree" for r in speakers)
    assert any("not closing" in (r["statement"] or "") for r in speakers)


def test_cli_stance_unrelated_article_shares_words_but_is_unrelated(store) -> None:  # type: ignore[no-untyped-def]
    db, ids = store
    regatta = ids["Orvik regatta draws record crowds in June"]
    code, out = run("stance", CLAIM, "--article", regatta, "--json", db=db)
    assert code == 0
    assert [r["label"] for r in json.loads(out)] == ["unrelated"]


def test_cli_stance_without_article_reads_every_article_sharing_words(store) -> None:  # type: ignore[no-untyped-def]
    db, _ = store
    code, out = run("stance", CLAIM, db=db)
    assert code == 0
    assert "disagree" in out and "1 more articles share words with it" in out


def test_cli_stance_refuses_an_empty_claim_and_an_unknown_article(store) -> None:  # type: ignore[no-untyped-def]
    db, ids = store
    code, out = run("stance", "  ", "--article", next(iter(ids.values())), db=db)
    assert code == 1 and "the claim is empty" in out
    code, out = run("stance", CLAIM, "--article", "0000000000000000", db=db)
    assert code == 1 and "0000000000000000" in out


def test_cli_claims_lists_scored_claims_with_their_sources(store) -> None:  # type: ignore[no-untyped-def]
    db, _ = store
    code, out = run("claims", "--json", db=db)
    assert code == 0
    found = json.loads(out)
    assert {c["source"] for c in found} >= {"statement", "sentence"}
    assert all(0.0 <= c["checkworthiness"] <= 1.0 and c["scored_by"] for c in found)
    code, out = run("claims", "--min-score", "0.99", "--json", db=db)
    assert code == 0 and all(c["checkworthiness"] >= 0.99 for c in json.loads(out))
