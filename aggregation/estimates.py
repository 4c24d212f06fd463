"""Estimates with 95% confidence intervals for items, sub-dimensions, dimensions and the Impact score.

Requirements this module meets:
- Item: n, mean, sample standard deviation (ddof=1) and a t-interval
  mean ± t(0.975, n-1) · sd/√n over the respondents who answered the item.
- Sub-dimension and dimension: the same over each respondent's mean of the
  items of that sub-dimension or dimension that they answered.
- A dimension surveyed per sub-dimension: its three sub-dimension samples are
  independent, so its mean is the mean of the three sub-dimension means, its
  variance Σ se_k² / 9, and its degrees of freedom Welch-Satterthwaite's.
- Impact score: the mean of the 54 item scores; its interval combines the six
  independent dimension samples the same way (variance Σ se_d² / 36).
- Intervals are cut to the scale (1-4). Fewer than two respondents give no
  standard deviation and no interval (None).
- Full precision throughout; rounding happens only when results are written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """A mean with its spread and 95% confidence interval; ``level`` is item, sub_dimension, dimension or impact."""

    level: str
    code: str
    n: int
    mean: float | None
    sd: float | None
    se: float | None
    df: float | None
    ci_lower: float | None
    ci_upper: float | None


def t_interval(mean: float, se: float | None, df: float | None, bounds: tuple[int, int]) -> tuple[float | None,
                                                                                                   float | None]:
    """Return the 95% t-interval around ``mean``, cut to ``bounds``; (None, None) without a standard error."""
    if se is None or df is None or not df > 0:
        return None, None
    half_width = float(stats.t.ppf(0.5 + CONFIDENCE / 2, df)) * se
    return max(mean - half_width, float(bounds[0])), min(mean + half_width, float(bounds[1]))


def estimate_sample(level: str, code: str, values: pd.Series, bounds: tuple[int, int]) -> Estimate:
    """Return the estimate of one simple random sample of ``values``."""
    values = values.dropna().astype(float)
    n = len(values)
    if n == 0:
        return Estimate(level, code, 0, None, None, None, None, None, None)
    mean = float(values.mean())
    if n < 2:
        return Estimate(level, code, n, mean, None, None, None, None, None)
    sd = float(values.std(ddof=1))
    se = sd / math.sqrt(n)
    lower, upper = t_interval(mean, se, n - 1, bounds)
    return Estimate(level, code, n, mean, sd, se, float(n - 1), lower, upper)


def combine_independent(level: str, code: str, parts: list[Estimate], bounds: tuple[int, int],
                        mean: float | None = None) -> Estimate:
    """Return the equally weighted mean of independent estimates ``parts``.

    The variance is Σ se_k² / k² and the degrees of freedom Welch-Satterthwaite's.
    ``mean`` overrides the point estimate (the Impact score is the mean of item scores).
    """
    present = [part for part in parts if part.mean is not None]
    n = sum(part.n for part in parts)
    if len(present) < len(parts) or not parts:
        return Estimate(level, code, n, None, None, None, None, None, None)
    point = mean if mean is not None else sum(part.mean for part in parts) / len(parts)
    if any(part.se is None for part in parts):
        return Estimate(level, code, n, point, None, None, None, None, None)

    k = len(parts)
    variances = [(part.se ** 2) / k ** 2 for part in parts]
    variance = sum(variances)
    se = math.sqrt(variance)
    denominator = sum(v ** 2 / part.df for v, part in zip(variances, parts, strict=True))
    df = variance ** 2 / denominator if denominator > 0 else float(n - k)
    lower, upper = t_interval(point, se, df, bounds)
    return Estimate(level, code, n, point, None, se, df, lower, upper)


def respondent_means(answers: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return each respondent's mean answer per value of ``column`` (sub_dimension or dimension)."""
    return answers.groupby([column, "response_id"], sort=False)["value"].mean().reset_index()
