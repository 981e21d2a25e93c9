"""Query parameters shared by a page and its JSON twin (FastAPI reads them from the URL)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import Query

from claimwatch.web.views import MAX_LIMIT


@dataclass
class SearchParams:
    """The search page's filters; empty values (a form's blank fields) mean no filter."""

    q: str = ""
    kind: str = "articles"
    outlet: str | None = None
    language: str | None = None
    since: str | None = None
    until: str | None = None
    speaker_type: str | None = None
    stance: str | None = None
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20
    offset: Annotated[int, Query(ge=0)] = 0

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``views.search`` (after the query words)."""
        return {k: (v if v != "" else None) for k, v in asdict(self).items() if k != "q"}
