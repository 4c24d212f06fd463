"""Specification of google_sheet sources: reading a Forms response sheet through gspread into the store.

The tests run the real gspread and google-auth against the loopback fakes of
tests/helpers_sheets.py: a token endpoint and a Sheets v4 API on 127.0.0.1,
reached with a throwaway service-account key made in each test. A socket
guard refuses every connection to an address that is not loopback.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from pathlib import Path

import pytest
from gspread.http_client import HTTPClient

import survey.sheets
from helpers_pipeline import SAMPLE_DIR, copy_sample
from helpers_pipeline import read_responses as read_survey_responses
from helpers_sheets import (SERVICE_ACCOUNT, TEST_RETRY, FakeDate, FakeGoogle, FakeSpreadsheet,
                            FakeWorksheet, NonLoopbackConnection, grid_from_csv, install_socket_guard, is_loopback,
                            loopback_client, loopback_transport, make_service_account_key, serial_of,
                            sheet_source_toml)
from helpers_store import FIRST_ONLINE_ITEM_COLUMN, ONLINE, SurveyCopy, closed_port, sqlite_url
from smartcity_impact.errors import SheetError
from survey.config import load_survey_config
from survey.readers import read_source
from survey.sheets import DEFAULT_WORKSHEETS, FetchedSheet, cell_text, date_text, read_sheet_table, sheet_table
from survey.source_config import SourceConfig
from survey.timestamps import WIB

SPREADSHEET_KEY = "1FormResponsesTabalong2024xYz_-abc"
FORMS_SOURCE_TOML = '''[[sources]]
name = "google-forms"
path = "google_forms_responses.csv"
kind = "google_forms"
'''


@pytest.fixture(autouse=True)
def socket_guard(monkeypatch):
    """Refuse every connection to a non-loopback address during the test, and fail the test if one was tried."""
    refused = install_socket_guard(monkeypatch)
    yield refused
    assert refused == []


@pytest.fixture
def google():
    """The fake token endpoint and Sheets API, stopped after the test."""
    fake = FakeGoogle()
    yield fake
    fake.close()


@pytest.fixture
def transport(google, monkeypatch):
    """Route the toolkit's Sheets requests to the fake, with small retry bounds; the sleeps are recorded."""
    sleeps: list[float] = []
    test_transport = loopback_transport(google.sheets_port, sleeps)
    monkeypatch.setattr(survey.sheets, "TRANSPORT", test_transport)
    return sleeps


@pytest.fixture
def key_file(google, tmp_path) -> Path:
    """A throwaway service-account key registered with the fake token endpoint."""
    key = make_service_account_key(google.token_uri)
    google.register(key)
    return key.write(tmp_path / "service-account.json")


@pytest.fixture
def response_sheet(google) -> FakeWorksheet:
    """The Forms response tab holding the sample's online responses, shared with the service account."""
    worksheet = FakeWorksheet(0, DEFAULT_WORKSHEETS[0], grid_from_csv(SAMPLE_DIR / "google_forms_responses.csv"))
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Survei Impact Tabalong", [worksheet],
                                                            {SERVICE_ACCOUNT}))
    return worksheet


def sheet_survey(tmp_path: Path, key_file: Path | None, name: str = "survey", **source) -> SurveyCopy:
    """Return a copy of the sample whose online source is the fake's response sheet; the store is SQLite."""
    directory = copy_sample(tmp_path / name)
    toml = directory / "survey.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace(FORMS_SOURCE_TOML, sheet_source_toml(SPREADSHEET_KEY, key_file, **source)),
                    encoding="utf-8")
    return SurveyCopy(directory, sqlite_url(directory / "store.sqlite"))


def sheet_source(key_file: Path | None, **settings) -> SourceConfig:
    """Return a google_sheet source of the fake's spreadsheet."""
    return SourceConfig("google-forms", None, "google_sheet", "online", spreadsheet=SPREADSHEET_KEY,
                        credentials=key_file, **settings)


