"""Collect a survey: import its sources into the store, run the first checks over the store, count per source."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from smartcity_impact.i18n import gettext as _
from survey.checks import Assessment, assess_responses
from survey.config import SurveyConfig
from survey.decisions import Decision, decision_log, latest_decisions, read_decisions, record_decisions
from survey.double_entry import EntryComparison, compare_source_entries
from survey.duplicates import DUPLICATES_SHEET, write_duplicates_workbook
from survey.duplicates import workbook_path as duplicates_workbook
from survey.enumerators import check_identical_answers, identical_answers_flags
from survey.ingest import FileImport, ingest_sources
from survey.pseudonyms import survey_pseudonymizer
from survey.quotas import QuotaCell, quota_status
from survey.responses import Problem, Response
from survey.reviews import REVIEW_SHEET, write_review_workbook
from survey.reviews import workbook_path as review_workbook
from survey.store import (Store, current_responses, duplicate_decisions, import_batches, latest_batches, open_store,
                          review_decisions, stored_sources)

logger = logging.getLogger(__name__)

INPUT_DEFECT_CODES = ("out-of-range", "unreadable-answer", "extra-cells", "conflicting-answers", "row-in-one-cell")


@dataclass(frozen=True)
class SourceCount:
    """Rows of one source file by outcome; ``read == accepted + rejected + duplicate``."""

    source: str
    file: str
    mode: str
    read: int
    accepted: int
    rejected: int
    duplicate: int
    blank_rows: int


@dataclass(frozen=True)
class Collection:
    """Everything the first checks decided about a survey's responses, and the imports that fed them."""

    assessments: tuple[Assessment, ...]
    source_counts: tuple[SourceCount, ...]
    quota: tuple[QuotaCell, ...]
    imports: tuple[FileImport, ...] = ()
    store: str | None = None
    duplicate_log: tuple[Decision, ...] = ()
    review_log: tuple[Decision, ...] = ()
    entry_comparisons: tuple[EntryComparison, ...] = ()

    @property
    def valid(self) -> list[Assessment]:
        """The valid responses."""
        return [a for a in self.assessments if a.valid]

    @property
    def excluded(self) -> list[Assessment]:
        """The excluded responses, in source and row order."""
        return [a for a in self.assessments if not a.valid]


def collect_survey(config: SurveyConfig, exact_quota: bool = False, progress=None,
                   db_url: str | None = None) -> Collection:
    """Import every source of ``config`` into the survey's store, then check all stored responses.

    ``progress``, when given, is called with each source before it is read.
    ``db_url`` overrides the store of survey.toml (default: the SQLite file in
    the survey folder). Personal data is pseudonymized with the key of the
    survey folder, which is created on the first run.

    Raises:
        ReadError: a source cannot be read or its columns cannot be matched;
            the other sources are imported all the same.
        StoreError: the store cannot be opened or belongs to another survey.
        SmartCityImpactError: the pseudonym key cannot be created or read.
    """
    pseudonymizer = survey_pseudonymizer(config.directory)
    store = open_store(config, pseudonymizer, db_url)
    try:
        imports, failures = ingest_sources(store, config, pseudonymizer, progress=progress)
        if failures:
            raise failures[0].error
        comparisons = tuple(compare_source_entries(config))
        return collect_from_store(store, config, exact_quota, tuple(imports), comparisons=comparisons)
    finally:
        store.close()


def collect_from_store(store: Store, config: SurveyConfig, exact_quota: bool = False,
                       imports: tuple[FileImport, ...] = (), record: bool = True,
                       comparisons: tuple[EntryComparison, ...] = ()) -> Collection:
    """Check the current responses of the sources of ``config`` in ``store``.

    With ``record``, the outcome counts of each source are stored on its latest import.
    ``comparisons`` (double data entry) flag the forms whose second keying differs.

    The coordinator's decisions in the duplicates and review workbooks are
    recorded and applied first, and both workbooks are written anew after the
    checks.
    A response that the latest import of its file no longer has stays in the
    store and is excluded as ``removed-from-source``. Sources in the store but
    not in survey.toml are left out, with a warning.
    """
    names = [source.name for source in config.sources]
    with store.engine.connect() as connection:
        stored = current_responses(connection, names)
        batches = latest_batches(connection)
        warn_unconfigured(stored_sources(connection), names)
    sheets = ((DUPLICATES_SHEET, duplicates_workbook(config.directory)),
              (REVIEW_SHEET, review_workbook(config.directory)))
    if record:
        known = {response.response_id for response, _removed in stored}
        for sheet, path in sheets:
            record_decisions(store, sheet.table, read_decisions(sheet, path, known))
    with store.engine.connect() as connection:
        duplicates = latest_decisions(connection, duplicate_decisions)
        reviews = latest_decisions(connection, review_decisions)
        log = tuple(decision_log(connection, duplicate_decisions)), tuple(decision_log(connection, review_decisions))

    responses = [with_removal(response) if removed else response for response, removed in stored]
    present = {response.response_id for response, removed in stored if not removed}
    assessments = assess_survey(responses, config, exact_quota, {k: d.decision for k, d in duplicates.items()},
                                {k: d.decision for k, d in reviews.items()})
    assessments = with_entry_flags(assessments, comparisons)
    counts = tuple(count_source(source, [a for a in assessments if a.response.response_id in present],
                                batches.get(source.name)) for source in config.sources)
    if record:
        record_counts(store, counts, batches)
        write_duplicates_workbook(sheets[0][1], assessments, duplicates)
        write_review_workbook(sheets[1][1], assessments, reviews)
    return Collection(tuple(assessments), counts, tuple(quota_status(assessments, config)), imports, store.location,
                      *log, comparisons)


