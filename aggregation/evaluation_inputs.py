"""Read the inputs of the evaluation calculator: score tables, a region's question scores, the Impact summary.

Tables are read as text by the survey readers (encoding, delimiter and
workbook handling included) and their numbers parsed here. Published tables
write decimal commas. A file's decimal mark is taken from its first number
that has one, and every other number must use the same mark, so ``3.560``
in a decimal-comma file is rejected rather than read as 3560 or 3.56.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from aggregation.evaluation_rules import EvaluationRules
from smartcity_impact.errors import ReadError
from smartcity_impact.i18n import gettext as _
from survey.numbers import parse_number
from survey.readers import read_csv_table, read_xlsx_table
from survey.table import RawTable
from survey.text import words_of

logger = logging.getLogger(__name__)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
DECIMAL_MARK = re.compile(r"\d([.,])\d")
# Column titles of a file of question scores, after words_of(): number, score, dimension.
QUESTION_COLUMNS = {
    "number": ("number", "no", "nomor", "question", "pertanyaan", "nomor pertanyaan"),
    "score": ("score", "hasil penilaian", "nilai", "skor"),
    "dimension": ("dimension", "dimensi", "dimensi evaluasi"),
}


def read_score_table(path: Path) -> RawTable:
    """Read a CSV/TSV file or the first worksheet of a workbook into text cells.

    Raises:
        ReadError: the file is missing, empty or cannot be decoded or opened.
    """
    if not path.exists():
        raise ReadError("file-not-found", "File not found.", hint="Check the file name.", file=path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_xlsx_table(path, decimal=",")
    return read_csv_table(path)


def detect_decimal(table: RawTable, columns: list[int]) -> str:
    """Return the decimal mark of the first number in ``columns`` that has one; else the reader's default."""
    for row in table.rows:
        for column in columns:
            found = DECIMAL_MARK.search(row[column])
            if found:
                return found.group(1)
    return table.decimal


def parse_score(text: str, decimal: str, table: RawTable, row: int, column: str) -> Decimal | None:
    """Return the number in cell ``text`` written with ``decimal``, None for a blank cell.

    Raises:
        ReadError: the cell is not a number written with the table's decimal mark.
    """
    text = text.strip()
    if not text:
        return None
    number = parse_number(text, decimal)
    if number is None:
        mark = _("decimal commas") if decimal == "," else _("decimal points")
        raise ReadError("number-invalid", "'{value}' is not a number.",
                        hint="Write a number such as {example}; this file uses {mark}.", file=table.path, row=row,
                        column=column, value=text, example="3,55" if decimal == "," else "3.55", mark=mark)
    return number


def check_in_scale(value: Decimal, rules: EvaluationRules, table: RawTable, row: int, column: str) -> Decimal:
    """Return ``value`` when it lies on the rules' scale; raise ReadError otherwise."""
    if not rules.minimum <= value <= rules.maximum:
        raise ReadError("score-out-of-scale", "The score {value} is outside the scale {minimum} to {maximum}.",
                        hint="Correct the score in the file.", file=table.path, row=row, column=column,
                        value=value, minimum=rules.minimum, maximum=rules.maximum)
    return value


def find_column(headers: list[str], titles: tuple[str, ...]) -> int | None:
    """Return the position of the first header that reads as one of ``titles`` after words_of(), else None."""
    wanted = {words_of(title) for title in titles}
    return next((index for index, header in enumerate(headers) if words_of(header) in wanted), None)


def unknown_header_error(table: RawTable, header: str, known: list[str]) -> ReadError:
    """Return the ReadError for a column title missing from ``known``, suggesting the closest one."""
    close = difflib.get_close_matches(header, known, n=1, cutoff=0.6)
    hint = "Did you mean '{suggestion}'?" if close else "Use the column titles of the published table: {allowed}."
    return ReadError("column-unknown", "Unknown column '{value}'.", hint=hint, file=table.path, row=1,
                     column=header, value=header, suggestion=close[0] if close else "", allowed=", ".join(known))


def is_question_table(headers: list[str]) -> bool:
    """Return whether the column titles are those of a file of question scores (a number and a score)."""
    return (find_column(headers, QUESTION_COLUMNS["number"]) is not None
            and find_column(headers, QUESTION_COLUMNS["score"]) is not None)


