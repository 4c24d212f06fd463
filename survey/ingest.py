"""Import source files into the response store: only what is new or changed, one transaction per file.

Each row of a file is recognised against the rows stored from the same source
by a keyed hash of its cells (the headers with their non-empty values, so a
new empty column changes nothing):
1. a row whose hash matches a stored row is unchanged, even when it moved
   (a row deleted above it in the sheet shifts it up);
2. a row at the place of a stored row that matched nothing (its form number
   when the file has unique form numbers, else its row number) is an edit of
   that response and is stored as its next version;
3. any other row is a new response;
4. a stored row that matched nothing is marked removed by this import: it
   stays in the store and is excluded with the reason ``removed-from-source``
   until it appears again.
A file whose bytes and reading settings equal the last import of its source
adds nothing. A Google Sheet has no file: it is fetched first, and its
fingerprint is the hash of the values fetched instead of the bytes, so a
sheet that has not changed since its last pull adds nothing either. A
failure while a file is written rolls back that file only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from smartcity_impact import __version__
from smartcity_impact.errors import SmartCityImpactError
from smartcity_impact.i18n import gettext as _
from survey.columns import ColumnMap, check_routed_dimensions, match_columns
from survey.config import SourceConfig, SurveyConfig
from survey.source_config import FETCHED_KINDS
from survey.fields import PERSONAL_FIELDS
from survey.normalization import field_value, normalize_table
from survey.privacy import redact
from survey.pseudonyms import Pseudonymizer
from survey.reasons import EXCLUDE, severity_of
from survey.records import response_record
from survey.responses import Response
from survey.store import (Store, StoreError, flags, import_batches, lock_for_import, now, raw_rows, rejects,
                          responses)
from survey.table import RawTable
from survey.readers import read_source

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileImport:
    """Counts of one import of a source file; ``read == new + changed + unchanged``.

    ``skipped`` is True when the file equals the last import of its source,
    and then the counts are those of that import. ``removed`` lists the
    responses of earlier imports that this file no longer has.
    """

    source: str
    file: str
    batch_id: int
    imported_at: dt.datetime
    read: int
    new: int
    changed: int
    unchanged: int
    removed: tuple[str, ...]
    blank_rows: int
    skipped: bool


@dataclass(frozen=True)
class FailedImport:
    """A source file that could not be imported; the store is as it was before the file."""

    source: str
    file: str
    error: SmartCityImpactError


@dataclass(frozen=True)
class IncomingRow:
    """One row of a file being imported: its response, the key and hash that recognise it, its stored cells."""

    response: Response
    row_key: str
    row_hash: str
    cells: list[str]
    personal: dict[str, str]


@dataclass(frozen=True)
class StoredRow:
    """The current version of a response already in the store, as far as matching needs it."""

    id: int
    response_id: str
    version: int
    row_key: str
    row_hash: str
    row_number: int
    file_name: str
    removed: bool
    record: dict


@dataclass
class ImportPlan:
    """The rows of a file sorted by their relation to the stored rows of its source."""

    unchanged: list[tuple[IncomingRow, StoredRow]] = dataclasses.field(default_factory=list)
    changed: list[tuple[IncomingRow, StoredRow]] = dataclasses.field(default_factory=list)
    new: list[IncomingRow] = dataclasses.field(default_factory=list)
    removed: list[StoredRow] = dataclasses.field(default_factory=list)


def ingest_sources(store: Store, config: SurveyConfig, pseudonymizer: Pseudonymizer,
                   sources: Iterable[SourceConfig] | None = None,
                   progress: Callable[[SourceConfig], None] | None = None
                   ) -> tuple[list[FileImport], list[FailedImport]]:
    """Import each of ``sources`` (default: every source of ``config``) into ``store``.

    A source that fails is reported in the second list and leaves the store as
    it was; the other sources are still imported.
    """
    imports, failures = [], []
    for source in sources if sources is not None else config.sources:
        if progress:
            progress(source)
        try:
            imports.append(ingest_file(store, config, source, pseudonymizer))
        except SmartCityImpactError as err:
            logger.info(_("%s: not imported, the store keeps its earlier rows: %s"), source.label, err)
            failures.append(FailedImport(source.name, source.label, err))
        except sa.exc.SQLAlchemyError as err:
            logger.info(_("%s: not imported, the store keeps its earlier rows: %s"), source.label,
                        type(err).__name__)
            failures.append(FailedImport(source.name, source.label, write_failed(store, err)))
    return imports, failures


def write_failed(store: Store, err: Exception) -> StoreError:
    """Return the error for a file whose rows could not be written, without the driver's text."""
    return StoreError("store-write-failed", "Writing to the response store {value} failed ({reason}); the file "
                      "was rolled back.", hint="Check the database server and run the import again.",
                      value=store.location, reason=type(err).__name__)


