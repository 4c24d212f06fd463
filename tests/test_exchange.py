"""The response table for SPSS, Stata and spreadsheets (survey.exchange), and .sav/.dta files as sources.

The exported table of the sample is checked for labels, for equal content in
every format and for the absence of personal data. Its valid responses, read
back as the only source of a survey, must give the sample's scores again.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from openpyxl import load_workbook

from aggregation.tables import score_of, score_rows
from helpers_pipeline import SAMPLE_DIR, copy_sample, run_cli, sample_personal_values
from smartcity_impact.errors import ReadError
from smartcity_impact.pipeline import run_survey
from survey.collection import collect_survey
from survey.config import SourceConfig, load_survey_config
from survey.exchange import (EXCHANGE_FORMATS, PROVENANCE_COLUMNS, STATA_LABEL_LENGTH, response_table,
                             write_responses)
from survey.readers import read_source

ITEM_CODES = [f"Q{number}" for number in range(50, 104)]
SCALE_LABELS = {1: "Sangat Tidak Setuju", 2: "Tidak Setuju", 3: "Setuju", 4: "Sangat Setuju"}
STATISTICS_READERS = {"sav": pyreadstat.read_sav, "dta": pyreadstat.read_dta}


def personal_values() -> set[str]:
    """Return every respondent name, phone number and e-mail address of the sample, and each phone's digits."""
    values = sample_personal_values()
    digits = {"".join(c for c in value if c.isdigit()) for value in values if "@" not in value}
    return values | {value for value in digits if len(value) >= 8}


def leaked_values(cells: list[str]) -> list[str]:
    """Return the personal values of the sample that occur inside any of ``cells``."""
    text = "\n".join(cells)
    return sorted(value for value in personal_values() if value in text)


def single_source_survey(target: Path, file_name: str, kind: str) -> Path:
    """Write a survey folder whose survey.toml is the sample's with ``file_name`` as its only source."""
    text = (SAMPLE_DIR / "survey.toml").read_text(encoding="utf-8")
    head = text[:text.index("[[sources]]")]
    tail = text[text.index("[sub_dimensions."):]
    source = f'[[sources]]\nname = "exchange"\npath = "{file_name}"\nkind = "{kind}"\n\n'
    target.mkdir(parents=True, exist_ok=True)
    (target / "survey.toml").write_text(head + source + tail, encoding="utf-8")
    return target


def impact_score(result) -> str:
    """Return the Impact score of a run as the evaluation form shows it, such as 3.78."""
    return str(score_of(result.scores.impact))


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """Run the pipeline once on a copy of the sample CSV sources."""
    return run_survey(copy_sample(tmp_path_factory.mktemp("sample")))


@pytest.fixture(scope="module")
def exported(tmp_path_factory, sample_run):
    """Export the sample's response table in all five formats; return the folder and the table."""
    config = sample_run.config
    table = response_table(sample_run.collection, config.instrument)
    out = tmp_path_factory.mktemp("exported")
    write_responses(table, config.instrument, out)
    return out, table


@pytest.fixture(scope="module", params=["sav", "dta"])
def round_trip(request, tmp_path_factory, exported, sample_run):
    """Export the sample's valid responses as .sav or .dta and run the pipeline on that file as the only source."""
    extension = request.param
    _out, table = exported
    survey = single_source_survey(tmp_path_factory.mktemp(f"round-trip-{extension}"), f"responses.{extension}",
                                  "spss" if extension == "sav" else "stata")
    valid = table[table["status"] == "valid"].reset_index(drop=True)
    write_responses(valid, sample_run.config.instrument, survey, (extension,))
    return extension, run_survey(survey)


def read_statistics_file(path: Path):
    """Read a .sav or .dta file with pyreadstat, as an assessor's script would."""
    return STATISTICS_READERS[path.suffix.lstrip(".")](path)


@pytest.mark.parametrize("extension", EXCHANGE_FORMATS)
def test_export_writes_format(exported, extension):
    out, _table = exported
    path = out / f"responses.{extension}"

    assert path.is_file()
    assert path.stat().st_size > 0


def test_export_no_temporary_files_left(exported):
    out, _table = exported

    assert sorted(path.name for path in out.iterdir()) == sorted(f"responses.{e}" for e in EXCHANGE_FORMATS)


def test_export_table_columns(exported):
    _out, table = exported

    assert list(table.columns) == [*PROVENANCE_COLUMNS, *ITEM_CODES]


