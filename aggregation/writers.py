"""Write result tables as CSV, XLSX and JSON, each file atomically.

A file is written to a temporary name in its folder and renamed into place,
so a reader never sees half a file and a failed run leaves the previous one.
CSV is UTF-8 with a header, comma-separated with decimal points; the
``excel-id`` dialect is what Excel with Indonesian regional settings opens
directly: ``;``-separated, decimal commas, UTF-8 with a byte order mark.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from smartcity_impact.errors import OutputError
from smartcity_impact.i18n import gettext as _

logger = logging.getLogger(__name__)

CSV_DIALECTS = ("standard", "excel-id")
# File formats of the response table that survey.exchange writes, listed here
# so that the command line can offer them without importing pandas.
EXCHANGE_FORMATS = ("csv", "xlsx", "parquet", "sav", "dta")


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder.

    Raises:
        OutputError: the folder cannot be created or the file cannot be written.
    """
    write_file_atomically(path, lambda temporary: temporary.write_bytes(content))


def write_file_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Create ``path`` by calling ``write`` with a temporary path in the same folder, then renaming it into place.

    For libraries that write to a path themselves, such as pyreadstat. The
    temporary name keeps the suffix of ``path``.

    Raises:
        OutputError: the folder cannot be created or the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
        try:
            os.close(handle)
            write(Path(temporary))
            os.chmod(temporary, new_file_mode())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise OutputError("output-not-writable", "The file cannot be written: {reason}.",
                          hint="Choose another folder with --out.", file=path, reason=err.strerror) from err
    logger.info(_("written %s"), path)


def new_file_mode() -> int:
    """Return the mode that open() gives a new file: 0o666 less the umask.

    mkstemp creates its files with mode 0o600, readable by their owner only.
    NOTE: reading the umask sets it to 0o077 for a moment, so a file another
    thread creates meanwhile is readable by its owner only.
    """
    umask = os.umask(0o077)
    os.umask(umask)
    return 0o666 & ~umask


def format_cell(value: Any, dialect: str) -> str:
    """Return a cell as CSV text: numbers in full precision with the dialect's decimal mark, None as blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
    elif isinstance(value, (int, Decimal)):
        text = str(value)
    else:
        return str(value)
    return text.replace(".", ",") if dialect == "excel-id" else text


def write_csv(path: Path, header: list[str], rows: Iterable[list[Any]], dialect: str = "standard") -> None:
    """Write a CSV file in ``dialect`` (standard or excel-id)."""
    buffer = io.StringIO(newline="")
    delimiter = ";" if dialect == "excel-id" else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([format_cell(value, dialect) for value in row])
    encoding = "utf-8-sig" if dialect == "excel-id" else "utf-8"
    write_atomically(path, buffer.getvalue().encode(encoding))


@dataclass(frozen=True)
class Sheet:
    """One worksheet to write: title, header, rows, Excel number formats and drop-down choices by column index."""

    title: str
    header: list[str]
    rows: list[list[Any]]
    number_formats: dict[int, str] = field(default_factory=dict)
    choices: dict[int, tuple[str, ...]] = field(default_factory=dict)


def write_xlsx(path: Path, sheet_title: str, header: list[str], rows: Iterable[list[Any]],
               number_formats: dict[int, str] | None = None) -> None:
    """Write one worksheet with a bold, frozen header; ``number_formats`` maps column index to an Excel format."""
    write_workbook(path, [Sheet(sheet_title, header, list(rows), number_formats or {})])


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write a workbook with one worksheet per Sheet, in order, each with a bold, frozen header."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        fill_worksheet(workbook.create_sheet(sheet.title[:31]), sheet)

    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomically(path, buffer.getvalue())


def fill_worksheet(worksheet, sheet: Sheet) -> None:
    """Write the header and rows of ``sheet`` into ``worksheet`` and size its columns."""
    worksheet.append(sheet.header)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    worksheet.freeze_panes = "A2"

    for row in sheet.rows:
        worksheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for column, number_format in sheet.number_formats.items():
        for (cell,) in worksheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = number_format
    for column, options in sheet.choices.items():
        add_choices(worksheet, column, options, len(sheet.rows))
    for column_cells in worksheet.columns:
        width = max(len(str(cell.value or "")) for cell in column_cells)
        worksheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 8), 60)


def add_choices(worksheet, column: int, options: tuple[str, ...], row_count: int) -> None:
    """Offer ``options`` as a drop-down list in column ``column`` (0-based) of every data row; blank stays allowed."""
    letter = get_column_letter(column + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    worksheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{max(row_count, 1) + 1}")


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON; Decimals become numbers."""
    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            return float(value)
        raise TypeError(f"not JSON serializable: {type(value).__name__}")

    text = json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n"
    write_atomically(path, text.encode("utf-8"))
