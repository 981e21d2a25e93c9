"""Claims: statements and reported claims rewritten to stand on their own (invented
texts, fictional names)."""

from __future__ import annotations

from typing import Any

import pytest

from claimwatch.nlp.claims import Claim, find_claims


@pytest.fixture(scope="module")
def nlp() -> Any:
    from claimwatch.nlp.english import load_english

    return load_english()


def claims(nlp: Any, text: str, *, sentences: bool = False) -> list[Claim]:
    from claimwatch.nlp.annotations import Span
    from claimwatch.nlp.entities import find_entities
    from claimwatch.nlp.statements import find_statements

    parsed = nlp(text)
    _, mentions = find_entities(parsed)
    found = find_statements(parsed)
    spans = [Span(s.start_char, s.end_char) for s in parsed.sents] if sentences else []
    return find_claims(text, list(found.statements), list(found.reported_claims), mentions, spans)


def test_claims_include_the_articles_own_sentences(nlp: Any) -> None:
    text = (
        "The Orvik ferry terminal closed on Friday after 80 years. "
        "The port authority said the site would be sold. Goodbye, then."
    )
    found = claims(nlp, text, sentences=True)
    assert (found[0].source, found[0].speaker) == ("sentence", None)
    assert found[0].text == "The Orvik ferry terminal closed on Friday after 80 years."
    assert [c.source for c in found[1:]] == ["statement"]  # a statement's sentence, not twice


def texts(found: list[Claim]) -> list[str]:
    return [c.text for c in found]


def test_claims_drop_the_attribution_and_keep_offsets(nlp: Any) -> None:
    text = "The Orvik rail operator said on Monday that ticket prices will rise by 5% in May."
    (claim,) = claims(nlp, text)
    assert claim.text == "Ticket prices will rise by 5% in May"
    assert text[claim.span.start : claim.span.end] == "ticket prices will rise by 5% in May"
    assert (claim.source, claim.act) == ("statement", "assert")


def test_claims_pronoun_referring_to_the_speaker_becomes_the_speaker(nlp: Any) -> None:
    found = claims(nlp, "The Orvik Health Ministry said it had no plans to close the clinic.")
    assert texts(found) == ["The Orvik Health Ministry had no plans to close the clinic"]


def test_claims_person_pronoun_becomes_the_person(nlp: Any) -> None:
    found = claims(nlp, "Mayor Hana Brill said she would not resign over the audit.")
    assert texts(found) == ["Hana Brill would not resign over the audit"]


def test_claims_first_person_in_a_quote_gets_the_speaker_in_brackets(nlp: Any) -> None:
    found = claims(nlp, "“I have never seen an order like that,” Colonel Aria Menz told reporters.")
    assert texts(found) == ["I [Aria Menz] have never seen an order like that"]


def test_claims_the_country_becomes_the_place_named_before(nlp: Any) -> None:
    text = (
        "Portugal hosts the alliance's western fleet. Spain sent ships in 2024.\n\n"
        "Portugal's defence minister said the country would buy six new frigates."
    )
    claim = next(c for c in claims(nlp, text) if "frigates" in c.text)
    assert claim.text == "Portugal would buy six new frigates"


def test_claims_from_a_denied_rumour_carry_the_denial(nlp: Any) -> None:
    text = (
        "The ministry rejected claims circulated by some websites that the garrison would "
        "close by the end of March."
    )
    rumour = next(c for c in claims(nlp, text) if c.source == "reported_claim")
    assert rumour.text == "The garrison would close by the end of March"
    assert rumour.act == "deny"
    assert rumour.speaker is not None and rumour.speaker.name.lower() == "the ministry"


def test_claims_quote_marks_around_the_whole_claim_go_inner_ones_stay(nlp: Any) -> None:
    text = 'Opposition leader Hana Brill said the budget was "a betrayal of pensioners".'
    assert texts(claims(nlp, text)) == ['The budget was "a betrayal of pensioners"']