def test_export_table_one_row_per_response(exported):
    _out, table = exported

    assert len(table) == 316
    assert table["status"].value_counts().to_dict() == {"valid": 300, "excluded": 16}


def test_export_excluded_rows_have_reasons(exported):
    _out, table = exported
    excluded = table[table["status"] == "excluded"]

    places = set(zip(excluded["file"], excluded["row"], strict=True))

    assert places >= {("formulir_kertas.csv", 43), ("google_forms_responses.csv", 41)}
    assert all(excluded["reasons"].str.len() > 0)
    assert set(table.loc[table["status"] == "valid", "reasons"]) == {""}


def test_export_respondent_pseudonym(exported):
    """Every response has one but the paper form typed into one cell, whose phone number is inside that cell."""
    _out, table = exported
    without = table["respondent"].isna()

    assert list(table.loc[without, "response_id"]) == ["paper-forms:85"]
    assert table.loc[~without, "respondent"].str.fullmatch(r"[0-9a-f]{32}").all()


def test_export_duplicate_shares_pseudonym(exported):
    _out, table = exported
    duplicate = table[table["reasons"] == "duplicate-respondent"].iloc[0]

    same_person = table[table["respondent"] == duplicate["respondent"]]

    assert duplicate["response_id"] == "paper-forms:79"
    assert list(same_person["status"]) == ["valid", "excluded"]


def test_export_timestamp_keeps_offset(exported):
    _out, table = exported
    first = table.iloc[0]

    assert first["response_id"] == "google-forms:2"
    assert first["timestamp"] == "2024-07-01T13:03:25+07:00"


def test_export_items_are_integers(exported):
    _out, table = exported
    first = table.iloc[0]

    assert str(table["Q50"].dtype) == "Int64"
    assert [first[code] for code in ("Q50", "Q51", "Q58")] == [4, 3, 4]
    assert pd.isna(first["Q59"])


def test_export_sav_variable_labels(exported, instrument):
    out, _table = exported

    _frame, metadata = pyreadstat.read_sav(out / "responses.sav")

    assert metadata.column_names_to_labels["Q57"] == instrument.items_by_number[57].statement
    assert all(metadata.column_names_to_labels[name] for name in metadata.column_names)


def test_export_sav_value_labels(exported):
    out, _table = exported

    _frame, metadata = pyreadstat.read_sav(out / "responses.sav")

    assert metadata.variable_value_labels["Q57"][4] == "Sangat Setuju"
    assert metadata.variable_value_labels["Q57"] == SCALE_LABELS
    assert set(metadata.variable_value_labels) == {*ITEM_CODES, "mode", "status"}


def test_export_sav_codes_mode_and_status(exported):
    out, table = exported

    frame, metadata = pyreadstat.read_sav(out / "responses.sav")

    assert list(frame["mode"]) == list(table["mode"].map({"online": 1, "offline": 2}))
    assert list(frame["status"]) == list(table["status"].map({"valid": 1, "excluded": 0}))
    assert set(metadata.variable_value_labels["mode"]) == {1, 2}
    assert set(metadata.variable_value_labels["status"]) == {0, 1}


def test_export_dta_variable_labels(exported, instrument):
    out, _table = exported
    longest = max(instrument.items, key=lambda item: len(item.statement))

    _frame, metadata = pyreadstat.read_dta(out / "responses.dta")

    assert len(longest.statement) > STATA_LABEL_LENGTH
    assert metadata.column_names_to_labels[longest.code] == longest.statement[:STATA_LABEL_LENGTH]
    assert metadata.column_names_to_labels["Q57"] == instrument.items_by_number[57].statement[:STATA_LABEL_LENGTH]
    assert max(len(label) for label in metadata.column_names_to_labels.values()) <= STATA_LABEL_LENGTH


def test_export_dta_value_labels(exported):
    out, _table = exported

    _frame, metadata = pyreadstat.read_dta(out / "responses.dta")

    assert metadata.variable_value_labels["Q57"][4] == "Sangat Setuju"
    assert metadata.variable_value_labels["Q57"] == SCALE_LABELS


@pytest.mark.parametrize("extension", ["sav", "dta"])
def test_export_statistics_file_answers(exported, extension):
    out, table = exported

    frame, _metadata = read_statistics_file(out / f"responses.{extension}")

    assert list(frame["response_id"]) == list(table["response_id"])
    assert frame[ITEM_CODES].fillna(0).astype(int).equals(table[ITEM_CODES].fillna(0).astype(int))


