"""Specification of internal consistency (aggregation.reliability).

Requirements; each test names the one it checks.

A1  alpha = k/(k−1) · (1 − Σ s_i² / s_T²) with sample variances (ddof=1).
A2  Corrected item-total correlation: Pearson r of an item with the total of
    the other items; None when either does not vary.
A3  Alpha if item deleted: the alpha of the other items.
A4  No alpha, with a reason: too-few-items (k < 2), too-few-respondents
    (n below the minimum, 10 by default, can be set), zero-variance
    (constant totals). Item statistics are then empty.
A5  Only valid responses that answered every item of the unit count.
A6  Alpha is returned as computed, negative values included.

Expected numbers are worked out by hand in the comments next to them,
except the published example of A1.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from aggregation.reliability import cronbach_alpha, estimate_reliability, estimate_unit_reliability
from helpers_assessments import build_assessment, uniform
from helpers_pipeline import copy_sample
from survey.collection import collect_survey
from survey.config import load_survey_config

# Four respondents, three items.
#   item 1: 1 2 3 4  variance 5/3        totals 5 7 9 11, variance 20/3
#   item 2: 2 2 3 3  variance 1/3        alpha = 3/2 · (1 − (8/3)/(20/3)) = 0.9
#   item 3: 2 3 3 4  variance 2/3
HAND_VECTORS = [(1, 2, 2), (2, 2, 3), (3, 3, 3), (4, 3, 4)]
HAND_ITEMS = (1, 2, 3)

# The published example of pingouin.cronbach_alpha (pingouin/datasets/cronbach_alpha.csv,
# 15 subjects × 10 items; the docstring gives alpha 0.591719, "tested against the R package psych").
PINGOUIN_ITEMS = [
    (3, 5, 7, 2, 6, 1, 4, 2, 6, 5, 4, 4, 5, 6, 4),
    (2, 4, 3, 4, 5, 2, 3, 4, 5, 4, 3, 2, 5, 5, 3),
    (4, 6, 5, 3, 6, 3, 5, 4, 5, 6, 5, 3, 6, 5, 5),
    (1, 3, 5, 3, 5, 4, 3, 3, 5, 4, 2, 2, 2, 4, 5),
    (4, 5, 6, 2, 4, 2, 5, 7, 1, 3, 5, 5, 3, 2, 3),
    (5, 1, 4, 2, 4, 5, 2, 2, 6, 5, 3, 3, 3, 2, 1),
    (1, 2, 3, 2, 4, 2, 1, 2, 5, 3, 2, 4, 2, 1, 3),
    (4, 5, 3, 6, 6, 3, 2, 4, 2, 1, 3, 2, 4, 4, 2),
    (3, 5, 6, 6, 7, 5, 4, 6, 3, 7, 4, 3, 4, 6, 3),
    (2, 5, 5, 3, 5, 2, 3, 5, 2, 2, 1, 4, 5, 5, 4),
]


def hand_reliability():
    """The Reliability of the hand example, with a minimum of 4 respondents."""
    return estimate_unit_reliability("sub_dimension", "hand", HAND_ITEMS, HAND_VECTORS, min_respondents=4)


def test_reliability_hand_alpha():
    """A1."""
    assert hand_reliability().alpha == pytest.approx(0.9)


def test_reliability_published_alpha():
    """A1: pingouin's published example."""
    vectors = list(zip(*PINGOUIN_ITEMS, strict=True))

    reliability = estimate_unit_reliability("dimension", "pingouin", range(1, 11), vectors)

    assert reliability.alpha == pytest.approx(0.591719, abs=5e-7)


