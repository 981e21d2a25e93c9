"""The HTML pages: each renders one web/views.py function's data, the same data its JSON
twin under /api returns. Forms post here and are redirected (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimwatch.errors import BadRequest, NotFound
from claimwatch.store.queries_link import resolve_canonical_id, resolve_story_id
from claimwatch.verify.spread import Spread
from claimwatch.web import submit, views
from claimwatch.web.jobs import Job, JobRunner
from claimwatch.web.params import SearchParams
from claimwatch.web.render import render
from claimwatch.web.security import check_token
from claimwatch.workspace import Workspace

router = APIRouter(include_in_schema=False)

#: The chart is an image document: it may style itself, nothing else.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


class ChartCache:
    """Drawn charts by what they show and the store's state (its link generation and
    article count): a chart is computed and drawn once until the store changes."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._svg: dict[tuple[str, ...], str] = {}

    def svg(self, ws: Workspace, key: tuple[str, ...], spread: Callable[[], Spread]) -> str:
        from claimwatch.store.queries import count_articles
        from claimwatch.store.queries_link import link_generation

        engine = ws.store.engine
        full = (*key, str(link_generation(engine)), str(count_articles(engine)))
        if full not in self._svg:
            drawn = spread()
            if len(self._svg) >= self.size:
                self._svg.pop(next(iter(self._svg)))
            self._svg[full] = drawn.svg() if drawn.points else ""  # "": nothing to draw
        if not self._svg[full]:
            raise BadRequest(f"{key[-1]}: nothing dated to draw")
        return self._svg[full]


def _svg(request: Request, key: tuple[str, ...], spread: Callable[[], Spread]) -> Response:
    return Response(
        request.app.state.charts.svg(_ws(request), key, spread),
        media_type="image/svg+xml",
        headers={"content-security-policy": SVG_CSP, "cache-control": "no-cache"},
    )


def _ws(request: Request) -> Workspace:
    return request.app.state.ws


def _runner(request: Request) -> JobRunner:
    return request.app.state.runner


def _page(
    request: Request, template: str, data: dict[str, Any], *, twin: str | None = "", **extra: Any
) -> HTMLResponse:
    """The page ``template`` over ``data``; ``twin`` is its JSON twin (by default /api and
    the same path and query; None: the page has none)."""
    if twin == "":
        query = urlencode(list(request.query_params.multi_items()))
        twin = "/api" + (request.url.path if request.url.path != "/" else "/home")
        twin += f"?{query}" if query else ""
    return HTMLResponse(render(template, request, {"data": data, "twin": twin, **extra}))


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return _page(request, "home.html", views.home(_ws(request)))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, params: Annotated[SearchParams, Depends()]) -> HTMLResponse:
    data = views.search(_ws(request), params.q, **params.filters())
    return _page(request, "search.html", data)


@router.get("/check", response_class=HTMLResponse)
def check(request: Request, claim: Annotated[str, Query(max_length=2000)] = "") -> HTMLResponse:
    data = views.check(_ws(request), claim) if claim.strip() else None
    return _page(
        request, "check.html", data or {}, claim=claim, checked=data is not None,
        twin="" if data is not None else None,
    )  # fmt: skip


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
    return _page(request, "claims.html", views.claims(_ws(request), limit=50, offset=offset))


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: str) -> HTMLResponse:
    return _page(request, "claim.html", views.claim(_ws(request), claim_id))


@router.get("/claims/{claim_id}/chart.svg")
def claim_chart(request: Request, claim_id: str) -> Response:
    ws = _ws(request)
    cid = resolve_canonical_id(ws.store.engine, claim_id)
    return _svg(request, ("claim", cid), lambda: views.claim_spread(ws, cid))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, at: str = "") -> HTMLResponse:
    """The article, its statements marked; ``at=START-END`` marks a quoted span (the
    evidence a claim page linked from) instead of the statements it overlaps."""
    data = views.article(_ws(request), article_id)
    spans = [
        {"start": s["start"], "end": s["end"], "id": s["id"], "act": s["act"],
         "title": f"{s['speaker']['name'] or 'unattributed'} · {s['act']}"}
        for s in data["statements"]
    ]  # fmt: skip
    start, _, end = at.partition("-")
    if start.isdigit() and end.isdigit():
        quote = {"start": int(start), "end": int(end), "id": "quote", "act": "quoted",
                 "title": "the quoted words"}  # fmt: skip
        spans = [quote] + [
            s for s in spans if s["end"] <= quote["start"] or s["start"] >= quote["end"]
        ]
    return _page(request, "article.html", data, spans=spans)


@router.get("/speakers", response_class=HTMLResponse)
def speakers(request: Request) -> HTMLResponse:
    return _page(request, "speakers.html", views.speakers(_ws(request)))


@router.get("/speakers/{name}/chart.svg")
def speaker_chart(request: Request, name: str) -> Response:
    return _svg(request, ("speaker", name), lambda: views.speaker_spread(_ws(request), name))


@router.get("/speakers/{name}", response_class=HTMLResponse)
def speaker(request: Request, name: str) -> HTMLResponse:
    return _page(request, "speaker.html", views.speaker(_ws(request), name))


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request) -> HTMLResponse:
    return _page(request, "outlets.html", views.outlets(_ws(request)))


@router.get("/outlets/{outlet_id}", response_class=HTMLResponse)
def outlet(request: Request, outlet_id: str) -> HTMLResponse:
    return _page(request, "outlet.html", views.outlet(_ws(request), outlet_id))


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request) -> HTMLResponse:
    return _page(request, "stories.html", views.stories(_ws(request), min_size=1, limit=100))


@router.get("/stories/{story_id}/chart.svg")
def story_chart(request: Request, story_id: str) -> Response:
    ws = _ws(request)
    sid = resolve_story_id(ws.store.engine, story_id)
    return _svg(request, ("story", sid), lambda: views.story_spread(ws, sid))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    return _page(request, "story.html", views.story(_ws(request), story_id))


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    jobs = [j.as_dict() for j in _runner(request).recent()]
    writable = bool(_ws(request).settings.api_token)
    return _page(request, "ingest.html", {"jobs": jobs}, writable=writable, twin="/api/jobs")


def _started(job: Job) -> RedirectResponse:
    return RedirectResponse(f"/jobs/{quote(job.id)}", status_code=303)


def _token(request: Request, token: str) -> None:
    check_token(_ws(request).settings.api_token, token)


@router.post("/ingest/files")
def ingest_files(
    request: Request,
    token: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> RedirectResponse:
    _token(request, token)
    uploads = [(f.filename or "", f.file.read()) for f in files or []]
    return _started(submit.files_job(_runner(request), uploads))


@router.post("/ingest/text")
def ingest_text(
    request: Request, token: Annotated[str, Form()] = "", text: Annotated[str, Form()] = ""
) -> RedirectResponse:
    _token(request, token)
    return _started(submit.text_job(_runner(request), text))


@router.post("/ingest/url")
def ingest_url(
    request: Request, token: Annotated[str, Form()] = "", url: Annotated[str, Form()] = ""
) -> RedirectResponse:
    _token(request, token)
    return _started(submit.url_job(_runner(request), url))


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str) -> HTMLResponse:
    found = _runner(request).get(job_id)
    if found is None:
        raise NotFound(f"no job '{job_id}' (jobs are kept until the server restarts)")
    return _page(request, "job.html", found.as_dict())
