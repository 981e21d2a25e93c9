"""Statement-level stance decided by what the statements stage found (invented texts)."""

from __future__ import annotations

from claimwatch.nlp.stance_evidence import content_words, overlap, statement_stance

CLAIM = "The Orvik garrison will close by the end of June"


def test_content_words_are_stemmed_and_numbers_lose_separators() -> None:
    assert content_words("The soldiers' withdrawal: 1,150 troops") == {
        "soldier",
        "withdraw",
        "1150",
        "troop",
    }


def test_overlap_is_the_share_of_the_claims_words_found() -> None:
    assert overlap(CLAIM, "the garrison in Orvik") == 2 / 3  # of orvik, garrison, close


def test_overlap_leaves_calendar_words_aside() -> None:
    assert overlap(CLAIM, "by the end of June") == 0.0
    assert overlap("in June", "June") == 1.0  # a claim of nothing but dates keeps them
    assert overlap("", "anything") == 0.0


def test_denying_the_claim_disagrees_whatever_the_words() -> None:
    found = statement_stance(CLAIM, "the Orvik garrison will not close", "deny")
    assert found is not None and found.label == "disagree"


def test_rejecting_a_reported_claim_disagrees() -> None:
    found = statement_stance(
        CLAIM,
        "no decision has been taken",
        "assert",
        denied_claims=("the garrison in Orvik would close by June",),
    )
    assert found is not None and found.label == "disagree"
    assert "rejects the claim" in found.reason


def test_bare_denial_in_a_passage_about_the_claim_disagrees() -> None:
    passage = (
        "Reports said the Orvik garrison would close by the end of June. "
        "“Nothing has changed,” the colonel said."
    )
    found = statement_stance(CLAIM, "Nothing has changed", "deny", passage)
    assert found is not None and found.label == "disagree"


def test_bare_denial_about_something_else_decides_nothing() -> None:
    passage = "The ferry timetable was criticised. “Nothing has changed,” the operator said."
    assert statement_stance(CLAIM, "Nothing has changed", "deny", passage) is None


def test_confirming_the_claim_agrees() -> None:
    found = statement_stance(CLAIM, "the Orvik garrison will close at the end of June", "confirm")
    assert found is not None and found.label == "agree"


def test_plain_assertions_are_left_to_the_model() -> None:
    assert (
        statement_stance(CLAIM, "the Orvik garrison will close by the end of June", "assert")
        is None
    )
