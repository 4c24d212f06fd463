"""Specification of survey.ingest: importing a source again adds only what is new or changed, one file at a time.

Tests that take ``sample_survey`` or ``store_url`` run on SQLite and on
PostgreSQL (see tests/helpers_store.py), each on an empty database and its own
copy of the survey in tmp_path. Spreadsheet row N of a source is ``rows[N - 1]``
of ``SurveyCopy.read_rows``, whose first row is the header.
"""

from __future__ import annotations

import csv
import json
import shutil
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from helpers_store import (FIRST_ONLINE_ITEM_COLUMN, ONLINE, PAPER, SurveyCopy, copied_respondents,
                           edit_first_answer, query, source_part, table_counts)
from smartcity_impact.errors import SmartCityImpactError
from smartcity_impact.pipeline import run_survey
from survey import ingest
from survey.collection import Collection
from survey.store import latest_batches

STORE_DATA = Path(__file__).parent / "data" / "store"
SAMPLE_ROWS = {ONLINE: 209, PAPER: 107}
# Rows of the online sample: an accepted respondent to edit and one to delete.
EDITED_ROW = 10
DELETED_ROW = 102
# Rows 40 and 41 of the online sample are the same form sent twice; 41 is the duplicate.
ORIGINAL_ROW, DUPLICATE_ROW = 40, 41
APPENDED = 10
CONCURRENT_WAIT_SECONDS = 10
FIRST_ITEM = 50
# Scores of the answer texts that edit_first_answer writes into the online sample.
ONLINE_SCORES = {"4 - Sangat Setuju": 4, "3 - Setuju": 3, "Sangat Baik": 4, "Baik": 3}


def by_source(imports) -> dict:
    """Return the FileImports (or FailedImports) of one ingest by source name."""
    return {item.source: item for item in imports}


def assessment_of(collection: Collection, response_id: str):
    """Return the assessment of response ``response_id``."""
    return next(a for a in collection.assessments if a.response.response_id == response_id)


def versions_of(url: str, response_id: str) -> list[tuple[int, bool]]:
    """Return (version, is current) of every stored version of ``response_id``, oldest first."""
    rows = query(url, "SELECT version, is_current FROM responses WHERE response_id = :id ORDER BY version",
                 id=response_id)
    return [(version, bool(current)) for version, current in rows]


def append_respondents(survey: SurveyCopy, source: str, count: int) -> None:
    """Append ``count`` new respondents to the file of ``source``."""
    rows = survey.read_rows(source)
    survey.write_rows(source, rows + copied_respondents(source, rows, count))


def delete_row(survey: SurveyCopy, source: str, row: int) -> list[str]:
    """Delete spreadsheet row ``row`` of the file of ``source``; return its cells."""
    rows = survey.read_rows(source)
    deleted = rows.pop(row - 1)
    survey.write_rows(source, rows)
    return deleted


def edit_row(survey: SurveyCopy, row: int) -> tuple[int, int]:
    """Change the first answer of spreadsheet row ``row`` of the online file; return its item number and new score."""
    rows = survey.read_rows(ONLINE)
    column, text = edit_first_answer(rows[row - 1], FIRST_ONLINE_ITEM_COLUMN)
    survey.write_rows(ONLINE, rows)
    return FIRST_ITEM + column - FIRST_ONLINE_ITEM_COLUMN, ONLINE_SCORES[text]


def stored_latest_batches(survey: SurveyCopy) -> dict[str, dict]:
    """Return the newest import batch of each source in the store of ``survey``."""
    store = survey.open()
    try:
        with store.engine.connect() as connection:
            return latest_batches(connection)
    finally:
        store.close()


# Importing the same files again.

def test_ingest_same_files_skipped(sample_survey):
    first = sample_survey.collect()

    second = sample_survey.collect()

    assert [file_import.skipped for file_import in first.imports] == [False, False]
    assert [file_import.skipped for file_import in second.imports] == [True, True]


def test_ingest_same_files_adds_nothing(sample_survey):
    first = sample_survey.collect()
    counts, dump = table_counts(sample_survey.url), sample_survey.dump()

    second = sample_survey.collect()

    assert table_counts(sample_survey.url) == counts
    assert sample_survey.dump() == dump
    assert second.source_counts == first.source_counts


