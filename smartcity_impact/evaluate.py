"""The ``evaluate`` command: detect the kind of input, compute the evaluation, print it and write the files.

The kinds of input:
- a national results table (CSV/TSV/XLSX with a ``KAB/KOTA`` column): every
  row is recomputed, compared with its published Nilai Final and ranked;
- a region's question scores (a table with question numbers and scores);
- a survey folder or an ``impact_summary.json`` written by ``run``, whose
  Impact score joins the other dimension scores given as options or in the
  ``[evaluation]`` table of ``survey.toml``;
- no input at all: every score is given as an option.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from aggregation.evaluation import RegionScores, compute_evaluation, dimension_means
from aggregation.evaluation_inputs import (is_question_table, read_impact_summary, read_question_scores,
                                           read_score_table)
from aggregation.evaluation_rules import EvaluationRules, load_evaluation_rules
from aggregation.national_table import is_national_table
from smartcity_impact.errors import ConfigError, ReadError, SmartCityImpactError
from survey.config import CONFIG_FILE_NAME, check_known_keys, load_survey_config
from survey.numbers import parse_number

RESULTS_FOLDER = "hasil"
SUMMARY_FILE = "impact_summary.json"
EVALUATION_TABLE = "evaluation"
PREVIOUS_FINAL = "previous_final"
DIMENSION_OPTIONS = ("baseline", "output", "outcome", "impact", "quick_wins", "program_kolaborasi")


@dataclass
class RegionInput:
    """The scores and facts of one region gathered before its Nilai Final is computed.

    Attributes:
        scores: dimension code -> score at full precision.
        sources: dimension code -> where the score came from, to name both places of a score given twice.
        category, year: from the input, when it states them.
        previous_final: the previous year's Nilai Final, when given.
        region: region name and code, when the input states them.
    """

    scores: dict[str, Decimal] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    category: str | None = None
    year: int | None = None
    previous_final: Decimal | None = None
    region: dict[str, Any] = field(default_factory=dict)

    def add(self, code: str, score: Decimal, source: str) -> None:
        """Add the score of dimension ``code``; a score given twice raises ConfigError naming both places."""
        if code in self.scores:
            raise ConfigError("score-given-twice", "The score of '{name}' is given twice: in {first} and in {second}.",
                              hint="Give each score once.", name=code, first=self.sources[code], second=source)
        self.scores[code] = score
        self.sources[code] = source


def parse_score_text(text: str) -> Decimal | None:
    """Return a score written with a decimal comma or point (3,55 or 3.55), or None when it is not a number."""
    text = text.strip()
    return parse_number(text, "," if "," in text else ".")


def detect_input(path: Path | None, rules_year: int | None) -> tuple[str, Any]:
    """Return the kind of input at ``path`` (none, survey, summary, national, questions) and its content.

    Raises:
        ReadError: the file is neither a national table nor a file of question scores.
        ConfigError: the survey folder has no valid survey.toml.
    """
    if path is None:
        return "none", None
    if path.is_dir():
        return "survey", path
    if path.suffix.lower() == ".json":
        return "summary", path

    table = read_score_table(path)
    rules = load_evaluation_rules(rules_year)
    if is_national_table(table.headers, rules):
        return "national", table
    if is_question_table(table.headers):
        return "questions", table
    raise ReadError("input-unknown", "The file is neither a national results table nor a region's question scores.",
                    hint="A national table has the column '{region}'; a file of question scores has the columns "
                         "'number' and 'score'.", file=path, row=1, region=rules.table.region)


def region_from_survey(directory: Path) -> RegionInput:
    """Return the Impact score of a survey folder's last run with the scores of ``[evaluation]`` in survey.toml.

    Raises:
        ConfigError: survey.toml is invalid or its [evaluation] table is.
        ReadError: the folder has no Impact summary yet.
    """
    config = load_survey_config(directory)
    region = region_from_summary(directory / RESULTS_FOLDER / SUMMARY_FILE)
    region.category, region.year = config.category, config.year
    add_evaluation_settings(region, directory / CONFIG_FILE_NAME)
    return region


def region_from_summary(path: Path) -> RegionInput:
    """Return the Impact score, region, year and category of an ``impact_summary.json``."""
    summary = read_impact_summary(path)
    region = RegionInput(category=summary["category"], year=summary["year"],
                         region={"region": summary["region"], "region_code": summary["region_code"]})
    region.add("impact", summary["impact"], path.name)
    return region


def evaluation_settings(config_path: Path) -> dict[str, Any] | None:
    """Return the ``[evaluation]`` table of a survey.toml, or None when it has none."""
    with config_path.open("rb") as config_file:
        table = tomllib.load(config_file).get(EVALUATION_TABLE)
    if table is not None and not isinstance(table, dict):
        raise ConfigError("config-invalid", "Key '{key}' must be a table of dimension scores.", file=config_path,
                          key=EVALUATION_TABLE)
    return table


def add_evaluation_settings(region: RegionInput, config_path: Path) -> None:
    """Add the dimension scores and previous Nilai Final of ``[evaluation]`` in survey.toml to ``region``.

    Raises:
        ConfigError: a key is unknown, an Impact score is given (it comes from the survey), or a value is not a score.
    """
    table = evaluation_settings(config_path) or {}
    allowed = tuple(code for code in DIMENSION_OPTIONS if code != "impact") + (PREVIOUS_FINAL,)
    check_known_keys(table, allowed, f"{EVALUATION_TABLE}.", config_path)

    for key, value in table.items():
        number = settings_number(value)
        if number is None:
            raise ConfigError("config-invalid", "Key '{key}' has an invalid value '{value}'; expected a score such as "
                              "3.55.", file=config_path, key=f"{EVALUATION_TABLE}.{key}", value=value)
        if key == PREVIOUS_FINAL:
            region.previous_final = number
        else:
            region.add(key, number, f"{CONFIG_FILE_NAME} [{EVALUATION_TABLE}]")


def settings_number(value: Any) -> Decimal | None:
    """Return a TOML number, or a text such as "3,80", as a Decimal; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(repr(value))
    if isinstance(value, str):
        return parse_score_text(value)
    return None


