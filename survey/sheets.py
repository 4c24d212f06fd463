"""Fetch the responses of a ``google_sheet`` source through gspread and turn them into a RawTable.

The values are fetched unformatted, with dates as serial numbers, so that the
sheet's locale cannot change a number or a date. Each cell is then written as
text here, the way the CSV path reads cells. gspread's ``get_all_records``
is not used because its numericise step turns ``3,5`` into 35 and drops the
leading zero of ``0812...`` and the plus of ``+62...``.

Each request is retried on HTTP 429, 408 and 5xx responses and on network
failures, with exponential backoff and full jitter, within a number of
attempts and a maximum total wait (``RetryPolicy``). gspread's own
``BackOffHTTPClient`` is not used because in gspread 6.2 it retries a
persistent 429 without end.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import gspread
import requests
from google.auth.exceptions import RefreshError, TransportError
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from gspread.utils import absolute_range_name

from smartcity_impact.click_messages import N_
from smartcity_impact.errors import SheetError
from smartcity_impact.i18n import gettext as _
from survey.fields import FIELD_TITLES
from survey.google_credentials import SheetCredentials, load_credentials
from survey.readers import add_row, clean_header
from survey.source_config import SourceConfig
from survey.table import RawTable
from survey.text import normalize_text
from survey.timestamps import EXCEL_EPOCH, EXCEL_SERIAL_RANGE, INDONESIAN_ZONES, parse_zone

logger = logging.getLogger(__name__)

# The response tab that Google Forms creates, as it is titled in Indonesian and in English.
DEFAULT_WORKSHEETS = ("Tanggapan Formulir 1", "Form Responses 1")
VALUE_PARAMETERS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                    "majorDimension": "ROWS"}
DATE_FIELDS = ("timestamp", "interview_date", "birth_date")
RETRIED_STATUSES = (408, 429)
FIRST_SERVER_ERROR = 500
CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS = 10.0, 60.0
# The part of an API error's text put into a message; a proxy's error page may be long.
MAX_REASON_LENGTH = 200

Result = TypeVar("Result")


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds of the retries of one request: attempts in all, the first backoff and the total wait, in seconds.

    The wait before retry ``n`` is a random time between 0 and
    ``base_delay * 2 ** (n - 1)`` (full jitter), or the server's Retry-After
    when that is longer, cut to what is left of ``max_total_wait``.
    """

    attempts: int = 5
    base_delay: float = 1.0
    max_total_wait: float = 60.0


@dataclass(frozen=True)
class SheetTransport:
    """Settings of the sheet requests: gspread's HTTP client class, the retry bounds, timeouts and sleep function."""

    http_client: type[HTTPClient] = HTTPClient
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: tuple[float, float] = (CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS)
    sleep: Callable[[float], None] = time.sleep


# The transport that read_source uses. Tests replace it with one whose client
# only reaches fake servers on 127.0.0.1.
TRANSPORT = SheetTransport()


@dataclass(frozen=True)
class FetchedSheet:
    """The values of one worksheet as the Sheets API returned them, with what is needed to read them."""

    title: str
    gid: int
    time_zone: str | None
    values: list[list[Any]]

    def content_hash(self) -> str:
        """Return the SHA-256 of the worksheet's title, time zone and values, the fingerprint of a pull."""
        content = json.dumps([self.title, self.time_zone, self.values], ensure_ascii=False, default=str)
        return hashlib.sha256(content.encode("utf-8")).hexdigest()


def read_sheet_table(source: SourceConfig, transport: SheetTransport | None = None) -> RawTable:
    """Fetch the worksheet of ``source`` and return it as a RawTable whose row numbers are the sheet's rows.

    Raises:
        SheetError: the credentials cannot be used, the sheet cannot be
            opened (no access, not found) or the API cannot be reached.
    """
    transport = transport or TRANSPORT
    credentials = load_credentials(source)
    client = gspread.Client(auth=credentials.credentials, http_client=transport.http_client)
    client.set_timeout(transport.timeout)

    fetched = fetch_sheet(client.http_client, source, credentials, transport)
    table = sheet_table(fetched, source)
    logger.info(_("%s: %d rows fetched, %d blank rows"), table.path.name, len(table.rows), len(table.blank_rows))
    return table


