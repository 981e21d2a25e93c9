"""Background ingest for the web app: one worker thread (the store's one writer) runs
queued jobs in turn — ingest, then analysis, then linking — and records their progress
where request handlers can read it."""

from __future__ import annotations

import logging
import queue
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from claimwatch.errors import ClaimwatchError
from claimwatch.workspace import Workspace

log = logging.getLogger(__name__)

#: Finished jobs kept for their pages (the oldest are forgotten first).
KEEP_FINISHED = 100


@dataclass
class Job:
    id: str
    kind: str  # files | text | url | feed
    label: str  # what the user gave, for people
    sources: list[str]
    cleanup: str | None = None  # a temporary folder removed when the job ends
    state: str = "queued"  # queued | running | done | failed
    stage: str = "waiting"  # waiting | ingest | analyse | link | finished
    done: int = 0
    total: int = 0
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    report: dict[str, Any] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        elapsed = (self.finished or time.time()) - (self.started or time.time())
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "state": self.state,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "elapsed_s": round(max(elapsed, 0.0), 1),
            "rate_per_s": round(self.done / elapsed, 2) if elapsed > 0 and self.done else None,
            "report": self.report,
            "failures": self.failures,
            "error": self.error,
            "links": {"page": f"/jobs/{self.id}", "api": f"/api/jobs/{self.id}"},
        }


class JobRunner:
    """Runs ingest jobs one at a time on a daemon thread, against ``ws``."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="claimwatch-jobs", daemon=True)
        self._thread.start()

    def submit(
        self, kind: str, sources: list[str], label: str, *, cleanup: str | None = None
    ) -> Job:
        job = Job(uuid.uuid4().hex[:16], kind, label, sources, cleanup)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, limit: int = 20) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: -j.submitted)[:limit]

    def wait(self, job_id: str, timeout: float = 600.0) -> Job:
        """Block until the job has finished (for tests and scripts)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            job = self.get(job_id)
            if job is None or job.state in ("done", "failed"):
                break
            time.sleep(0.05)
        job = self.get(job_id)
        if job is None:
            raise KeyError(job_id)
        return job

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        for job in sorted(finished, key=lambda j: j.submitted)[
            : max(0, len(finished) - KEEP_FINISHED)
        ]:
            del self._jobs[job.id]

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                self._run(job)
            except ClaimwatchError as exc:
                job.state, job.error = "failed", str(exc)
            except Exception as exc:  # a job must never take the worker down
                job.state, job.error = (
                    "failed",
                    f"internal error ({type(exc).__name__}); see the server log",
                )
                import logging

                logging.getLogger(__name__).exception("job %s failed", job.id)
            finally:
                job.finished = time.time()
                job.stage = "finished"
                if job.cleanup:
                    shutil.rmtree(job.cleanup, ignore_errors=True)

    def _progress(self, job: Job, stage: str, done: int, total: int) -> None:
        job.stage, job.done, job.total = stage, done, total

    @staticmethod
    def _shown(job: Job, text: str) -> str:
        """``text`` without the job's temporary folder (users named files, not paths)."""
        return text.replace(job.cleanup + "/", "") if job.cleanup else text

    def _run(self, job: Job) -> None:
        job.state, job.started = "running", time.time()
        self._progress(job, "ingest", 0, 0)
        report = self.ws.ingest(
            job.sources, progress=lambda d, t, _r: self._progress(job, "ingest", d, t)
        )
        job.report = {"ingest": report.as_dict()}
        job.failures = [
            {"item": self._shown(job, f.origin), "reason": self._shown(job, f.reason)}
            for f in report.failures
        ]
        job.report["ingest"]["failures"] = job.failures
        job.report["articles"] = [
            {"id": aid, "title": self.ws.article(aid).title}
            for aid in list(dict.fromkeys(report.article_ids))[:100]
        ]
        self._progress(job, "analyse", 0, 0)
        analysis = self.ws.analyze(progress=lambda d, t, _r: self._progress(job, "analyse", d, t))
        job.report["analysis"] = {"articles": analysis.articles}
        self._progress(job, "link", 0, 0)
        linked = self.ws.link(progress=lambda _s, d, t: self._progress(job, "link", d, t))
        job.report["link"] = linked.as_dict()
        job.state = "done" if report.items > report.failed or not report.failures else "failed"
        if job.state == "failed":
            job.error = "nothing could be ingested; see the failures"
