"""Specification of collect_survey: every input row is assessed once, and the counts per source add up."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from helpers_pipeline import CHECKS_DIR, SAMPLE_DIR, copy_sample
from survey.collection import answers_table, collect_survey, input_defects
from survey.config import load_survey_config

# The sample's files as generate.py writes them.
SAMPLE_FILES = {
    "google-forms": ("google_forms_responses.csv", "utf-8", ","),
    "paper-forms": ("formulir_kertas.csv", "cp1252", ";"),
}


def spreadsheet_rows(path, encoding: str, delimiter: str) -> list[int]:
    """Return the spreadsheet numbers of the non-blank data rows, read with the csv module alone."""
    with path.open(encoding=encoding, newline="") as csv_file:
        records = list(csv.reader(csv_file, delimiter=delimiter))
    return [number for number, record in enumerate(records[1:], start=2) if any(cell.strip() for cell in record)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    config = load_survey_config(copy_sample(tmp_path_factory.mktemp("collection") / "survey"))
    return config, collect_survey(config)


def all_defects_copy(tmp_path: Path) -> Path:
    """Copy the all_defects fixture folder, so that its store and workbook are written outside the repository."""
    return Path(shutil.copytree(CHECKS_DIR / "all_defects", tmp_path / "all_defects",
                                ignore=shutil.ignore_patterns(".smartcity-impact", "*.xlsx")))


@pytest.mark.parametrize("source", sorted(SAMPLE_FILES))
def test_collection_counts_add_up(sample, source):
    _config, collection = sample
    count = next(c for c in collection.source_counts if c.source == source)

    assert count.read == count.accepted + count.rejected + count.duplicate


@pytest.mark.parametrize("source", sorted(SAMPLE_FILES))
def test_collection_every_row_assessed_once(sample, source):
    _config, collection = sample
    file_name, encoding, delimiter = SAMPLE_FILES[source]
    expected = spreadsheet_rows(SAMPLE_DIR / file_name, encoding, delimiter)

    rows = Counter(a.response.row for a in collection.assessments if a.response.source == source)

    assert sorted(rows) == expected
    assert set(rows.values()) == {1}


@pytest.mark.parametrize("source", sorted(SAMPLE_FILES))
def test_collection_read_count_matches_rows(sample, source):
    _config, collection = sample
    file_name, encoding, delimiter = SAMPLE_FILES[source]
    count = next(c for c in collection.source_counts if c.source == source)

    assert count.read == len(spreadsheet_rows(SAMPLE_DIR / file_name, encoding, delimiter))


@pytest.mark.parametrize(("source", "accepted", "rejected", "duplicate"), [
    ("google-forms", 201, 7, 1),
    ("paper-forms", 99, 7, 1),
])
def test_collection_sample_outcomes(sample, source, accepted, rejected, duplicate):
    _config, collection = sample
    count = next(c for c in collection.source_counts if c.source == source)

    assert (count.accepted, count.rejected, count.duplicate) == (accepted, rejected, duplicate)


def test_collection_sample_fifty_per_dimension(sample):
    _config, collection = sample

    assert {cell.cell: cell.valid for cell in collection.quota} == {
        "governance": 50, "branding": 50, "economy": 50, "living": 50, "society": 50, "environment": 50,
    }


def test_collection_sample_valid_total(sample):
    _config, collection = sample

    assert len(collection.valid) == 300


def test_collection_sample_input_defects(sample):
    """The sample plants six faults in its files.

    Online: 'Lumayan', and item 103 answered in two columns (Sangat Baik and Baik). On paper: one
    surplus cell, the answers 5 and 3,5, and a row typed into one cell.
    """
    _config, collection = sample

    defects = [(response.file, response.row, problem.code, problem.value)
               for response, problem in input_defects(collection)]

    assert defects == [
        ("google_forms_responses.csv", 77, "unreadable-answer", "Lumayan"),
        ("google_forms_responses.csv", 126, "conflicting-answers", "4 / 3"),
        ("formulir_kertas.csv", 32, "extra-cells", "1"),
        ("formulir_kertas.csv", 43, "out-of-range", "5"),
        ("formulir_kertas.csv", 51, "out-of-range", "3,5"),
        ("formulir_kertas.csv", 85, "row-in-one-cell", None),
    ]


def test_collection_answers_table_valid_only(sample):
    """300 valid respondents rate nine items each."""
    config, collection = sample

    answers = answers_table(collection, config)

    assert len(answers) == 2700
    assert answers["response_id"].nunique() == 300


def test_collection_blank_row_skipped(tmp_path):
    """all_defects/responses.csv has 35 data rows, row 13 blank: 34 responses."""
    config = load_survey_config(all_defects_copy(tmp_path))

    collection = collect_survey(config, exact_quota=True)

    count = collection.source_counts[0]
    assert count.blank_rows == 1
    assert count.read == 34
    assert 13 not in {a.response.row for a in collection.assessments}


def test_collection_all_defects_outcomes(tmp_path):
    config = load_survey_config(all_defects_copy(tmp_path))

    count = collect_survey(config, exact_quota=True).source_counts[0]

    assert (count.accepted, count.rejected, count.duplicate) == (15, 16, 3)
