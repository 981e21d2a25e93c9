"""Analysis through the workspace: stored with offsets and provenance, only what is new,
foreign-language articles kept and skipped with a reason — on both backends."""

from __future__ import annotations

import json
from pathlib import Path

ENGLISH = (
    "The Defence Ministry on Tuesday rejected claims circulated by some websites that the "
    "foreign contingent would leave the country.\n\n"
    "“There is no plan to withdraw a single soldier,” Defence Minister Aurel Damsky told "
    "reporters in Estrel. He said the reports were part of a disinformation campaign."
)
GERMAN = (
    "Das Verteidigungsministerium hat am Dienstag Berichte zurückgewiesen, wonach das "
    "ausländische Kontingent das Land verlassen werde. Es gebe keinen solchen Plan."
)


def _ingest(ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = [
        {"url": "https://a.example/en", "title": "Ministry rejects claims", "text": ENGLISH,
         "language": "en", "outlet": "A Daily"},
        {"url": "https://b.example/de", "title": "Ministerium dementiert", "text": GERMAN,
         "outlet": "B Zeitung"},
    ]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    assert ws.ingest([str(path)]).new == 2


def test_analyze_stores_statements_with_offsets_speaker_and_provenance(workspace, tmp_path):
    _ingest(workspace, tmp_path)
    report = workspace.analyze()
    assert report.analysed == 2 and not report.errors
    article = workspace.articles(language="en")[0]
    found = workspace.statements(article=article.id)
    quote = next(s for s in found if s.kind == "direct")
    assert quote.text == article.text[quote.start : quote.end]
    assert "no plan to withdraw" in quote.text
    assert quote.speaker_name and "Damsky" in quote.speaker_name
    assert quote.speaker_type == "person" and quote.act == "deny"
    assert quote.component.startswith("statements.")
    names = {e.name for e in workspace.entities(article.id)}
    assert "Aurel Damsky" in names


def test_analyze_stores_self_contained_claims_linked_to_their_source(workspace, tmp_path):
    _ingest(workspace, tmp_path)
    workspace.analyze()
    article = workspace.articles(language="en")[0]
    claims = workspace.claims(article=article.id)
    rumour = next(c for c in claims if c.source == "reported_claim")
    assert rumour.text == "The foreign contingent would leave the country"
    assert rumour.quote == article.text[rumour.start : rumour.end]
    assert rumour.act == "deny" and rumour.component.startswith("claims.")
    sourced = {s.id for s in workspace.statements(article=article.id)}
    assert any(c.source_id in sourced for c in claims if c.source == "statement")
    assert workspace.claims(article=article.id, min_score=0.5) == []  # none scored yet


def test_analyze_skips_other_languages_with_a_recorded_reason(workspace, tmp_path):
    _ingest(workspace, tmp_path)
    report = workspace.analyze()
    german = workspace.articles(language="de")[0]
    status = workspace.analysis_status(german.id)
    assert status["parse"] == ("skipped", "no analysis for language 'de' yet (English only)")
    assert workspace.statements(article=german.id) == []
    assert german.text.startswith("Das Verteidigungsministerium")  # kept, not mangled
    assert report.skipped


def test_analyze_only_what_current_versions_have_not_seen(workspace, tmp_path):
    _ingest(workspace, tmp_path)
    assert workspace.analyze().analysed == 2
    assert workspace.analyze().analysed == 0
    assert workspace.analyze(everything=True).analysed == 2


def test_analyze_redoes_an_article_whose_text_changed(workspace, tmp_path):
    _ingest(workspace, tmp_path)
    workspace.analyze()
    path = tmp_path / "in.jsonl"
    changed = {
        "url": "https://a.example/en",
        "title": "Ministry rejects claims",
        "text": ENGLISH + " Correction: the minister spoke on Wednesday.",
        "language": "en",
    }
    path.write_text(json.dumps(changed), encoding="utf-8")
    assert workspace.ingest([str(path)]).updated == 1
    article = workspace.articles(language="en")[0]
    assert workspace.statements(article=article.id) == []  # old offsets are gone
    assert workspace.analyze().analysed == 1
    assert workspace.statements(article=article.id)


def test_analyze_in_two_processes_gives_the_same_rows(sqlite_workspace, tmp_path):
    _ingest(sqlite_workspace, tmp_path)
    sqlite_workspace.analyze()
    one = [(s.id, s.speaker_name, s.act) for s in sqlite_workspace.statements()]
    sqlite_workspace.analyze(everything=True, processes=2)
    two = [(s.id, s.speaker_name, s.act) for s in sqlite_workspace.statements()]
    assert one == two and one
