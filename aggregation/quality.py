"""The content of the quality report: every check's findings and the statistics assessors ask for.

``quality_report`` gathers, from the checked responses of a survey, the items
whose answers barely vary, the enumerator dashboard, the mode comparison, the
reliability table, the "don't know" and missing rates per item and the
double data entry comparisons; the responses, their findings and the
correction log come with the collection. ``flag_rows`` are the rows of
``quality_flags.csv``: one per response and finding, pseudonymized.
aggregation.quality_report renders all of it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from aggregation.mode_effect import ModeEffect, estimate_mode_effects
from aggregation.nonresponse import ItemNonresponse, estimate_item_nonresponse
from aggregation.reliability import ReliabilityEstimates, estimate_reliability
from smartcity_impact.i18n import gettext as _
from survey.collection import Collection
from survey.config import SurveyConfig
from survey.decisions import latest_of
from survey.enumerators import EnumeratorSummary, summarize_enumerators
from survey.exclusions import column_label, shown
from survey.patterns import NearZeroItem, near_zero_variance_items
from survey.reasons import REASONS, describe_reason, severity_of

logger = logging.getLogger(__name__)

NEAR_ZERO_VARIANCE = "near-zero-variance"


@dataclass(frozen=True)
class QualityReport:
    """Everything the quality report shows; built by ``quality_report``."""

    config: SurveyConfig
    collection: Collection
    near_zero: tuple[NearZeroItem, ...]
    enumerators: tuple[EnumeratorSummary, ...]
    mode_effects: dict[str, ModeEffect]
    reliability: ReliabilityEstimates
    item_nonresponse: dict[int, ItemNonresponse]
    entry_comparisons: tuple = ()
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))

    def check_counts(self) -> dict[str, int]:
        """Return, for every code, the responses it was found on (the items, for near-zero variance)."""
        counts = {code: 0 for code in REASONS}
        for assessment in self.collection.assessments:
            for code in {problem.code for problem in (*assessment.reasons, *assessment.flags)}:
                counts[code] = counts.get(code, 0) + 1
        counts[NEAR_ZERO_VARIANCE] = len(self.near_zero)
        return counts


def quality_report(config: SurveyConfig, collection: Collection) -> QualityReport:
    """Return the quality report of the checked responses in ``collection``."""
    assessments = list(collection.assessments)
    thresholds = config.thresholds
    near_zero = near_zero_variance_items(assessments, thresholds["near_zero_variance_share"],
                                         int(thresholds["near_zero_variance_minimum"]))
    return QualityReport(
        config=config,
        collection=collection,
        near_zero=tuple(near_zero),
        enumerators=tuple(summarize_enumerators(assessments, config.instrument)),
        mode_effects=estimate_mode_effects(assessments, config.instrument),
        reliability=estimate_reliability(assessments, config.instrument),
        item_nonresponse=estimate_item_nonresponse(assessments, config.instrument),
        entry_comparisons=collection.entry_comparisons,
    )


def flags_header() -> list[str]:
    """Return the column titles of quality_flags.csv in the active language."""
    return [_("response"), _("respondent pseudonym"), _("source"), _("file"), _("row"), _("mode"), _("enumerator"),
            _("cell"), _("code"), _("severity"), _("description"), _("column"), _("value"), _("status"),
            _("review decision"), _("initials")]


def flag_rows(collection: Collection) -> list[list[Any]]:
    """Return one row per response and finding (exclusion reason or review flag), in source and row order."""
    reviews = latest_of(collection.review_log)
    rows = []
    for assessment in collection.assessments:
        response = assessment.response
        review = reviews.get(response.response_id)
        for problem in (*assessment.reasons, *assessment.flags):
            rows.append([response.response_id, response.respondent_key, response.source, response.file,
                         response.row, _(response.mode), shown(response.enumerator), assessment.cell,
                         problem.code, _(severity_of(problem.code)), describe_reason(problem.code),
                         column_label(problem.column), shown(problem.value), _(assessment.outcome),
                         _(review.decision) if review else None, review.initials if review else None])
    return rows
