"""Specification of the coordinator's decisions: the duplicates workbook and the review workbook.

tests/data/checks/duplicate_phone has one respondent three times with the
phone number written three ways: paper:2 (interviewed 5 July), online:2
(10 July) and online:4 (20 July); online:3 is someone else. By default the
earliest, paper:2, is kept. tests/data/checks/straight_lining has two valid
responses flagged for straight-lining, responses:2 and responses:3.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from helpers_pipeline import CHECKS_DIR
from smartcity_impact.errors import ReadError
from smartcity_impact.fieldwork import review_responses
from survey.collection import collect_survey
from survey.config import load_survey_config
from survey.decisions import decision_log
from survey.duplicates import WORKBOOK_FILE as DUPLICATES_FILE
from survey.pseudonyms import survey_pseudonymizer
from survey.reviews import WORKBOOK_FILE as REVIEW_FILE
from survey.store import duplicate_decisions, open_store

GROUP = ["online:2", "online:4", "paper:2"]


def fixture_copy(tmp_path: Path, case: str) -> Path:
    """Copy a checks fixture folder, so that its store and workbooks are written outside the repository."""
    return Path(shutil.copytree(CHECKS_DIR / case, tmp_path / case,
                                ignore=shutil.ignore_patterns(".smartcity-impact", "*.xlsx")))


def outcomes(survey: Path) -> dict[str, tuple[str, ...]]:
    """Collect ``survey`` and return the reason codes of every response by id."""
    collection = collect_survey(load_survey_config(survey))
    return {a.response.response_id: tuple(p.code for p in a.reasons) for a in collection.assessments}


def decide(workbook: Path, id_column: str, response_id: str, cells: dict[str, str | None]) -> None:
    """Write ``cells`` (column letter -> value) into the workbook row of ``response_id``."""
    book = load_workbook(workbook)
    sheet = book.worksheets[0]
    row = next(cell.row for cell in sheet[id_column] if cell.value == response_id)
    for column, value in cells.items():
        sheet[f"{column}{row}"] = value
    book.save(workbook)


def decide_duplicate(survey: Path, response_id: str, word: str | None, initials: str | None = "AB",
                     note: str | None = None) -> None:
    """Write a decision into the duplicates workbook (decision J, initials K, note L)."""
    decide(survey / DUPLICATES_FILE, "B", response_id, {"J": word, "K": initials, "L": note})


@pytest.fixture
def phone_survey(tmp_path) -> Path:
    """The duplicate_phone fixture, collected once so that its duplicates workbook exists."""
    survey = fixture_copy(tmp_path, "duplicate_phone")
    outcomes(survey)
    return survey


def test_duplicates_workbook_lists_every_member(phone_survey):
    sheet = load_workbook(phone_survey / DUPLICATES_FILE).worksheets[0]

    members = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))

    assert members == GROUP


def test_duplicates_workbook_group_named_by_earliest(phone_survey):
    sheet = load_workbook(phone_survey / DUPLICATES_FILE).worksheets[0]

    groups = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert groups == {"paper:2"}


def test_duplicates_default_keeps_earliest(phone_survey):
    found = outcomes(phone_survey)

    assert found["paper:2"] == ()
    assert found["online:2"] == ("duplicate-respondent",)
    assert found["online:4"] == ("duplicate-respondent",)


@pytest.mark.parametrize(("response_id", "word", "expected"), [
    ("online:4", "berbeda", {"paper:2": (), "online:2": ("duplicate-respondent",), "online:4": ()}),
    ("online:4", "different", {"paper:2": (), "online:2": ("duplicate-respondent",), "online:4": ()}),
    ("online:2", "simpan", {"paper:2": ("duplicate-respondent",), "online:2": (),
                            "online:4": ("duplicate-respondent",)}),
    ("paper:2", "buang", {"paper:2": ("duplicate-respondent",), "online:2": (),
                          "online:4": ("duplicate-respondent",)}),
])
def test_duplicates_decision_applied_next_run(phone_survey, response_id, word, expected):
    decide_duplicate(phone_survey, response_id, word)

    found = outcomes(phone_survey)

    assert {key: found[key] for key in GROUP} == expected


def test_duplicates_decision_recorded_with_initials_and_note(phone_survey):
    decide_duplicate(phone_survey, "online:4", "berbeda", "RW", "HP keluarga")
    outcomes(phone_survey)

    log = stored_log(phone_survey)

    assert [(d.response_id, d.decision, d.initials, d.note, d.origin) for d in log] == [
        ("online:4", "different", "RW", "HP keluarga", DUPLICATES_FILE)]


def test_duplicates_decision_recorded_once(phone_survey):
    decide_duplicate(phone_survey, "online:4", "berbeda")
    outcomes(phone_survey)
    outcomes(phone_survey)

    assert len(stored_log(phone_survey)) == 1


def test_duplicates_decision_written_back(phone_survey):
    decide_duplicate(phone_survey, "online:4", "berbeda", "RW")
    outcomes(phone_survey)

    sheet = load_workbook(phone_survey / DUPLICATES_FILE).worksheets[0]
    row = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1] == "online:4")

    assert (row[9], row[10]) == ("berbeda", "RW")


def test_duplicates_cleared_decision_restores_default(phone_survey):
    decide_duplicate(phone_survey, "online:4", "berbeda")
    outcomes(phone_survey)
    decide_duplicate(phone_survey, "online:4", None, None)

    found = outcomes(phone_survey)

    assert found["online:4"] == ("duplicate-respondent",)
    assert [d.decision for d in stored_log(phone_survey)] == ["different", "none"]


@pytest.mark.parametrize(("word", "initials", "code"), [
    ("mungkin", "AB", "decision-unknown"),
    ("berbeda", None, "decision-without-initials"),
])
def test_duplicates_bad_decision_names_row(phone_survey, word, initials, code):
    decide_duplicate(phone_survey, "online:4", word, initials)

    with pytest.raises(ReadError) as caught:
        outcomes(phone_survey)

    assert caught.value.code == code
    # Members are listed by submission time: paper:2 in row 2, online:2 in row 3, online:4 in row 4.
    assert caught.value.row == 4


def test_duplicates_edited_response_id_rejected(phone_survey):
    decide(phone_survey / DUPLICATES_FILE, "B", "online:4", {"B": "online:99", "J": "berbeda", "K": "AB"})

    with pytest.raises(ReadError) as caught:
        outcomes(phone_survey)

    assert caught.value.code == "decisions-unknown-response"


def stored_log(survey: Path):
    """Return every duplicate decision recorded in the survey's store."""
    config = load_survey_config(survey)
    store = open_store(config, survey_pseudonymizer(survey))
    try:
        with store.engine.connect() as connection:
            return decision_log(connection, duplicate_decisions)
    finally:
        store.close()


