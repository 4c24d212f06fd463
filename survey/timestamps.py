"""Parse submission timestamps and interview dates as real exports write them.

Handled on purpose:
- Google Forms CSV downloads: ``2024/07/15 9:03:12 AM GMT+7``. ``GMT+7`` is
  read as UTC+7 (WIB). POSIX-style time-zone parsers (dateutil among them)
  invert that sign, so this module parses the offset itself.
- Sheets and Excel with Indonesian settings: ``15/07/2024 9:03:12`` or
  ``15/07/2024 09.03.12``; day first unless the source says ``date_order``.
- ISO dates (``2024-07-15``) are always year-month-day and never swapped.
- Excel serial numbers (``45488`` or ``45488,376``) for cells that lost their format.
- Impossible dates (31/02/2024) are reported, never corrected.
Times without an offset are taken in the survey's time zone: WIB (UTC+7)
unless ``survey.timezone`` names WITA (UTC+8) or WIT (UTC+9).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from survey.numbers import parse_number

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
INDONESIAN_ZONES = {
    "WIB": WIB,
    "WITA": dt.timezone(dt.timedelta(hours=8), "WITA"),
    "WIT": dt.timezone(dt.timedelta(hours=9), "WIT"),
}
ZONE_OFFSETS = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "z": 0}
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
EXCEL_SERIAL_RANGE = (20000, 80000)

# Reason codes.
INVALID_DATE = "invalid-date"

ZONE = re.compile(
    r"\s*(?:(?P<name>gmt|utc|wib|wita|wit|z)\s*)?(?P<offset>[+-]\d{1,2}(?::?\d{2})?)?\s*$", re.IGNORECASE
)
DATE = re.compile(r"^(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{1,4})")
TIME = re.compile(
    r"^[ T]+(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedTime:
    """A parsed timestamp (time-zone aware), or the reason it could not be parsed."""

    value: dt.datetime | None
    reason: str | None = None


def parse_timestamp(text: str, date_order: str = "DMY", local_zone: dt.timezone = WIB) -> ParsedTime:
    """Return the moment ``text`` writes.

    ``date_order`` (DMY, MDY or YMD) orders the fields of dates that do not start with a four-digit year.
    ``local_zone`` is the zone of times written without one.
    """
    text = text.strip()
    if not text:
        return ParsedTime(None)

    serial = parse_number(text, "," if "," in text else ".")
    if serial is not None:
        return parse_excel_serial(float(serial), local_zone)

    date_match = DATE.match(text)
    if not date_match:
        return ParsedTime(None, INVALID_DATE)
    date = build_date(date_match, date_order)
    if date is None:
        return ParsedTime(None, INVALID_DATE)

    rest = text[date_match.end():]
    time_match = TIME.match(rest)
    clock = dt.time(0, 0)
    if time_match:
        clock = build_time(time_match)
        if clock is None:
            return ParsedTime(None, INVALID_DATE)
        rest = rest[time_match.end():]

    zone = parse_zone(rest)
    if zone is False:
        return ParsedTime(None, INVALID_DATE)
    return ParsedTime(dt.datetime.combine(date, clock, tzinfo=zone or local_zone))


def build_date(match: re.Match, date_order: str) -> dt.date | None:
    """Return the date of a matched ``a/b/c`` text, or None when it is impossible."""
    a, b, c = match.group("a"), match.group("b"), match.group("c")
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif date_order == "YMD" and len(a) == 2 and len(c) <= 2:
        year, month, day = 2000 + int(a), int(b), int(c)
    elif len(c) in (2, 4) and len(a) <= 2:
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = (int(a), int(b)) if date_order != "MDY" else (int(b), int(a))
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def build_time(match: re.Match) -> dt.time | None:
    """Return the clock time of a matched time text, or None when it is impossible."""
    hour, minute, second = int(match.group("h")), int(match.group("m")), int(match.group("s") or 0)
    meridiem = (match.group("ampm") or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        return None


def parse_zone(rest: str) -> dt.timezone | None | bool:
    """Return the zone written after a time, None when none is written, False when unreadable.

    ``GMT+7`` and ``UTC+07:00`` mean seven hours ahead of UTC, as the text reads.
    """
    if not rest.strip():
        return None
    match = ZONE.fullmatch(rest)
    if not match or not (match.group("name") or match.group("offset")):
        return False

    hours = ZONE_OFFSETS.get((match.group("name") or "utc").lower(), 0)
    minutes = 0
    offset = match.group("offset")
    if offset:
        sign = -1 if offset.startswith("-") else 1
        digits = offset[1:].replace(":", "")
        hours = sign * int(digits[:-2] if len(digits) > 2 else digits)
        minutes = sign * int(digits[-2:]) if len(digits) > 2 else 0
    if not -14 <= hours <= 14:
        return False
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


def parse_excel_serial(serial: float, local_zone: dt.timezone = WIB) -> ParsedTime:
    """Return the moment of an Excel/Sheets serial day number, taken in ``local_zone``."""
    if not EXCEL_SERIAL_RANGE[0] <= serial <= EXCEL_SERIAL_RANGE[1]:
        return ParsedTime(None, INVALID_DATE)
    moment = EXCEL_EPOCH + dt.timedelta(days=serial)
    return ParsedTime(moment.replace(microsecond=0, tzinfo=local_zone))