def only(result: tuple[list, list]):
    """Return the one import of an ingest of the online source, failing on a failed import."""
    imports, failures = result
    assert [failure.error.code for failure in failures] == []
    return imports[0]


def failure_code(result: tuple[list, list]) -> str:
    """Return the code of the one failed import of an ingest."""
    imports, failures = result
    assert imports == []
    return failures[0].error.code


# Cells as text.

@pytest.mark.parametrize(("value", "expected"), [
    (3, "3"),
    (3.0, "3"),
    (3.5, "3.5"),
    (0.1, "0.1"),
    (1e21, "1000000000000000000000"),
    (1.25e-7, "0.000000125"),
    (81250000015, "81250000015"),
    ("3,5", "3,5"),
    ("0812-5000-0015", "0812-5000-0015"),
    ("+62 812 5000 0283", "+62 812 5000 0283"),
    (True, "TRUE"),
    (None, ""),
])
def test_cell_text_keeps_value(value, expected):
    assert cell_text(value) == expected


def test_cell_text_decimal_comma():
    assert cell_text(3.25, ",") == "3,25"


def test_date_text_timestamp_in_sheet_zone():
    moment = dt.datetime(2024, 7, 2, 7, 2, 17, tzinfo=WIB)

    text = date_text(serial_of(moment), dt.timezone(dt.timedelta(hours=7)))

    assert text == "2024-07-02 07:02:17+07:00"


def test_date_text_birth_date_as_iso_date():
    assert date_text(32874, WIB, "birth_date") == "1990-01-01"


def test_date_text_typed_text_unchanged():
    assert date_text("15/07/2024", WIB) == "15/07/2024"


def test_sheet_table_rows_and_blank_rows():
    values = [["Stempel waktu", "Nama", "Q50"], ["", "Ani", 4], [], ["", "Budi", 3, "", "catatan"]]
    source = sheet_source(None)

    table = sheet_table(FetchedSheet("Tanggapan Formulir 1", 0, "Asia/Jakarta", values), source)

    assert table.headers == ["Stempel waktu", "Nama", "Q50", "", ""]
    assert table.rows == [["", "Ani", "4", "", ""], ["", "Budi", "3", "", "catatan"]]
    assert table.row_numbers == [2, 4]
    assert table.blank_rows == [3]
    assert table.extra_cells == {}
    assert table.path.name == "Google Sheet Tanggapan Formulir 1"


def test_sheet_table_keeps_repeated_and_blank_titles():
    values = [["Nama", "Usia", "", "Usia"], ["Ani", 30, "x", 31]]

    table = sheet_table(FetchedSheet("Tanggapan", 0, None, values), sheet_source(None))

    assert table.headers == ["Nama", "Usia", "", "Usia"]
    assert table.rows == [["Ani", "30", "x", "31"]]


def test_sheet_table_empty_worksheet():
    with pytest.raises(SheetError) as raised:
        sheet_table(FetchedSheet("Kosong", 0, None, [[], [""]]), sheet_source(None))

    assert raised.value.code == "file-empty"


def test_sheet_table_content_hash_follows_values():
    first = FetchedSheet("T", 0, "Asia/Jakarta", [["Nama"], ["Ani"]])
    same = FetchedSheet("T", 0, "Asia/Jakarta", [["Nama"], ["Ani"]])
    edited = FetchedSheet("T", 0, "Asia/Jakarta", [["Nama"], ["Ana"]])

    assert first.content_hash() == same.content_hash()
    assert first.content_hash() != edited.content_hash()


# Fetching through gspread and google-auth.

def test_read_sheet_same_responses_as_csv(google, transport, key_file, response_sheet, tmp_path):
    csv_config = load_survey_config(copy_sample(tmp_path / "csv"))
    sheet_config = sheet_survey(tmp_path, key_file).config

    from_csv = [r for r in read_survey_responses(csv_config) if r.source == ONLINE]
    from_sheet = [r for r in read_survey_responses(sheet_config) if r.source == ONLINE]

    assert len(from_sheet) == len(from_csv) == 209
    for sheet_response, csv_response in zip(from_sheet, from_csv, strict=True):
        assert sheet_response.response_id == csv_response.response_id
        assert sheet_response.answers == csv_response.answers
        assert sheet_response.submitted_at == csv_response.submitted_at
        assert sheet_response.pseudonyms == csv_response.pseudonyms
        assert [p.code for p in sheet_response.problems] == [p.code for p in csv_response.problems]
        assert sheet_response.details == csv_response.details