def test_ingest_sample_table_counts(sample_survey):
    """Each of the 316 rows is one response and one raw row, and the problems found while reading are stored.

    The six rejects: the answers 5, 3,5 and Lumayan, the surplus cell, the row
    in one cell and the two answers to item 103. The four flags: the
    impossible date, the unreadable dimension, the NIK and the phone number.
    """
    sample_survey.collect()

    counts = table_counts(sample_survey.url)

    assert counts["import_batches"] == 2
    assert counts["responses"] == 316
    assert counts["raw_rows"] == 316
    assert counts["rejects"] == 6
    assert counts["flags"] == 4


# New, edited and deleted rows.

def test_ingest_appended_rows_new(sample_survey):
    sample_survey.collect()
    before = table_counts(sample_survey.url)
    append_respondents(sample_survey, ONLINE, APPENDED)

    imports, failures = sample_survey.ingest()

    online = by_source(imports)[ONLINE]
    assert failures == []
    assert (online.new, online.changed, online.unchanged, online.removed) == (APPENDED, 0, 209, ())
    assert by_source(imports)[PAPER].skipped
    assert table_counts(sample_survey.url)["responses"] == before["responses"] + APPENDED
    assert table_counts(sample_survey.url)["import_batches"] == before["import_batches"] + 1


def test_ingest_appended_rows_batch(sample_survey):
    sample_survey.collect()
    append_respondents(sample_survey, ONLINE, APPENDED)

    sample_survey.ingest()

    batch = stored_latest_batches(sample_survey)[ONLINE]
    counts = (batch["rows_read"], batch["rows_new"], batch["rows_changed"], batch["rows_unchanged"],
              batch["rows_removed"])
    assert counts == (219, APPENDED, 0, 209, 0)


def test_ingest_appended_rows_accepted(sample_survey):
    first = sample_survey.collect()
    append_respondents(sample_survey, ONLINE, APPENDED)

    second = sample_survey.collect()

    assert len(second.valid) == len(first.valid) + APPENDED


def test_ingest_edited_row_new_version(sample_survey):
    sample_survey.collect()
    response_id = f"{ONLINE}:{EDITED_ROW}"
    item, score = edit_row(sample_survey, EDITED_ROW)

    imports, _failures = sample_survey.ingest()

    online = by_source(imports)[ONLINE]
    assert (online.new, online.changed, online.unchanged, online.removed) == (0, 1, 208, ())
    assert versions_of(sample_survey.url, response_id) == [(1, False), (2, True)]
    assert assessment_of(sample_survey.collect(), response_id).response.answers[item] == score


def test_ingest_edited_row_keeps_old_version(sample_survey):
    first = sample_survey.collect()
    response_id = f"{ONLINE}:{EDITED_ROW}"
    old_answers = assessment_of(first, response_id).response.answers
    edit_row(sample_survey, EDITED_ROW)

    second = sample_survey.collect()

    records = query(sample_survey.url, "SELECT record FROM responses WHERE response_id = :id AND version = 1",
                    id=response_id)
    record = records[0][0] if isinstance(records[0][0], dict) else json.loads(records[0][0])
    assert {int(number): value for number, value in record["answers"].items()} == old_answers
    assert len(query(sample_survey.url, "SELECT id FROM raw_rows WHERE response_id = :id", id=response_id)) == 2
    assert len(second.assessments) == len(first.assessments)
    assert len(second.valid) == len(first.valid)


def test_ingest_deleted_row_removed(sample_survey):
    sample_survey.collect()
    response_id = f"{ONLINE}:{DELETED_ROW}"
    delete_row(sample_survey, ONLINE, DELETED_ROW)

    imports, _failures = sample_survey.ingest()

    online = by_source(imports)[ONLINE]
    assert (online.new, online.changed, online.unchanged) == (0, 0, 208)
    assert online.removed == (response_id,)
    assert versions_of(sample_survey.url, response_id) == [(1, True)]


def test_ingest_deleted_row_excluded(sample_survey):
    sample_survey.collect()
    delete_row(sample_survey, ONLINE, DELETED_ROW)

    collection = sample_survey.collect()

    reasons = [problem.code for problem in assessment_of(collection, f"{ONLINE}:{DELETED_ROW}").reasons]
    online = next(count for count in collection.source_counts if count.source == ONLINE)
    assert reasons == ["removed-from-source"]
    assert online.read == 208


