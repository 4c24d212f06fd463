"""Write the double data entry fixtures: small first and second keyings of the same paper forms.

Each file is built from the tables below so that its bytes are exact. The
disagreements each pair plants are listed in tests/test_double_entry.py,
not derived from this script. Run ``python tests/data/double_entry/make_fixtures.py``
after changing a table and commit the script together with the files it
writes. The tests check that the committed text files equal what
``build_fixtures`` returns (workbook bytes depend on the openpyxl version).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FIXED_ZIP_TIME = (2024, 8, 1, 0, 0, 0)
FIXED_PROPERTY_TIME = "2024-08-01T00:00:00Z"
CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")

HEADER = ["No. Formulir", "Enumerator", "Tanggal Wawancara", "Nama", "No. HP", "Kecamatan", "Keterangan", "Q50",
          "Q51", "Q52"]

# The first keying, in typing order from spreadsheet row 2.
FIRST_ROWS = [
    ["0001", "ENUM-01 Rahmat", "01/07/2024", "Dédi Kurniawan", "081234560001", "Tanjung", "", "4", "3", "4"],
    ["0002", "ENUM-02 Siti Aisyah", "02/07/2024", "Rina Lestari", "0812-3456-0002", "Murung Pudak", "", "3", "3",
     "4"],
    ["0003", "ENUM-01 Rahmat", "02/07/2024", "Wulan Sari", "+62 812 3456 0003", "Kelua", "", "4", "4", "4"],
    ["0004", "ENUM-02 Siti Aisyah", "03/07/2024", "Agus Hidayat", "081234560004", "Tanta", "", "2", "3", "3"],
    ["0005", "ENUM-01 Rahmat", "04/07/2024", "Budi Santoso", "081234560005", "Jaro", "", "4", "4", "3"],
]

# The second keying of the same forms in another order: 0003 differs only by surrounding spaces, 0001 by an
# answer and the case of its sub-district, 0002 by its name and phone number, 0004 by its date, a note holding a
# phone number and a blank answer. 0005 was not keyed again and 0006 only the second time.
SECOND_ROWS = [
    ["0003", "ENUM-01 Rahmat", "02/07/2024", "Wulan Sari", "+62 812 3456 0003", "Kelua ", "", " 4 ", "4", "4"],
    ["0001", "ENUM-01 Rahmat", "01/07/2024", "Dédi Kurniawan", "081234560001", "tanjung", "", "4", "4", "4"],
    ["0006", "ENUM-02 Siti Aisyah", "05/07/2024", "Yulia Putri", "081234560006", "Upau", "", "3", "4", "4"],
    ["0002", "ENUM-02 Siti Aisyah", "02/07/2024", "Rina Lestary", "0812-3456-0020", "Murung Pudak", "", "3", "3",
     "4"],
    ["0004", "ENUM-02 Siti Aisyah", "30/07/2024", "Agus Hidayat", "081234560004", "Tanta", "HP 081234560004", "2",
     "3", ""],
]

# Repeated and blank form numbers: 0002 twice in the first keying, 0003 twice in the second, one blank in each.
REPEATED_FIRST_ROWS = [FIRST_ROWS[0], FIRST_ROWS[1], FIRST_ROWS[1], [""] + FIRST_ROWS[3][1:], FIRST_ROWS[2]]
REPEATED_SECOND_ROWS = [FIRST_ROWS[0], FIRST_ROWS[1], FIRST_ROWS[2], FIRST_ROWS[2], [" "] + FIRST_ROWS[3][1:]]

# The sub-district column misspelt in the second keying, which also adds a column.
COLUMNS_HEADER = [*HEADER[:5], "Kecamatn", *HEADER[6:], "Catatan"]
COLUMNS_ROWS = [row + [""] for row in FIRST_ROWS]

# A form-number column under a title that is not a standard one.
CUSTOM_HEADER = ["Kode Lembar", *HEADER[1:]]


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    """Return ``rows`` as CSV text with CRLF line ends, quoting only cells that need it."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if delimiter in cell or '"' in cell or "\n" in cell:
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def excel_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """Return typed paper forms as Excel with Indonesian settings saves them: ``;``, Windows-1252."""
    return csv_text([header, *rows], ";").encode("cp1252")


def workbook_cell(text: str) -> str | int:
    """Return a cell as a keyer's workbook stores it: whole numbers as number cells, so 0003 loses its zeros."""
    return int(text) if text.isdigit() and not text.startswith(("08", "+")) else text


def xlsx_keying(header: list[str], rows: list[list[str]]) -> bytes:
    """Return a keying as a workbook with fixed zip entry and document property dates."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "Entri"
    worksheet.append(header)
    for row in rows:
        worksheet.append([workbook_cell(cell) for cell in row])

    saved = io.BytesIO()
    workbook.save(saved)
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = CORE_DATES.sub(rb"\g<1>" + FIXED_PROPERTY_TIME.encode() + rb"\g<2>", data)
            target.writestr(zipfile.ZipInfo(entry.filename, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def build_fixtures() -> dict[str, bytes]:
    """Return every fixture file by name."""
    agreeing = [FIRST_ROWS[2], FIRST_ROWS[0], FIRST_ROWS[1]]
    return {
        "first.csv": excel_csv(HEADER, FIRST_ROWS),
        "second.csv": excel_csv(HEADER, SECOND_ROWS),
        "second.xlsx": xlsx_keying(HEADER, SECOND_ROWS),
        "repeated_first.csv": excel_csv(HEADER, REPEATED_FIRST_ROWS),
        "repeated_second.csv": excel_csv(HEADER, REPEATED_SECOND_ROWS),
        "columns_second.csv": excel_csv(COLUMNS_HEADER, COLUMNS_ROWS),
        # The same three forms keyed alike, saved as UTF-8 with commas and one cell padded with spaces.
        "agree_first.csv": excel_csv(HEADER, FIRST_ROWS[:3]),
        "agree_second.csv": csv_text([HEADER, *agreeing[:2], [*agreeing[2][:7], " 3 ", *agreeing[2][8:]]],
                                     ",").encode("utf-8"),
        "custom_form_column.csv": excel_csv(CUSTOM_HEADER, FIRST_ROWS),
        "empty.csv": b"",
    }


def main() -> None:
    """Write every fixture file next to this script."""
    for name, data in build_fixtures().items():
        (HERE / name).write_bytes(data)
    print(f"{len(build_fixtures())} files written to {HERE}")


if __name__ == "__main__":
    main()
