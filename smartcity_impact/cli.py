"""The ``smartcity-impact`` command line: parses options, calls the pipeline, prints results.

The language is chosen before the commands are built (``--lang``, then the
environment), so help texts, Click's own messages and results all read in it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from aggregation.writers import CSV_DIALECTS, EXCHANGE_FORMATS
from smartcity_impact import __version__
from smartcity_impact.click_messages import N_, translate_click
from smartcity_impact.errors import SmartCityImpactError
from smartcity_impact.i18n import SUPPORTED_LANGUAGES, language_from_environment, set_language
from smartcity_impact.i18n import gettext as _

logger = logging.getLogger(__name__)

EXIT_INPUT_ERROR = 1
EXIT_REJECTED_INPUT = 2
EXIT_INTERNAL_ERROR = 3
FORMS_FOLDER = "formulir"

# Level names of log records, marked so that the catalogue translates them.
LEVEL_NAMES = (N_("DEBUG"), N_("INFO"), N_("WARNING"), N_("ERROR"), N_("CRITICAL"))


def language_from_arguments(arguments: list[str]) -> str | None:
    """Return the value of ``--lang`` in ``arguments`` when it names a supported language."""
    for index, argument in enumerate(arguments):
        value = None
        if argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
        elif argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        if value in SUPPORTED_LANGUAGES:
            return value
    return None


class TranslatedLevelFormatter(logging.Formatter):
    """Log formatter that writes the level name in the active language."""

    def format(self, record: logging.LogRecord) -> str:
        record.levelname = _(record.levelname)
        return super().format(record)


def configure_logging(verbose: bool) -> None:
    """Send log records to standard error: warnings by default, everything from INFO with ``--verbose``."""
    handler = logging.StreamHandler(sys.stderr)
    layout = "%(levelname)s %(name)s: %(message)s" if verbose else "%(levelname)s: %(message)s"
    handler.setFormatter(TranslatedLevelFormatter(layout))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)


class ScoreType(click.ParamType):
    """A score written with a decimal comma or point (3,55 or 3.55), read as a Decimal."""

    name = "score"

    def convert(self, value, param, ctx):
        from smartcity_impact.evaluate import parse_score_text

        if not isinstance(value, str):
            return value
        number = parse_score_text(value)
        if number is None:
            self.fail(_("'{value}' is not a score such as 3,55.").format(value=value), param, ctx)
        return number


SCORE = ScoreType()


def lang_option(function):
    """Add ``--lang``; its value is read before parsing, so the option itself only documents it."""
    return click.option("--lang", type=click.Choice(SUPPORTED_LANGUAGES), expose_value=False, is_eager=True,
                        help=_("Language of messages and files: id (Indonesian, default) or en."))(function)


def db_option(function):
    """Add ``--db URL``: the response store to use instead of the one survey.toml names."""
    return click.option("--db", "db_url", metavar="URL", envvar="SMARTCITY_IMPACT_DB",
                        help=_("Response store: a database URL such as postgresql+psycopg://user@host/database "
                               "(default: [store] url of survey.toml, else a SQLite file in SURVEY_DIR).")
                        )(function)


def result_options(function):
    """Add the options of the commands that check a survey and write result files: --out, --exact-quota,
    --csv-dialect, --db, --verbose and --lang."""
    decorators = [
        click.option("--out", "out_dir", metavar="DIR",
                     help=_("Folder for the result files (default: SURVEY_DIR/hasil).")),
        click.option("--exact-quota", is_flag=True,
                     help=_("Use exactly the quota per cell: the first valid respondents by submission time.")),
        click.option("--csv-dialect", type=click.Choice(CSV_DIALECTS), default="standard", show_default=True,
                     help=_("CSV format: standard (comma, decimal point) or excel-id (semicolon, decimal comma, "
                            "for Excel with Indonesian settings).")),
        db_option,
        click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched).")),
        lang_option,
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def build_cli() -> click.Group:
    """Build the command group with help texts in the active language."""

    @click.group(help=_("Turn Impact survey responses into the 54 item scores and the Impact score."),
                 context_settings={"help_option_names": ["-h", "--help"]}, options_metavar=_("[OPTIONS]"),
                 subcommand_metavar=_("COMMAND [ARGS]..."))
    @click.version_option(__version__, prog_name="smartcity-impact")
    @lang_option
    def cli() -> None:
        pass

    @cli.command("run", help=_("Read every source of SURVEY_DIR, check the responses, compute the scores and "
                               "write the result files. Exit status 2 means the results were written but some "
                               "rows were rejected as unreadable input."), options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @result_options
    def run_command(survey_dir: str, out_dir: str | None, exact_quota: bool, csv_dialect: str, db_url: str | None,
                    verbose: bool) -> None:
        from rich.console import Console

        from smartcity_impact.pipeline import run_survey
        from smartcity_impact.report import print_run
        from survey.collection import input_defects

        configure_logging(verbose)
        console = Console()
        result = run_survey(survey_dir, out_dir, exact_quota, csv_dialect, progress=announcer(console), db_url=db_url)
        print_run(console, result, Console(stderr=True))
        if input_defects(result.collection):
            sys.exit(EXIT_REJECTED_INPUT)

    @cli.command("form", help=_("Write a printable paper form for each quota cell of SURVEY_DIR (HTML, A4), with "
                                "the item codes that the typed paper-form file uses."), options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @click.option("--cell", "cells", multiple=True, metavar="CELL",
                  help=_("Quota cell to print, such as governance or economy.II; repeat for several "
                         "(default: every cell)."))
    @click.option("--out", "out_dir", metavar="DIR", help=_("Folder for the forms (default: SURVEY_DIR/formulir)."))
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched)."))
    @lang_option
    def form_command(survey_dir: str, cells: tuple[str, ...], out_dir: str | None, verbose: bool) -> None:
        from survey.config import load_survey_config
        from survey.forms import write_paper_forms

        configure_logging(verbose)
        config = load_survey_config(survey_dir)
        out = Path(out_dir) if out_dir else config.directory / FORMS_FOLDER
        paths = write_paper_forms(config, out, list(cells))
        click.echo(_("Files written:"))
        for path in paths:
            click.echo(f"  {path}")

    @cli.command("export", help=_("Write the table of every response of SURVEY_DIR, one row per response with its "
                                  "status, reason codes and answers and without personal data, for analysis in "
                                  "SPSS, Stata or a spreadsheet."), options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @click.option("--format", "formats", multiple=True, type=click.Choice(EXCHANGE_FORMATS),
                  help=_("File format: csv, xlsx, parquet, sav (SPSS) or dta (Stata); repeat for several "
                         "(default: all five)."))
    @click.option("--out", "out_dir", metavar="DIR", help=_("Folder for the files (default: SURVEY_DIR/hasil)."))
    @click.option("--exact-quota", is_flag=True,
                  help=_("Use exactly the quota per cell: the first valid respondents by submission time."))
    @db_option
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched)."))
    @lang_option
    def export_command(survey_dir: str, formats: tuple[str, ...], out_dir: str | None, exact_quota: bool,
                       db_url: str | None, verbose: bool) -> None:
        from smartcity_impact.pipeline import results_folder
        from survey.collection import collect_survey
        from survey.config import load_survey_config
        from survey.exchange import response_table, write_responses

        configure_logging(verbose)
        config = load_survey_config(survey_dir)
        collection = collect_survey(config, exact_quota, db_url=db_url)
        out = results_folder(config, out_dir)
        selected = tuple(dict.fromkeys(formats)) or EXCHANGE_FORMATS
        table = response_table(collection, config.instrument)
        paths = write_responses(table, config.instrument, out, selected)
        click.echo(_("Files written:"))
        for path in paths:
            click.echo(f"  {path}")

    @cli.command("ingest", help=_("Import the sources of SURVEY_DIR (all, or each SOURCE given by name or file) "
                                  "into the response store: only new rows, and edited rows as new versions. "
                                  "Exit status 1 means a file could not be imported; the store keeps its "
                                  "earlier rows of that file."), options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @click.argument("sources", nargs=-1, metavar="[SOURCE]...")
    @db_option
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched)."))
    @lang_option
    def ingest_command(survey_dir: str, sources: tuple[str, ...], db_url: str | None, verbose: bool) -> None:
        from rich.console import Console

        from smartcity_impact.fieldwork import ingest_survey
        from smartcity_impact.report import print_ingest

        configure_logging(verbose)
        console = Console()
        result = ingest_survey(survey_dir, sources, db_url, progress=announcer(console))
        print_ingest(console, result, Console(stderr=True))
        if result.failures:
            sys.exit(EXIT_INPUT_ERROR)

    @cli.command("login", help=_("Log in to Google in the browser for a google_sheet source of SURVEY_DIR whose "
                                 "credentials file is an OAuth client (default: the first such source), and store "
                                 "the login in the survey folder for ingest and run."), options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @click.argument("source", required=False, metavar="[SOURCE]")
    @click.option("--no-browser", is_flag=True, help=_("Print the login address instead of opening a browser."))
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched)."))
    @lang_option
    def login_command(survey_dir: str, source: str | None, no_browser: bool, verbose: bool) -> None:
        from smartcity_impact.fieldwork import log_in_survey

        configure_logging(verbose)
        path = log_in_survey(survey_dir, source, open_browser=not no_browser)
        click.echo(_("Google login stored in {path}. Do not share this file: it opens the sheet.").format(path=path))

    @cli.command("status", help=_("Show the quota progress of SURVEY_DIR per cell and mode, the latest import of "
                                  "each source and what is still missing, from the response store only."),
                 options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @db_option
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched)."))
    @lang_option
    def status_command(survey_dir: str, db_url: str | None, verbose: bool) -> None:
        from rich.console import Console

        from smartcity_impact.fieldwork import survey_status
        from smartcity_impact.report import print_status

        configure_logging(verbose)
        print_status(Console(), survey_status(survey_dir, db_url))

    @cli.command("compare-entries", help=_("Compare two keyings of the same paper forms (double data entry): pair "
                                           "the rows of FIRST and SECOND by form number, compare every column both "
                                           "files have, print the disagreements and write them to "
                                           "perbandingan_entri.csv. Exit status 2 means the file was written but "
                                           "the keyings disagree or some forms are in one file only."),
                 options_metavar=_("[OPTIONS]"))
    @click.argument("first", metavar="FIRST")
    @click.argument("second", metavar="SECOND")
    @click.option("--form-column", metavar="TITLE",
                  help=_("Title of the form-number column (default: a column such as 'No. Formulir')."))
    @click.option("--partial", is_flag=True,
                  help=_("SECOND contains a sample of the forms: forms only in FIRST do not set exit status 2."))
    @click.option("--out", "out_dir", metavar="DIR", help=_("Folder for perbandingan_entri.csv (default: the folder "
                                                            "of FIRST)."))
    @click.option("--csv-dialect", type=click.Choice(CSV_DIALECTS), default="standard", show_default=True,
                  help=_("CSV format: standard (comma, decimal point) or excel-id (semicolon, decimal comma, "
                         "for Excel with Indonesian settings)."))
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched)."))
    @lang_option
    def compare_entries_command(first: str, second: str, form_column: str | None, partial: bool, out_dir: str | None,
                                csv_dialect: str, verbose: bool) -> None:
        from rich.console import Console

        from smartcity_impact.entry_check import check_entries, print_entry_check

        configure_logging(verbose)
        check = check_entries(first, second, form_column, out_dir, csv_dialect)
        print_entry_check(Console(), check, partial)
        if not check.comparison.keyings_agree(partial):
            sys.exit(EXIT_REJECTED_INPUT)

    @cli.command("check", help=_("Import and check the responses of SURVEY_DIR and write the quality report: "
                                 "quality_flags.csv and laporan_kualitas.html. run writes them too. Exit status 2 "
                                 "means the report was written but some rows were rejected as unreadable input."),
                 options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @result_options
    def check_command(survey_dir: str, out_dir: str | None, exact_quota: bool, csv_dialect: str, db_url: str | None,
                      verbose: bool) -> None:
        from rich.console import Console

        from smartcity_impact.pipeline import check_survey
        from smartcity_impact.report import print_check
        from survey.collection import input_defects

        configure_logging(verbose)
        console = Console()
        result = check_survey(survey_dir, out_dir, exact_quota, csv_dialect, progress=announcer(console),
                              db_url=db_url)
        print_check(console, result)
        if input_defects(result.collection):
            sys.exit(EXIT_REJECTED_INPUT)

    @cli.command("review", help=_("Record a review decision on flagged responses of SURVEY_DIR: keep them, or "
                                  "exclude them from the scores. The decision applies from the next run on and "
                                  "appears in the correction log."), options_metavar=_("[OPTIONS]"))
    @click.argument("survey_dir", metavar="SURVEY_DIR")
    @click.argument("response_ids", nargs=-1, required=True, metavar=_("RESPONSE..."))
    @click.option("--keep", is_flag=True, help=_("Reviewed: keep the responses."))
    @click.option("--exclude", is_flag=True, help=_("Exclude the responses from the scores."))
    @click.option("--initials", required=True, metavar=_("INITIALS"), help=_("Initials of the person who decided."))
    @click.option("--reason", metavar=_("TEXT"), help=_("Why, for the correction log."))
    @db_option
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, columns matched)."))
    @lang_option
    def review_command(survey_dir: str, response_ids: tuple[str, ...], keep: bool, exclude: bool, initials: str,
                       reason: str | None, db_url: str | None, verbose: bool) -> None:
        from smartcity_impact.fieldwork import review_responses

        configure_logging(verbose)
        if keep == exclude:
            raise click.UsageError(_("Give either --keep or --exclude."))
        recorded = review_responses(survey_dir, response_ids, "keep" if keep else "exclude", initials, reason,
                                    db_url)
        click.echo(_("{count} review decisions recorded; they apply from the next run on.").format(count=recorded))

    @cli.command("evaluate", help=_("Compute the evaluation's Nilai Final. INPUT is a national results table "
                                    "(every row is recomputed, checked and ranked), a region's question scores, a "
                                    "survey folder or its impact_summary.json; scores not in INPUT are given as "
                                    "options. Exit status 2 means some table rows were rejected."),
                 options_metavar=_("[OPTIONS]"))
    @click.argument("input_path", metavar="INPUT", required=False)
    @click.option("--out", "out_dir", metavar="DIR",
                  help=_("Folder for the result files (default for a national table: ./hasil; a single region's "
                         "files are written only with --out)."))
    @click.option("--baseline", type=SCORE, help=_("Baseline score, such as 3,80."))
    @click.option("--output", type=SCORE, help=_("Output score."))
    @click.option("--outcome", type=SCORE, help=_("Outcome score."))
    @click.option("--impact", type=SCORE, help=_("Impact score."))
    @click.option("--quick-win", "quick_wins", type=SCORE, help=_("Quick Win score."))
    @click.option("--kolaborasi", "program_kolaborasi", type=SCORE,
                  help=_("Program Kolaborasi score (KPPN IKN only; counts as 0 when missing)."))
    @click.option("--category", metavar="CATEGORY", help=_("Category: REGULER or \"KPPN IKN\"."))
    @click.option("--year", type=int, help=_("Evaluation year whose rules apply (default: the input's year, else "
                                             "the latest)."))
    @click.option("--previous-final", type=SCORE,
                  help=_("Previous year's Nilai Final, for the Tingkat Improvement."))
    @click.option("--target", type=SCORE, help=_("Target Nilai Final: prints the Impact score needed for it."))
    @click.option("--region", "region_name", metavar="NAME",
                  help=_("Region of the national table to show, with the what-if of --target."))
    @click.option("--threshold", type=click.FloatRange(0, 100), default=90, show_default=True,
                  help=_("Lowest similarity (0-100) at which a published region name is matched to the official "
                         "list without being reported."))
    @click.option("--csv-dialect", type=click.Choice(CSV_DIALECTS), default="standard", show_default=True,
                  help=_("CSV format: standard (comma, decimal point) or excel-id (semicolon, decimal comma, "
                         "for Excel with Indonesian settings)."))
    @click.option("-v", "--verbose", is_flag=True, help=_("Also print each step (files read, names matched)."))
    @lang_option
    def evaluate_command(input_path: str | None, out_dir: str | None, category: str | None, year: int | None,
                         previous_final, target, region_name: str | None, threshold: float, csv_dialect: str,
                         verbose: bool, **scores) -> None:
        from rich.console import Console

        from smartcity_impact.evaluate import EvaluateRequest, run_evaluate

        configure_logging(verbose)
        request = EvaluateRequest(Path(input_path) if input_path else None, Path(out_dir) if out_dir else None,
                                  {code: score for code, score in scores.items() if score is not None}, category,
                                  year, previous_final, target, region_name, threshold, csv_dialect)
        status = run_evaluate(request, Console(), Console(stderr=True))
        if status:
            sys.exit(status)

    return cli


def announcer(console):
    """Return a progress callback that prints the file of each source before it is read."""
    def announce(source) -> None:
        console.print(_("Reading {file} ...").format(file=source.label), highlight=False, markup=False)
    return announce


def main(arguments: list[str] | None = None) -> None:
    """Entry point of ``smartcity-impact``.

    Exit codes: 0 success; 1 an input or configuration error stopped the work;
    2 results were written but some rows were rejected as unreadable input;
    3 an internal error.
    """
    arguments = list(sys.argv[1:] if arguments is None else arguments)
    set_language(language_from_arguments(arguments) or language_from_environment())
    translate_click()
    cli = build_cli()

    try:
        cli.main(args=arguments, prog_name="smartcity-impact", standalone_mode=False)
    except click.exceptions.Exit as exit_request:
        sys.exit(exit_request.exit_code)
    except click.ClickException as err:
        err.show()
        # Click exits with 2 on a usage error, but 2 here means that results were written.
        sys.exit(EXIT_INPUT_ERROR)
    except click.Abort:
        click.echo(_("Aborted!"), err=True)
        sys.exit(EXIT_INPUT_ERROR)
    except SmartCityImpactError as err:
        click.echo(_("Error: {message}").format(message=err.render()), err=True)
        sys.exit(EXIT_INPUT_ERROR)
    except Exception:  # noqa: BLE001 - the last guard before a user would see a traceback
        logger.debug("internal error", exc_info=True)
        click.echo(_("Internal error: the toolkit failed unexpectedly. Run again with --verbose and report the "
                     "output to the developers."), err=True)
        if "--verbose" in arguments or "-v" in arguments:
            logging.getLogger(__name__).exception("internal error")
        sys.exit(EXIT_INTERNAL_ERROR)
