"""claimwatch: a self-hosted news claim monitor.

>>> import claimwatch
>>> ws = claimwatch.open_workspace("news.db")
>>> report = ws.ingest(["feeds/", "https://news.example/a-story"])
>>> ws.stats().articles
"""

from claimwatch.errors import ClaimwatchError
from claimwatch.models import Appearance, Article, IngestFailure, Outlet
from claimwatch.settings import Settings
from claimwatch.workspace import Workspace, open_workspace

__version__ = "0.1.0"

__all__ = [
    "Appearance",
    "Article",
    "ClaimwatchError",
    "IngestFailure",
    "Outlet",
    "Settings",
    "Workspace",
    "__version__",
    "open_workspace",
]
