"""Print evaluation results on the terminal: one region's Nilai Final, the what-if, the recomputed national table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table

from aggregation.evaluation import (Evaluation, RegionScores, compute_evaluation, final_with_impact, impact_needed,
                                    impact_steps)
from aggregation.evaluation_outputs import ranked_results, write_region_results, write_table_results
from aggregation.evaluation_rules import EvaluationRules, load_evaluation_rules
from aggregation.national_evaluation import TableEvaluation, evaluate_table
from aggregation.national_table import read_national_table
from aggregation.regions import RegionMatcher, load_regions
from smartcity_impact.errors import SmartCityImpactError, describe_location
from smartcity_impact.evaluate import (CONFIG_FILE_NAME, EvaluateRequest, RegionInput, add_evaluation_settings,
                                       evaluate_region, evaluation_settings)
from smartcity_impact.i18n import format_decimal, format_integer
from smartcity_impact.i18n import gettext as _
from survey.text import words_of

DEFAULT_TABLE_FOLDER = Path("hasil")
TOP_RANKS_SHOWN = 10


def score_text(value: Decimal | None, rules: EvaluationRules) -> str:
    """Return a score with the rules' decimals in the active locale (3,55), or '-' for None."""
    return "-" if value is None else format_decimal(value, rules.decimals)


def signed_text(value: Decimal, rules: EvaluationRules) -> str:
    """Return a difference with its sign (+0,10, -0,05)."""
    return ("+" if value > 0 else "") + format_decimal(value, rules.decimals)


def match_status_text(status: str) -> str:
    """Return how a region name was matched, in the active language."""
    texts = {"exact": _("exact"), "truncated": _("last letter missing"), "fuzzy": _("spelling differs"),
             "below-threshold": _("below the threshold"), "ambiguous": _("both a kabupaten and a kota"),
             "no-candidate": _("no candidate")}
    return texts.get(status, status)


def print_region(console: Console, region: RegionInput, rules: EvaluationRules, request: EvaluateRequest) -> None:
    """Print one region's dimension scores, Nilai Final, improvement and what-if, and write its files with --out."""
    evaluation = evaluate_region(region, rules, request.category)
    name = region.region.get("region")
    if name:
        code = region.region.get("region_code")
        console.print(_("Region: {name}").format(name=f"{name} ({code})" if code else name), markup=False)
    print_evaluation(console, evaluation, region.scores, rules)

    target = None
    if request.target is not None:
        scores = RegionScores(evaluation.category, region.scores)
        target = impact_needed(scores, rules, request.target)
        print_what_if(console, scores, rules, target)

    if request.out_dir is not None:
        paths = write_region_results(request.out_dir, evaluation, region.scores, rules, target, region.region,
                                     request.csv_dialect)
        print_paths(console, paths)


def print_evaluation(console: Console, evaluation: Evaluation, exact_scores: dict[str, Decimal],
                     rules: EvaluationRules) -> None:
    """Print the table of dimension scores and weights, then the Nilai Final and the improvement."""
    weights = rules.categories[evaluation.category].weights
    table = Table(title=_("Evaluation {year}, category {category}").format(year=rules.year,
                                                                           category=evaluation.category))
    table.add_column(_("Evaluation dimension"))
    for title in (_("Score"), _("Weight"), _("Weighted score")):
        table.add_column(title, justify="right")
    for code, score in evaluation.scores.items():
        score_cell = score_text(rules.round(exact_scores.get(code, score)), rules)
        if code in evaluation.zero_filled:
            score_cell = _("{score} (missing, counted as 0)").format(score=score_cell)
        table.add_row(rules.dimension(code).name, score_cell, f"{format_decimal(weights[code] * 100, 0)}%",
                      format_decimal(weights[code] * score, 4))
    console.print(table)

    console.print("[bold]" + _("Nilai Final: {score}").format(score=score_text(evaluation.final_score, rules))
                  + "[/bold]")
    if evaluation.improvement is not None:
        previous = evaluation.final_score - evaluation.improvement
        console.print(_("Tingkat Improvement: {change} (previous Nilai Final {previous})").format(
            change=signed_text(evaluation.improvement, rules), previous=score_text(previous, rules)))


