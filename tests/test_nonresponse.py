"""Specification of item nonresponse and "don't know" rates (aggregation.nonresponse).

Requirements; each test names the one it checks.

N1  Counted: responses placed in a quota cell, valid or excluded, except
    those excluded as duplicate-submission or removed-from-source.
N2  Each item of a counted response's cell is answered, dont-know, missing
    (blank) or invalid (non-blank but not an answer).
N3  Per item: counts and rates among the counted responses whose cell
    contains the item; no respondents give rates of None.
N4  Per respondent: counts and rates over the items of its cell.
N5  Many "don't know": "don't know" on more than the threshold share of the
    items (0.3 by default, can be set); a share equal to it is not more.
"""

from __future__ import annotations

import pytest

from aggregation.nonresponse import (check_many_dont_know, estimate_item_nonresponse, estimate_respondent_nonresponse,
                                     item_states)
from helpers_assessments import BAD, DK, build_assessment, uniform
from helpers_pipeline import copy_sample
from survey.collection import collect_survey
from survey.config import load_survey_config


def hand_assessments():
    """Seven forms: five counted (three in governance, one in economy.I, one in branding) and two not."""
    return [
        build_assessment("full", "governance", uniform(4)),
        build_assessment("gaps", "governance", [DK, DK, None] + uniform(3, 6), reasons=("incomplete",)),
        build_assessment("bad", "governance", [BAD] + uniform(4, 8), reasons=("out-of-range", "incomplete")),
        build_assessment("copy", "governance", uniform(DK), reasons=("incomplete", "duplicate-submission")),
        build_assessment("sub", "economy.I", [DK, 2, 2], reasons=("incomplete",)),
        build_assessment("many", "branding", uniform(DK, 4) + uniform(3, 5), reasons=("incomplete",)),
        build_assessment("nocell", None, [3, 3], items=(50, 59), reasons=("multiple-dimensions",)),
    ]


@pytest.fixture
def item_records(instrument):
    return estimate_item_nonresponse(hand_assessments(), instrument)


# (item, respondents, answered, dont_know, missing, invalid)
ITEM_COUNTS = [
    (50, 3, 1, 1, 0, 1),
    (51, 3, 2, 1, 0, 0),
    (52, 3, 2, 0, 1, 0),
    (53, 3, 3, 0, 0, 0),
    (59, 1, 0, 1, 0, 0),
    (63, 1, 1, 0, 0, 0),
    (68, 1, 0, 1, 0, 0),
    (71, 0, 0, 0, 0, 0),
]


@pytest.mark.parametrize("number, respondents, answered, dont_know, missing, invalid", ITEM_COUNTS)
def test_nonresponse_item_counts(item_records, number, respondents, answered, dont_know, missing, invalid):
    """N1, N2, N3: the copy and the form without a cell count nowhere."""
    record = item_records[number]

    assert record.respondents == respondents
    assert record.answered == answered
    assert record.dont_know == dont_know
    assert record.missing == missing
    assert record.invalid == invalid


@pytest.mark.parametrize("number, dont_know_rate, missing_rate", [
    (50, 1 / 3, 0.0),
    (52, 0.0, 1 / 3),
    (59, 1.0, 0.0),
    (71, None, None),
])
def test_nonresponse_item_rates(item_records, number, dont_know_rate, missing_rate):
    """N3."""
    assert item_records[number].dont_know_rate == pytest.approx(dont_know_rate)
    assert item_records[number].missing_rate == pytest.approx(missing_rate)


def test_nonresponse_every_item_listed(item_records, instrument):
    """N3."""
    assert list(item_records) == [item.number for item in instrument.items]


def test_nonresponse_respondents_counted(instrument):
    """N1: in the order given."""
    records = estimate_respondent_nonresponse(hand_assessments(), instrument)

    assert [record.response_id for record in records] == ["full", "gaps", "bad", "sub", "many"]


# (response id, items, answered, dont_know, missing, invalid, dont_know_rate, missing_rate)
RESPONDENT_COUNTS = [
    ("full", 9, 9, 0, 0, 0, 0.0, 0.0),
    ("gaps", 9, 6, 2, 1, 0, 2 / 9, 1 / 9),
    ("bad", 9, 8, 0, 0, 1, 0.0, 0.0),
    ("sub", 3, 2, 1, 0, 0, 1 / 3, 0.0),
    ("many", 9, 5, 4, 0, 0, 4 / 9, 0.0),
]


