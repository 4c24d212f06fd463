"""The response store: one database that accumulates every import of every source.

A SQLite file in the survey folder by default; any SQLAlchemy URL, such as
``postgresql+psycopg://user@host/database``, for a store a team shares. The
schema is created and upgraded by the Alembic migrations in
``survey/migrations`` whenever a store is opened, so a store made by an older
version of the toolkit opens after an upgrade. One store contains one survey: the
region, year and the fingerprint of the pseudonym key are recorded on first
use and checked on every later one, because pseudonyms made with another key
would never match.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from smartcity_impact.errors import SmartCityImpactError
from smartcity_impact.i18n import gettext as _
from survey.config import SurveyConfig
from survey.pseudonyms import KEY_FOLDER, Pseudonymizer
from survey.records import response_from_record
from survey.responses import Response

logger = logging.getLogger(__name__)

STORE_FILE = "store.sqlite"
STORE_FILE_MODE = 0o600
SQLITE_LOCK_SECONDS = 60
# Any fixed number names the advisory lock that serializes imports into a PostgreSQL store.
IMPORT_LOCK_KEY = 6309_2024
USER_PASSWORD = re.compile(r"(//[^/@:]*:)[^/@]*@")
QUERY_PASSWORD = re.compile(r"((?:^|[?&])password=)[^&]*", re.IGNORECASE)
MIGRATIONS = Path(__file__).parent / "migrations"

metadata = sa.MetaData()

store_facts = sa.Table(
    "store_facts", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

import_batches = sa.Table(
    "import_batches", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("tool_version", sa.String(40), nullable=False),
    sa.Column("headers", sa.JSON, nullable=False),
    sa.Column("rows_read", sa.Integer, nullable=False),
    sa.Column("blank_rows", sa.Integer, nullable=False),
    sa.Column("rows_new", sa.Integer, nullable=False),
    sa.Column("rows_changed", sa.Integer, nullable=False),
    sa.Column("rows_unchanged", sa.Integer, nullable=False),
    sa.Column("rows_removed", sa.Integer, nullable=False),
    sa.Column("accepted", sa.Integer),
    sa.Column("rejected", sa.Integer),
    sa.Column("duplicate", sa.Integer),
)

raw_rows = sa.Table(
    "raw_rows", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id"), nullable=False),
    sa.Column("response_id", sa.String(300), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("row_number", sa.Integer, nullable=False),
    sa.Column("cells", sa.JSON, nullable=False),
    sa.Column("personal_values", sa.JSON),
)

responses = sa.Table(
    "responses", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("response_id", sa.String(300), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id"), nullable=False),
    sa.Column("is_current", sa.Boolean, nullable=False),
    sa.Column("removed_batch_id", sa.Integer, sa.ForeignKey("import_batches.id")),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("row_number", sa.Integer, nullable=False),
    sa.Column("row_key", sa.String(300), nullable=False),
    sa.Column("row_hash", sa.String(64), nullable=False),
    sa.Column("mode", sa.String(20), nullable=False),
    sa.Column("enumerator", sa.String(200)),
    sa.Column("form_number", sa.String(100)),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("record", sa.JSON, nullable=False),
)


def problem_table(name: str) -> sa.Table:
    """Return the table of rejects or flags: one row per reason code found in a stored row."""
    return sa.Table(
        name, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id"), nullable=False),
        sa.Column("response_id", sa.String(300), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("column_title", sa.Text),
        sa.Column("value", sa.Text),
    )


rejects = problem_table("rejects")
flags = problem_table("flags")

def decision_table(name: str) -> sa.Table:
    """Return a table of coordinator decisions: one row per decision recorded, the latest one applies.

    ``workbook`` names where the decision came from: a workbook's file name, or
    ``command line``.
    """
    return sa.Table(
        name, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("response_id", sa.String(300), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("initials", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("workbook", sa.String(500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )


duplicate_decisions = decision_table("duplicate_decisions")
review_decisions = decision_table("review_decisions")


class StoreError(SmartCityImpactError):
    """The response store cannot be opened, belongs to another survey or was made by a newer version."""


@dataclass(frozen=True)
class Store:
    """An open response store: its engine and a description of where it is, safe to print."""

    engine: sa.Engine
    location: str

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()


def store_url(config: SurveyConfig, url: str | None = None) -> str:
    """Return the database URL: ``url``, else ``[store] url`` of survey.toml, else the survey folder's SQLite file."""
    if url:
        return url
    if config.store.url:
        return config.store.url
    path = (config.directory / KEY_FOLDER / STORE_FILE).resolve()
    return f"sqlite:///{path.as_posix()}"