def print_what_if(console: Console, scores: RegionScores, rules: EvaluationRules, target) -> None:
    """Print the Impact score needed for the target Nilai Final and Nilai Final for a range of Impact scores."""
    values = {"target": score_text(target.target, rules), "minimum": score_text(rules.minimum, rules),
              "maximum": score_text(rules.maximum, rules)}
    if not target.reachable:
        console.print(_("Nilai Final {target} cannot be reached: even Impact {maximum} gives {best}.").format(
            best=score_text(target.final_at_maximum, rules), **values))
    elif target.needed <= rules.minimum:
        console.print(_("Nilai Final {target} is reached with any Impact score from {minimum} to {maximum}.").format(
            **values))
    else:
        console.print(_("Impact needed for Nilai Final {target}: {needed} (reachable within {minimum} to "
                        "{maximum}).").format(needed=score_text(target.needed, rules), **values))

    table = Table(title=_("Nilai Final by Impact score"))
    table.add_column(_("Impact"), justify="right")
    table.add_column(_("Nilai Final"), justify="right")
    steps = set(impact_steps(rules))
    for extra in (scores.scores.get("impact"), target.needed):
        if extra is not None:
            steps.add(rules.round(extra))
    for impact in sorted(steps):
        table.add_row(score_text(impact, rules), score_text(final_with_impact(scores, rules, impact), rules))
    console.print(table)


def print_paths(console: Console, paths) -> None:
    """Print the files written."""
    console.print(_("Files written:"))
    for path in paths:
        console.print(f"  {path}", markup=False, highlight=False)


def print_table(console: Console, error_console: Console, raw_table, request: EvaluateRequest) -> int:
    """Recompute a national table, print its findings, write its files and return the exit status."""
    rules = load_evaluation_rules(request.year)
    table = read_national_table(raw_table, rules)
    evaluation = evaluate_table(table, rules, RegionMatcher(load_regions(), request.threshold))

    console.print(_("Regions recomputed: {count}; rows rejected: {rejected}; regions not evaluated: {skipped}.")
                  .format(count=format_integer(len(table.rows)), rejected=format_integer(len(table.rejected)),
                          skipped=format_integer(len(table.not_evaluated))))
    print_disagreements(console, evaluation, rules)
    print_name_findings(console, evaluation)
    for error in table.rejected:
        error_console.print(_("Row rejected: {message}").format(message=error.render()), markup=False,
                            highlight=False, soft_wrap=True)
    print_ranking(console, evaluation, rules)

    if request.region_name:
        print_table_region(console, evaluation, rules, request)
    out = request.out_dir or DEFAULT_TABLE_FOLDER
    print_paths(console, write_table_results(out, evaluation, rules, request.csv_dialect))
    return 2 if table.rejected else 0


def print_disagreements(console: Console, evaluation: TableEvaluation, rules: EvaluationRules) -> None:
    """Print each region whose published Nilai Final differs from the recomputed one, or that all agree."""
    compared = [result for result in evaluation.results if result.agrees is not None]
    if not evaluation.disagreements:
        console.print(_("Every published Nilai Final ({count}) equals the recomputed one.").format(
            count=format_integer(len(compared))))
        return
    console.print("[yellow]" + _("Published Nilai Final that differ from the recomputed one ({count}):").format(
        count=format_integer(len(evaluation.disagreements))) + "[/yellow]")
    for result in evaluation.disagreements:
        location = describe_location(evaluation.table.path.name, result.row.row)
        console.print("  " + _("{location}: {region}: published {published}, recomputed {recomputed}").format(
            location=location, region=result.row.region, published=score_text(result.row.published_final, rules),
            recomputed=score_text(result.evaluation.final_score, rules)), markup=False, highlight=False,
            soft_wrap=True)