def ingest_file(store: Store, config: SurveyConfig, source: SourceConfig, pseudonymizer: Pseudonymizer) -> FileImport:
    """Import the file or sheet of ``source`` into ``store`` in one transaction and return what it did.

    Raises:
        ReadError: the file cannot be read or its columns cannot be matched.
        SheetError: the Google Sheet cannot be fetched.
    """
    fetched = read_source(source) if source.kind in FETCHED_KINDS else None
    fingerprint = file_fingerprint(source, config, fetched)
    with store.engine.connect() as connection:
        last = last_batch(connection, source.name)
    if last is not None and last["content_hash"] == fingerprint:
        logger.info(_("%s: unchanged since its import of %s, nothing added"), source.label, last["imported_at"])
        return file_import_of(last, skipped=True, removed=())

    table = fetched or read_source(source)
    column_map = match_columns(table, config.instrument, source.columns, config.designs)
    normalized = normalize_table(table, column_map, source, config.instrument, pseudonymizer)
    check_routed_dimensions(table, config.instrument, column_map, first_rows_of(normalized))
    incoming = incoming_rows(table, column_map, normalized, pseudonymizer, config.store.keep_personal_data)

    with store.engine.begin() as connection:
        lock_for_import(connection)
        last = last_batch(connection, source.name)
        if last is not None and last["content_hash"] == fingerprint:
            # Another import of the same file finished while this one read it.
            return file_import_of(last, skipped=True, removed=())
        plan = match_rows(current_rows(connection, source.name), incoming)
        batch = write_import(connection, source, table, fingerprint, plan, len(incoming))
    logger.info(_("%s: %d rows read: %d new, %d changed, %d unchanged; %d removed since the last import"),
                source.label, batch.read, batch.new, batch.changed, batch.unchanged, len(batch.removed))
    return batch


def file_fingerprint(source: SourceConfig, config: SurveyConfig, fetched: RawTable | None = None) -> str:
    """Return the SHA-256 of the file's bytes and of everything that changes how its rows are read.

    For a Google Sheet, ``fetched`` is the table fetched and its values are
    hashed instead of bytes. The credentials and login files are left out,
    because they change who reads the sheet, not how its rows are read.
    """
    digest = hashlib.sha256()
    if fetched is not None:
        digest.update(fetched.content_hash.encode("ascii"))
    else:
        try:
            digest.update(source.path.read_bytes())
        except OSError:
            # The reader reports a missing or unreadable file with its own message.
            digest.update(b"unreadable")
    settings = dataclasses.asdict(source) | {"instrument": config.instrument.id, "tool": __version__,
                                              "designs": config.designs, "credentials": None, "login_file": None}
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def first_rows_of(normalized: list[Response]) -> dict[str, int]:
    """Return the first row declaring each dimension, for the routing check."""
    first_rows: dict[str, int] = {}
    for response in normalized:
        if response.declared_dimension:
            first_rows.setdefault(response.declared_dimension, response.row)
    return first_rows


def incoming_rows(table: RawTable, column_map: ColumnMap, normalized: list[Response], pseudonymizer: Pseudonymizer,
                  keep_personal_data: bool) -> list[IncomingRow]:
    """Return the rows of ``table`` with their keys, hashes and cells as stored (personal cells pseudonymized)."""
    form_numbers = [response.form_number for response in normalized]
    unique_forms = all(form_numbers) and len(set(form_numbers)) == len(form_numbers)
    personal_positions = {position: name for name in PERSONAL_FIELDS
                          for position in column_map.fields.get(name, [])}

    rows = []
    for index, response in enumerate(normalized):
        cells = table.rows[index] + table.extra_cells.get(response.row, [])
        personal = {name: value for name in PERSONAL_FIELDS
                    if (value := field_value(column_map, table.rows[index], name))}
        row_key = f"form:{response.form_number}" if unique_forms else f"row:{response.row}"
        rows.append(IncomingRow(
            response=response,
            row_key=row_key,
            row_hash=row_hash(table.headers, cells, pseudonymizer),
            cells=stored_cells(cells, personal_positions, response.pseudonyms, list(personal.values())),
            personal=personal if keep_personal_data else {},
        ))
    return rows


