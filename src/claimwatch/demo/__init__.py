"""The bundled demo corpus: fictional outlets, people and places (see STORY.md)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def corpus_path() -> Path:
    """The folder of demo inputs, ingested as one source."""
    return Path(str(files("claimwatch.demo") / "corpus"))