def fetch_sheet(http: HTTPClient, source: SourceConfig, credentials: SheetCredentials,
                transport: SheetTransport) -> FetchedSheet:
    """Fetch the spreadsheet's metadata, choose the worksheet, then fetch its values unformatted."""
    metadata = request_sheet(lambda: http.fetch_sheet_metadata(source.spreadsheet), source, credentials, transport)
    sheet = select_worksheet(metadata, source)
    title = sheet["title"]

    response = request_sheet(lambda: http.values_get(source.spreadsheet, absolute_range_name(title),
                                                     params=dict(VALUE_PARAMETERS)),
                             source, credentials, transport, worksheet=title)
    time_zone = metadata.get("properties", {}).get("timeZone")
    return FetchedSheet(title, int(sheet.get("sheetId", 0)), time_zone, response.get("values", []))


def select_worksheet(metadata: dict, source: SourceConfig) -> dict:
    """Return the properties of the worksheet ``source`` names: by title, by gid, or the form's response tab.

    Raises:
        SheetError: no worksheet fits; the message lists those that exist.
    """
    sheets = [sheet.get("properties", {}) for sheet in metadata.get("sheets", [])]
    titles = [sheet.get("title", "") for sheet in sheets]
    listed = ", ".join(f"'{sheet.get('title', '')}' (gid {sheet.get('sheetId', 0)})" for sheet in sheets) or "-"

    if isinstance(source.worksheet, int):
        match = next((sheet for sheet in sheets if sheet.get("sheetId") == source.worksheet), None)
        if match is None:
            raise SheetError("sheet-worksheet-not-found", "The spreadsheet has no worksheet with gid {value}; it "
                             "has: {sheets}.", hint="Set 'worksheet' of this source in survey.toml to one of them.",
                             file=source.label, value=source.worksheet, sheets=listed)
        return match

    candidates = (source.worksheet,) if source.worksheet else DEFAULT_WORKSHEETS
    match = next((sheet for title in candidates for sheet in sheets if sheet.get("title") == title), None)
    if match is not None:
        return match
    if not source.worksheet:
        raise SheetError("sheet-worksheet-not-found", "The spreadsheet has no form response tab ('{first}' or "
                         "'{second}'); it has: {sheets}.",
                         hint="Set 'worksheet' of this source in survey.toml to the tab with the responses.",
                         file=source.label, first=DEFAULT_WORKSHEETS[0], second=DEFAULT_WORKSHEETS[1], sheets=listed)
    close = difflib.get_close_matches(source.worksheet, titles, n=1)
    if close:
        raise SheetError("sheet-worksheet-not-found", "Worksheet '{value}' not found; the spreadsheet has: "
                         "{sheets}.", hint="Did you mean '{suggestion}'?", file=source.label,
                         value=source.worksheet, sheets=listed, suggestion=close[0])
    raise SheetError("sheet-worksheet-not-found", "Worksheet '{value}' not found; the spreadsheet has: {sheets}.",
                     hint="Set 'worksheet' of this source in survey.toml to one of them.", file=source.label,
                     value=source.worksheet, sheets=listed)


def request_sheet(call: Callable[[], Result], source: SourceConfig, credentials: SheetCredentials,
                  transport: SheetTransport, worksheet: str | None = None) -> Result:
    """Return ``call()``, retrying transient failures; raise SheetError for the others and when retries run out."""
    policy = transport.retry
    waited = 0.0
    for attempt in range(1, policy.attempts + 1):
        try:
            return call()
        except APIError as err:
            if not is_transient(status_of(err)):
                raise api_error(err, source, credentials, worksheet) from err
            failure: Exception = err
            retry_after = retry_after_seconds(err)
        except RefreshError as err:
            if not err.retryable:
                raise credentials_error(err, source, credentials) from err
            failure, retry_after = err, 0.0
        except (requests.RequestException, TransportError) as err:
            # Besides lost connections and timeouts, this is a 200 response that is not JSON, such as the login
            # page of a captive portal or proxy, which a retry may get past too.
            failure, retry_after = err, 0.0

        delay = min(max(random.uniform(0, policy.base_delay * 2 ** (attempt - 1)), retry_after),
                    policy.max_total_wait - waited)
        if attempt == policy.attempts or waited >= policy.max_total_wait:
            break
        logger.warning(_("%s: %s, retry %d of %d in %.1f s"), source.label, describe_failure(failure), attempt,
                       policy.attempts - 1, delay)
        transport.sleep(delay)
        waited += delay
    raise exhausted_error(failure, source, attempt, waited) from failure


def status_of(err: APIError) -> int:
    """Return the HTTP status of an API error; gspread sets ``code`` to -1 when the error body is not JSON."""
    return err.response.status_code if err.response is not None else err.code


def is_transient(status: int) -> bool:
    """True for the HTTP statuses worth retrying: 408, 429 and every 5xx."""
    return status in RETRIED_STATUSES or status >= FIRST_SERVER_ERROR


