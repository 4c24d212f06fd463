"""Specification of survey.readers: source files as users send them, read into RawTables of text cells.

The files are in tests/data/readers, written by make_fixtures.py there.
"""

from __future__ import annotations

import importlib.util

import pytest

from smartcity_impact.errors import ReadError
from survey.columns import match_columns
from survey.pseudonyms import ephemeral_pseudonymizer
from survey.readers import read_source


def normalized_view(response) -> tuple:
    """Return what a response carries apart from where it was read: answers, time, routing, keys, problems."""
    return (response.row, response.answers, response.dont_know, response.submitted_at, response.declared_dimension,
            response.phone_key, response.email_key, response.content_key,
            [problem.code for problem in response.problems])


def paper_view(response) -> tuple:
    """Return what a paper-form response carries apart from the file it came from."""
    return (response.row, response.answers, response.submitted_at, response.declared_dimension, response.phone_key,
            response.form_number, response.enumerator, [problem.code for problem in response.problems])


def test_fixture_files_match_generator(reader_data):
    spec = importlib.util.spec_from_file_location("make_fixtures", reader_data / "make_fixtures.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)

    # Workbook bytes depend on the openpyxl version, so only the text files are compared byte for byte.
    built = {name: data for name, data in generator.build_fixtures().items() if not data.startswith(b"PK")}

    assert [name for name, data in built.items() if (reader_data / name).read_bytes() != data] == []


# Google Forms exports.

def test_read_source_google_forms_csv(make_source):
    table = read_source(make_source("google_forms_id.csv"))

    assert (table.encoding, table.delimiter, table.decimal) == ("utf-8", ",", ".")
    assert table.headers[:2] == ["Stempel waktu", "Alamat email"]
    assert table.row_numbers == [2, 3, 4]


def test_read_source_google_forms_xlsx_cells_as_text(make_source):
    table = read_source(make_source("google_forms_id.xlsx"))
    first = table.rows[0]

    assert first[0] == "2024-07-15 09:03:12"
    assert first[3] == "081234567890"
    assert first[4] == "34"
    assert first[6] == "4"
    assert first[7] == "Setuju"


def test_read_source_xlsx_blank_cell_empty(make_source):
    table = read_source(make_source("google_forms_id.xlsx"))
    assert table.rows[2][1] == ""


def test_google_forms_csv_and_xlsx_same_responses(make_source, read_responses):
    from_csv = [normalized_view(r) for r in read_responses(make_source("google_forms_id.csv"))]
    from_xlsx = [normalized_view(r) for r in read_responses(make_source("google_forms_id.xlsx"))]
    assert from_csv == from_xlsx


@pytest.mark.parametrize("file_name", ["google_forms_en.csv", "google_forms_cap_waktu.csv"])
def test_google_forms_header_styles_same_responses(make_source, read_responses, file_name):
    reference = [normalized_view(r) for r in read_responses(make_source("google_forms_id.csv"))]
    other = [normalized_view(r) for r in read_responses(make_source(file_name))]
    assert other == reference


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("google_forms_id.csv", {"timestamp": [0], "email": [1], "name": [2], "phone": [3], "age": [4],
                                 "dimension": [5]}),
        ("google_forms_en.csv", {"timestamp": [0], "email": [1], "name": [2], "phone": [3], "age": [4],
                                 "dimension": [5]}),
        ("google_forms_cap_waktu.csv", {"timestamp": [0], "email": [1], "name": [2], "phone": [3], "age": [4],
                                        "dimension": [5]}),
    ],
)
def test_google_forms_header_styles_fields(instrument, make_source, file_name, expected):
    table = read_source(make_source(file_name))
    assert match_columns(table, instrument, {}).fields == expected


@pytest.mark.parametrize("file_name", ["google_forms_id.csv", "google_forms_en.csv", "google_forms_cap_waktu.csv",
                                       "google_forms_id.xlsx"])
def test_google_forms_header_styles_items(instrument, make_source, file_name):
    table = read_source(make_source(file_name))
    items = match_columns(table, instrument, {}).items
    assert items == {number: [number - 44] for number in range(50, 59)}


def test_google_forms_first_response_normalized(make_source, read_responses):
    first = read_responses(make_source("google_forms_id.csv"))[0]

    assert first.answers == {50: 4, 51: 3, 52: 4, 53: 3, 54: 4, 56: 3, 57: 4, 58: 3}
    assert first.dont_know == frozenset({55})
    assert first.declared_dimension == "governance"
    assert first.phone_key == ephemeral_pseudonymizer().pseudonym("phone", "81234567890")
    assert first.email_key == ephemeral_pseudonymizer().pseudonym("email", "budi.santoso@example.com")
    assert first.problems == ()


# Paper forms.

def test_read_source_paper_cp1252(make_source):
    table = read_source(make_source("paper_cp1252.csv", kind="paper_form"))

    assert (table.encoding, table.delimiter, table.decimal) == ("cp1252", ";", ",")
    assert table.rows[0][3] == "Dédi Kurniawan"
    assert table.rows[2][7] == "Ibu rumah tangga – pedagang"


