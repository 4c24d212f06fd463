"""Read the published national results table: one row per region with its dimension scores and Nilai Final.

The column titles are those the year's rules name (``NO``, ``KAB/KOTA``,
``BASELINE`` ... ``KET``). An unknown or missing column stops the reading.
A row with an unreadable number, an unknown category or a missing score is
rejected with its reason, and the other rows are still read. A row without any score
is a region that was not evaluated. A row that repeats the header, as a table
copied across page breaks does, is skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from aggregation.evaluation_inputs import check_in_scale, detect_decimal, parse_score, unknown_header_error
from aggregation.evaluation_rules import EvaluationRules
from smartcity_impact.errors import ReadError, SmartCityImpactError
from survey.table import RawTable
from survey.text import words_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableRow:
    """One region's row of the national table, numbers as published.

    Attributes:
        row: spreadsheet row number (the header is row 1).
        number: the ``NO`` cell, as text.
        region: the region name as published.
        category: the category, in the spelling of the rules (``KPPN IKN``).
        scores: dimension code -> score, for the cells that are not blank.
        published_final: the ``NILAI FINAL`` cell, or None when blank or absent.
        published_improvement: the ``TINGKAT IMPROVEMENT`` cell, or None.
    """

    row: int
    number: str
    region: str
    category: str
    scores: dict[str, Decimal]
    published_final: Decimal | None
    published_improvement: Decimal | None


@dataclass
class NationalTable:
    """The rows of a national table: read, rejected with a reason, or of a region not evaluated."""

    path: Path
    rows: list[TableRow] = field(default_factory=list)
    rejected: list[SmartCityImpactError] = field(default_factory=list)
    not_evaluated: list[tuple[int, str]] = field(default_factory=list)


def column_titles(rules: EvaluationRules) -> dict[str, str]:
    """Return field -> column title: the table layout's fields and every dimension code."""
    layout = rules.table
    titles = {"number": layout.number, "region": layout.region, "final_score": layout.final_score,
              "improvement": layout.improvement, "category": layout.category}
    titles.update({dimension.code: dimension.header for dimension in rules.dimensions})
    return titles


def required_fields(rules: EvaluationRules) -> list[str]:
    """Return the fields a national table must have: region, category and the dimensions every category weighs."""
    weighed = [set(rule.weights) - rule.missing_as_zero for rule in rules.categories.values()]
    common = set.union(*weighed)
    return ["region", "category", *(dimension.code for dimension in rules.dimensions if dimension.code in common)]


def is_national_table(headers: list[str], rules: EvaluationRules) -> bool:
    """Return whether ``headers`` contain the region column of the national table."""
    return words_of(rules.table.region) in {words_of(header) for header in headers}


def map_columns(table: RawTable, rules: EvaluationRules) -> dict[str, int]:
    """Return field -> column position for the headers of ``table``.

    Raises:
        ReadError: a header matches no title of the table, or a required column is missing.
    """
    titles = column_titles(rules)
    by_words = {words_of(title): name for name, title in titles.items()}
    columns: dict[str, int] = {}
    for position, header in enumerate(table.headers):
        if not header:
            continue
        name = by_words.get(words_of(header))
        if name is None:
            raise unknown_header_error(table, header, list(titles.values()))
        columns[name] = position

    missing = [titles[name] for name in required_fields(rules) if name not in columns]
    if missing:
        raise ReadError("column-missing", "The table has no column '{value}'.",
                        hint="Use the column titles of the published table: {allowed}.", file=table.path, row=1,
                        value=missing[0], allowed=", ".join(titles.values()))
    return columns


def read_national_table(table: RawTable, rules: EvaluationRules) -> NationalTable:
    """Return the rows of the national table ``table``, with the rejected rows and the regions not evaluated.

    Raises:
        ReadError: a column title is unknown or a required column is missing.
    """
    columns = map_columns(table, rules)
    number_columns = [position for name, position in columns.items() if name not in ("number", "region", "category")]
    decimal = detect_decimal(table, number_columns)
    header_words = [words_of(header) for header in table.headers]

    result = NationalTable(table.path)
    for row_number, cells in zip(table.row_numbers, table.rows):
        if [words_of(cell) for cell in cells] == header_words:
            logger.info("%s: row %d repeats the header and is skipped", table.path.name, row_number)
            continue
        try:
            row = read_row(table, rules, columns, decimal, row_number, cells)
        except ReadError as err:
            result.rejected.append(err)
            continue
        if row is None:
            result.not_evaluated.append((row_number, cells[columns["region"]].strip()))
        else:
            result.rows.append(row)
    logger.info("%s: %d regions read, %d rows rejected", table.path.name, len(result.rows), len(result.rejected))
    return result


def read_row(table: RawTable, rules: EvaluationRules, columns: dict[str, int], decimal: str, row_number: int,
             cells: list[str]) -> TableRow | None:
    """Return one region's row, or None for a region without any dimension score.

    Raises:
        ReadError: a number is unreadable or off the scale, the category is unknown, or a weighed score is missing.
    """
    def cell(name: str) -> str:
        return cells[columns[name]].strip() if name in columns else ""

    def number(name: str) -> Decimal | None:
        return parse_score(cell(name), decimal, table, row_number, table.headers[columns[name]]) \
            if name in columns else None

    region = cell("region")
    scores = {}
    for dimension in rules.dimensions:
        value = number(dimension.code)
        if value is not None:
            scores[dimension.code] = check_in_scale(value, rules, table, row_number, dimension.header)
    if not scores:
        return None

    category = read_category(table, rules, row_number, table.headers[columns["category"]], cell("category"))
    rule = rules.categories[category]
    missing = [code for code in rule.weights if code not in scores and code not in rule.missing_as_zero]
    if missing:
        header = rules.dimension(missing[0]).header
        raise ReadError("score-missing", "The {category} region '{region}' has no {header} score.",
                        hint="Fill in the score, or leave every score of the row blank for a region not evaluated.",
                        file=table.path, row=row_number, column=header, category=category, region=region,
                        header=header)
    return TableRow(row_number, cell("number"), region, category, scores, number("final_score"),
                    number("improvement"))


def read_category(table: RawTable, rules: EvaluationRules, row: int, column: str, text: str) -> str:
    """Return the category named by ``text`` in the rules' spelling; ``kppn-ikn`` reads as ``KPPN IKN``.

    Raises:
        ReadError: ``text`` names none of the year's categories.
    """
    by_words = {words_of(name).replace("_", " "): name for name in rules.categories}
    category = by_words.get(words_of(text).replace("_", " "))
    if category is None:
        raise ReadError("category-unknown", "Unknown category '{value}'.",
                        hint="Write one of the categories of {year}: {allowed}.", file=table.path, row=row,
                        column=column, value=text, year=rules.year, allowed=", ".join(rules.categories))
    return category
