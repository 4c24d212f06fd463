"""Specification of reading and recomputing the national results table and a region's question scores.

The published part-1 table (regions 1-70 of 2024) is read as published
(tab-separated, decimal commas), as a semicolon file, as a comma file with
decimal points and as a workbook. Every reading gives the same regions, and
every row reproduces its published Nilai Final.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from aggregation.evaluation_inputs import read_question_scores, read_score_table
from aggregation.evaluation_rules import load_evaluation_rules
from aggregation.national_evaluation import competition_ranks, evaluate_table
from aggregation.national_table import read_national_table
from aggregation.regions import RegionMatcher, load_regions
from smartcity_impact.errors import ReadError

DATA = Path(__file__).parent / "data" / "evaluation"
PUBLISHED = "national_2024_part1.tsv"
VARIANTS = [PUBLISHED, "national_2024_part1_semicolon.csv", "national_2024_part1_comma.csv",
            "national_2024_part1.xlsx"]


@pytest.fixture(scope="module")
def rules():
    return load_evaluation_rules(2024)


@pytest.fixture(scope="module")
def matcher():
    return RegionMatcher(load_regions())


def read_table(name: str, rules):
    return read_national_table(read_score_table(DATA / name), rules)


@pytest.fixture(scope="module")
def published(rules, matcher):
    return evaluate_table(read_table(PUBLISHED, rules), rules, matcher)


def test_national_table_reads_every_region(published):
    assert len(published.results) == 70


def test_national_table_reproduces_every_final(published):
    """Every row's recomputed Nilai Final equals the published one."""
    differing = [(result.row.region, result.evaluation.final_score, result.row.published_final)
                 for result in published.results if result.evaluation.final_score != result.row.published_final]

    assert differing == []


def test_national_table_matches_every_name(published):
    """The 70 published names, "KAB. KONawe SELATAN" included, all match the official list."""
    assert published.uncertain_matches == []


def test_national_table_codes_of_known_regions(published):
    codes = {result.row.region: result.match.region.code for result in published.results}

    assert codes["KAB. BADUNG"] == "51.03"
    assert codes["KAB. KONawe SELATAN"] == "74.05"
    assert codes["KAB. KULON PROGO"] == "34.01"


@pytest.mark.parametrize("variant", VARIANTS[1:])
def test_national_table_variants_agree(rules, variant):
    """The semicolon, comma and workbook copies give the same rows as the published tab-separated table."""
    expected = read_table(PUBLISHED, rules).rows
    rows = read_table(variant, rules).rows

    assert [(row.region, row.category, row.scores, row.published_final, row.published_improvement)
            for row in rows] == [(row.region, row.category, row.scores, row.published_final,
                                  row.published_improvement) for row in expected]


def test_national_table_blank_kolaborasi_absent(rules):
    """Karo (KPPN IKN) publishes no Program Kolaborasi score; the row has none rather than a 0."""
    karo = next(row for row in read_table(PUBLISHED, rules).rows if row.region == "KAB. KARO")

    assert "program_kolaborasi" not in karo.scores
    assert karo.category == "KPPN IKN"


def test_national_table_ranks_overall(published):
    """Gunungkidul's 3,81 is the highest of part 1, and Banyuwangi's 3,63 is fourth."""
    ranks = {result.row.region: result.rank for result in published.results}

    assert ranks["KAB. GUNUNGKIDUL"] == 1
    assert ranks["KAB. BANYUWANGI"] == 4


def test_national_table_ranks_within_category(published):
    ranks = {result.row.region: result.category_rank for result in published.results}

    assert ranks["KAB. BANYUWANGI"] == 1
    assert ranks["KAB. GUNUNGKIDUL"] == 1


def test_competition_ranks_share_ties():
    scores = [Decimal("3.10"), Decimal("3.50"), Decimal("3.10"), Decimal("2.00")]

    assert competition_ranks(scores) == [2, 1, 2, 4]


def test_national_table_disagreement_listed(rules, matcher):
    """Bandung's Nilai Final is published as 3,10 in this copy; recomputed it is 3,01."""
    evaluation = evaluate_table(read_table("disagreeing_final.tsv", rules), rules, matcher)

    assert [(result.row.row, result.row.published_final, result.evaluation.final_score)
            for result in evaluation.disagreements] == [(3, Decimal("3.10"), Decimal("3.01"))]


@pytest.mark.parametrize(("name", "code", "column"), [
    ("unreadable_number.tsv", "number-invalid", "OUTPUT"),
    ("unknown_category.tsv", "category-unknown", "KET"),
])
def test_national_table_bad_row_rejected(rules, name, code, column):
    """A row with an unreadable number or an unknown category is rejected with its place; the other is read."""
    table = read_table(name, rules)

    assert [(error.code, error.row, error.column) for error in table.rejected] == [(code, 3, column)]
    assert len(table.rows) == 1


def test_national_table_unknown_header_stops(rules):
    with pytest.raises(ReadError) as raised:
        read_table("unknown_header.tsv", rules)
    assert raised.value.code == "column-unknown"
    assert raised.value.column == "QUICK WIN"


def test_national_table_repeated_header_skipped(rules):
    table = read_table("repeated_header.tsv", rules)

    assert len(table.rows) == 1
    assert table.rejected == []


def test_national_table_region_without_scores(rules):
    """A row without any score is a region not evaluated, not a rejected row."""
    table = read_table("not_evaluated.tsv", rules)

    assert table.not_evaluated == [(3, "KAB. BANDUNG")]
    assert table.rejected == []


def test_question_scores_incomplete_rejected(rules):
    """Question 57 is missing, so the Impact mean would be of 53 items: the file is rejected."""
    with pytest.raises(ReadError) as raised:
        read_question_scores(read_score_table(DATA / "questions_incomplete.tsv"), rules)
    assert raised.value.code == "questions-missing"


def test_question_scores_read_all(rules):
    scores = read_question_scores(read_score_table(DATA / "tabalong_2024_question_scores.tsv"), rules)

    assert sorted(scores) == list(range(1, 116))
    assert scores[1] == Decimal("4.0")