def test_read_source_paper_utf8_bom(make_source):
    table = read_source(make_source("paper_utf8_bom.csv", kind="paper_form"))

    assert (table.encoding, table.delimiter, table.decimal) == ("utf-8", ";", ",")
    assert table.rows[0][3] == "Dédi Kurniawan"


@pytest.mark.parametrize("file_name", ["paper_cp1252.csv", "paper_utf8_bom.csv", "paper.xlsx"])
def test_read_source_paper_leading_zeros_kept(make_source, file_name):
    table = read_source(make_source(file_name, kind="paper_form"))
    assert [row[0] for row in table.rows] == ["0007", "0008", "0009"]


@pytest.mark.parametrize("file_name", ["paper_cp1252.csv", "paper_utf8_bom.csv", "paper.xlsx"])
def test_read_source_paper_phone_kept_as_text(make_source, file_name):
    table = read_source(make_source(file_name, kind="paper_form"))
    assert table.rows[0][4] == "081234560001"


@pytest.mark.parametrize("file_name", ["paper_utf8_bom.csv", "paper.xlsx"])
def test_paper_forms_same_responses_in_every_format(make_source, read_responses, file_name):
    reference = [paper_view(r) for r in read_responses(make_source("paper_cp1252.csv", kind="paper_form"))]
    other = [paper_view(r) for r in read_responses(make_source(file_name, kind="paper_form"))]
    assert other == reference


def test_paper_forms_decimal_comma_answers(make_source, read_responses):
    responses = read_responses(make_source("paper_cp1252.csv", kind="paper_form"))

    assert responses[0].answers[51] == 4
    assert [problem.code for problem in responses[2].problems] == ["out-of-range"]


def test_read_source_decimal_setting_overrides_delimiter(make_source):
    table = read_source(make_source("paper_cp1252.csv", kind="paper_form", decimal="."))
    assert table.decimal == "."


def test_paper_xlsx_decimal_comma_setting(make_source, read_responses):
    # Typed cells follow the configured decimal comma, and numeric cells must read alike.
    responses = read_responses(make_source("paper.xlsx", kind="paper_form", decimal=","))

    assert responses[0].answers[51] == 4
    assert [problem.code for problem in responses[2].problems] == ["out-of-range"]


@pytest.mark.parametrize(("decimal", "expected"), [(None, "3.5"), (",", "3,5"), (".", "3.5")])
def test_read_source_xlsx_number_uses_decimal_setting(make_source, decimal, expected):
    table = read_source(make_source("paper.xlsx", kind="paper_form", decimal=decimal))
    assert table.rows[2][11] == expected


def test_read_source_paper_xlsx_date_cell(make_source):
    table = read_source(make_source("paper.xlsx", kind="paper_form"))
    assert [row[2] for row in table.rows] == ["2024-07-05 00:00:00", "31/02/2024", "2024-07-15 00:00:00"]


# Traps of real exports.

def test_read_source_bom_not_in_first_header(instrument, make_source):
    table = read_source(make_source("paper_utf8_bom.csv", kind="paper_form"))

    assert table.headers[0] == "No. Formulir"
    assert match_columns(table, instrument, {}).fields["form_number"] == [0]


def test_read_source_bom_misread_as_cp1252(make_source):
    table = read_source(make_source("bom_misread.csv", kind="paper_form"))

    assert table.encoding == "cp1252"
    assert table.headers[:2] == ["No. Formulir", "Nama"]


def test_read_source_bom_misread_with_cp1252_setting(make_source):
    table = read_source(make_source("bom_misread.csv", kind="paper_form", encoding="cp1252"))
    assert table.headers[0] == "No. Formulir"


def test_read_source_bom_saved_as_text(make_source):
    table = read_source(make_source("bom_saved_as_text.csv"))
    assert table.headers[0] == "Stempel waktu"


def test_read_source_utf16_unicode_text(make_source):
    table = read_source(make_source("unicode_text.txt", kind="paper_form"))

    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.headers[0] == "No. Formulir"
    assert table.rows == [["0011", "Dédi Kurniawan", "05/07/2024", "Governance", "4", "3", "4"],
                          ["0012", "Nur Aini", "06/07/2024", "Governance", "3", "3", "2"]]


def test_read_source_configured_delimiter(make_source):
    table = read_source(make_source("pipe_separated.csv", delimiter="|"))

    assert table.headers == ["Stempel waktu", "Nama", "Q50", "Q51", "Q52"]
    assert table.rows == [["2024/07/15 9:03:12 AM GMT+7", "Ani", "4", "3", "4"]]


def test_read_source_duplicate_headers_kept(make_source):
    table = read_source(make_source("duplicate_columns.csv"))

    assert [position for position, header in enumerate(table.headers) if header == "Nama"] == [1, 3]
    assert (table.rows[0][1], table.rows[0][3]) == ("Ani", "Rahmat")


