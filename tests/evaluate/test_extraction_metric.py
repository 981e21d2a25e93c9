"""The Zyte article-extraction-benchmark metric on small hand-computed cases, and the
benchmark file readers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimwatch.evaluate.extraction import (
    ExtractionScore,
    decode_html,
    extract_directory,
    load_ground_truth,
    load_reference_output,
    score_extraction,
    score_page,
    shingles,
    tokens,
)

ARTICLE = "The ferry to Lindholm will stop running on Sundays from March, the operator said."


def test_score_extraction_identical_texts_score_one() -> None:
    score = score_extraction({"a": ARTICLE}, {"a": ARTICLE})

    assert score == ExtractionScore(precision=1.0, recall=1.0, f1=1.0, accuracy=1.0, pages=1)


def test_score_extraction_ignores_punctuation_and_spacing() -> None:
    score = score_extraction({"a": "One two, three four five."}, {"a": "One two three\nfour five"})

    assert (score.precision, score.recall, score.accuracy) == (1.0, 1.0, 1.0)


def test_score_extraction_disjoint_texts_score_zero() -> None:
    score = score_extraction({"a": "one two three four five"}, {"a": "six seven eight nine"})

    assert (score.precision, score.recall, score.f1, score.accuracy) == (0.0, 0.0, 0.0, 0.0)


def test_score_page_short_texts_are_one_shingle() -> None:
    same = score_page("Breaking news", "Breaking news!")
    longer = score_page("Breaking news", "Breaking news today")

    assert (same.precision, same.recall, same.exact) == (1.0, 1.0, True)
    # ("Breaking", "news") against ("Breaking", "news", "today"): one shingle each, unequal
    assert (longer.precision, longer.recall, longer.exact) == (0.0, 0.0, False)


def test_shingles_of_short_and_empty_texts() -> None:
    assert shingles(["a", "b", "c"]) == {("a", "b", "c"): 1}
    assert shingles([]) == {}
    assert shingles(list("abcde")) == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}


def test_score_page_counts_shingles_as_a_multiset() -> None:
    # gold: abcd bcda cdab dabc abcd (5 shingles, abcd twice); predicted: abcd
    page = score_page("a b c d a b c d", "a b c d")

    assert (page.tp, page.fp, page.fn) == (pytest.approx(1 / 5), 0.0, pytest.approx(4 / 5))
    assert (page.precision, page.recall) == (1.0, pytest.approx(1 / 5))


def test_score_extraction_missing_prediction_counts_as_empty_output() -> None:
    score = score_extraction({"a": ARTICLE, "b": ARTICLE}, {"a": ARTICLE})

    # page b: no shingles predicted -> precision undefined (skipped), recall 0
    assert score.precision == 1.0
    assert score.recall == 0.5
    assert score.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert score.accuracy == 0.5
    assert score.pages == 2


def test_score_extraction_empty_prediction_equals_missing_one() -> None:
    gold = {"a": ARTICLE, "b": ARTICLE}

    assert score_extraction(gold, {"a": ARTICLE, "b": ""}) == score_extraction(gold, {"a": ARTICLE})


def test_score_extraction_averages_precision_and_recall_over_pages() -> None:
    gold = {"a": "a b c d e f", "b": "p q r s"}
    predicted = {"a": "a b c d e", "b": "p q r s t u", "extra": "not scored at all"}

    score = score_extraction(gold, predicted)

    # a: TP 2 (abcd, bcde), FP 0, FN 1 (cdef) -> P 1, R 2/3
    # b: TP 1 (pqrs), FP 2 (qrst, rstu), FN 0 -> P 1/3, R 1
    assert score.precision == pytest.approx((1 + 1 / 3) / 2)
    assert score.recall == pytest.approx((2 / 3 + 1) / 2)
    assert score.f1 == pytest.approx(20 / 27)
    assert score.accuracy == 0.0
    assert score.pages == 2


def test_score_extraction_normalises_each_page_by_its_shingles() -> None:
    page = score_page("a b c d e f", "a b c d e")

    assert page.tp + page.fp + page.fn == pytest.approx(1.0)
    assert page.tp == pytest.approx(2 / 3)


def test_tokens_are_unicode_words() -> None:
    assert tokens("Naïve café—déjà vu, 2026!") == ["Naïve", "café", "déjà", "vu", "2026"]


def test_score_extraction_with_no_pages() -> None:
    assert score_extraction({}, {"a": "x"}) == ExtractionScore(0.0, 0.0, 0.0, 0.0, 0)


# -- files ---------------------------------------------------------------------------------


def test_load_ground_truth_reads_article_bodies(tmp_path: Path) -> None:
    path = tmp_path / "ground-truth.json"
    path.write_text(
        json.dumps(
            {
                "p1": {"articleBody": ARTICLE, "url": "https://ferry-news.example/a"},
                "p2": {"articleBody": None, "url": "https://ferry-news.example/b"},
            }
        ),
        encoding="utf-8",
    )

    assert load_ground_truth(path) == {"p1": ARTICLE, "p2": ""}


@pytest.mark.parametrize("wrapped", [True, False])
@pytest.mark.parametrize("as_dict", [True, False])
def test_load_reference_output_reads_both_layouts(
    tmp_path: Path, wrapped: bool, as_dict: bool
) -> None:
    outputs = {"p1": {"articleBody": ARTICLE} if as_dict else ARTICLE}
    data = {"version": "1.2.3", "output": outputs} if wrapped else outputs
    path = tmp_path / "system.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))

    assert load_reference_output(path) == {"p1": ARTICLE}


def test_extract_directory_reads_gzipped_pages_with_their_urls(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    page = f"<html><body><article><p>{ARTICLE}</p></article></body></html>"
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    (tmp_path / "html" / "p2.html").write_bytes(page.replace("ferry", "bus").encode("cp1252"))
    (tmp_path / "html" / "notes.txt").write_text("not a page", encoding="utf-8")
    (tmp_path / "ground-truth.json").write_text(
        json.dumps({"p1": {"articleBody": ARTICLE, "url": "https://ferry-news.example/a"}}),
        encoding="utf-8",
    )
    seen: list[tuple[str, str | None]] = []

    def fake(html: str, url: str | None) -> str:
        seen.append((html, url))
        return "text"

    assert extract_directory(tmp_path, extract=fake) == {"p1": "text", "p2": "text"}
    assert seen == [(page, "https://ferry-news.example/a"), (page.replace("ferry", "bus"), None)]
    assert extract_directory(tmp_path)["p1"] == ARTICLE


def test_decode_html_falls_back_to_declared_charset_then_cp1252() -> None:
    latin = '<meta charset="iso-8859-1"><p>Fähre über den Fjord</p>'.encode("latin-1")
    smart = "<p>“Quoted” – text</p>".encode("cp1252")

    assert decode_html("<p>Fähre</p>".encode()) == "<p>Fähre</p>"
    assert decode_html(b"\xef\xbb\xbf<p>x</p>") == "<p>x</p>"
    assert "Fähre über" in decode_html(latin)
    assert decode_html(smart) == "<p>“Quoted” – text</p>"