def retry_after_seconds(err: APIError) -> float:
    """Return the wait in seconds that the server's Retry-After header requests, or 0 without one in seconds."""
    value = err.response.headers.get("Retry-After", "") if err.response is not None else ""
    try:
        return max(float(value), 0.0)
    except ValueError:
        return 0.0


def describe_failure(failure: Exception) -> str:
    """Return a short, secret-free description of a transient failure for the log: the HTTP status or error type."""
    if isinstance(failure, APIError):
        return f"HTTP {status_of(failure)}"
    return type(failure).__name__


def api_error(err: APIError, source: SourceConfig, credentials: SheetCredentials, worksheet: str | None) -> SheetError:
    """Return the SheetError for an HTTP error the API will not change its mind about (401, 403, 404, 400)."""
    status = status_of(err)
    if status == 401:
        return SheetError("sheet-credentials-invalid", "Google rejected the credentials in {value} (HTTP 401).",
                          hint=credentials_hint(credentials), file=source.label, value=str(credentials.file),
                          account=credentials.account)
    if status == 403 and credentials.account:
        return SheetError("sheet-permission-denied", "The spreadsheet is not shared with the service account "
                          "{account}.", hint="Open the sheet in Google Sheets, choose Share, add {account} as a "
                          "Viewer, then run again.", file=source.label, account=credentials.account)
    if status == 403:
        return SheetError("sheet-permission-denied", "The Google account you logged in with cannot open the "
                          "spreadsheet.", hint="Ask the owner of the sheet to share it with your account, or run "
                          "'smartcity-impact login' again with another account.", file=source.label)
    if status == 404 and worksheet is None:
        return SheetError("sheet-not-found", "No spreadsheet has the key {value}.",
                          hint="Copy the address of the sheet from the browser into 'spreadsheet' of this source "
                               "in survey.toml.", file=source.label, value=source.spreadsheet)
    if status == 404:
        return SheetError("sheet-worksheet-not-found", "Worksheet '{value}' is no longer in the spreadsheet.",
                          hint="Run again; if the worksheet was renamed, set 'worksheet' in survey.toml.",
                          file=source.label, value=worksheet)
    return SheetError("sheet-request-rejected", "The Google Sheets API rejected the request (HTTP {status}: "
                      "{reason}).", hint="Check 'spreadsheet' and 'worksheet' of this source in survey.toml.",
                      file=source.label, status=status, reason=str(err.error.get("message", ""))[:MAX_REASON_LENGTH])


def credentials_error(err: RefreshError, source: SourceConfig, credentials: SheetCredentials) -> SheetError:
    """Return the SheetError for credentials the token endpoint refused (a deleted key, a revoked login)."""
    # The error's arguments contain the endpoint's JSON response, which names the error and contains no secret.
    details = err.args[1] if len(err.args) > 1 and isinstance(err.args[1], dict) else {}
    reason = str(details.get("error_description") or details.get("error") or _("no reason given")).rstrip(".")
    return SheetError("sheet-credentials-invalid", "Google rejected the credentials in {value}: {reason}.",
                      hint=credentials_hint(credentials), file=source.label, value=str(credentials.file),
                      account=credentials.account, reason=reason)


def credentials_hint(credentials: SheetCredentials) -> str:
    """Return the English hint for rejected credentials, for a service account or for a user's login."""
    if credentials.account:
        return N_("The key may have been deleted or the service account disabled: create a new key for {account} "
                  "in the Google Cloud console and set 'credentials' in survey.toml to it.")
    return N_("The login may have expired or been revoked: run 'smartcity-impact login' again.")


def exhausted_error(failure: Exception, source: SourceConfig, attempts: int, waited: float) -> SheetError:
    """Return the SheetError for a transient failure that lasted through every retry."""
    fields = {"file": source.label, "attempts": attempts, "seconds": f"{waited:.0f}"}
    if isinstance(failure, APIError) and status_of(failure) == 429:
        return SheetError("sheet-rate-limited", "The Google Sheets API still rejected requests after {attempts} "
                          "attempts in {seconds} s (HTTP 429, too many requests).",
                          hint="Wait a few minutes and run again. Every tool that uses the same Google Cloud "
                               "project shares its quota.", **fields)
    if isinstance(failure, APIError):
        return SheetError("sheet-server-error", "The Google Sheets API still failed after {attempts} attempts in "
                          "{seconds} s (HTTP {status}).", hint="Google's service has a problem; run again later.",
                          status=status_of(failure), **fields)
    return SheetError("sheet-unreachable", "Google cannot be reached after {attempts} attempts in {seconds} s "
                      "({reason}).", hint="Check the internet connection (and the proxy, if one is needed), then "
                      "run again.", reason=type(failure).__name__, **fields)


