"""Specification of survey.numbers.parse_number: each source's decimal convention, never a guess."""

from __future__ import annotations

from decimal import Decimal

import pytest

from survey.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", Decimal("4")),
        ("4,0", Decimal("4")),
        ("3,5", Decimal("3.5")),
        ("25.000", Decimal("25000")),
        ("1.234.567", Decimal("1234567")),
        ("1.234,5", Decimal("1234.5")),
        ("25,000", Decimal("25")),
        (" 4 ", Decimal("4")),
        ("+4", Decimal("4")),
        ("-2", Decimal("-2")),
    ],
)
def test_parse_number_decimal_comma_source(text, expected):
    assert parse_number(text, ",") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", Decimal("4")),
        ("4.0", Decimal("4")),
        ("3.5", Decimal("3.5")),
        ("25,000", Decimal("25000")),
        ("1,234.5", Decimal("1234.5")),
        ("25.000", Decimal("25")),
    ],
)
def test_parse_number_decimal_point_source(text, expected):
    assert parse_number(text, ".") == expected


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("", ","),
        ("abc", ","),
        ("4 - Setuju", ","),
        ("1.5", ","),
        ("3.5", ","),
        ("12.34.567", ","),
        ("3,5", "."),
        ("1,5", "."),
        ("3 5", ","),
        ("3 5", "."),
        (",5", ","),
        ("5,", ","),
        ("1e3", "."),
    ],
)
def test_parse_number_malformed_is_none(text, decimal):
    assert parse_number(text, decimal) is None
