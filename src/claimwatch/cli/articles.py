"""stats, articles, show, search, outlets."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from claimwatch.cli.common import console, db_option, json_option, parse_date, print_json, workspace
from claimwatch.serialize import article_full, article_summary, plain
from claimwatch.serialize_nlp import entity, reported_claim, statement


@click.command()
@db_option
@json_option
def stats(db: str, as_json: bool) -> None:
    """Counts: articles, outlets, languages, sources, duplicates, failures."""
    with workspace(db) as ws:
        s = ws.stats()
        failures = ws.failures()
    if as_json:
        print_json(plain(s) | {"backend": _backend(db)})
        return
    table = Table(show_header=False, box=None)
    for label, value in (
        ("articles", s.articles),
        ("outlets", s.outlets),
        ("appearances", f"{s.appearances} ({s.duplicates} copies of stored articles)"),
        ("languages", ", ".join(f"{k} {v}" for k, v in s.languages.items()) or "-"),
        ("sources", ", ".join(f"{k} {v}" for k, v in s.sources.items()) or "-"),
        ("published", f"{_day(s.first_published)} … {_day(s.last_published)}"),
        ("raw inputs kept", s.raw_inputs),
        ("failures", s.failures),
    ):
        table.add_row(f"[bold]{label}", str(value))
    console.print(table)
    for f in failures[:20]:
        console.print(f"  [red]✗[/] {escape(f.origin)}: {escape(f.reason)}")


@click.command("articles")
@click.option("--outlet", help="Outlet domain or name.")
@click.option("--language", help="ISO 639-1 code, e.g. en.")
@click.option("--since", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", help="Published on or before (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@db_option
@json_option
def list_articles(
    outlet: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    db: str,
    as_json: bool,
) -> None:
    """List articles, newest first."""
    with workspace(db) as ws:
        found = ws.articles(
            outlet=outlet,
            language=language,
            since=parse_date(since),
            until=parse_date(until),
            limit=limit,
        )
        names = ws.outlet_names()
    if as_json:
        print_json([article_summary(a, names.get(a.outlet or "")) for a in found])
        return
    table = Table("id", "published", "outlet", "lang", "title")
    for a in found:
        table.add_row(
            a.id, _day(a.published), escape(names.get(a.outlet or "", a.outlet or "-")),
            a.language or "-", escape(a.title or "(no title)"),
        )  # fmt: skip
    console.print(table)


@click.command()
@click.argument("article_id")
@db_option
@json_option
def show(article_id: str, db: str, as_json: bool) -> None:
    """One article: metadata, text and every place it appeared."""
    with workspace(db) as ws:
        a = ws.article(article_id)
        names = ws.outlet_names()
        said = ws.statements(article=article_id, limit=100_000)
        claims = ws.reported_claims(article_id)
        found = ws.entities(article_id)
        status = ws.analysis_status(article_id)
    if as_json:
        print_json(
            article_full(a, names.get(a.outlet or ""))
            | {
                "statements": [statement(s) for s in said],
                "reported_claims": [reported_claim(c) for c in claims],
                "entities": [entity(e) for e in found],
                "analysis": {k: {"status": st, "reason": r} for k, (st, r) in status.items()},
            }
        )
        return
    console.print(f"[bold]{escape(a.title or '(no title)')}[/]")
    outlet = names.get(a.outlet or "", a.outlet or "-")
    console.print(f"{escape(outlet)} · {_day(a.published)} · {a.language or '?'} · {a.id}")
    if a.authors:
        console.print("by " + escape(", ".join(a.authors)))
    if a.url:
        console.print(escape(a.url))
    console.print()
    console.print(escape(a.text))
    if a.captions:
        console.print("\n[dim]captions: " + escape(" | ".join(a.captions)))
    if said:
        console.print(f"\n[bold]statements ({len(said)}):[/]")
        for s in said:
            console.print(
                f"  [bold]{escape(s.speaker_name or 'unknown')}[/] [dim]({s.speaker_type}, "
                f"{s.act}, {escape(s.cue or '-')})[/] “{escape(s.text)}”"
            )
    for c in claims:
        who = c.speaker_name or "the article"
        console.print(f"  [bold]{escape(who)}[/] [dim]{c.act}s the claim[/] “{escape(c.text)}”")
    if found:
        console.print(
            "\n[bold]entities:[/] "
            + escape(", ".join(f"{e.name} ({e.type}, {e.mentions})" for e in found[:25]))
        )
    skipped = {k: r for k, (st, r) in status.items() if st != "ok"}
    for component, reason in skipped.items():
        console.print(f"[dim]{component}: {escape(reason or '')}[/]")
    if len(a.appearances) > 1:
        console.print(f"\n[bold]appeared {len(a.appearances)} times:[/]")
        for ap in a.appearances:
            where = names.get(ap.outlet or "", ap.outlet or "?")
            console.print(f"  {_day(ap.published)}  {escape(where)}  {escape(ap.url or ap.origin)}")


@click.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@db_option
@json_option
def search(query: str, limit: int, db: str, as_json: bool) -> None:
    """Full-text search over titles and bodies ("quoted phrases" allowed)."""
    with workspace(db) as ws:
        hits = ws.search(query, limit=limit)
        names = ws.outlet_names()
    if as_json:
        print_json(
            [
                article_summary(h.article, names.get(h.article.outlet or ""))
                | {"score": round(h.score, 4), "snippet": h.snippet}
                for h in hits
            ]
        )
        return
    if not hits:
        console.print("no articles match")
    for h in hits:
        outlet = names.get(h.article.outlet or "", h.article.outlet or "-")
        console.print(f"[bold]{escape(h.article.title)}[/]  [dim]{escape(outlet)} · {h.article.id}")
        console.print("  " + escape(h.snippet))


@click.command()
@db_option
@json_option
def outlets(db: str, as_json: bool) -> None:
    """Outlets with their number of appearances."""
    with workspace(db) as ws:
        rows = ws.outlets()
    if as_json:
        print_json(
            [{"id": o.id, "name": o.name, "domain": o.domain, "appearances": n} for o, n in rows]
        )
        return
    table = Table("outlet", "name", "appearances")
    for o, n in rows:
        table.add_row(escape(o.id), escape(o.name), str(n))
    console.print(table)


def _day(value: object) -> str:
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else "-"  # type: ignore[union-attr]


def _backend(db: str) -> str:
    return "postgresql" if db.startswith(("postgres", "postgresql")) else "sqlite"


COMMANDS = (stats, list_articles, show, search, outlets)
