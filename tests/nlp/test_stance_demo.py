"""Stance on the demo corpus, against demo/truth.json: every article that spreads the
withdrawal rumour agrees with it, the denials disagree, unrelated news is unrelated, and
in the denials the ministry and the anonymous alliance official disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

TRUTH = Path(__file__).resolve().parents[2] / "src" / "claimwatch" / "demo" / "truth.json"
RUMOUR = "The Caledran contingent will withdraw from Valdor by the end of March."


@pytest.fixture(scope="module")
def demo() -> Any:
    from claimwatch import open_workspace
    from claimwatch.demo import corpus_path

    ws = open_workspace(":memory:")
    ws.ingest([str(corpus_path())])
    ws.analyze()
    stored = ws.articles(limit=1000)
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    ids = {}
    for entry in truth:
        same = [a for a in stored if a.title == entry["title"] and a.url in (entry["url"], None)]
        if same and entry["language"] == "en":
            ids[entry["id"]] = (same[0].id, entry)
    yield ws, ids
    ws.close()


@pytest.fixture(scope="module")
def stances(demo: Any) -> dict[str, list[Any]]:
    ws, ids = demo
    return {key: ws.stance(RUMOUR, article_id) for key, (article_id, _) in ids.items()}


def _article_label(rows: list[Any]) -> str:
    assert rows[0].statement_id is None
    return rows[0].label


def test_stance_demo_articles_spreading_the_rumour_agree(demo: Any, stances: Any) -> None:
    _, ids = demo
    spreading = [k for k, (_, e) in ids.items() if e["stance_to_rumour"] == "agree"]
    assert len(spreading) >= 5
    wrong = {
        k: _article_label(stances[k]) for k in spreading if _article_label(stances[k]) != "agree"
    }
    assert not wrong


def test_stance_demo_denials_disagree(demo: Any, stances: Any) -> None:
    _, ids = demo
    denials = [k for k, (_, e) in ids.items() if e["stance_to_rumour"] == "disagree"]
    assert len(denials) >= 8
    wrong = {
        k: _article_label(stances[k]) for k in denials if _article_label(stances[k]) != "disagree"
    }
    assert not wrong


def test_stance_demo_unrelated_news_is_unrelated(demo: Any, stances: Any) -> None:
    _, ids = demo
    unrelated = [k for k, (_, e) in ids.items() if e["stance_to_rumour"] == "unrelated"]
    assert len(unrelated) >= 10
    wrong = {
        k: _article_label(stances[k])
        for k in unrelated
        if _article_label(stances[k]) != "unrelated"
    }
    assert not wrong


def test_stance_demo_ministry_and_alliance_official_disagree(stances: Any) -> None:
    ministry = [
        r for k in ("R1", "H4", "H5") for r in stances[k][1:] if r.speaker_type == "government_body"
    ]
    official = [
        r for k in ("H5", "A1") for r in stances[k][1:] if r.speaker_type == "anonymous_official"
    ]
    assert ministry and all(r.label == "disagree" for r in ministry)
    assert official and any(r.label == "disagree" for r in official)
    assert all(r.statement_text for r in ministry + official)  # the words that decided it
