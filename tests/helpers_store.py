"""Shared helpers of the response store tests: store URLs on SQLite and PostgreSQL, table dumps, edited sources.

The PostgreSQL tests need a server on 127.0.0.1 whose URL is in
SMARTCITY_IMPACT_TEST_POSTGRES, such as the one ``.ci/start-postgres`` starts.
Each test gets a database of its own, created on that server and dropped afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from survey.collection import Collection, collect_survey
from survey.config import SurveyConfig, load_survey_config
from survey.ingest import FailedImport, FileImport, ingest_sources
from survey.pseudonyms import Pseudonymizer, survey_pseudonymizer
from survey.store import Store, open_store

POSTGRES_VARIABLE = "SMARTCITY_IMPACT_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")
# The tests create and drop databases, so they only connect to a server on this machine.
POSTGRES_HOST = "127.0.0.1"

ONLINE = "google-forms"
PAPER = "paper-forms"
# File name, encoding and delimiter of each sample source, as sample_responses/generate.py writes them.
SAMPLE_SOURCES = {
    ONLINE: ("google_forms_responses.csv", "utf-8", ","),
    PAPER: ("formulir_kertas.csv", "cp1252", ";"),
}
# Columns that identify a respondent in each sample source. Copies of a row get new values in them.
IDENTITY_COLUMNS = {
    ONLINE: {"name": "Nama Lengkap", "phone": "Nomor HP/WA", "email": "Alamat email"},
    PAPER: {"name": "Nama", "phone": "No. HP", "form_number": "No. Formulir"},
}
# Item 50 is the thirteenth column of the Google Forms export, and the items follow in order up to 103.
FIRST_ONLINE_ITEM_COLUMN = 12
# Another answer of the same scale, for editing one cell of a row.
OTHER_ANSWER = {"4 - Sangat Setuju": "3 - Setuju", "3 - Setuju": "4 - Sangat Setuju", "Sangat Baik": "Baik",
                "Baik": "Sangat Baik", "4": "3", "3": "4"}


def sqlite_url(path: Path) -> str:
    """Return the SQLAlchemy URL of the SQLite file at ``path``."""
    return f"sqlite:///{path.as_posix()}"


def postgres_server_url() -> str:
    """Return the URL of the test PostgreSQL server; skip the test without one, or fail when CI is set."""
    url = os.environ.get(POSTGRES_VARIABLE, "").strip()
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_VARIABLE} is not set, so the store tests cannot run on PostgreSQL. Start a server "
                    f"with .ci/start-postgres DATA_DIR PORT and set {POSTGRES_VARIABLE} to the URL it prints.",
                    pytrace=False)
    pytest.skip(f"{POSTGRES_VARIABLE} is not set; set it to a URL such as "
                "postgresql+psycopg://postgres@127.0.0.1:5432/smartcity_test to run the PostgreSQL tests")


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """Create an empty database ``t_<random hex>`` on the test server, yield its URL, then drop it.

    The server URL must name host 127.0.0.1 and a user allowed to create databases.
    """
    server = sa.engine.make_url(server_url)
    if server.host != POSTGRES_HOST or {"host", "hostaddr"} & set(server.query):
        pytest.fail(f"{POSTGRES_VARIABLE} must name a server on {POSTGRES_HOST}, not "
                    f"{server.render_as_string(hide_password=True)}", pytrace=False)
    name = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE (PostgreSQL 13 or later) ends the connections that a failed test left open.
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def canonical(value):
    """Return ``value`` in a form that compares equal when the stored value is the same."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def table_dump(url: str) -> dict[str, list[dict]]:
    """Return every row of every table of the database at ``url`` as column: value, by table, in a stable order."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            metadata = sa.MetaData()
            metadata.reflect(bind=connection)
            dump = {}
            for name, table in sorted(metadata.tables.items()):
                rows = [{column: canonical(value) for column, value in row.items()}
                        for row in connection.execute(sa.select(table)).mappings()]
                dump[name] = sorted(rows, key=repr)
    finally:
        engine.dispose()
    return dump


def source_part(dump: dict[str, list[dict]], source: str) -> dict[str, list[dict]]:
    """Return the rows of ``dump`` that belong to ``source``: its batches and their responses, raw rows and findings."""
    batches = {row["id"] for row in dump["import_batches"] if row["source"] == source}
    part = {"import_batches": [row for row in dump["import_batches"] if row["source"] == source],
            "responses": [row for row in dump["responses"] if row["source"] == source]}
    for name in ("raw_rows", "rejects", "flags"):
        part[name] = [row for row in dump[name] if row["batch_id"] in batches]
    return part


def table_counts(url: str) -> dict[str, int]:
    """Return the number of rows of every table of the database at ``url``."""
    return {name: len(rows) for name, rows in table_dump(url).items()}


def query(url: str, statement, **parameters) -> list[sa.Row]:
    """Return the rows of one SQL statement (a string or a SQLAlchemy select) run on the database at ``url``."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if isinstance(statement, str):
                statement = sa.text(statement)
            return list(connection.execute(statement, parameters))
    finally:
        engine.dispose()