def row_hash(headers: list[str], cells: list[str], pseudonymizer: Pseudonymizer) -> str:
    """Return the keyed hash of a row's non-empty cells by column title (repeated titles by occurrence)."""
    seen: dict[str, int] = {}
    pairs = []
    for position, cell in enumerate(cells):
        title = headers[position] if position < len(headers) else f"+{position}"
        seen[title] = seen.get(title, 0) + 1
        if cell.strip():
            pairs.append([title, seen[title], cell.strip()])
    return pseudonymizer.pseudonym("row", json.dumps(sorted(pairs), ensure_ascii=False))


def stored_cells(cells: list[str], personal_positions: dict[int, str], pseudonyms: dict[str, str],
                 personal_values: list[str]) -> list[str]:
    """Return the cells to keep for audit: personal columns as pseudonyms, personal values withheld elsewhere."""
    kept = []
    for position, cell in enumerate(cells):
        field_name = personal_positions.get(position)
        if field_name is None:
            kept.append(redact(cell, personal_values) or "")
        elif cell.strip():
            kept.append(f"pseudonym:{pseudonyms[field_name]}" if field_name in pseudonyms else "[withheld]")
        else:
            kept.append("")
    return kept


def match_rows(stored: list[StoredRow], incoming: list[IncomingRow]) -> ImportPlan:
    """Return which incoming rows are unchanged, edits of stored rows or new, and which stored rows are gone."""
    plan = ImportPlan()
    by_hash: dict[str, list[StoredRow]] = {}
    for row in stored:
        by_hash.setdefault(row.row_hash, []).append(row)

    unmatched = []
    matched_ids = set()
    for row in incoming:
        candidates = by_hash.get(row.row_hash)
        if not candidates:
            unmatched.append(row)
            continue
        pick = next((c for c in candidates if c.row_key == row.row_key), candidates[0])
        candidates.remove(pick)
        matched_ids.add(pick.id)
        plan.unchanged.append((row, pick))

    remaining = {row.row_key: row for row in stored if row.id not in matched_ids}
    for row in unmatched:
        previous = remaining.pop(row.row_key, None)
        if previous is None:
            plan.new.append(row)
        else:
            plan.changed.append((row, previous))
    plan.removed = list(remaining.values())
    return plan


def last_batch(connection: sa.Connection, source: str) -> dict | None:
    """Return the newest import batch of ``source`` as a dict, or None."""
    query = (sa.select(import_batches).where(import_batches.c.source == source)
             .order_by(import_batches.c.id.desc()).limit(1))
    row = connection.execute(query).mappings().first()
    return dict(row) if row else None


def current_rows(connection: sa.Connection, source: str) -> list[StoredRow]:
    """Return the current version of every stored response of ``source``, in row order."""
    query = (sa.select(responses.c.id, responses.c.response_id, responses.c.version, responses.c.row_key,
                       responses.c.row_hash, responses.c.row_number, responses.c.file_name,
                       responses.c.removed_batch_id, responses.c.record)
             .where(responses.c.source == source, responses.c.is_current.is_(True))
             .order_by(responses.c.row_number, responses.c.id))
    return [StoredRow(r.id, r.response_id, r.version, r.row_key, r.row_hash, r.row_number, r.file_name,
                      r.removed_batch_id is not None, r.record) for r in connection.execute(query)]


def write_import(connection: sa.Connection, source: SourceConfig, table: RawTable, fingerprint: str,
                 plan: ImportPlan, read: int) -> FileImport:
    """Write the batch and its new versions, moves and removals; return the batch's counts."""
    newly_removed = [row for row in plan.removed if not row.removed]
    imported_at = now()
    batch_id = connection.execute(sa.insert(import_batches).values(
        source=source.name, file_name=table.path.name, content_hash=fingerprint, imported_at=imported_at,
        tool_version=__version__, headers=table.headers, rows_read=read, blank_rows=len(table.blank_rows),
        rows_new=len(plan.new), rows_changed=len(plan.changed), rows_unchanged=len(plan.unchanged),
        rows_removed=len(newly_removed),
    )).inserted_primary_key[0]

    taken = set(connection.execute(sa.select(responses.c.response_id).where(responses.c.source == source.name))
                .scalars())
    versions = [(row, 1, unique_id(row.response, taken)) for row in plan.new]
    versions += [(row, previous.version + 1, previous.response_id) for row, previous in plan.changed]
    if plan.changed:
        connection.execute(sa.update(responses).where(responses.c.id == sa.bindparam("stored_id"))
                           .values(is_current=False), [{"stored_id": previous.id} for _row, previous in plan.changed])
    insert_versions(connection, batch_id, versions)
    refresh_unchanged(connection, plan.unchanged)
    if newly_removed:
        connection.execute(sa.update(responses).where(responses.c.id == sa.bindparam("stored_id"))
                           .values(removed_batch_id=batch_id), [{"stored_id": row.id} for row in newly_removed])

    return FileImport(source.name, table.path.name, batch_id, imported_at, read, len(plan.new), len(plan.changed),
                      len(plan.unchanged), tuple(row.response_id for row in newly_removed), len(table.blank_rows),
                      skipped=False)


