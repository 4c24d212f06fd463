"""Result files of the evaluation calculator: the recomputed national table and one region's Nilai Final.

Scores are rounded for the evaluation only here; the exact Nilai Final is
kept in its own column. The national table is written as CSV, as a workbook
with a sheet per finding, and as an HTML page rendered from
``templates/evaluation_table.html.j2``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from aggregation.evaluation import Evaluation, ImpactTarget
from aggregation.evaluation_rules import EvaluationRules
from aggregation.national_evaluation import RegionResult, TableEvaluation
from aggregation.writers import Sheet, write_atomically, write_csv, write_json, write_workbook
from smartcity_impact.i18n import active_language, format_decimal
from smartcity_impact.i18n import gettext as _

TABLE_FILES = ("evaluation.csv", "evaluation.xlsx", "evaluation.html")
REGION_FILES = ("evaluation.csv", "evaluation.json")
HTML_TEMPLATE = "evaluation_table.html.j2"
SCORE_FORMAT = "0.00"


def table_header(rules: EvaluationRules) -> list[str]:
    """Return the column titles of the recomputed national table in the active language."""
    return [_("rank"), _("rank in category"), _("no"), _("region as published"), _("Kemendagri code"),
            _("official name"), _("name match"), _("similarity"), _("category"),
            *(dimension.name for dimension in rules.dimensions), _("published Nilai Final"),
            _("recomputed Nilai Final"), _("exact Nilai Final"), _("agrees"), _("published Tingkat Improvement")]


def table_row(result: RegionResult, rules: EvaluationRules) -> list[Any]:
    """Return one region's row of the recomputed table, its input scores as published."""
    region = result.match.region
    agrees = {True: _("yes"), False: _("no"), None: ""}[result.agrees]
    return [result.rank, result.category_rank, result.row.number, result.row.region,
            region.code if region else "", region.name if region else "", result.match.status,
            round(result.match.score, 1), result.row.category,
            *(result.row.scores.get(dimension.code) for dimension in rules.dimensions),
            result.row.published_final, result.evaluation.final_score, result.evaluation.final_exact, agrees,
            result.row.published_improvement]


def ranked_results(evaluation: TableEvaluation) -> list[RegionResult]:
    """Return the results by overall rank, then by row."""
    return sorted(evaluation.results, key=lambda result: (result.rank, result.row.row))


def disagreement_header() -> list[str]:
    """Return the column titles of the sheet of Nilai Final disagreements."""
    return [_("row"), _("region as published"), _("category"), _("published Nilai Final"),
            _("recomputed Nilai Final"), _("difference")]


def disagreement_rows(evaluation: TableEvaluation) -> list[list[Any]]:
    """Return one row per region whose published Nilai Final differs from the recomputed one."""
    return [[result.row.row, result.row.region, result.row.category, result.row.published_final,
             result.evaluation.final_score, result.row.published_final - result.evaluation.final_score]
            for result in evaluation.disagreements]


def match_header() -> list[str]:
    """Return the column titles of the sheet of region names that need checking."""
    return [_("row"), _("region as published"), _("name match"), _("candidate code"), _("candidate name"),
            _("similarity")]


def match_rows(evaluation: TableEvaluation, approximate: bool = True) -> list[list[Any]]:
    """Return one row per region name that was not matched exactly: approximate ones first when asked, then
    those matched below the threshold, ambiguously or not at all."""
    rows = []
    results = evaluation.approximate_matches if approximate else []
    for result in results + evaluation.uncertain_matches:
        candidate = result.match.candidate
        rows.append([result.row.row, result.row.region, result.match.status, candidate.code if candidate else "",
                     candidate.name if candidate else "", round(result.match.score, 1)])
    return rows


def rejected_header() -> list[str]:
    """Return the column titles of the sheet of rejected rows."""
    return [_("row"), _("column"), _("value"), _("reason")]


def rejected_rows(evaluation: TableEvaluation) -> list[list[Any]]:
    """Return one row per rejected table row with its message in the active language."""
    return [[error.row, error.column, error.value, error.render()] for error in evaluation.table.rejected]


