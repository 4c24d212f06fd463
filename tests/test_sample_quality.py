"""Specification of the sample survey's quality: its planted defects, and nothing else, in the quality report.

sample_responses/README.md lists the planted defects; generate.py there plants
them. Every check that a source file can trigger fires on the sample, only on
the planted rows. The answers are correlated, so Cronbach's alpha of every
dimension is at least 0.7 and online and offline respondents do not differ,
while every item score stays Tabalong's published 2024 score.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter

import pytest

from aggregation.mode_effect import NO_DIFFERENCE
from aggregation.quality import NEAR_ZERO_VARIANCE, quality_report
from helpers_pipeline import copy_sample
from smartcity_impact.i18n import active_language, set_language
from smartcity_impact.pipeline import run_survey
from survey.reasons import REASONS

DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
# Columns of quality_flags.csv, by position so that the header's language does not matter.
FLAG_RESPONSE, FLAG_CODE = 0, 8

# (response id, code) of every row of quality_flags.csv: the planted defects of sample_responses/README.md.
PLANTED = [
    ("google-forms:31", "not-resident"),
    ("google-forms:41", "duplicate-submission"),
    ("google-forms:60", "under-age"),
    ("google-forms:72", "unreadable-age"),
    ("google-forms:77", "unreadable-answer"),
    ("google-forms:77", "incomplete"),
    ("google-forms:87", "straight-lining"),
    ("google-forms:91", "identical-answers"),
    ("google-forms:95", "burst"),
    ("google-forms:96", "burst"),
    ("google-forms:97", "burst"),
    ("google-forms:98", "burst"),
    ("google-forms:99", "burst"),
    ("google-forms:119", "night-time"),
    ("google-forms:126", "conflicting-answers"),
    ("google-forms:126", "incomplete"),
    ("google-forms:134", "multiple-dimensions"),
    ("google-forms:156", "not-programme-user"),
    ("google-forms:164", "identical-answers"),
    ("google-forms:184", "no-consent"),
    ("google-forms:188", "unreadable-screening"),
    ("google-forms:210", "outside-window"),
    ("paper-forms:8", "entry-disagreement"),
    ("paper-forms:24", "entry-disagreement"),
    ("paper-forms:26", "enumerator-identical-answers"),
    ("paper-forms:28", "invalid-nik"),
    ("paper-forms:31", "unreadable-dimension"),
    ("paper-forms:32", "extra-cells"),
    ("paper-forms:34", "enumerator-identical-answers"),
    ("paper-forms:43", "out-of-range"),
    ("paper-forms:43", "incomplete"),
    ("paper-forms:44", "enumerator-identical-answers"),
    ("paper-forms:51", "out-of-range"),
    ("paper-forms:51", "incomplete"),
    ("paper-forms:52", "invalid-phone"),
    ("paper-forms:60", "no-answers"),
    ("paper-forms:63", "entry-disagreement"),
    ("paper-forms:64", "invalid-date"),
    ("paper-forms:75", "incomplete"),
    ("paper-forms:75", "many-dont-know"),
    ("paper-forms:79", "duplicate-respondent"),
    ("paper-forms:85", "row-in-one-cell"),
    ("paper-forms:85", "no-answers"),
    ("paper-forms:95", "entry-disagreement"),
    ("paper-forms:100", "dimension-mismatch"),
]
# Codes that no sample file can trigger: the sample is surveyed per dimension, has exactly the quota of
# 50 in every cell, and these two need a row deleted between imports or a coordinator's review decision.
UNREACHABLE = {"multiple-sub-dimensions", "over-quota", "removed-from-source", "excluded-on-review"}
# Published 2024 item scores of Tabalong (every other item is 3.8) and the standard deviation (ddof=1)
# of their 50 answers: 40 · 4 + 10 · 3 for 3.8, 10 · 4 + 20 · 3 + 20 · 2 for 2.8, 30 · 4 + 20 · 3 for 3.6.
SPECIAL_SCORES = {57: 2.8, 75: 3.6}
ITEM_SD = {3.8: math.sqrt(8 / 49), 2.8: math.sqrt(28 / 49), 3.6: math.sqrt(12 / 49)}


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """Run a copy of the sample survey once in English: the run's result and its output folder."""
    previous = active_language()
    set_language("en")
    survey = copy_sample(tmp_path_factory.mktemp("sample-quality"))
    result = run_survey(survey)
    yield result, survey / "hasil"
    set_language(previous)


@pytest.fixture(scope="module")
def sample_report(sample_run):
    """The quality report of the sample run."""
    result, _out = sample_run
    return quality_report(result.config, result.collection)


def flag_pairs(out) -> list[tuple[str, str]]:
    """Return (response id, code) of every row of quality_flags.csv, in file order."""
    with (out / "quality_flags.csv").open(encoding="utf-8", newline="") as csv_file:
        records = list(csv.reader(csv_file))[1:]
    return [(record[FLAG_RESPONSE], record[FLAG_CODE]) for record in records]


def test_sample_quality_flags_only_planted(sample_run):
    _result, out = sample_run

    assert sorted(flag_pairs(out)) == sorted(PLANTED)


def test_sample_quality_every_reachable_code_fires(sample_run):
    _result, out = sample_run

    codes = {code for _response, code in flag_pairs(out)}

    assert codes == set(REASONS) - UNREACHABLE


def test_sample_quality_check_counts(sample_report):
    """The report's table of findings per check counts responses with the code, and items for near-zero variance."""
    expected = {code: 0 for code in REASONS} | Counter(code for _response, code in set(PLANTED))
    expected[NEAR_ZERO_VARIANCE] = 1

    assert sample_report.check_counts() == expected


def test_sample_quality_near_zero_only_planted_item(sample_report):
    """Every valid paper answer to item 78 is 4; no other item of either source is that uniform."""
    found = [(item.source, item.item, item.n, item.value) for item in sample_report.near_zero]

    assert found == [("paper-forms", 78, 17, 4)]


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_sample_quality_no_mode_difference(sample_report, dimension):
    effect = sample_report.mode_effects[dimension]

    assert effect.verdict == NO_DIFFERENCE
    assert effect.p_value >= 0.05


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_sample_quality_dimension_alpha(sample_report, dimension):
    reliability = sample_report.reliability.dimensions[dimension]

    assert reliability.n == 50
    assert reliability.alpha >= 0.7


def test_sample_quality_sub_dimension_alpha(sample_report):
    """Three items reach less than nine, but no sub-dimension falls below 0.5, which the report calls unacceptable."""
    alphas = {code: unit.alpha for code, unit in sample_report.reliability.sub_dimensions.items()}

    assert [code for code, alpha in alphas.items() if alpha < 0.5] == []


@pytest.mark.parametrize("item", range(50, 104))
def test_sample_quality_item_score_unchanged(sample_run, item):
    """Each item has 50 valid answers whose mean is the published score, so its spread is fixed too."""
    result, _out = sample_run
    score = SPECIAL_SCORES.get(item, 3.8)
    estimate = result.scores.items[item]

    assert estimate.n == 50
    assert estimate.mean == pytest.approx(score)
    assert estimate.sd == pytest.approx(ITEM_SD[score])


def test_sample_quality_impact_score(sample_run):
    _result, out = sample_run

    summary = json.loads((out / "impact_summary.json").read_text(encoding="utf-8"))

    assert summary["impact"]["score"] == 3.78
    assert summary["impact"]["mean"] == pytest.approx(204 / 54)