def test_ingest_deleted_row_moves_rows_below(sample_survey):
    """The row under the deleted one keeps its response id and is now one row higher."""
    sample_survey.collect()
    delete_row(sample_survey, ONLINE, DELETED_ROW)

    collection = sample_survey.collect()

    below = assessment_of(collection, f"{ONLINE}:{DELETED_ROW + 1}")
    assert below.response.row == DELETED_ROW
    assert below.valid
    assert versions_of(sample_survey.url, f"{ONLINE}:{DELETED_ROW + 1}") == [(1, True)]


def test_ingest_deleted_row_restored(sample_survey):
    first = sample_survey.collect()
    original = sample_survey.read_rows(ONLINE)
    delete_row(sample_survey, ONLINE, DELETED_ROW)
    sample_survey.collect()
    sample_survey.write_rows(ONLINE, original)

    imports, _failures = sample_survey.ingest()
    collection = sample_survey.collect()

    online = by_source(imports)[ONLINE]
    assert (online.new, online.changed, online.unchanged, online.removed) == (0, 0, 209, ())
    assert assessment_of(collection, f"{ONLINE}:{DELETED_ROW}").valid
    assert collection.source_counts == first.source_counts


def test_ingest_deleted_original_keeps_duplicate(sample_survey):
    """When the first of two identical submissions leaves the file, the second one is the respondent's answer."""
    first = sample_survey.collect()
    delete_row(sample_survey, ONLINE, ORIGINAL_ROW)

    second = sample_survey.collect()

    assert assessment_of(first, f"{ONLINE}:{DUPLICATE_ROW}").outcome == "duplicate"
    assert assessment_of(second, f"{ONLINE}:{DUPLICATE_ROW}").outcome == "accepted"
    assert len(second.valid) == len(first.valid)


@pytest.mark.parametrize("source", [ONLINE, PAPER])
def test_ingest_resorted_rows_unchanged(sample_survey, source):
    """Rows sorted in another order, such as a sheet sorted by name, are the same responses at other rows."""
    first = sample_survey.collect()
    counts = table_counts(sample_survey.url)
    rows = sample_survey.read_rows(source)
    sample_survey.write_rows(source, [rows[0], *reversed(rows[1:])])

    imports, _failures = sample_survey.ingest()
    second = sample_survey.collect()

    moved = by_source(imports)[source]
    last_row = SAMPLE_ROWS[source] + 1
    assert (moved.new, moved.changed, moved.unchanged, moved.removed) == (0, 0, SAMPLE_ROWS[source], ())
    assert table_counts(sample_survey.url)["responses"] == counts["responses"]
    assert query(sample_survey.url, "SELECT COUNT(*) FROM responses WHERE version > 1") == [(0,)]
    assert assessment_of(second, f"{source}:2").response.row == last_row
    assert second.source_counts == first.source_counts


@pytest.mark.parametrize("position", ["first", "after-dimension", "last"])
def test_ingest_new_empty_column_unchanged(sample_survey, position):
    """A column added to the sheet with no values yet, such as a coordinator's notes, changes no response."""
    sample_survey.collect()
    rows = sample_survey.read_rows(ONLINE)
    after_dimension = rows[0].index("Pilih dimensi layanan yang pernah Anda gunakan") + 1
    index = {"first": 0, "after-dimension": after_dimension, "last": len(rows[0])}[position]
    for number, row in enumerate(rows):
        row.insert(index, "Catatan koordinator" if number == 0 else "")
    sample_survey.write_rows(ONLINE, rows)

    imports, _failures = sample_survey.ingest()

    online = by_source(imports)[ONLINE]
    assert (online.new, online.changed, online.unchanged, online.removed) == (0, 0, 209, ())


def test_ingest_resaved_paper_file_unchanged(sample_survey):
    """The paper forms saved again as UTF-8 with commas contain the same cells, so they are the same responses."""
    sample_survey.collect()
    rows = sample_survey.read_rows(PAPER)
    with sample_survey.source_path(PAPER).open("w", encoding="utf-8", newline="") as csv_file:
        csv.writer(csv_file, delimiter=",").writerows(rows)

    imports, _failures = sample_survey.ingest()

    paper = by_source(imports)[PAPER]
    assert not paper.skipped
    assert (paper.new, paper.changed, paper.unchanged, paper.removed) == (0, 0, 107, ())


