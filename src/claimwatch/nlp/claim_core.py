"""What a claim is about: its predicate and the arguments it is said of.

"The Caledran contingent will withdraw from Valdor by the end of March" is about a
*withdrawal* (the predicate) of the *Caledran contingent* (its subject); Valdor and March
are where and when. A text bears on the claim when it speaks of the predicate together
with one of its arguments: an article on inflation in Valdor in March shares two of the
claim's words and has nothing to do with it, while "the withdrawal has begun … Caledran
vehicles leaving" does.

Words are compared by the light stemming of ``stance_evidence.content_words``
("withdrawal" and "withdraw" meet, "leaving" and "leave"). Pure: the parse is passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimwatch.nlp.stance_evidence import CALENDAR, content_words

#: Dependency labels whose subtrees hold what the claim is said of.
_ARGUMENTS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "attr", "acomp", "oprd", "xcomp", "ccomp", "agent"}
)
#: Verbs that carry no content of their own: the predicate is their complement.
_LIGHT = frozenset({"be", "have", "do", "get", "become", "remain", "seem", "appear"})


@dataclass(frozen=True)
class ClaimCore:
    predicate: frozenset[str]  # stems of the predicate (verb, or its nominal complement)
    arguments: frozenset[str]  # stems of the words the claim is said of
    words: frozenset[str]  # every content stem of the claim

    def bears_on(self, text_words: Iterable[str] | set[str]) -> bool:
        """True when ``text_words`` (content stems) hold the predicate and an argument."""
        have = text_words if isinstance(text_words, set) else set(text_words)
        if not self.predicate:
            return len(self.arguments & have) >= min(2, len(self.arguments)) > 0
        return bool(self.predicate & have) and bool(self.arguments & have)

    def touches(self, text_words: set[str]) -> bool:
        """True when a sentence speaks of the predicate, or of two of the arguments."""
        return bool(self.predicate & text_words) or len(self.arguments & text_words) >= 2


def claim_core(parsed: Any) -> ClaimCore:
    """The core of a claim from its spaCy parse (``parsed`` is a spaCy ``Doc``)."""
    words = frozenset(content_words(parsed.text)) - CALENDAR
    root = next((t for s in parsed.sents for t in s if t.dep_ == "ROOT"), None)
    if root is None:
        return ClaimCore(frozenset(), words, words)
    head = root
    if root.lemma_ in _LIGHT:
        complement = [c for c in root.children if c.dep_ in ("attr", "acomp", "xcomp", "oprd")]
        if complement:
            head = complement[0]
    predicate = set(content_words(head.lemma_)) | set(content_words(head.text))
    predicate |= {w for c in head.children if c.dep_ == "prt" for w in content_words(c.text)}
    arguments: set[str] = set()
    for child in (*root.children, *(head.children if head is not root else ())):
        if child.dep_ in _ARGUMENTS and child is not head:
            arguments |= set(content_words(" ".join(t.text for t in child.subtree)))
    predicate &= words
    arguments = (arguments - predicate - CALENDAR) & words or (words - predicate)
    # "Unemployment is at a record high": no verb of substance; the rest is the predicate.
    predicate = predicate or (words - arguments)
    return ClaimCore(frozenset(predicate), frozenset(arguments), words)
