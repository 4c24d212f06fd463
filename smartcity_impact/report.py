"""Print the outcome of a run on the terminal: counts per source, quota table, Impact score, files."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from aggregation.tables import score_of
from smartcity_impact.errors import describe_location
from smartcity_impact.evaluation_report import print_run_evaluation
from smartcity_impact.i18n import format_datetime, format_decimal, format_integer
from smartcity_impact.i18n import gettext as _
from smartcity_impact.i18n import ngettext
from smartcity_impact.fieldwork import IngestResult, StatusResult
from smartcity_impact.pipeline import EXCLUDED_FILE, CheckResult, RunResult
from survey.collection import input_defects
from survey.exclusions import describe_problem, shown
from survey.ingest import FileImport
from survey.quotas import QuotaCell
from survey.reasons import describe_reason

MAX_FLAGS_SHOWN = 20


def print_ingest(console: Console, result: IngestResult, error_console: Console | None = None) -> None:
    """Print what each file added, the files that failed, the counts per source and the quota table."""
    print_imports(console, result.imports)
    for failure in result.failures:
        (error_console or console).print(_("{file} not imported, the store keeps its earlier rows: {reason}").format(
            file=failure.file, reason=failure.error.render()), highlight=False, soft_wrap=True, markup=False,
            style="red")
    print_sources(console, result)
    print_input_defects(error_console or console, result)
    print_quota(console, result.collection.quota)


def print_run(console: Console, result: RunResult, error_console: Console | None = None) -> None:
    """Print the source counts, the quota table, the Impact score, the Nilai Final and the files written.

    The Nilai Final is printed when survey.toml has an ``[evaluation]`` table with the other dimension scores.

    The cells rejected as unreadable input go to ``error_console`` (standard
    error on the command line) when given, else to ``console``.
    """
    print_imports(console, result.collection.imports)
    print_sources(console, result)
    print_input_defects(error_console or console, result)
    print_review_flags(console, result)
    print_quota(console, result.collection.quota)
    print_impact(console, result)
    print_run_evaluation(console, result)

    console.print(_("Files written:"))
    for path in result.outputs:
        console.print(f"  {path}")


def print_imports(console: Console, imports: tuple[FileImport, ...]) -> None:
    """Print what each import added to the store: rows new, changed, unchanged and removed."""
    for batch in imports:
        if batch.skipped:
            line = _("{file}: unchanged since its import of {time}; nothing added.").format(
                file=batch.file, time=format_datetime(batch.imported_at))
        else:
            line = _("{file}: {read} rows read: {new} new, {changed} changed, {unchanged} unchanged.").format(
                file=batch.file, read=format_integer(batch.read), new=format_integer(batch.new),
                changed=format_integer(batch.changed), unchanged=format_integer(batch.unchanged))
        console.print(line, highlight=False, soft_wrap=True, markup=False)
        if batch.removed:
            console.print("  " + _("{count} rows of earlier imports are no longer in the file; they stay in the "
                                   "store and are excluded: {ids}").format(count=format_integer(len(batch.removed)),
                                                                          ids=", ".join(batch.removed)),
                          highlight=False, soft_wrap=True, markup=False, style="yellow")


def print_sources(console: Console, result) -> None:
    """Print rows read, accepted, rejected and duplicate per source, with a total row."""
    table = Table(title=_("Rows per source"))
    table.add_column(_("Source"), no_wrap=True)
    table.add_column(_("Mode"))
    for title in (_("Read"), _("Accepted"), _("Rejected"), _("Duplicate")):
        table.add_column(title, justify="right")

    counts = result.collection.source_counts
    for count in counts:
        table.add_row(count.file, _(count.mode), *(format_integer(n) for n in
                      (count.read, count.accepted, count.rejected, count.duplicate)))
    totals = [sum(getattr(c, name) for c in counts) for name in ("read", "accepted", "rejected", "duplicate")]
    table.add_row(_("Total"), "", *(format_integer(n) for n in totals), style="bold")
    console.print(table)
    excluded = next((path for path in getattr(result, "outputs", ()) if path.name == EXCLUDED_FILE), None)
    if (totals[2] or totals[3]) and excluded:
        console.print(_("Every excluded row with its reasons: {path}").format(path=excluded), soft_wrap=True,
                      markup=False)


def print_input_defects(console: Console, result: RunResult) -> None:
    """Print every cell rejected as unreadable input, with its file, row and column, and what to do."""
    defects = input_defects(result.collection)
    if not defects:
        return
    console.print(f"[yellow]{_('Rows rejected because of unreadable input (correct them in the file and run again):')}"
                  "[/yellow]")
    for response, problem in defects:
        location = describe_location(response.file, response.row, problem.column)
        reason = describe_reason(problem.code)
        if problem.value is not None:
            reason = _("value '{value}': {reason}").format(value=shown(problem.value), reason=reason)
        console.print(f"  {location}: {reason}", highlight=False, soft_wrap=True, markup=False)


def print_review_flags(console: Console, result: RunResult | CheckResult, full_list: str = "impact_summary.json"
                       ) -> None:
    """Print the valid responses flagged for review, at most MAX_FLAGS_SHOWN of them, with the total."""
    flagged = [(a.response, flag) for a in result.collection.valid for flag in a.flags]
    if not flagged:
        return
    console.print(_("Flagged for review and kept ({count}):").format(count=format_integer(len(flagged))))
    for response, flag in flagged[:MAX_FLAGS_SHOWN]:
        location = describe_location(response.file, response.row)
        console.print(f"  {location}: {describe_problem(flag)}", highlight=False, soft_wrap=True, markup=False)
    if len(flagged) > MAX_FLAGS_SHOWN:
        console.print("  " + _("... and {count} more in {file}").format(
            count=format_integer(len(flagged) - MAX_FLAGS_SHOWN), file=full_list))


def print_quota(console: Console, cells: tuple[QuotaCell, ...]) -> None:
    """Print valid respondents per quota cell against the quota, with the shortfall or excess in the status."""
    table = Table(title=_("Quota per cell"))
    table.add_column(_("Cell"), no_wrap=True)
    for title in (_("Quota"), _("Valid"), _("Online"), _("Offline")):
        table.add_column(title, justify="right", no_wrap=True, min_width=len(title))
    table.add_column(_("Status"), no_wrap=True)

    for cell in cells:
        counts = (format_integer(n) for n in (cell.quota, cell.valid, cell.online, cell.offline))
        table.add_row(cell.name, *counts, quota_status_text(cell))
    console.print(table)


def quota_status_text(cell) -> str:
    """Return "met", "met, N over" or "short by N" for a quota cell, coloured for the terminal."""
    if not cell.met:
        return "[red]" + _("short by {count}").format(count=format_integer(cell.shortfall)) + "[/red]"
    if cell.excess:
        return "[green]" + _("met, {count} over").format(count=format_integer(cell.excess)) + "[/green]"
    return "[green]" + _("met") + "[/green]"


def print_impact(console: Console, result: RunResult) -> None:
    """Print the Impact score rounded for the evaluation form, with its 95% interval."""
    impact = result.scores.impact
    if impact.mean is None:
        console.print(_("Impact score: not available (an item has no valid answer)."))
        return
    line = _("Impact score: {score}").format(score=format_decimal(score_of(impact)))
    if impact.ci_lower is not None:
        line += " " + _("(95% CI {lower} to {upper})").format(lower=format_decimal(impact.ci_lower),
                                                              upper=format_decimal(impact.ci_upper))
    console.print(f"[bold]{line}[/bold]")


def print_status(console: Console, status: StatusResult) -> None:
    """Print the latest import of each source, the quota table and one line on what is still missing."""
    table = Table(title=_("Latest import per source"))
    table.add_column(_("Source"), no_wrap=True)
    table.add_column(_("Imported at"), no_wrap=True)
    for title in (_("Read"), _("Accepted"), _("Rejected"), _("Duplicate")):
        table.add_column(title, justify="right")
    counts = {count.source: count for count in status.collection.source_counts}
    for source in status.config.sources:
        batch = status.latest.get(source.name)
        if batch is None:
            table.add_row(source.name, _("never"), "", "", "", "")
            continue
        count = counts[source.name]
        table.add_row(source.name, format_datetime(batch["imported_at"]),
                      *(format_integer(n) for n in (count.read, count.accepted, count.rejected, count.duplicate)))
    console.print(table)
    print_quota(console, status.collection.quota)
    console.print(missing_line(status), highlight=False, soft_wrap=True, markup=False)


def missing_line(status: StatusResult) -> str:
    """Return one sentence on what the survey still lacks: sources never imported, respondents per cell."""
    parts = []
    never = status.missing_sources()
    if never:
        parts.append(_("Never imported: {sources}.").format(sources=", ".join(s.name for s in never)))
    short = [cell for cell in status.collection.quota if not cell.met]
    if short:
        total = sum(cell.shortfall for cell in short)
        cells = ", ".join(f"{cell.name} {format_integer(cell.shortfall)}" for cell in short)
        parts.append(ngettext("Still missing {count} valid respondent: {cells}.",
                              "Still missing {count} valid respondents: {cells}.", total).format(
            count=format_integer(total), cells=cells))
    if not parts:
        return _("Every quota cell is met; run smartcity-impact run to compute the scores.")
    return " ".join(parts)


def print_check(console: Console, result: CheckResult) -> None:
    """Print the counts per source, the review flags, the quota table and the quality files written."""
    print_imports(console, result.collection.imports)
    print_sources(console, result)
    print_review_flags(console, result, "quality_flags.csv")
    print_quota(console, result.collection.quota)
    found = {code: count for code, count in result.report.check_counts().items() if count}
    console.print(_("Checks with findings: {checks}").format(
        checks=", ".join(f"{code} {format_integer(count)}" for code, count in found.items()) or "-"),
        highlight=False, soft_wrap=True, markup=False)
    console.print(_("Files written:"))
    for path in result.outputs:
        console.print(f"  {path}", highlight=False, soft_wrap=True, markup=False)
