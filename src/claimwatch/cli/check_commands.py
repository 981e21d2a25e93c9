"""link, check, claim, stories, story."""

from __future__ import annotations

import click
from rich.markup import escape

from claimwatch.cli.common import (
    console,
    db_option,
    json_option,
    print_json,
    progress_bar,
    workspace,
)
from claimwatch.link.update import LinkReport
from claimwatch.serialize_check import canonical, check_result, member, story, story_article
from claimwatch.store.queries_link import resolve_canonical_id, resolve_story_id
from claimwatch.verify.check import GROUPS, CheckResult, Evidence
from claimwatch.workspace import Workspace

_COLOUR = {"supporting": "yellow", "denying": "green", "discussing": "cyan"}


def _day(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%Y-%m-%d %H:%M") if value else "undated"


def run_link(ws: Workspace, *, rebuild: bool = False, as_json: bool = False) -> LinkReport:
    with progress_bar("link", str, unit="items") as bar:
        report = ws.link(
            rebuild=rebuild, progress=lambda stage, done, total: bar(done, total, stage)
        )
    if not as_json:
        console.print(
            f"linked {report.linked} claims ({report.embedded} embedded): "
            f"{report.canonicals} canonical claims, {report.stories} stories, "
            f"{report.fact_check_matches} fact-check matches"
        )
        if report.recounted:
            console.print(f"recounted {report.recounted} canonical claims whose claims changed")
    return report


@click.command()
@click.option("--rebuild", is_flag=True, help="Forget every link and link all claims again.")
@db_option
@json_option
def link(rebuild: bool, db: str, as_json: bool) -> None:
    """Link claims worded differently into canonical claims; group articles into stories."""
    with workspace(db) as ws:
        report = run_link(ws, rebuild=rebuild, as_json=as_json)
    if as_json:
        print_json(report.as_dict())


def _evidence_line(e: Evidence) -> str:
    who = escape(e.speaker) + f" [dim]({e.speaker_type})[/]" if e.speaker else "[dim]the article[/]"
    where = escape(e.outlet_name or e.outlet or "no outlet")
    return (
        f"  [{e.n}] {who} — {where}, {_day(e.published)}\n"
        f"      “{escape(' '.join(e.quote.split()))}”\n"
        f"      [dim]{escape(e.url or e.article_id)} · {escape(e.reason)} · {e.score:.2f}[/]"
    )


def print_check(r: CheckResult) -> None:
    console.print(f"[bold]Claim:[/] {escape(r.claim)}")
    if not r.known:
        console.print("[bold]Nothing known:[/] nothing in the store bears on this claim.")
        return
    console.print(f"[bold]Verdict suggestion: {escape(r.verdict.label)}[/]")
    for reason in r.verdict.reasons:
        cites = "".join(f"[{n}]" for n in reason.cites)
        console.print(f"  {escape(reason.text)} {escape(cites)}")
    if r.matches:
        console.print("\n[bold]Matching claims[/]")
        for m in r.matches:
            c = m.claim
            console.print(
                f"  {c.id[:12]}  {escape(c.text)}  [dim](similarity {m.similarity:.2f}; "
                f"{c.articles} articles, {c.outlets} outlets, {c.denials} denials)[/]"
            )
    if r.fact_checks:
        console.print("\n[bold]Known fact-checks[/]")
        for f in r.fact_checks:
            console.print(
                f"  {escape(f.publisher or '?')}: {escape(f.rating or 'reviewed')} — "
                f"{escape(f.claim)} [dim]{escape(f.url or '')}[/]"
            )
    for group in GROUPS:
        items = r.group(group)
        if items:
            console.print(f"\n[bold {_COLOUR[group]}]{group.capitalize()} ({len(items)})[/]")
            for e in items:
                console.print(_evidence_line(e))
    if r.figures:
        console.print("\n[bold]Figures given[/]")
        for f in r.figures:
            console.print(f"  {escape(f.value)} ({f.stance}) [{f.evidence}]")
    t = r.timeline
    console.print("\n[bold]Timeline[/]")
    if t.first_appearance:
        e = t.first_appearance
        console.print(
            f"  first appearance: {_day(e.published)} {escape(e.outlet_name or '')} [{e.n}]"
        )
    if t.first_denial:
        e = t.first_denial
        console.print(f"  first denial: {_day(e.published)} {escape(e.speaker or '')} [{e.n}]")
    for e in t.repeats_after_denial:
        console.print(
            f"  repeated after the denial: {_day(e.published)} "
            f"{escape(e.outlet_name or '')} [{e.n}]"
        )
    for day, outlet, stance, n in t.by_day:
        console.print(f"  {day}  {escape(outlet):30} {stance:11} {n} article(s)")


@click.command()
@click.argument("claim")
@db_option
@json_option
def check(claim: str, db: str, as_json: bool) -> None:
    """Everything the store knows about CLAIM: matching claims, fact-checks, evidence for
    and against, the timeline and a verdict suggestion."""
    with workspace(db) as ws:
        result = ws.check(claim)
    if as_json:
        print_json(check_result(result))
    else:
        print_check(result)


@click.command("claim")
@click.argument("claim_id")
@db_option
@json_option
def claim_command(claim_id: str, db: str, as_json: bool) -> None:
    """One canonical claim and every wording of it (ids from check or claims --canonical)."""
    with workspace(db) as ws:
        record = ws.canonical_claim(resolve_canonical_id(ws.store.engine, claim_id))
        members = ws.appearances(record.id)
    if as_json:
        print_json({"claim": canonical(record), "appearances": [member(m) for m in members]})
        return
    console.print(f"[bold]{escape(record.text)}[/]  [dim]{record.id}[/]")
    console.print(
        f"{record.members} wordings in {record.articles} articles from {record.outlets} "
        f"outlets, {record.denials} denials; first seen {_day(record.first_seen)}, "
        f"last {_day(record.last_seen)}"
    )
    for m in members:
        who = escape(m.speaker_name or "the article")
        console.print(
            f"  {_day(m.published)}  {escape(m.outlet or '-'):26} {m.act:8} {who}: "
            f"“{escape(' '.join(m.quote.split()))}” [dim]{m.similarity:.2f}[/]"
        )


@click.command()
@click.option(
    "--min-size", default=1, show_default=True, type=click.IntRange(1), help="Smallest story shown."
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@db_option
@json_option
def stories(min_size: int, limit: int, db: str, as_json: bool) -> None:
    """Stories (articles about one event), the latest first."""
    with workspace(db) as ws:
        found = ws.stories(min_size=min_size, limit=limit)
    if as_json:
        print_json([story(s) for s in found])
        return
    for s in found:
        console.print(
            f"{s.id[:12]}  {s.size:3} articles {s.outlets:3} outlets  "
            f"{_day(s.first_published)} → {_day(s.last_published)}  {escape(s.title)}"
        )


@click.command("story")
@click.argument("story_id")
@db_option
@json_option
def story_command(story_id: str, db: str, as_json: bool) -> None:
    """One story: its articles in time order."""
    with workspace(db) as ws:
        record, articles = ws.story(resolve_story_id(ws.store.engine, story_id))
    if as_json:
        print_json({"story": story(record), "articles": [story_article(a) for a in articles]})
        return
    console.print(f"[bold]{escape(record.title)}[/]  [dim]{record.id}[/]")
    for a in articles:
        console.print(
            f"  {_day(a.published)}  {escape(a.outlet or '-'):26} {escape(a.title)} "
            f"[dim]{a.article_id} {a.language or ''}[/]"
        )


COMMANDS = (link, check, claim_command, stories, story_command)