def print_name_findings(console: Console, evaluation: TableEvaluation) -> None:
    """Print the region names matched approximately, then those matched below the threshold, ambiguously or not
    at all, and rows of the same region."""
    approximate = evaluation.approximate_matches
    if approximate:
        console.print(_("Region names matched approximately ({count}):").format(
            count=format_integer(len(approximate))))
    for result in approximate:
        location = describe_location(evaluation.table.path.name, result.row.row)
        region = result.match.region
        console.print("  " + _("{location}: '{region}' is {code} {name} (similarity {score}, {status})").format(
            location=location, region=result.row.region, code=region.code, name=region.name,
            score=format_decimal(result.match.score, 0), status=match_status_text(result.match.status)), markup=False,
            highlight=False, soft_wrap=True)

    uncertain = evaluation.uncertain_matches
    duplicates = evaluation.duplicate_regions
    if not uncertain and not duplicates:
        return
    console.print("[yellow]" + _("Region names to check ({count}):").format(
        count=format_integer(len(uncertain) + len(duplicates))) + "[/yellow]")
    for result in uncertain:
        location = describe_location(evaluation.table.path.name, result.row.row)
        candidate = result.match.candidate
        if candidate is None:
            line = _("{location}: '{region}' matches no kabupaten/kota of the official list").format(
                location=location, region=result.row.region)
        else:
            line = _("{location}: '{region}' is most like {code} {name} (similarity {score}, {status})").format(
                location=location, region=result.row.region, code=candidate.code, name=candidate.name,
                score=format_decimal(result.match.score, 0), status=match_status_text(result.match.status))
        console.print("  " + line, markup=False, highlight=False, soft_wrap=True)
    for group in duplicates:
        rows = ", ".join(str(result.row.row) for result in group)
        console.print("  " + _("Rows {rows} are the same region {code} {name}").format(
            rows=rows, code=group[0].match.region.code, name=group[0].match.region.name), markup=False,
            highlight=False, soft_wrap=True)


def print_ranking(console: Console, evaluation: TableEvaluation, rules: EvaluationRules) -> None:
    """Print the regions with the highest recomputed Nilai Final."""
    table = Table(title=_("Highest Nilai Final"))
    for title in (_("Rank"), _("Region"), _("Category"), _("Rank in category"), _("Nilai Final")):
        table.add_column(title)
    for result in ranked_results(evaluation)[:TOP_RANKS_SHOWN]:
        table.add_row(str(result.rank), result.row.region, result.row.category, str(result.category_rank),
                      score_text(result.evaluation.final_score, rules))
    console.print(table)


def print_table_region(console: Console, evaluation: TableEvaluation, rules: EvaluationRules,
                       request: EvaluateRequest) -> None:
    """Print the evaluation and what-if of the region of the table named by --region.

    Raises:
        SmartCityImpactError: no row of the table is that region.
    """
    requested = RegionMatcher(load_regions(), request.threshold).match(request.region_name).region
    chosen = next((result for result in evaluation.results
                   if (requested is not None and result.match.region == requested)
                   or words_of(result.row.region) == words_of(request.region_name)), None)
    if chosen is None:
        raise SmartCityImpactError("region-not-in-table", "The table has no row for the region '{value}'.",
                                   hint="Write the name as the table does, such as 'KAB. TABALONG'.",
                                   value=request.region_name)

    console.print(_("Region: {name}").format(name=chosen.row.region), markup=False)
    print_evaluation(console, chosen.evaluation, chosen.row.scores, rules)
    if request.target is not None:
        scores = RegionScores(chosen.row.category, chosen.row.scores)
        print_what_if(console, scores, rules, impact_needed(scores, rules, request.target))


def print_run_evaluation(console: Console, result) -> None:
    """Print the Nilai Final of a ``run`` when survey.toml has an ``[evaluation]`` table with the other scores.

    A problem with that table is printed as a warning: the survey's own results are written by then.
    """
    config = result.config
    impact = result.scores.impact.mean
    config_path = config.directory / CONFIG_FILE_NAME
    try:
        if evaluation_settings(config_path) is None or impact is None:
            return
        region = RegionInput(category=config.category, year=config.year)
        region.add("impact", Decimal(repr(impact)), "impact_summary.json")
        add_evaluation_settings(region, config_path)
        rules = load_evaluation_rules(config.year)
        evaluation = compute_evaluation(RegionScores(config.category, region.scores, region.previous_final), rules)
    except SmartCityImpactError as err:
        console.print("[yellow]" + _("Nilai Final not computed: {message}").format(message=err.render())
                      + "[/yellow]")
        return
    print_evaluation(console, evaluation, region.scores, rules)
