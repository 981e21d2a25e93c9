"""Turning what a user gives the app (uploaded files, pasted text, a URL or feed) into a
queued ingest job. Uploads and pasted text go to a private temporary folder that the job
removes when it ends; URLs must be http(s) (never a path on the server)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from claimwatch.errors import BadRequest
from claimwatch.web.jobs import Job, JobRunner
from claimwatch.web.security import web_url

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_FILES = 50


def safe_name(name: str, n: int) -> str:
    """An uploaded file's name reduced to safe characters, its suffix kept (it tells the
    reader the format), never a path."""
    base = _UNSAFE.sub("_", Path(name or "").name).strip("._") or f"upload-{n}"
    return f"{n:02d}-{base[-120:]}"


def files_job(runner: JobRunner, uploads: Sequence[tuple[str, bytes]]) -> Job:
    """Queue ingest of uploaded ``(file name, bytes)``; an empty upload list is refused."""
    uploads = [(name, data) for name, data in uploads if name or data]
    if not uploads:
        raise BadRequest("no file was uploaded: choose one or more files")
    if len(uploads) > MAX_FILES:
        raise BadRequest(f"{len(uploads)} files at once: upload at most {MAX_FILES}")
    folder = tempfile.mkdtemp(prefix="claimwatch-upload-")
    paths = []
    for n, (name, data) in enumerate(uploads, 1):
        path = Path(folder) / safe_name(name, n)
        path.write_bytes(data)
        paths.append(str(path))
    label = ", ".join(name or f"file {n}" for n, (name, _) in enumerate(uploads, 1))
    return runner.submit("files", paths, label[:300], cleanup=folder)


def text_job(runner: JobRunner, text: str) -> Job:
    """Queue ingest of a pasted copy of a page (headline first, as a browser copies it)."""
    if not text.strip():
        raise BadRequest("the pasted text is empty: paste the page's headline and text")
    folder = tempfile.mkdtemp(prefix="claimwatch-paste-")
    path = Path(folder) / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    first = text.strip().splitlines()[0][:120]
    return runner.submit("text", [str(path)], f"pasted text: {first}", cleanup=folder)


def url_job(runner: JobRunner, url: str) -> Job:
    """Queue ingest of an article URL or a feed URL (told apart when fetched)."""
    checked = web_url(url)
    return runner.submit("url", [checked], checked)
