"""Turn the rows of a RawTable into Response records: answers on the scale, times, routing and keys.

Nothing is dropped here: every non-blank row becomes a Response, and what is
wrong with it is recorded as Problems for the checks to act on. Personal data
(names, phone numbers, e-mail addresses, NIK, addresses) is replaced by keyed
pseudonyms as each row is read; only the redaction of copied cell values sees
the raw values.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache

from smartcity_impact.i18n import gettext as _
from survey.answers import normalize_answer
from survey.columns import ColumnMap
from survey.eligibility import (NO_ANSWER, SCREENING_CODES, UNREADABLE, YES_ANSWER, age_in_years,
                                 screening_answer)
from survey.config import SourceConfig
from survey.fields import PERSONAL_FIELDS
from survey.instrument import Instrument
from survey.privacy import redact
from survey.pseudonyms import Pseudonymizer, ephemeral_pseudonymizer
from survey.responses import Problem, Response
from survey.table import RawTable
from survey.text import fold_text, normalize_text, words_of
from survey.timestamps import INDONESIAN_ZONES, parse_timestamp

logger = logging.getLogger(__name__)

PHONE_DIGITS = re.compile(r"\D")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 13
NIK_DIGITS = 16
DETAIL_FIELDS = ("age", "gender", "sub_district", "village", "occupation", "education", "resident",
                 "programme_user", "consent")
MERGED_ROW_DELIMITERS = 3
SCREENING_FIELDS = tuple(SCREENING_CODES)
YEAR_LAST_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")


def normalize_table(table: RawTable, column_map: ColumnMap, source: SourceConfig, instrument: Instrument,
                    pseudonymizer: Pseudonymizer | None = None) -> list[Response]:
    """Return one Response per non-blank row of ``table``, in file order.

    ``pseudonymizer`` keys the pseudonyms of personal fields; without one, the
    process's ephemeral pseudonymizer is used, whose pseudonyms change between runs.
    """
    pseudonymizer = pseudonymizer or ephemeral_pseudonymizer()
    date_order = source.date_order or detect_date_order(table, column_map)
    responses = [normalize_row(table, column_map, source, instrument, index, date_order, pseudonymizer)
                 for index in range(len(table.rows))]
    logger.info(_("%s: %d responses normalized, %d blank rows skipped"), table.path.name, len(responses),
                len(table.blank_rows))
    return responses


def normalize_row(table: RawTable, column_map: ColumnMap, source: SourceConfig, instrument: Instrument,
                  index: int, date_order: str = "DMY", pseudonymizer: Pseudonymizer | None = None) -> Response:
    """Return the Response of row ``index`` of ``table``, with pseudonyms in place of personal data."""
    pseudonymizer = pseudonymizer or ephemeral_pseudonymizer()
    cells = table.rows[index]
    row_number = table.row_numbers[index]
    problems: list[Problem] = []

    answers, dont_know, touched = read_answers(table, column_map, instrument, cells, problems)
    submitted_at = read_submission_time(table, column_map, date_order, INDONESIAN_ZONES[source.time_zone], cells,
                                        problems)
    declared = read_declared_dimension(table, column_map, instrument, cells, problems)
    problems.extend(read_row_shape(table, column_map, cells, row_number))
    check_contact_keys(table, column_map, cells, problems)

    # The raw personal values are used only here, to withhold copied cells that contain them.
    personal = {name: value for name in PERSONAL_FIELDS if (value := field_value(column_map, cells, name))}
    personal_values = list(personal.values())
    problems = [Problem(p.code, p.column, redact(p.value, personal_values)) for p in problems]
    pseudonyms = pseudonymize(personal, pseudonymizer)
    person = person_identity(personal, field_value(column_map, cells, "sub_district"))
    if person:
        pseudonyms["person"] = pseudonymizer.pseudonym("person", person)

    return Response(
        response_id=f"{source.name}:{row_number}",
        source=source.name,
        file=table.path.name,
        row=row_number,
        mode=source.mode,
        enumerator=redact(field_value(column_map, cells, "enumerator"), personal_values),
        form_number=redact(field_value(column_map, cells, "form_number"), personal_values),
        submitted_at=submitted_at,
        declared_dimension=declared,
        answers=answers,
        dont_know=frozenset(dont_know),
        touched_items=frozenset(touched),
        problems=tuple(problems),
        content_key=content_key(column_map, cells, pseudonymizer),
        phone_key=pseudonyms.get("phone"),
        email_key=pseudonyms.get("email"),
        nik_key=pseudonyms.get("nik"),
        person_key=pseudonyms.get("person"),
        pseudonyms=pseudonyms,
        details=screened_details({name: field_value(column_map, cells, name) or "" for name in DETAIL_FIELDS
                                  if name in column_map.fields}),
    )


def screened_details(details: dict[str, str]) -> dict[str, str]:
    """Return ``details`` with the screening answers and the age in canonical form.

    Screening answers become ``yes``, ``no``, ``""`` (blank) or ``unreadable``;
    the age becomes its number of years, ``""`` or ``unreadable``. Only these
    forms are kept, because a shifted or merged row can put another
    respondent's name into these cells.
    """
    canonical = dict(details)
    for name in SCREENING_FIELDS:
        if name in canonical:
            answer = screening_answer(canonical[name])
            text = canonical[name].strip()
            canonical[name] = "" if not text else {True: YES_ANSWER, False: NO_ANSWER}.get(answer, UNREADABLE)
    if canonical.get("age", "").strip():
        canonical["age"] = age_in_years(canonical["age"]) or UNREADABLE
    return canonical


def read_row_shape(table: RawTable, column_map: ColumnMap, cells: list[str], row_number: int) -> list[Problem]:
    """Return problems with the shape of a row: surplus cells (a shifted row) or a whole row in one cell."""
    if row_number in table.extra_cells:
        return [Problem("extra-cells", None, str(len(table.extra_cells[row_number])))]

    item_positions = {position for positions in column_map.items.values() for position in positions}
    filled = [position for position, cell in enumerate(cells) if cell.strip()]
    if len(filled) == 1 and filled[0] not in item_positions:
        text = cells[filled[0]]
        if any(text.count(delimiter) >= MERGED_ROW_DELIMITERS for delimiter in (";", ",", "\t")):
            return [Problem("row-in-one-cell", table.headers[filled[0]], None)]
    return []


def check_contact_keys(table: RawTable, column_map: ColumnMap, cells: list[str], problems: list[Problem]) -> None:
    """Flag a phone number or NIK that cannot be normalized, because a duplicate respondent may then go unseen.

    Excel turns long numbers into 6,28139E+12, and placeholders such as
    0000000000000000 stand in for an NIK a respondent did not give.
    """
    for name, normalize, code in (("phone", normalize_phone, "invalid-phone"), ("nik", normalize_nik, "invalid-nik")):
        text = field_value(column_map, cells, name)
        if text and normalize(text) is None:
            problems.append(Problem(code, table.headers[column_map.fields[name][0]], None))


def detect_date_order(table: RawTable, column_map: ColumnMap) -> str:
    """Return DMY or MDY for the dates of ``table`` whose year comes last, from the dates themselves.

    A first number above 12 proves day-first and a second number above 12
    proves month-first (as Google Sheets writes with English US settings).
    Day-first wins when the file proves both or neither. A warning is logged
    when the dates could be read either way.
    """
    day_first = month_first = ambiguous = False
    for name in ("timestamp", "interview_date"):
        for position in column_map.fields.get(name, [])[:1]:
            for cells in table.rows:
                match = YEAR_LAST_DATE.match(cells[position].strip())
                if not match:
                    continue
                first, second = int(match.group(1)), int(match.group(2))
                day_first |= first > 12
                month_first |= second > 12
                ambiguous |= first != second and first <= 12 and second <= 12

    if month_first and not day_first:
        logger.warning(_("%s: dates are month-first (such as 7/13/2025), so they are read as month/day/year; set "
                         "date_order in survey.toml to change it"), table.path.name)
        return "MDY"
    if ambiguous and not day_first:
        logger.warning(_("%s: dates could be day/month or month/day; they are read as day/month/year. Set "
                         "date_order = \"MDY\" in survey.toml if they are month-first"), table.path.name)
    return "DMY"


def field_value(column_map: ColumnMap, cells: list[str], name: str) -> str | None:
    """Return the stripped text of field ``name`` from its first column, or None when absent or blank."""
    positions = column_map.fields.get(name)
    if not positions:
        return None
    value = cells[positions[0]].strip()
    return value or None


def read_answers(table: RawTable, column_map: ColumnMap, instrument: Instrument, cells: list[str],
                 problems: list[Problem]) -> tuple[dict[int, int], set[int], set[int]]:
    """Return the answers, the "don't know" items and every item with a non-blank cell of one row."""
    answers: dict[int, int] = {}
    dont_know: set[int] = set()
    touched: set[int] = set()

    for number, positions in column_map.items.items():
        given = []
        for position in positions:
            cell = cells[position]
            if not cell.strip():
                continue
            touched.add(number)
            answer = normalize_answer(cell, instrument.scale, table.decimal)
            if answer.reason:
                problems.append(Problem(answer.reason, table.headers[position], cell))
            elif answer.dont_know:
                dont_know.add(number)
            else:
                given.append((position, answer.value))

        values = {value for _, value in given}
        if len(values) > 1:
            columns = ", ".join(table.headers[position] for position, _ in given)
            problems.append(Problem("conflicting-answers", columns, " / ".join(str(v) for _, v in given)))
        elif values:
            answers[number] = values.pop()
            dont_know.discard(number)
    return answers, dont_know, touched


def read_submission_time(table: RawTable, column_map: ColumnMap, date_order: str, local_zone: dt.timezone,
                         cells: list[str], problems: list[Problem]) -> dt.datetime | None:
    """Return the submission time (timestamp, else interview date); record an impossible one as a Problem.

    Times written without a zone are in ``local_zone``, the survey's time zone.
    """
    for name in ("timestamp", "interview_date"):
        positions = column_map.fields.get(name)
        if not positions:
            continue
        text = cells[positions[0]]
        parsed = parse_timestamp(text, date_order, local_zone)
        if parsed.reason:
            problems.append(Problem(parsed.reason, table.headers[positions[0]], text))
            continue
        if parsed.value is not None:
            return parsed.value
    return None


def read_declared_dimension(table: RawTable, column_map: ColumnMap, instrument: Instrument, cells: list[str],
                            problems: list[Problem]) -> str | None:
    """Return the dimension code the routing answer names, or None; record an unreadable one."""
    text = field_value(column_map, cells, "dimension")
    if text is None:
        return None
    dimension = match_dimension(text, instrument)
    if dimension is None:
        problems.append(Problem("unreadable-dimension", table.headers[column_map.fields["dimension"][0]], text))
    return dimension


@lru_cache(maxsize=1024)
def match_dimension(text: str, instrument: Instrument) -> str | None:
    """Return the code of the dimension ``text`` names by code, order number, name or alias."""
    key = normalize_text(text)
    if key.isdigit() and 1 <= int(key) <= len(instrument.dimensions):
        return instrument.dimensions[int(key) - 1].code

    exact = [d.code for d in instrument.dimensions if key in {normalize_text(a) for a in (d.code, d.name, *d.aliases)}]
    if len(exact) == 1:
        return exact[0]

    padded = f" {words_of(text)} "
    found = {d.code for d in instrument.dimensions
             for alias in (d.name, *d.aliases) if f" {words_of(alias)} " in padded}
    by_name = {d.code for d in instrument.dimensions if f" {words_of(d.name)} " in padded}
    if len(by_name) == 1:
        return by_name.pop()
    if len(found) == 1:
        return found.pop()
    return None


def content_key(column_map: ColumnMap, cells: list[str], pseudonymizer: Pseudonymizer | None = None) -> str:
    """Return a keyed hash of every cell except the timestamp, equal for exact duplicate submissions.

    Cells are compared after ``fold_text``, so case and spacing do not hide a
    duplicate. The row contains personal data, so the hash is keyed like the
    pseudonyms and the folded cells are not cached.
    """
    pseudonymizer = pseudonymizer or ephemeral_pseudonymizer()
    skipped = set(column_map.fields.get("timestamp", []))
    content = "\x1f".join(fold_text(cell) for position, cell in enumerate(cells) if position not in skipped)
    return pseudonymizer.pseudonym("content", content)


def pseudonymize(personal: dict[str, str], pseudonymizer: Pseudonymizer) -> dict[str, str]:
    """Return the pseudonym of each personal value by field name, leaving out values that cannot be normalized.

    Phone numbers, e-mail addresses and NIK are normalized first, so that
    ``0812-3456-7890`` and ``+62 812 3456 7890`` get one pseudonym.
    """
    normalizers = {"name": fold_text, "phone": normalize_phone, "email": normalize_email, "nik": normalize_nik,
                   "address": fold_text, "birth_date": normalize_birth_date}
    pseudonyms = {}
    for name, value in personal.items():
        normalized = normalizers[name](value)
        if normalized:
            pseudonyms[name] = pseudonymizer.pseudonym(name, normalized)
    return pseudonyms


def person_identity(personal: dict[str, str], sub_district: str | None) -> str | None:
    """Return "name|birth date|sub-district", normalized, or None when one of the three is missing or unreadable."""
    name = fold_text(personal.get("name", ""))
    birth_date = normalize_birth_date(personal.get("birth_date"))
    place = fold_text(sub_district or "")
    if not (name and birth_date and place):
        return None
    return f"{name}|{birth_date}|{place}"


def normalize_birth_date(text: str | None) -> str | None:
    """Return a birth date written day first (31/12/1980, 31-12-1980) or as 1980-12-31 in ISO form, else None."""
    if not text:
        return None
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text)
    day_first = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if day_first:
            return dt.date(int(day_first[3]), int(day_first[2]), int(day_first[1])).isoformat()
    except ValueError:
        return None
    return None


def normalize_phone(text: str | None) -> str | None:
    """Return an Indonesian phone number as its national digits (0812..., +62 812..., 62812... are one number)."""
    if not text:
        return None
    digits = PHONE_DIGITS.sub("", text)
    if digits.startswith("62"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
        return None
    return digits


def normalize_email(text: str | None) -> str | None:
    """Return an e-mail address trimmed and case-folded, or None when it has no ``@``."""
    if not text or "@" not in text:
        return None
    return text.strip().casefold()


def normalize_nik(text: str | None) -> str | None:
    """Return the 16 digits of an NIK (spaces, dots and dashes dropped), or None when it has no 16 digits.

    An NIK starts with a province code of 11 or more, so a leading zero marks a
    placeholder such as 0000000000000000, which must not make all its rows one respondent.
    """
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) != NIK_DIGITS or digits.startswith("0"):
        return None
    return digits
