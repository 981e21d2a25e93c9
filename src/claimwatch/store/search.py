"""Full-text search over titles and bodies: FTS5 on SQLite, tsvector on PostgreSQL.
The only module that speaks each backend's search dialect."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, Float, Integer, Subquery, bindparam, text

from claimwatch.models import Article
from claimwatch.store.queries import get_article


@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float
    snippet: str


_WORD = re.compile(r"\w+", re.UNICODE)
_SQLITE_SNIPPET = "snippet(articles_fts, 1, '[', ']', ' … ', 16)"
_POSTGRES_SNIPPET = "ts_headline('english', text, q, 'StartSel=[,StopSel=],MaxWords=24,MinWords=8')"


def search_articles(
    engine: Engine, query: str, limit: int = 20, *, any_word: bool = False
) -> list[SearchHit]:
    """Articles matching every word of ``query`` ("quoted phrases" kept), best first; with
    ``any_word``, those matching at least one (more matches rank higher)."""
    if not _WORD.search(query):
        return []
    if engine.dialect.name == "postgresql":
        if any_word:
            query = " or ".join(_WORD.findall(query))
        rows = _postgres(engine, query, limit)
    else:
        rows = _sqlite(engine, query, limit, any_word)
    return [SearchHit(get_article(engine, aid), float(score), snip) for aid, score, snip in rows]


def _fts5_query(query: str, any_word: bool = False) -> str:
    """User words → a safe FTS5 expression: phrases kept, every term quoted, AND-ed (or
    OR-ed)."""
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        tokens = _WORD.findall(phrase or word)
        if tokens:
            terms.append('"' + " ".join(tokens) + '"')
    return (" OR " if any_word else " ").join(terms)


def _sqlite(
    engine: Engine, query: str, limit: int, any_word: bool = False
) -> list[tuple[str, float, str]]:
    sql = text(
        "SELECT a.id, bm25(articles_fts, 5.0, 1.0) AS score, "
        f"{_SQLITE_SNIPPET} AS snip "
        "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
        "WHERE articles_fts MATCH :q ORDER BY score LIMIT :limit"
    )
    with engine.connect() as conn:
        rows = conn.execute(sql, {"q": _fts5_query(query, any_word), "limit": limit}).all()
    return [(r.id, -float(r.score), r.snip) for r in rows]


def _postgres(engine: Engine, query: str, limit: int) -> list[tuple[str, float, str]]:
    sql = text(
        "SELECT id, ts_rank_cd(search, q) AS score, "
        f"{_POSTGRES_SNIPPET} AS snip "
        "FROM articles, websearch_to_tsquery('english', :q) AS q "
        "WHERE search @@ q ORDER BY score DESC, id LIMIT :limit"
    )
    with engine.connect() as conn:
        rows = conn.execute(sql, {"q": query, "limit": limit}).all()
    return [(r.id, float(r.score), r.snip) for r in rows]


def article_matches(dialect: str, query: str) -> Subquery | None:
    """The articles matching every word of ``query`` ("quoted phrases" kept) as a
    subquery of ``(seq, score)`` (join it on ``articles.seq``; higher scores rank first),
    for queries that filter, count and page in SQL. None when ``query`` has no words."""
    if not _WORD.search(query):
        return None
    if dialect == "postgresql":
        sql = text(
            "SELECT seq, ts_rank_cd(search, q) AS score "
            "FROM articles, websearch_to_tsquery('english', :q) AS q WHERE search @@ q"
        ).bindparams(q=query)
    else:
        sql = text(
            "SELECT rowid AS seq, -bm25(articles_fts, 5.0, 1.0) AS score "
            "FROM articles_fts WHERE articles_fts MATCH :q"
        ).bindparams(q=_fts5_query(query))
    return sql.columns(seq=Integer, score=Float).subquery("matched")


def snippets(engine: Engine, query: str, article_ids: Sequence[str]) -> dict[str, str]:
    """Article id → a passage of its text with the words of ``query`` in [brackets], for
    these articles (those the query does not match may be missing or unmarked)."""
    if not article_ids or not _WORD.search(query):
        return {}
    if engine.dialect.name == "postgresql":
        sql = text(
            f"SELECT id, {_POSTGRES_SNIPPET} AS snip "
            "FROM articles, websearch_to_tsquery('english', :q) AS q WHERE id IN :ids"
        )
    else:
        sql, query = (
            text(
                f"SELECT a.id, {_SQLITE_SNIPPET} AS snip FROM articles_fts "
                "JOIN articles a ON a.seq = articles_fts.rowid "
                "WHERE articles_fts MATCH :q AND a.id IN :ids"
            ),
            _fts5_query(query),
        )
    sql = sql.bindparams(bindparam("ids", expanding=True))
    with engine.connect() as conn:
        rows = conn.execute(sql, {"q": query, "ids": list(article_ids)}).all()
    return {r.id: r.snip for r in rows}