def test_read_sheet_requests_unformatted_serial_values(google, transport, key_file, response_sheet):
    read_source(sheet_source(key_file))

    values_requests = [query for path, query in google.api_requests if "/values/" in path]
    assert values_requests == [{"valueRenderOption": ["UNFORMATTED_VALUE"],
                                "dateTimeRenderOption": ["SERIAL_NUMBER"], "majorDimension": ["ROWS"]}]


def test_read_sheet_keeps_numbers_and_zeros(google, transport, key_file):
    grid = [["Stempel waktu", "Nomor HP/WA", "Nilai", "Kode"],
            [FakeDate(45475.5), "081250000015", 3.5, "007"],
            [FakeDate(45475.6), "+6281250000016", 35, "+62"]]
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Angka", [FakeWorksheet(0, "Form Responses 1", grid)],
                                                            {SERVICE_ACCOUNT}))

    table = read_sheet_table(sheet_source(key_file))

    assert [row[1:] for row in table.rows] == [["081250000015", "3.5", "007"], ["+6281250000016", "35", "+62"]]
    assert table.rows[0][0] == "2024-07-02 12:00:00+07:00"


def test_read_sheet_trailing_and_middle_blank_rows(google, transport, key_file):
    grid = [["Nama", "Q50", None, None], ["Ani", 4, None, ""], [None, None], ["Budi", 3], [], [None, ""], []]
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Kosong", [FakeWorksheet(0, "Form Responses 1", grid)],
                                                            {SERVICE_ACCOUNT}))

    table = read_sheet_table(sheet_source(key_file))

    assert table.headers == ["Nama", "Q50"]
    assert table.row_numbers == [2, 4]
    assert table.blank_rows == [3]


@pytest.mark.parametrize(("worksheet", "expected"), [
    (None, "Tanggapan Formulir 1"),
    ("Rekap", "Rekap"),
    (7, "Rekap"),
])
def test_read_sheet_selects_worksheet(google, transport, key_file, worksheet, expected):
    worksheets = [FakeWorksheet(3, "Rekap", [["Nama"], ["Rekap"]]),
                  FakeWorksheet(0, "Tanggapan Formulir 1", [["Nama"], ["Tanggapan"]])]
    worksheets[0].gid = 7
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Dua", worksheets, {SERVICE_ACCOUNT}))

    table = read_sheet_table(sheet_source(key_file, worksheet=worksheet))

    assert table.path.name == f"Google Sheet {expected}"


def test_fake_batch_get_trims_like_the_api(google, key_file):
    grid = [["a", None, "c", None], [None], ["x"], [None, None]]
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("F", [FakeWorksheet(0, "S", grid)], {SERVICE_ACCOUNT}))
    credentials = survey.sheets.load_credentials(sheet_source(key_file)).credentials
    client = loopback_client(google.sheets_port)(credentials)

    answer = client.values_batch_get(SPREADSHEET_KEY, ["'S'"], params={"valueRenderOption": "UNFORMATTED_VALUE"})

    assert answer["valueRanges"][0]["values"] == [["a", "", "c"], [], ["x"]]


def test_default_transport_uses_gspread_client():
    assert survey.sheets.SheetTransport().http_client is HTTPClient


def test_loopback_client_refuses_other_endpoints(google, key_file):
    credentials = survey.sheets.load_credentials(sheet_source(key_file)).credentials
    client = loopback_client(google.sheets_port)(credentials)

    with pytest.raises(NonLoopbackConnection):
        client.get_file_drive_metadata(SPREADSHEET_KEY)


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", True),
    ("127.0.0.53", True),
    ("::1", True),
    ("localhost", True),
    ("192.0.2.10", False),
    ("example.invalid", False),
])
def test_socket_guard_loopback_predicate(host, expected):
    assert is_loopback(host) is expected


