"""The Impact score and its parts: estimates for every item, sub-dimension and dimension.

Input is a tidy table of valid answers (``response_id, cell, dimension,
sub_dimension, item, value``) and the structure of the instrument; nothing
here knows where responses came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from aggregation.estimates import Estimate, combine_independent, estimate_sample, respondent_means
from smartcity_impact.i18n import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Structure:
    """Instrument structure and sampling design, as far as the estimates need them.

    Attributes:
        items: item number -> (dimension code, sub-dimension code), in evaluation order.
        designs: dimension code -> ``per-dimension`` or ``per-sub-dimension``.
        bounds: the scale's minimum and maximum.
    """

    items: dict[int, tuple[str, str]]
    designs: dict[str, str]
    bounds: tuple[int, int]

    @property
    def dimensions(self) -> list[str]:
        """Dimension codes in evaluation order."""
        return list(dict.fromkeys(dimension for dimension, _ in self.items.values()))

    def sub_dimensions(self, dimension: str | None = None) -> list[str]:
        """Sub-dimension codes in evaluation order, of one dimension when given."""
        return list(dict.fromkeys(sub for dim, sub in self.items.values() if dimension in (None, dim)))


@dataclass(frozen=True)
class ImpactScores:
    """Estimates at every level of the Impact dimension."""

    items: dict[int, Estimate]
    sub_dimensions: dict[str, Estimate]
    dimensions: dict[str, Estimate]
    impact: Estimate


def round_half_up(value: float | Decimal, decimals: int = 2) -> Decimal:
    """Round ``value`` half away from zero (3.775 -> 3.78, -0.005 -> -0.01), as the evaluation form does.

    A float is taken at its shortest decimal form (``repr``), so 3.775 stays 3.775.
    """
    quantum = Decimal(1).scaleb(-decimals)
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    return number.quantize(quantum, rounding=ROUND_HALF_UP)


def estimate_impact(answers: pd.DataFrame, structure: Structure) -> ImpactScores:
    """Return the estimates of every item, sub-dimension, dimension and the Impact score."""
    values_by_item = dict(tuple(answers.groupby("item")["value"]))
    no_values = pd.Series([], dtype=float)
    items = {
        number: estimate_sample("item", f"Q{number}", values_by_item.get(number, no_values), structure.bounds)
        for number in structure.items
    }

    sub_means = respondent_means(answers, "sub_dimension")
    subs = {
        sub: estimate_sample("sub_dimension", sub, sub_means.loc[sub_means["sub_dimension"] == sub, "value"],
                             structure.bounds)
        for sub in structure.sub_dimensions()
    }

    dimension_means = respondent_means(answers, "dimension")
    dimensions = {}
    for dimension in structure.dimensions:
        if structure.designs[dimension] == "per-sub-dimension":
            parts = [subs[sub] for sub in structure.sub_dimensions(dimension)]
            dimensions[dimension] = combine_independent("dimension", dimension, parts, structure.bounds)
        else:
            values = dimension_means.loc[dimension_means["dimension"] == dimension, "value"]
            dimensions[dimension] = estimate_sample("dimension", dimension, values, structure.bounds)

    item_means = [estimate.mean for estimate in items.values()]
    if None in item_means:
        n = sum(estimate.n for estimate in dimensions.values())
        impact = Estimate("impact", "impact", n, None, None, None, None, None, None)
    else:
        impact_mean = sum(item_means) / len(item_means)
        impact = combine_independent("impact", "impact", list(dimensions.values()), structure.bounds, impact_mean)
    logger.info(_("Impact score estimated from %d answers: %s"), len(answers), impact.mean)
    return ImpactScores(items, subs, dimensions, impact)


def structure_of(instrument, designs: dict[str, str]) -> Structure:
    """Return the Structure of an instrument (``survey.instrument.Instrument``) under ``designs``."""
    items = {item.number: (item.dimension, item.sub_dimension) for item in instrument.items}
    return Structure(items, dict(designs), (instrument.scale.minimum, instrument.scale.maximum))