def test_ingest_concurrent_imports_add_once(sample_survey, monkeypatch):
    """Two coordinators import the same updated export into a shared store at the same moment."""
    sample_survey.collect()
    append_respondents(sample_survey, ONLINE, APPENDED)
    # Both imports read the stored rows before either writes. In a store that serialises imports the
    # barrier times out, and the second import then reads the first one's rows.
    barrier = threading.Barrier(2, timeout=CONCURRENT_WAIT_SECONDS)
    match_rows = ingest.match_rows

    def match_rows_together(stored, incoming):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return match_rows(stored, incoming)

    def import_online(_index):
        try:
            return sample_survey.ingest((ONLINE,))
        except Exception as err:  # noqa: BLE001 - the test reports any error that escapes the import
            return err

    monkeypatch.setattr(ingest, "match_rows", match_rows_together)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(import_online, range(2)))

    current = query(sample_survey.url, "SELECT COUNT(*) FROM responses WHERE source = :source AND is_current",
                    source=ONLINE)
    assert [type(result).__name__ for result in results] == ["tuple", "tuple"]
    assert current == [(SAMPLE_ROWS[ONLINE] + APPENDED,)]


# A file that fails while it is written.

def injected_errors() -> dict[str, Exception]:
    """Return the errors injected while a file is written, by kind: a database error and a toolkit error."""
    return {
        "database": sa.exc.OperationalError("INSERT INTO responses", None,
                                            OSError("could not extend file: No space left on device")),
        "toolkit": SmartCityImpactError("test-injected", "Injected failure while writing {value}.", value="rows"),
    }


