"""Specification of the quota status (survey.quotas): cells follow each dimension's design; counts by mode."""

from __future__ import annotations

import pytest

from helpers_pipeline import CHECKS_DIR, assess_case
from survey.config import load_survey_config
from survey.quotas import QuotaCell, quota_cells, quota_status


def status_of(case: str, exact_quota: bool = False) -> dict[str, QuotaCell]:
    """Return the quota status of checks fixture ``case`` keyed by cell."""
    config = load_survey_config(CHECKS_DIR / case)
    assessments = list(assess_case(case, exact_quota).values())
    return {cell.cell: cell for cell in quota_status(assessments, config)}


def test_quota_cells_per_dimension_six():
    config = load_survey_config(CHECKS_DIR / "exact_quota")

    cells = [cell for cell, _dimension, _name in quota_cells(config)]

    assert cells == ["governance", "branding", "economy", "living", "society", "environment"]


def test_quota_cells_per_sub_dimension_splits_one():
    config = load_survey_config(CHECKS_DIR / "per_sub_dimension")

    cells = [cell for cell, _dimension, _name in quota_cells(config)]

    assert cells == ["governance", "branding", "economy.I", "economy.II", "economy.III", "living", "society",
                     "environment"]


def test_quota_cells_sub_dimension_name():
    config = load_survey_config(CHECKS_DIR / "per_sub_dimension")

    names = {cell: name for cell, _dimension, name in quota_cells(config)}

    assert names["economy.II"] == "Smart Economy II"


def test_quota_status_per_sub_dimension_counts():
    status = status_of("per_sub_dimension")

    assert status["economy.II"].valid == 1
    assert status["economy.I"].valid == 0
    assert status["governance"].valid == 1


def test_quota_status_counts_by_mode():
    """Living in duplicate_phone: paper:2 (offline) and online:3 are valid, the two duplicates are not."""
    living = status_of("duplicate_phone")["living"]

    assert living.valid == 2
    assert living.online == 1
    assert living.offline == 1


@pytest.mark.parametrize(("exact_quota", "valid", "shortfall", "excess", "met"), [
    (False, 52, 0, 2, True),
    (True, 50, 0, 0, True),
])
def test_quota_status_exact_quota(exact_quota, valid, shortfall, excess, met):
    governance = status_of("exact_quota", exact_quota)["governance"]

    assert governance.valid == valid
    assert governance.shortfall == shortfall
    assert governance.excess == excess
    assert governance.met is met


def test_quota_status_short_cell():
    branding = status_of("exact_quota")["branding"]

    assert branding.valid == 0
    assert branding.shortfall == 50
    assert branding.met is False


def test_quota_status_all_defects_cells():
    """Quota 2: governance keeps rows 2 and 5 (row 7 is over quota), branding 21 and 31, economy.I 34 and 35,
    economy.II 19 and paper 2, economy.III 32 and 33, living 25 and 30, society 14 and 15, environment 20 and 23."""
    status = status_of("all_defects", exact_quota=True)

    assert {cell: quota.valid for cell, quota in status.items()} == {
        "governance": 2, "branding": 2, "economy.I": 2, "economy.II": 2, "economy.III": 2, "living": 2,
        "society": 2, "environment": 2,
    }