def assess_survey(responses: list[Response], config: SurveyConfig, exact_quota: bool = False,
                  duplicates: dict[str, str] | None = None, reviews: dict[str, str] | None = None
                  ) -> list[Assessment]:
    """Return the assessment of every response: the checks of survey.checks, then the enumerator checks.

    ``duplicates`` and ``reviews`` map response ids to the coordinator's decisions.
    """
    assessments = assess_responses(responses, config, exact_quota, duplicates, reviews)
    return with_enumerator_flags(assessments, config)


def with_enumerator_flags(assessments: list[Assessment], config: SurveyConfig) -> list[Assessment]:
    """Flag each form of a group of one enumerator's forms with identical answers in one cell.

    Only groups of at least ``enumerator_identical_minimum`` forms count: with
    nine items on a four-point scale, two respondents often agree by chance.
    """
    minimum = int(config.thresholds["enumerator_identical_minimum"])
    groups = [group for group in check_identical_answers(assessments, config.instrument)
              if len(group.response_ids) >= minimum]
    flags = identical_answers_flags(groups)
    return [dataclasses.replace(a, flags=a.flags + (flags[a.response.response_id],))
            if a.response.response_id in flags else a for a in assessments]


def with_entry_flags(assessments: list[Assessment], comparisons: tuple[EntryComparison, ...]) -> list[Assessment]:
    """Flag each response whose paper form the second keying disagrees with, naming the columns.

    A form is found by its source and form number (leading zeros ignored, as
    the comparison matches them).
    """
    columns: dict[tuple[str, str], list[str]] = {}
    for comparison in comparisons:
        for disagreement in comparison.disagreements:
            key = (comparison.source, disagreement.form_number.lstrip("0"))
            columns.setdefault(key, []).append(disagreement.column)

    flagged = []
    for assessment in assessments:
        response = assessment.response
        found = columns.get((response.source, (response.form_number or "").lstrip("0")))
        if found:
            problem = Problem("entry-disagreement", None, ", ".join(found))
            assessment = dataclasses.replace(assessment, flags=assessment.flags + (problem,))
        flagged.append(assessment)
    return flagged


def with_removal(response: Response) -> Response:
    """Return ``response`` with the reason that its file no longer has it."""
    problem = Problem("removed-from-source", None, response.file)
    return dataclasses.replace(response, problems=response.problems + (problem,))


def warn_unconfigured(stored: dict[str, int], names: list[str]) -> None:
    """Warn about sources whose responses are in the store but which survey.toml no longer lists."""
    for source, count in sorted(stored.items()):
        if source not in names:
            logger.warning(_("source %s is in the store (%d responses) but not in survey.toml; its responses "
                             "are left out"), source, count)


def count_source(source, assessments: list[Assessment], batch: dict | None) -> SourceCount:
    """Return the outcome counts of the responses of ``source`` that its latest import has."""
    own = [a for a in assessments if a.response.source == source.name]
    outcomes = [a.outcome for a in own]
    file_name = batch["file_name"] if batch else source.label
    count = SourceCount(source.name, file_name, source.mode, len(own), outcomes.count("accepted"),
                        outcomes.count("rejected"), outcomes.count("duplicate"), batch["blank_rows"] if batch else 0)
    logger.info(_("%s: %d read, %d accepted, %d rejected, %d duplicate"), count.file, count.read, count.accepted,
                count.rejected, count.duplicate)
    return count


def record_counts(store: Store, counts: tuple[SourceCount, ...], batches: dict[str, dict]) -> None:
    """Store each source's outcome counts on its latest import batch."""
    updates = [{"batch": batches[c.source]["id"], "new_accepted": c.accepted, "new_rejected": c.rejected,
                "new_duplicate": c.duplicate} for c in counts if c.source in batches]
    if not updates:
        return
    with store.engine.begin() as connection:
        connection.execute(sa.update(import_batches).where(import_batches.c.id == sa.bindparam("batch")).values(
            accepted=sa.bindparam("new_accepted"), rejected=sa.bindparam("new_rejected"),
            duplicate=sa.bindparam("new_duplicate")), updates)


def input_defects(collection: Collection) -> list[tuple[Response, Problem]]:
    """Return the (response, problem) pairs of cells rejected as unreadable input, in source and row order.

    These are faults in the file (a typo, a shifted row) that the coordinator
    can correct, unlike duplicates or incomplete forms.
    """
    return [(a.response, problem) for a in collection.assessments for problem in a.reasons
            if problem.code in INPUT_DEFECT_CODES]


def answers_table(collection: Collection, config: SurveyConfig) -> pd.DataFrame:
    """Return the answers of valid responses as a tidy table for the estimates.

    Columns: response_id, mode, cell, dimension, sub_dimension, item, value.
    """
    records = []
    for assessment in collection.valid:
        response = assessment.response
        for number, value in response.answers.items():
            item = config.instrument.items_by_number[number]
            records.append((response.response_id, response.mode, assessment.cell, item.dimension,
                            item.sub_dimension, number, value))
    columns = ["response_id", "mode", "cell", "dimension", "sub_dimension", "item", "value"]
    return pd.DataFrame.from_records(records, columns=columns)