def fail_halfway(monkeypatch, source: str, error: Exception) -> list[int]:
    """Make the import of ``source`` write half of its new versions, then raise ``error``.

    Returns the list that receives the number of versions written before each failure.
    """
    written: list[int] = []
    insert_versions = ingest.insert_versions

    def insert_half_then_fail(connection, batch_id, versions):
        if not versions or versions[0][0].response.source != source:
            insert_versions(connection, batch_id, versions)
            return
        half = versions[:len(versions) // 2]
        insert_versions(connection, batch_id, half)
        written.append(len(half))
        raise error

    monkeypatch.setattr(ingest, "insert_versions", insert_half_then_fail)
    return written


def change_both_sources(survey: SurveyCopy) -> None:
    """Give each sample source new, edited and deleted rows, so that importing it writes every kind of change."""
    edit_row(survey, EDITED_ROW)
    delete_row(survey, ONLINE, DELETED_ROW)
    append_respondents(survey, ONLINE, APPENDED)

    rows = survey.read_rows(PAPER)
    edit_first_answer(rows[5], rows[0].index("Q50"))
    del rows[20]
    survey.write_rows(PAPER, rows + copied_respondents(PAPER, rows, 2))


@pytest.mark.parametrize("kind", ["database", "toolkit"])
@pytest.mark.parametrize("source", [ONLINE, PAPER])
def test_ingest_file_failure_rolled_back(sample_survey, monkeypatch, source, kind):
    sample_survey.collect()
    change_both_sources(sample_survey)
    before = sample_survey.dump()
    error = injected_errors()[kind]
    written = fail_halfway(monkeypatch, source, error)
    config = sample_survey.config
    store = sample_survey.open()

    with pytest.raises(type(error)):
        ingest.ingest_file(store, config, next(s for s in config.sources if s.name == source),
                           sample_survey.pseudonymizer)
    store.close()

    assert written and written[0] > 0
    assert sample_survey.dump() == before


@pytest.mark.parametrize("kind", [
    "database",
    "toolkit",
])
def test_ingest_sources_continue_after_failure(sample_survey, monkeypatch, kind):
    sample_survey.collect()
    change_both_sources(sample_survey)
    before = sample_survey.dump()
    fail_halfway(monkeypatch, ONLINE, injected_errors()[kind])

    imports, failures = sample_survey.ingest()

    paper = by_source(imports)[PAPER]
    assert [failure.source for failure in failures] == [ONLINE]
    assert [file_import.source for file_import in imports] == [PAPER]
    assert (paper.new, paper.changed, len(paper.removed)) == (2, 1, 1)
    assert source_part(sample_survey.dump(), ONLINE) == source_part(before, ONLINE)


def test_ingest_failed_file_imported_next_time(sample_survey, monkeypatch):
    sample_survey.collect()
    change_both_sources(sample_survey)
    fail_halfway(monkeypatch, ONLINE, injected_errors()["toolkit"])
    sample_survey.ingest()
    monkeypatch.undo()

    imports, failures = sample_survey.ingest()

    online = by_source(imports)[ONLINE]
    assert failures == []
    assert (online.new, online.changed, online.removed) == (APPENDED, 1, (f"{ONLINE}:{DELETED_ROW}",))
    assert by_source(imports)[PAPER].skipped


# Counts per file.

SCENARIOS = {
    "sample": lambda survey: None,
    "appended": lambda survey: append_respondents(survey, ONLINE, APPENDED),
    "edited": lambda survey: edit_row(survey, EDITED_ROW),
    "deleted": lambda survey: delete_row(survey, ONLINE, DELETED_ROW),
    "all-changes": change_both_sources,
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_collection_counts_reconcile(sample_survey, scenario):
    sample_survey.collect()
    SCENARIOS[scenario](sample_survey)

    collection = sample_survey.collect()

    for count in collection.source_counts:
        assert count.read == count.accepted + count.rejected + count.duplicate, count.source


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_collection_counts_stored_on_batch(sample_survey, scenario):
    sample_survey.collect()
    SCENARIOS[scenario](sample_survey)

    collection = sample_survey.collect()

    batches = stored_latest_batches(sample_survey)
    for count in collection.source_counts:
        batch = batches[count.source]
        stored = (batch["file_name"], batch["rows_read"], batch["accepted"], batch["rejected"], batch["duplicate"])
        assert stored == (count.file, count.read, count.accepted, count.rejected, count.duplicate), count.source


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_ingest_batch_counts_add_up(sample_survey, scenario):
    """Every row read is new, changed or unchanged: ``read == new + changed + unchanged``."""
    sample_survey.collect()
    SCENARIOS[scenario](sample_survey)

    imports, _failures = sample_survey.ingest()

    for file_import in imports:
        total = file_import.new + file_import.changed + file_import.unchanged
        assert file_import.read == total, file_import.source


def test_run_summary_counts_equal_store(sample_survey, tmp_path):
    """The counts impact_summary.json reports per file are those stored on each file's latest import."""
    run_survey(sample_survey.directory, tmp_path / "results", db_url=sample_survey.url)

    summary = json.loads((tmp_path / "results" / "impact_summary.json").read_text(encoding="utf-8"))
    batches = stored_latest_batches(sample_survey)
    for reported in summary["sources"]:
        batch = batches[reported["source"]]
        stored = {"file": batch["file_name"], "read": batch["rows_read"], "accepted": batch["accepted"],
                  "rejected": batch["rejected"], "duplicate": batch["duplicate"], "blank_rows": batch["blank_rows"]}
        assert {key: reported[key] for key in stored} == stored


# The respondent key "person": name, birth date and sub-district.

# Spreadsheet row of tests/data/store/person_key/paper.csv -> outcome.
PERSON_OUTCOMES = {
    2: "accepted",   # Siti Rahmawati, 31/12/1980, Tanjung
    3: "duplicate",  # the birth date as 1980-12-31, TANJUNG in capitals
    4: "duplicate",  # the name in lower case with two spaces, 31-12-1980, " tanjung "
    5: "duplicate",  # 31.12.1980
    6: "accepted",   # born a day earlier
    7: "accepted",   # another sub-district
}


@pytest.fixture
def person_survey(tmp_path, store_url) -> SurveyCopy:
    """A copy of the person_key fixture survey with an empty store on each backend."""
    return SurveyCopy(shutil.copytree(STORE_DATA / "person_key", tmp_path / "person_key"), store_url)


@pytest.mark.parametrize(("row", "outcome"), sorted(PERSON_OUTCOMES.items()))
def test_person_key_outcome(person_survey, row, outcome):
    collection = person_survey.collect()

    assert assessment_of(collection, f"paper:{row}").outcome == outcome


def test_person_key_duplicates_name_kept_row(person_survey):
    collection = person_survey.collect()

    kept_ids = Counter(problem.value for a in collection.assessments for problem in a.reasons
                       if problem.code == "duplicate-respondent")
    assert kept_ids == {"paper:2": 3}
