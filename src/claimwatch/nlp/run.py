"""Running the pipeline over many articles: in this process, or in a pool of processes
(each loads the pipeline once). Results are the same either way, in input order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from claimwatch.nlp.doc import Doc
from claimwatch.nlp.pipeline import Pipeline

Task = tuple[str, str, str | None]  # article id, text, language

_worker_pipeline: Pipeline | None = None


def _docs(tasks: Iterable[Task]) -> list[Doc]:
    return [Doc(article_id=i, text=t, language=lang) for i, t, lang in tasks]


def _init_worker() -> None:
    global _worker_pipeline
    from claimwatch.nlp.components import default_pipeline

    _worker_pipeline = default_pipeline()


def _work(tasks: list[Task]) -> list[Doc]:
    assert _worker_pipeline is not None
    return [d.without_parse() for d in _worker_pipeline(_docs(tasks))]


def batches(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(tasks)
    while batch := list(islice(iterator, size)):
        yield batch


def analyse(
    tasks: Iterable[Task], pipeline: Pipeline | None = None, *, processes: int = 1, batch: int = 16
) -> Iterator[Doc]:
    """Analysed Docs (without their spaCy parse), in the order of ``tasks``."""
    if processes <= 1:
        if pipeline is None:
            from claimwatch.nlp.components import default_pipeline

            pipeline = default_pipeline()
        for chunk in batches(tasks, batch):
            yield from (d.without_parse() for d in pipeline(_docs(chunk)))
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=_init_worker) as pool:
        yield from (d for result in pool.map(_work, batches(tasks, batch)) for d in result)