def test_read_source_multiline_cell_row_numbers(make_source):
    table = read_source(make_source("multiline_cell.csv"))

    assert table.row_numbers == [2, 3, 4]
    assert table.rows[1][2] == "Pelayanan cepat.\nTapi antrean panjang."


@pytest.mark.parametrize("file_name", ["paper_cp1252.csv", "paper_utf8_bom.csv", "paper.xlsx"])
def test_read_source_blank_rows_counted(make_source, file_name):
    table = read_source(make_source(file_name, kind="paper_form"))

    assert table.blank_rows == [4, 6, 7]
    assert table.row_numbers == [2, 3, 5]


def test_read_source_extra_cells_kept_apart(make_source):
    table = read_source(make_source("extra_cells.csv", kind="paper_form"))

    assert table.extra_cells == {3: ["3", "4"]}
    assert [len(row) for row in table.rows] == [6, 6, 6]


def test_read_source_named_sheet(make_source):
    table = read_source(make_source("two_sheets.xlsx", sheet="Respons Formulir 1"))

    assert table.headers[0] == "Timestamp"
    assert table.row_numbers == [2]


def test_read_source_first_sheet_by_default(make_source):
    table = read_source(make_source("two_sheets.xlsx"))
    assert table.headers[0] == "Catatan"


# Reader errors.

@pytest.mark.parametrize(
    ("file_name", "settings", "code"),
    [
        ("no_such_file.csv", {}, "file-not-found"),
        ("empty.csv", {}, "file-empty"),
        ("whitespace_only.csv", {}, "file-empty"),
        ("semicolons_only.csv", {}, "file-empty"),
        ("empty_sheet.xlsx", {}, "file-empty"),
        ("pipe_separated.csv", {}, "single-column"),
        ("undecodable_0x81.csv", {}, "encoding-invalid"),
        ("undecodable_0x9d.csv", {}, "encoding-invalid"),
        ("paper_cp1252.csv", {"encoding": "utf-8"}, "encoding-invalid"),
        ("paper_cp1252.csv", {"encoding": "windows-1252x"}, "encoding-unknown"),
        ("workbook_renamed.csv", {}, "workbook-named-csv"),
        ("old_format.xls", {}, "xls-unsupported"),
        ("truncated.xlsx", {}, "workbook-invalid"),
        ("two_sheets.xlsx", {"sheet": "Form Responses 1"}, "sheet-not-found"),
    ],
)
def test_read_source_error_code(make_source, file_name, settings, code):
    with pytest.raises(ReadError) as raised:
        read_source(make_source(file_name, **settings))

    assert raised.value.code == code


@pytest.mark.parametrize(
    ("file_name", "row", "byte"),
    [
        ("undecodable_0x81.csv", 3, "0x81"),
        ("undecodable_0x9d.csv", 4, "0x9D"),
    ],
)
def test_read_source_encoding_invalid_row(make_source, file_name, row, byte):
    with pytest.raises(ReadError) as raised:
        read_source(make_source(file_name, kind="paper_form"))

    assert raised.value.row == row
    assert raised.value.params["byte"] == byte


def test_read_source_single_column_header_row(make_source):
    with pytest.raises(ReadError) as raised:
        read_source(make_source("pipe_separated.csv"))

    assert raised.value.row == 1


def test_read_source_sheet_not_found_lists_sheets(make_source):
    with pytest.raises(ReadError) as raised:
        read_source(make_source("two_sheets.xlsx", sheet="Form Responses 1"))

    assert raised.value.params["sheets"] == "Rekap, Respons Formulir 1"


def test_read_source_error_names_file(make_source, reader_data):
    with pytest.raises(ReadError) as raised:
        read_source(make_source("empty.csv"))

    assert raised.value.file == str(reader_data / "empty.csv")


def test_read_error_message_encoding_invalid(make_source, english):
    with pytest.raises(ReadError) as raised:
        read_source(make_source("undecodable_0x81.csv", kind="paper_form"))

    message = str(raised.value)
    assert "undecodable_0x81.csv, row 3, column 'Nama':" in message
    assert "Byte 0x81 cannot be read as UTF-8 or Windows-1252" in message


def test_read_error_message_sheet_not_found(make_source, english):
    with pytest.raises(ReadError) as raised:
        read_source(make_source("two_sheets.xlsx", sheet="Form Responses 1"))

    assert "Worksheet 'Form Responses 1' not found; the workbook has: Rekap, Respons Formulir 1." in str(raised.value)


def test_read_error_encoding_row_after_multiline_cell(tmp_path, make_source):
    path = tmp_path / "multiline.csv"
    path.write_bytes(b'Nama;Q50;Q51\r\n"Ani\r\nBudi";3;4\r\nCici;\x81;4\r\n')

    with pytest.raises(ReadError) as raised:
        read_source(make_source(str(path), kind="paper_form"))

    assert raised.value.row == 3
    assert raised.value.column == "Q50"
