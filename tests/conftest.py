"""Shared fixtures: a store on each backend (SQLite always; PostgreSQL when reachable)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get("CLAIMWATCH_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test")


def _postgres_admin():  # type: ignore[no-untyped-def]
    import psycopg

    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CLAIMWATCH_REQUIRE_POSTGRES"):
            raise
        pytest.skip(
            f"PostgreSQL not reachable at {POSTGRES_URL} ({str(exc).splitlines()[0]}); "
            "set CLAIMWATCH_TEST_POSTGRES or start the server (.ci/run does)"
        )


@pytest.fixture
def postgres_db() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin = _postgres_admin()
    name = f"claimwatch_t_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store location on each backend: the same tests run against both."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("postgres_db")


@pytest.fixture
def workspace(db_url: str):  # type: ignore[no-untyped-def]
    from claimwatch import open_workspace

    ws = open_workspace(db_url)
    yield ws
    ws.close()


@pytest.fixture
def sqlite_workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    from claimwatch import open_workspace

    ws = open_workspace(str(tmp_path / "store.db"))
    yield ws
    ws.close()


def news_page(
    title: str,
    paragraphs: list[str],
    *,
    url: str | None = None,
    site: str = "Harbor Times",
    published: str = "2026-03-05T09:30:00+01:00",
    author: str = "Lena Orvik",
) -> str:
    """A small but realistic news page: menu, article, caption, related links, footer."""
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
{canonical}
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<main><article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{body}
</article>
<aside><h3>Related articles</h3><ul><li><a href="/x">Another story entirely</a></li></ul></aside>
</main>
<footer>© 2026 {site}. All rights reserved.</footer>
</body></html>"""


STORY = [
    "The harbour authority of Port Elsin said on Thursday that the new container terminal "
    "would open in May, two months later than planned, because cranes ordered from abroad "
    "arrived late.",
    "Officials told reporters that the delay would cost the city about 4 million euros in "
    "lost fees, a figure the opposition called optimistic.",
    "“We would rather open late than open unsafe,” the authority's director, Ilse Varn, "
    "said at a press conference in the old customs house.",
    "Shipping companies had been told to expect the first vessels in March, and several of "
    "them have already rerouted their spring schedules through neighbouring ports.",
]


@pytest.fixture
def make_page():  # type: ignore[no-untyped-def]
    return news_page


@pytest.fixture
def story() -> list[str]:
    return list(STORY)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo corpus ingested, analysed and linked once per run, as ``claimwatch demo``
    builds it. Tests that write must copy it first (the ``copy_store`` fixture)."""
    from claimwatch import open_workspace
    from claimwatch.demo import corpus_path

    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    with open_workspace(db) as ws:
        ws.ingest([str(corpus_path())])
        ws.analyze()
        ws.link()
    return db


@pytest.fixture(scope="session")
def copy_store():  # type: ignore[no-untyped-def]
    """``copy_store(db, folder)``: a copy of a SQLite store (and its index) in ``folder``."""
    return _copy_store


def _copy_store(db: str, folder: Path) -> str:
    """A copy of the SQLite store ``db`` (and its vector index) in ``folder``."""
    import shutil
    import sqlite3

    target = folder / Path(db).name
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    index = Path(db + ".index")
    if index.is_dir():
        shutil.copytree(index, str(target) + ".index")
    return str(target)
