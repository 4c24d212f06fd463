"""Coordinator decisions on single responses, written in a workbook or given on the command line.

Two kinds exist: decisions on duplicate groups (keep / drop / different
person, survey.duplicates) and review decisions on flagged responses (keep /
exclude, survey.reviews). Each kind has its workbook in the survey folder
and its table in the store. A run reads the workbook, records each decision
that differs from the latest stored one with the time, and applies the latest
decision of every response; every recorded decision stays in the store for
the correction log. Decisions are keyed by response id, so they survive new
imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from openpyxl import load_workbook

from aggregation.writers import Sheet, write_atomically, write_workbook
from smartcity_impact.errors import ReadError
from smartcity_impact.i18n import gettext as _
from survey.pseudonyms import KEY_FOLDER
from survey.store import Store, now

logger = logging.getLogger(__name__)

NO_DECISION = "none"
COMMAND_LINE = "command line"
DIGESTS_FILE = "workbooks.json"


@dataclass(frozen=True)
class Decision:
    """A coordinator's decision on one response; ``origin`` is the workbook's file name or ``command line``."""

    response_id: str
    decision: str
    initials: str
    note: str | None
    recorded_at: dt.datetime | None = None
    origin: str | None = None


@dataclass(frozen=True)
class DecisionSheet:
    """The layout of a decisions workbook and the store table its decisions go to.

    Columns are 0-based positions. ``words`` maps each decision code to the
    words accepted for it in the workbook (Indonesian and English).
    """

    table: sa.Table
    id_column: int
    decision_column: int
    initials_column: int
    note_column: int
    words: dict[str, tuple[str, ...]]
    header: Callable[[], list[str]]

    @property
    def column_count(self) -> int:
        """The number of columns a row is read with."""
        return max(self.id_column, self.decision_column, self.initials_column, self.note_column) + 1


def read_decisions(sheet: DecisionSheet, path: Path, known_ids: set[str]) -> list[Decision]:
    """Return the decisions written in the workbook at ``path`` (none when it does not exist).

    A row with an empty decision is returned with decision ``none``, which
    clears an earlier decision.

    Raises:
        ReadError: the file is not a workbook, a decision word is unknown, a
            decision has no initials, or a response id is not in the store.
    """
    if not path.exists() or unchanged_since_written(path):
        return []
    try:
        worksheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(worksheet.iter_rows(min_row=2, values_only=True))
    except Exception as err:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        raise ReadError("decisions-unreadable", "The decisions workbook cannot be opened as an XLSX file.",
                        hint="Save it again from Excel as .xlsx, or delete it to have it written anew.",
                        file=path) from err

    decisions = []
    for row_number, cells in enumerate(rows, start=2):
        cells = list(cells) + [None] * (sheet.column_count - len(cells))
        response_id = text_of(cells[sheet.id_column])
        if not response_id:
            continue
        if response_id not in known_ids:
            raise ReadError("decisions-unknown-response", "Response '{value}' is not in the store.",
                            hint="Do not edit the response id column; delete the row or the workbook.",
                            file=path, row=row_number, column=sheet.header()[sheet.id_column], value=response_id)
        decisions.append(decision_of(sheet, cells, response_id, path, row_number))
    logger.info(_("%s: %d decisions read"), path.name, sum(1 for d in decisions if d.decision != NO_DECISION))
    return decisions


def unchanged_since_written(path: Path) -> bool:
    """True when the workbook at ``path`` is byte for byte the one this toolkit last wrote there.

    Its decisions were then all written from the store, so reading it again
    would find nothing new.
    """
    written = load_digests(path).get(path.name)
    return written is not None and written.get("file") == file_digest(path)


def write_decision_workbook(path: Path, sheet: Sheet) -> None:
    """Write a decisions workbook, unless the file and its rows are what was last written; record both digests."""
    rows_digest = hashlib.sha256(json.dumps([sheet.header, sheet.rows], default=str).encode("utf-8")).hexdigest()
    written = load_digests(path).get(path.name, {})
    if path.exists() and written.get("rows") == rows_digest and written.get("file") == file_digest(path):
        return
    write_workbook(path, [sheet])
    digests = load_digests(path)
    digests[path.name] = {"file": file_digest(path), "rows": rows_digest}
    write_atomically(digests_path(path), json.dumps(digests, indent=1).encode("utf-8"))


def digests_path(path: Path) -> Path:
    """Return the file that records the digests of the workbooks written in ``path``'s folder."""
    return path.parent / KEY_FOLDER / DIGESTS_FILE


