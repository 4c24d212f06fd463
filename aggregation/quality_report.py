"""Render the quality report: ``quality_flags.csv`` and ``laporan_kualitas.html`` (Jinja2, active language).

Each ``*_section`` function turns one part of a QualityReport into rows of
text, numbers already formatted for the active locale, so the template only
lays them out.
"""

from __future__ import annotations

import logging
from pathlib import Path

from aggregation.mode_effect import NO_DIFFERENCE, ONLINE_HIGHER, TOO_FEW, ModeEffect
from aggregation.quality import NEAR_ZERO_VARIANCE, QualityReport, flag_rows, flags_header
from aggregation.writers import write_atomically, write_csv
from smartcity_impact import __version__
from smartcity_impact.i18n import active_language, format_datetime, format_decimal, format_integer, format_share
from smartcity_impact.i18n import gettext as _
from survey.decisions import COMMAND_LINE, NO_DECISION, latest_of
from survey.double_entry import EntryComparison
from survey.enumerators import enumerator_forms
from survey.exclusions import describe_problem, shown
from survey.forms import template_environment
from survey.reasons import REASONS, describe_reason

logger = logging.getLogger(__name__)

FLAGS_FILE = "quality_flags.csv"
REPORT_FILE = "laporan_kualitas.html"
TEMPLATE = "quality_report.html.j2"
# Rules of thumb for Cronbach's alpha (George and Mallery): (lowest alpha, label).
ALPHA_LABELS = ((0.9, "excellent"), (0.8, "good"), (0.7, "acceptable"), (0.6, "questionable"), (0.5, "poor"))


def write_quality_files(out: Path, report: QualityReport, csv_dialect: str = "standard") -> tuple[Path, Path]:
    """Write quality_flags.csv and laporan_kualitas.html into ``out``; return their paths.

    Raises:
        OutputError: a file cannot be written.
    """
    flags_path, report_path = out / FLAGS_FILE, out / REPORT_FILE
    write_csv(flags_path, flags_header(), flag_rows(report.collection), csv_dialect)
    html = template_environment().get_template(TEMPLATE).render(report_context(report))
    write_atomically(report_path, html.encode("utf-8"))
    logger.info(_("quality report written: %s"), report_path)
    return flags_path, report_path


def report_context(report: QualityReport) -> dict:
    """Return the template values of the quality report."""
    return {
        "lang": active_language(),
        "generator": f"smartcity-impact {__version__}",
        "summary": summary_section(report),
        "checks": check_section(report),
        "cells": cell_section(report),
        "sources": source_section(report),
        "enumerators": enumerator_section(report),
        "excluded": excluded_section(report),
        "flagged": flagged_section(report),
        "near_zero": near_zero_section(report),
        "modes": mode_section(report),
        "reliability": reliability_section(report),
        "nonresponse": nonresponse_section(report),
        "entries": entry_section(report),
        "corrections": correction_log(report),
    }


def summary_section(report: QualityReport) -> dict:
    """Return the heading facts: region, year, time, responses read, valid, excluded and flagged."""
    collection = report.collection
    flagged = sum(1 for a in collection.assessments if a.valid and a.flags)
    return {
        "region": report.config.region,
        "year": report.config.year,
        "generated_at": format_datetime(report.generated_at),
        "read": format_integer(len(collection.assessments)),
        "valid": format_integer(len(collection.valid)),
        "excluded": format_integer(len(collection.excluded)),
        "flagged": format_integer(flagged),
    }


def check_section(report: QualityReport) -> list[dict]:
    """Return one row per check: code, severity, what it catches and on how many responses (or items) it fired."""
    counts = report.check_counts()
    rows = [{"code": code, "severity": _(severity), "description": describe_reason(code),
             "count": format_integer(counts.get(code, 0)), "found": counts.get(code, 0) > 0}
            for code, (severity, _text) in REASONS.items()]
    rows.append({"code": NEAR_ZERO_VARIANCE, "severity": _("review"),
                 "description": _("nearly every valid answer to an item in one source is the same (items)"),
                 "count": format_integer(counts[NEAR_ZERO_VARIANCE]), "found": bool(report.near_zero)})
    return rows


