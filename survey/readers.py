"""Readers that turn a source file (CSV, XLSX, SPSS or Stata) into a RawTable of text cells.

Nothing is interpreted here: numbers, dates and answers stay text so that
a later step parses them with the source's own conventions. The readers
handle the traps of real exports on purpose: a UTF-8 byte order mark glued to
the first header, Windows-1252 files from Excel, UTF-16 "Unicode text"
exports, ``;`` files from Excel with Indonesian regional settings, leading
zeros in phone numbers and codes, and workbook cells typed as numbers or dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import math
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from smartcity_impact.errors import ReadError
from smartcity_impact.i18n import gettext as _
from survey.columns import CODE_TITLE
from survey.source_config import FETCHED_KINDS, SourceConfig
from survey.table import RawTable
from survey.text import normalize_text

logger = logging.getLogger(__name__)

DELIMITER_CANDIDATES = (";", ",", "\t")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
BOM_MARKS = ("\ufeff", "ï»¿")
STATISTICS_FORMATS = {".sav": "SPSS", ".zsav": "SPSS", ".dta": "Stata"}


def read_source(source: SourceConfig) -> RawTable:
    """Read the file of ``source`` by its extension, or fetch its Google Sheet.

    Raises:
        ReadError: the file is missing, empty, not decodable, has a single
            column (a wrong delimiter) or is a workbook, SPSS or Stata file
            that cannot be opened.
        SheetError: the Google Sheet cannot be fetched.
    """
    if source.kind in FETCHED_KINDS:
        # Imported here so that surveys of files alone never load gspread and google-auth.
        from survey.sheets import read_sheet_table

        return read_sheet_table(source)

    path = source.path
    if not path.exists():
        if "\\" in str(path):
            raise ReadError("file-not-found", "File not found.",
                            hint="Check 'path' of this source in survey.toml, and write its folders with / instead "
                                 "of \\.", file=path)
        raise ReadError("file-not-found", "File not found.", hint="Check 'path' of this source in survey.toml.",
                        file=path)

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = read_xlsx_table(path, source.sheet, source.decimal or ".")
    elif suffix == ".xls":
        raise ReadError("xls-unsupported", "Old Excel 97-2003 workbooks (.xls) cannot be read.",
                        hint="Open the file in Excel and save it as .xlsx or CSV.", file=path)
    elif suffix in STATISTICS_FORMATS:
        table = read_statistics_table(path, source)
    else:
        table = read_csv_table(path, source.encoding, source.delimiter)

    if source.decimal:
        table.decimal = source.decimal
    if not table.rows:
        logger.warning(_("%s has a header but no responses"), path.name)
    logger.info(_("%s: %d rows read (encoding %s, delimiter %r)"), path.name, len(table.rows), table.encoding,
                table.delimiter)
    return table


def read_csv_table(path: Path, encoding: str | None = None, delimiter: str | None = None) -> RawTable:
    """Read a CSV file into text cells, detecting encoding and delimiter unless given."""
    data = path.read_bytes()
    check_not_binary(path, data)
    text, used_encoding = decode_text(path, data, encoding)
    if not text.strip():
        raise empty_file_error(path)

    used_delimiter = delimiter or detect_delimiter(path, text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=used_delimiter))
    header_index = next((i for i, record in enumerate(records) if any(cell.strip() for cell in record)), None)
    if header_index is None:
        raise empty_file_error(path)
    headers = [clean_header(cell) for cell in records[header_index]]
    if len(headers) < 2:
        raise ReadError("single-column", "The header has only one column, so the delimiter is wrong.",
                        hint="Save the file as CSV separated by ';' or ',', or set 'delimiter' in survey.toml.",
                        file=path, row=header_index + 1)

    decimal = "," if used_delimiter == ";" else "."
    table = RawTable(path, headers, [], [], decimal, used_encoding, used_delimiter)
    for index, record in enumerate(records[header_index + 1:], start=header_index + 2):
        add_row(table, index, record)
    return table


def empty_file_error(path: Path) -> ReadError:
    """Return the ReadError for a CSV file without a single non-blank cell."""
    return ReadError("file-empty", "The file is empty.",
                     hint="Export the responses again; the file must have a header row.", file=path)


def check_not_binary(path: Path, data: bytes) -> None:
    """Raise ReadError for a workbook or binary file saved under a CSV name."""
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        raise ReadError("workbook-named-csv", "The file is an Excel workbook, not CSV text.",
                        hint="Rename it to .xlsx or save it again as CSV.", file=path)


def decode_text(path: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    """Decode ``data``: the configured encoding, else UTF-16 by its BOM, UTF-8, then Windows-1252."""
    if encoding:
        return decode_strictly(path, data, encoding), encoding
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode_strictly(path, data, "utf-16"), "utf-16"
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise ReadError("encoding-invalid", "The file contains NUL bytes, so it is not CSV text.",
                        hint="Save it again from Excel as 'CSV UTF-8 (Comma delimited)'.",
                        file=path, row=data.count(b"\n", 0, offset) + 1)
    try:
        return strip_byte_order_mark(data.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    text = decode_strictly(path, data, "cp1252", described_as=_("UTF-8 or Windows-1252"))
    logger.info(_("%s is not UTF-8; read as Windows-1252"), path.name)
    return text, "cp1252"


def decode_strictly(path: Path, data: bytes, encoding: str, described_as: str | None = None) -> str:
    """Decode ``data`` with ``encoding``, raising ReadError with the row and column of the first bad byte.

    ``described_as`` names the encodings tried in the message when more than one was.
    """
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        row, column = locate_offset(data, err.start, encoding)
        raise ReadError(
            "encoding-invalid",
            "Byte {byte} cannot be read as {encoding}.",
            hint="Save the file again from Excel as 'CSV UTF-8 (Comma delimited)' or set 'encoding' in survey.toml.",
            file=path, row=row, column=column, byte=f"0x{data[err.start]:02X}", encoding=described_as or encoding,
        ) from err
    except LookupError as err:
        raise ReadError("encoding-unknown", "Unknown encoding '{value}'.",
                        hint="Use for example utf-8 or cp1252 in survey.toml.", file=path, value=encoding) from err
    return strip_byte_order_mark(text)


def locate_offset(data: bytes, offset: int, encoding: str) -> tuple[int, str | None]:
    """Return the spreadsheet row and the column title of the cell that contains byte ``offset``.

    The text before the offset decodes cleanly, so it is parsed as CSV to count
    records (a quoted multi-line cell is one row) and the cells of the last one.
    """
    before = strip_byte_order_mark(data[:offset].decode(encoding, errors="replace"))
    if not before.strip():
        return 1, None
    delimiter = detect_delimiter(Path("-"), before)
    records = list(csv.reader(io.StringIO(before, newline=""), delimiter=delimiter))
    if before.endswith(("\n", "\r")):
        records.append([""])
    headers = [clean_header(cell) for cell in records[0]]
    position = len(records[-1]) - 1
    column = headers[position] if len(records) > 1 and position < len(headers) else None
    return len(records), column


def strip_byte_order_mark(text: str) -> str:
    """Remove a leading byte order mark, also one misread as Windows-1252, before the CSV is parsed.

    Removed before parsing, the mark cannot hide the opening quote of a quoted first header.
    """
    for mark in BOM_MARKS:
        text = text.removeprefix(mark)
    return text


def detect_delimiter(path: Path, text: str) -> str:
    """Return the candidate delimiter that splits the header line into the most columns."""
    first_line = next(line for line in text.splitlines() if line.strip())
    counts = {}
    for candidate in DELIMITER_CANDIDATES:
        counts[candidate] = len(next(csv.reader([first_line], delimiter=candidate)))
    best = max(DELIMITER_CANDIDATES, key=lambda candidate: counts[candidate])
    logger.debug("%s: delimiter %r detected", path.name, best)
    return best


def clean_header(cell: str) -> str:
    """Strip a byte order mark (also one misread as Windows-1252) and surrounding spaces from a header."""
    return strip_byte_order_mark(cell).strip()


def add_row(table: RawTable, row_number: int, cells: list[str]) -> None:
    """Append one record to ``table``: pad short rows, keep surplus cells, note blank rows."""
    width = len(table.headers)
    if not any(cell.strip() for cell in cells):
        table.blank_rows.append(row_number)
        return

    surplus = [cell for cell in cells[width:] if cell.strip()]
    if surplus:
        table.extra_cells[row_number] = surplus
    table.rows.append(cells[:width] + [""] * (width - len(cells)))
    table.row_numbers.append(row_number)


def read_xlsx_table(path: Path, sheet: str | None = None, decimal: str = ".") -> RawTable:
    """Read one worksheet of a workbook (the first unless ``sheet`` names one) into text cells.

    Numeric cells are written with the ``decimal`` mark, so that they read like
    the cells typed as text in the same source.
    """
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise ReadError("workbook-invalid", "The workbook cannot be opened: {reason}.",
                        hint="Open it in Excel and save it again as .xlsx.", file=path, reason=str(err)) from err

    try:
        worksheet = select_worksheet(path, workbook, sheet)
        records = [[xlsx_cell_text(value, decimal) for value in row]
                   for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()

    non_empty = [i for i, record in enumerate(records) if any(cell.strip() for cell in record)]
    if not non_empty:
        raise ReadError("file-empty", "The worksheet is empty.",
                        hint="Export the responses again; the sheet must have a header row.", file=path)
    header_index = non_empty[0]
    headers = [clean_header(cell) for cell in records[header_index]]
    while headers and not headers[-1]:
        headers.pop()

    table = RawTable(path, headers, [], [], decimal, "xlsx", None)
    for index, record in enumerate(records[header_index + 1:], start=header_index + 2):
        add_row(table, index, record)
    return table


def select_worksheet(path: Path, workbook, sheet: str | None):
    """Return the named worksheet, or the first; raise ReadError with the titles that exist."""
    if sheet is None:
        return workbook.worksheets[0]
    if sheet in workbook.sheetnames:
        return workbook[sheet]
    raise ReadError("sheet-not-found", "Worksheet '{value}' not found; the workbook has: {sheets}.",
                    hint="Set 'sheet' in survey.toml to one of them.", file=path, value=sheet,
                    sheets=", ".join(workbook.sheetnames))


def xlsx_cell_text(value: object, decimal: str = ".") -> str:
    """Return a workbook cell as text: integers without '.0', dates in ISO form, decimals with ``decimal``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", decimal)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def read_statistics_table(path: Path, source: SourceConfig) -> RawTable:
    """Read an SPSS (.sav, .zsav) or Stata (.dta) file into text cells, one row per case.

    The headers are the variable names and the row numbers are case numbers
    (the first case is row 1). A value with a value label is read as the label,
    such as the dimension name for a code 1-6, except in item variables, which
    keep the numeric code for the answer parser. Missing values are blank.
    """
    file_format = STATISTICS_FORMATS[path.suffix.lower()]
    read = pyreadstat.read_dta if file_format == "Stata" else pyreadstat.read_sav
    try:
        frame, metadata = read(path, encoding=source.encoding)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, OSError) as err:
        raise ReadError("statistics-file-invalid", "The {format} file cannot be opened: {reason}.",
                        hint="Open it in SPSS or Stata and save it again, or export it as CSV.", file=path,
                        format=file_format, reason=str(err)) from err

    headers = [clean_header(str(name)) for name in frame.columns]
    if not headers:
        raise ReadError("file-empty", "The file has no variables.",
                        hint="Export the responses again with their variables.", file=path)

    items = item_variables(headers, source)
    columns = []
    for position, name in enumerate(frame.columns):
        labels = {} if headers[position] in items else metadata.variable_value_labels.get(name, {})
        columns.append([statistics_cell_text(value, labels) for value in frame[name].tolist()])

    table = RawTable(path, headers, [], [], ".", path.suffix.lower().lstrip("."), None)
    for case_number, record in enumerate(zip(*columns, strict=True), start=1):
        add_row(table, case_number, list(record))
    return table


def item_variables(headers: list[str], source: SourceConfig) -> set[str]:
    """Return the headers that name an item: a code such as ``Q57`` or ``57``, or a title mapped to an item code."""
    mapped = {normalize_text(title) for name, title in source.columns.items() if CODE_TITLE.match(normalize_text(name))}
    return {header for header in headers
            if CODE_TITLE.match(normalize_text(header)) or normalize_text(header) in mapped}


def statistics_cell_text(value: object, labels: dict) -> str:
    """Return a value read by pyreadstat as text: its label if it has one, else as ``xlsx_cell_text`` writes it."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value in labels:
        return str(labels[value])
    return xlsx_cell_text(value)
