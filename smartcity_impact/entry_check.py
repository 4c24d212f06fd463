"""The ``compare-entries`` command: compare two keyings of paper forms, print the outcome, write the disagreements."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aggregation.writers import write_csv
from smartcity_impact.i18n import format_decimal, format_integer
from smartcity_impact.i18n import gettext as _
from survey.double_entry import Agreement, Disagreement, EntryComparison, FormRows, compare_entries
from survey.exclusions import shown

COMPARISON_FILE = "perbandingan_entri.csv"
MAX_DISAGREEMENTS_SHOWN = 50
MAX_FORMS_SHOWN = 20


@dataclass(frozen=True)
class EntryCheck:
    """The comparison of two keyings and the CSV file its disagreements were written to."""

    comparison: EntryComparison
    output: Path


def check_entries(first: str | Path, second: str | Path, form_column: str | None = None,
                  out_dir: str | Path | None = None, csv_dialect: str = "standard") -> EntryCheck:
    """Compare two keyings and write one row per disagreement to ``perbandingan_entri.csv``.

    The file goes to ``out_dir``, by default the folder of ``first``.

    Raises:
        ReadError: a keying cannot be read or has no form-number column.
        OutputError: the file cannot be written.
    """
    comparison = compare_entries(Path(first), Path(second), form_column)
    output = (Path(out_dir) if out_dir else Path(first).parent) / COMPARISON_FILE
    write_csv(output, disagreement_header(), disagreement_rows(comparison), csv_dialect)
    return EntryCheck(comparison, output)


def disagreement_header() -> list[str]:
    """Return the column titles of the disagreements file in the active language."""
    return [_("form number"), _("column"), _("first file"), _("row in first file"), _("value in first file"),
            _("second file"), _("row in second file"), _("value in second file"), _("enumerator")]


def disagreement_rows(comparison: EntryComparison) -> list[list[Any]]:
    """Return one row per disagreement, with the withheld notice in place of withheld values."""
    rows = []
    for disagreement in comparison.disagreements:
        first_value, second_value = shown_values(disagreement)
        rows.append([shown(disagreement.form_number), disagreement.column, comparison.first.name,
                     disagreement.first_row, first_value, comparison.second.name, disagreement.second_row,
                     second_value, shown(disagreement.enumerator)])
    return rows


def shown_values(disagreement: Disagreement) -> tuple[str, str]:
    """Return both values of a disagreement for output: the withheld notice for both when they are withheld."""
    if disagreement.withheld:
        notice = _("[withheld: may contain personal data]")
        return notice, notice
    return disagreement.first_value or "", disagreement.second_value or ""


def print_entry_check(console: Console, check: EntryCheck, partial: bool = False) -> None:
    """Print the summary, the disagreements, the unmatched forms and columns, and the file written.

    With ``partial`` the forms only in the first keying are listed as not keyed
    a second time rather than as unmatched.
    """
    comparison = check.comparison
    print_summary(console, comparison)
    print_disagreements(console, comparison)
    print_unmatched_forms(console, comparison, partial)
    print_unmatched_columns(console, comparison)
    print_agreement_tables(console, comparison)

    console.print(_("Files written:"))
    console.print(f"  {check.output}", highlight=False, soft_wrap=True, markup=False)


def echo(console: Console, text: str, style: str | None = None) -> None:
    """Print one line as plain text, unwrapped, so that file names and values are not taken as markup."""
    console.print(text, highlight=False, soft_wrap=True, markup=False, style=style)


def print_summary(console: Console, comparison: EntryComparison) -> None:
    """Print the files, the form counts, the number of disagreements and the overall agreement rate."""
    echo(console, _("First keying: {file}, {count} forms. Second keying: {second_file}, {second_count} forms. "
                    "Form numbers in column '{column}'.").format(
        file=comparison.first.name, count=format_integer(comparison.first_forms), second_file=comparison.second.name,
        second_count=format_integer(comparison.second_forms), column=comparison.form_column))
    echo(console, _("Forms compared: {total}; matched: {matched}; only in the first keying: {first}; only in the "
                    "second keying: {second}.").format(
        total=format_integer(comparison.forms_total), matched=format_integer(comparison.matched),
        first=format_integer(len(comparison.only_in_first)), second=format_integer(len(comparison.only_in_second))))
    forms = len({disagreement.first_row for disagreement in comparison.disagreements})
    echo(console, _("Disagreements: {count} cells in {forms} forms.").format(
        count=format_integer(len(comparison.disagreements)), forms=format_integer(forms)))
    echo(console, agreement_sentence(comparison.overall), style="bold")


def agreement_sentence(agreement: Agreement) -> str:
    """Return "Agreement rate: 99.26% (536 of 540 filled cells)." in the active language."""
    if agreement.rate is None:
        return _("Agreement rate: not available, because no matched form has a filled cell.")
    return _("Agreement rate: {rate} ({agreed} of {compared} filled cells).").format(
        rate=percent(agreement.rate), agreed=format_integer(agreement.agreed),
        compared=format_integer(agreement.compared))


def percent(rate: float | None) -> str:
    """Return a share from 0 to 1 as a percentage with two decimals in the active locale, or "-"."""
    return "-" if rate is None else format_decimal(rate * 100) + "%"


def print_disagreements(console: Console, comparison: EntryComparison) -> None:
    """Print each disagreement with its form, column and both values, at most MAX_DISAGREEMENTS_SHOWN of them."""
    if not comparison.disagreements:
        return
    echo(console, _("Disagreements (form, column, first keying, second keying):"), style="yellow")
    for disagreement in comparison.disagreements[:MAX_DISAGREEMENTS_SHOWN]:
        first_value, second_value = shown_values(disagreement)
        if not disagreement.withheld:
            first_value, second_value = quoted(first_value), quoted(second_value)
        echo(console, "  " + _("Form {form}, column '{column}': {file} row {row} {value}, {second_file} row "
                               "{second_row} {second_value}").format(
            form=shown(disagreement.form_number), column=disagreement.column, file=comparison.first.name,
            row=disagreement.first_row, value=first_value, second_file=comparison.second.name,
            second_row=disagreement.second_row, second_value=second_value))
    hidden = len(comparison.disagreements) - MAX_DISAGREEMENTS_SHOWN
    if hidden > 0:
        echo(console, "  " + _("... and {count} more in {file}").format(count=format_integer(hidden),
                                                                        file=COMPARISON_FILE))


def quoted(value: str) -> str:
    """Return a value in quotes, or "(blank)" for an empty one."""
    return f"'{value}'" if value else _("(blank)")


def print_unmatched_forms(console: Console, comparison: EntryComparison, partial: bool) -> None:
    """Print the forms only in one keying, the repeated form numbers and the rows without one."""
    if comparison.only_in_second:
        echo(console, _("Only in the second keying ({count}): {forms}").format(
            count=format_integer(len(comparison.only_in_second)), forms=forms_with_rows(comparison.only_in_second)),
            style="yellow")
    if comparison.only_in_first and partial:
        echo(console, _("Forms not keyed a second time: {count}.").format(
            count=format_integer(len(comparison.only_in_first))))
    elif comparison.only_in_first:
        echo(console, _("Only in the first keying ({count}): {forms}").format(
            count=format_integer(len(comparison.only_in_first)), forms=forms_with_rows(comparison.only_in_first)),
            style="yellow")
    for form in comparison.repeated:
        echo(console, _("Form {form} is on rows {rows} of {file}, so it was not compared.").format(
            form=shown(form.form_number), rows=", ".join(str(row) for row in form.rows), file=form.file.name),
            style="yellow")
    for form in comparison.blank_form_numbers:
        echo(console, _("Rows {rows} of {file} have no form number, so they were not compared.").format(
            rows=", ".join(str(row) for row in form.rows), file=form.file.name), style="yellow")


def forms_with_rows(forms: tuple[FormRows, ...]) -> str:
    """Return "0104 (row 4), ..." for at most MAX_FORMS_SHOWN forms, then the count of the forms not listed."""
    parts = [_("{form} (row {row})").format(form=shown(form.form_number), row=form.rows[0])
             for form in forms[:MAX_FORMS_SHOWN]]
    if len(forms) > MAX_FORMS_SHOWN:
        parts.append(_("and {count} more").format(count=format_integer(len(forms) - MAX_FORMS_SHOWN)))
    return ", ".join(parts)


def print_unmatched_columns(console: Console, comparison: EntryComparison) -> None:
    """Print the columns only one keying has, suggesting the closest title of the other keying."""
    sides = ((comparison.columns_only_in_first, comparison.first, comparison.columns_only_in_second),
             (comparison.columns_only_in_second, comparison.second, comparison.columns_only_in_first))
    for columns, path, others in sides:
        for column in columns:
            line = _("Column '{column}' is only in {file}, so it was not compared.").format(column=column,
                                                                                           file=path.name)
            close = difflib.get_close_matches(column, list(others), n=1, cutoff=0.6)
            if close:
                line += " " + _("Did you mean '{suggestion}'?").format(suggestion=close[0])
            echo(console, line, style="yellow")


def print_agreement_tables(console: Console, comparison: EntryComparison) -> None:
    """Print the agreement of the columns with disagreements and, when known, of each enumerator."""
    columns = {title: agreement for title, agreement in comparison.by_column.items() if agreement.disagreed}
    if columns:
        console.print(agreement_table(_("Agreement per column with disagreements"), _("Column"), columns))
    if comparison.by_enumerator:
        enumerators = {shown(name) or _("(blank)"): agreement
                       for name, agreement in sorted(comparison.by_enumerator.items())}
        console.print(agreement_table(_("Agreement per enumerator"), _("Enumerator"), enumerators))


def agreement_table(title: str, label: str, agreements: dict[str, Agreement]) -> Table:
    """Return a table of filled cells compared, cells that differ and the agreement rate per row label."""
    table = Table(title=title)
    table.add_column(label)
    for heading in (_("Cells"), _("Different"), _("Agreement")):
        table.add_column(heading, justify="right", no_wrap=True)
    for name, agreement in agreements.items():
        # Text keeps a title or a withheld notice in brackets from being read as markup.
        table.add_row(Text(name), format_integer(agreement.compared), format_integer(agreement.disagreed),
                      percent(agreement.rate))
    return table