def region_from_questions(table, rules: EvaluationRules) -> RegionInput:
    """Return the dimension means of a region's question scores."""
    region = RegionInput()
    for code, mean in dimension_means(read_question_scores(table, rules), rules).items():
        region.add(code, mean, table.path.name)
    return region


def evaluate_region(region: RegionInput, rules: EvaluationRules, category: str | None):
    """Return the Evaluation of ``region`` under ``category`` (else the region's own).

    Raises:
        SmartCityImpactError: no category is known, it is unknown, or a needed score is missing.
    """
    chosen = category or region.category
    if chosen is None:
        raise SmartCityImpactError("category-missing", "The category of the region is not known.",
                                   hint="Give it with --category, such as --category REGULER.")
    scores = RegionScores(chosen, region.scores, region.previous_final)
    return compute_evaluation(scores, rules)


@dataclass(frozen=True)
class EvaluateRequest:
    """The options of one ``evaluate`` command."""

    input_path: Path | None
    out_dir: Path | None
    scores: dict[str, Decimal]
    category: str | None
    year: int | None
    previous_final: Decimal | None
    target: Decimal | None
    region_name: str | None
    threshold: float
    csv_dialect: str


def run_evaluate(request: EvaluateRequest, console, error_console) -> int:
    """Run the ``evaluate`` command and return its exit status: 0, or 2 when table rows were rejected."""
    from smartcity_impact.evaluation_report import print_region, print_table

    kind, content = detect_input(request.input_path, request.year)
    if kind == "national":
        return print_table(console, error_console, content, request)

    if kind == "survey":
        region = region_from_survey(content)
    elif kind == "summary":
        region = region_from_summary(content)
    elif kind == "questions":
        region = region_from_questions(content, load_evaluation_rules(request.year))
    else:
        region = RegionInput()
    for code, score in request.scores.items():
        region.add(code, score, f"--{code.replace('_', '-')}")
    if request.previous_final is not None:
        region.previous_final = request.previous_final

    rules = load_evaluation_rules(request.year or region.year)
    print_region(console, region, rules, request)
    return 0
