"""The duplicates workbook: the coordinator's keep / drop / different-person decisions on duplicate groups.

As with the World Bank's ``ieduplicates``, each run writes every duplicate
group into ``duplikat_responden.xlsx`` in the survey folder, one row per
member, with the decisions so far. The coordinator fills in the decision,
initials and a note; survey.decisions reads, records and applies them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from aggregation.writers import Sheet
from smartcity_impact.i18n import gettext as _
from survey.checks import Assessment
from survey.decisions import Decision, DecisionSheet, write_decision_workbook
from survey.store import duplicate_decisions

logger = logging.getLogger(__name__)

WORKBOOK_FILE = "duplikat_responden.xlsx"


def workbook_header() -> list[str]:
    """Return the column titles of the duplicates workbook in the active language."""
    return [_("Group"), _("Response"), _("Source"), _("File"), _("Row"), _("Submitted at"), _("Cell"),
            _("Shared"), _("Status now"), _("Decision"), _("Initials"), _("Note")]


DUPLICATES_SHEET = DecisionSheet(
    table=duplicate_decisions, id_column=1, decision_column=9, initials_column=10, note_column=11,
    words={"keep": ("simpan", "keep", "pertahankan"), "drop": ("buang", "drop", "keluarkan"),
           "different": ("berbeda", "different", "orang berbeda", "different person")},
    header=workbook_header,
)


def workbook_path(directory: Path) -> Path:
    """Return where the duplicates workbook of the survey folder ``directory`` is."""
    return directory / WORKBOOK_FILE


def decision_words() -> list[str]:
    """Return the decision words offered in the workbook, in the active language."""
    return [_("keep"), _("drop"), _("different")]


def write_duplicates_workbook(path: Path, assessments: list[Assessment], decisions: dict[str, Decision]) -> bool:
    """Write every duplicate group, one row per member, with its decision; return False when there is none.

    An existing workbook is rewritten even when no group is left, so it never
    shows groups that are gone.
    """
    rows = []
    for assessment in assessments:
        for group, shared in assessment.duplicate_groups:
            rows.append(member_row(group, shared, assessment, decisions.get(assessment.response.response_id)))
    if not rows and not path.exists():
        return False
    rows.sort(key=lambda row: (row[0], row[5] or "", row[1]))
    write_decision_workbook(path, Sheet(_("Duplicates"), workbook_header(), rows,
                                        choices={DUPLICATES_SHEET.decision_column: tuple(decision_words())}))
    logger.info(_("%s: %d members of duplicate groups written"), path.name, len(rows))
    return True


def member_row(group: str, shared: str, assessment: Assessment, decision: Decision | None) -> list:
    """Return the workbook row of one member of a duplicate group."""
    response = assessment.response
    words = dict(zip(DUPLICATES_SHEET.words, decision_words()))
    status = _("kept") if assessment.valid else _("excluded")
    return [group, response.response_id, response.source, response.file, response.row,
            response.submitted_at.isoformat(timespec="minutes") if response.submitted_at else "",
            assessment.cell or "", _("identical") if shared == "identical" else shared, status,
            words[decision.decision] if decision else "", decision.initials if decision else "",
            decision.note if decision and decision.note else ""]
