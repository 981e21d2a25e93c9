"""Claims from articles in languages the English pipeline does not read (pure).

Every sentence of a German, French, … article becomes a claim candidate (source
``sentence``, act ``report``: nobody's stance on it is read), so that claim linking, whose
embedding model is multilingual, can put a translation beside the English wordings of the
same claim. Speakers, acts and check-worthiness stay English-only.
"""

from __future__ import annotations

import re

from claimwatch.nlp.annotations import Claim, Span

FOREIGN_CLAIMS_VERSION = "foreign_claims.v1"
MIN_WORDS = 4
_SENTENCE = re.compile(r"\S[^\n]*?(?:[.!?]+[\"'”’»“)]*(?=\s)|$)", re.MULTILINE)


def sentence_claims(text: str) -> list[Claim]:
    """One claim per sentence of at least ``MIN_WORDS`` words, in text order."""
    found = []
    for m in _SENTENCE.finditer(text):
        words = m.group().split()
        if len(words) >= MIN_WORDS:
            found.append(
                Claim(Span(m.start(), m.end()), " ".join(words), "sentence", len(found), None,
                      "report")
            )  # fmt: skip
    return found