def test_export_parquet_equals_csv(exported):
    out, _table = exported

    from_csv = pd.read_csv(out / "responses.csv", dtype=str, keep_default_na=False)
    from_parquet = pd.read_parquet(out / "responses.parquet").astype("string").fillna("").astype(str)

    assert list(from_parquet.columns) == list(from_csv.columns)
    pd.testing.assert_frame_equal(from_parquet, from_csv, check_dtype=False)


def test_export_xlsx_header_and_rows(exported):
    out, table = exported

    workbook = load_workbook(out / "responses.xlsx", read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()

    assert list(rows[0]) == list(table.columns)
    assert len(rows) == len(table) + 1


def test_export_csv_no_personal_data(exported):
    out, _table = exported

    text = (out / "responses.csv").read_text(encoding="utf-8")

    assert len(personal_values()) > 600
    assert leaked_values([text]) == []


def test_export_xlsx_no_personal_data(exported):
    out, _table = exported

    workbook = load_workbook(out / "responses.xlsx", read_only=True)
    cells = [str(value) for row in workbook.worksheets[0].iter_rows(values_only=True) for value in row]
    workbook.close()

    assert leaked_values(cells) == []


def test_export_parquet_no_personal_data(exported):
    out, _table = exported

    frame = pd.read_parquet(out / "responses.parquet")
    cells = [str(value) for value in frame.to_numpy().ravel()]

    assert leaked_values(cells) == []


@pytest.mark.parametrize("extension", ["sav", "dta"])
def test_export_statistics_file_no_personal_data(exported, extension):
    out, _table = exported

    frame, metadata = read_statistics_file(out / f"responses.{extension}")
    cells = [str(value) for value in frame.to_numpy().ravel()]
    labels = [str(label) for label in metadata.column_names_to_labels.values()]

    assert leaked_values(cells + labels) == []


def test_export_withholds_personal_enumerator(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    paper = survey / "formulir_kertas.csv"
    with paper.open(encoding="cp1252", newline="") as csv_file:
        records = list(csv.reader(csv_file, delimiter=";"))
    header = records[0]
    first = records[1]
    first[header.index("Enumerator")] = f"ENUM-02 {first[header.index('No. HP')]}"
    first[header.index("No. Formulir")] = first[header.index("Nama")]
    with paper.open("w", encoding="cp1252", newline="") as csv_file:
        csv.writer(csv_file, delimiter=";").writerows(records)
    config = load_survey_config(survey)

    table = response_table(collect_survey(config), config.instrument)
    row = table[table["response_id"] == "paper-forms:2"].iloc[0]

    assert first[header.index("No. HP")] not in row["enumerator"]
    assert row["enumerator"].startswith("[")
    assert row["form_number"].startswith("[")


def test_round_trip_item_scores(round_trip, sample_run):
    _extension, result = round_trip
    instrument = sample_run.config.instrument

    assert score_rows(result.scores, instrument) == score_rows(sample_run.scores, instrument)


def test_round_trip_impact_score(round_trip, sample_run):
    _extension, result = round_trip

    assert impact_score(result) == "3.78"
    assert impact_score(sample_run) == "3.78"


def test_round_trip_all_valid_offline(round_trip):
    _extension, result = round_trip

    assert len(result.collection.valid) == 300
    assert result.collection.excluded == []
    assert [count.mode for count in result.collection.source_counts] == ["offline"]


def test_round_trip_keeps_submission_time(round_trip, sample_run):
    _extension, result = round_trip
    times = {a.response.submitted_at for a in result.collection.valid}

    assert times == {a.response.submitted_at for a in sample_run.collection.valid}


def test_round_trip_summary_score(round_trip):
    extension, result = round_trip
    summary_path = [path for path in result.outputs if path.suffix == ".json"][0]

    summary = json.loads(summary_path.read_text(encoding="utf-8"))

    assert summary["impact"]["score"] == 3.78, extension


def write_labelled_file(path: Path) -> None:
    """Write an SPSS or Stata file with a dimension coded 1-6, item answers with labels, dates and missing cells."""
    frame = pd.DataFrame({
        "Tanggal": [dt.date(2024, 7, 2), None, dt.date(2024, 7, 3)],
        "Waktu": [dt.datetime(2024, 7, 2, 7, 2, 17), None, dt.datetime(2024, 7, 3, 9, 0)],
        "Dimensi": [1.0, 3.0, float("nan")],
        "Q57": [4.0, float("nan"), 2.0],
        "Usia": [27.0, 31.5, 40.0],
        "No_HP": ["081250000015", "", "0812"],
    })
    value_labels = {
        "Dimensi": {1: "Smart Governance", 2: "Smart Branding", 3: "Smart Economy", 4: "Smart Living",
                    5: "Smart Society", 6: "Smart Environment"},
        "Q57": SCALE_LABELS,
    }
    write = pyreadstat.write_sav if path.suffix == ".sav" else pyreadstat.write_dta
    write(frame, path, variable_value_labels=value_labels)


@pytest.mark.parametrize(("file_name", "kind"), [("labelled.sav", "spss"), ("labelled.dta", "stata")])
def test_reader_statistics_file_cells(tmp_path, file_name, kind):
    path = tmp_path / file_name
    write_labelled_file(path)

    table = read_source(SourceConfig("labelled", path, kind, "offline"))

    assert table.headers == ["Tanggal", "Waktu", "Dimensi", "Q57", "Usia", "No_HP"]
    assert table.rows == [
        ["2024-07-02", "2024-07-02 07:02:17", "Smart Governance", "4", "27", "081250000015"],
        ["", "", "Smart Economy", "", "31.5", ""],
        ["2024-07-03", "2024-07-03 09:00:00", "", "2", "40", "0812"],
    ]
    assert table.row_numbers == [1, 2, 3]


def test_reader_mapped_item_keeps_code(tmp_path):
    path = tmp_path / "mapped.sav"
    frame = pd.DataFrame({"v57": [4.0, 1.0], "Dimensi": [1.0, 1.0]})
    pyreadstat.write_sav(frame, path, variable_value_labels={"v57": SCALE_LABELS,
                                                             "Dimensi": {1: "Smart Governance"}})

    table = read_source(SourceConfig("mapped", path, "spss", "offline", columns={"Q57": "v57"}))

    assert table.rows == [["4", "Smart Governance"], ["1", "Smart Governance"]]


def test_reader_statistics_blank_case(tmp_path):
    path = tmp_path / "blank.sav"
    pyreadstat.write_sav(pd.DataFrame({"Q50": [4.0, float("nan")], "Nama": ["", ""]}), path)

    table = read_source(SourceConfig("blank", path, "spss", "offline"))

    assert len(table.rows) == 1
    assert table.blank_rows == [2]


@pytest.mark.parametrize("file_name", ["damaged.sav", "damaged.dta", "damaged.zsav"])
def test_reader_damaged_statistics_file(tmp_path, file_name):
    path = tmp_path / file_name
    path.write_bytes(random.Random(7).randbytes(4096))

    with pytest.raises(ReadError) as caught:
        read_source(SourceConfig("damaged", path, "spss", "offline"))

    assert caught.value.code == "statistics-file-invalid"
    assert file_name in str(caught.value)


def test_reader_truncated_sav(tmp_path, exported):
    out, _table = exported
    data = (out / "responses.sav").read_bytes()
    path = tmp_path / "truncated.sav"
    path.write_bytes(data[:len(data) // 2])

    with pytest.raises(ReadError) as caught:
        read_source(SourceConfig("truncated", path, "spss", "offline"))

    assert caught.value.code == "statistics-file-invalid"


def test_config_statistics_kinds_offline(tmp_path):
    survey = single_source_survey(tmp_path, "responses.sav", "spss")
    stata = single_source_survey(tmp_path / "stata", "responses.dta", "stata")

    assert load_survey_config(survey).sources[0].mode == "offline"
    assert load_survey_config(stata).sources[0].mode == "offline"


def test_cli_export_writes_files(tmp_path):
    survey = copy_sample(tmp_path / "survey")

    run = run_cli("export", str(survey), "--lang", "en")

    assert run.status == 0, run.stderr
    assert "Files written:" in run.stdout
    for extension in EXCHANGE_FORMATS:
        path = survey / "hasil" / f"responses.{extension}"
        assert path.is_file()
        assert str(path) in run.stdout


def test_cli_export_selected_formats(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    out = tmp_path / "out"

    run = run_cli("export", str(survey), "--format", "sav", "--format", "csv", "--out", str(out), "--lang", "en")

    assert run.status == 0, run.stderr
    assert sorted(path.name for path in out.iterdir()) == ["responses.csv", "responses.sav"]


def test_cli_export_damaged_sav(tmp_path):
    survey = single_source_survey(tmp_path, "responses.sav", "spss")
    (survey / "responses.sav").write_bytes(random.Random(7).randbytes(4096))

    run = run_cli("export", str(survey), "--lang", "en")

    assert run.status == 1
    assert "responses.sav" in run.stderr
    assert "Traceback" not in run.stderr