def closed_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on: one the system just gave out and took back."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((POSTGRES_HOST, 0))
        return probe.getsockname()[1]


@dataclass
class SurveyCopy:
    """A copy of a survey folder in tmp_path, and the URL of its store (None: the SQLite file in the folder)."""

    directory: Path
    url: str | None

    @property
    def config(self) -> SurveyConfig:
        """The survey.toml of the copy, read again on every use so that edits to it count."""
        return load_survey_config(self.directory)

    @property
    def pseudonymizer(self) -> Pseudonymizer:
        """The pseudonymizer of the copy's own key."""
        return survey_pseudonymizer(self.directory)

    def open(self) -> Store:
        """Open the copy's store."""
        return open_store(self.config, self.pseudonymizer, self.url)

    def ingest(self, names: tuple[str, ...] | None = None) -> tuple[list[FileImport], list[FailedImport]]:
        """Import the sources ``names`` (default: all) into the store, as ``smartcity-impact ingest`` does."""
        config = self.config
        sources = [s for s in config.sources if names is None or s.name in names]
        store = open_store(config, self.pseudonymizer, self.url)
        try:
            return ingest_sources(store, config, self.pseudonymizer, sources)
        finally:
            store.close()

    def collect(self) -> Collection:
        """Import every source and check the store, as ``smartcity-impact run`` does."""
        return collect_survey(self.config, db_url=self.url)

    def dump(self) -> dict[str, list[dict]]:
        """Return every row of the store's tables."""
        return table_dump(self.url)

    def source_path(self, source: str) -> Path:
        """Return the path of the file of sample source ``source``."""
        return self.directory / SAMPLE_SOURCES[source][0]

    def read_rows(self, source: str) -> list[list[str]]:
        """Return the header and data rows of sample source ``source``, read with the csv module alone."""
        _file_name, encoding, delimiter = SAMPLE_SOURCES[source]
        with self.source_path(source).open(encoding=encoding, newline="") as csv_file:
            return list(csv.reader(csv_file, delimiter=delimiter))

    def write_rows(self, source: str, rows: list[list[str]]) -> None:
        """Replace the file of sample source ``source`` with ``rows`` (header first), as generate.py writes it."""
        _file_name, encoding, delimiter = SAMPLE_SOURCES[source]
        with self.source_path(source).open("w", encoding=encoding, newline="") as csv_file:
            csv.writer(csv_file, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


def copied_respondents(source: str, rows: list[list[str]], count: int) -> list[list[str]]:
    """Return ``count`` copies of the first data rows of ``rows``, each a new respondent.

    The copies keep the answers and get a new name, phone number, e-mail
    address or form number, so no check takes them for duplicates.
    """
    header = rows[0]
    columns = IDENTITY_COLUMNS[source]
    copies = []
    for number in range(1, count + 1):
        copy = list(rows[number])
        copy[header.index(columns["name"])] = f"Responden Baru {number:02d}"
        copy[header.index(columns["phone"])] = f"0813{9 if source == ONLINE else 8}000{number:04d}"
        if "email" in columns:
            copy[header.index(columns["email"])] = f"responden.baru{number:02d}@example.com"
        if "form_number" in columns:
            copy[header.index(columns["form_number"])] = f"{900 + number:04d}"
        copies.append(copy)
    return copies


def edit_first_answer(row: list[str], first_item_column: int) -> tuple[int, str]:
    """Change the first answered item of ``row`` to another answer of its scale; return the column and new text."""
    column = next(index for index in range(first_item_column, len(row)) if row[index].strip())
    row[column] = OTHER_ANSWER[row[column].strip()]
    return column, row[column]