def test_review_workbook_lists_flagged_responses(tmp_path):
    survey = fixture_copy(tmp_path, "straight_lining")
    outcomes(survey)

    sheet = load_workbook(survey / REVIEW_FILE).worksheets[0]

    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["responses:2", "responses:3"]


def test_review_workbook_exclude_applied(tmp_path):
    survey = fixture_copy(tmp_path, "straight_lining")
    outcomes(survey)
    decide(survey / REVIEW_FILE, "A", "responses:3", {"H": "keluarkan", "I": "AB", "J": "diisi petugas"})

    found = outcomes(survey)

    assert found["responses:3"] == ("excluded-on-review",)
    assert found["responses:2"] == ()


def test_review_workbook_keep_leaves_response_valid(tmp_path):
    survey = fixture_copy(tmp_path, "straight_lining")
    outcomes(survey)
    decide(survey / REVIEW_FILE, "A", "responses:3", {"H": "simpan", "I": "AB"})

    found = outcomes(survey)

    assert found["responses:3"] == ()


def test_review_decisions_table_counts(tmp_path):
    survey = fixture_copy(tmp_path, "straight_lining")
    outcomes(survey)
    decide(survey / REVIEW_FILE, "A", "responses:3", {"H": "keluarkan", "I": "AB"})
    outcomes(survey)

    config = load_survey_config(survey)
    store = open_store(config, survey_pseudonymizer(survey))
    with store.engine.connect() as connection:
        count = connection.execute(sa.text("SELECT COUNT(*) FROM review_decisions")).scalar_one()
    store.close()

    assert count == 1


def test_duplicates_workbook_not_rewritten_when_unchanged(phone_survey):
    before = (phone_survey / DUPLICATES_FILE).stat().st_mtime_ns

    outcomes(phone_survey)

    assert (phone_survey / DUPLICATES_FILE).stat().st_mtime_ns == before


def test_duplicates_workbook_rewritten_after_decision(phone_survey):
    decide_duplicate(phone_survey, "online:4", "berbeda", "RW")
    edited = (phone_survey / DUPLICATES_FILE).read_bytes()

    outcomes(phone_survey)

    assert (phone_survey / DUPLICATES_FILE).read_bytes() != edited


def test_review_command_decision_survives_stale_workbook(tmp_path):
    survey = fixture_copy(tmp_path, "straight_lining")
    outcomes(survey)
    review_responses(survey, ("responses:3",), "exclude", "CD", "diisi petugas")
    decide(survey / REVIEW_FILE, "A", "responses:2", {"H": "simpan", "I": "AB"})

    found = outcomes(survey)

    assert found["responses:3"] == ("excluded-on-review",)
    assert found["responses:2"] == ()