def unique_id(response: Response, taken: set[str]) -> str:
    """Return the response's id, or the id with a ``~N`` suffix when an earlier response of the source had it."""
    candidate, suffix = response.response_id, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{response.response_id}~{suffix}"
    taken.add(candidate)
    return candidate


def insert_versions(connection: sa.Connection, batch_id: int,
                    versions: list[tuple[IncomingRow, int, str]]) -> None:
    """Insert a response version, its raw row and its rejects and flags for each (row, version, id)."""
    if not versions:
        return
    response_rows, raw, reject_rows, flag_rows = [], [], [], []
    for row, version, response_id in versions:
        response = dataclasses.replace(row.response, response_id=response_id)
        response_rows.append(response_row(response, row, version, batch_id))
        raw.append({"batch_id": batch_id, "response_id": response_id, "version": version,
                    "row_number": response.row, "cells": row.cells, "personal_values": row.personal or None})
        for problem in response.problems:
            target = reject_rows if severity_of(problem.code) == EXCLUDE else flag_rows
            target.append({"batch_id": batch_id, "response_id": response_id, "version": version,
                           "row_number": response.row, "code": problem.code, "column_title": problem.column,
                           "value": problem.value})
    connection.execute(sa.insert(responses), response_rows)
    connection.execute(sa.insert(raw_rows), raw)
    for table, rows in ((rejects, reject_rows), (flags, flag_rows)):
        if rows:
            connection.execute(sa.insert(table), rows)


def response_row(response: Response, row: IncomingRow, version: int, batch_id: int) -> dict:
    """Return the values of one ``responses`` row."""
    return {"response_id": response.response_id, "version": version, "batch_id": batch_id, "is_current": True,
            "removed_batch_id": None, "source": response.source, "file_name": response.file,
            "row_number": response.row, "row_key": row.row_key, "row_hash": row.row_hash, "mode": response.mode,
            "enumerator": response.enumerator, "form_number": response.form_number,
            "submitted_at": response.submitted_at, "record": response_record(response)}


def refresh_unchanged(connection: sa.Connection, unchanged: list[tuple[IncomingRow, StoredRow]]) -> None:
    """Update where unchanged rows now are, and their reading when the toolkit or settings read them otherwise.

    Their cells are the same, so this is not a new version. A removed row
    that is back is no longer removed.
    """
    updates = []
    for row, stored in unchanged:
        response = dataclasses.replace(row.response, response_id=stored.response_id)
        record = response_record(response)
        if record != stored.record or stored.removed or stored.row_key != row.row_key:
            updates.append({"stored_id": stored.id, "new_row_number": response.row, "new_file": response.file,
                            "new_row_key": row.row_key, "new_record": record, "new_enumerator": response.enumerator,
                            "new_form_number": response.form_number, "new_submitted_at": response.submitted_at})
    if updates:
        connection.execute(sa.update(responses).where(responses.c.id == sa.bindparam("stored_id")).values(
            row_number=sa.bindparam("new_row_number"), file_name=sa.bindparam("new_file"),
            row_key=sa.bindparam("new_row_key"), record=sa.bindparam("new_record"),
            enumerator=sa.bindparam("new_enumerator"), form_number=sa.bindparam("new_form_number"),
            submitted_at=sa.bindparam("new_submitted_at"), removed_batch_id=None), updates)


def file_import_of(batch: dict, skipped: bool, removed: tuple[str, ...]) -> FileImport:
    """Return the FileImport recorded by an import batch row."""
    return FileImport(batch["source"], batch["file_name"], batch["id"], batch["imported_at"], batch["rows_read"],
                      batch["rows_new"], batch["rows_changed"], batch["rows_unchanged"], removed,
                      batch["blank_rows"], skipped)
