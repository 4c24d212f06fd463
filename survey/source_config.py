"""The ``[[sources]]`` of ``survey.toml``: files to read and Google Sheets to fetch, with their reading settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from survey.config_keys import check_known_keys, config_error, require, require_choice
from survey.pseudonyms import KEY_FOLDER

SOURCE_KINDS = ("google_forms", "paper_form", "spss", "stata", "google_sheet")
# Kinds whose responses are fetched from a service rather than read from a file.
FETCHED_KINDS = ("google_sheet",)
ONLINE_KINDS = ("google_forms", "google_sheet")
MODES = ("online", "offline")
DATE_ORDERS = ("DMY", "MDY", "YMD")
SOURCE_KEYS = ("name", "path", "kind", "mode", "encoding", "delimiter", "decimal", "date_order", "sheet", "columns",
               "second_entry")
SHEET_SOURCE_KEYS = ("name", "kind", "mode", "spreadsheet", "worksheet", "credentials", "decimal", "date_order",
                     "columns")
SPREADSHEET_KEY = re.compile(r"^[A-Za-z0-9_-]{20,}$")
SPREADSHEET_URL = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
WORKSHEET_GID = re.compile(r"[#&?]gid=(\d+)")
# Where ``smartcity-impact login`` stores a Google user's login, in the survey folder.
LOGIN_FILE = Path(KEY_FOLDER) / "google-login.json"
COLUMN_FIELDS = ("timestamp", "email", "name", "phone", "age", "gender", "sub_district", "village",
                 "occupation", "education", "dimension", "form_number", "enumerator", "interview_date",
                 "nik", "address", "birth_date", "resident", "programme_user", "consent")


@dataclass(frozen=True)
class SourceConfig:
    """One source of responses: a file (Google Forms export, typed paper forms, SPSS, Stata) or a Google Sheet.

    A file source has a ``path``. A ``google_sheet`` source has no path but a
    ``spreadsheet`` key, a ``worksheet`` (a title, a gid number, or None for the
    form's response tab), optionally the ``credentials`` file to use, and the
    ``login_file`` in which ``smartcity-impact login`` stores a user's login.
    """

    name: str
    path: Path | None
    kind: str
    mode: str
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    date_order: str | None = None
    time_zone: str = "WIB"
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    spreadsheet: str | None = None
    worksheet: str | int | None = None
    credentials: Path | None = None
    login_file: Path | None = None

    @property
    def label(self) -> str:
        """The name that messages give the source: the file name, or ``Google Sheet`` with the worksheet."""
        if self.path is not None:
            return self.path.name
        if isinstance(self.worksheet, int):
            return f"Google Sheet gid={self.worksheet}"
        return f"Google Sheet {self.worksheet or self.name}"


def read_sources(data: dict, directory: Path, path: Path, item_codes: tuple[str, ...] = (),
                 time_zone: str = "WIB") -> tuple[SourceConfig, ...]:
    """Return the configured sources; each needs a kind, and a path unless it is a Google Sheet.

    A source's ``columns`` table maps a field name or an item code (``Q59``) to the column title that contains it.
    """
    sources_data = data.get("sources")
    if not isinstance(sources_data, list) or not sources_data:
        raise config_error("sources", "Key '{key}' is missing: list at least one [[sources]] with path and kind.",
                           path)

    sources = []
    for index, source in enumerate(sources_data, start=1):
        prefix = f"sources[{index}]."
        check_known_keys(source, tuple(dict.fromkeys(SOURCE_KEYS + SHEET_SOURCE_KEYS)), prefix, path)
        kind = require_choice(require(source, "kind", prefix, path), SOURCE_KINDS, prefix + "kind", path)
        check_known_keys(source, SHEET_SOURCE_KEYS if kind in FETCHED_KINDS else SOURCE_KEYS, prefix, path)
        default_mode = "online" if kind in ONLINE_KINDS else "offline"
        columns = source.get("columns", {})
        check_known_keys(columns, COLUMN_FIELDS + item_codes, prefix + "columns.", path)
        common = {
            "kind": kind,
            "mode": require_choice(source.get("mode", default_mode), MODES, prefix + "mode", path),
            "decimal": read_decimal_mark(source, prefix, path),
            "date_order": read_date_order(source, prefix, path),
            "time_zone": time_zone,
            "columns": dict(columns),
        }
        if kind in FETCHED_KINDS:
            sources.append(read_sheet_source(source, prefix, directory, path, common))
            continue
        relative_path = require(source, "path", prefix, path)
        sources.append(SourceConfig(
            name=str(source.get("name", Path(relative_path).stem)),
            path=directory / relative_path,
            encoding=source.get("encoding"),
            delimiter=read_single_character(source, "delimiter", prefix, path),
            sheet=source.get("sheet"),
            **common,
        ))

    check_source_paths(sources, path)
    names = [source.name for source in sources]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise config_error("sources.name", "Two sources share the name '{value}'; give each a distinct name.", path,
                           value=duplicated[0])
    return tuple(sources)


def read_sheet_source(source: dict, prefix: str, directory: Path, path: Path, common: dict) -> SourceConfig:
    """Return a ``google_sheet`` source: its spreadsheet key (from a key or a URL), worksheet and credentials file.

    A URL with ``#gid=N`` selects that worksheet unless ``worksheet`` is set.
    """
    spreadsheet = require(source, "spreadsheet", prefix, path).strip()
    from_url = SPREADSHEET_URL.search(spreadsheet)
    key = from_url.group(1) if from_url else spreadsheet
    if not SPREADSHEET_KEY.match(key):
        raise config_error(prefix + "spreadsheet", "Key '{key}' must be the address of a Google Sheet, such as "
                           "https://docs.google.com/spreadsheets/d/KEY/edit, or its KEY, not '{value}'.", path,
                           value=spreadsheet)

    worksheet = source.get("worksheet")
    gid = WORKSHEET_GID.search(spreadsheet) if from_url else None
    if worksheet is None and gid:
        worksheet = int(gid.group(1))
    if isinstance(worksheet, bool) or not isinstance(worksheet, (str, int, type(None))) or worksheet == "" \
            or (isinstance(worksheet, int) and worksheet < 0):
        raise config_error(prefix + "worksheet", "Key '{key}' must be a worksheet title in quotes or its gid "
                           "number, not '{value}'.", path, value=worksheet)

    credentials = source.get("credentials")
    if credentials is not None:
        credentials = directory / Path(require(source, "credentials", prefix, path)).expanduser()
    return SourceConfig(name=str(source.get("name", key)), path=None, spreadsheet=key, worksheet=worksheet,
                        credentials=credentials, login_file=directory / LOGIN_FILE, **common)


def check_source_paths(sources: list[SourceConfig], path: Path) -> None:
    """Raise ConfigError for a source path with a control character, or a file or worksheet listed twice."""
    seen: dict[Path | tuple, int] = {}
    for index, source in enumerate(sources, start=1):
        if source.path is None:
            check_sheet_listed_once(source, index, seen, path)
            continue
        key = f"sources[{index}].path"
        if any(ord(character) < 32 for character in str(source.path)):
            raise config_error(key, "Key '{key}' contains a control character, because a backslash in double quotes "
                               "starts an escape such as \\f.", path,
                               hint="Write the path with / or in single quotes: 'kertas\\formulir.csv'.")
        resolved = source.path.resolve()
        if resolved in seen:
            raise config_error(key, "Key '{key}' names the same file as sources[{other}]; list each file once.", path,
                               other=seen[resolved])
        seen[resolved] = index


def check_sheet_listed_once(source: SourceConfig, index: int, seen: dict[Path | tuple, int], path: Path) -> None:
    """Raise ConfigError when the worksheet of a Google Sheet source is already a source."""
    worksheet = (source.spreadsheet, source.worksheet)
    if worksheet in seen:
        raise config_error(f"sources[{index}].worksheet", "Key '{key}' names the same worksheet as "
                           "sources[{other}]; list each worksheet once.", path, other=seen[worksheet])
    seen[worksheet] = index


def read_date_order(source: dict, prefix: str, path: Path) -> str | None:
    """Return the configured date order, or None to detect it from the dates themselves."""
    if "date_order" not in source:
        return None
    return require_choice(source["date_order"], DATE_ORDERS, prefix + "date_order", path)


def read_single_character(source: dict, key: str, prefix: str, path: Path) -> str | None:
    """Return a one-character setting such as the delimiter, or None when not set."""
    value = source.get(key)
    if value is None:
        return None
    if value == "\\t":
        value = "\t"
    if not isinstance(value, str) or len(value) != 1:
        raise config_error(prefix + key, "Key '{key}' must be one character such as ';' or ',', not '{value}'.",
                           path, value=value)
    return value


def read_decimal_mark(source: dict, prefix: str, path: Path) -> str | None:
    """Return the decimal mark of a source ("," or "."), or None to follow the delimiter."""
    value = source.get("decimal")
    if value is None:
        return None
    return require_choice(value, (",", "."), prefix + "decimal", path)


def read_second_entries(data: dict, directory: Path, path: Path) -> dict[str, Path]:
    """Return the file of the second keying of each source that names one with ``second_entry``.

    Called after ``read_sources``, so every file source has a valid path and
    no Google Sheet source has a ``second_entry``. A second keying is checked
    like ``path``, and it must not be a source file itself, because its forms
    would then be counted as respondents twice.
    """
    source_files = {(directory / source["path"]).resolve(): index for index, source in enumerate(data["sources"], 1)
                    if "path" in source}
    entries: dict[str, Path] = {}
    seen: dict[Path, int] = {}
    for index, source in enumerate(data["sources"], start=1):
        if "second_entry" not in source:
            continue
        key = f"sources[{index}].second_entry"
        second_path = directory / require(source, "second_entry", f"sources[{index}].", path)
        if any(ord(character) < 32 for character in str(second_path)):
            raise config_error(key, "Key '{key}' contains a control character, because a backslash in double quotes "
                               "starts an escape such as \\f.", path,
                               hint="Write the path with / or in single quotes: 'kertas\\formulir.csv'.")
        resolved = second_path.resolve()
        if resolved in source_files:
            raise config_error(key, "Key '{key}' names the file of sources[{other}]. A second keying must not "
                               "also be a source, because its forms would count twice.", path,
                               other=source_files[resolved])
        if resolved in seen:
            raise config_error(key, "Key '{key}' names the same file as sources[{other}].second_entry. Give "
                               "each source its own second keying.", path, other=seen[resolved])
        seen[resolved] = index
        entries[str(source.get("name", Path(source["path"]).stem))] = second_path
    return entries
