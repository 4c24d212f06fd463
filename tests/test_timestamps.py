"""Specification of survey.timestamps.parse_timestamp: submission times and interview dates as exports write them."""

from __future__ import annotations

import datetime as dt

import pytest

from survey.timestamps import INDONESIAN_ZONES, INVALID_DATE, parse_timestamp

UTC = dt.timezone.utc
WIB = dt.timezone(dt.timedelta(hours=7))


def utc(*fields: int) -> dt.datetime:
    return dt.datetime(*fields, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/07/15 9:03:12 AM GMT+7", utc(2024, 7, 15, 2, 3, 12)),
        ("2024/07/15 9:03:12 PM GMT+7", utc(2024, 7, 15, 14, 3, 12)),
        ("2024/07/15 12:30:00 AM GMT+7", utc(2024, 7, 14, 17, 30, 0)),
        ("2024/07/15 12:30:00 PM GMT+7", utc(2024, 7, 15, 5, 30, 0)),
        ("2024/07/15 9:03:12 AM GMT-3", utc(2024, 7, 15, 12, 3, 12)),
        ("2024/07/15 9:03:12 AM GMT+0530", utc(2024, 7, 15, 3, 33, 12)),
        ("2024-07-15 09:03:12 UTC+07:00", utc(2024, 7, 15, 2, 3, 12)),
        ("2024-07-15 09:03:12+07:00", utc(2024, 7, 15, 2, 3, 12)),
        ("2024-07-15T09:03:12Z", utc(2024, 7, 15, 9, 3, 12)),
        ("15/07/2024 09.03.12 WIB", utc(2024, 7, 15, 2, 3, 12)),
        ("15/07/2024 09.03.12 WITA", utc(2024, 7, 15, 1, 3, 12)),
        ("15/07/2024 09.03.12 WIT", utc(2024, 7, 15, 0, 3, 12)),
    ],
)
def test_parse_timestamp_zone_offset(text, expected):
    assert parse_timestamp(text).value == expected


@pytest.mark.parametrize(
    "text",
    ["15/07/2024 9:03:12", "15/07/2024 09.03.12", "2024-07-15 09:03:12", "2024-07-15 09:03:12.250"],
)
def test_parse_timestamp_without_zone_is_wib(text):
    assert parse_timestamp(text).value == utc(2024, 7, 15, 2, 3, 12)


@pytest.mark.parametrize(
    ("text", "date_order", "expected"),
    [
        ("05/07/2024", "DMY", dt.date(2024, 7, 5)),
        ("5/7/2024", "DMY", dt.date(2024, 7, 5)),
        ("05-07-2024", "DMY", dt.date(2024, 7, 5)),
        ("05.07.2024", "DMY", dt.date(2024, 7, 5)),
        ("05/07/24", "DMY", dt.date(2024, 7, 5)),
        ("07/05/2024", "MDY", dt.date(2024, 7, 5)),
        ("7/15/2024 9:03:12", "MDY", dt.date(2024, 7, 15)),
        ("2024-07-05", "DMY", dt.date(2024, 7, 5)),
        ("2024-07-05", "MDY", dt.date(2024, 7, 5)),
        ("2024/07/05", "MDY", dt.date(2024, 7, 5)),
        ("2024-07-05", "YMD", dt.date(2024, 7, 5)),
        ("24/07/05", "YMD", dt.date(2024, 7, 5)),
        ("05/07/2024", "YMD", dt.date(2024, 7, 5)),
    ],
)
def test_parse_timestamp_date_order(text, date_order, expected):
    assert parse_timestamp(text, date_order).value.date() == expected


def test_parse_timestamp_date_alone_is_wib_midnight():
    assert parse_timestamp("05/07/2024").value == dt.datetime(2024, 7, 5, 0, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45478", dt.datetime(2024, 7, 5, 0, 0)),
        ("45488,5", dt.datetime(2024, 7, 15, 12, 0)),
        ("45488.5", dt.datetime(2024, 7, 15, 12, 0)),
        ("45488,376", dt.datetime(2024, 7, 15, 9, 1, 26)),
    ],
)
def test_parse_timestamp_excel_serial_is_wib(text, expected):
    assert parse_timestamp(text).value == expected.replace(tzinfo=WIB)


@pytest.mark.parametrize(
    ("text", "date_order"),
    [
        ("31/02/2024", "DMY"),
        ("13/13/2024", "DMY"),
        ("30/02/2024", "DMY"),
        ("29/02/2023", "DMY"),
        ("2024-02-30", "DMY"),
        ("07/15/2024", "DMY"),
        ("15/07/2024", "MDY"),
        ("15/07/2024 25:00", "DMY"),
        ("15/07/2024 13:00 PM", "DMY"),
        ("15/07/2024 9:03 GMT+15", "DMY"),
        ("15/07/2024 9:03 kemarin", "DMY"),
        ("kemarin", "DMY"),
        ("1999", "DMY"),
        ("15/07/202", "DMY"),
    ],
)
def test_parse_timestamp_impossible_is_invalid_date(text, date_order):
    parsed = parse_timestamp(text, date_order)

    assert parsed.reason == INVALID_DATE
    assert parsed.value is None


def test_parse_timestamp_leap_day_is_valid():
    assert parse_timestamp("29/02/2024").value.date() == dt.date(2024, 2, 29)


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_timestamp_blank_is_no_time(text):
    parsed = parse_timestamp(text)

    assert parsed.value is None
    assert parsed.reason is None


def test_parse_timestamp_local_zone_applies_without_offset():
    wita = INDONESIAN_ZONES["WITA"]

    parsed = parse_timestamp("15/07/2024 09.03.12", local_zone=wita)

    assert parsed.value.utcoffset() == dt.timedelta(hours=8)


def test_parse_timestamp_written_offset_beats_local_zone():
    parsed = parse_timestamp("2024/07/15 9:03:12 AM GMT+7", local_zone=INDONESIAN_ZONES["WIT"])

    assert parsed.value.utcoffset() == dt.timedelta(hours=7)


def test_parse_timestamp_excel_serial_in_local_zone():
    parsed = parse_timestamp("45488", local_zone=INDONESIAN_ZONES["WITA"])

    assert parsed.value.utcoffset() == dt.timedelta(hours=8)