def sheet_table(fetched: FetchedSheet, source: SourceConfig) -> RawTable:
    """Return the fetched values as text cells; the first non-empty row is the header.

    The API leaves out trailing empty rows and the trailing empty cells of each
    row, and returns a blank row in the middle as an empty list. The headers are
    padded with blank titles to the widest row, as the CSV download of the
    sheet writes them, so a cell right of the last title is a cell of a
    blank-titled column. Row numbers are the sheet's.
    """
    decimal = source.decimal or "."
    values = fetched.values
    header_index = next((i for i, row in enumerate(values) if any(cell_text(c, decimal).strip() for c in row)), None)
    if header_index is None:
        raise SheetError("file-empty", "The worksheet is empty.",
                         hint="Choose the worksheet with the responses in 'worksheet' of this source in survey.toml.",
                         file=sheet_label(fetched.title))
    width = max(len(row) for row in values[header_index:])
    headers = [clean_header(cell_text(cell, decimal)) for cell in values[header_index]]
    headers += [""] * (width - len(headers))

    dates = date_positions(headers, source)
    zone = sheet_zone(fetched.time_zone, source)
    table = RawTable(Path(sheet_label(fetched.title)), headers, [], [], decimal, "google-sheet", None)
    table.content_hash = fetched.content_hash()
    for index, row in enumerate(values[header_index + 1:], start=header_index + 2):
        cells = [date_text(cell, zone, dates[position]) if position in dates else cell_text(cell, decimal)
                 for position, cell in enumerate(row)]
        add_row(table, index, cells)
    return table


def sheet_label(title: str) -> str:
    """Return the name messages and the store give a worksheet: ``Google Sheet <title>``, usable as a file name."""
    return "Google Sheet " + title.replace("/", "-").replace("\\", "-")


def cell_text(value: Any, decimal: str = ".") -> str:
    """Return an unformatted cell value as text: numbers with every digit and ``decimal``, no exponent, no ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # repr is the shortest text that reads back as the same float, so no digit is added or lost.
        return format(Decimal(repr(value)), "f").replace(".", decimal)
    return str(value)


def date_positions(headers: list[str], source: SourceConfig) -> dict[int, str]:
    """Return the field of each column holding a submission time, interview date or birth date, by position.

    Columns are recognised by the titles of ``survey.fields`` and the
    ``columns`` table of the source, as ``match_columns`` recognises them.
    """
    titles = {normalize_text(title): name for name in DATE_FIELDS if name not in source.columns
              for title in FIELD_TITLES[name]}
    titles |= {normalize_text(title): name for name, title in source.columns.items() if name in DATE_FIELDS}
    return {position: titles[normalize_text(header)] for position, header in enumerate(headers)
            if normalize_text(header) in titles}


def sheet_zone(time_zone: str | None, source: SourceConfig) -> dt.tzinfo:
    """Return the spreadsheet's time zone (such as Asia/Jakarta), else the survey's, in which serial dates are read.

    Sheets writes dates as the wall-clock time of the spreadsheet's zone, and
    its CSV download shows that zone's offset (``GMT+7``).
    """
    if time_zone:
        try:
            return ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            offset = parse_zone(" " + time_zone)
            if isinstance(offset, dt.timezone):
                return offset
        logger.warning(_("the spreadsheet's time zone %s is unknown; its dates are read in the survey's time zone "
                         "%s"), time_zone, source.time_zone)
    return INDONESIAN_ZONES[source.time_zone]


def date_text(value: Any, zone: dt.tzinfo, field_name: str = "timestamp") -> str:
    """Return a date cell as text: a serial number as a date-time with the offset of ``zone``, or an ISO date.

    A submission timestamp is always a date-time. An interview or birth date
    without a time of day is a date, read like the same date typed in a file.
    Other values (a date typed as text) are returned as ``cell_text`` writes them.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
        return cell_text(value)
    # Rounded to the millisecond, the serial's binary fraction cannot turn 09:03:12 into 09:03:11.999.
    moment = EXCEL_EPOCH + dt.timedelta(milliseconds=round(value * 86_400_000))
    if field_name != "timestamp" and moment.time() == dt.time(0, 0):
        return moment.date().isoformat()
    # NOTE: fractions of a second are kept here and dropped by parse_timestamp. Whether the sheet's CSV download
    # rounds them instead is not known, so the two may differ by one second for a timestamp with milliseconds.
    return moment.replace(tzinfo=zone).isoformat(sep=" ")
