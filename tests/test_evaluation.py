"""Specification of the evaluation calculator (aggregation.evaluation) under the 2024 rules.

Requirements checked here:
- R1 dimension means are plain means of the question ranges of the year's rules;
- R2 Nilai Final is the weighted sum with the category's weights, Program
  Kolaborasi counting as 0 when a KPPN IKN region has none;
- R3 rounding to two decimals, half away from zero, happens only at output;
- R4 Tingkat Improvement is the rounded Nilai Final less the previous one;
- R5 the what-if gives the smallest Impact score (0,01 steps) reaching a target.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from aggregation.evaluation import (RegionScores, compute_evaluation, dimension_means, final_with_impact,
                                    impact_needed)
from aggregation.evaluation_inputs import read_question_scores, read_score_table
from aggregation.evaluation_rules import load_evaluation_rules, parse_rules
from smartcity_impact.errors import ConfigError, SmartCityImpactError

DATA = Path(__file__).parent / "data" / "evaluation"
TABALONG_MEANS = {"baseline": "3.80", "output": "3.55", "outcome": "3.45", "impact": "3.78", "quick_wins": "3.33"}


@pytest.fixture(scope="module")
def rules():
    return load_evaluation_rules(2024)


@pytest.fixture(scope="module")
def tabalong_means(rules):
    table = read_score_table(DATA / "tabalong_2024_question_scores.tsv")
    return dimension_means(read_question_scores(table, rules), rules)


def scores(**values: str) -> dict[str, Decimal]:
    return {code: Decimal(value) for code, value in values.items()}


@pytest.mark.parametrize(("code", "published"), TABALONG_MEANS.items())
def test_dimension_means_tabalong_published(rules, tabalong_means, code, published):
    """R1: Tabalong's 115 question scores give its published dimension scores."""
    assert rules.round(tabalong_means[code]) == Decimal(published)


def test_dimension_means_tabalong_final_score(rules, tabalong_means):
    """R2: Tabalong's question scores give its published Nilai Final 3,55."""
    evaluation = compute_evaluation(RegionScores("REGULER", tabalong_means), rules)

    assert evaluation.final_score == Decimal("3.55")


def test_dimension_means_keep_full_precision(rules, tabalong_means):
    """R3: the Output mean is 39/11, not its rounded 3,55."""
    assert tabalong_means["output"] == Decimal(39) / Decimal(11)


@pytest.mark.parametrize(("category", "values", "expected"), [
    ("REGULER", dict(baseline="3.56", output="2.73", outcome="3.27", impact="3.18", quick_wins="2.8"), "3.08"),
    ("KPPN IKN", dict(baseline="3.96", output="3.64", outcome="3.78", impact="3.26", quick_wins="3.97",
                      program_kolaborasi="3.97"), "3.72"),
    ("KPPN IKN", dict(baseline="2.8", output="2.24", outcome="2.72", impact="2.8", quick_wins="2.12"), "2.26"),
])
def test_compute_evaluation_weights(rules, category, values, expected):
    """R2: Badung (REGULER), Bantul and Karo (KPPN IKN, no Kolaborasi) reproduce their published Nilai Final."""
    evaluation = compute_evaluation(RegionScores(category, scores(**values)), rules)

    assert evaluation.final_score == Decimal(expected)


def test_compute_evaluation_missing_kolaborasi_zero(rules):
    """R2: Karo's missing Program Kolaborasi is listed as counted as 0."""
    values = scores(baseline="2.8", output="2.24", outcome="2.72", impact="2.8", quick_wins="2.12")
    evaluation = compute_evaluation(RegionScores("KPPN IKN", values), rules)

    assert evaluation.zero_filled == ("program_kolaborasi",)
    assert evaluation.scores["program_kolaborasi"] == 0


def test_compute_evaluation_reguler_ignores_kolaborasi(rules):
    """R2: a Program Kolaborasi score has no weight in category REGULER."""
    values = scores(baseline="3", output="3", outcome="3", impact="3", quick_wins="3", program_kolaborasi="1")
    evaluation = compute_evaluation(RegionScores("REGULER", values), rules)

    assert evaluation.final_score == Decimal("3.00")


def test_compute_evaluation_missing_score_rejected(rules):
    values = scores(baseline="3", output="3", outcome="3", impact="3")

    with pytest.raises(SmartCityImpactError) as raised:
        compute_evaluation(RegionScores("REGULER", values), rules)
    assert raised.value.code == "score-missing"