def load_digests(path: Path) -> dict:
    """Return the recorded digests of the workbooks in ``path``'s folder ({} when none or unreadable)."""
    try:
        return json.loads(digests_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def file_digest(path: Path) -> str | None:
    """Return the SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def decision_of(sheet: DecisionSheet, cells: list, response_id: str, path: Path, row_number: int) -> Decision:
    """Return the decision of one workbook row, checking its word and initials."""
    word = text_of(cells[sheet.decision_column]).casefold()
    initials = text_of(cells[sheet.initials_column])
    note = text_of(cells[sheet.note_column]) or None
    if not word:
        return Decision(response_id, NO_DECISION, initials, note, origin=path.name)

    code = decision_code(sheet, word)
    if code is None:
        raise ReadError("decision-unknown", "Decision '{value}' is not one of: {allowed}.",
                        hint="Choose from the drop-down list of the cell.", file=path, row=row_number,
                        column=sheet.header()[sheet.decision_column], value=word,
                        allowed=", ".join(words[0] for words in sheet.words.values()))
    if not initials:
        raise ReadError("decision-without-initials", "The decision has no initials.",
                        hint="Write the initials of the person who decided.", file=path, row=row_number,
                        column=sheet.header()[sheet.initials_column], value=word)
    return Decision(response_id, code, initials, note, origin=path.name)


def decision_code(sheet: DecisionSheet, word: str) -> str | None:
    """Return the decision code a workbook word (case-folded) stands for, or None."""
    return next((code for code, words in sheet.words.items() if word in words), None)


def text_of(value) -> str:
    """Return a workbook cell as stripped text ('' for an empty cell)."""
    return "" if value is None else str(value).strip()


def record_decisions(store: Store, table: sa.Table, decisions: list[Decision]) -> int:
    """Store each decision that differs from the latest stored one of its response; return how many were new."""
    with store.engine.begin() as connection:
        latest = latest_decisions(connection, table, include_cleared=True)
        new = [d for d in decisions if changed(latest.get(d.response_id), d)]
        if new:
            recorded_at = now()
            connection.execute(sa.insert(table), [
                {"response_id": d.response_id, "decision": d.decision, "initials": d.initials or "-",
                 "note": d.note, "workbook": d.origin or COMMAND_LINE, "recorded_at": recorded_at} for d in new])
    if new:
        logger.info(_("%d decisions recorded in %s"), len(new), table.name)
    return len(new)


def changed(stored: Decision | None, given: Decision) -> bool:
    """True when ``given`` differs from the stored decision (no stored decision equals an empty one).

    An empty workbook cell does not clear a decision recorded on the command
    line: the workbook may have been written before that decision.
    """
    if stored is None or stored.decision == NO_DECISION:
        return given.decision != NO_DECISION
    if given.decision == NO_DECISION and stored.origin == COMMAND_LINE:
        return False
    return (stored.decision, stored.initials, stored.note) != (given.decision, given.initials or "-", given.note)


def latest_decisions(connection: sa.Connection, table: sa.Table, include_cleared: bool = False) -> dict[str, Decision]:
    """Return the latest stored decision of each response; cleared ones only with ``include_cleared``."""
    return latest_of(decision_log(connection, table), include_cleared)


def latest_of(log: list[Decision] | tuple[Decision, ...], include_cleared: bool = False) -> dict[str, Decision]:
    """Return the latest decision of each response in a log ordered oldest first; cleared ones only on request."""
    latest = {decision.response_id: decision for decision in log}
    if include_cleared:
        return latest
    return {key: decision for key, decision in latest.items() if decision.decision != NO_DECISION}


def decision_log(connection: sa.Connection, table: sa.Table) -> list[Decision]:
    """Return every recorded decision of ``table``, oldest first, for the correction log."""
    query = sa.select(table).order_by(table.c.id)
    return [Decision(row["response_id"], row["decision"], row["initials"], row["note"], row["recorded_at"],
                     row["workbook"]) for row in connection.execute(query).mappings()]
