"""The CLI: thin commands, stable --json fields, one-line errors, exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimwatch import __version__
from claimwatch.cli import cli

ARTICLE_FIELDS = {"id", "title", "url", "outlet", "published", "language", "authors", "source"}


@pytest.fixture
def folder(tmp_path: Path, make_page, story) -> Path:  # type: ignore[no-untyped-def]
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text(
        make_page("Terminal opening delayed", story, url="https://harbor-times.example/a"),
        encoding="utf-8",
    )
    (pages / "b.txt").write_text(
        "https://coastline-daily.example/rain\n\nHeavy rain expected on the coast\n\n"
        "By Ona Brisk\n\nMar 6, 2026 10:07 AM\n\n"
        "Forecasters warned on Friday that up to 80 millimetres of rain could fall on the "
        "coast over the weekend, and asked drivers to avoid the low road near Marrow Bay.",
        encoding="utf-8",
    )
    return pages


def run(*args: str, db: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    return result.exit_code, result.output


def test_cli_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_cli_runs_as_python_module():
    out = subprocess.run(
        [sys.executable, "-m", "claimwatch", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "ingest" in out.stdout


def test_cli_ingest_then_stats_json_has_articles_and_outlets(folder, tmp_path):
    db = tmp_path / "s.db"
    code, out = run("ingest", str(folder), db=db)
    assert code == 0, out
    assert "2 new" in out
    code, out = run("stats", "--json", db=db)
    stats = json.loads(out)
    assert (stats["articles"], stats["outlets"]) == (2, 2)
    assert stats["languages"] == {"en": 2}


def test_cli_articles_json_carries_the_documented_fields(folder, tmp_path):
    db = tmp_path / "s.db"
    run("ingest", str(folder), db=db)
    _, out = run("articles", "--json", "--outlet", "harbor-times.example", db=db)
    [article] = json.loads(out)
    assert set(article) >= ARTICLE_FIELDS
    assert article["outlet"] == "harbor-times.example"
    assert article["published"].startswith("2026-03-05")


def test_cli_articles_filters_by_language_and_dates(folder, tmp_path):
    db = tmp_path / "s.db"
    run("ingest", str(folder), db=db)
    _, out = run("articles", "--json", "--since", "2026-03-06", db=db)
    assert [a["title"] for a in json.loads(out)] == ["Heavy rain expected on the coast"]
    _, out = run("articles", "--json", "--language", "de", db=db)
    assert json.loads(out) == []
    code, out = run("articles", "--since", "yesterday", db=db)
    assert code == 2 and "YYYY-MM-DD" in out


def test_cli_show_json_adds_text_and_appearances(folder, tmp_path):
    db = tmp_path / "s.db"
    run("ingest", str(folder), db=db)
    _, out = run("articles", "--json", db=db)
    first = json.loads(out)[0]
    code, out = run("show", first["id"], "--json", db=db)
    shown = json.loads(out)
    assert code == 0
    assert ARTICLE_FIELDS | {"text", "updated", "appearances", "captions"} <= set(shown)
    assert shown["text"] and shown["appearances"][0]["url"] == shown["url"]


def test_cli_show_unknown_id_is_one_line_error(tmp_path):
    code, out = run("show", "nope", db=tmp_path / "s.db")
    assert code == 1
    assert "no article with id 'nope'" in out and "Traceback" not in out


def test_cli_search_json(folder, tmp_path):
    db = tmp_path / "s.db"
    run("ingest", str(folder), db=db)
    _, out = run("search", "rain", "--json", db=db)
    [hit] = json.loads(out)
    assert hit["title"] == "Heavy rain expected on the coast" and "snippet" in hit


def test_cli_ingest_failure_exits_nonzero_and_names_the_item(folder, tmp_path):
    (folder / "empty.txt").write_bytes(b"")
    code, out = run("ingest", str(folder), db=tmp_path / "s.db")
    assert code == 1
    assert "2 new" in out and "1 failed" in out
    assert "empty.txt" in out


def test_cli_ingest_reads_jsonl_from_stdin(tmp_path):
    line = json.dumps(
        {
            "url": "https://a.example/x",
            "title": "Bridge reopens",
            "outlet": "A Daily",
            "text": "The old bridge over the Elsin reopened on Tuesday after two years of repairs, "
            "the city said, with a lower speed limit for lorries.",
        }
    )
    result = CliRunner().invoke(
        cli, ["ingest", "-", "--db", str(tmp_path / "s.db"), "--json"], input=line + "\n"
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["new"] == 1 and out["analysis"]["analysed"] == 1


def test_cli_bad_db_path_is_one_line_error(tmp_path):
    code, out = run("stats", db=tmp_path / "missing-folder" / "s.db")
    assert code == 1 and "does not exist" in out


def test_cli_not_a_store_is_one_line_error(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a database" * 100)
    code, out = run("stats", db=bogus)
    assert code == 1 and "cannot open the store" in out


def test_cli_demo_builds_the_store_and_says_what_next(tmp_path):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output and "claimwatch search" in result.output
    _, out = run("stats", "--json", db=db)
    stats = json.loads(out)
    assert stats["articles"] >= 30 and stats["outlets"] >= 8


def test_cli_eval_extraction_writes_predictions_and_scores_them(tmp_path, make_page, story):
    import gzip

    data = tmp_path / "bench"
    (data / "html").mkdir(parents=True)
    gold = {}
    for n in range(2):
        page = make_page(f"Story {n}", story, url=f"https://a.example/{n}")
        (data / "html" / f"p{n}.html.gz").write_bytes(gzip.compress(page.encode()))
        gold[f"p{n}"] = {"articleBody": "\n".join(story), "url": f"https://a.example/{n}"}
    (data / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    out = tmp_path / "pred.json"
    result = CliRunner().invoke(
        cli, ["eval", "extraction", "--data", str(data), "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    score = json.loads(result.output)
    assert score["pages"] == 2 and score["f1"] > 0.95
    assert set(json.loads(out.read_text(encoding="utf-8"))) == {"p0", "p1"}