def write_table_results(out: Path, evaluation: TableEvaluation, rules: EvaluationRules,
                        csv_dialect: str = "standard") -> tuple[Path, ...]:
    """Write the recomputed national table as CSV, XLSX and HTML into ``out`` and return the paths."""
    paths = tuple(out / name for name in TABLE_FILES)
    header = table_header(rules)
    rows = [table_row(result, rules) for result in ranked_results(evaluation)]
    score_columns = {9 + index: SCORE_FORMAT for index in range(len(rules.dimensions) + 2)}
    score_columns[9 + len(rules.dimensions) + 2] = "0.0000"

    write_csv(paths[0], header, rows, csv_dialect)
    write_workbook(paths[1], [
        Sheet(_("Nilai Final"), header, rows, score_columns),
        Sheet(_("Disagreements"), disagreement_header(), disagreement_rows(evaluation),
              {3: SCORE_FORMAT, 4: SCORE_FORMAT, 5: SCORE_FORMAT}),
        Sheet(_("Region names"), match_header(), match_rows(evaluation)),
        Sheet(_("Rejected rows"), rejected_header(), rejected_rows(evaluation)),
    ])
    write_atomically(paths[2], render_table_html(evaluation, rules).encode("utf-8"))
    return paths


def render_table_html(evaluation: TableEvaluation, rules: EvaluationRules) -> str:
    """Return the recomputed national table as an HTML page in the active language."""
    from survey.forms import template_environment

    def score_cell(value: Decimal | None) -> str:
        return "" if value is None else format_decimal(value, rules.decimals)

    context = {
        "lang": active_language(),
        "source": evaluation.table.path.name,
        "year": rules.year,
        "dimensions": [dimension.name for dimension in rules.dimensions],
        "results": [{"rank": result.rank, "category_rank": result.category_rank, "number": result.row.number,
                     "region": result.row.region, "code": result.match.region.code if result.match.region else "",
                     "category": result.row.category,
                     "scores": [score_cell(result.row.scores.get(dimension.code)) for dimension in rules.dimensions],
                     "published": score_cell(result.row.published_final),
                     "recomputed": score_cell(result.evaluation.final_score), "agrees": result.agrees}
                    for result in ranked_results(evaluation)],
        "disagreements": len(evaluation.disagreements),
        "uncertain": [{"row": row[0], "region": row[1], "status": row[2], "candidate": f"{row[3]} {row[4]}".strip()}
                      for row in match_rows(evaluation, approximate=False)],
        "rejected": [error.render() for error in evaluation.table.rejected],
    }
    return template_environment().get_template(HTML_TEMPLATE).render(context)


def region_header() -> list[str]:
    """Return the column titles of one region's evaluation table."""
    return [_("dimension"), _("score"), _("exact score"), _("weight"), _("weighted score")]


def region_rows(evaluation: Evaluation, exact_scores: dict[str, Decimal], rules: EvaluationRules) -> list[list[Any]]:
    """Return one row per weighted dimension, then the Nilai Final and, when known, the Tingkat Improvement."""
    weights = rules.categories[evaluation.category].weights
    rows = [[rules.dimension(code).name, rules.round(score), exact_scores.get(code, score), weights[code],
             weights[code] * score] for code, score in evaluation.scores.items()]
    rows.append([_("Nilai Final"), evaluation.final_score, evaluation.final_exact, 1, evaluation.final_exact])
    if evaluation.improvement is not None:
        rows.append([_("Tingkat Improvement"), evaluation.improvement, None, None, None])
    return rows


def region_record(evaluation: Evaluation, exact_scores: dict[str, Decimal], rules: EvaluationRules,
                  target: ImpactTarget | None, region: dict[str, Any]) -> dict[str, Any]:
    """Return one region's evaluation as a JSON-ready record."""
    weights = rules.categories[evaluation.category].weights
    record = {
        **region,
        "year": rules.year,
        "category": evaluation.category,
        "dimensions": [{"code": code, "name": rules.dimension(code).name, "score": rules.round(score),
                        "exact": exact_scores.get(code, score), "weight": weights[code],
                        "counted_as_zero": code in evaluation.zero_filled}
                       for code, score in evaluation.scores.items()],
        "final_score": evaluation.final_score,
        "final_exact": evaluation.final_exact,
        "improvement": evaluation.improvement,
    }
    if target is not None:
        record["impact_target"] = {"target": target.target, "impact_needed": target.needed,
                                   "reachable": target.reachable, "final_at_minimum": target.final_at_minimum,
                                   "final_at_maximum": target.final_at_maximum}
    return record


def write_region_results(out: Path, evaluation: Evaluation, exact_scores: dict[str, Decimal],
                         rules: EvaluationRules, target: ImpactTarget | None, region: dict[str, Any],
                         csv_dialect: str = "standard") -> tuple[Path, ...]:
    """Write one region's evaluation as CSV and JSON into ``out`` and return the paths."""
    paths = tuple(out / name for name in REGION_FILES)
    write_csv(paths[0], region_header(), region_rows(evaluation, exact_scores, rules), csv_dialect)
    write_json(paths[1], region_record(evaluation, exact_scores, rules, target, region))
    return paths
