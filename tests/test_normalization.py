"""Specification of survey.normalization: rows to Responses with answers, times, routing, keys and provenance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from survey.columns import match_columns
from survey.normalization import match_dimension, normalize_email, normalize_phone, normalize_table
from survey.table import RawTable

WIB = dt.timezone(dt.timedelta(hours=7))


def normalize_rows(instrument, make_source, headers, rows, decimal=","):
    """Return the Responses of an in-memory ``;`` table with ``rows`` as rows 2, 3, ..."""
    table = RawTable(Path("formulir.csv"), headers, rows, list(range(2, len(rows) + 2)), decimal, "utf-8", ";")
    source = make_source("formulir.csv", kind="paper_form")
    return normalize_table(table, match_columns(table, instrument, {}), source, instrument)


def codes(response) -> list[str]:
    return [problem.code for problem in response.problems]


@pytest.mark.parametrize(
    "text",
    ["0812-3456-7890", "+62 812 3456 7890", "62812 3456 7890", "812 3456 7890", "081234567890",
     "+62 (0)812-3456-7890", "+62-812-3456-7890"],
)
def test_normalize_phone_same_number_one_key(text):
    assert normalize_phone(text) == "81234567890"


@pytest.mark.parametrize("text", ["0812", "0812-345", "+62 812", "", None, "tidak ada", "0812 3456 7890 1234 5"])
def test_normalize_phone_unusable_is_none(text):
    assert normalize_phone(text) is None


def test_normalize_phone_keeps_landline_area_code():
    assert normalize_phone("(0526) 2021-234") == "5262021234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Budi.Santoso@Example.com", "budi.santoso@example.com"),
        ("  SITI@EXAMPLE.COM ", "siti@example.com"),
        ("siti@example.com", "siti@example.com"),
    ],
)
def test_normalize_email_case_folds(text, expected):
    assert normalize_email(text) == expected


@pytest.mark.parametrize("text", ["", None, "tidak punya", "siti.example.com"])
def test_normalize_email_without_at_is_none(text):
    assert normalize_email(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smart Governance (Tata Kelola Pemerintahan)", "governance"),
        ("Smart Branding (Citra Daerah)", "branding"),
        ("Smart Economy (Ekonomi)", "economy"),
        ("Smart Living (Kehidupan)", "living"),
        ("Smart Society (Masyarakat)", "society"),
        ("Smart Environment (Lingkungan)", "environment"),
        ("Governance", "governance"),
        ("governance", "governance"),
        ("  SMART LIVING ", "living"),
        ("Tata Kelola Pemerintahan", "governance"),
        ("Lingkungan", "environment"),
        ("1", "governance"),
        ("3", "economy"),
        ("6", "environment"),
    ],
)
def test_match_dimension_names_one_dimension(instrument, text, expected):
    assert match_dimension(text, instrument) == expected


@pytest.mark.parametrize("text", ["Smart Kitchen", "asdfgh", "0", "7", "Living dan Society", "Kehidupan masyarakat"])
def test_match_dimension_unreadable_is_none(instrument, text):
    assert match_dimension(text, instrument) is None


def test_normalize_table_unreadable_dimension_problem(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["Dimensi", "Q50", "Q51", "Q52"],
                               [["Dimensi favorit", "4", "3", "4"]])

    assert responses[0].declared_dimension is None
    assert codes(responses[0]) == ["unreadable-dimension"]


def test_normalize_table_declared_dimension(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["Dimensi", "Q50", "Q51", "Q52"],
                               [["Smart Living (Kehidupan)", "4", "3", "4"]])

    assert responses[0].declared_dimension == "living"


def test_normalize_table_answers_and_dont_know(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["Q50", "Q51", "Q52"],
                               [["4 - Sangat Setuju", "Tidak tahu", ""]])

    assert responses[0].answers == {50: 4}
    assert responses[0].dont_know == frozenset({51})
    assert responses[0].touched_items == frozenset({50, 51})


def test_normalize_table_rejected_answer_problem(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["Q50", "Q51", "Q52"], [["5", "lumayan", "3,5"]])

    assert responses[0].answers == {}
    assert codes(responses[0]) == ["out-of-range", "unreadable-answer", "out-of-range"]
    assert [problem.column for problem in responses[0].problems] == ["Q50", "Q51", "Q52"]


def test_normalize_table_decimal_comma_answer(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["Q50", "Q51", "Q52"], [["4,0", "3", "2"]])
    assert responses[0].answers == {50: 4, 51: 3, 52: 2}


def test_normalize_table_keeps_leading_zero_form_number(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["No. Formulir", "Enumerator", "Q50", "Q51", "Q52"],
                               [["0007", "ENUM-01 Rahmat", "4", "3", "4"]])

    assert responses[0].form_number == "0007"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (2, {50: 4, 51: 3, 52: 3}),
        (3, {51: 3, 52: 3}),
        (4, {50: 3, 51: 3, 52: 3}),
        (5, {50: 2, 51: 3, 52: 3}),
    ],
)
def test_normalize_table_item_columns_coalesced(make_source, read_responses, row, expected):
    responses = {r.row: r for r in read_responses(make_source("duplicate_columns.csv"))}
    assert responses[row].answers == expected


def test_normalize_table_different_answers_conflict(make_source, read_responses):
    responses = {r.row: r for r in read_responses(make_source("duplicate_columns.csv"))}

    assert codes(responses[3]) == ["conflicting-answers"]
    assert responses[3].problems[0].value == "4 / 3"


def test_normalize_table_answer_beats_dont_know(make_source, read_responses):
    # Row 5 has "Tidak tahu" in one column of item 50 and 2 in the other.
    responses = {r.row: r for r in read_responses(make_source("duplicate_columns.csv"))}
    assert 50 not in responses[5].dont_know


@pytest.mark.parametrize(
    ("date_order", "expected"),
    [
        ("DMY", [dt.date(2024, 7, 5), dt.date(2024, 7, 5), dt.date(2024, 7, 5), dt.date(2024, 7, 15), None, None]),
        ("MDY", [dt.date(2024, 5, 7), dt.date(2024, 7, 5), dt.date(2024, 7, 5), dt.date(2024, 7, 15), None, None]),
    ],
)
def test_normalize_table_interview_dates(make_source, read_responses, date_order, expected):
    responses = read_responses(make_source("interview_dates.csv", kind="paper_form", date_order=date_order))
    dates = [r.submitted_at.date() if r.submitted_at else None for r in responses]
    assert dates == expected


def test_normalize_table_impossible_date_problem(make_source, read_responses):
    responses = read_responses(make_source("interview_dates.csv", kind="paper_form"))
    assert [codes(r) for r in responses[-2:]] == [["invalid-date"], ["invalid-date"]]


def test_normalize_table_excel_serial_half_day(make_source, read_responses):
    responses = read_responses(make_source("interview_dates.csv", kind="paper_form"))
    assert responses[3].submitted_at == dt.datetime(2024, 7, 15, 12, 0, tzinfo=WIB)


def test_normalize_table_google_time_in_utc(make_source, read_responses):
    responses = read_responses(make_source("google_forms_id.csv"))
    assert responses[0].submitted_at == dt.datetime(2024, 7, 15, 2, 3, 12, tzinfo=dt.timezone.utc)


def test_normalize_table_timestamp_before_interview_date(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["Stempel waktu", "Tanggal Wawancara", "Q50", "Q51", "Q52"],
                               [["2024/07/15 9:03:12 AM GMT+7", "01/07/2024", "4", "3", "4"]])

    assert responses[0].submitted_at == dt.datetime(2024, 7, 15, 9, 3, 12, tzinfo=WIB)


def test_normalize_table_invalid_timestamp_falls_back(instrument, make_source):
    responses = normalize_rows(instrument, make_source, ["Stempel waktu", "Tanggal Wawancara", "Q50", "Q51", "Q52"],
                               [["31/02/2024 9:03", "01/07/2024", "4", "3", "4"]])

    assert responses[0].submitted_at == dt.datetime(2024, 7, 1, tzinfo=WIB)
    assert codes(responses[0]) == ["invalid-date"]


def test_normalize_table_extra_cells_problem(make_source, read_responses):
    responses = read_responses(make_source("extra_cells.csv", kind="paper_form"))

    assert [codes(r) for r in responses] == [[], ["extra-cells"], []]
    assert responses[1].problems[0].value == "2"


def test_normalize_table_blank_rows_not_responses(make_source, read_responses):
    responses = read_responses(make_source("paper_cp1252.csv", kind="paper_form"))
    assert [r.row for r in responses] == [2, 3, 5]


def test_normalize_table_same_cells_same_content_key(instrument, make_source):
    headers = ["Stempel waktu", "Nama", "Q50", "Q51", "Q52"]
    rows = [["2024/07/15 9:03:12 AM GMT+7", "Ani", "4", "3", "4"],
            ["2024/07/15 9:03:52 AM GMT+7", " ani ", "4", "3", "4"],
            ["2024/07/15 9:04:30 AM GMT+7", "Ani", "4", "3", "3"]]

    responses = normalize_rows(instrument, make_source, headers, rows)

    assert responses[0].content_key == responses[1].content_key
    assert responses[0].content_key != responses[2].content_key


@pytest.mark.parametrize(
    ("file_name", "kind", "expected"),
    [
        ("paper_cp1252.csv", "paper_form",
         ("paper_cp1252", "paper_cp1252.csv", 2, "offline", "ENUM-01 Rahmat", "0007", "paper_cp1252:2")),
        ("paper.xlsx", "paper_form", ("paper", "paper.xlsx", 2, "offline", "ENUM-01 Rahmat", "0007", "paper:2")),
        ("google_forms_id.csv", "google_forms",
         ("google_forms_id", "google_forms_id.csv", 2, "online", None, None, "google_forms_id:2")),
    ],
)
def test_normalize_table_provenance(make_source, read_responses, file_name, kind, expected):
    first = read_responses(make_source(file_name, kind=kind))[0]
    provenance = (first.source, first.file, first.row, first.mode, first.enumerator, first.form_number,
                  first.response_id)
    assert provenance == expected


def test_normalize_table_provenance_every_row(make_source, read_responses):
    responses = read_responses(make_source("paper_cp1252.csv", kind="paper_form"))
    provenance = [(r.row, r.enumerator, r.form_number) for r in responses]
    assert provenance == [(2, "ENUM-01 Rahmat", "0007"), (3, "ENUM-02 Siti Aisyah", "0008"),
                          (5, "ENUM-03 Fajar", "0009")]


def test_normalize_table_details_without_personal_fields(make_source, read_responses):
    first = read_responses(make_source("paper_cp1252.csv", kind="paper_form"))[0]

    assert first.details["sub_district"] == "Tanjung"
    assert "name" not in first.details
    assert "phone" not in first.details


DATE_HEADERS = ["Stempel waktu", "Q50", "Q51", "Q52"]


def timestamps_of(instrument, make_source, texts):
    rows = [[text, "4", "3", "4"] for text in texts]
    return [r.submitted_at.date() if r.submitted_at else None
            for r in normalize_rows(instrument, make_source, DATE_HEADERS, rows, decimal=".")]


def test_normalize_table_month_first_dates_detected(instrument, make_source, caplog, english):
    dates = timestamps_of(instrument, make_source, ["7/6/2025 10:00:00", "7/13/2025 09:00:00"])

    assert dates == [dt.date(2025, 7, 6), dt.date(2025, 7, 13)]
    assert "month/day/year" in caplog.text


def test_normalize_table_day_first_dates_kept(instrument, make_source, caplog):
    dates = timestamps_of(instrument, make_source, ["7/6/2025 10:00:00", "13/7/2025 09:00:00"])

    assert dates == [dt.date(2025, 6, 7), dt.date(2025, 7, 13)]
    assert caplog.text == ""


def test_normalize_table_ambiguous_dates_warn(instrument, make_source, caplog):
    dates = timestamps_of(instrument, make_source, ["7/6/2025 10:00:00", "8/6/2025 09:00:00"])

    assert dates == [dt.date(2025, 6, 7), dt.date(2025, 6, 8)]
    assert "date_order" in caplog.text


def test_normalize_table_row_in_one_cell(instrument, make_source):
    headers = ["No. Formulir", "Nama", "No. HP", "Q50", "Q51", "Q52"]
    rows = [["0002;Citra Pratama;+62 857 0002 7702;4;3;4", "", "", "", "", ""]]

    response = normalize_rows(instrument, make_source, headers, rows)[0]

    assert codes(response) == ["row-in-one-cell"]
    assert response.form_number == "[withheld]"


def test_normalize_table_scientific_phone_flagged(instrument, make_source):
    headers = ["Nama", "No. HP", "Q50", "Q51", "Q52"]

    response = normalize_rows(instrument, make_source, headers, [["Ani", "6,28139E+12", "4", "3", "4"]])[0]

    assert codes(response) == ["invalid-phone"]
    assert response.phone_key is None


def test_normalize_table_answer_with_name_withheld(instrument, make_source):
    headers = ["Nama", "Q50", "Q51", "Q52"]

    response = normalize_rows(instrument, make_source, headers, [["Pratama", "Pratama", "3", "4"]])[0]

    assert [(p.code, p.value) for p in response.problems] == [("unreadable-answer", "[withheld]")]


@pytest.mark.parametrize("nik", ["0000000000000000", "6309 0000 0000", "6,30901E+15"])
def test_normalize_table_placeholder_nik_flagged(instrument, make_source, nik):
    headers = ["Nama", "NIK", "Q50", "Q51", "Q52"]

    response = normalize_rows(instrument, make_source, headers, [["Ani", nik, "4", "3", "4"]])[0]

    assert codes(response) == ["invalid-nik"]


def test_normalize_table_valid_nik_not_flagged(instrument, make_source):
    headers = ["Nama", "NIK", "Q50", "Q51", "Q52"]

    response = normalize_rows(instrument, make_source, headers, [["Ani", "6309012345670001", "4", "3", "4"]])[0]

    assert codes(response) == []
