"""Read the keyings of a double data entry: rows indexed by form number, columns paired by title.

A keying is one typing of a batch of paper forms. Its rows are indexed by
form number, and the columns that hold the form number, the enumerator and
personal data are found by their titles, as ``survey.columns`` finds fields.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from smartcity_impact.errors import ReadError
from smartcity_impact.i18n import gettext as _
from survey.config import SourceConfig
from survey.fields import FIELD_TITLES, PERSONAL_FIELDS
from survey.readers import read_source
from survey.table import RawTable
from survey.text import normalize_text


@dataclass(frozen=True)
class Keying:
    """One keying as read: its table, the data rows of each form number and the columns with a role.

    Row indexes count the data rows of ``table`` from 0; ``table.row_numbers``
    turns them into spreadsheet rows.
    """

    table: RawTable
    form_position: int
    rows_by_form: dict[str, list[int]]
    blank_rows: tuple[int, ...]
    personal_positions: frozenset[int]
    enumerator_position: int | None

    def form_text(self, index: int) -> str:
        """Return the form number of data row ``index`` as typed, stripped."""
        return self.table.rows[index][self.form_position].strip()

    def personal_values(self, index: int) -> list[str]:
        """Return the non-blank personal values of data row ``index``, for redaction."""
        cells = self.table.rows[index]
        return [cells[p].strip() for p in sorted(self.personal_positions) if cells[p].strip()]


@dataclass(frozen=True)
class ColumnPair:
    """A column that both keyings have: its title as shown and its position in each file."""

    title: str
    first: int
    second: int


@dataclass(frozen=True)
class ColumnLayout:
    """The columns both keyings share (personal ones named), and the titles that only one keying has."""

    pairs: tuple[ColumnPair, ...]
    personal: frozenset[str]
    only_in_first: tuple[str, ...]
    only_in_second: tuple[str, ...]


def as_source(keying: SourceConfig | str | Path) -> SourceConfig:
    """Return ``keying`` as a source: a bare path becomes an offline paper-form source named after the file."""
    if isinstance(keying, SourceConfig):
        return keying
    path = Path(keying)
    return SourceConfig(name=path.stem, path=path, kind="paper_form", mode="offline")


def read_keying(source: SourceConfig, overrides: dict[str, str]) -> Keying:
    """Read one keying and index its rows by form number.

    ``overrides`` maps a field name (``form_number``, ``enumerator``, a
    personal field) to the exact title of its column, as a source's
    ``columns`` table does.

    Raises:
        ReadError: the file cannot be read, or has no form-number column.
    """
    table = read_source(source)
    form_position = find_form_column(table, overrides)

    rows_by_form: dict[str, list[int]] = {}
    blank_rows = []
    for index, cells in enumerate(table.rows):
        key = form_key(cells[form_position])
        if key:
            rows_by_form.setdefault(key, []).append(index)
        else:
            blank_rows.append(table.row_numbers[index])

    personal = {position for name in PERSONAL_FIELDS for position in field_positions(table, name, overrides)}
    enumerators = field_positions(table, "enumerator", overrides)
    return Keying(table, form_position, rows_by_form, tuple(blank_rows), frozenset(personal),
                  enumerators[0] if enumerators else None)


def form_key(text: str) -> str:
    """Return the key that pairs a form number across files: stripped, and without leading zeros if all digits."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return str(int(text))
    return text


def field_positions(table: RawTable, field_name: str, overrides: dict[str, str]) -> list[int]:
    """Return the positions of the columns of ``field_name``, by its title in ``overrides`` or its standard titles."""
    if field_name in overrides:
        titles = {normalize_text(overrides[field_name])}
    else:
        titles = {normalize_text(title) for title in FIELD_TITLES[field_name]}
    return [position for position, header in enumerate(table.headers) if normalize_text(header) in titles]


def find_form_column(table: RawTable, overrides: dict[str, str]) -> int:
    """Return the position of the form-number column, or raise ReadError naming the closest title if none."""
    positions = field_positions(table, "form_number", overrides)
    if positions:
        return positions[0]

    if "form_number" not in overrides:
        raise ReadError("form-column-missing", "No column contains the form number, so the keyings cannot be paired.",
                        hint="Title that column 'No. Formulir' or give its title with --form-column "
                             "(columns.form_number in survey.toml).", file=table.path, row=1)
    given_title = overrides["form_number"]
    close = difflib.get_close_matches(given_title, [header for header in table.headers if header], n=1, cutoff=0.5)
    if close:
        raise ReadError("form-column-not-found", "No column is titled '{value}'. Did you mean '{suggestion}'?",
                        hint="Give the exact title of the form-number column.", file=table.path, row=1,
                        value=given_title, suggestion=close[0])
    raise ReadError("form-column-not-found", "No column is titled '{value}'.",
                    hint="Give the exact title of the form-number column.", file=table.path, row=1,
                    value=given_title)


def pair_columns(first: Keying, second: Keying) -> ColumnLayout:
    """Pair the columns of both keyings by normalized title, and list the titles that only one keying has.

    The form-number columns are the key of the comparison, so they are left
    out even when their titles differ. A title that a file repeats is paired
    by occurrence: its second column in one file with its second column in the
    other. A column is personal when either file's column is.
    """
    first_keys = {position: key for position, key in enumerate(column_keys(first.table))
                  if position != first.form_position}
    second_keys = {position: key for position, key in enumerate(column_keys(second.table))
                   if position != second.form_position}
    second_positions = {key: position for position, key in second_keys.items()}
    first_set = set(first_keys.values())

    pairs = tuple(ColumnPair(column_title(first.table, position, key), position, second_positions[key])
                  for position, key in first_keys.items() if key in second_positions)
    personal = frozenset(pair.title for pair in pairs if pair.first in first.personal_positions
                         or pair.second in second.personal_positions)
    only_first = tuple(column_title(first.table, position, key) for position, key in first_keys.items()
                       if key not in second_positions)
    only_second = tuple(column_title(second.table, position, key) for position, key in second_keys.items()
                        if key not in first_set)
    return ColumnLayout(pairs, personal, only_first, only_second)


def column_keys(table: RawTable) -> list[tuple[str, int]]:
    """Return, per column, its normalized title and how many earlier columns have that title."""
    seen: Counter[str] = Counter()
    keys = []
    for header in table.headers:
        title = normalize_text(header)
        keys.append((title, seen[title]))
        seen[title] += 1
    return keys


def column_title(table: RawTable, position: int, key: tuple[str, int]) -> str:
    """Return a column's title as shown: the header, numbered when repeated, or its position when blank."""
    header = table.headers[position]
    if not header:
        return _("(untitled column {number})").format(number=position + 1)
    return f"{header} [{key[1] + 1}]" if key[1] else header
