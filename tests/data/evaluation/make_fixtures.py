"""Write the evaluation test fixtures from the published national table and a few tables of defects.

``national_2024_part1.tsv`` (regions 1-70 of the published 2024 table, tab-
separated with decimal commas and the published typos) and
``tabalong_2024_question_scores.tsv`` (Tabalong's 115 question scores) are
kept as published. This script writes the same national table as a
semicolon file with decimal commas, a comma file with decimal points and a
workbook of numeric cells, and the small defect files, one defect each.

Run ``python tests/data/evaluation/make_fixtures.py`` after changing a table
and commit the script together with the files it writes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
PUBLISHED = HERE / "national_2024_part1.tsv"
HEADER = ["NO", "KAB/KOTA", "BASELINE", "OUTPUT", "OUTCOME", "IMPACT", "QUICK WINS", "PROGRAM KOLABORASI",
          "NILAI FINAL", "TINGKAT IMPROVEMENT", "KET"]
NUMBER_COLUMNS = range(2, 10)

# Rows of a small table whose names need checking: a truncated name, a
# misspelled one, one with no candidate at all and one exact name.
NAMES_TO_CHECK = [
    ["1", "KAB. TABALON", "3,8", "3,55", "3,45", "3,78", "3,33", "", "3,55", "", "REGULER"],
    ["2", "KAB. BANYUWANGGI", "4", "3,78", "3,75", "3,79", "2,97", "", "3,63", "0,33", "REGULER"],
    ["3", "KAB. ANTAH BERANTAH", "3", "3", "3", "3", "3", "", "3", "", "REGULER"],
    ["4", "KAB. BANTUL", "3,96", "3,64", "3,78", "3,26", "3,97", "3,97", "3,72", "0,16", "KPPN IKN"],
]

# One defect per file, each in an otherwise valid table of two regions.
VALID_ROW = ["1", "KAB. BADUNG", "3,56", "2,73", "3,27", "3,18", "2,8", "", "3,08", "0,11", "REGULER"]
DEFECT_ROWS = {
    "unreadable_number.tsv": ["2", "KAB. BANDUNG", "2,72", "2.69", "3,24", "2,85", "3,28", "", "3,01", "0",
                              "REGULER"],
    "unknown_category.tsv": ["2", "KAB. BANDUNG", "2,72", "2,69", "3,24", "2,85", "3,28", "", "3,01", "0",
                             "REGULAR"],
    "repeated_header.tsv": HEADER,
    "not_evaluated.tsv": ["2", "KAB. BANDUNG", "", "", "", "", "", "", "", "", ""],
    "disagreeing_final.tsv": ["2", "KAB. BANDUNG", "2,72", "2,69", "3,24", "2,85", "3,28", "", "3,10", "0",
                              "REGULER"],
}

# Question scores whose Nilai Final differs when the dimension means are rounded
# first: full precision gives 3.0143 (3,01), rounded means give 3.015 (3,02).
ROUNDING_CHANGES = {16: "4", 43: "4", 96: "4", 115: "2"}


def tsv_text(rows: list[list[str]], delimiter: str = "\t") -> str:
    """Return ``rows`` as delimited text with CRLF line ends."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def published_rows() -> list[list[str]]:
    """Return the rows of the published part-1 table, header first."""
    with PUBLISHED.open(encoding="utf-8", newline="") as table:
        return list(csv.reader(table, delimiter="\t"))


def with_decimal_points(rows: list[list[str]]) -> list[list[str]]:
    """Return ``rows`` with decimal points in the number columns."""
    return [rows[0]] + [[cell.replace(",", ".") if index in NUMBER_COLUMNS else cell
                         for index, cell in enumerate(row)] for row in rows[1:]]


def write_workbook(path: Path, rows: list[list[str]]) -> None:
    """Write ``rows`` into a workbook, numbers as numeric cells and blanks as empty cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Hasil Evaluasi"
    sheet.append(rows[0])
    for row in with_decimal_points(rows)[1:]:
        cells = []
        for index, cell in enumerate(row):
            if index in NUMBER_COLUMNS or index == 0:
                cells.append(float(cell) if cell else None)
            else:
                cells.append(cell)
        sheet.append(cells)
    workbook.save(path)


def question_rows(changes: dict[int, str]) -> list[list[str]]:
    """Return Tabalong's question file layout with every score 3 except ``changes``."""
    with (HERE / "tabalong_2024_question_scores.tsv").open(encoding="utf-8", newline="") as questions:
        rows = list(csv.reader(questions, delimiter="\t"))
    return [rows[0]] + [[number, dimension, changes.get(int(number), "3")] for number, dimension, _score in rows[1:]]


def build_fixtures() -> dict[str, str]:
    """Return the text fixtures by file name."""
    rows = published_rows()
    fixtures = {
        "national_2024_part1_semicolon.csv": tsv_text(rows, ";"),
        "national_2024_part1_comma.csv": tsv_text(with_decimal_points(rows), ","),
        "names_to_check.tsv": tsv_text([HEADER, *NAMES_TO_CHECK]),
        "unknown_header.tsv": tsv_text([[*HEADER[:6], "QUICK WIN", *HEADER[7:]], VALID_ROW]),
        "rounding_early_differs.tsv": tsv_text(question_rows(ROUNDING_CHANGES)),
        "questions_incomplete.tsv": tsv_text([row for row in question_rows({}) if row[0] != "57"]),
    }
    for name, row in DEFECT_ROWS.items():
        fixtures[name] = tsv_text([HEADER, VALID_ROW, row])
    return fixtures


def main() -> None:
    """Write every fixture next to this script."""
    for name, text in build_fixtures().items():
        (HERE / name).write_bytes(text.encode("utf-8"))
    write_workbook(HERE / "national_2024_part1.xlsx", published_rows())


if __name__ == "__main__":
    main()
