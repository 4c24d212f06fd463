"""The whole-evaluation calculator: dimension means, Nilai Final, Tingkat Improvement and the Impact what-if.

Requirements this module meets:
- A dimension score is the plain mean of its question scores.
- Nilai Final is the weighted sum of the dimension scores with the weights of
  the region's category. A missing dimension that the category counts as 0
  (Program Kolaborasi in KPPN IKN) adds 0.
- Tingkat Improvement is the rounded Nilai Final less the previous year's
  published Nilai Final, so it compares the two published figures.
- Everything is computed in Decimal at full precision; dimension means and
  Nilai Final are rounded half away from zero only for output
  (``EvaluationRules.round``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from aggregation.evaluation_rules import CategoryRule, EvaluationRules
from smartcity_impact.errors import SmartCityImpactError

IMPACT = "impact"


@dataclass(frozen=True)
class RegionScores:
    """The dimension scores of one region at full precision, by dimension code, with its category.

    ``previous_final`` is the previous year's published Nilai Final, when known.
    """

    category: str
    scores: dict[str, Decimal]
    previous_final: Decimal | None = None


@dataclass(frozen=True)
class Evaluation:
    """Nilai Final of one region and the scores it was computed from.

    Attributes:
        category: the category whose weights were used.
        scores: every weighted dimension's score, 0 for one counted as 0 when missing.
        zero_filled: the dimensions counted as 0 because their score was missing.
        final_exact: the weighted sum at full precision.
        final_score: the weighted sum rounded for output.
        improvement: rounded Nilai Final less the previous year's, or None.
    """

    category: str
    scores: dict[str, Decimal]
    zero_filled: tuple[str, ...]
    final_exact: Decimal
    final_score: Decimal
    improvement: Decimal | None = None


@dataclass(frozen=True)
class ImpactTarget:
    """The Impact score a region needs for a target Nilai Final.

    Attributes:
        target: the Nilai Final wanted.
        needed: the smallest Impact score, at the rules' decimals, that gives
            the target after rounding; None when even the scale maximum does not.
        reachable: whether ``needed`` is within the scale.
        final_at_minimum, final_at_maximum: Nilai Final with the lowest and the
            highest Impact score of the scale.
    """

    target: Decimal
    needed: Decimal | None
    reachable: bool
    final_at_minimum: Decimal
    final_at_maximum: Decimal


def category_rule(rules: EvaluationRules, category: str) -> CategoryRule:
    """Return the rule of ``category``.

    Raises:
        SmartCityImpactError: the category is not one of the year's categories.
    """
    if category not in rules.categories:
        raise SmartCityImpactError("category-unknown", "Unknown category '{value}'; the categories of {year} are: "
                                   "{allowed}.", hint="Give one of them with --category.", value=category,
                                   year=rules.year, allowed=", ".join(rules.categories))
    return rules.categories[category]


def dimension_means(question_scores: dict[int, Decimal], rules: EvaluationRules) -> dict[str, Decimal]:
    """Return the plain mean of the question scores of each dimension that has any, by dimension code."""
    grouped: dict[str, list[Decimal]] = {}
    for number, score in sorted(question_scores.items()):
        dimension = rules.dimension_of_question(number)
        if dimension is not None:
            grouped.setdefault(dimension.code, []).append(score)
    return {code: sum(scores, Decimal(0)) / len(scores) for code, scores in grouped.items()}


def compute_evaluation(region: RegionScores, rules: EvaluationRules) -> Evaluation:
    """Return the Nilai Final of ``region`` under its category's weights, with the improvement when possible.

    Raises:
        SmartCityImpactError: the category is unknown, or the score of a weighted
            dimension that does not count as 0 when missing is missing.
    """
    rule = category_rule(rules, region.category)
    missing = [code for code in rule.weights if code not in region.scores and code not in rule.missing_as_zero]
    if missing:
        names = ", ".join(rules.dimension(code).name for code in missing)
        raise SmartCityImpactError("score-missing", "The Nilai Final of category {category} needs the score of "
                                   "{names}.", hint="Give it as an option such as --{option}, or in [evaluation] of "
                                   "survey.toml.", category=rule.name, names=names,
                                   option=missing[0].replace("_", "-"))

    zero_filled = tuple(code for code in rule.weights if code not in region.scores)
    scores = {code: region.scores.get(code, Decimal(0)) for code in rule.weights}
    final_exact = sum((rule.weights[code] * score for code, score in scores.items()), Decimal(0))
    final_score = rules.round(final_exact)
    improvement = None if region.previous_final is None else final_score - region.previous_final
    return Evaluation(rule.name, scores, zero_filled, final_exact, final_score, improvement)


def final_with_impact(region: RegionScores, rules: EvaluationRules, impact: Decimal) -> Decimal:
    """Return the rounded Nilai Final of ``region`` if its Impact score were ``impact``."""
    scores = dict(region.scores, **{IMPACT: impact})
    return compute_evaluation(RegionScores(region.category, scores), rules).final_score


def impact_needed(region: RegionScores, rules: EvaluationRules, target: Decimal) -> ImpactTarget:
    """Return the smallest Impact score that gives ``region`` a Nilai Final of at least ``target``.

    Nilai Final is linear in the Impact score, so the exact threshold is
    (target − half a unit − the other weighted scores) / the Impact weight.
    It is taken up to the next multiple of the output unit (0,01) and then
    checked against the rounded Nilai Final it gives.
    """
    rule = category_rule(rules, region.category)
    weight = rule.weights[IMPACT]
    unit = Decimal(1).scaleb(-rules.decimals)
    others = compute_evaluation(RegionScores(region.category, dict(region.scores, **{IMPACT: Decimal(0)})),
                                rules).final_exact

    needed = ((target - unit / 2 - others) / weight).quantize(unit, rounding=ROUND_CEILING)
    while final_with_impact(region, rules, needed) < target:
        needed += unit
    while needed - unit >= rules.minimum and final_with_impact(region, rules, needed - unit) >= target:
        needed -= unit
    needed = max(needed, rules.minimum.quantize(unit))

    at_minimum = final_with_impact(region, rules, rules.minimum)
    at_maximum = final_with_impact(region, rules, rules.maximum)
    reachable = needed <= rules.maximum
    return ImpactTarget(target, needed if reachable else None, reachable, at_minimum, at_maximum)


def impact_steps(rules: EvaluationRules, step: Decimal = Decimal("0.25")) -> list[Decimal]:
    """Return Impact scores from the scale minimum to its maximum in ``step`` increments."""
    values = []
    value = rules.minimum
    while value <= rules.maximum:
        values.append(value.quantize(Decimal(1).scaleb(-rules.decimals)))
        value += step
    return values
