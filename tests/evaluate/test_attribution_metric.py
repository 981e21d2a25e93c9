"""PolNeAR reading (brat standoff, annotator choice) and the attribution metric on small
hand-computed cases; the regex direct-quote baseline on invented sentences."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimwatch.evaluate.attribution import (
    PRF,
    Attribution,
    Span,
    annotation_files,
    check_ann,
    evaluate,
    load_polnear,
    parse_ann,
    score_attributions,
)
from claimwatch.evaluate.attribution_baseline import predict_direct_quotes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "polnear"
DEV = FIXTURES / "dev"
FERRY = "valdor-herald_2026-03-03_ferry-service-to-end"
BUDGET = "estrel-business_2026-03-16_budget-row-deepens"

ONE = PRF(1.0, 1.0, 1.0)
ZERO = PRF(0.0, 0.0, 0.0)


def at(text: str, part: str, occurrence: int = 1) -> Span:
    """The span of the ``occurrence``-th ``part`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(part, index + 1)
    return Span(index, index + len(part))


def attribution(
    text: str,
    content: str | list[str],
    cue: str,
    source: str | None,
    cue_occurrence: int = 1,
) -> Attribution:
    parts = [content] if isinstance(content, str) else content
    return Attribution(
        content=tuple(at(text, part) for part in parts),
        cue=(at(text, cue, cue_occurrence),),
        source=(at(text, source),) if source else (),
    )


# -- parse_ann ---------------------------------------------------------------------------

SIMPLE_TEXT = "Mayor Lena Ostrow said the bridge would reopen in May."
SIMPLE_ANN = (
    "T1\tSource 0 17\tMayor Lena Ostrow\n"
    "T2\tCue 18 22\tsaid\n"
    "T3\tContent 23 53\tthe bridge would reopen in May\n"
    "T4\tAttribution 18 22\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)


def test_parse_ann_reads_spans_and_events() -> None:
    (found,) = parse_ann(SIMPLE_ANN)

    assert found == Attribution(content=(Span(23, 53),), cue=(Span(18, 22),), source=(Span(0, 17),))
    assert SIMPLE_TEXT[23:53] == "the bridge would reopen in May"


def test_parse_ann_splits_discontinuous_spans_and_joins_numbered_roles() -> None:
    ann = (
        "T1\tContent 0 10;20 30\tfirst part second par\n"
        "T2\tCue 11 19\tare said\n"
        "T3\tContent 40 45\tthird\n"
        "T4\tAttribution-no-source 11 19\tare said\n"
        "E1\tAttribution-no-source:T4 Content:T1 Cue:T2 Content2:T3\n"
    )

    (found,) = parse_ann(ann)

    assert found.content == (Span(0, 10), Span(20, 30), Span(40, 45))
    assert found.cue == (Span(11, 19),)
    assert found.source == ()


def test_parse_ann_events_may_come_before_their_spans() -> None:
    ann = "E1\tAttribution:T2 Cue:T1 Content:T3\nT1\tCue 0 4\tsaid\nT2\tAttribution 0 4\tsaid\n"
    ann += "T3\tContent 5 9\tthis\n"

    assert parse_ann(ann) == (Attribution((Span(5, 9),), (Span(0, 4),), ()),)


def test_parse_ann_drops_trigger_only_events_and_skips_notes() -> None:
    ann = (
        SIMPLE_ANN + "E2\tAttribution:T4 \n#1\tAnnotatorNotes T4\tcheck this\nR1\tRel A:T1 B:T2\n\n"
    )

    assert len(parse_ann(ann)) == 1


def test_parse_ann_without_cue_argument_takes_the_anchor_span() -> None:
    ann = "T1\tContent 5 9\tthis\nT2\tAttribution 0 4\tsaid\nE1\tAttribution:T2 Content:T1\n"

    assert parse_ann(ann)[0].cue == (Span(0, 4),)


def test_parse_ann_reads_a_surface_that_runs_over_a_line_break() -> None:
    text = "“We stay.\nWe fight,” said Ek."
    ann = (
        "T1\tContent 0 20\t“We stay.\nWe fight,”\n"
        "T2\tCue 21 25\tsaid\nT3\tSource 26 28\tEk\nT4\tAttribution 21 25\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
    )

    assert parse_ann(ann) == (Attribution((Span(0, 20),), (Span(21, 25),), (Span(26, 28),)),)
    assert check_ann(ann, text) == []


@pytest.mark.parametrize(
    ("ann", "line"),
    [
        (SIMPLE_ANN + "garbage here\n", 6),
        ("T1\tSource ten 12\tx\n", 1),
        ("T1\tSource 12 10\tx\n", 1),
        ("T1\tSpeaker 0 4\tLena\n", 1),
        ("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Cue:T1 Speaker:T1\n", 2),
        ("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Cue:T1 Content:T9\n", 2),
        ("T1\tCue 0 4\tsaid\nT1\tCue 0 4\tsaid\n", 2),
    ],
)
def test_parse_ann_bad_line_raises_naming_the_line(ann: str, line: int) -> None:
    with pytest.raises(ValueError, match=f"line {line}:"):
        parse_ann(ann)


def test_check_ann_reports_surface_mismatches() -> None:
    ann = SIMPLE_ANN.replace("T2\tCue 18 22\tsaid", "T2\tCue 17 21\tsaid")

    (problem,) = check_ann(ann, SIMPLE_TEXT)

    assert problem.startswith("line 2: T2 Cue surface 'said'")
    assert check_ann(SIMPLE_ANN, SIMPLE_TEXT) == []
    assert check_ann(SIMPLE_ANN, SIMPLE_TEXT[:40])[0].startswith("line 3: T3 ends past the text")


# -- load_polnear ------------------------------------------------------------------------


def test_load_polnear_reads_the_fixture_folder() -> None:
    articles = load_polnear(DEV)

    assert [a.id for a in articles] == [BUDGET, FERRY]
    budget = articles[0]
    text = budget.text
    assert budget.attributions == (
        attribution(
            text,
            "the new levy would raise 40 million crowns",
            "said",
            "Finance minister Ilse Brandt",
        ),
        Attribution(
            content=(
                at(text, "“This budget protects families,”"),
                at(text, "“and it keeps the books balanced.”"),
            ),
            cue=(at(text, "told"),),
            source=(at(text, "Brandt", 2),),
        ),
        attribution(text, "The plan is widely expected to pass", "according to", "party officials"),
        attribution(text, ["Critics", "to be furious"], "are said", None),
        attribution(
            text, "“Nobody asked for this.\nWe will fight it,”", "said", "union leader Tomas Ek", 3
        ),
    )


def test_load_polnear_picks_the_annotator_metadata_lists_first() -> None:
    articles = {a.id: a for a in load_polnear(DEV)}

    assert annotation_files(DEV)[FERRY].name == f"{FERRY}_5fec.ann"
    assert len(articles[FERRY].attributions) == 2  # 5fec's file; 4b22 has only one


def test_load_polnear_without_metadata_picks_the_first_annotator_id(tmp_path: Path) -> None:
    shutil.copytree(DEV, tmp_path / "dev")

    articles = {a.id: a for a in load_polnear(tmp_path / "dev")}

    assert annotation_files(tmp_path / "dev")[FERRY].name == f"{FERRY}_4b22.ann"
    assert len(articles[FERRY].attributions) == 1


def test_load_polnear_skips_texts_without_annotations_and_annotations_without_text() -> None:
    ids = {a.id for a in load_polnear(DEV)}

    assert "valdor-herald_2026-03-04_weather" not in ids
    assert "valdor-herald_2026-03-05_missing-text" not in ids


def test_load_polnear_fixture_surfaces_match_the_texts() -> None:
    for article, path in annotation_files(DEV).items():
        text = (DEV / "text" / f"{article}.txt").read_text(encoding="utf-8")
        assert check_ann(path.read_text(encoding="utf-8"), text) == []


def test_load_polnear_bad_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text("Ek said so.", encoding="utf-8")
    (tmp_path / "attributions" / "a_4b22.ann").write_text("nonsense\n", encoding="utf-8")

    with pytest.raises(ValueError, match=r"a_4b22\.ann: line 1:"):
        load_polnear(tmp_path)


# -- score_attributions ------------------------------------------------------------------

TEXT = (
    "“The ferry will stop running on Sundays,” said Mara Voss. "
    "Councillor Ben Arkwright said the decision was short-sighted."
)
GOLD = (
    attribution(TEXT, "“The ferry will stop running on Sundays,”", "said", "Mara Voss"),
    attribution(TEXT, "the decision was short-sighted", "said", "Councillor Ben Arkwright", 2),
)


def score(gold: tuple[Attribution, ...], predicted: tuple[Attribution, ...], text: str = TEXT):
    return score_attributions({"a": gold}, {"a": predicted}, {"a": text})


def test_score_attributions_perfect_prediction_scores_one() -> None:
    result = score(GOLD, GOLD)

    for prf in (
        result.content_exact,
        result.content_overlap,
        result.cue_exact,
        result.cue_overlap,
        result.source_exact,
        result.source_overlap,
    ):
        assert prf == ONE
    assert result.source_accuracy == 1.0
    assert (result.articles, result.gold, result.predicted) == (1, 2, 2)


def test_score_attributions_trailing_quote_mark_and_punctuation_still_exact() -> None:
    predicted = (
        attribution(TEXT, "The ferry will stop running on Sundays", "said", "Mara Voss"),
        attribution(TEXT, "the decision was short-sighted.", "said", "Councillor Ben Arkwright", 2),
    )

    result = score(GOLD, predicted)

    assert result.content_exact == ONE
    assert result.content_overlap == ONE


def test_score_attributions_half_overlapping_content() -> None:
    text = "Ada said that one two three four five six seven eight."
    gold = (attribution(text, "one two three four", "said", "Ada"),)
    predicted = (attribution(text, "three four five six seven eight", "said", "Ada"),)

    result = score(gold, predicted, text)

    # 2 shared tokens of 6 predicted and 4 gold; F1 = 2 * 1/3 * 1/2 / (1/3 + 1/2) = 0.4
    assert result.content_exact == ZERO
    assert result.content_overlap.precision == pytest.approx(2 / 6)
    assert result.content_overlap.recall == pytest.approx(2 / 4)
    assert result.content_overlap.f1 == pytest.approx(0.4)
    assert result.cue_exact == ONE
    # 2 of 4 gold content tokens covered: exactly the 50 % needed for a match
    assert result.source_accuracy == 1.0


def test_score_attributions_content_under_half_is_not_matched() -> None:
    text = "Ada said that one two three four five six seven eight."
    gold = (attribution(text, "one two three four", "said", "Ada"),)
    predicted = (attribution(text, "four five six seven eight", "said", "Ada"),)

    assert score(gold, predicted, text).source_accuracy == 0.0


def test_score_attributions_wrong_source_gives_zero_accuracy() -> None:
    predicted = (
        attribution(TEXT, "“The ferry will stop running on Sundays,”", "said", "Ben Arkwright"),
        attribution(TEXT, "the decision was short-sighted", "said", "Mara Voss", 2),
    )

    result = score(GOLD, predicted)

    assert result.source_accuracy == 0.0
    # spans and tokens are compared per role and article, whatever attribution they
    # belong to: "Mara Voss" is a gold source span, "Ben Arkwright" is not
    assert result.source_exact == PRF(0.5, 0.5, 0.5)
    assert result.source_overlap.precision == 1.0
    assert result.source_overlap.recall == pytest.approx(4 / 5)


def test_score_attributions_partial_source_overlap_counts_as_right_speaker() -> None:
    predicted = (
        attribution(TEXT, "“The ferry will stop running on Sundays,”", "said", "Voss"),
        attribution(TEXT, "the decision was short-sighted", "said", None, 2),
    )

    result = score(GOLD, predicted)

    assert result.source_accuracy == 0.5  # Voss overlaps Mara Voss; a missing source does not
    assert result.source_exact == PRF(0.0, 0.0, 0.0)
    assert result.source_overlap.precision == 1.0
    assert result.source_overlap.recall == pytest.approx(1 / 5)


def test_score_attributions_no_source_on_both_sides_is_right() -> None:
    gold = (attribution(TEXT, "the decision was short-sighted", "said", None, 2),)

    assert score(gold, gold).source_accuracy == 1.0
    wrong = (attribution(TEXT, "the decision was short-sighted", "said", "Mara Voss", 2),)
    assert score(gold, wrong).source_accuracy == 0.0
    # no gold source: source precision has false positives, recall has nothing to find
    assert score(gold, wrong).source_overlap == ZERO


def test_score_attributions_no_predictions_scores_zero() -> None:
    result = score(GOLD, ())

    for prf in (result.content_exact, result.content_overlap, result.cue_overlap):
        assert prf == ZERO  # precision 0/0 is defined as 0, recall is 0/n
    assert result.source_accuracy == 0.0
    assert (result.gold, result.predicted) == (2, 0)


def test_score_attributions_missing_article_counts_as_no_prediction() -> None:
    result = score_attributions({"a": GOLD}, {}, {"a": TEXT})

    assert result.content_exact == ZERO
    assert result.articles == 1


def test_score_attributions_predictions_without_gold_lower_precision_only() -> None:
    result = score((), GOLD)

    assert result.content_exact == ZERO  # 0 of 2 predictions right; recall 0/0 -> 0
    assert result.predicted == 2


def test_score_attributions_discontinuous_content_needs_every_fragment_for_exact() -> None:
    text = "“We stay,” Ek said, “and we fight.”"
    gold = (attribution(text, ["“We stay,”", "“and we fight.”"], "said", "Ek"),)
    half = (attribution(text, "“We stay,”", "said", "Ek"),)

    assert score(gold, gold, text).content_exact == ONE
    result = score(gold, half, text)
    assert result.content_exact == ZERO
    assert result.content_overlap.precision == 1.0
    assert result.content_overlap.recall == pytest.approx(2 / 5)
    assert result.source_accuracy == 0.0  # 2 of 5 content tokens: under half, not matched


def test_score_attributions_shared_spans_count_once() -> None:
    text = "Ek said one two three and four five six."
    gold = (
        attribution(text, "one two three", "said", "Ek"),
        attribution(text, "four five six", "said", "Ek"),
    )
    predicted = (attribution(text, "one two three", "said", "Ek"),)

    result = score(gold, predicted, text)

    assert result.cue_exact == ONE  # one distinct cue span on each side
    assert result.source_exact == ONE
    assert result.content_exact == PRF(1.0, 0.5, pytest.approx(2 / 3))


def test_score_attributions_micro_averages_over_articles() -> None:
    text_b = "Ada said that one two three four."
    gold_b = (attribution(text_b, "one two three four", "said", "Ada"),)

    result = score_attributions({"a": GOLD, "b": gold_b}, {"a": GOLD}, {"a": TEXT, "b": text_b})

    # content exact: 2 right of 2 predicted, 2 of 3 gold
    assert result.content_exact.precision == 1.0
    assert result.content_exact.recall == pytest.approx(2 / 3)
    # content overlap: 12 gold tokens found in a (7 + 5), 4 missed in b
    assert result.content_overlap.recall == pytest.approx(12 / 16)
    assert (result.articles, result.gold, result.predicted) == (2, 3, 2)


def test_score_attributions_span_outside_text_raises() -> None:
    bad = (Attribution((Span(0, len(TEXT) + 5),), (Span(0, 1),), ()),)

    with pytest.raises(ValueError, match="outside the text"):
        score(GOLD, bad)


def test_as_dict_cue_f1_is_the_overlap_f1() -> None:
    text = "The Post has learned that the senator will resign."
    gold = (attribution(text, "the senator will resign", "has learned", "The Post"),)
    predicted = (attribution(text, "the senator will resign", "learned", "The Post"),)

    flat = score(gold, predicted, text).as_dict()

    assert flat["cue_f1_exact"] == 0.0
    assert flat["cue_f1"] == flat["cue_f1_overlap"] == pytest.approx(2 / 3)
    for key in ("content_f1_exact", "content_f1_overlap", "source_accuracy", "articles"):
        assert key in flat
    assert flat["content_f1_exact"] == 1.0


# -- evaluate and the baseline -----------------------------------------------------------


def test_evaluate_runs_a_predictor_over_the_folder() -> None:
    gold = {a.text: a.attributions for a in load_polnear(DEV)}

    perfect = evaluate(DEV, lambda text: gold[text])
    empty = evaluate(DEV, lambda text: ())

    assert perfect.content_exact == ONE
    assert perfect.source_accuracy == 1.0
    assert (perfect.articles, perfect.gold) == (2, 7)
    assert empty.content_overlap == ZERO


def test_predict_direct_quotes_finds_quote_cue_and_speaker() -> None:
    text = "“The ferry will stop running on Sundays,” said Mara Voss on Monday."

    (found,) = predict_direct_quotes(text)

    assert found == attribution(
        text, "“The ferry will stop running on Sundays,”", "said", "Mara Voss"
    )


def test_predict_direct_quotes_speaker_before_the_cue_and_a_colon() -> None:
    text = "But Councillor Ben Arkwright said: “We were never asked about any of this.”"

    (found,) = predict_direct_quotes(text)

    assert found.source == (at(text, "Councillor Ben Arkwright"),)
    assert found.content == (at(text, "“We were never asked about any of this.”"),)


def test_predict_direct_quotes_merges_quotes_around_one_cue() -> None:
    text = "“We will stay here,” she said, “and we fight for every last seat.”"

    (found,) = predict_direct_quotes(text)

    assert found.content == (
        at(text, "“We will stay here,”"),
        at(text, "“and we fight for every last seat.”"),
    )
    assert found.source == (at(text, "she"),)


def test_predict_direct_quotes_skips_short_uncued_and_partial_quotes() -> None:
    text = (
        "The minister called the plan “a total disgrace” on Monday, critics said.\n"
        "“Too late now,” he said.\n"
        "“This is a very long sentence without any speech verb at all.”\n"
        "The slogan “we will always keep the ferry running” appeared on posters, Ek said.\n"
    )

    assert predict_direct_quotes(text) == ()


def test_predict_direct_quotes_according_to_takes_the_source_after_the_cue() -> None:
    text = "Mara Voss left early. “The ferry is finished for good now,” according to Ben Arkwright."

    (found,) = predict_direct_quotes(text)

    assert found.source == (at(text, "Ben Arkwright"),)
    assert found.cue == (at(text, "according to"),)