# Retries.

def test_read_sheet_429_then_success(google, transport, key_file, response_sheet):
    google.fail_next(429, 429)

    table = read_sheet_table(sheet_source(key_file))

    assert len(table.rows) == 209
    assert len(transport) == 2
    assert len(google.api_requests) == 4


def test_read_sheet_503_then_success(google, transport, key_file, response_sheet):
    google.fail_next(503)

    table = read_sheet_table(sheet_source(key_file))

    assert len(table.rows) == 209
    assert len(transport) == 1


def test_read_sheet_persistent_429_bounded(google, transport, key_file, response_sheet):
    google.persistent_failure = 429

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file))

    assert raised.value.code == "sheet-rate-limited"
    assert len(google.api_requests) == TEST_RETRY.attempts
    assert len(transport) == TEST_RETRY.attempts - 1
    assert sum(transport) <= TEST_RETRY.max_total_wait


def test_read_sheet_persistent_500(google, transport, key_file, response_sheet):
    google.persistent_failure = 500

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file))

    assert raised.value.code == "sheet-server-error"
    assert len(google.api_requests) == TEST_RETRY.attempts


def test_read_sheet_proxy_page_then_success(google, transport, key_file, response_sheet):
    google.fail_next(502, 200, html=True)

    table = read_sheet_table(sheet_source(key_file))

    assert len(table.rows) == 209
    assert len(transport) == 2


def test_read_sheet_persistent_proxy_page(google, transport, key_file, response_sheet):
    google.fail_next(*[200] * TEST_RETRY.attempts, html=True)

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file))

    assert raised.value.code == "sheet-unreachable"


def test_read_sheet_retry_after_cut_to_total_wait(google, transport, key_file, response_sheet):
    google.fail_next(429, retry_after="30")

    table = read_sheet_table(sheet_source(key_file))

    assert len(table.rows) == 209
    assert transport == [TEST_RETRY.max_total_wait]


def test_read_sheet_retries_logged_without_secrets(google, transport, key_file, response_sheet, caplog):
    google.fail_next(429)

    with caplog.at_level(logging.DEBUG):
        read_sheet_table(sheet_source(key_file))

    retries = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(retries) == 1
    assert "HTTP 429" in retries[0].getMessage()
    assert_no_secrets(caplog.text, google, key_file)


# Failures.

def test_read_sheet_403_names_service_account(google, transport, key_file, response_sheet, english):
    response_sheet_owner = google.spreadsheets[SPREADSHEET_KEY]
    response_sheet_owner.readers.clear()

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file))

    assert raised.value.code == "sheet-permission-denied"
    assert SERVICE_ACCOUNT in str(raised.value)
    assert len(google.api_requests) == 1


def test_read_sheet_404_spreadsheet(google, transport, key_file):
    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file))

    assert raised.value.code == "sheet-not-found"
    assert len(google.api_requests) == 1


def test_read_sheet_404_worksheet_lists_titles(google, transport, key_file, response_sheet, english):
    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file, worksheet="Tanggapan Formulir 2"))

    assert raised.value.code == "sheet-worksheet-not-found"
    assert "'Tanggapan Formulir 1' (gid 0)" in str(raised.value)
    assert "Did you mean 'Tanggapan Formulir 1'?" in str(raised.value)


def test_read_sheet_no_response_tab(google, transport, key_file):
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Lain", [FakeWorksheet(0, "Sheet1", [["a"]])],
                                                            {SERVICE_ACCOUNT}))

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file))

    assert raised.value.code == "sheet-worksheet-not-found"


def test_read_sheet_unregistered_key_rejected(google, transport, response_sheet, tmp_path):
    stranger = make_service_account_key(google.token_uri).write(tmp_path / "deleted-key.json")

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(stranger))

    assert raised.value.code == "sheet-credentials-invalid"
    assert google.api_requests == []