# Item 1 against 2+3 = 4 5 6 7: r = 1.
# Item 2 (deviations −.5 −.5 .5 .5) against 1+3 = 3 5 6 8 (deviations −2.5 −.5 .5 2.5): 3/√(1·13).
# Item 3 (deviations −1 0 0 1) against 1+2 = 3 4 6 7 (deviations −2 −1 1 2): 4/√(2·10).
@pytest.mark.parametrize("position, correlation", [
    (0, 1.0),
    (1, 3 / math.sqrt(13)),
    (2, 4 / math.sqrt(20)),
])
def test_reliability_hand_item_total(position, correlation):
    """A2."""
    statistics = hand_reliability().item_statistics[position]

    assert statistics.number == HAND_ITEMS[position]
    assert statistics.item_total_correlation == pytest.approx(correlation)


# Without item 1: variances 1/3 + 2/3, totals 4 5 6 7 (variance 5/3): 2 · (1 − 1/(5/3)) = 0.8.
# Without item 2: variances 5/3 + 2/3, totals 3 5 6 8 (variance 13/3): 2 · (1 − 7/13) = 12/13.
# Without item 3: variances 5/3 + 1/3, totals 3 4 6 7 (variance 10/3): 2 · (1 − 2/(10/3)) = 0.8.
@pytest.mark.parametrize("position, alpha", [
    (0, 0.8),
    (1, 12 / 13),
    (2, 0.8),
])
def test_reliability_hand_alpha_if_deleted(position, alpha):
    """A3."""
    assert hand_reliability().item_statistics[position].alpha_if_deleted == pytest.approx(alpha)


def test_reliability_constant_item_no_correlation():
    """A2: an item everyone answers 3 has no correlation; the others still have one."""
    vectors = [(1, 2, 3), (2, 2, 3), (3, 4, 3), (4, 3, 3)]

    reliability = estimate_unit_reliability("sub_dimension", "hand", HAND_ITEMS, vectors, min_respondents=4)

    assert reliability.item_statistics[2].item_total_correlation is None
    assert reliability.item_statistics[0].item_total_correlation is not None


def test_reliability_two_items_no_alpha_if_deleted():
    """A3: deleting one of two items leaves one, which has no alpha."""
    vectors = [(1, 2), (2, 2), (3, 4), (4, 3)]

    reliability = estimate_unit_reliability("sub_dimension", "pair", (1, 2), vectors, min_respondents=4)

    assert reliability.alpha is not None
    assert reliability.item_statistics[0].alpha_if_deleted is None


@pytest.mark.parametrize("items, vectors, min_respondents, reason", [
    ((1,), [(1,), (2,), (3,)], 2, "too-few-items"),
    (HAND_ITEMS, HAND_VECTORS, 5, "too-few-respondents"),
    (HAND_ITEMS, HAND_VECTORS[:1], 2, "too-few-respondents"),
    (HAND_ITEMS, [], 2, "too-few-respondents"),
    (HAND_ITEMS, [(3, 3, 3)] * 4, 2, "zero-variance"),
    ((1, 2), [(1, 2), (2, 1), (3, 0)], 2, "zero-variance"),
])
def test_reliability_no_alpha_reasons(items, vectors, min_respondents, reason):
    """A4."""
    reliability = estimate_unit_reliability("sub_dimension", "unit", items, vectors, min_respondents)

    assert reliability.alpha is None
    assert reliability.reason == reason
    assert reliability.item_statistics == ()


def test_reliability_default_minimum_ten():
    """A4: nine respondents are too few by default, ten are enough."""
    vectors = (HAND_VECTORS * 3)[:10]

    assert estimate_unit_reliability("dimension", "d", HAND_ITEMS, vectors[:9]).reason == "too-few-respondents"
    assert estimate_unit_reliability("dimension", "d", HAND_ITEMS, vectors).reason is None


def test_reliability_negative_alpha_kept():
    """A6: items 1 4 2 and 4 1 2 have variances 7/3 each, totals 5 5 4 variance 1/3: 2 · (1 − 14) = −26."""
    reliability = estimate_unit_reliability("sub_dimension", "unit", (1, 2), [(1, 4), (4, 1), (2, 2)], 2)

    assert reliability.alpha == pytest.approx(-26.0)


