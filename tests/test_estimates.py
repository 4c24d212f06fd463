"""Specification of the estimates (aggregation.estimates, aggregation.scores).

Statistical requirements; each test names the one it checks.

R1  Item: n, mean, sample standard deviation (ddof=1) and the 95% t-interval
    mean ± t(0.975, n-1) · sd/√n, over the respondents who answered the item.
R2  Every interval is cut to the scale, [1, 4] in 2024.
R3  One respondent gives a mean but no standard deviation and no interval;
    none gives no mean.
R4  Sub-dimension and per-dimension dimension: the same as R1 over each
    respondent's mean of the items of that sub-dimension or dimension that
    they answered.
R5  A dimension surveyed per sub-dimension combines three independent
    samples: its mean is the mean of the three sub-dimension means, its
    variance Σ se_k² / 9 and its degrees of freedom Welch-Satterthwaite's,
    (Σ v_k)² / Σ (v_k² / df_k) with v_k = se_k² / 9.
R6  The Impact score is the mean of the 54 item scores, which equals the mean
    of the six dimension scores when every respondent answered every item of
    their cell. Its interval combines the six dimension samples as in R5:
    variance Σ se_d² / 36.
R7  Scores are rounded only when written: to two decimals, half away from
    zero, on the decimal value written (3.775 -> 3.78).

Expected values are computed here from the data with the statistics module
and scipy.stats, independently of the code under test.
"""

from __future__ import annotations

import math
import random
import statistics
from decimal import Decimal

import pandas as pd
import pytest
from scipy import stats

from aggregation.estimates import combine_independent, estimate_sample
from aggregation.scores import Structure, estimate_impact, round_half_up, structure_of
from survey.instrument import load_instrument

BOUNDS = (1, 4)
# Ten answers to one item; their t-interval lies inside [1, 4].
HAND_VALUES = (3, 2, 3, 3, 2, 4, 3, 2, 3, 3)
ANSWER_COLUMNS = ["response_id", "cell", "dimension", "sub_dimension", "item", "value"]


def t_interval(values: list[float]) -> tuple[float, float]:
    """Return scipy's 95% t-interval of the mean of ``values``."""
    mean = statistics.mean(values)
    se = statistics.stdev(values) / math.sqrt(len(values))
    lower, upper = stats.t.interval(0.95, len(values) - 1, loc=mean, scale=se)
    return float(lower), float(upper)


def answers_frame(records: list[tuple]) -> pd.DataFrame:
    """Return the tidy answers table estimate_impact reads."""
    return pd.DataFrame.from_records(records, columns=ANSWER_COLUMNS)


def one_dimension_structure(design: str) -> Structure:
    """Return a structure with one dimension ``d`` of three sub-dimensions, items 1-9."""
    items = {number: ("d", f"d.{('I', 'II', 'III')[(number - 1) // 3]}") for number in range(1, 10)}
    return Structure(items, {"d": design}, BOUNDS)


def test_estimate_item_mean():
    """R1."""
    estimate = estimate_sample("item", "Q1", pd.Series(HAND_VALUES), BOUNDS)

    assert estimate.n == 10
    assert estimate.mean == pytest.approx(statistics.mean(HAND_VALUES))


def test_estimate_item_sample_sd():
    """R1: ddof=1."""
    estimate = estimate_sample("item", "Q1", pd.Series(HAND_VALUES), BOUNDS)

    assert estimate.sd == pytest.approx(statistics.stdev(HAND_VALUES))
    assert estimate.se == pytest.approx(statistics.stdev(HAND_VALUES) / math.sqrt(10))
    assert estimate.df == 9


def test_estimate_item_t_interval():
    """R1: the interval of scipy.stats.t.interval, which lies inside [1, 4] here."""
    lower, upper = t_interval(list(HAND_VALUES))

    estimate = estimate_sample("item", "Q1", pd.Series(HAND_VALUES), BOUNDS)

    assert estimate.ci_lower == pytest.approx(lower)
    assert estimate.ci_upper == pytest.approx(upper)


def test_estimate_item_skips_missing():
    """R1: blank and "don't know" answers are missing (NaN) and not counted."""
    estimate = estimate_sample("item", "Q1", pd.Series([4, None, 3, float("nan"), 2]), BOUNDS)

    assert estimate.n == 3
    assert estimate.mean == pytest.approx(3.0)


def test_estimate_interval_cut_at_maximum():
    """R2: [4, 4, 4, 3] has mean 3.75 and an uncut upper limit of 4.55."""
    uncut_lower, uncut_upper = t_interval([4, 4, 4, 3])

    estimate = estimate_sample("item", "Q1", pd.Series([4, 4, 4, 3]), BOUNDS)

    assert uncut_upper > 4
    assert estimate.ci_upper == 4.0
    assert estimate.ci_lower == pytest.approx(uncut_lower)