def read_question_scores(table: RawTable, rules: EvaluationRules) -> dict[int, Decimal]:
    """Return the question scores of ``table`` by question number.

    Every question must fall in a dimension's range and appear once, and a
    ``dimension`` column must agree with the range. A dimension whose
    questions appear at all must have every one of them, because a mean of
    part of them would be a different number.

    Raises:
        ReadError: a cell is not a number, a score is off the scale, or the questions do not fit the ranges.
    """
    headers = table.headers
    number_column = find_column(headers, QUESTION_COLUMNS["number"])
    score_column = find_column(headers, QUESTION_COLUMNS["score"])
    dimension_column = find_column(headers, QUESTION_COLUMNS["dimension"])
    decimal = detect_decimal(table, [score_column])

    scores: dict[int, Decimal] = {}
    for row_number, row in zip(table.row_numbers, table.rows):
        number = read_question_number(table, row_number, headers[number_column], row[number_column], rules)
        if number in scores:
            raise ReadError("question-duplicate", "Question {value} appears twice.",
                            hint="Keep one score per question.", file=table.path, row=row_number,
                            column=headers[number_column], value=number)
        score = parse_score(row[score_column], decimal, table, row_number, headers[score_column])
        if score is None:
            raise ReadError("score-missing", "Question {value} has no score.", hint="Fill in its score.",
                            file=table.path, row=row_number, column=headers[score_column], value=number)
        scores[number] = check_in_scale(score, rules, table, row_number, headers[score_column])
        if dimension_column is not None:
            check_question_dimension(table, row_number, headers[dimension_column], row[dimension_column], number,
                                     rules)

    check_complete_ranges(table, scores, rules)
    return scores


def read_question_number(table: RawTable, row: int, column: str, text: str, rules: EvaluationRules) -> int:
    """Return the question number in ``text``; it must lie in a dimension's range."""
    if not text.strip().isdigit():
        raise ReadError("question-number-invalid", "'{value}' is not a question number.",
                        hint="Write the number of the question as in the evaluation form, such as 50.",
                        file=table.path, row=row, column=column, value=text)
    number = int(text)
    if rules.dimension_of_question(number) is None:
        raise ReadError("question-unknown", "Question {value} belongs to no evaluation dimension of {year}.",
                        hint="Check the number against the evaluation form.", file=table.path, row=row,
                        column=column, value=number, year=rules.year)
    return number


def check_question_dimension(table: RawTable, row: int, column: str, text: str, number: int,
                             rules: EvaluationRules) -> None:
    """Raise ReadError when the dimension written for question ``number`` is not the one of its range."""
    if not text.strip():
        return
    dimension = rules.dimension_of_question(number)
    if words_of(text) not in {words_of(dimension.code), words_of(dimension.name), words_of(dimension.header)}:
        raise ReadError("question-dimension-mismatch", "Question {number} belongs to {expected}, not '{value}'.",
                        hint="Correct the dimension or the question number.", file=table.path, row=row,
                        column=column, value=text, number=number, expected=dimension.name)


def check_complete_ranges(table: RawTable, scores: dict[int, Decimal], rules: EvaluationRules) -> None:
    """Raise ReadError for a dimension that has some but not all of its questions."""
    for dimension in rules.dimensions:
        if dimension.questions is None:
            continue
        wanted = range(dimension.questions[0], dimension.questions[1] + 1)
        missing = [number for number in wanted if number not in scores]
        if missing and len(missing) < len(wanted):
            shown = ", ".join(str(number) for number in missing[:10])
            raise ReadError("questions-missing", "{name} lacks the scores of questions {value}.",
                            hint="Give every question of {first} to {last}.", file=table.path, name=dimension.name,
                            value=shown, first=wanted[0], last=wanted[-1])


def read_impact_summary(path: Path) -> dict[str, Any]:
    """Return the Impact score at full precision and the region, year and category of an ``impact_summary.json``.

    Raises:
        ReadError: the file is not JSON written by ``smartcity-impact run`` or has no Impact score.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        mean = data["impact"]["mean"]
    except FileNotFoundError as err:
        raise ReadError("summary-not-found", "File not found.",
                        hint="Run 'smartcity-impact run' on the survey folder first.", file=path) from err
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise ReadError("summary-invalid", "The file is not an Impact summary written by 'smartcity-impact run'.",
                        hint="Give impact_summary.json from the result folder of a run.", file=path) from err
    if not isinstance(mean, (int, float)):
        raise ReadError("impact-missing", "The summary has no Impact score, because an item has no valid answer.",
                        hint="Collect the missing answers and run the survey again.", file=path)
    return {"impact": Decimal(repr(float(mean))), "region": data.get("region"), "region_code": data.get("region_code"),
            "year": data.get("year"), "category": data.get("category")}