def test_read_sheet_token_endpoint_unreachable(google, transport, response_sheet, tmp_path):
    token_uri = f"http://127.0.0.1:{closed_port()}/token"
    unreachable = make_service_account_key(token_uri).write(tmp_path / "key.json")

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(unreachable))

    assert raised.value.code == "sheet-unreachable"
    assert len(transport) == TEST_RETRY.attempts - 1


def test_read_sheet_api_unreachable(google, key_file, response_sheet, monkeypatch):
    monkeypatch.setattr(survey.sheets, "TRANSPORT", loopback_transport(closed_port()))

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(key_file))

    assert raised.value.code == "sheet-unreachable"


def test_read_sheet_credentials_from_environment(google, transport, key_file, response_sheet, monkeypatch):
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))

    table = read_sheet_table(sheet_source(None))

    assert len(table.rows) == 209


def test_read_sheet_credentials_missing(transport, monkeypatch):
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(None))

    assert raised.value.code == "sheet-credentials-missing"


@pytest.mark.parametrize("content", [
    "not json",
    "[]",
    '{"type": "service_account", "client_email": "a@b.iam.gserviceaccount.com"}',
    '{"type": "service_account", "client_email": "a@b", "token_uri": "http://127.0.0.1:9/token", '
    '"private_key": "-----BEGIN PRIVATE KEY-----\\nTOPSECRETKEYMATERIAL\\n-----END PRIVATE KEY-----\\n"}',
    '{"type": "external_account"}',
])
def test_read_sheet_credentials_unreadable(transport, tmp_path, content):
    path = tmp_path / "credentials.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(path))

    assert raised.value.code == "sheet-credentials-unreadable"
    assert "TOPSECRET" not in str(raised.value)


def test_read_sheet_authorized_user_file(google, transport, response_sheet, tmp_path):
    client = google.register_oauth_client()["installed"]
    refresh_token = "1//fake-" + secrets.token_urlsafe(16)
    google.refresh_tokens[refresh_token] = "coordinator@example.org"
    response_sheet_owner = google.spreadsheets[SPREADSHEET_KEY]
    response_sheet_owner.readers.add("coordinator@example.org")
    path = tmp_path / "application_default_credentials.json"
    path.write_text(json.dumps({"type": "authorized_user", "client_id": client["client_id"],
                                "client_secret": client["client_secret"], "refresh_token": refresh_token,
                                "token_uri": google.token_uri}), encoding="utf-8")

    table = read_sheet_table(sheet_source(path))

    assert len(table.rows) == 209
    assert google.token_requests == ["refresh_token"]


def test_read_sheet_oauth_client_needs_login(google, transport, tmp_path):
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps(google.register_oauth_client()), encoding="utf-8")

    with pytest.raises(SheetError) as raised:
        read_sheet_table(sheet_source(path, login_file=tmp_path / "google-login.json"))

    assert raised.value.code == "sheet-login-required"


# Incremental pulls into the store.

def test_ingest_sheet_first_pull(google, transport, key_file, response_sheet, tmp_path):
    sheet = sheet_survey(tmp_path, key_file)

    batch = only(sheet.ingest((ONLINE,)))

    assert (batch.read, batch.new, batch.changed, batch.unchanged) == (209, 209, 0, 0)
    assert batch.file == "Google Sheet Tanggapan Formulir 1"


def test_ingest_sheet_unchanged_adds_nothing(google, transport, key_file, response_sheet, tmp_path):
    sheet = sheet_survey(tmp_path, key_file)
    only(sheet.ingest((ONLINE,)))
    before = sheet.dump()

    batch = only(sheet.ingest((ONLINE,)))

    assert batch.skipped is True
    assert sheet.dump() == before


