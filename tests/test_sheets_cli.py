"""The command line with a google_sheet source, run in child processes against the loopback fakes.

``tests/sheets_cli.py`` runs ``smartcity-impact`` with the socket guard
installed and gspread's requests routed to the fake Sheets API; the service
account's key names the fake token endpoint. The tests check that ingest and
run give the sample's CSV export and its sheet the same respondents and
scores, that each failure ends with its message, exit status 1 and the store
unchanged, that a user can log in with an OAuth client, and that no output
contains the private key or a token.
"""

from __future__ import annotations

import csv
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import requests

from helpers_pipeline import CLI_TIMEOUT_SECONDS, SAMPLE_DIR, cli_environment, copy_sample
from helpers_sheets import (SERVICE_ACCOUNT, TEST_RETRY, FakeGoogle, FakeSpreadsheet, FakeWorksheet, grid_from_csv,
                            install_socket_guard, make_service_account_key, run_sheet_cli, sheet_cli_command,
                            sheet_source_toml)
from helpers_store import closed_port, table_dump
from survey.pseudonyms import KEY_FOLDER
from survey.sheets import DEFAULT_WORKSHEETS

SPREADSHEET_KEY = "1FormResponsesTabalong2024xYz_-abc"
FORMS_SOURCE_TOML = '''[[sources]]
name = "google-forms"
path = "google_forms_responses.csv"
kind = "google_forms"
'''
USER = "coordinator@example.org"
LOGIN_URL_TIMEOUT_SECONDS = 60


@pytest.fixture(autouse=True)
def socket_guard(monkeypatch):
    """Refuse every connection from the test process to a non-loopback address, and fail if one was tried."""
    refused = install_socket_guard(monkeypatch)
    yield refused
    assert refused == []


def new_google(tmp_path: Path) -> tuple[FakeGoogle, Path]:
    """Start the fakes with the sample's response sheet; return them and a registered service-account key file."""
    google = FakeGoogle()
    key = make_service_account_key(google.token_uri)
    google.register(key)
    worksheet = FakeWorksheet(0, DEFAULT_WORKSHEETS[0], grid_from_csv(SAMPLE_DIR / "google_forms_responses.csv"))
    google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Survei Impact Tabalong", [worksheet],
                                                            {SERVICE_ACCOUNT}))
    return google, key.write(tmp_path / "service-account.json")


def sheet_survey(directory: Path, credentials: Path | None) -> Path:
    """Copy the sample to ``directory`` with its online source read from the fake's response sheet."""
    copy_sample(directory)
    toml = directory / "survey.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace(FORMS_SOURCE_TOML, sheet_source_toml(SPREADSHEET_KEY, credentials)),
                    encoding="utf-8")
    return directory


def store_of(survey: Path) -> dict:
    """Return every row of the survey folder's SQLite store."""
    return table_dump(f"sqlite:///{(survey / '.smartcity-impact' / 'store.sqlite').as_posix()}")


def csv_rows(path: Path) -> list[list[str]]:
    """Return the rows of a CSV file written by the toolkit."""
    with path.open(encoding="utf-8-sig", newline="") as csv_file:
        return list(csv.reader(csv_file))


def secret_parts(google: FakeGoogle, key_file: Path) -> list[str]:
    """Return each line of the private key, the key id and every token the fake issued."""
    info = json.loads(key_file.read_text(encoding="utf-8"))
    lines = [line for line in info["private_key"].splitlines() if line and not line.startswith("-----")]
    return [*lines, info["private_key_id"], *google.issued_secrets()]


def written_texts(survey: Path) -> dict[str, str]:
    """Return the text of every file the commands wrote into ``survey`` (workbooks unzipped), by name."""
    import zipfile

    texts = {}
    for path in survey.rglob("*"):
        if not path.is_file() or path.name == "pseudonym.key":
            continue
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                texts[path.name] = "".join(archive.read(name).decode("utf-8", "replace")
                                           for name in archive.namelist())
        else:
            texts[path.name] = data.decode("utf-8", "replace") + data.decode("latin-1")
    return texts