def test_estimate_interval_cut_at_minimum():
    """R2."""
    estimate = estimate_sample("item", "Q1", pd.Series([1, 1, 1, 2]), BOUNDS)

    assert estimate.ci_lower == 1.0


def test_estimate_one_respondent_no_interval():
    """R3."""
    estimate = estimate_sample("item", "Q1", pd.Series([3]), BOUNDS)

    assert estimate.n == 1
    assert estimate.mean == 3.0
    assert estimate.sd is None
    assert estimate.ci_lower is None
    assert estimate.ci_upper is None


def test_estimate_no_respondent_no_mean():
    """R3."""
    estimate = estimate_sample("item", "Q1", pd.Series([], dtype=float), BOUNDS)

    assert estimate.n == 0
    assert estimate.mean is None


def test_estimate_equal_answers_zero_width():
    """R1: equal answers have sd 0, so the interval is the mean itself."""
    estimate = estimate_sample("item", "Q1", pd.Series([3, 3, 3]), BOUNDS)

    assert estimate.sd == 0
    assert (estimate.ci_lower, estimate.ci_upper) == (3.0, 3.0)


def test_estimate_dimension_over_respondent_means():
    """R4: respondent b answered two of the three items of d.I, so b's mean is over those two."""
    records = [
        ("a", "d", "d", "d.I", 1, 4), ("a", "d", "d", "d.I", 2, 4), ("a", "d", "d", "d.I", 3, 1),
        ("b", "d", "d", "d.I", 1, 2), ("b", "d", "d", "d.I", 2, 3),
        ("c", "d", "d", "d.I", 1, 3), ("c", "d", "d", "d.I", 2, 3), ("c", "d", "d", "d.I", 3, 3),
    ]
    structure = Structure({1: ("d", "d.I"), 2: ("d", "d.I"), 3: ("d", "d.I")}, {"d": "per-dimension"}, BOUNDS)
    respondent_means = [statistics.mean([4, 4, 1]), statistics.mean([2, 3]), statistics.mean([3, 3, 3])]

    scores = estimate_impact(answers_frame(records), structure)

    assert scores.sub_dimensions["d.I"].n == 3
    assert scores.sub_dimensions["d.I"].mean == pytest.approx(statistics.mean(respondent_means))
    assert scores.dimensions["d"].sd == pytest.approx(statistics.stdev(respondent_means))
    assert scores.dimensions["d"].ci_upper == pytest.approx(t_interval(respondent_means)[1])


# Three independent samples of one dimension, one per sub-dimension: each respondent's three answers.
SUB_SAMPLES = {
    "d.I": [(4, 4, 3), (3, 3, 3), (4, 3, 2), (2, 3, 4), (4, 4, 4)],
    "d.II": [(3, 3, 2), (4, 4, 4), (2, 2, 3)],
    "d.III": [(4, 3, 3), (3, 3, 3), (4, 4, 4), (1, 2, 2), (3, 4, 3), (4, 4, 3)],
}


def per_sub_dimension_answers() -> pd.DataFrame:
    """Return the answers of SUB_SAMPLES, sub-dimension k rating items 3k+1 to 3k+3."""
    records = []
    for index, (sub, respondents) in enumerate(SUB_SAMPLES.items()):
        for serial, triple in enumerate(respondents):
            for offset, value in enumerate(triple):
                records.append((f"{sub}-{serial}", sub, "d", sub, 3 * index + offset + 1, value))
    return answers_frame(records)


def per_sub_dimension_estimate():
    """Return the product's estimate of dimension d from SUB_SAMPLES."""
    scores = estimate_impact(per_sub_dimension_answers(), one_dimension_structure("per-sub-dimension"))
    return scores.dimensions["d"]


def worked_example() -> dict[str, float]:
    """Return the R5 combination of SUB_SAMPLES, computed from the respondent means by hand."""
    means, variances, dfs = [], [], []
    for respondents in SUB_SAMPLES.values():
        respondent_means = [statistics.mean(triple) for triple in respondents]
        se = statistics.stdev(respondent_means) / math.sqrt(len(respondent_means))
        means.append(statistics.mean(respondent_means))
        variances.append(se ** 2 / 9)
        dfs.append(len(respondent_means) - 1)
    variance = sum(variances)
    df = variance ** 2 / sum(v ** 2 / d for v, d in zip(variances, dfs, strict=True))
    mean = statistics.mean(means)
    half_width = stats.t.ppf(0.975, df) * math.sqrt(variance)
    return {"mean": mean, "se": math.sqrt(variance), "df": df,
            "lower": max(mean - half_width, 1.0), "upper": min(mean + half_width, 4.0)}


