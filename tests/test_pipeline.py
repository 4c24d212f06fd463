"""Specification of a whole run (smartcity_impact.pipeline.run_survey) on a copy of the sample survey.

The sample is built so that, after its sixteen planted exclusions,
every item score is Tabalong's published 2024 score: 3.80, except item 57
(2.80) and item 75 (3.60), for an Impact score of 204/54 = 3.78.
"""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from helpers_pipeline import SAMPLE_DIR, copy_sample, load_script, sample_personal_values, sample_records
from smartcity_impact.i18n import active_language, set_language
from smartcity_impact.pipeline import run_survey

OUTPUT_FILES = ["impact_scores.csv", "impact_scores.xlsx", "impact_summary.json", "responses_excluded.csv",
                "quality_flags.csv", "laporan_kualitas.html"]
SPECIAL_SCORES = {57: "2.80", 75: "3.60"}

# (file, spreadsheet row, reason codes) of every planted defect, in source and row order.
PLANTED_DEFECTS = [
    ("google_forms_responses.csv", "31", "not-resident"),
    ("google_forms_responses.csv", "41", "duplicate-submission"),
    ("google_forms_responses.csv", "60", "under-age"),
    ("google_forms_responses.csv", "77", "unreadable-answer;incomplete"),
    ("google_forms_responses.csv", "126", "conflicting-answers;incomplete"),
    ("google_forms_responses.csv", "134", "multiple-dimensions"),
    ("google_forms_responses.csv", "156", "not-programme-user"),
    ("google_forms_responses.csv", "184", "no-consent"),
    ("formulir_kertas.csv", "32", "extra-cells"),
    ("formulir_kertas.csv", "43", "out-of-range;incomplete"),
    ("formulir_kertas.csv", "51", "out-of-range;incomplete"),
    ("formulir_kertas.csv", "60", "no-answers"),
    ("formulir_kertas.csv", "75", "incomplete"),
    ("formulir_kertas.csv", "79", "duplicate-respondent"),
    ("formulir_kertas.csv", "85", "row-in-one-cell;no-answers"),
    ("formulir_kertas.csv", "100", "dimension-mismatch"),
]
# Columns of responses_excluded.csv, by position so that the header's language does not matter.
EXCLUDED_FILE, EXCLUDED_ROW, EXCLUDED_REASONS = 3, 4, 11


def read_csv(path, delimiter: str = ",", encoding: str = "utf-8") -> list[list[str]]:
    """Return every record of a result CSV, header first."""
    with path.open(encoding=encoding, newline="") as csv_file:
        return list(csv.reader(csv_file, delimiter=delimiter))


@pytest.fixture(scope="module")
def english_run(tmp_path_factory):
    """Run the sample once in English with the standard CSV dialect, into the default folder ``hasil``."""
    previous = active_language()
    set_language("en")
    survey = copy_sample(tmp_path_factory.mktemp("sample"))
    result = run_survey(survey)
    yield survey / "hasil", result
    set_language(previous)


@pytest.fixture(scope="module")
def excel_id_run(tmp_path_factory):
    """Run the sample once in Indonesian with --csv-dialect excel-id into a separate folder."""
    previous = active_language()
    set_language("id")
    survey = copy_sample(tmp_path_factory.mktemp("sample-excel-id"))
    out = tmp_path_factory.mktemp("hasil-excel-id")
    run_survey(survey, out, csv_dialect="excel-id")
    yield out
    set_language(previous)


def test_pipeline_writes_six_files(english_run):
    out, _result = english_run

    assert sorted(path.name for path in out.iterdir()) == sorted(OUTPUT_FILES)


def test_pipeline_outputs_listed(english_run):
    out, result = english_run

    assert [path.name for path in result.outputs] == OUTPUT_FILES
    assert {path.parent for path in result.outputs} == {out}


def test_pipeline_scores_54_rows(english_run):
    out, _result = english_run

    records = read_csv(out / "impact_scores.csv")

    assert len(records) == 55


def test_pipeline_scores_item_order(english_run):
    out, _result = english_run

    records = read_csv(out / "impact_scores.csv")[1:]

    assert [int(record[0]) for record in records] == list(range(50, 104))


@pytest.mark.parametrize("item", range(50, 104))
def test_pipeline_item_score(english_run, item):
    out, _result = english_run
    scores = {int(record[0]): record[-1] for record in read_csv(out / "impact_scores.csv")[1:]}

    assert scores[item] == SPECIAL_SCORES.get(item, "3.80")


def test_pipeline_summary_impact_score(english_run):
    out, _result = english_run

    summary = json.loads((out / "impact_summary.json").read_text(encoding="utf-8"))

    assert summary["impact"]["score"] == 3.78


def test_pipeline_summary_impact_mean(english_run):
    out, _result = english_run

    summary = json.loads((out / "impact_summary.json").read_text(encoding="utf-8"))

    assert summary["impact"]["mean"] == pytest.approx(204 / 54)


def test_pipeline_summary_quota_cells(english_run):
    out, _result = english_run

    summary = json.loads((out / "impact_summary.json").read_text(encoding="utf-8"))

    assert [cell["cell"] for cell in summary["quota"]] == ["governance", "branding", "economy", "living",
                                                           "society", "environment"]
    assert {cell["valid"] for cell in summary["quota"]} == {50}