@pytest.fixture(scope="module")
def pulled(tmp_path_factory):
    """Ingest, run, export and status of the sample as CSV and as a sheet, verbosely; the fakes stay up."""
    tmp_path = tmp_path_factory.mktemp("sheets_cli")
    google, key_file = new_google(tmp_path)
    port = google.sheets_port
    csv_survey = copy_sample(tmp_path / "csv")
    sheet = sheet_survey(tmp_path / "sheet", key_file)
    runs = {}
    for name, survey in (("csv", csv_survey), ("sheet", sheet)):
        if name == "sheet":
            # With the same pseudonym key, both folders give a respondent the same pseudonym.
            (sheet / KEY_FOLDER).mkdir(mode=0o700)
            shutil.copy2(csv_survey / KEY_FOLDER / "pseudonym.key", sheet / KEY_FOLDER / "pseudonym.key")
        for command in ("ingest", "run", "export", "status"):
            runs[name, command] = run_sheet_cli(port, command, str(survey), "--verbose")
    yield {"google": google, "key_file": key_file, "csv": csv_survey, "sheet": sheet, "runs": runs}
    google.close()


def test_cli_sheet_ingest_pulls_sheet(pulled):
    ingest = pulled["runs"]["sheet", "ingest"]

    assert ingest.status == 0, ingest.stderr
    assert "Google Sheet Tanggapan Formulir 1: 209 baris dibaca: 209 baru, 0 berubah, 0 tetap." \
        in ingest.stdout


def test_cli_sheet_same_respondents_as_csv(pulled):
    from_csv = csv_rows(pulled["csv"] / "hasil" / "responses.csv")
    from_sheet = csv_rows(pulled["sheet"] / "hasil" / "responses.csv")
    file_column = from_csv[0].index("file")

    def without_file(rows: list[list[str]]) -> list[list[str]]:
        return [row[:file_column] + row[file_column + 1:] for row in rows]

    assert len(from_sheet) == len(from_csv) == 1 + 209 + 107
    assert without_file(from_sheet) == without_file(from_csv)


def test_cli_sheet_same_scores_as_csv(pulled):
    runs = pulled["runs"]

    assert runs["sheet", "run"].status == runs["csv", "run"].status == 2
    for name in ("impact_scores.csv", "responses_excluded.csv"):
        sheet_rows = csv_rows(pulled["sheet"] / "hasil" / name)
        csv_rows_ = csv_rows(pulled["csv"] / "hasil" / name)
        if name == "responses_excluded.csv":
            sheet_rows = [[cell.replace("Google Sheet Tanggapan Formulir 1", "google_forms_responses.csv")
                           for cell in row] for row in sheet_rows]
        assert sheet_rows == csv_rows_


def test_cli_sheet_second_ingest_adds_nothing(pulled):
    run = pulled["runs"]["sheet", "run"]

    assert "Google Sheet Tanggapan Formulir 1: tidak berubah sejak diimpor" in run.stdout


def test_cli_sheet_outputs_hold_no_secrets(pulled):
    secrets_ = secret_parts(pulled["google"], pulled["key_file"])
    printed = "\n".join(run.stdout + run.stderr for run in pulled["runs"].values())
    written = written_texts(pulled["sheet"])

    assert len(pulled["google"].issued_secrets()) >= 3
    assert [s[:10] for s in secrets_ if s in printed] == []
    assert sorted({(name, s[:10]) for name, text in written.items() for s in secrets_ if s in text}) == []


@pytest.mark.parametrize(("failure", "fragments"), [
    ("403", ["belum dibagikan ke akun layanan", SERVICE_ACCOUNT]),
    ("404", ["Tidak ada spreadsheet dengan kunci", SPREADSHEET_KEY]),
    ("worksheet", ["Lembar kerja 'Tanggapan Formulir 2' tidak ditemukan", "'Tanggapan Formulir 1' (gid 0)"]),
    ("bad-credentials", ["Google menolak kredensial", "Invalid JWT Signature"]),
    ("429", [f"masih menolak permintaan setelah {TEST_RETRY.attempts} percobaan", "HTTP 429"]),
    ("no-network", [f"Google tidak dapat dihubungi setelah {TEST_RETRY.attempts} percobaan"]),
])
def test_cli_sheet_failure_keeps_store(tmp_path, failure, fragments):
    google, key_file = new_google(tmp_path)
    survey = sheet_survey(tmp_path / "survey", key_file)
    port = google.sheets_port
    try:
        assert run_sheet_cli(port, "ingest", str(survey)).status == 0
        google.spreadsheets[SPREADSHEET_KEY].worksheets[0].grid.append(["baris baru"])
        before = store_of(survey)
        port = break_access(failure, google, survey, port)

        result = run_sheet_cli(port, "ingest", str(survey), "--verbose")

        assert result.status == 1
        for fragment in fragments:
            assert fragment in result.flat_stderr
        assert "Traceback" not in result.stderr
        assert store_of(survey) == before
        assert [s[:10] for s in secret_parts(google, key_file) if s in result.stdout + result.stderr] == []
    finally:
        google.close()


