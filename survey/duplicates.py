"""The duplicates workbook: the coordinator's keep / drop / different-person decisions on duplicate groups.

As with the World Bank's ``ieduplicates``, each run writes every duplicate
group into ``duplikat_responden.xlsx`` in the survey folder, one row per
member, with the decisions so far. The coordinator fills in the decision,
initials and a note. The next run reads the workbook before the checks and
records each new or changed decision in the store with the time. Then it
applies the latest decision of every response. Decisions are keyed by response id, so
they survive new imports and regrouping.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from openpyxl import load_workbook

from aggregation.writers import Sheet, write_workbook
from smartcity_impact.errors import ReadError
from smartcity_impact.i18n import gettext as _
from survey.checks import Assessment
from survey.store import Store, duplicate_decisions, now

logger = logging.getLogger(__name__)

WORKBOOK_FILE = "duplikat_responden.xlsx"
# Decision codes, with the words accepted for each in the workbook (either language).
DECISION_WORDS = {
    "keep": ("keep", "simpan", "pertahankan"),
    "drop": ("drop", "buang", "keluarkan"),
    "different": ("different", "berbeda", "orang berbeda", "different person"),
}
NO_DECISION = "none"
ID_COLUMN, DECISION_COLUMN, INITIALS_COLUMN, NOTE_COLUMN = 1, 9, 10, 11
COLUMN_COUNT = 12


@dataclass(frozen=True)
class Decision:
    """A coordinator's decision on one response of a duplicate group."""

    response_id: str
    decision: str
    initials: str
    note: str | None
    recorded_at: dt.datetime | None = None


def workbook_path(directory: Path) -> Path:
    """Return where the duplicates workbook of the survey folder ``directory`` is."""
    return directory / WORKBOOK_FILE


def read_decisions(path: Path, known_ids: set[str]) -> list[Decision]:
    """Return the decisions written in the workbook at ``path`` (none when it does not exist).

    A row with an empty decision is returned with decision ``none``, which
    clears an earlier decision.

    Raises:
        ReadError: the file is not a workbook, a decision word is unknown, a
            decision has no initials, or a response id is not in the store.
    """
    if not path.exists():
        return []
    try:
        worksheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(worksheet.iter_rows(min_row=2, values_only=True))
    except Exception as err:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise ReadError("decisions-unreadable", "The duplicates workbook cannot be opened as an XLSX file.",
                        hint="Save it again from Excel as .xlsx, or delete it to have it written anew.",
                        file=path) from err

    decisions = []
    for row_number, cells in enumerate(rows, start=2):
        cells = list(cells) + [None] * (COLUMN_COUNT - len(cells))
        response_id = text_of(cells[ID_COLUMN])
        if not response_id:
            continue
        if response_id not in known_ids:
            raise ReadError("decisions-unknown-response", "Response '{value}' is not in the store.",
                            hint="Do not edit the response id column; delete the row or the workbook.",
                            file=path, row=row_number, column=header_title(ID_COLUMN), value=response_id)
        decisions.append(decision_of(cells, response_id, path, row_number))
    logger.info(_("%s: %d decisions read"), path.name, sum(1 for d in decisions if d.decision != NO_DECISION))
    return decisions


def decision_of(cells: list, response_id: str, path: Path, row_number: int) -> Decision:
    """Return the decision of one workbook row, checking its word and initials."""
    word = text_of(cells[DECISION_COLUMN]).casefold()
    initials = text_of(cells[INITIALS_COLUMN])
    note = text_of(cells[NOTE_COLUMN]) or None
    if not word:
        return Decision(response_id, NO_DECISION, initials, note)

    code = next((code for code, words in DECISION_WORDS.items() if word in words), None)
    if code is None:
        raise ReadError("decision-unknown", "Decision '{value}' is not one of: {allowed}.",
                        hint="Choose from the drop-down list of the cell.", file=path, row=row_number,
                        column=header_title(DECISION_COLUMN), value=word, allowed=", ".join(decision_words()))
    if not initials:
        raise ReadError("decision-without-initials", "The decision has no initials.",
                        hint="Write the initials of the person who decided.", file=path, row=row_number,
                        column=header_title(INITIALS_COLUMN), value=word)
    return Decision(response_id, code, initials, note)


