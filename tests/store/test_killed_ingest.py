"""An ingest killed mid-run (kill -9) leaves a consistent store that the same command
resumes."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_killed_ingest_leaves_a_consistent_store_and_resumes(tmp_path, make_page, story):
    pages = tmp_path / "pages"
    pages.mkdir()
    words = " ".join(story).split()
    for n in range(150):
        random.Random(n).shuffle(words)
        html = make_page(f"Story {n}", [" ".join(words)], url=f"https://a.example/{n}")
        (pages / f"{n:03d}.html").write_text(html, encoding="utf-8")
    db = tmp_path / "store.db"
    command = [sys.executable, "-m", "claimwatch", "ingest", str(pages), "--db", str(db)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _count(db) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    stored = _count(db)
    assert 0 < stored < 150, "the run should have been killed part-way"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM appearances p WHERE p.article_id = a.id)"
        ).fetchone()[0]
        assert orphans == 0, "an article was stored without its appearance"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"{150 - stored} new" in rerun.stdout
    assert _count(db) == 150
