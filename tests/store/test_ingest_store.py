"""Ingest into a store: the same behaviour on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from claimwatch.store.schema import appearances, articles, outlets


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _dump(ws) -> list:  # type: ignore[no-untyped-def]
    with ws.store.engine.connect() as conn:
        return [
            conn.execute(select(t).order_by(*t.primary_key.columns)).all()
            for t in (articles, appearances, outlets)
        ]


def test_ingest_stores_new_articles_with_metadata(workspace, tmp_path, make_page, story):
    url = "https://www.harbor-times.example/news/terminal-delay"
    _write(tmp_path / "in" / "a.html", make_page("Terminal opening delayed", story, url=url))
    report = workspace.ingest([str(tmp_path / "in")])
    assert (report.new, report.failed) == (1, 0)
    [article] = workspace.articles()
    assert article.title == "Terminal opening delayed"
    assert article.url == url
    assert article.outlet == "harbor-times.example"
    assert article.language == "en"
    assert article.authors == ("Lena Orvik",)
    assert article.published is not None and article.published.day == 5
    assert "Related articles" not in article.text
    assert workspace.stats().outlets == 1
    assert workspace.outlet_names()["harbor-times.example"] == "Harbor Times"


def test_ingest_twice_changes_nothing(workspace, tmp_path, make_page, story):
    _write(
        tmp_path / "a.html",
        make_page("Terminal opening delayed", story, url="https://harbor-times.example/a"),
    )
    _write(
        tmp_path / "b.txt",
        "Skip to content\n\nRain warning for the coast\n\n" + "\n\n".join(story[:2]),
    )
    first = workspace.ingest([str(tmp_path)])
    before = _dump(workspace)
    second = workspace.ingest([str(tmp_path)])
    assert first.new == 2
    assert (second.new, second.updated, second.unchanged) == (0, 0, 2)
    assert _dump(workspace) == before


def test_ingest_same_url_with_tracking_parameters_is_one_article(
    workspace, tmp_path, make_page, story
):
    base = "https://harbor-times.example/news/terminal"
    _write(tmp_path / "1.html", make_page("Terminal delayed", story, url=base))
    _write(
        tmp_path / "2.html",
        make_page(
            "Terminal delayed",
            story,
            url="HTTPS://Harbor-Times.example/news/terminal?utm_source=x#top",
        ),
    )
    report = workspace.ingest([str(tmp_path)])
    assert report.new == 1
    assert report.new + report.unchanged == 2
    assert workspace.stats().articles == 1


def test_ingest_changed_text_at_same_url_updates_the_article(workspace, tmp_path, make_page, story):
    url = "https://harbor-times.example/news/terminal"
    page = _write(tmp_path / "a.html", make_page("Terminal delayed", story, url=url))
    workspace.ingest([str(page)])
    correction = [*story, "Correction: an earlier version of this article gave the wrong month."]
    page.write_text(make_page("Terminal delayed", correction, url=url), encoding="utf-8")
    report = workspace.ingest([str(page)])
    assert report.updated == 1
    [article] = workspace.articles()
    assert "Correction:" in article.text
    assert workspace.stats().articles == 1


def test_ingest_syndicated_copy_is_stored_once_with_every_appearance(
    workspace, tmp_path, make_page, story
):
    _write(
        tmp_path / "a.html",
        make_page(
            "Terminal delayed", story, url="https://harbor-times.example/a", site="Harbor Times"
        ),
    )
    near = [*story[:3], story[3] + " Further details were not given."]
    _write(
        tmp_path / "b.html",
        make_page(
            "Port terminal to open late",
            near,
            url="https://coastline-daily.example/b",
            site="Coastline Daily",
        ),
    )
    _write(
        tmp_path / "c.html",
        make_page(
            "Port terminal to open late", story, url="https://northwind.example/c", site="Northwind"
        ),
    )
    report = workspace.ingest([str(tmp_path)])
    assert (report.new, report.duplicate) == (1, 2)
    [article] = workspace.articles()
    full = workspace.article(article.id)
    assert {a.outlet for a in full.appearances} == {
        "harbor-times.example",
        "coastline-daily.example",
        "northwind.example",
    }


def test_ingest_different_articles_are_not_merged(workspace, tmp_path, make_page, story):
    other = [
        "The national football cup final ended in a 2-1 win for Elsin United after extra "
        "time, with a late header from their captain settling a tense evening.",
        "About 18,000 supporters filled the stadium despite the rain, the organisers said.",
    ]
    _write(tmp_path / "a.html", make_page("Terminal delayed", story, url="https://a.example/1"))
    _write(tmp_path / "b.html", make_page("Cup final", other, url="https://a.example/2"))
    assert workspace.ingest([str(tmp_path)]).new == 2


def test_search_finds_words_in_title_and_body(workspace, tmp_path, make_page, story):
    _write(
        tmp_path / "a.html",
        make_page("Terminal opening delayed", story, url="https://harbor-times.example/a"),
    )
    workspace.ingest([str(tmp_path)])
    assert [h.article.title for h in workspace.search("cranes")] == ["Terminal opening delayed"]
    assert workspace.search("terminal cranes")
    assert workspace.search('"container terminal"')
    assert workspace.search("volcano") == []
    assert workspace.search("'; DROP TABLE articles; --") == []


def test_ingest_bad_item_is_reported_and_the_batch_goes_on(workspace, tmp_path, make_page, story):
    _write(tmp_path / "good.html", make_page("Terminal delayed", story, url="https://a.example/1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.jsonl").write_text(
        '{"url": "https://a.example/2", "text": \n', encoding="utf-8"
    )
    report = workspace.ingest([str(tmp_path), str(tmp_path / "missing.html")])
    assert report.new == 1
    failed = {Path(f.origin).name for f in report.failures}
    assert {"empty.txt", "missing.html"} <= failed
    assert any("broken.jsonl" in f.origin for f in report.failures)
    assert workspace.stats().failures == len(report.failures)


def test_ingest_failure_is_cleared_once_the_item_succeeds(workspace, tmp_path, make_page, story):
    page = _write(tmp_path / "a.html", "<html><body></body></html>")
    assert workspace.ingest([str(page)]).failed == 1
    page.write_text(
        make_page("Terminal delayed", story, url="https://a.example/1"), encoding="utf-8"
    )
    assert workspace.ingest([str(page)]).new == 1
    assert workspace.failures() == []


def test_ingest_interrupted_run_resumes_with_the_same_command(
    workspace, tmp_path, make_page, story
):
    for n in range(5):
        words = " ".join(story).split()
        random.Random(n).shuffle(words)  # five different texts, not near-copies of one
        _write(
            tmp_path / f"{n}.html",
            make_page(f"Story {n}", [" ".join(words)], url=f"https://a.example/{n}"),
        )

    def interrupt(done, total, report):  # type: ignore[no-untyped-def]
        if report.new == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        workspace.ingest([str(tmp_path)], progress=interrupt)
    assert workspace.stats().articles == 2
    report = workspace.ingest([str(tmp_path)])
    assert (report.new, report.unchanged) == (3, 2)


def test_reextract_rebuilds_articles_from_kept_raw_input(workspace, tmp_path, make_page, story):
    _write(tmp_path / "a.html", make_page("Terminal delayed", story, url="https://a.example/1"))
    workspace.ingest([str(tmp_path)])
    (tmp_path / "a.html").unlink()
    report = workspace.reextract()
    assert report.unchanged == 1 and report.failed == 0
    with workspace.store.engine.begin() as conn:
        conn.execute(articles.update().values(text="garbled", content_hash="x"))
    assert workspace.reextract().updated == 1
    [article] = workspace.articles()
    assert "cranes" in article.text