def test_compute_evaluation_unknown_category(rules):
    values = scores(baseline="3", output="3", outcome="3", impact="3", quick_wins="3")

    with pytest.raises(SmartCityImpactError) as raised:
        compute_evaluation(RegionScores("REGULAR", values), rules)
    assert raised.value.code == "category-unknown"


@pytest.mark.parametrize(("baseline", "expected"), [
    ("3.05", "3.01"),   # exactly 3.005: half away from zero, where half to even gives 3.00
    ("3.15", "3.02"),   # exactly 3.015
    ("3.04", "3.00"),   # 3.004
])
def test_compute_evaluation_rounds_half_away(rules, baseline, expected):
    """R3: the other dimensions at 3 put the Nilai Final at 2.7 + baseline/10."""
    values = scores(baseline=baseline, output="3", outcome="3", impact="3", quick_wins="3")
    evaluation = compute_evaluation(RegionScores("REGULER", values), rules)

    assert evaluation.final_score == Decimal(expected)


def test_compute_evaluation_rounds_only_at_output(rules):
    """R3: full-precision means give 3.0143 (3,01); means rounded first would give 3.015 (3,02)."""
    table = read_score_table(DATA / "rounding_early_differs.tsv")
    means = dimension_means(read_question_scores(table, rules), rules)
    early = sum(rules.categories["REGULER"].weights[code] * rules.round(mean) for code, mean in means.items())

    evaluation = compute_evaluation(RegionScores("REGULER", means), rules)

    assert rules.round(early) == Decimal("3.02")
    assert evaluation.final_score == Decimal("3.01")


@pytest.mark.parametrize(("previous", "expected"), [("3.45", "0.10"), ("3.60", "-0.05"), ("3.55", "0.00")])
def test_compute_evaluation_improvement(rules, tabalong_means, previous, expected):
    """R4: Tabalong's 3,55 against three previous Nilai Final."""
    region = RegionScores("REGULER", tabalong_means, Decimal(previous))

    assert compute_evaluation(region, rules).improvement == Decimal(expected)


def test_compute_evaluation_no_previous_no_improvement(rules, tabalong_means):
    assert compute_evaluation(RegionScores("REGULER", tabalong_means), rules).improvement is None


@pytest.mark.parametrize(("target", "needed"), [("3.50", "3.53"), ("3.55", "3.78"), ("3.59", "3.98")])
def test_impact_needed_smallest_reaching_target(rules, tabalong_means, target, needed):
    """R5: with Tabalong's other scores, the smallest Impact score that reaches each target."""
    region = RegionScores("REGULER", tabalong_means)

    result = impact_needed(region, rules, Decimal(target))

    assert result.needed == Decimal(needed)
    assert final_with_impact(region, rules, result.needed) >= Decimal(target)
    assert final_with_impact(region, rules, result.needed - Decimal("0.01")) < Decimal(target)


def test_impact_needed_unreachable(rules, tabalong_means):
    """R5: 3,60 is out of reach for Tabalong: Impact 4,00 gives 3,59."""
    result = impact_needed(RegionScores("REGULER", tabalong_means), rules, Decimal("3.60"))

    assert result.reachable is False
    assert result.needed is None
    assert result.final_at_maximum == Decimal("3.59")


def test_impact_needed_reached_at_minimum(rules, tabalong_means):
    """R5: a target below the Nilai Final with Impact 1 needs only the scale minimum."""
    result = impact_needed(RegionScores("REGULER", tabalong_means), rules, Decimal("2.50"))

    assert result.needed == Decimal("1.00")
    assert result.reachable is True


def test_load_rules_unknown_year():
    with pytest.raises(ConfigError) as raised:
        load_evaluation_rules(1999)
    assert raised.value.code == "evaluation-year-unknown"


@pytest.mark.parametrize("change", [
    lambda data: data["categories"]["REGULER"]["weights"].update(impact=0.3),
    lambda data: data["categories"]["REGULER"]["weights"].update(kebijakan=0.0),
    lambda data: data["dimensions"][1].update(questions=[5, 16]),
    lambda data: data["rounding"].update(mode="half-even"),
])
def test_parse_rules_invalid_rejected(rules, change):
    """Weights not adding up to 1, an unknown dimension, overlapping ranges, an unknown rounding mode."""
    import tomllib

    data = tomllib.loads(rules.path.read_text(encoding="utf-8"))
    change(data)

    with pytest.raises(ConfigError) as raised:
        parse_rules(data, rules.path)
    assert raised.value.code == "evaluation-rules-invalid"