def cell_section(report: QualityReport) -> list[dict]:
    """Return per quota cell the quota, valid, excluded and flagged responses."""
    assessments = report.collection.assessments
    rows = []
    for cell in report.collection.quota:
        own = [a for a in assessments if a.cell == cell.cell]
        rows.append({"name": cell.name, "quota": format_integer(cell.quota), "valid": format_integer(cell.valid),
                     "excluded": format_integer(sum(1 for a in own if not a.valid)),
                     "flagged": format_integer(sum(1 for a in own if a.valid and a.flags)), "met": cell.met})
    unplaced = [a for a in assessments if a.cell is None]
    if unplaced:
        rows.append({"name": _("no cell"), "quota": "", "valid": format_integer(0),
                     "excluded": format_integer(len(unplaced)), "flagged": format_integer(0), "met": True})
    return rows


def source_section(report: QualityReport) -> list[dict]:
    """Return per source the rows read, accepted, rejected, duplicate and flagged."""
    rows = []
    for count in report.collection.source_counts:
        flagged = sum(1 for a in report.collection.assessments
                      if a.response.source == count.source and a.valid and a.flags)
        rows.append({"file": count.file, "mode": _(count.mode), "read": format_integer(count.read),
                     "accepted": format_integer(count.accepted), "rejected": format_integer(count.rejected),
                     "duplicate": format_integer(count.duplicate), "flagged": format_integer(flagged)})
    return rows


def enumerator_section(report: QualityReport) -> list[dict]:
    """Return the enumerator dashboard with rates as percentages, the deviation with two decimals and the
    number of the enumerator's valid forms flagged for review."""
    forms = enumerator_forms(report.collection.assessments)
    flagged = {name: sum(1 for a in own if a.valid and a.flags) for name, own in forms.items()}
    return [{"name": shown(row.enumerator), "forms": format_integer(row.forms),
             "valid": format_integer(row.valid_forms), "flagged": format_integer(flagged.get(row.enumerator, 0)),
             "days": format_integer(row.days_worked),
             "per_day": optional(row.forms_per_day_mean, format_decimal),
             "per_day_max": optional(row.forms_per_day_max, format_integer),
             "straight_lining": optional(row.straight_lining_rate, format_share),
             "missing": optional(row.missing_answer_rate, format_share),
             "dont_know": optional(row.dont_know_rate, format_share),
             "deviation": optional(row.mean_deviation, lambda value: format_decimal(value, 2))}
            for row in report.enumerators]


def optional(value, formatter) -> str:
    """Return ``formatter(value)``, or a dash for None."""
    return "–" if value is None else formatter(value)


def excluded_section(report: QualityReport) -> list[dict]:
    """Return every excluded response with its place and reasons."""
    return [{"response": a.response.response_id, "file": a.response.file, "row": a.response.row,
             "outcome": _(a.outcome), "reasons": [describe_problem(p) for p in a.reasons]}
            for a in report.collection.excluded]


def flagged_section(report: QualityReport) -> list[dict]:
    """Return every valid response flagged for review, with its flags and any review decision."""
    reviews = latest_of(report.collection.review_log)
    rows = []
    for assessment in report.collection.valid:
        if not assessment.flags:
            continue
        review = reviews.get(assessment.response.response_id)
        rows.append({"response": assessment.response.response_id, "file": assessment.response.file,
                     "row": assessment.response.row, "flags": [describe_problem(p) for p in assessment.flags],
                     "review": f"{_(review.decision)} ({review.initials})" if review else ""})
    return rows


def near_zero_section(report: QualityReport) -> list[dict]:
    """Return the items whose answers in one source barely vary."""
    return [{"source": item.source, "item": f"Q{item.item}", "n": format_integer(item.n), "value": item.value,
             "share": format_share(item.share)} for item in report.near_zero]


def mode_section(report: QualityReport) -> list[dict]:
    """Return per dimension the online and offline groups, the test and a plain-language verdict."""
    rows = []
    for code, effect in report.mode_effects.items():
        rows.append({"dimension": report.config.instrument.dimension(code).name,
                     "online_n": format_integer(effect.online.n), "offline_n": format_integer(effect.offline.n),
                     "online_mean": optional(effect.online.mean, format_decimal),
                     "offline_mean": optional(effect.offline.mean, format_decimal),
                     "p_value": optional(effect.p_value, lambda value: format_decimal(value, 3)),
                     "effect": optional(effect.rank_biserial, format_decimal),
                     "verdict": mode_verdict(effect), "notable": effect.verdict not in (TOO_FEW, NO_DIFFERENCE)})
    return rows


