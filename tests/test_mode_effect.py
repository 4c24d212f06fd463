"""Specification of the mode effect (aggregation.mode_effect).

Requirements; each test names the one it checks.

M1  The unit is the respondent: each valid response gives the mean of its
    answers to the items of its dimension. Excluded responses give nothing.
M2  Online and offline means are compared with the two-sided Mann-Whitney U
    test: exact without ties when a group has at most 8 respondents, else the
    normal approximation with tie and continuity correction.
M3  r = 2·U_online/(n_online·n_offline) − 1, positive when online rates higher.
M4  Verdict: too-few when a group is below the minimum (5 by default, can be
    set), no-difference when p ≥ alpha (0.05 by default, can be set), else
    online-higher or online-lower by the sign of r.
M5  Magnitude of |r|: negligible < 0.1 ≤ small < 0.3 ≤ medium < 0.5 ≤ large.
M6  Each group reports its n, mean and median; an empty group has no mean.

Expected numbers are worked out by hand in the comments next to them.
"""

from __future__ import annotations

import math

import pytest

from aggregation.mode_effect import (estimate_mode_effect, estimate_mode_effects, magnitude_of,
                                     respondent_means_by_mode)
from helpers_assessments import build_assessment
from helpers_pipeline import copy_sample
from survey.collection import collect_survey
from survey.config import load_survey_config

# Five online respondents all above five offline ones, no ties: U_online = 25 of 25 pairs.
HIGH = [4.0, 3.8, 3.6, 3.4, 3.2]
LOW = [3.0, 2.8, 2.6, 2.4, 2.2]
# The exact two-sided p of the most extreme of the C(10, 5) = 252 splits: 2/252.
EXTREME_P = 2 / 252


def governance_form(response_id: str, total: int, mode: str, reasons: tuple[str, ...] = ()):
    """Return a governance form whose nine answers sum to ``total`` (mean total/9)."""
    fours = total - 27
    values = [4] * fours + [3] * (9 - fours)
    return build_assessment(response_id, "governance", values, mode=mode, reasons=reasons)


@pytest.mark.parametrize("online, offline, u, r, verdict, magnitude", [
    (HIGH, LOW, 25.0, 1.0, "online-higher", "large"),
    (LOW, HIGH, 0.0, -1.0, "online-lower", "large"),
])
def test_mode_effect_separated_groups(online, offline, u, r, verdict, magnitude):
    """M2, M3, M4, M5: complete separation gives the exact p 2/252."""
    effect = estimate_mode_effect("governance", online, offline)

    assert effect.u_statistic == u
    assert effect.rank_biserial == pytest.approx(r)
    assert effect.p_value == pytest.approx(EXTREME_P)
    assert effect.verdict == verdict
    assert effect.magnitude == magnitude


def test_mode_effect_ties_normal_approximation():
    """M2: five online means of 4 against five offline means of 3 (ties inside each group)."""
    effect = estimate_mode_effect("governance", [4.0] * 5, [3.0] * 5)

    # Tie-corrected variance: 25/12 · (11 − (5³−5 + 5³−5)/(10·9)) = 25/12 · 25/3 = 625/36, so σ = 25/6.
    # z = (25 − 12.5 − 0.5) / (25/6) = 2.88 with the continuity correction; two-sided p = erfc(z/√2).
    assert effect.u_statistic == 25.0
    assert effect.p_value == pytest.approx(math.erfc(2.88 / math.sqrt(2)))


def test_mode_effect_equal_groups_no_difference():
    """M2, M3, M4: the same five means in both groups give U = 12.5, r = 0 and p = 1."""
    effect = estimate_mode_effect("governance", [1.0, 2.0, 3.0, 4.0, 3.5], [1.0, 2.0, 3.0, 4.0, 3.5])

    assert effect.u_statistic == 12.5
    assert effect.rank_biserial == 0.0
    assert effect.p_value == pytest.approx(1.0)
    assert effect.verdict == "no-difference"
    assert effect.magnitude == "negligible"


def test_mode_effect_interleaved_exact_p():
    """M2, M3: online 1,3,5,7,9 against offline 2,4,6,8,10; online wins 0+1+2+3+4 = 10 pairs."""
    effect = estimate_mode_effect("governance", [1.0, 3.0, 5.0, 7.0, 9.0], [2.0, 4.0, 6.0, 8.0, 10.0])

    # Splits of 1..10 into two groups of 5 with U ≤ 10 are the partitions of 0..10 into at most
    # 5 parts of at most 5: 1, 1, 2, 3, 5, 7, 9, 11, 14, 16, 18, totalling 87; p = 2 · 87/252.
    assert effect.rank_biserial == pytest.approx(-0.2)
    assert effect.p_value == pytest.approx(2 * 87 / 252)
    assert effect.verdict == "no-difference"
    assert effect.magnitude == "small"


@pytest.mark.parametrize("online_n, offline_n, min_group_size, verdict", [
    (4, 5, 5, "too-few"),
    (5, 4, 5, "too-few"),
    (0, 5, 5, "too-few"),
    (5, 5, 5, "online-higher"),
    (4, 4, 4, "online-higher"),
    (4, 4, 5, "too-few"),
])
def test_mode_effect_minimum_group_size(online_n, offline_n, min_group_size, verdict):
    """M4: the minimum applies to each group and can be set."""
    effect = estimate_mode_effect("governance", HIGH[:online_n], LOW[:offline_n], min_group_size=min_group_size)

    assert effect.verdict == verdict


