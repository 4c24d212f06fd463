"""The rules of one evaluation year: dimensions, question ranges, weights per category, rounding.

The rules are a TOML data file per year (``aggregation/evaluations/2024.toml``),
so a new year needs a new file and no code change. Loading checks what the
calculator relies on: every weighted dimension is defined, the weights of a
category add up to 1, and question ranges do not overlap.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from aggregation.scores import round_half_up
from smartcity_impact.errors import ConfigError
from smartcity_impact.i18n import gettext as _

logger = logging.getLogger(__name__)

RULES_DIR = Path(__file__).parent / "evaluations"
ROUNDING_MODES = ("half-away-from-zero",)
TABLE_KEYS = ("number", "region", "final_score", "improvement", "category")


@dataclass(frozen=True)
class EvaluationDimension:
    """An evaluation dimension (dimensi evaluasi) such as Baseline or Impact.

    Attributes:
        code: stable identifier, such as ``quick_wins``.
        name: the name shown to users, such as ``Quick Win``.
        header: its column title in the published national table.
        questions: first and last question number of its range, or None when
            its questions are not numbered and the score is given directly.
    """

    code: str
    name: str
    header: str
    questions: tuple[int, int] | None

    def covers(self, number: int) -> bool:
        """Return whether question ``number`` belongs to this dimension."""
        return self.questions is not None and self.questions[0] <= number <= self.questions[1]


@dataclass(frozen=True)
class CategoryRule:
    """The weights of one category (kategori) and the dimensions that count as 0 when missing."""

    name: str
    weights: dict[str, Decimal]
    missing_as_zero: frozenset[str]


@dataclass(frozen=True)
class TableLayout:
    """Column titles of the published national table besides the dimension scores."""

    number: str
    region: str
    final_score: str
    improvement: str
    category: str


@dataclass(frozen=True)
class EvaluationRules:
    """The loaded and checked rules of one evaluation year."""

    path: Path
    year: int
    minimum: Decimal
    maximum: Decimal
    decimals: int
    dimensions: tuple[EvaluationDimension, ...]
    categories: dict[str, CategoryRule]
    table: TableLayout

    def dimension(self, code: str) -> EvaluationDimension:
        """Return the dimension with ``code``."""
        return next(dimension for dimension in self.dimensions if dimension.code == code)

    def dimension_of_question(self, number: int) -> EvaluationDimension | None:
        """Return the dimension whose question range contains ``number``, or None."""
        return next((dimension for dimension in self.dimensions if dimension.covers(number)), None)

    def round(self, value: Decimal) -> Decimal:
        """Round ``value`` for output: to the year's decimals, half away from zero."""
        return round_half_up(value, self.decimals)


def available_years(rules_dir: Path = RULES_DIR) -> list[int]:
    """Return the years that have a rules file, in ascending order."""
    return sorted(int(path.stem) for path in rules_dir.glob("*.toml") if path.stem.isdigit())


def load_evaluation_rules(year: int | None = None, rules_dir: Path = RULES_DIR) -> EvaluationRules:
    """Load and check the rules of evaluation ``year``, the latest year when None.

    Raises:
        ConfigError: no rules file exists for the year, or the file is invalid.
    """
    years = available_years(rules_dir)
    if year is None and years:
        year = years[-1]
    path = rules_dir / f"{year}.toml"
    if year not in years:
        raise ConfigError("evaluation-year-unknown", "No evaluation rules for the year {value}; rules exist for: "
                          "{allowed}.", hint="Choose one of these years with --year.", value=year,
                          allowed=", ".join(str(known) for known in years))
    try:
        with path.open("rb") as rules_file:
            data = tomllib.load(rules_file)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError("evaluation-rules-invalid", "The evaluation rules are not valid TOML: {reason}.",
                          file=path, reason=str(err)) from err

    rules = parse_rules(data, path)
    logger.debug("evaluation rules of %s read from %s", rules.year, path)
    return rules


