"""Specification of survey.privacy: cell text copied to outputs never carries personal data."""

from __future__ import annotations

import pytest

from survey.privacy import WITHHELD, redact

ROW_PERSONAL_VALUES = ["Citra Pratama", "0857-0002-7702", "citra@example.com"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", "5"),
        ("Lumayan", "Lumayan"),
        ("0007", "0007"),
        ("ENUM-02 Ratna", "ENUM-02 Ratna"),
        ("citra pratama", WITHHELD),
        ("+62 857 0002 7702", WITHHELD),
        ("081234567890", WITHHELD),
        ("someone@example.org", WITHHELD),
        ("0002;ENUM-02 Ratna;12/07/2025;Budi", WITHHELD),
        ("x" * 41, WITHHELD),
        (None, None),
        ("", ""),
    ],
)
def test_redact_cell_values(value, expected):
    assert redact(value, ROW_PERSONAL_VALUES) == expected


def test_redact_ignores_short_personal_values():
    assert redact("4", ["4", "Al"]) == "4"