def test_mode_effect_too_few_has_no_test():
    """M4: under too-few there is no U, p, r or magnitude."""
    effect = estimate_mode_effect("governance", HIGH[:4], LOW)

    assert effect.u_statistic is None
    assert effect.p_value is None
    assert effect.rank_biserial is None
    assert effect.magnitude is None


@pytest.mark.parametrize("alpha, verdict", [
    (0.05, "online-higher"),
    (0.005, "no-difference"),
    (0.01, "online-higher"),
])
def test_mode_effect_alpha_level(alpha, verdict):
    """M4: p = 2/252 ≈ 0.0079 is a difference at alpha 0.05 and 0.01, not at 0.005."""
    effect = estimate_mode_effect("governance", HIGH, LOW, alpha=alpha)

    assert effect.verdict == verdict


@pytest.mark.parametrize("r, magnitude", [
    (0.0, "negligible"),
    (0.099, "negligible"),
    (0.1, "small"),
    (-0.1, "small"),
    (0.299, "small"),
    (0.3, "medium"),
    (-0.45, "medium"),
    (0.5, "large"),
    (-1.0, "large"),
])
def test_mode_effect_magnitude_bounds(r, magnitude):
    """M5."""
    assert magnitude_of(r) == magnitude


def test_mode_effect_group_summary():
    """M6: HIGH has mean 18/5 = 3.6 and median 3.6; LOW has mean 2.6 and median 2.6."""
    effect = estimate_mode_effect("governance", HIGH, LOW)

    assert effect.online.n == 5
    assert effect.online.mean == pytest.approx(3.6)
    assert effect.online.median == pytest.approx(3.6)
    assert effect.offline.n == 5
    assert effect.offline.mean == pytest.approx(2.6)
    assert effect.offline.median == pytest.approx(2.6)


@pytest.mark.parametrize("arguments", [
    {"alpha": 0.0},
    {"alpha": 1.0},
    {"min_group_size": 0},
])
def test_mode_effect_invalid_settings_raise(arguments):
    with pytest.raises(ValueError, match="must be"):
        estimate_mode_effect("governance", HIGH, LOW, **arguments)


def test_mode_effect_respondent_means_valid_only(instrument):
    """M1: totals 36 and 31 give means 4 and 31/9; the excluded form counts nowhere."""
    assessments = [
        governance_form("a", 36, "online"),
        governance_form("b", 31, "offline"),
        governance_form("c", 27, "offline", reasons=("incomplete",)),
    ]

    means = respondent_means_by_mode(assessments, instrument)

    assert means == {"governance": {"online": [4.0], "offline": [pytest.approx(31 / 9)]}}


def test_mode_effect_from_assessments(instrument):
    """M1, M2, M3: online totals 36..32 against offline 31..27 separate completely."""
    online = [governance_form(f"on{total}", total, "online") for total in range(32, 37)]
    offline = [governance_form(f"off{total}", total, "offline") for total in range(27, 32)]

    effect = estimate_mode_effects(online + offline, instrument)["governance"]

    assert effect.online.mean == pytest.approx(34 / 9)
    assert effect.offline.median == pytest.approx(29 / 9)
    assert effect.u_statistic == 25.0
    assert effect.p_value == pytest.approx(EXTREME_P)
    assert effect.verdict == "online-higher"


def test_mode_effect_every_dimension_listed(instrument):
    """M4, M6: a dimension without respondents is too-few with empty groups."""
    effects = estimate_mode_effects([governance_form("a", 36, "online")], instrument)

    assert list(effects) == ["governance", "branding", "economy", "living", "society", "environment"]
    assert effects["branding"].verdict == "too-few"
    assert effects["branding"].online.mean is None


# The sample's values, checked independently of this module: U by counting the (online, offline)
# pairs of respondent means from survey.collection.answers_table, r from U by M3.
SAMPLE_EXPECTED = {
    "governance": (34, 16, "no-difference", "small"),
    "branding": (34, 16, "no-difference", "negligible"),
    "economy": (34, 16, "no-difference", "negligible"),
    "living": (33, 17, "no-difference", "small"),
    "society": (33, 17, "no-difference", "negligible"),
    "environment": (33, 17, "no-difference", "negligible"),
}


@pytest.fixture(scope="module")
def sample_effects(tmp_path_factory):
    """The mode effects of a copy of the sample survey."""
    config = load_survey_config(copy_sample(tmp_path_factory.mktemp("sample")))
    collection = collect_survey(config)
    return estimate_mode_effects(collection.assessments, config.instrument)


@pytest.mark.parametrize("dimension", list(SAMPLE_EXPECTED))
def test_mode_effect_sample_verdicts(sample_effects, dimension):
    online_n, offline_n, verdict, magnitude = SAMPLE_EXPECTED[dimension]
    effect = sample_effects[dimension]

    assert effect.online.n == online_n
    assert effect.offline.n == offline_n
    assert effect.verdict == verdict
    assert effect.magnitude == magnitude


def test_mode_effect_sample_living(sample_effects):
    """M3: online living respondents win 321 of the 33 · 17 = 561 pairs, so r = 642/561 − 1.

    p is the normal approximation with tie and continuity correction, worked out by hand from the
    respondent means (M2).
    """
    effect = sample_effects["living"]

    assert effect.u_statistic == 321.0
    assert effect.rank_biserial == pytest.approx(642 / 561 - 1)
    assert effect.p_value == pytest.approx(0.1739805, rel=1e-4)