def open_store(config: SurveyConfig, pseudonymizer: Pseudonymizer, url: str | None = None) -> Store:
    """Open (creating or upgrading as needed) the store of the survey ``config`` describes.

    Raises:
        StoreError: the URL is invalid, the database cannot be reached, its
            schema is newer than this toolkit, or it contains another survey or
            pseudonyms made with another key.
    """
    target = store_url(config, url)
    engine, location = create_engine(target, config)
    try:
        with engine.begin() as connection:
            refuse_foreign_tables(connection, location)
            migrate(connection, location)
            check_survey(connection, config, pseudonymizer, location)
    except sa.exc.DBAPIError as err:
        engine.dispose()
        raise unreachable(location, err) from err
    except Exception:
        engine.dispose()
        raise
    logger.info(_("response store opened: %s"), location)
    return Store(engine, location)


def create_engine(target: str, config: SurveyConfig) -> tuple[sa.Engine, str]:
    """Return an engine for ``target`` and its printable location (passwords hidden)."""
    try:
        parsed = sa.engine.make_url(target)
    except (sa.exc.ArgumentError, ValueError) as err:
        raise StoreError("store-url-invalid", "The store address '{value}' is not a database URL.",
                         hint="Write it as sqlite:///path/file.sqlite or "
                              "postgresql+psycopg://user@host:5432/database.", value=masked(target)) from err
    location = masked(parsed.render_as_string(hide_password=True))

    if parsed.get_backend_name() == "sqlite" and parsed.database:
        prepare_sqlite_file(Path(parsed.database), location)
    try:
        engine = sa.create_engine(parsed, future=True, **engine_options(parsed))
    except (ImportError, sa.exc.NoSuchModuleError) as err:
        raise StoreError("store-driver-missing", "No database driver for the store address '{value}'.",
                         hint="Use sqlite:/// or postgresql+psycopg://.", value=location) from err
    if parsed.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", configure_sqlite)
        sa.event.listen(engine, "begin", begin_immediately)
    return engine, location


def masked(url: str) -> str:
    """Return ``url`` with its password hidden, also where SQLAlchemy cannot parse it or it is a query parameter."""
    url = USER_PASSWORD.sub(r"\1***@", url)
    return QUERY_PASSWORD.sub(r"\1***", url)


def engine_options(parsed: sa.engine.URL) -> dict:
    """Return the engine options of a backend: SQLite waits for a lock held by another import."""
    if parsed.get_backend_name() == "sqlite":
        return {"connect_args": {"timeout": SQLITE_LOCK_SECONDS}}
    return {}


def prepare_sqlite_file(path: Path, location: str) -> None:
    """Create the SQLite file's folder, and the file readable by its owner only, as the pseudonym key is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=STORE_FILE_MODE)
    except OSError as err:
        raise unreachable(location, err) from err


def configure_sqlite(dbapi_connection, _record) -> None:
    """Make SQLite enforce the store's foreign keys, as PostgreSQL does, and leave transactions to SQLAlchemy.

    Python's sqlite3 module begins a transaction only before a data change,
    so without this a failed migration would keep the tables it created.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def begin_immediately(connection: sa.Connection) -> None:
    """Begin every SQLite transaction with the write lock, so two imports of one file run one after the other."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_for_import(connection: sa.Connection) -> None:
    """Take the store's import lock until the transaction ends (SQLite already holds it from the start)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})


def refuse_foreign_tables(connection: sa.Connection, location: str) -> None:
    """Raise StoreError when the database has tables but is not a response store, so they are left alone."""
    tables = set(sa.inspect(connection).get_table_names())
    if tables and "alembic_version" not in tables:
        raise StoreError("store-foreign-database", "The database {value} has other tables and is not a response "
                         "store.", hint="Give an empty database, or the address of an existing response store.",
                         value=location)


