"""Rows of the result files: the 54 item scores and the Impact summary.

Item scores are rounded to two decimals, half away from zero, only here, for
entry into the evaluation form; means and intervals keep full precision.
"""

from __future__ import annotations

from typing import Any

from aggregation.estimates import Estimate
from aggregation.scores import ImpactScores, round_half_up
from smartcity_impact.i18n import gettext as _
from survey.instrument import Instrument

SCORE_DECIMALS = 2


def score_of(estimate: Estimate):
    """Return the estimate's mean rounded for the evaluation form, or None without a mean."""
    return None if estimate.mean is None else round_half_up(estimate.mean, SCORE_DECIMALS)


def score_header() -> list[str]:
    """Return the column titles of the item score table in the active language."""
    return [_("item"), _("code"), _("dimension"), _("sub-dimension"), _("n"), _("mean"), _("standard deviation"),
            _("95% CI lower"), _("95% CI upper"), _("score")]


def score_rows(scores: ImpactScores, instrument: Instrument) -> list[list[Any]]:
    """Return one row per item in evaluation order (50 to 103 in 2024)."""
    rows = []
    for item in instrument.items:
        estimate = scores.items[item.number]
        dimension = instrument.dimension(item.dimension)
        sub = instrument.sub_dimension(item.sub_dimension)
        rows.append([item.number, item.code, dimension.name, f"{sub.numeral}. {sub.name}", estimate.n, estimate.mean,
                     estimate.sd, estimate.ci_lower, estimate.ci_upper, score_of(estimate)])
    return rows


def estimate_record(estimate: Estimate) -> dict[str, Any]:
    """Return an estimate as a JSON-ready record with its rounded score."""
    return {
        "n": estimate.n,
        "mean": estimate.mean,
        "sd": estimate.sd,
        "se": estimate.se,
        "df": estimate.df,
        "ci_lower": estimate.ci_lower,
        "ci_upper": estimate.ci_upper,
        "score": score_of(estimate),
    }


def summary_record(scores: ImpactScores, instrument: Instrument, designs: dict[str, str],
                   programmes: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Return the sub-dimension, dimension and Impact estimates as JSON-ready records."""
    dimensions = []
    for dimension in instrument.dimensions:
        record = {"code": dimension.code, "name": dimension.name, "design": designs[dimension.code]}
        record.update(estimate_record(scores.dimensions[dimension.code]))
        dimensions.append(record)

    sub_dimensions = []
    for sub in instrument.sub_dimensions:
        record = {"code": sub.code, "dimension": sub.dimension, "numeral": sub.numeral, "name": sub.name,
                  "items": [item.number for item in sub.items], **programmes.get(sub.code, {})}
        record.update(estimate_record(scores.sub_dimensions[sub.code]))
        sub_dimensions.append(record)

    return {"impact": estimate_record(scores.impact), "dimensions": dimensions, "sub_dimensions": sub_dimensions}


def estimate_header() -> list[str]:
    """Return the column titles of the dimension and sub-dimension table in the active language."""
    return [_("level"), _("code"), _("name"), _("n"), _("mean"), _("95% CI lower"), _("95% CI upper"), _("score")]


def estimate_rows(scores: ImpactScores, instrument: Instrument) -> list[list[Any]]:
    """Return the Impact score, then each dimension followed by its sub-dimensions, in evaluation order."""
    def row(level: str, code: str, name: str, estimate: Estimate) -> list[Any]:
        return [level, code, name, estimate.n, estimate.mean, estimate.ci_lower, estimate.ci_upper,
                score_of(estimate)]

    rows = [row(_("Impact"), "impact", _("Impact score"), scores.impact)]
    for dimension in instrument.dimensions:
        rows.append(row(_("dimension"), dimension.code, dimension.name, scores.dimensions[dimension.code]))
        for sub in dimension.sub_dimensions:
            name = f"{sub.numeral}. {sub.name}"
            rows.append(row(_("sub-dimension"), sub.code, name, scores.sub_dimensions[sub.code]))
    return rows
