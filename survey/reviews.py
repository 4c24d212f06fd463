"""Review decisions: the coordinator marks a flagged response "reviewed, keep" or "exclude".

Each run writes ``tinjauan_kualitas.xlsx`` in the survey folder with every
response that has a review flag or a review decision. The coordinator fills
in the decision (``simpan`` to keep it, ``keluarkan`` to exclude it), initials
and the reason; ``smartcity-impact review`` records the same from the command
line. survey.decisions reads, records and applies them: an excluded response
gets the reason ``excluded-on-review`` on every later run.
"""

from __future__ import annotations

import logging
from pathlib import Path

from aggregation.writers import Sheet
from smartcity_impact.i18n import gettext as _
from survey.checks import Assessment
from survey.decisions import Decision, DecisionSheet, write_decision_workbook
from survey.store import review_decisions

logger = logging.getLogger(__name__)

WORKBOOK_FILE = "tinjauan_kualitas.xlsx"
REVIEW_CODES = ("keep", "exclude")


def workbook_header() -> list[str]:
    """Return the column titles of the review workbook in the active language."""
    return [_("Response"), _("Source"), _("File"), _("Row"), _("Cell"), _("Flags"), _("Status now"),
            _("Decision"), _("Initials"), _("Reason")]


REVIEW_SHEET = DecisionSheet(
    table=review_decisions, id_column=0, decision_column=7, initials_column=8, note_column=9,
    words={"keep": ("simpan", "keep", "tetap", "reviewed, keep"), "exclude": ("keluarkan", "exclude")},
    header=workbook_header,
)


def workbook_path(directory: Path) -> Path:
    """Return where the review workbook of the survey folder ``directory`` is."""
    return directory / WORKBOOK_FILE


def review_words() -> list[str]:
    """Return the review decision words offered in the workbook, in the active language."""
    return [_("keep"), _("exclude")]


def write_review_workbook(path: Path, assessments: list[Assessment], decisions: dict[str, Decision]) -> bool:
    """Write every flagged or reviewed response with its decision; return False when there is none."""
    rows = [review_row(a, decisions.get(a.response.response_id)) for a in assessments
            if a.flags or a.response.response_id in decisions]
    if not rows and not path.exists():
        return False
    write_decision_workbook(path, Sheet(_("Review"), workbook_header(), rows,
                                        choices={REVIEW_SHEET.decision_column: tuple(review_words())}))
    logger.info(_("%s: %d flagged responses written"), path.name, len(rows))
    return True


def review_row(assessment: Assessment, decision: Decision | None) -> list:
    """Return the workbook row of one flagged or reviewed response."""
    response = assessment.response
    words = dict(zip(REVIEW_CODES, review_words()))
    status = _("kept") if assessment.valid else _("excluded")
    return [response.response_id, response.source, response.file, response.row, assessment.cell or "",
            ", ".join(flag.code for flag in assessment.flags), status,
            words[decision.decision] if decision else "", decision.initials if decision else "",
            decision.note if decision and decision.note else ""]