def test_pipeline_summary_respondents(english_run):
    out, _result = english_run

    summary = json.loads((out / "impact_summary.json").read_text(encoding="utf-8"))

    assert summary["respondents"] == {"valid": 300, "excluded": 16}


def test_pipeline_excluded_planted_defects(english_run):
    out, _result = english_run

    records = read_csv(out / "responses_excluded.csv")[1:]

    found = [(r[EXCLUDED_FILE], r[EXCLUDED_ROW], r[EXCLUDED_REASONS]) for r in records]
    assert found == PLANTED_DEFECTS


@pytest.mark.parametrize(("file_name", "row", "column", "value"), [
    ("google_forms_responses.csv", 31, "Apakah Anda berdomisili di Kabupaten Tabalong?", "Tidak"),
    ("google_forms_responses.csv", 60, "Usia", "15"),
    ("google_forms_responses.csv", 77, None, "Lumayan"),
    ("google_forms_responses.csv", 184, "Persetujuan", "Tidak bersedia"),
    ("formulir_kertas.csv", 43, "Q61", "5"),
    ("formulir_kertas.csv", 51, "Q101", "3,5"),
    ("formulir_kertas.csv", 75, "Q87", "Tidak tahu"),
    ("formulir_kertas.csv", 100, "Dimensi", "Economy"),
])
def test_pipeline_planted_cells_at_listed_rows(file_name, row, column, value):
    """Cross-check of PLANTED_DEFECTS: the sample file has the planted answer in that spreadsheet row."""
    record = sample_records(file_name)[row - 2]

    if column is None:
        assert value in record.values()
    else:
        assert record[column] == value


def test_pipeline_excluded_no_personal_data(english_run):
    out, _result = english_run
    text = (out / "responses_excluded.csv").read_text(encoding="utf-8")
    values = sample_personal_values()
    digits = {"".join(c for c in value if c.isdigit()) for value in values if "@" not in value}

    leaked = sorted(value for value in values | {d for d in digits if len(d) >= 8} if value in text)

    assert len(values) > 600
    assert leaked == []


@pytest.mark.parametrize("file_name", ["impact_scores.csv", "impact_summary.json"])
def test_pipeline_other_outputs_no_personal_data(english_run, file_name):
    out, _result = english_run
    text = (out / file_name).read_text(encoding="utf-8")

    leaked = sorted(value for value in sample_personal_values() if value in text)

    assert leaked == []


def test_pipeline_xlsx_54_rows(english_run):
    out, _result = english_run

    sheet = load_workbook(out / "impact_scores.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))

    assert len(rows) == 54
    assert [row[0] for row in rows] == list(range(50, 104))


def test_pipeline_xlsx_scores_numeric(english_run):
    out, _result = english_run

    sheet = load_workbook(out / "impact_scores.xlsx", read_only=True).active
    scores = {row[0]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert scores[57] == pytest.approx(2.8)
    assert scores[50] == pytest.approx(3.8)


def test_pipeline_xlsx_dimensions_sheet(english_run):
    out, _result = english_run

    workbook = load_workbook(out / "impact_scores.xlsx", read_only=True)
    rows = list(workbook["Dimensions"].iter_rows(min_row=2, values_only=True))

    assert len(rows) == 1 + 6 + 18
    assert rows[0][1] == "impact"
    assert rows[0][-1] == pytest.approx(3.78)
    assert [row[1] for row in rows[1:5]] == ["governance", "governance.I", "governance.II", "governance.III"]


def test_pipeline_excel_id_bom(excel_id_run):
    assert (excel_id_run / "impact_scores.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_pipeline_excel_id_semicolons(excel_id_run):
    records = read_csv(excel_id_run / "impact_scores.csv", ";", "utf-8-sig")

    assert {len(record) for record in records} == {10}
    assert len(records) == 55


def test_pipeline_excel_id_decimal_comma(excel_id_run):
    records = read_csv(excel_id_run / "impact_scores.csv", ";", "utf-8-sig")
    scores = {int(record[0]): record[-1] for record in records[1:]}

    assert scores[57] == "2,80"
    assert scores[75] == "3,60"


def test_pipeline_excel_id_no_decimal_points(excel_id_run):
    """Every number of the score table (n, mean, sd, interval, score) uses the decimal comma."""
    records = read_csv(excel_id_run / "impact_scores.csv", ";", "utf-8-sig")[1:]

    numbers = [cell for record in records for cell in record[4:]]
    assert [cell for cell in numbers if "." in cell] == []


def test_pipeline_excel_id_excluded_list(excel_id_run):
    records = read_csv(excel_id_run / "responses_excluded.csv", ";", "utf-8-sig")[1:]

    assert [(r[EXCLUDED_FILE], r[EXCLUDED_ROW]) for r in records] == [(f, row) for f, row, _ in PLANTED_DEFECTS]


def test_pipeline_excel_id_no_temporary_files(excel_id_run):
    assert sorted(path.name for path in excel_id_run.iterdir()) == sorted(OUTPUT_FILES)


def test_sample_files_match_generator(tmp_path):
    """sample_responses/generate.py regenerates the committed sample byte for byte."""
    generator = load_script(SAMPLE_DIR / "generate.py")
    generator.HERE = tmp_path

    generator.main()

    for name in ("google_forms_responses.csv", "formulir_kertas.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name