def break_access(failure: str, google: FakeGoogle, survey: Path, port: int) -> int:
    """Make the next pull fail in the way ``failure`` names; return the port the child process is to use."""
    if failure == "403":
        google.spreadsheets[SPREADSHEET_KEY].readers.clear()
    elif failure == "404":
        google.spreadsheets.pop(SPREADSHEET_KEY)
    elif failure == "worksheet":
        toml = survey / "survey.toml"
        text = toml.read_text(encoding="utf-8").replace('kind = "google_sheet"',
                                                        'kind = "google_sheet"\nworksheet = "Tanggapan Formulir 2"')
        toml.write_text(text, encoding="utf-8")
    elif failure == "bad-credentials":
        google.public_keys.clear()
    elif failure == "429":
        google.persistent_failure = 429
    elif failure == "no-network":
        return closed_port()
    return port


def test_cli_sheet_run_failure_exit_one(tmp_path):
    google, key_file = new_google(tmp_path)
    survey = sheet_survey(tmp_path / "survey", key_file)
    try:
        google.spreadsheets[SPREADSHEET_KEY].readers.clear()

        result = run_sheet_cli(google.sheets_port, "run", str(survey))

        assert result.status == 1
        assert "belum dibagikan ke akun layanan" in result.flat_stderr
        assert not (survey / "hasil").exists()
    finally:
        google.close()


def test_cli_login_then_ingest(tmp_path):
    google = FakeGoogle()
    try:
        client_file = tmp_path / "client_secret.json"
        client_file.write_text(json.dumps(google.register_oauth_client()), encoding="utf-8")
        worksheet = FakeWorksheet(0, DEFAULT_WORKSHEETS[1], grid_from_csv(SAMPLE_DIR / "google_forms_responses.csv"))
        google.add_spreadsheet(SPREADSHEET_KEY, FakeSpreadsheet("Survei", [worksheet], {USER}))
        survey = sheet_survey(tmp_path / "survey", client_file)

        login = log_in_as_browser(google.sheets_port, survey)
        ingest = run_sheet_cli(google.sheets_port, "ingest", str(survey))

        login_file = survey / ".smartcity-impact" / "google-login.json"
        assert login.returncode == 0, login.stderr
        assert stat.S_IMODE(login_file.stat().st_mode) == 0o600
        assert json.loads(login_file.read_text(encoding="utf-8"))["refresh_token"] in google.refresh_tokens
        assert ingest.status == 0, ingest.stderr
        assert "Google Sheet Form Responses 1: 209 baris dibaca: 209 baru" in ingest.stdout
        printed = login.stdout + login.stderr + ingest.stdout + ingest.stderr
        assert [s[:10] for s in google.issued_secrets() if s in printed] == []
    finally:
        google.close()


def test_cli_ingest_without_login_asks_for_it(tmp_path):
    google = FakeGoogle()
    try:
        client_file = tmp_path / "client_secret.json"
        client_file.write_text(json.dumps(google.register_oauth_client()), encoding="utf-8")
        survey = sheet_survey(tmp_path / "survey", client_file)

        result = run_sheet_cli(google.sheets_port, "ingest", str(survey))

        assert result.status == 1
        assert "smartcity-impact login" in result.flat_stderr
    finally:
        google.close()


def log_in_as_browser(port: int, survey: Path) -> subprocess.CompletedProcess:
    """Run ``login --no-browser`` and play the browser: open the printed address and follow its redirect."""
    environment = cli_environment() | {"PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(sheet_cli_command(port, "login", str(survey), "--no-browser"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8", env=environment)
    try:
        address = next(line.strip() for line in process.stdout if line.startswith("http://127.0.0.1:"))
        page = requests.get(address, timeout=LOGIN_URL_TIMEOUT_SECONDS)
        assert page.status_code == 200
        stdout, stderr = process.communicate(timeout=CLI_TIMEOUT_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, address + "\n" + stdout, stderr)


def test_cli_login_with_service_account_key(tmp_path):
    google, key_file = new_google(tmp_path)
    try:
        survey = sheet_survey(tmp_path / "survey", key_file)

        result = run_sheet_cli(google.sheets_port, "login", str(survey), "--no-browser")

        assert result.status == 1
        assert "bukan klien OAuth" in result.flat_stderr
    finally:
        google.close()


def test_cli_sheet_credentials_from_environment(tmp_path, monkeypatch):
    google, key_file = new_google(tmp_path)
    try:
        survey = sheet_survey(tmp_path / "survey", None)
        monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key_file))

        result = run_sheet_cli(google.sheets_port, "ingest", str(survey))

        assert result.status == 0, result.stderr
        assert "209 baru" in result.stdout
    finally:
        google.close()
