"""Loopback fakes of Google's OAuth token endpoint and Sheets v4 API, for the Google Sheet tests.

``FakeGoogle`` starts two ``ThreadingHTTPServer`` on 127.0.0.1 with ephemeral
ports: a token endpoint (service-account JWT grants checked against the
public key, refresh-token and authorization-code grants, and an
authorization page that redirects to a loopback address only) and a Sheets
API (spreadsheet metadata, ``values.get`` and ``values:batchGet``). The API
trims trailing empty rows and cells as the real one does, renders values
unformatted or formatted in the spreadsheet's locale, checks the access
token and the sharing of each spreadsheet, and returns injected HTTP
errors on request.

gspread binds its API URLs when it is imported, so the toolkit's requests are
routed to the fake through gspread's public ``http_client=`` parameter, with a
client class that only ever rewrites to 127.0.0.1. ``install_socket_guard``
refuses any connection, and any name lookup, for an address that is not
loopback, so no test can reach Google.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import ipaddress
import json
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from gspread.http_client import HTTPClient

from helpers_pipeline import CLI_TIMEOUT_SECONDS, cli_environment
from survey.sheets import RetryPolicy, SheetTransport
from survey.timestamps import EXCEL_EPOCH, parse_timestamp

LOOPBACK_HOST = "127.0.0.1"
SHEETS_ORIGIN = "https://sheets.googleapis.com"
SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets.readonly"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# google-auth signs every grant for this audience, whatever token_uri the key names.
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
SERVICE_ACCOUNT = "impact-reader@smartcity-test.iam.gserviceaccount.com"
OAUTH_CLIENT_ID = "test-client.apps.googleusercontent.com"
TOKEN_LIFETIME_SECONDS = 3600
# Small retry bounds, so a persistent 429 fails within a second.
TEST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_total_wait=0.5)


class NonLoopbackConnection(RuntimeError):
    """A test tried to reach an address that is not loopback. Not an OSError, so no retry loop can swallow it."""


def is_loopback(host: str) -> bool:
    """True when ``host`` is ``localhost`` or an IPv4 or IPv6 loopback address."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def install_socket_guard(monkeypatch=None) -> list[str]:
    """Make every socket connect and name lookup for a non-loopback address raise NonLoopbackConnection.

    With ``monkeypatch`` the guard ends with the test; without it (in a child
    process) it lasts until the process exits. Returns the list to which every
    refused address is appended.
    """
    refused: list[str] = []
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def check(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if isinstance(host, str) and not is_loopback(host):
            refused.append(host)
            raise NonLoopbackConnection(f"test tried to reach {host}, which is not loopback")

    def connect(self, address):
        check(address)
        return original_connect(self, address)

    def connect_ex(self, address):
        check(address)
        return original_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None:
            check((host.decode() if isinstance(host, bytes) else host, 0))
        return original_getaddrinfo(host, *args, **kwargs)

    replacements = ((socket.socket, "connect", connect), (socket.socket, "connect_ex", connect_ex),
                    (socket, "getaddrinfo", getaddrinfo))
    for target, name, value in replacements:
        if monkeypatch is None:
            setattr(target, name, value)
        else:
            monkeypatch.setattr(target, name, value)
    return refused


def loopback_client(port: int) -> type[HTTPClient]:
    """Return a gspread HTTP client class that sends each Sheets API request to 127.0.0.1:``port`` instead."""
    base = f"http://{LOOPBACK_HOST}:{int(port)}"

    class LoopbackHTTPClient(HTTPClient):
        """gspread's HTTP client with the Sheets API origin rewritten to the loopback fake."""

        def request(self, method, endpoint, *args, **kwargs):
            if not endpoint.startswith(SHEETS_ORIGIN + "/"):
                raise NonLoopbackConnection(f"request to {endpoint} has no loopback fake")
            return super().request(method, base + endpoint[len(SHEETS_ORIGIN):], *args, **kwargs)

    return LoopbackHTTPClient


def loopback_transport(port: int, sleeps: list[float] | None = None) -> SheetTransport:
    """Return the transport of the tests: the loopback client, small retry bounds and a recorded sleep."""
    recorded = sleeps if sleeps is not None else []

    def sleep(seconds: float) -> None:
        recorded.append(seconds)
        time.sleep(seconds)

    return SheetTransport(http_client=loopback_client(port), retry=TEST_RETRY, timeout=(2.0, 5.0), sleep=sleep)


def base64url(data: bytes) -> str:
    """Return ``data`` in unpadded base64url, as JWTs write it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unbase64url(text: str) -> bytes:
    """Decode unpadded base64url."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class ServiceAccountKey:
    """A throwaway service-account key made in the test: the JSON file's fields and the key pair."""

    private_key: rsa.RSAPrivateKey
    info: dict

    @property
    def pem(self) -> str:
        """The private key as the key file contains it (PKCS#8 PEM)."""
        return self.info["private_key"]

    def write(self, path: Path) -> Path:
        """Write the key file to ``path`` and return it."""
        path.write_text(json.dumps(self.info, indent=2), encoding="utf-8")
        return path


def make_service_account_key(token_uri: str, email: str = SERVICE_ACCOUNT) -> ServiceAccountKey:
    """Return a new 2048-bit RSA service-account key whose ``token_uri`` is the fake's."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode("ascii")
    info = {
        "type": "service_account",
        "project_id": "smartcity-test",
        "private_key_id": secrets.token_hex(20),
        "private_key": pem,
        "client_email": email,
        "client_id": str(secrets.randbelow(10 ** 20)),
        "auth_uri": token_uri.replace("/token", "/auth"),
        "token_uri": token_uri,
    }
    return ServiceAccountKey(private_key, info)


@dataclass
class FakeWorksheet:
    """One worksheet: its gid, title and grid of typed values (str, int, float, bool, FakeDate or None)."""

    gid: int
    title: str
    grid: list[list[Any]]


@dataclass(frozen=True)
class FakeDate:
    """A cell holding a date-time, as the serial day number the sheet stores."""

    serial: float


@dataclass
class FakeSpreadsheet:
    """A spreadsheet: title, locale, time zone, worksheets and the accounts it is shared with."""

    title: str
    worksheets: list[FakeWorksheet]
    readers: set[str] = field(default_factory=set)
    locale: str = "in_ID"
    time_zone: str = "Asia/Jakarta"


class FakeGoogle:
    """The fake token endpoint and Sheets API, each a ThreadingHTTPServer on 127.0.0.1 with an ephemeral port."""

    def __init__(self) -> None:
        self.public_keys: dict[str, rsa.RSAPublicKey] = {}
        self.oauth_clients: dict[str, str] = {}
        self.codes: dict[str, tuple[str, str]] = {}
        self.refresh_tokens: dict[str, str] = {}
        self.access_tokens: dict[str, str] = {}
        self.spreadsheets: dict[str, FakeSpreadsheet] = {}
        self.failures: list[tuple[int, dict[str, str], bool]] = []
        self.persistent_failure: int | None = None
        self.api_requests: list[tuple[str, dict[str, list[str]]]] = []
        self.token_requests: list[str] = []
        self.lock = threading.Lock()
        self.token_server = self.start(TokenHandler)
        self.sheets_server = self.start(SheetsHandler)

    def start(self, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
        """Start ``handler`` on 127.0.0.1 with an ephemeral port in a daemon thread."""
        server = ThreadingHTTPServer((LOOPBACK_HOST, 0), handler)
        server.daemon_threads = True
        server.fake = self
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return server

    def close(self) -> None:
        """Stop both servers."""
        for server in (self.token_server, self.sheets_server):
            server.shutdown()
            server.server_close()

    @property
    def token_uri(self) -> str:
        """The token endpoint's URL, for the ``token_uri`` of keys and OAuth clients."""
        return f"http://{LOOPBACK_HOST}:{self.token_server.server_address[1]}/token"

    @property
    def sheets_port(self) -> int:
        """The port of the fake Sheets API."""
        return self.sheets_server.server_address[1]

    def register(self, key: ServiceAccountKey) -> None:
        """Accept JWT grants signed by ``key`` for its e-mail address."""
        self.public_keys[key.info["client_email"]] = key.private_key.public_key()

    def register_oauth_client(self, client_id: str = OAUTH_CLIENT_ID) -> dict:
        """Register an OAuth client of type Desktop app and return its client-secret file's content."""
        secret = "GOCSPX-" + secrets.token_urlsafe(18)
        self.oauth_clients[client_id] = secret
        base = self.token_uri.removesuffix("/token")
        return {"installed": {"client_id": client_id, "client_secret": secret, "project_id": "smartcity-test",
                              "auth_uri": f"{base}/auth", "token_uri": self.token_uri,
                              "redirect_uris": ["http://localhost"]}}

    def add_spreadsheet(self, key: str, spreadsheet: FakeSpreadsheet) -> FakeSpreadsheet:
        """Make ``spreadsheet`` available under ``key``."""
        self.spreadsheets[key] = spreadsheet
        return spreadsheet

    def fail_next(self, *statuses: int, retry_after: str | None = None, html: bool = False) -> None:
        """Fail the next API requests with these HTTP statuses, one each; with ``html``, as a proxy's web page."""
        headers = {"Retry-After": retry_after} if retry_after else {}
        self.failures.extend((status, headers, html) for status in statuses)

    def issued_secrets(self) -> list[str]:
        """Every access token, refresh token and authorization code the fake has issued."""
        return [*self.access_tokens, *self.refresh_tokens, *self.codes]

    def issue_access_token(self, account: str) -> dict:
        """Return a token response with a new access token for ``account``."""
        token = "ya29.fake-" + secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[token] = account
        return {"access_token": token, "expires_in": TOKEN_LIFETIME_SECONDS, "token_type": "Bearer",
                "scope": SHEETS_SCOPE}


class FakeHandler(BaseHTTPRequestHandler):
    """Shared responses of both fake servers: JSON bodies, and no request log on standard error."""

    server: ThreadingHTTPServer

    @property
    def fake(self) -> FakeGoogle:
        return self.server.fake

    def send_json(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the name BaseHTTPRequestHandler gives it
        return


class TokenHandler(FakeHandler):
    """The OAuth 2.0 token endpoint (``POST /token``) and authorization page (``GET /auth``)."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
        form |= basic_client_credentials(self.headers.get("Authorization", ""))
        grant = form.get("grant_type", "")
        self.fake.token_requests.append(grant)
        if urlsplit(self.path).path != "/token":
            self.send_json(404, {"error": "not_found"})
        elif grant == JWT_GRANT:
            self.grant_jwt(form.get("assertion", ""))
        elif grant == "refresh_token":
            self.grant_refresh(form)
        elif grant == "authorization_code":
            self.grant_code(form)
        else:
            self.send_json(400, {"error": "unsupported_grant_type"})

    def grant_jwt(self, assertion: str) -> None:
        """Check a service account's signed JWT as Google does: signature, audience, expiry and scope."""
        try:
            header, payload, signature = assertion.split(".")
            claims = json.loads(unbase64url(payload))
            public_key = self.fake.public_keys[claims["iss"]]
            public_key.verify(unbase64url(signature), f"{header}.{payload}".encode("ascii"), padding.PKCS1v15(),
                              hashes.SHA256())
        except (ValueError, KeyError, InvalidSignature):
            self.send_json(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
            return
        if claims.get("aud") != GOOGLE_TOKEN_AUDIENCE or claims.get("exp", 0) < time.time():
            self.send_json(400, {"error": "invalid_grant", "error_description": "Invalid JWT: Token must be a "
                                                                                "short-lived token"})
            return
        if SHEETS_SCOPE not in claims.get("scope", "").split():
            self.send_json(400, {"error": "invalid_scope"})
            return
        self.send_json(200, self.fake.issue_access_token(claims["iss"]))

    def grant_refresh(self, form: dict[str, str]) -> None:
        """Exchange a refresh token of a registered OAuth client for an access token."""
        account = self.fake.refresh_tokens.get(form.get("refresh_token", ""))
        if self.fake.oauth_clients.get(form.get("client_id", "")) != form.get("client_secret") or account is None:
            self.send_json(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
            return
        self.send_json(200, self.fake.issue_access_token(account))

    def grant_code(self, form: dict[str, str]) -> None:
        """Exchange an authorization code for an access token and a refresh token."""
        issued = self.fake.codes.pop(form.get("code", ""), None)
        client_id = form.get("client_id", "")
        if issued is None or issued[0] != client_id or self.fake.oauth_clients.get(client_id) != form.get(
                "client_secret"):
            self.send_json(400, {"error": "invalid_grant"})
            return
        refresh_token = "1//fake-" + secrets.token_urlsafe(24)
        self.fake.refresh_tokens[refresh_token] = issued[1]
        self.send_json(200, self.fake.issue_access_token(issued[1]) | {"refresh_token": refresh_token})

    def do_GET(self) -> None:
        """Play the user who logs in and consents: redirect to the loopback redirect URI with a new code."""
        url = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        redirect = urlsplit(query.get("redirect_uri", ""))
        if url.path != "/auth" or query.get("client_id") not in self.fake.oauth_clients \
                or redirect.scheme != "http" or redirect.hostname != LOOPBACK_HOST:
            self.send_json(400, {"error": "invalid_request"})
            return
        code = "4/fake-" + secrets.token_urlsafe(16)
        self.fake.codes[code] = (query["client_id"], "coordinator@example.org")
        target = query["redirect_uri"] + "?" + urlencode({"state": query.get("state", ""), "code": code,
                                                           "scope": query.get("scope", "")})
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()


def basic_client_credentials(header: str) -> dict[str, str]:
    """Return the client_id and client_secret of an HTTP Basic Authorization header, as OAuth clients may send them."""
    if not header.startswith("Basic "):
        return {}
    client_id, _, client_secret = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    return {"client_id": unquote(client_id), "client_secret": unquote(client_secret)}


API_ERRORS = {
    400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "BAD_GATEWAY", 503: "UNAVAILABLE",
}


class SheetsHandler(FakeHandler):
    """The Sheets API v4: ``GET /v4/spreadsheets/{key}``, ``.../values/{range}`` and ``.../values:batchGet``."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        self.fake.api_requests.append((url.path, query))
        parts = url.path.split("/")
        if len(parts) < 4 or parts[1:3] != ["v4", "spreadsheets"]:
            self.send_error_json(404, "Not found.")
            return

        account = self.fake.access_tokens.get(self.headers.get("Authorization", "").removeprefix("Bearer "))
        if account is None:
            self.send_error_json(401, "Request had invalid authentication credentials.")
            return
        with self.fake.lock:
            failure = self.fake.failures.pop(0) if self.fake.failures else None
        if failure or self.fake.persistent_failure:
            status, headers, html = failure or (self.fake.persistent_failure, {}, False)
            if html:
                self.send_page(status, "<html><body>Proxy: please log in</body></html>")
            else:
                self.send_error_json(status, "Injected failure.", headers)
            return

        key = parts[3]
        spreadsheet = self.fake.spreadsheets.get(key)
        if spreadsheet is None:
            self.send_error_json(404, "Requested entity was not found.")
        elif account not in spreadsheet.readers:
            self.send_error_json(403, "The caller does not have permission")
        elif len(parts) == 4:
            self.send_json(200, metadata(key, spreadsheet))
        elif len(parts) == 5 and parts[4] == "values:batchGet":
            self.send_values(spreadsheet, query.get("ranges", []), query, batch=True)
        elif len(parts) == 6 and parts[4] == "values":
            self.send_values(spreadsheet, [unquote(parts[5])], query, batch=False)
        else:
            self.send_error_json(404, "Not found.")

    def send_values(self, spreadsheet: FakeSpreadsheet, ranges: list[str], query: dict, batch: bool) -> None:
        value_ranges = []
        for range_name in ranges:
            worksheet = worksheet_of_range(spreadsheet, range_name)
            if worksheet is None:
                self.send_error_json(400, f"Unable to parse range: {range_name}")
                return
            value_ranges.append(value_range(worksheet, spreadsheet, query))
        if batch:
            self.send_json(200, {"spreadsheetId": "", "valueRanges": value_ranges})
        else:
            self.send_json(200, value_ranges[0])

    def send_page(self, status: int, page: str) -> None:
        data = page.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_error_json(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.send_json(status, {"error": {"code": status, "message": message,
                                          "status": API_ERRORS.get(status, "UNKNOWN")}}, headers)


def metadata(key: str, spreadsheet: FakeSpreadsheet) -> dict:
    """Return the spreadsheet resource without grid data, as ``spreadsheets.get`` does."""
    sheets = [{"properties": {"sheetId": w.gid, "title": w.title, "index": index, "sheetType": "GRID",
                              "gridProperties": {"rowCount": max(len(w.grid), 1000), "columnCount": 26}}}
              for index, w in enumerate(spreadsheet.worksheets)]
    return {"spreadsheetId": key, "properties": {"title": spreadsheet.title, "locale": spreadsheet.locale,
                                                 "timeZone": spreadsheet.time_zone, "autoRecalc": "ON_CHANGE"},
            "sheets": sheets, "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{key}/edit"}


def worksheet_of_range(spreadsheet: FakeSpreadsheet, range_name: str) -> FakeWorksheet | None:
    """Return the worksheet a whole-sheet range names (``'Title'`` or ``Title``), else None."""
    if range_name.startswith("'") and range_name.endswith("'"):
        title = range_name[1:-1].replace("''", "'")
    elif "!" in range_name:
        return None
    else:
        title = range_name
    return next((w for w in spreadsheet.worksheets if w.title == title), None)


def value_range(worksheet: FakeWorksheet, spreadsheet: FakeSpreadsheet, query: dict) -> dict:
    """Return the ValueRange of a whole worksheet, trimmed and rendered as the query requests."""
    render = query.get("valueRenderOption", ["FORMATTED_VALUE"])[0]
    dates = query.get("dateTimeRenderOption", ["SERIAL_NUMBER"])[0]
    rows = [[render_value(cell, render, dates, spreadsheet) for cell in row] for row in worksheet.grid]
    rows = [trim_trailing(row) for row in rows]
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    body = {"range": f"'{worksheet.title}'!A1:{column_letter(max(width, 1))}{max(len(rows), 1)}",
            "majorDimension": "ROWS"}
    if rows:
        body["values"] = rows
    return body


def trim_trailing(row: list[Any]) -> list[Any]:
    """Drop the empty cells at the end of a row, as the API does; empty cells before a value become ''."""
    cells = list(row)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return ["" if cell is None else cell for cell in cells]


def render_value(value: Any, render: str, dates: str, spreadsheet: FakeSpreadsheet) -> Any:
    """Return a cell as the API renders it: typed when unformatted, else text in the spreadsheet's locale."""
    if value is None:
        return None
    if isinstance(value, FakeDate):
        if render == "UNFORMATTED_VALUE" and dates == "SERIAL_NUMBER":
            return value.serial
        moment = EXCEL_EPOCH + dt.timedelta(days=value.serial)
        return moment.strftime("%d/%m/%Y %H.%M.%S")
    if render != "FORMATTED_VALUE":
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and spreadsheet.locale.endswith("_ID"):
        return repr(value).replace(".", ",")
    return str(value)


def column_letter(number: int) -> str:
    """Return the A1 column letters of column ``number`` (1 is A)."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def serial_of(moment: dt.datetime, time_zone: str = "Asia/Jakarta") -> float:
    """Return the serial day number a sheet in ``time_zone`` stores for the aware datetime ``moment``."""
    wall_clock = moment.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)
    return (wall_clock - EXCEL_EPOCH) / dt.timedelta(days=1)


def typed_cell(text: str) -> Any:
    """Return a CSV cell as Sheets stores a Forms answer: a whole number as a number, anything else as text.

    Numbers with a leading zero or a sign, such as phone numbers, stay text.
    """
    if not text:
        return None
    if text.isdigit() and (text == "0" or not text.startswith("0")) and len(text) < 15:
        return int(text)
    return text


def grid_from_csv(path: Path, time_zone: str = "Asia/Jakarta") -> list[list[Any]]:
    """Return the grid of the Forms response sheet whose CSV download is ``path``.

    The timestamp column becomes serial date numbers in ``time_zone`` and
    whole numbers become numbers, as the response sheet stores them.
    """
    with path.open(encoding="utf-8", newline="") as csv_file:
        records = list(csv.reader(csv_file))
    grid: list[list[Any]] = [list(records[0])]
    for record in records[1:]:
        row: list[Any] = [typed_cell(cell) for cell in record]
        stamp = parse_timestamp(record[0]).value if record and record[0] else None
        if stamp is not None:
            row[0] = FakeDate(serial_of(stamp, time_zone))
        grid.append(row)
    return grid


def sheet_source_toml(key: str, credentials: Path | None, name: str = "google-forms",
                      worksheet: str | int | None = None) -> str:
    """Return a ``[[sources]]`` entry of kind google_sheet for survey.toml."""
    lines = ["[[sources]]", f'name = "{name}"', 'kind = "google_sheet"',
             f'spreadsheet = "https://docs.google.com/spreadsheets/d/{quote(key)}/edit"']
    if isinstance(worksheet, int):
        lines.append(f"worksheet = {worksheet}")
    elif worksheet:
        lines.append(f'worksheet = "{worksheet}"')
    if credentials is not None:
        lines.append(f"credentials = '{credentials.as_posix()}'")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SheetCliRun:
    """Exit status and output of one command-line run against the fakes."""

    status: int
    stdout: str
    stderr: str

    @property
    def flat_stderr(self) -> str:
        """Standard error with every run of whitespace as one space, so wrapped lines read whole."""
        return " ".join(self.stderr.split())


CLI_SCRIPT = Path(__file__).with_name("sheets_cli.py")


def sheet_cli_command(port: int, *arguments: str) -> list[str]:
    """Return the command that runs ``smartcity-impact ARGUMENTS`` with Sheets requests sent to the fake."""
    return [sys.executable, str(CLI_SCRIPT), str(port), *arguments]


def run_sheet_cli(port: int, *arguments: str) -> SheetCliRun:
    """Run ``smartcity-impact ARGUMENTS`` in a new process against the fake Sheets API on ``port``."""
    completed = subprocess.run(sheet_cli_command(port, *arguments), capture_output=True, text=True,
                               encoding="utf-8", env=cli_environment(), timeout=CLI_TIMEOUT_SECONDS, check=False)
    return SheetCliRun(completed.returncode, completed.stdout, completed.stderr)
