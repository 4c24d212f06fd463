"""The response table for assessors who analyse in SPSS, Stata or a spreadsheet.

One row per response, valid or excluded, with its provenance, status, reason
codes and one column per item (``Q50`` ... ``Q103``) holding the scale point
or missing. No personal data is written: names, phone numbers, e-mail
addresses, NIK and addresses have no column, and the respondent is named by a
pseudonym only. The enumerator and form number are withheld by the same rule
as in the list of excluded responses.

Variable names are the same in every format and every language, so that
analysis scripts keep working: SPSS and Stata need names without spaces. The
.sav and .dta files carry variable labels (the item statement for item
columns) and value labels (the scale labels of the instrument, and the mode
and status, which are coded as numbers there).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import pyreadstat

from aggregation.writers import EXCHANGE_FORMATS, write_atomically, write_csv, write_file_atomically, write_xlsx
from smartcity_impact.errors import OutputError
from smartcity_impact.i18n import gettext as _
from survey.collection import Collection
from survey.exclusions import shown
from survey.instrument import Instrument

logger = logging.getLogger(__name__)

RESPONSES_FILE_STEM = "responses"
PROVENANCE_COLUMNS = ("response_id", "respondent", "source", "file", "row", "mode", "enumerator", "form_number",
                      "timestamp", "dimension", "cell", "status", "reasons")
VALID, EXCLUDED = "valid", "excluded"
# Numeric codes of the text columns that .sav and .dta files store with value labels.
MODE_CODES = {"online": 1, "offline": 2}
STATUS_CODES = {VALID: 1, EXCLUDED: 0}
STATA_LABEL_LENGTH = 80


def response_table(collection: Collection, instrument: Instrument) -> pd.DataFrame:
    """Return one row per response of ``collection`` in source and row order, items as nullable integers.

    ``respondent`` is the pseudonym of the phone number, else the e-mail address,
    else the NIK, as in the list of excluded responses. The timestamp is ISO 8601
    text with its UTC offset (WIB unless the source gave another), and
    ``reasons`` lists the exclusion codes separated by ``;``.
    """
    item_codes = [item.code for item in instrument.items]
    records = []
    for assessment in collection.assessments:
        response = assessment.response
        records.append([
            response.response_id,
            response.respondent_key,
            response.source,
            response.file,
            response.row,
            response.mode,
            shown(response.enumerator),
            shown(response.form_number),
            response.submitted_at.isoformat() if response.submitted_at else None,
            assessment.dimension,
            assessment.cell,
            VALID if assessment.valid else EXCLUDED,
            ";".join(problem.code for problem in assessment.reasons),
            *(response.answers.get(item.number) for item in instrument.items),
        ])

    # Explicit types keep the Parquet schema the same when a column is empty, such as the enumerator of
    # a survey collected online only.
    table = pd.DataFrame.from_records(records, columns=[*PROVENANCE_COLUMNS, *item_codes])
    for name in PROVENANCE_COLUMNS:
        table[name] = table[name].astype("int64" if name == "row" else "string")
    for code in item_codes:
        table[code] = table[code].astype("Int64")
    return table


def write_responses(table: pd.DataFrame, instrument: Instrument, out_dir: Path,
                    formats: tuple[str, ...] = EXCHANGE_FORMATS) -> list[Path]:
    """Write ``table`` as ``responses.<format>`` into ``out_dir`` for each of ``formats``, each file atomically.

    Raises:
        OutputError: a file cannot be written.
    """
    writers = {"csv": write_responses_csv, "xlsx": write_responses_xlsx, "parquet": write_responses_parquet,
               "sav": write_responses_sav, "dta": write_responses_dta}
    paths = []
    for name in formats:
        path = out_dir / f"{RESPONSES_FILE_STEM}.{name}"
        writers[name](path, table, instrument)
        paths.append(path)
    return paths


def write_responses_csv(path: Path, table: pd.DataFrame, instrument: Instrument) -> None:
    """Write the table as UTF-8 CSV, comma-separated, missing cells blank."""
    write_csv(path, list(table.columns), python_rows(table))


def write_responses_xlsx(path: Path, table: pd.DataFrame, instrument: Instrument) -> None:
    """Write the table as one worksheet with a bold, frozen header."""
    write_xlsx(path, _("Responses"), list(table.columns), python_rows(table))


def write_responses_parquet(path: Path, table: pd.DataFrame, instrument: Instrument) -> None:
    """Write the table as Parquet with pyarrow; pandas reads the same column types back."""
    buffer = io.BytesIO()
    table.to_parquet(buffer, engine="pyarrow", index=False)
    write_atomically(path, buffer.getvalue())


def write_responses_sav(path: Path, table: pd.DataFrame, instrument: Instrument) -> None:
    """Write the table as an SPSS .sav file with variable labels, value labels and measurement levels."""
    item_codes = [item.code for item in instrument.items]
    measures = {code: "ordinal" for code in item_codes} | {"mode": "nominal", "status": "nominal"}
    # Whole numbers display without SPSS's default two decimals.
    formats = {code: "F1.0" for code in (*item_codes, "mode", "status")} | {"row": "F8.0"}

    def write(temporary: Path) -> None:
        pyreadstat.write_sav(coded_table(table), temporary, column_labels=variable_labels(table, instrument),
                             variable_value_labels=value_labels(instrument), variable_measure=measures,
                             variable_format=formats)

    write_statistics_file(path, write)


def write_responses_dta(path: Path, table: pd.DataFrame, instrument: Instrument) -> None:
    """Write the table as a Stata .dta file; labels are cut to Stata's 80 characters."""
    labels = {name: label[:STATA_LABEL_LENGTH] for name, label in variable_labels(table, instrument).items()}

    def write(temporary: Path) -> None:
        pyreadstat.write_dta(coded_table(table), temporary, column_labels=labels,
                             variable_value_labels=value_labels(instrument))

    write_statistics_file(path, write)


