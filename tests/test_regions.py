"""Specification of the official kabupaten/kota list and of matching published names to it (aggregation.regions)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from aggregation.evaluation_inputs import read_score_table
from aggregation.evaluation_rules import load_evaluation_rules
from aggregation.national_evaluation import evaluate_table
from aggregation.national_table import read_national_table
from aggregation.regions import RegionMatcher, load_regions, split_region_name

DATA = Path(__file__).parent / "data" / "evaluation"


@pytest.fixture(scope="module")
def regions():
    return load_regions()


@pytest.fixture(scope="module")
def matcher(regions):
    return RegionMatcher(regions)


def test_regions_list_complete(regions):
    """Kepmendagri lists 514 kabupaten/kota: 416 kabupaten and 98 kota."""
    kinds = Counter(region.kind for region in regions)

    assert len(regions) == 514
    assert kinds == {"KAB": 416, "KOTA": 98}


def test_regions_codes_unique(regions):
    assert len({region.code for region in regions}) == len(regions)


def test_regions_name_agrees_with_type(regions):
    """Kemendagri numbers kabupaten 01-69 and kota 71-99, and each name must agree with its number."""
    disagreeing = [region for region in regions if split_region_name(region.name)[0] != region.kind]

    assert disagreeing == []


@pytest.mark.parametrize(("code", "short_name"), [
    ("63.09", "KAB. TABALONG"), ("11.01", "KAB. ACEH SELATAN"), ("94.04", "KAB. MIMIKA"),
    ("74.72", "KOTA BAU BAU"), ("31.71", "KOTA JAKARTA PUSAT"),
])
def test_regions_known_codes(regions, code, short_name):
    by_code = {region.code: region for region in regions}

    assert by_code[code].short_name == short_name


@pytest.mark.parametrize(("text", "status", "code"), [
    ("KAB. TABALONG", "exact", "63.09"),
    ("Kabupaten Tabalong", "exact", "63.09"),
    ("KAB. KONawe SELATAN", "exact", "74.05"),
    ("KAB LIMA PULUH KOTA", "exact", "13.07"),
    ("KOTA BAU-BAU", "exact", "74.72"),
    ("Kotabaru", "exact", "63.02"),
    ("KOTA ADM. JAKARTA PUSAT", "exact", "31.71"),
    ("KAB. TABALON", "truncated", "63.09"),
    ("KAB. BANYUWANGGI", "fuzzy", "35.10"),
    ("KOTA PADANG SIDEMPUAN", "fuzzy", "12.77"),
])
def test_region_matcher_matched(matcher, text, status, code):
    match = matcher.match(text)

    assert match.status == status
    assert match.region.code == code


@pytest.mark.parametrize(("text", "status"), [
    ("KAB. ANTAH BERANTAH", "no-candidate"),
    ("KAB. KAR", "below-threshold"),
    ("BANDUNG", "ambiguous"),
])
def test_region_matcher_reported(matcher, text, status):
    """A name matched below the threshold, ambiguously or not at all is given no region."""
    match = matcher.match(text)

    assert match.status == status
    assert match.region is None


def test_region_matcher_type_must_agree(matcher):
    """KOTA MALANG is the city, never the kabupaten of the same name."""
    assert matcher.match("KOTA MALANG").region.code == "35.73"
    assert matcher.match("KAB. MALANG").region.code == "35.07"


def test_region_matcher_below_threshold_candidate(matcher):
    """KAB. KAR is reported with Karo as its candidate."""
    assert matcher.match("KAB. KAR").candidate.code == "12.06"


def test_national_table_names_reported():
    """The table of names to check reports its one unknown name and matches the truncated and misspelled ones."""
    rules = load_evaluation_rules(2024)
    table = read_national_table(read_score_table(DATA / "names_to_check.tsv"), rules)

    evaluation = evaluate_table(table, rules, RegionMatcher(load_regions()))

    assert [(result.row.row, result.match.status) for result in evaluation.uncertain_matches] == [
        (4, "no-candidate")]
    assert [(result.row.row, result.match.status) for result in evaluation.approximate_matches] == [
        (2, "truncated"), (3, "fuzzy")]