def unreachable(location: str, err: Exception) -> StoreError:
    """Return the error for a store that cannot be opened, without the driver's text (it may hold credentials)."""
    logger.debug("store connection failed: %s", type(err).__name__)
    return StoreError("store-unreachable", "The response store {value} cannot be opened.",
                      hint="Check that the database server runs and accepts this user, or that the folder "
                           "can be written.", value=location)


def migrate(connection: sa.Connection, location: str) -> None:
    """Bring the store's schema to the newest revision; raise StoreError for a revision this toolkit lacks."""
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(MIGRATIONS))
    alembic_config.attributes["connection"] = connection

    scripts = ScriptDirectory.from_config(alembic_config)
    current = MigrationContext.configure(connection).get_current_revision()
    if current is not None and not known(scripts, current):
        raise StoreError("store-too-new", "The response store {value} was made by a newer version of the toolkit "
                         "(schema {revision}).", hint="Upgrade smartcity-impact before using this store.",
                         value=location, revision=current)
    if current != scripts.get_current_head():
        logger.info(_("upgrading the response store from schema %s to %s"), current or "-",
                    scripts.get_current_head())
        command.upgrade(alembic_config, "head")


def known(scripts: ScriptDirectory, revision: str) -> bool:
    """True when ``revision`` is one of the toolkit's migrations."""
    try:
        return scripts.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several types for an unknown revision
        return False


def check_survey(connection: sa.Connection, config: SurveyConfig, pseudonymizer: Pseudonymizer,
                 location: str) -> None:
    """Record the survey and key fingerprint in a new store; refuse a store of another survey or key."""
    expected = {
        "survey": f"{config.region} {config.year}",
        "key_fingerprint": pseudonymizer.pseudonym("store", "fingerprint"),
    }
    found = dict(connection.execute(sa.select(store_facts.c.name, store_facts.c.value)).all())
    if not found:
        connection.execute(sa.insert(store_facts), [{"name": k, "value": v} for k, v in expected.items()])
        connection.execute(sa.insert(store_facts), [{"name": "created_at", "value": now().isoformat()}])
        return

    if found.get("survey") != expected["survey"]:
        raise StoreError("store-other-survey", "The response store {value} contains the survey {stored}, not "
                         "{expected}.", hint="Give each survey its own database.", value=location,
                         stored=found.get("survey"), expected=expected["survey"])
    if found.get("key_fingerprint") != expected["key_fingerprint"]:
        raise StoreError("store-other-key", "The response store {value} was filled with another pseudonym key "
                         "than this survey folder's, so the same respondent would not be recognised.",
                         hint="Copy .smartcity-impact/pseudonym.key from the computer that first filled the "
                              "store into this survey folder.", value=location)


def now() -> dt.datetime:
    """Return the current time in UTC, as the store records times."""
    return dt.datetime.now(dt.timezone.utc)


def current_responses(connection: sa.Connection, sources: list[str]) -> list[tuple[Response, bool]]:
    """Return the current version of every response of ``sources`` with True when its file no longer has it.

    Responses come in the order of ``sources``, then file and row number.
    """
    query = (sa.select(responses.c.source, responses.c.record, responses.c.removed_batch_id)
             .where(responses.c.is_current.is_(True), responses.c.source.in_(sources)))
    rows = [(response_from_record(row.record), row.removed_batch_id is not None)
            for row in connection.execute(query)]
    order = {name: index for index, name in enumerate(sources)}
    return sorted(rows, key=lambda pair: (order[pair[0].source], pair[0].file, pair[0].row, pair[0].response_id))


def latest_batches(connection: sa.Connection) -> dict[str, dict]:
    """Return the newest import batch of each source, by source name."""
    newest = sa.select(sa.func.max(import_batches.c.id)).group_by(import_batches.c.source)
    query = sa.select(import_batches).where(import_batches.c.id.in_(newest))
    return {row["source"]: dict(row) for row in connection.execute(query).mappings()}


def stored_sources(connection: sa.Connection) -> dict[str, int]:
    """Return the number of current responses of every source in the store."""
    query = (sa.select(responses.c.source, sa.func.count()).where(responses.c.is_current.is_(True))
             .group_by(responses.c.source))
    return {source: count for source, count in connection.execute(query)}