@pytest.mark.parametrize("response_id, items, answered, dont_know, missing, invalid, dont_know_rate, missing_rate",
                         RESPONDENT_COUNTS)
def test_nonresponse_respondent_counts(instrument, response_id, items, answered, dont_know, missing, invalid,
                                       dont_know_rate, missing_rate):
    """N2, N4."""
    records = {r.response_id: r for r in estimate_respondent_nonresponse(hand_assessments(), instrument)}
    record = records[response_id]

    assert record.items == items
    assert record.answered == answered
    assert record.dont_know == dont_know
    assert record.missing == missing
    assert record.invalid == invalid
    assert record.dont_know_rate == pytest.approx(dont_know_rate)
    assert record.missing_rate == pytest.approx(missing_rate)


@pytest.mark.parametrize("threshold, flagged", [
    (0.3, ["sub", "many"]),
    (1 / 3, ["many"]),
    (0.2, ["gaps", "sub", "many"]),
    (0.5, []),
])
def test_nonresponse_many_dont_know_threshold(instrument, threshold, flagged):
    """N5: "gaps" has 2/9, "sub" 1/3 and "many" 4/9 "don't know"."""
    records = check_many_dont_know(hand_assessments(), instrument, threshold)

    assert [record.response_id for record in records] == flagged


def test_nonresponse_many_dont_know_default(instrument):
    """N5."""
    records = check_many_dont_know(hand_assessments(), instrument)

    assert [record.response_id for record in records] == ["sub", "many"]


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_nonresponse_invalid_threshold_raises(instrument, threshold):
    with pytest.raises(ValueError, match="threshold"):
        check_many_dont_know(hand_assessments(), instrument, threshold)


def test_nonresponse_item_states_without_cell_raises(instrument):
    with pytest.raises(ValueError, match="no quota cell"):
        item_states(hand_assessments()[-1], instrument)


@pytest.fixture(scope="module")
def sample_collection(tmp_path_factory):
    """The configuration and collection of a copy of the sample survey."""
    config = load_survey_config(copy_sample(tmp_path_factory.mktemp("sample")))
    return config, collect_survey(config)


# The sample's planted defects, checked against its files. On paper one society form has "Tidak tahu"
# (items 87, 89, 91 and 92) and a blank (item 93), and two forms have an answer 5 (item 61) and 3,5
# (item 101). Online one form has "Lumayan" (item 72) and one two different answers to item 103.
# Every dimension has its 50 valid respondents and two excluded forms in its cell. These are the forms
# above, the four online respondents excluded by a screening question (branding, living, economy,
# society), the paper form of a respondent who also answered online (living), and the paper form
# with a note after the last column (governance). The governance double online submission is a copy,
# so it is not counted. The 316 rows less that copy and the four rows without a cell leave
# 311 = 50 · 6 + 11. Those four have items of two dimensions, a dimension that differs from the
# items, no answers, and a whole row typed into one cell.
@pytest.mark.parametrize("number, respondents, dont_know, missing, invalid", [
    (87, 52, 1, 0, 0),
    (89, 52, 1, 0, 0),
    (91, 52, 1, 0, 0),
    (92, 52, 1, 0, 0),
    (93, 52, 0, 1, 0),
    (61, 52, 0, 0, 1),
    (101, 52, 0, 0, 1),
    (103, 52, 0, 0, 1),
    (72, 52, 0, 0, 1),
    (50, 51, 0, 0, 0),
])
def test_nonresponse_sample_items(sample_collection, number, respondents, dont_know, missing, invalid):
    config, collection = sample_collection
    record = estimate_item_nonresponse(collection.assessments, config.instrument)[number]

    assert record.respondents == respondents
    assert record.dont_know == dont_know
    assert record.missing == missing
    assert record.invalid == invalid


def test_nonresponse_sample_respondents(sample_collection):
    config, collection = sample_collection

    records = estimate_respondent_nonresponse(collection.assessments, config.instrument)

    assert len(records) == 311


def test_nonresponse_sample_many_dont_know(sample_collection):
    """Only the planted society form answers "Tidak tahu" to more than 30% of its items: 4 of 9."""
    config, collection = sample_collection

    records = check_many_dont_know(collection.assessments, config.instrument)

    assert [(record.response_id, record.dont_know, record.missing) for record in records] == [
        ("paper-forms:75", 4, 1)]
