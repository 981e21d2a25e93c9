"""The JSON API: every page's data under /api, the check, ClaimReview export and ingest
jobs. Handlers only parse and call web/views.py (or the job runner)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from claimwatch.errors import NotFound
from claimwatch.web import submit, views
from claimwatch.web.jobs import JobRunner
from claimwatch.web.params import SearchParams
from claimwatch.web.security import bearer, check_token
from claimwatch.workspace import Workspace

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=views.MAX_LIMIT)]


def _ws(request: Request) -> Workspace:
    return request.app.state.ws


def _runner(request: Request) -> JobRunner:
    return request.app.state.runner


def _authorised(request: Request) -> None:
    check_token(_ws(request).settings.api_token, bearer(request.headers.get("authorization")))


class CheckBody(BaseModel):
    claim: str = Field(min_length=1, max_length=2000, description="The claim's words.")


class TextBody(BaseModel):
    text: str = Field(min_length=1, description="A pasted copy of a page, headline first.")


class UrlBody(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="An article or feed URL.")


@router.get("/home", summary="Latest stories, most active claims, recent denials")
def home(request: Request) -> dict[str, Any]:
    return views.home(_ws(request))


@router.get("/search", summary="Search articles, statements or claims, with facets")
def search(request: Request, params: Annotated[SearchParams, Depends()]) -> dict[str, Any]:
    return views.search(_ws(request), params.q, **params.filters())


@router.get("/check", summary="Check a claim: matches, fact-checks, evidence, verdict")
def check_get(
    request: Request, claim: Annotated[str, Query(min_length=1, max_length=2000)]
) -> dict[str, Any]:
    return views.check(_ws(request), claim)


@router.post("/check", summary="Check a claim (the claim in a JSON body)")
def check_post(request: Request, body: CheckBody) -> dict[str, Any]:
    return views.check(_ws(request), body.claim)


@router.get("/claims", summary="Canonical claims, the most widely spread first")
def claims(
    request: Request, limit: Limit = 50, offset: Annotated[int, Query(ge=0)] = 0
) -> dict[str, Any]:
    return views.claims(_ws(request), limit=limit, offset=offset)


@router.get("/claims/{claim_id}", summary="One canonical claim with its check result")
def claim(request: Request, claim_id: str) -> dict[str, Any]:
    return views.claim(_ws(request), claim_id)


@router.get("/claims/{claim_id}/claimreview", summary="The claim as schema.org ClaimReview")
def claimreview(request: Request, claim_id: str) -> JSONResponse:
    return JSONResponse(views.claimreview(_ws(request), claim_id), media_type="application/ld+json")


@router.get("/articles", summary="Articles, the newest first")
def articles(
    request: Request,
    outlet: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: Limit = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    return views.articles(
        _ws(request), outlet=outlet, language=language, since=since, until=until,
        limit=limit, offset=offset,
    )  # fmt: skip


@router.get("/articles/{article_id}", summary="An article with its statements and claims")
def article(request: Request, article_id: str) -> dict[str, Any]:
    return views.article(_ws(request), article_id)


@router.get("/speakers", summary="Speakers, the most quoted first")
def speakers(request: Request, limit: Limit = 200) -> dict[str, Any]:
    return views.speakers(_ws(request), limit=limit)


@router.get("/speakers/{name}", summary="A speaker's statements and claims")
def speaker(request: Request, name: str) -> dict[str, Any]:
    return views.speaker(_ws(request), name)


@router.get("/outlets", summary="Outlets and their article counts")
def outlets(request: Request) -> dict[str, Any]:
    return views.outlets(_ws(request))


@router.get("/outlets/{outlet_id}", summary="An outlet's articles and the claims it carried")
def outlet(request: Request, outlet_id: str, limit: Limit = 50) -> dict[str, Any]:
    return views.outlet(_ws(request), outlet_id, limit=limit)


@router.get("/stories", summary="Stories, the latest first")
def stories(
    request: Request, min_size: Annotated[int, Query(ge=1)] = 1, limit: Limit = 50
) -> dict[str, Any]:
    return views.stories(_ws(request), min_size=min_size, limit=limit)


@router.get("/stories/{story_id}", summary="A story's articles and timeline")
def story(request: Request, story_id: str) -> dict[str, Any]:
    return views.story(_ws(request), story_id)


@router.post("/ingest/files", status_code=202, summary="Ingest uploaded files (token needed)")
def ingest_files(
    request: Request, files: Annotated[list[UploadFile], File(description="Files")]
) -> dict[str, Any]:
    _authorised(request)
    uploads = [(f.filename or "", f.file.read()) for f in files]
    return submit.files_job(_runner(request), uploads).as_dict()


@router.post("/ingest/text", status_code=202, summary="Ingest pasted page text (token needed)")
def ingest_text(request: Request, body: TextBody) -> dict[str, Any]:
    _authorised(request)
    return submit.text_job(_runner(request), body.text).as_dict()


@router.post("/ingest/url", status_code=202, summary="Ingest an article or feed URL (token)")
def ingest_url(request: Request, body: Annotated[UrlBody, Body()]) -> dict[str, Any]:
    _authorised(request)
    return submit.url_job(_runner(request), body.url).as_dict()


@router.get("/jobs", summary="Recent ingest jobs")
def jobs(request: Request) -> dict[str, Any]:
    return {"jobs": [j.as_dict() for j in _runner(request).recent()]}


@router.get("/jobs/{job_id}", summary="One ingest job's progress and report")
def job(request: Request, job_id: str) -> dict[str, Any]:
    found = _runner(request).get(job_id)
    if found is None:
        raise NotFound(f"no job '{job_id}' (jobs are kept until the server restarts)")
    return found.as_dict()
