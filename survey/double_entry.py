"""Double data entry verification: compare two keyings of the same paper forms, form by form and cell by cell.

Paper forms are typed twice by different keyers, as in CSPro's verification.
The rows of the two files are paired by form number, and every column that
both files have is compared cell by cell. A cell counts as agreeing when the
two texts are equal after surrounding whitespace is stripped. Case counts
(``Tanjung`` and ``tanjung`` disagree) because CSPro also compares the keyed
values exactly. Agreement rates count only the cells that at least one keying
filled, so the blank item columns of the other dimensions do not inflate them.

An EntryComparison carries no personal value. A disagreement in a personal
column (name, phone number, e-mail address, NIK, address, birth date) records
that the cells differ and withholds both values. Every other value copied
from a cell (a form number, an enumerator, the two values of a disagreement)
passes through ``survey.privacy.redact``, which replaces it with
``survey.privacy.WITHHELD`` when it could carry personal data.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from smartcity_impact.i18n import gettext as _
from survey.config import SourceConfig, SurveyConfig
from survey.keyings import ColumnLayout, Keying, as_source, pair_columns, read_keying
from survey.privacy import redact

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Agreement:
    """Cells compared and cells that agreed, over one column, one enumerator or the whole comparison.

    A cell is compared when at least one of the two keyings filled it.
    """

    compared: int
    agreed: int

    @property
    def disagreed(self) -> int:
        """Number of cells that differ."""
        return self.compared - self.agreed

    @property
    def rate(self) -> float | None:
        """Share of the compared cells that agreed, from 0 to 1, or None when no cell was compared."""
        return self.agreed / self.compared if self.compared else None


@dataclass(frozen=True)
class Disagreement:
    """One cell that the two keyings of a form typed differently.

    ``first_value`` and ``second_value`` are the stripped cell texts, or None
    for both when ``withheld``: the column is personal (``personal``) or a
    value could carry personal data. ``form_number`` is as the first keying
    typed it. ``enumerator`` is the form's enumerator as the first keying typed
    it (the second's when only that file has the column), None when neither
    file has that column.
    """

    form_number: str
    column: str
    first_row: int
    second_row: int
    first_value: str | None
    second_value: str | None
    withheld: bool
    personal: bool
    enumerator: str | None


@dataclass(frozen=True)
class FormRows:
    """A form number and the spreadsheet rows of one file that carry it ("" for rows without a form number)."""

    form_number: str
    file: Path
    rows: tuple[int, ...]


@dataclass(frozen=True)
class EntryComparison:
    """The result of comparing a first keying with a second keying.

    Attributes:
        source: name of the first keying's source (the file name without extension for a bare path).
        first, second: the two files compared.
        form_column: title of the form-number column in the first file.
        first_forms, second_forms: distinct form numbers in each file.
        forms_total: distinct form numbers in either file.
        matched: form numbers that each file carries on exactly one row; only these are compared.
        disagreements: every differing cell of the matched forms, in first-file row and column order.
        only_in_first, only_in_second: form numbers that the other file lacks, with their rows.
        repeated: form numbers on more than one row of one file, per file; they are not compared.
        blank_form_numbers: per file, the rows without a form number; they are not compared.
        columns_only_in_first, columns_only_in_second: column titles that the other file lacks.
        personal_columns: the compared columns whose values are withheld.
        by_column: agreement per compared column title, in first-file order.
        by_enumerator: agreement per enumerator ("" for a blank one); empty without an enumerator column.
        overall: agreement over every compared cell.
    """

    source: str
    first: Path
    second: Path
    form_column: str
    first_forms: int
    second_forms: int
    forms_total: int
    matched: int
    disagreements: tuple[Disagreement, ...]
    only_in_first: tuple[FormRows, ...]
    only_in_second: tuple[FormRows, ...]
    repeated: tuple[FormRows, ...]
    blank_form_numbers: tuple[FormRows, ...]
    columns_only_in_first: tuple[str, ...]
    columns_only_in_second: tuple[str, ...]
    personal_columns: tuple[str, ...]
    by_column: dict[str, Agreement]
    by_enumerator: dict[str, Agreement]
    overall: Agreement

    def keyings_agree(self, partial: bool = False) -> bool:
        """Return whether the keyings hold the same forms and columns, each form once, with equal cells.

        With ``partial`` the second keying is a sample of the forms, so forms
        only in the first file do not count against the agreement.
        """
        problems = (self.disagreements, self.only_in_second, self.repeated, self.blank_form_numbers,
                    self.columns_only_in_first, self.columns_only_in_second)
        if not partial:
            problems += (self.only_in_first,)
        return not any(problems)


def compare_entries(first: SourceConfig | str | Path, second: SourceConfig | str | Path,
                    form_column: str | None = None) -> EntryComparison:
    """Compare two keyings of the same paper forms, read with the toolkit's readers.

    ``first`` and ``second`` are sources or file paths (CSV, XLSX, SPSS or
    Stata). The form-number column is the one titled ``form_column`` when
    given, else the first column with a standard form-number title (such as
    ``No. Formulir``) or the title mapped to ``form_number`` in the first
    source's ``columns``. The ``columns`` table of the first source also names
    the enumerator and personal columns of both files.

    Form numbers are matched after surrounding whitespace is stripped. A form
    number of digits alone also loses its leading zeros, because Excel drops
    them from a number cell (``0007`` and ``7`` are the same form).

    NOTE: other cells are compared as the readers return them, so a workbook
    date cell (``2024-07-05 00:00:00``) or a phone number typed as a number
    (``81234560001``) disagrees with the same value typed as text in a CSV keying.

    Raises:
        ReadError: a file cannot be read, or has no form-number column.
    """
    first_source, second_source = as_source(first), as_source(second)
    overrides = dict(first_source.columns)
    if form_column:
        overrides["form_number"] = form_column
    first_keying = read_keying(first_source, overrides)
    second_keying = read_keying(second_source, overrides)

    layout = pair_columns(first_keying, second_keying)
    logger.info(_("%s and %s: %d columns compared, form numbers in column '%s'"), first_source.path.name,
                second_source.path.name, len(layout.pairs), first_keying.table.headers[first_keying.form_position])

    tally = compare_matched_forms(first_keying, second_keying, layout)
    return build_comparison(first_source.name, first_keying, second_keying, layout, tally)


def compare_source_entries(config: SurveyConfig) -> list[EntryComparison]:
    """Compare each source that has a ``second_entry`` in survey.toml with that second keying, in source order.

    The second keying is read with its source's settings (encoding, delimiter,
    decimal mark, worksheet, columns).

    Raises:
        ReadError: a source file or second keying cannot be read, or has no form-number column.
    """
    comparisons = []
    for source in config.sources:
        second_path = config.second_entries.get(source.name)
        if second_path is None:
            continue
        second = dataclasses.replace(source, name=f"{source.name}-second-entry", path=second_path)
        comparisons.append(compare_entries(source, second))
    return comparisons


@dataclass
class Tally:
    """Counts and disagreements gathered while the matched forms are compared."""

    matched: int = 0
    disagreements: list[Disagreement] = dataclasses.field(default_factory=list)
    compared: Counter[str] = dataclasses.field(default_factory=Counter)
    agreed: Counter[str] = dataclasses.field(default_factory=Counter)
    enumerator_compared: Counter[str] = dataclasses.field(default_factory=Counter)
    enumerator_agreed: Counter[str] = dataclasses.field(default_factory=Counter)


def compare_matched_forms(first: Keying, second: Keying, layout: ColumnLayout) -> Tally:
    """Compare every column pair of each form that both keyings carry exactly once, in first-file row order."""
    tally = Tally()
    matched = [(rows[0], second.rows_by_form[key][0]) for key, rows in first.rows_by_form.items()
               if len(rows) == 1 and len(second.rows_by_form.get(key, ())) == 1]

    for first_index, second_index in sorted(matched):
        tally.matched += 1
        personal_values = first.personal_values(first_index) + second.personal_values(second_index)
        enumerator = form_enumerator(first, second, first_index, second_index, personal_values)
        for pair in layout.pairs:
            first_value = first.table.rows[first_index][pair.first].strip()
            second_value = second.table.rows[second_index][pair.second].strip()
            if not first_value and not second_value:
                continue
            agreed = first_value == second_value
            tally.compared[pair.title] += 1
            tally.agreed[pair.title] += agreed
            if enumerator is not None:
                tally.enumerator_compared[enumerator] += 1
                tally.enumerator_agreed[enumerator] += agreed
            if agreed:
                continue

            shown_first, shown_second = redact(first_value, personal_values), redact(second_value, personal_values)
            is_personal = pair.title in layout.personal
            withheld = is_personal or first_value != shown_first or second_value != shown_second
            tally.disagreements.append(Disagreement(
                form_number=redact(first.form_text(first_index), personal_values),
                column=pair.title,
                first_row=first.table.row_numbers[first_index],
                second_row=second.table.row_numbers[second_index],
                first_value=None if withheld else first_value,
                second_value=None if withheld else second_value,
                withheld=withheld,
                personal=is_personal,
                enumerator=enumerator,
            ))
    return tally


def form_enumerator(first: Keying, second: Keying, first_index: int, second_index: int,
                    personal_values: list[str]) -> str | None:
    """Return the enumerator of a matched form: the first keying's, else the second's, None without that column."""
    if first.enumerator_position is not None:
        text = first.table.rows[first_index][first.enumerator_position].strip()
    elif second.enumerator_position is not None:
        text = second.table.rows[second_index][second.enumerator_position].strip()
    else:
        return None
    return redact(text, personal_values) or ""


def build_comparison(source: str, first: Keying, second: Keying, layout: ColumnLayout,
                     tally: Tally) -> EntryComparison:
    """Assemble the EntryComparison of two keyings from their column layout and the tally of their matched forms."""
    first_keys, second_keys = set(first.rows_by_form), set(second.rows_by_form)
    by_column = {pair.title: Agreement(tally.compared[pair.title], tally.agreed[pair.title]) for pair in layout.pairs}
    by_enumerator = {name: Agreement(tally.enumerator_compared[name], tally.enumerator_agreed[name])
                     for name in tally.enumerator_compared}
    overall = Agreement(sum(tally.compared.values()), sum(tally.agreed.values()))

    return EntryComparison(
        source=source,
        first=first.table.path,
        second=second.table.path,
        form_column=first.table.headers[first.form_position],
        first_forms=len(first_keys),
        second_forms=len(second_keys),
        forms_total=len(first_keys | second_keys),
        matched=tally.matched,
        disagreements=tuple(tally.disagreements),
        only_in_first=forms_lacking(first, second_keys),
        only_in_second=forms_lacking(second, first_keys),
        repeated=repeated_forms(first) + repeated_forms(second),
        blank_form_numbers=blank_forms(first) + blank_forms(second),
        columns_only_in_first=layout.only_in_first,
        columns_only_in_second=layout.only_in_second,
        personal_columns=tuple(pair.title for pair in layout.pairs if pair.title in layout.personal),
        by_column=by_column,
        by_enumerator=by_enumerator,
        overall=overall,
    )


def forms_lacking(keying: Keying, other_keys: set[str]) -> tuple[FormRows, ...]:
    """Return the form numbers of ``keying`` that the other file lacks, in row order."""
    return tuple(form_rows(keying, rows) for key, rows in keying.rows_by_form.items() if key not in other_keys)


def repeated_forms(keying: Keying) -> tuple[FormRows, ...]:
    """Return the form numbers that ``keying`` carries on more than one row."""
    return tuple(form_rows(keying, rows) for rows in keying.rows_by_form.values() if len(rows) > 1)


def blank_forms(keying: Keying) -> tuple[FormRows, ...]:
    """Return the rows of ``keying`` without a form number, as one FormRows, or nothing."""
    return (FormRows("", keying.table.path, keying.blank_rows),) if keying.blank_rows else ()


def form_rows(keying: Keying, indexes: list[int]) -> FormRows:
    """Return a form number as typed on its first row (redacted) with the spreadsheet rows of ``indexes``."""
    first = indexes[0]
    return FormRows(redact(keying.form_text(first), keying.personal_values(first)), keying.table.path,
                    tuple(keying.table.row_numbers[index] for index in indexes))