def mode_verdict(effect: ModeEffect) -> str:
    """Return one sentence on whether online and offline respondents rated the dimension differently."""
    if effect.verdict == TOO_FEW:
        return _("Too few respondents in one mode to compare.")
    if effect.verdict == NO_DIFFERENCE:
        return _("No evidence that online and offline respondents rate differently.")
    direction = _("higher") if effect.verdict == ONLINE_HIGHER else _("lower")
    return _("Online respondents rate {direction} than offline ones; the difference is {size}.").format(
        direction=direction, size=_(effect.magnitude))


def reliability_section(report: QualityReport) -> list[dict]:
    """Return Cronbach's alpha per dimension, then per sub-dimension, with the weakest item-total correlation."""
    instrument = report.config.instrument
    units = [(instrument.dimension(code).name, unit) for code, unit in report.reliability.dimensions.items()]
    for code, unit in report.reliability.sub_dimensions.items():
        sub = instrument.sub_dimension(code)
        units.append((f"{instrument.dimension(sub.dimension).name} {sub.numeral}", unit))
    rows = []
    for name, unit in units:
        correlations = [(item.number, item.item_total_correlation) for item in unit.item_statistics
                        if item.item_total_correlation is not None]
        weakest = min(correlations, key=lambda pair: pair[1]) if correlations else None
        rows.append({"unit": name, "n": format_integer(unit.n), "alpha": optional(unit.alpha, format_decimal),
                     "rating": alpha_label(unit.alpha) if unit.alpha is not None else _(unit.reason or "-"),
                     "weakest": f"Q{weakest[0]}: {format_decimal(weakest[1])}" if weakest else "–"})
    return rows


def alpha_label(alpha: float) -> str:
    """Return the rule-of-thumb label of an alpha value in the active language."""
    for lowest, label in ALPHA_LABELS:
        if alpha >= lowest:
            return _(label)
    return _("unacceptable")


def nonresponse_section(report: QualityReport) -> list[dict]:
    """Return per item the respondents asked, the "don't know" and the missing rates."""
    return [{"item": f"Q{number}", "respondents": format_integer(row.respondents),
             "dont_know": optional(row.dont_know_rate, format_share),
             "missing": optional(row.missing_rate, format_share),
             "notable": bool(row.dont_know or row.missing)}
            for number, row in sorted(report.item_nonresponse.items())]


def entry_section(report: QualityReport) -> list[dict]:
    """Return the double data entry comparisons: files, forms matched, disagreements."""
    return [entry_comparison_row(comparison) for comparison in report.entry_comparisons]


def entry_comparison_row(comparison: EntryComparison) -> dict:
    """Return one comparison of two keyings as template values; personal values stay withheld."""
    return {"first": comparison.first.name, "second": comparison.second.name,
            "matched": format_integer(comparison.matched),
            "agreement": optional(comparison.overall.rate, format_share),
            "disagreements": [{"form": shown(d.form_number), "column": d.column,
                               "first": _("withheld") if d.withheld else shown(d.first_value),
                               "second": _("withheld") if d.withheld else shown(d.second_value)}
                              for d in comparison.disagreements],
            "only_first": [shown(form.form_number) for form in comparison.only_in_first],
            "only_second": [shown(form.form_number) for form in comparison.only_in_second]}


def correction_log(report: QualityReport) -> list[dict]:
    """Return every decision recorded on duplicates and reviews, oldest first."""
    entries = [(_("duplicate"), decision) for decision in report.collection.duplicate_log]
    entries += [(_("review"), decision) for decision in report.collection.review_log]
    entries.sort(key=lambda pair: (pair[1].recorded_at is None, pair[1].recorded_at or 0))
    return [{"kind": kind, "time": format_datetime(d.recorded_at) if d.recorded_at else "",
             "response": d.response_id, "decision": _(d.decision) if d.decision != NO_DECISION else _("cleared"),
             "initials": d.initials, "note": d.note or "",
             "origin": _("command line") if d.origin == COMMAND_LINE else d.origin or ""} for kind, d in entries]