def rules_error(path: Path, key: str, problem: str) -> ConfigError:
    """Return the ConfigError for an invalid ``key`` of the rules file at ``path``."""
    return ConfigError("evaluation-rules-invalid", "Key '{key}' of the evaluation rules is invalid: {problem}.",
                       file=path, key=key, problem=problem)


def parse_rules(data: dict[str, Any], path: Path) -> EvaluationRules:
    """Return the EvaluationRules of the parsed TOML ``data``, checking every key the calculator uses."""
    scale = data.get("scale", {})
    rounding = data.get("rounding", {})
    if rounding.get("mode") not in ROUNDING_MODES:
        raise rules_error(path, "rounding.mode", _("the only supported mode is half-away-from-zero"))
    decimals = rounding.get("decimals")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
        raise rules_error(path, "rounding.decimals", _("expected a whole number from 0 to 6"))

    dimensions = parse_dimensions(data.get("dimensions"), path)
    codes = {dimension.code for dimension in dimensions}
    categories = {name: parse_category(name, table, codes, path) for name, table in data.get("categories", {}).items()}
    if not categories:
        raise rules_error(path, "categories", _("at least one category is needed"))

    table = data.get("table", {})
    missing = [key for key in TABLE_KEYS if not isinstance(table.get(key), str)]
    if missing:
        raise rules_error(path, f"table.{missing[0]}", _("the column title is missing"))

    try:
        minimum, maximum = Decimal(str(scale["minimum"])), Decimal(str(scale["maximum"]))
    except KeyError as err:
        raise rules_error(path, f"scale.{err.args[0]}", _("the value is missing")) from err
    return EvaluationRules(path, int(data.get("year", 0)), minimum, maximum, decimals, dimensions, categories,
                           TableLayout(*(table[key] for key in TABLE_KEYS)))


def parse_dimensions(entries: Any, path: Path) -> tuple[EvaluationDimension, ...]:
    """Return the dimensions of the rules file, with question ranges that do not overlap."""
    if not isinstance(entries, list) or not entries:
        raise rules_error(path, "dimensions", _("at least one dimension is needed"))

    dimensions = []
    for index, entry in enumerate(entries, start=1):
        key = f"dimensions[{index}]"
        if not all(isinstance(entry.get(name), str) for name in ("code", "name", "header")):
            raise rules_error(path, key, _("code, name and header are needed"))
        questions = entry.get("questions")
        if questions is not None:
            if (not isinstance(questions, list) or len(questions) != 2
                    or not all(isinstance(number, int) for number in questions) or questions[0] > questions[1]):
                raise rules_error(path, f"{key}.questions", _("expected [first, last] question numbers"))
            questions = (questions[0], questions[1])
        dimensions.append(EvaluationDimension(entry["code"], entry["name"], entry["header"], questions))

    ranged = sorted((dimension.questions, dimension.code) for dimension in dimensions if dimension.questions)
    for (first, _code), (second, code) in zip(ranged, ranged[1:]):
        if second[0] <= first[1]:
            raise rules_error(path, f"dimensions.{code}.questions", _("the range overlaps another dimension"))
    return tuple(dimensions)


def parse_category(name: str, table: dict[str, Any], codes: set[str], path: Path) -> CategoryRule:
    """Return the rule of category ``name``: known dimensions, weights adding up to 1."""
    weights_table = table.get("weights", {})
    unknown = [code for code in [*weights_table, *table.get("missing_as_zero", [])] if code not in codes]
    if unknown:
        raise rules_error(path, f"categories.{name}", _("'{code}' is not a dimension").format(code=unknown[0]))

    weights = {code: Decimal(str(weight)) for code, weight in weights_table.items()}
    if sum(weights.values()) != 1:
        raise rules_error(path, f"categories.{name}.weights", _("the weights add up to {total}, not 1").format(
            total=sum(weights.values())))
    return CategoryRule(name, weights, frozenset(table.get("missing_as_zero", [])))
