"""Specification of the score tables (aggregation.tables): rows of the item scores and the summary record."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from aggregation.estimates import Estimate
from aggregation.scores import estimate_impact, structure_of
from aggregation.tables import score_header, score_of, score_rows, summary_record
from survey.instrument import load_instrument

DESIGNS = {"governance": "per-dimension", "branding": "per-dimension", "economy": "per-sub-dimension",
           "living": "per-dimension", "society": "per-dimension", "environment": "per-dimension"}


@pytest.fixture(scope="module")
def instrument():
    return load_instrument("impact-2024")


@pytest.fixture(scope="module")
def scores(instrument):
    """Three respondents per quota cell answer 4, 3 and 3 to every item, so every mean is 10/3."""
    records = []
    for dimension in instrument.dimensions:
        cells = ([sub.code for sub in dimension.sub_dimensions] if DESIGNS[dimension.code] == "per-sub-dimension"
                 else [dimension.code])
        for cell in cells:
            items = instrument.sub_dimension(cell).items if "." in cell else dimension.items
            for serial, value in enumerate((4, 3, 3)):
                for item in items:
                    records.append((f"{cell}-{serial}", cell, dimension.code, item.sub_dimension, item.number, value))
    answers = pd.DataFrame.from_records(records, columns=["response_id", "cell", "dimension", "sub_dimension",
                                                          "item", "value"])
    return estimate_impact(answers, structure_of(instrument, DESIGNS))


def test_score_rows_one_per_item(instrument, scores):
    rows = score_rows(scores, instrument)

    assert [row[0] for row in rows] == list(range(50, 104))


def test_score_rows_match_header(instrument, scores, english):
    rows = score_rows(scores, instrument)

    assert {len(row) for row in rows} == {len(score_header())}


def test_score_rows_name_item(instrument, scores):
    row = score_rows(scores, instrument)[0]

    assert row[1:4] == ["Q50", "Smart Governance",
                        "I. Layanan Publik (layanan yang diselenggarakan oleh Pemerintah Daerah)"]


def test_score_rows_mean_full_precision(instrument, scores):
    row = score_rows(scores, instrument)[0]

    assert row[5] == pytest.approx(10 / 3)
    assert row[5] != 3.33


def test_score_rows_score_rounded(instrument, scores):
    row = score_rows(scores, instrument)[0]

    assert row[9] == Decimal("3.33")


def test_score_rows_count_respondents(instrument, scores):
    rows = score_rows(scores, instrument)

    assert {row[4] for row in rows} == {3}


def test_score_of_without_mean_is_none():
    estimate = Estimate("item", "Q50", 0, None, None, None, None, None, None)

    assert score_of(estimate) is None


def test_score_of_rounds_half_up():
    estimate = Estimate("item", "Q50", 50, 3.775, None, None, None, None, None)

    assert score_of(estimate) == Decimal("3.78")


def test_summary_record_levels(instrument, scores):
    record = summary_record(scores, instrument, DESIGNS, {})

    assert len(record["dimensions"]) == 6
    assert len(record["sub_dimensions"]) == 18


def test_summary_record_impact_score(instrument, scores):
    record = summary_record(scores, instrument, DESIGNS, {})

    assert record["impact"]["score"] == Decimal("3.33")
    assert record["impact"]["mean"] == pytest.approx(10 / 3)


def test_summary_record_dimension_design(instrument, scores):
    record = summary_record(scores, instrument, DESIGNS, {})

    designs = {dimension["code"]: dimension["design"] for dimension in record["dimensions"]}
    assert designs == DESIGNS


def test_summary_record_sub_dimension_programme(instrument, scores):
    programmes = {"economy.II": {"programme": "Bursa kerja daring", "agency": "Disnakertrans"}}

    record = summary_record(scores, instrument, DESIGNS, programmes)

    economy_ii = next(sub for sub in record["sub_dimensions"] if sub["code"] == "economy.II")
    assert economy_ii["items"] == [71, 72, 73]
    assert economy_ii["programme"] == "Bursa kerja daring"
    assert economy_ii["agency"] == "Disnakertrans"


def test_summary_record_per_sub_dimension_no_sd(instrument, scores):
    """A dimension combined from three samples has a standard error but no single standard deviation."""
    record = summary_record(scores, instrument, DESIGNS, {})

    economy = next(dimension for dimension in record["dimensions"] if dimension["code"] == "economy")
    assert economy["sd"] is None
    assert economy["se"] is not None
    assert economy["n"] == 9