def test_estimate_per_sub_dimension_mean_of_means():
    """R5: not the mean over all 14 respondents, which would weight d.III twice as much as d.II."""
    expected = worked_example()

    dimension = per_sub_dimension_estimate()

    assert dimension.mean == pytest.approx(expected["mean"])
    assert dimension.n == 14


def test_estimate_per_sub_dimension_variance():
    """R5: variance Σ se_k² / 9."""
    expected = worked_example()

    dimension = per_sub_dimension_estimate()

    assert dimension.se == pytest.approx(expected["se"])


def test_estimate_per_sub_dimension_welch_df():
    """R5: Welch-Satterthwaite degrees of freedom, between the smallest df_k (2) and their sum (11)."""
    expected = worked_example()

    dimension = per_sub_dimension_estimate()

    assert dimension.df == pytest.approx(expected["df"])
    assert 2 < dimension.df < 11


def test_estimate_per_sub_dimension_interval():
    """R5 and R2."""
    expected = worked_example()

    dimension = per_sub_dimension_estimate()

    assert dimension.ci_lower == pytest.approx(expected["lower"])
    assert dimension.ci_upper == pytest.approx(expected["upper"])


def test_estimate_combine_missing_part_has_no_mean():
    """R5: a sub-dimension without respondents leaves its dimension without a score."""
    present = estimate_sample("sub_dimension", "d.I", pd.Series([3, 4]), BOUNDS)
    empty = estimate_sample("sub_dimension", "d.II", pd.Series([], dtype=float), BOUNDS)

    combined = combine_independent("dimension", "d", [present, empty], BOUNDS)

    assert combined.mean is None


def test_estimate_combine_single_respondent_part_no_interval():
    """R3 and R5: a part without a standard error gives a mean but no interval."""
    parts = [estimate_sample("sub_dimension", "d.I", pd.Series([3, 4]), BOUNDS),
             estimate_sample("sub_dimension", "d.II", pd.Series([2]), BOUNDS)]

    combined = combine_independent("dimension", "d", parts, BOUNDS)

    assert combined.mean == pytest.approx((3.5 + 2) / 2)
    assert combined.ci_lower is None


@pytest.fixture(scope="module")
def complete_survey():
    """Six respondents per dimension of the 2024 instrument, each answering all nine items of it."""
    instrument = load_instrument("impact-2024")
    rng = random.Random(7)
    records = []
    for dimension in instrument.dimensions:
        for serial in range(6):
            for item in dimension.items:
                records.append((f"{dimension.code}-{serial}", dimension.code, dimension.code, item.sub_dimension,
                                item.number, rng.randint(1, 4)))
    answers = answers_frame(records)
    designs = dict.fromkeys((dimension.code for dimension in instrument.dimensions), "per-dimension")
    return answers, estimate_impact(answers, structure_of(instrument, designs))


def test_estimate_impact_mean_of_items(complete_survey):
    """R6."""
    answers, scores = complete_survey
    item_means = answers.groupby("item")["value"].mean()

    assert len(item_means) == 54
    assert scores.impact.mean == pytest.approx(statistics.mean(item_means))


def test_estimate_impact_mean_of_dimensions(complete_survey):
    """R6: equal to the mean of the six dimension scores because every respondent is complete."""
    _answers, scores = complete_survey

    assert scores.impact.mean == pytest.approx(statistics.mean(d.mean for d in scores.dimensions.values()))


def test_estimate_impact_variance(complete_survey):
    """R6: variance Σ se_d² / 36 over the six dimensions, from the respondent means computed here."""
    answers, scores = complete_survey
    respondent_means = answers.groupby(["dimension", "response_id"])["value"].mean()
    squared_errors = [statistics.variance(means) / len(means) for _, means in respondent_means.groupby(level=0)]

    assert scores.impact.se == pytest.approx(math.sqrt(sum(squared_errors) / 36))


def test_estimate_impact_missing_item_no_score(complete_survey):
    """R6: without an answer to item 103 there is no mean of 54 item scores."""
    answers, _scores = complete_survey
    instrument = load_instrument("impact-2024")
    designs = dict.fromkeys((dimension.code for dimension in instrument.dimensions), "per-dimension")

    scores = estimate_impact(answers[answers["item"] != 103], structure_of(instrument, designs))

    assert scores.items[103].mean is None
    assert scores.impact.mean is None


@pytest.mark.parametrize(("value", "rounded"), [
    (3.775, Decimal("3.78")),
    (2.805, Decimal("2.81")),
    (3.7777777777777803, Decimal("3.78")),
    (2.675, Decimal("2.68")),
    (3.8, Decimal("3.80")),
    (3.7749999, Decimal("3.77")),
])
def test_estimate_round_half_up(value, rounded):
    """R7: 2.805 and 2.675 are just below the half in binary; their written decimal value rounds up."""
    assert round_half_up(value) == rounded
