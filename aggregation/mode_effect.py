"""Mode effect: whether the online and offline respondents of a dimension rate it differently.

Requirements this module meets:
- The unit is the respondent. Each valid response contributes the mean of its
  answers to the items of its dimension; excluded responses contribute nothing.
- In each dimension the online and offline respondent means are compared with
  the two-sided Mann-Whitney U test, ``scipy.stats.mannwhitneyu`` with its
  default method ``auto``. SciPy 1.17 documents that method as the exact
  distribution when a group has at most 8 respondents and there are no ties,
  and otherwise the normal approximation with tie and continuity correction.
- The effect size is the rank-biserial correlation
  r = 1 − 2·U_offline / (n_online·n_offline) = 2·U_online / (n_online·n_offline) − 1,
  where U_online is SciPy's U of the online group and U_offline = n_online·n_offline − U_online.
  r lies in [−1, 1] and is positive when online respondents rate higher: it is
  the share of (online, offline) pairs in which the online respondent rates
  higher minus the share in which they rate lower.
- Verdict: ``too-few`` when either group has fewer respondents than the
  minimum (5 by default), ``no-difference`` when p ≥ alpha (0.05 by default),
  else ``online-higher`` (r > 0) or ``online-lower`` (r < 0).
- Magnitude of |r|, whenever r is computed: ``negligible`` below 0.1,
  ``small`` below 0.3, ``medium`` below 0.5, else ``large``; the usual
  thresholds for a correlation coefficient.
- Figures keep full precision; nothing here is rounded.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from survey.checks import Assessment
from survey.instrument import Instrument

ONLINE = "online"
OFFLINE = "offline"
DEFAULT_ALPHA = 0.05
DEFAULT_MIN_GROUP_SIZE = 5

TOO_FEW = "too-few"
NO_DIFFERENCE = "no-difference"
ONLINE_HIGHER = "online-higher"
ONLINE_LOWER = "online-lower"

# (upper bound of |r|, label), checked in order; |r| at or above the last bound is "large".
MAGNITUDE_BOUNDS = ((0.1, "negligible"), (0.3, "small"), (0.5, "medium"))
LARGE = "large"


@dataclass(frozen=True)
class ModeGroup:
    """The respondent means of one collection mode in a dimension: their count, mean and median.

    ``mean`` and ``median`` are None when the group has no respondent.
    """

    mode: str
    n: int
    mean: float | None
    median: float | None


@dataclass(frozen=True)
class ModeEffect:
    """The comparison of online and offline respondents of one dimension.

    Attributes:
        dimension: the dimension code, such as ``governance``.
        online: the online respondents' means.
        offline: the offline respondents' means.
        u_statistic: the Mann-Whitney U of the online group; None under ``too-few``.
        p_value: the two-sided p-value; None under ``too-few``.
        rank_biserial: r, positive when online respondents rate higher; None under ``too-few``.
        verdict: ``too-few``, ``no-difference``, ``online-higher`` or ``online-lower``.
        magnitude: ``negligible``, ``small``, ``medium`` or ``large`` from |r|, also
            under ``no-difference``; None under ``too-few``.
    """

    dimension: str
    online: ModeGroup
    offline: ModeGroup
    u_statistic: float | None
    p_value: float | None
    rank_biserial: float | None
    verdict: str
    magnitude: str | None


def estimate_mode_effects(assessments: Sequence[Assessment], instrument: Instrument, alpha: float = DEFAULT_ALPHA,
                          min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> dict[str, ModeEffect]:
    """Compare online and offline respondents in every dimension of ``instrument``.

    Only valid assessments count. Returns the ModeEffect of each dimension
    code, in evaluation order, including dimensions without respondents.

    Raises:
        ValueError: ``alpha`` is not between 0 and 1, or ``min_group_size`` is below 1.
    """
    means = respondent_means_by_mode(assessments, instrument)
    effects = {}
    for dimension in instrument.dimensions:
        by_mode = means.get(dimension.code, {})
        effects[dimension.code] = estimate_mode_effect(dimension.code, by_mode.get(ONLINE, []),
                                                       by_mode.get(OFFLINE, []), alpha, min_group_size)
    return effects


def respondent_means_by_mode(assessments: Sequence[Assessment],
                             instrument: Instrument) -> dict[str, dict[str, list[float]]]:
    """Return, per dimension code and mode, the mean answer of each valid response to that dimension's items."""
    means: dict[str, dict[str, list[float]]] = {}
    for assessment in assessments:
        if not assessment.valid or assessment.dimension is None:
            continue
        response = assessment.response
        values = [value for number, value in response.answers.items()
                  if instrument.items_by_number[number].dimension == assessment.dimension]
        if values:
            by_mode = means.setdefault(assessment.dimension, {})
            by_mode.setdefault(response.mode, []).append(statistics.fmean(values))
    return means


def estimate_mode_effect(dimension: str, online: Sequence[float], offline: Sequence[float],
                         alpha: float = DEFAULT_ALPHA, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> ModeEffect:
    """Compare the online and offline respondent means of one dimension.

    Raises:
        ValueError: ``alpha`` is not between 0 and 1, or ``min_group_size`` is below 1.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    if min_group_size < 1:
        raise ValueError(f"min_group_size must be at least 1, not {min_group_size!r}")
    online_group, offline_group = describe_group(ONLINE, online), describe_group(OFFLINE, offline)

    if min(len(online), len(offline)) < min_group_size:
        return ModeEffect(dimension, online_group, offline_group, None, None, None, TOO_FEW, None)

    result = stats.mannwhitneyu(list(online), list(offline), alternative="two-sided")
    u_online, p_value = float(result.statistic), float(result.pvalue)
    r = 2 * u_online / (len(online) * len(offline)) - 1

    verdict = NO_DIFFERENCE
    if p_value < alpha:
        verdict = ONLINE_HIGHER if r > 0 else ONLINE_LOWER
    return ModeEffect(dimension, online_group, offline_group, u_online, p_value, r, verdict, magnitude_of(r))


def describe_group(mode: str, values: Sequence[float]) -> ModeGroup:
    """Return the count, mean and median of one mode's respondent means."""
    if not values:
        return ModeGroup(mode, 0, None, None)
    return ModeGroup(mode, len(values), statistics.fmean(values), float(statistics.median(values)))


def magnitude_of(rank_biserial: float) -> str:
    """Return the magnitude label of a rank-biserial correlation from its absolute value."""
    size = abs(rank_biserial)
    for bound, label in MAGNITUDE_BOUNDS:
        if size < bound:
            return label
    return LARGE
