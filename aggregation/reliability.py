"""Internal consistency: Cronbach's alpha of every sub-dimension and dimension, with statistics per item.

Requirements this module meets:
- A unit (a sub-dimension or a dimension) is measured on the complete answer
  vectors of its valid responses: those that answered every item of the unit.
  Other responses are left out of that unit (listwise deletion). Under the
  per-sub-dimension design no respondent answers a whole dimension, so the
  dimension has no alpha.
- alpha = k/(k−1) · (1 − Σ s_i² / s_T²), with k items, s_i² the sample
  variance (ddof=1) of item i and s_T² that of the respondents' totals.
- Corrected item-total correlation: the Pearson correlation between an item
  and the total of the unit's other items; None when either does not vary.
- Alpha if item deleted: the alpha of the other k−1 items; None when fewer
  than two items remain or their total does not vary.
- A unit gets no alpha (None) and a reason code when it has fewer than two
  items (``too-few-items``), fewer complete respondents than the minimum, 10
  by default (``too-few-respondents``), or totals that do not vary
  (``zero-variance``).
- Alpha is negative when the items covary negatively on average; it is
  returned as computed, not cut to 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from survey.checks import Assessment
from survey.instrument import Instrument

DEFAULT_MIN_RESPONDENTS = 10
SUB_DIMENSION = "sub_dimension"
DIMENSION = "dimension"

TOO_FEW_ITEMS = "too-few-items"
TOO_FEW_RESPONDENTS = "too-few-respondents"
ZERO_VARIANCE = "zero-variance"


@dataclass(frozen=True)
class ItemReliability:
    """An item's fit to its unit: its corrected item-total correlation and the unit's alpha without it."""

    number: int
    item_total_correlation: float | None
    alpha_if_deleted: float | None


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha of one unit.

    Attributes:
        level: ``sub_dimension`` or ``dimension``.
        code: the unit's code, such as ``governance.I`` or ``governance``.
        items: the unit's item numbers, in evaluation order.
        n: the number of valid responses that answered every item of the unit.
        alpha: Cronbach's alpha; None when ``reason`` is set.
        reason: ``too-few-items``, ``too-few-respondents`` or ``zero-variance``; None when alpha is computed.
        item_statistics: one entry per item, in the order of ``items``; empty when alpha is None.
    """

    level: str
    code: str
    items: tuple[int, ...]
    n: int
    alpha: float | None
    reason: str | None
    item_statistics: tuple[ItemReliability, ...]


@dataclass(frozen=True)
class ReliabilityEstimates:
    """Reliability of every sub-dimension and dimension, keyed by code in evaluation order."""

    sub_dimensions: dict[str, Reliability]
    dimensions: dict[str, Reliability]


def estimate_reliability(assessments: Sequence[Assessment], instrument: Instrument,
                         min_respondents: int = DEFAULT_MIN_RESPONDENTS) -> ReliabilityEstimates:
    """Estimate Cronbach's alpha of every sub-dimension and dimension from the valid responses.

    Raises:
        ValueError: ``min_respondents`` is below 2, the fewest that have a variance.
    """
    valid = [assessment for assessment in assessments if assessment.valid]

    sub_dimensions = {}
    for sub in instrument.sub_dimensions:
        items = tuple(item.number for item in sub.items)
        sub_dimensions[sub.code] = estimate_unit_reliability(SUB_DIMENSION, sub.code, items,
                                                             complete_vectors(valid, items), min_respondents)

    dimensions = {}
    for dimension in instrument.dimensions:
        items = tuple(item.number for item in dimension.items)
        dimensions[dimension.code] = estimate_unit_reliability(DIMENSION, dimension.code, items,
                                                               complete_vectors(valid, items), min_respondents)
    return ReliabilityEstimates(sub_dimensions, dimensions)


def complete_vectors(assessments: Sequence[Assessment], items: Sequence[int]) -> list[tuple[int, ...]]:
    """Return the answers to ``items``, in that order, of each assessment that answered all of them."""
    vectors = []
    for assessment in assessments:
        answers = assessment.response.answers
        if all(number in answers for number in items):
            vectors.append(tuple(answers[number] for number in items))
    return vectors


def estimate_unit_reliability(level: str, code: str, items: Sequence[int], vectors: Sequence[Sequence[float]],
                              min_respondents: int = DEFAULT_MIN_RESPONDENTS) -> Reliability:
    """Return the Reliability of one unit from its complete answer vectors (one row per respondent).

    Raises:
        ValueError: ``min_respondents`` is below 2, or a vector's length differs from the number of items.
    """
    if min_respondents < 2:
        raise ValueError(f"min_respondents must be at least 2, not {min_respondents!r}")
    items = tuple(items)
    if any(len(vector) != len(items) for vector in vectors):
        raise ValueError(f"every answer vector must have {len(items)} values, one per item of {code}")
    matrix = np.asarray(vectors, dtype=float).reshape(len(vectors), len(items))
    n = matrix.shape[0]

    reason = None
    if len(items) < 2:
        reason = TOO_FEW_ITEMS
    elif n < min_respondents:
        reason = TOO_FEW_RESPONDENTS
    alpha = cronbach_alpha(matrix) if reason is None else None
    if reason is None and alpha is None:
        reason = ZERO_VARIANCE
    if reason is not None:
        return Reliability(level, code, items, n, None, reason, ())

    item_statistics = tuple(ItemReliability(number, item_total_correlation(matrix, column),
                                            cronbach_alpha(np.delete(matrix, column, axis=1)))
                            for column, number in enumerate(items))
    return Reliability(level, code, items, n, alpha, None, item_statistics)


def cronbach_alpha(matrix: np.ndarray) -> float | None:
    """Return Cronbach's alpha of a respondents × items matrix.

    Returns None for fewer than two items or respondents, or when the totals do not vary.
    """
    respondents, k = matrix.shape
    if k < 2 or respondents < 2:
        return None
    total_variance = float(matrix.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return None
    item_variances = float(matrix.var(axis=0, ddof=1).sum())
    return k / (k - 1) * (1 - item_variances / total_variance)


def item_total_correlation(matrix: np.ndarray, column: int) -> float | None:
    """Return the Pearson correlation of item ``column`` with the total of the other items.

    Returns None when either does not vary.
    """
    item = matrix[:, column]
    rest = np.delete(matrix, column, axis=1).sum(axis=1)
    if item.std() == 0 or rest.std() == 0:
        return None
    return float(np.corrcoef(item, rest)[0, 1])