def write_statistics_file(path: Path, write: Callable[[Path], None]) -> None:
    """Write a .sav or .dta file atomically, turning a pyreadstat failure into an OutputError."""
    def write_or_raise(temporary: Path) -> None:
        try:
            write(temporary)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as err:
            raise OutputError("output-not-writable", "The file cannot be written: {reason}.",
                              hint="Choose another folder with --out.", file=path, reason=str(err)) from err

    write_file_atomically(path, write_or_raise)


def python_rows(table: pd.DataFrame) -> list[list[Any]]:
    """Return the rows of ``table`` as lists of Python values, missing cells as None."""
    return [[None if pd.isna(value) else value for value in row] for row in table.astype(object).to_numpy().tolist()]


def coded_table(table: pd.DataFrame) -> pd.DataFrame:
    """Return ``table`` with mode and status as the numeric codes that the value labels name."""
    coded = table.copy()
    coded["mode"] = coded["mode"].map(MODE_CODES).astype("Int64")
    coded["status"] = coded["status"].map(STATUS_CODES).astype("Int64")
    return coded


def variable_labels(table: pd.DataFrame, instrument: Instrument) -> dict[str, str]:
    """Return the label of every column of ``table``: a description, or the item statement for item columns."""
    labels = {
        "response_id": _("Response id: source and row"),
        "respondent": _("Respondent pseudonym"),
        "source": _("Source name in survey.toml"),
        "file": _("Source file"),
        "row": _("Row in the source file"),
        "mode": _("Collection mode"),
        "enumerator": _("Enumerator"),
        "form_number": _("Paper form number"),
        "timestamp": _("Submission time, ISO 8601 with UTC offset"),
        "dimension": _("Dimension of the items answered"),
        "cell": _("Quota cell"),
        "status": _("Status: valid or excluded"),
        "reasons": _("Reason codes of the exclusion, separated by ;"),
    }
    labels.update({item.code: item.statement for item in instrument.items})
    return {name: labels[name] for name in table.columns}


def value_labels(instrument: Instrument) -> dict[str, dict[int, str]]:
    """Return the value labels of the item, mode and status columns.

    An item's labels are the first label of each scale point in the instrument,
    such as 4 = Sangat Setuju.
    """
    scale_labels: dict[int, str] = {}
    for label, value in instrument.scale.labels.items():
        scale_labels.setdefault(value, label)
    scale_labels = dict(sorted(scale_labels.items()))

    labels: dict[str, dict[int, str]] = {item.code: scale_labels for item in instrument.items}
    labels["mode"] = {MODE_CODES["online"]: _("online"), MODE_CODES["offline"]: _("offline")}
    labels["status"] = {STATUS_CODES[VALID]: _("valid"), STATUS_CODES[EXCLUDED]: _("excluded")}
    return labels