def text_of(value) -> str:
    """Return a workbook cell as stripped text ('' for an empty cell)."""
    return "" if value is None else str(value).strip()


def decision_words() -> list[str]:
    """Return the decision words offered in the workbook, in the active language."""
    return [_("keep"), _("drop"), _("different")]


def record_decisions(store: Store, decisions: list[Decision], workbook: Path) -> int:
    """Store each decision that differs from the latest stored one of its response; return how many were new."""
    with store.engine.begin() as connection:
        latest = latest_decisions(connection, include_cleared=True)
        new = [d for d in decisions if changed(latest.get(d.response_id), d)]
        if new:
            recorded_at = now()
            connection.execute(sa.insert(duplicate_decisions), [
                {"response_id": d.response_id, "decision": d.decision, "initials": d.initials or "-",
                 "note": d.note, "workbook": workbook.name, "recorded_at": recorded_at} for d in new])
    if new:
        logger.info(_("%d duplicate decisions recorded from %s"), len(new), workbook.name)
    return len(new)


def changed(stored: Decision | None, given: Decision) -> bool:
    """True when ``given`` differs from the stored decision (no stored decision equals an empty one)."""
    if stored is None:
        return given.decision != NO_DECISION
    return (stored.decision, stored.initials, stored.note) != (given.decision, given.initials or "-", given.note) \
        and not (stored.decision == NO_DECISION and given.decision == NO_DECISION)


def latest_decisions(connection: sa.Connection, include_cleared: bool = False) -> dict[str, Decision]:
    """Return the latest decision of each response; cleared ones only with ``include_cleared``."""
    query = sa.select(duplicate_decisions).order_by(duplicate_decisions.c.id)
    latest = {}
    for row in connection.execute(query).mappings():
        latest[row["response_id"]] = Decision(row["response_id"], row["decision"], row["initials"], row["note"],
                                              row["recorded_at"])
    if include_cleared:
        return latest
    return {key: decision for key, decision in latest.items() if decision.decision != NO_DECISION}


def decision_log(connection: sa.Connection) -> list[Decision]:
    """Return every recorded decision, oldest first, for the correction log."""
    query = sa.select(duplicate_decisions).order_by(duplicate_decisions.c.id)
    return [Decision(row["response_id"], row["decision"], row["initials"], row["note"], row["recorded_at"])
            for row in connection.execute(query).mappings()]


def header_title(column: int) -> str:
    """Return the title of workbook column ``column`` (0-based) in the active language."""
    return workbook_header()[column]


def workbook_header() -> list[str]:
    """Return the column titles of the duplicates workbook in the active language."""
    return [_("Group"), _("Response"), _("Source"), _("File"), _("Row"), _("Submitted at"), _("Cell"),
            _("Shared"), _("Status now"), _("Decision"), _("Initials"), _("Note")]


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
    write_workbook(path, [Sheet(_("Duplicates"), workbook_header(), rows,
                                choices={DECISION_COLUMN: tuple(decision_words())})])
    logger.info(_("%s: %d members of duplicate groups written"), path.name, len(rows))
    return True


def member_row(group: str, shared: str, assessment: Assessment, decision: Decision | None) -> list:
    """Return the workbook row of one member of a duplicate group."""
    response = assessment.response
    words = dict(zip(DECISION_WORDS, decision_words()))
    status = _("kept") if assessment.valid else _("excluded")
    return [group, response.response_id, response.source, response.file, response.row,
            response.submitted_at.isoformat(timespec="minutes") if response.submitted_at else "",
            assessment.cell or "", _("identical") if shared == "identical" else shared, status,
            words[decision.decision] if decision else "", decision.initials if decision else "",
            decision.note if decision and decision.note else ""]
