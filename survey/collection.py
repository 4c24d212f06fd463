"""Collect a survey: read every source, normalize its rows, run the first checks, count per source."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from smartcity_impact.i18n import gettext as _
from survey.checks import Assessment, assess_responses
from survey.columns import check_routed_dimensions, match_columns
from survey.config import SurveyConfig
from survey.normalization import normalize_table
from survey.pseudonyms import survey_pseudonymizer
from survey.quotas import QuotaCell, quota_status
from survey.readers import read_source
from survey.responses import Problem, Response

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
    """Everything the first checks decided about a survey's responses."""

    assessments: tuple[Assessment, ...]
    source_counts: tuple[SourceCount, ...]
    quota: tuple[QuotaCell, ...]

    @property
    def valid(self) -> list[Assessment]:
        """The valid responses."""
        return [a for a in self.assessments if a.valid]

    @property
    def excluded(self) -> list[Assessment]:
        """The excluded responses, in source and row order."""
        return [a for a in self.assessments if not a.valid]


def collect_survey(config: SurveyConfig, exact_quota: bool = False, progress=None) -> Collection:
    """Read all sources of ``config`` and return the checked responses with counts per source.

    ``progress``, when given, is called with each source before it is read.

    Personal data is pseudonymized with the key of the survey folder, which is created on the first run.

    Raises:
        ReadError: a source cannot be read or its columns cannot be matched.
        SmartCityImpactError: the pseudonym key cannot be created or read.
    """
    pseudonymizer = survey_pseudonymizer(config.directory)
    responses: list[Response] = []
    blank_rows: dict[str, int] = {}
    for source in config.sources:
        if progress:
            progress(source)
        table = read_source(source)
        column_map = match_columns(table, config.instrument, source.columns, config.designs)
        normalized = normalize_table(table, column_map, source, config.instrument, pseudonymizer)
        first_rows: dict[str, int] = {}
        for response in normalized:
            if response.declared_dimension:
                first_rows.setdefault(response.declared_dimension, response.row)
        check_routed_dimensions(table, config.instrument, column_map, first_rows)
        responses.extend(normalized)
        blank_rows[source.name] = len(table.blank_rows)

    assessments = assess_responses(responses, config, exact_quota)
    counts = tuple(count_source(source, assessments, blank_rows[source.name]) for source in config.sources)
    return Collection(tuple(assessments), counts, tuple(quota_status(assessments, config)))


def count_source(source, assessments: list[Assessment], blank_rows: int) -> SourceCount:
    """Return the outcome counts of the responses read from ``source``."""
    own = [a for a in assessments if a.response.source == source.name]
    outcomes = [a.outcome for a in own]
    count = SourceCount(source.name, source.path.name, source.mode, len(own), outcomes.count("accepted"),
                        outcomes.count("rejected"), outcomes.count("duplicate"), blank_rows)
    logger.info(_("%s: %d read, %d accepted, %d rejected, %d duplicate"), count.file, count.read, count.accepted,
                count.rejected, count.duplicate)
    return count


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
