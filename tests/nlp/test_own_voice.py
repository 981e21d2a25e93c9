"""The claim's core (predicate and arguments) and what an article says in its own voice."""

from __future__ import annotations

import pytest

from claimwatch.nlp.claim_core import ClaimCore, claim_core
from claimwatch.nlp.own_voice import own_voice, read_sentence
from claimwatch.nlp.stance_evidence import content_words

CLAIM = "The Orvik garrison will close by the end of June."


@pytest.fixture(scope="module")
def core() -> ClaimCore:
    from claimwatch.nlp.english import load_english

    return claim_core(load_english()(CLAIM))


def test_claim_core_separates_the_predicate_from_what_it_is_said_of(core: ClaimCore) -> None:
    assert core.predicate == {"clos"}
    assert core.arguments == {"orvik", "garrison"}
    assert "june" not in core.words  # when, not what


def test_claim_core_bears_on_needs_the_predicate_and_an_argument(core: ClaimCore) -> None:
    assert core.bears_on(content_words("The garrison is closing, the council announced."))
    assert not core.bears_on(content_words("The bakery will be closed in June."))  # no argument
    assert not core.bears_on(content_words("Prices in Orvik rose in June."))


def test_claim_core_of_a_verbless_claim_uses_its_other_words() -> None:
    from claimwatch.nlp.english import load_english

    found = claim_core(load_english()("Unemployment is at a record high"))
    assert found.predicate and "unemploy" in found.arguments
    assert found.bears_on(content_words("unemployment hit a record"))


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("The garrison is closing, and the last units leave in June.", "agree"),
        ("The Orvik garrison will not close.", "disagree"),
        ("The memo about closing the garrison is a forgery.", "disagree"),
        ("Closing the garrison is out of the question.", "disagree"),
        ("Reports of the garrison closing spread online.", "discuss"),
        ("It is unclear whether the garrison will close.", "discuss"),
        ("Prices rose in Orvik.", None),
    ],
)
def test_own_voice_reads_a_sentence_by_its_words(
    core: ClaimCore, sentence: str, label: str | None
) -> None:
    found = read_sentence(core, sentence)
    assert (found[0] if found else None) == label


def test_own_voice_skips_other_peoples_statements_and_reads_the_headline(
    core: ClaimCore,
) -> None:
    from claimwatch.nlp.annotations import Span, Speaker, Statement

    text = "The garrison will close, the mayor said. Closing the garrison began today."
    said = Statement(
        content=Span(0, 23), kind="indirect", cue=None, cue_lemma="say",
        speaker=Speaker(name="the mayor", type="person", mention=None), act="assert",
        sentence=Span(0, 40),
    )  # fmt: skip
    found = own_voice(core, "A hoax about Orvik", text, [said])
    assert [(v.headline, v.label) for v in found] == [(True, "disagree"), (False, "agree")]
    assert text[found[1].start : found[1].end].startswith("Closing")


def test_own_voice_counts_an_outlet_insisting_on_its_story(core: ClaimCore) -> None:
    found = own_voice(core, "", "The paper stands by its reporting.", [])
    assert [(v.label, v.cue) for v in found] == [("agree", "stands by its reporting")]