def test_ingest_sheet_incremental_pull(google, transport, key_file, response_sheet, tmp_path):
    sheet = sheet_survey(tmp_path, key_file)
    only(sheet.ingest((ONLINE,)))
    header = response_sheet.grid[0]
    added = [list(row) for row in response_sheet.grid[1:4]]
    for number, row in enumerate(added, start=1):
        row[header.index("Nama Lengkap")] = f"Responden Baru {number}"
        row[header.index("Nomor HP/WA")] = f"0813-9000-{number:04d}"
        row[header.index("Alamat email")] = f"baru{number}@example.com"
    response_sheet.grid.extend(added)

    batch = only(sheet.ingest((ONLINE,)))

    assert (batch.read, batch.new, batch.changed, batch.unchanged) == (212, 3, 0, 209)
    assert batch.removed == ()


def test_ingest_sheet_edited_row_new_version(google, transport, key_file, response_sheet, tmp_path):
    sheet = sheet_survey(tmp_path, key_file)
    only(sheet.ingest((ONLINE,)))
    row = response_sheet.grid[5]
    item = next(index for index in range(FIRST_ONLINE_ITEM_COLUMN, len(row)) if row[index])
    row[item] = "1 - Sangat Tidak Setuju" if row[item] != "1 - Sangat Tidak Setuju" else "4 - Sangat Setuju"

    batch = only(sheet.ingest((ONLINE,)))

    assert (batch.new, batch.changed, batch.unchanged) == (0, 1, 208)
    versions = [r for r in sheet.dump()["responses"] if r["response_id"] == f"{ONLINE}:6"]
    assert sorted((r["version"], r["is_current"]) for r in versions) == [(1, False), (2, True)]


def test_ingest_sheet_deleted_row_reported(google, transport, key_file, response_sheet, tmp_path):
    sheet = sheet_survey(tmp_path, key_file)
    only(sheet.ingest((ONLINE,)))
    del response_sheet.grid[10]

    batch = only(sheet.ingest((ONLINE,)))

    assert batch.removed == (f"{ONLINE}:11",)
    assert (batch.read, batch.new, batch.changed, batch.unchanged) == (208, 0, 0, 208)
    stored = {r["response_id"]: r for r in sheet.dump()["responses"] if r["is_current"]}
    assert stored[f"{ONLINE}:11"]["removed_batch_id"] == batch.batch_id
    assert stored[f"{ONLINE}:12"]["row_number"] == 11


@pytest.mark.parametrize("failure", ["403", "404", "bad-credentials", "429", "no-network"])
def test_ingest_sheet_failure_keeps_last_pull(google, transport, key_file, response_sheet, tmp_path, failure,
                                              monkeypatch, caplog):
    sheet = sheet_survey(tmp_path, key_file)
    only(sheet.ingest((ONLINE,)))
    response_sheet.grid.append(list(response_sheet.grid[1]))
    before = sheet.dump()
    expected = break_access(failure, google, key_file, tmp_path, monkeypatch)

    with caplog.at_level(logging.DEBUG):
        result = sheet.ingest((ONLINE,))

    assert failure_code(result) == expected
    assert sheet.dump() == before
    assert_no_secrets(caplog.text + str(result[1][0].error), google, key_file)


def break_access(failure: str, google: FakeGoogle, key_file: Path, tmp_path: Path, monkeypatch) -> str:
    """Make the next pull fail in the way ``failure`` names; return the error code expected."""
    if failure == "403":
        google.spreadsheets[SPREADSHEET_KEY].readers.clear()
        return "sheet-permission-denied"
    if failure == "404":
        google.spreadsheets[f"{SPREADSHEET_KEY}-old"] = google.spreadsheets.pop(SPREADSHEET_KEY)
        return "sheet-not-found"
    if failure == "bad-credentials":
        google.public_keys.clear()
        return "sheet-credentials-invalid"
    if failure == "429":
        google.persistent_failure = 429
        return "sheet-rate-limited"
    monkeypatch.setattr(survey.sheets, "TRANSPORT", loopback_transport(closed_port()))
    return "sheet-unreachable"


# Forms specials: repeated titles, grid questions, checkbox answers.

