"""Specification of survey.columns: column titles to respondent fields and instrument items."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcity_impact.errors import ReadError
from survey.columns import check_routed_dimensions, match_columns, match_item_column
from survey.table import RawTable

QUESTION_PREFIX = "Berdasarkan hasil survey terhadap 50 responden pengguna layanan, berapa rata-rata nilai "
GOVERNANCE_CODES = [f"Q{number}" for number in range(50, 59)]


def raw_table(headers: list[str]) -> RawTable:
    """Return a header-only table read from a Google Forms download."""
    return RawTable(Path("responses.csv"), headers, [], [], ".", "utf-8", ",")


def statement(instrument, number: int) -> str:
    return instrument.items_by_number[number].statement


def matched_item(instrument, header: str):
    item = match_item_column(raw_table([header]), 0, instrument)
    return item.number if item else None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Q50", 50),
        ("q50", 50),
        ("Q 50", 50),
        ("50", 50),
        ("Butir 57", 57),
        ("Item 103", 103),
        ("Q104", None),
        ("49", None),
    ],
)
def test_match_item_column_by_code_or_number(instrument, header, expected):
    assert matched_item(instrument, header) == expected


@pytest.mark.parametrize("separator", [". ", ") ", " - ", ": ", "."])
def test_match_item_column_by_numbered_statement(instrument, separator):
    assert matched_item(instrument, f"57{separator}{statement(instrument, 57)}") == 57


@pytest.mark.parametrize("number", [50, 57, 75, 103])
def test_match_item_column_by_question_text(instrument, number):
    assert matched_item(instrument, instrument.items_by_number[number].question) == number


@pytest.mark.parametrize("number", [50, 57, 75, 103])
def test_match_item_column_by_statement(instrument, number):
    assert matched_item(instrument, statement(instrument, number)) == number


def test_match_item_column_ignores_case_and_spacing(instrument):
    header = "  " + statement(instrument, 57).upper().replace(" ", "  ") + " *"
    assert matched_item(instrument, header) == 57


def test_match_item_column_google_grid_row(instrument):
    header = f"Penilaian layanan [{statement(instrument, 57)}]"
    assert matched_item(instrument, header) == 57


@pytest.mark.parametrize("header", ["Saran dan masukan", "Nama", "", "1. Identitas responden"])
def test_match_item_column_unrelated_is_none(instrument, header):
    assert matched_item(instrument, header) is None


def test_match_item_column_two_statements_ambiguous(instrument):
    header = f"{statement(instrument, 50)} dan {statement(instrument, 51)}"

    with pytest.raises(ReadError) as raised:
        match_item_column(raw_table([header]), 0, instrument)

    assert raised.value.code == "column-ambiguous"
    assert raised.value.column == header
    assert raised.value.params["items"] == "Q50, Q51"


def test_match_item_column_number_contradicts_text(instrument):
    header = f"57. {statement(instrument, 58)}"

    with pytest.raises(ReadError) as raised:
        match_item_column(raw_table([header]), 0, instrument)

    assert raised.value.code == "column-ambiguous"
    assert raised.value.column == header
    assert raised.value.params["items"] == "Q57, Q58"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Stempel waktu", "timestamp"),
        ("Cap waktu", "timestamp"),
        ("Timestamp", "timestamp"),
        ("Alamat email", "email"),
        ("Email Address", "email"),
        ("Nomor HP/WA *", "phone"),
        ("No. HP", "phone"),
        ("Nama Lengkap", "name"),
        ("Usia (tahun)", "age"),
        ("Pilih dimensi layanan yang pernah Anda gunakan", "dimension"),
        ("No. Formulir", "form_number"),
        ("Enumerator", "enumerator"),
        ("Tanggal Wawancara", "interview_date"),
    ],
)
def test_match_columns_respondent_field(instrument, header, field):
    column_map = match_columns(raw_table(["Q50", header, "Q51", "Q52"]), instrument, {})
    assert column_map.fields[field] == [1]


def test_match_columns_one_dimension_is_enough(instrument):
    column_map = match_columns(raw_table(["No. Formulir", *GOVERNANCE_CODES]), instrument, {})
    assert sorted(column_map.items) == list(range(50, 59))


def test_match_columns_one_sub_dimension_is_enough(instrument):
    column_map = match_columns(raw_table(["Q56", "Q57", "Q58"]), instrument, {})
    assert sorted(column_map.items) == [56, 57, 58]


def test_match_columns_items_by_position(instrument):
    column_map = match_columns(raw_table(["Stempel waktu", "Q52", "Q50", "Q51"]), instrument, {})
    assert column_map.items == {52: [1], 50: [2], 51: [3]}


def test_match_columns_unknown_columns_ignored(instrument):
    headers = ["Stempel waktu", "Saran dan masukan", *GOVERNANCE_CODES, "Catatan petugas", ""]

    column_map = match_columns(raw_table(headers), instrument, {})

    assert column_map.unmatched == [1, 11, 12]
    assert sorted(column_map.items) == list(range(50, 59))


def test_match_columns_same_field_twice_kept_apart(instrument):
    column_map = match_columns(raw_table(["Nama", "Q50", "Q51", "Q52", "Nama"]), instrument, {})
    assert column_map.fields["name"] == [0, 4]


def test_match_columns_same_item_twice_kept_apart(instrument):
    headers = ["Q50", f"50. {statement(instrument, 50)}", "Q51", "Q52"]

    column_map = match_columns(raw_table(headers), instrument, {})

    assert column_map.items[50] == [0, 1]


def test_match_columns_renamed_item_column_unmatched(instrument):
    renamed = "Layanan/program bisa diakses secara online"
    headers = ["Stempel waktu", renamed, "Q51", "Q52"]

    with pytest.raises(ReadError) as raised:
        match_columns(raw_table(headers), instrument, {})

    assert raised.value.code == "column-unmatched"
    assert raised.value.column == renamed
    assert raised.value.params["item"] == "Q50"


def test_match_columns_deleted_item_column_missing(instrument):
    headers = ["Stempel waktu", "Q50", "Q51", "Q52", "Q53", "Q55", "Q56", "Q57", "Q58"]

    with pytest.raises(ReadError) as raised:
        match_columns(raw_table(headers), instrument, {})

    assert raised.value.code == "item-column-missing"
    assert raised.value.params["item"] == "Q54"


def test_match_columns_ambiguous_column_raises(instrument):
    header = f"{statement(instrument, 50)} / {statement(instrument, 51)}"

    with pytest.raises(ReadError) as raised:
        match_columns(raw_table(["Stempel waktu", header, "Q52"]), instrument, {})

    assert raised.value.code == "column-ambiguous"
    assert raised.value.column == header


def test_match_columns_override_maps_odd_title(instrument, make_source):
    source = make_source("responses.csv", columns={"phone": "Kontak yang bisa dihubungi (WA)"})
    headers = ["Stempel waktu", "Kontak yang bisa dihubungi (WA)", "Q50", "Q51", "Q52"]

    column_map = match_columns(raw_table(headers), instrument, source.columns)

    assert column_map.fields["phone"] == [1]


def test_match_columns_override_ignores_case_and_spacing(instrument):
    headers = ["KONTAK  yang bisa dihubungi", "Q50", "Q51", "Q52"]

    column_map = match_columns(raw_table(headers), instrument, {"phone": "Kontak yang bisa dihubungi"})

    assert column_map.fields["phone"] == [0]


def test_match_columns_override_wins_over_standard_title(instrument):
    # A paper form whose "Tanggal" column is the data-entry date, not the interview date.
    headers = ["Tanggal", "Tanggal wawancara (isi petugas)", "Q50", "Q51", "Q52"]

    column_map = match_columns(raw_table(headers), instrument, {"interview_date": "Tanggal wawancara (isi petugas)"})

    assert column_map.fields["interview_date"] == [1]


PER_DIMENSION = {code: "per-dimension" for code in ("governance", "branding", "economy", "living", "society",
                                                    "environment")}


def test_match_columns_no_item_column_raises(instrument):
    table = raw_table(["Stempel waktu", "Nama", "Seberapa mudah layanan diakses?", "Apakah prosedurnya jelas?"])

    with pytest.raises(ReadError) as raised:
        match_columns(table, instrument, {})

    assert raised.value.code == "no-item-columns"


def test_match_columns_partial_dimension_per_dimension_raises(instrument):
    table = raw_table(["Nama", "Layanan mudah diakses?", *GOVERNANCE_CODES[3:]])

    with pytest.raises(ReadError) as raised:
        match_columns(table, instrument, {}, PER_DIMENSION)

    assert raised.value.code == "column-unmatched"
    assert raised.value.column == "Layanan mudah diakses?"
    assert raised.value.params["item"] == "Q50"


def test_match_columns_partial_dimension_per_sub_dimension_allowed(instrument):
    designs = PER_DIMENSION | {"governance": "per-sub-dimension"}
    table = raw_table(["Nama", *GOVERNANCE_CODES[3:]])

    column_map = match_columns(table, instrument, {}, designs)

    assert sorted(column_map.items) == list(range(53, 59))


def test_check_routed_dimensions_without_columns_raises(instrument):
    table = raw_table(["Dimensi", "Pendapat Anda tentang wisata?", *GOVERNANCE_CODES])
    column_map = match_columns(table, instrument, {}, PER_DIMENSION)

    with pytest.raises(ReadError) as raised:
        check_routed_dimensions(table, instrument, column_map, {"governance": 2, "branding": 5})

    assert raised.value.code == "dimension-without-columns"
    assert raised.value.row == 5
    assert raised.value.column == "Dimensi"


def test_match_columns_item_override(instrument):
    table = raw_table(["Nama", "Seberapa mudah layanan diakses?", *GOVERNANCE_CODES[1:]])

    column_map = match_columns(table, instrument, {"Q50": "Seberapa mudah layanan diakses?"}, PER_DIMENSION)

    assert column_map.items[50] == [1]