@pytest.mark.parametrize("arguments", [
    {"min_respondents": 1},
    {"vectors": [(1, 2)]},
])
def test_reliability_invalid_input_raises(arguments):
    settings = {"vectors": HAND_VECTORS, "min_respondents": 2} | arguments
    with pytest.raises(ValueError, match="must"):
        estimate_unit_reliability("sub_dimension", "hand", HAND_ITEMS, **settings)


def test_reliability_cronbach_alpha_too_small_matrix():
    """A1: one respondent has no variance."""
    assert cronbach_alpha(np.array([[1.0, 2.0, 3.0]])) is None


def governance_i_forms(extra):
    """Return governance forms whose first sub-dimension has the hand vectors, plus ``extra`` forms."""
    forms = [build_assessment(f"r{index}", "governance", list(vector) + uniform(4, 6))
             for index, vector in enumerate(HAND_VECTORS)]
    return forms + extra


@pytest.mark.parametrize("extra, n", [
    ([], 4),
    ([build_assessment("excluded", "governance", uniform(1), reasons=("incomplete",))], 4),
    ([build_assessment("blank", "governance", [None] + uniform(2, 8), reasons=("incomplete",))], 4),
    ([build_assessment("valid", "governance", uniform(2))], 5),
])
def test_reliability_valid_complete_only(instrument, extra, n):
    """A5."""
    estimates = estimate_reliability(governance_i_forms(extra), instrument, min_respondents=4)

    assert estimates.sub_dimensions["governance.I"].n == n


def test_reliability_excluded_forms_ignored(instrument):
    """A5: with an excluded form added, governance.I keeps the hand alpha of its four valid forms."""
    excluded = build_assessment("excluded", "governance", uniform(1), reasons=("incomplete",))

    estimates = estimate_reliability(governance_i_forms([excluded]), instrument, min_respondents=4)

    assert estimates.sub_dimensions["governance.I"].alpha == pytest.approx(0.9)


def test_reliability_per_sub_dimension_no_dimension_alpha(instrument):
    """A4, A5: respondents of sub-dimension cells never answer a whole dimension."""
    forms = [build_assessment(f"r{index}", "economy.I", list(vector)) for index, vector in enumerate(HAND_VECTORS)]

    estimates = estimate_reliability(forms, instrument, min_respondents=4)

    assert estimates.sub_dimensions["economy.I"].alpha == pytest.approx(0.9)
    assert estimates.dimensions["economy"].n == 0
    assert estimates.dimensions["economy"].reason == "too-few-respondents"


def test_reliability_units_in_evaluation_order(instrument):
    estimates = estimate_reliability([], instrument)

    assert list(estimates.dimensions) == ["governance", "branding", "economy", "living", "society", "environment"]
    assert list(estimates.sub_dimensions)[:4] == ["governance.I", "governance.II", "governance.III", "branding.I"]


# The sample's alpha per dimension over its 50 valid respondents, checked independently of this
# module with pandas (the answers of the valid rows read from the sample files, var(ddof=1)). The
# sample's generator correlates the answers of a dimension through a respondent tendency, so that
# alpha is at least 0.7 in every dimension.
SAMPLE_ALPHA = {
    "governance": 0.840659,
    "branding": 0.784664,
    "economy": 0.834184,
    "living": 0.772826,
    "society": 0.801,
    "environment": 0.784664,
}


@pytest.fixture(scope="module")
def sample_reliability(tmp_path_factory):
    """The reliability estimates of a copy of the sample survey."""
    config = load_survey_config(copy_sample(tmp_path_factory.mktemp("sample")))
    collection = collect_survey(config)
    return estimate_reliability(collection.assessments, config.instrument)


@pytest.mark.parametrize("dimension", list(SAMPLE_ALPHA))
def test_reliability_sample_dimension_alpha(sample_reliability, dimension):
    reliability = sample_reliability.dimensions[dimension]

    assert reliability.n == 50
    assert reliability.alpha == pytest.approx(SAMPLE_ALPHA[dimension], abs=5e-7)