def forms_grid(instrument) -> list[list]:
    """Return a response sheet with a grid question for governance, a checkbox question and repeated titles."""
    statements = [item.statement for item in instrument.dimension("governance").items]
    header = ["Stempel waktu", "Alamat email", "Nomor HP/WA", "Usia", "Pekerjaan",
              "Pilih dimensi layanan yang pernah Anda gunakan",
              *[f"Penilaian layanan [{statement}]" for statement in statements], "Usia", ""]
    answers = ["4 - Sangat Setuju", "Setuju", "3", "4", "Sangat Baik", "Baik", "4", "3 - Setuju", "4"]
    rows = [header]
    for number in range(1, 4):
        moment = dt.datetime(2024, 7, 10, 8, number, 30, tzinfo=WIB)
        rows.append([FakeDate(serial_of(moment)), f"warga{number}@example.com", f"0812-7000-{number:04d}", 30 + number,
                     "Pegawai swasta, Wiraswasta" if number != 2 else "Pelajar/Mahasiswa",
                     "Smart Governance (Tata Kelola Pemerintahan)", *answers, 40 + number,
                     "catatan" if number == 3 else None])
    rows.insert(3, [])
    return rows


def csv_download_of(grid: list[list]) -> list[list[str]]:
    """Return the grid as the sheet's CSV download writes it: Forms timestamps with GMT+7, numbers as typed."""
    rows = []
    for row in grid:
        cells = []
        for cell in row:
            if isinstance(cell, FakeDate):
                moment = survey.sheets.EXCEL_EPOCH + dt.timedelta(days=cell.serial)
                cells.append(moment.strftime("%Y/%m/%d %I:%M:%S %p GMT+7").replace(" 0", " "))
            else:
                cells.append("" if cell is None else str(cell))
        rows.append(cells)
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def test_sheet_forms_specials_agree_with_csv(google, transport, key_file, instrument, tmp_path, read_responses):
    import csv

    grid = forms_grid(instrument)
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Forms", [FakeWorksheet(0, "Form Responses 1", grid)],
                                                            {SERVICE_ACCOUNT}))
    csv_path = tmp_path / "download.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as csv_file:
        csv.writer(csv_file).writerows(csv_download_of(grid))

    from_sheet = read_responses(sheet_source(key_file))
    from_csv = read_responses(SourceConfig("google-forms", csv_path, "google_forms", "online"))

    assert [r.row for r in from_sheet] == [r.row for r in from_csv] == [2, 3, 5]
    for sheet_response, csv_response in zip(from_sheet, from_csv, strict=True):
        assert len(sheet_response.answers) == 9
        assert sheet_response.answers == csv_response.answers
        assert sheet_response.submitted_at == csv_response.submitted_at
        assert sheet_response.declared_dimension == csv_response.declared_dimension == "governance"
        assert sheet_response.details == csv_response.details
    assert from_sheet[0].details["occupation"] == "Pegawai swasta, Wiraswasta"
    assert from_sheet[0].details["age"] == "31"
    assert [p.code for p in from_sheet[2].problems] == [p.code for p in from_csv[2].problems]


def test_sheet_forms_specials_table(google, transport, key_file, instrument):
    grid = forms_grid(instrument)
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Forms", [FakeWorksheet(0, "Form Responses 1", grid)],
                                                            {SERVICE_ACCOUNT}))

    table = read_sheet_table(sheet_source(key_file))

    assert table.headers.count("Usia") == 2
    assert table.headers[-1] == ""
    assert table.blank_rows == [4]
    assert table.rows[0][4] == "Pegawai swasta, Wiraswasta"
    assert table.rows[2][-1] == "catatan"


# Secrets.

def secret_parts(google: FakeGoogle, key_file: Path) -> list[str]:
    """Return the strings no output may contain: each line of the private key, its id and every token issued."""
    info = json.loads(key_file.read_text(encoding="utf-8"))
    key_lines = [line for line in info["private_key"].splitlines() if line and not line.startswith("-----")]
    return key_lines + [info["private_key_id"], *google.issued_secrets()]


def assert_no_secrets(text: str, google: FakeGoogle, key_file: Path) -> None:
    """Assert that ``text`` contains no line of the private key and no token."""
    leaked = [secret[:12] + "..." for secret in secret_parts(google, key_file) if secret in text]
    assert leaked == []
