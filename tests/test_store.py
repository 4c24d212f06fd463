"""Specification of survey.store: creating, upgrading and opening the response store, and the stores it rejects.

Tests that take ``store_url`` run on SQLite and on PostgreSQL (see
tests/helpers_store.py), each on an empty database and its own copy of the
sample survey in tmp_path.
"""

from __future__ import annotations

import json
import logging
import os
import stat

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from helpers_pipeline import SAMPLE_PERSONAL_COLUMNS, copy_sample, sample_personal_values, sample_records
from helpers_store import SAMPLE_SOURCES, SurveyCopy, closed_port, query, sqlite_url, table_dump
from survey.ingest import ingest_sources
from survey.pseudonyms import KEY_FOLDER, Pseudonymizer
from survey.config import load_survey_config
from survey.store import (MIGRATIONS, STORE_FILE, Store, StoreError, check_survey, create_engine, open_store,
                          store_url)

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="file permission bits are POSIX")
SAMPLE_SURVEY_NAME = "KAB. TABALONG 2024"
PASSWORD = "Rahasia-Sekali-42"
# A schema revision that no version of the toolkit has made.
FUTURE_REVISION = "9999_from_a_newer_toolkit"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Return the Alembic configuration that ``open_store`` uses, on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest schema revision of the toolkit's migrations."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def stored_revision(url: str) -> str:
    """Return the schema revision recorded in the store at ``url``."""
    return query(url, "SELECT version_num FROM alembic_version")[0][0]


def store_facts(url: str) -> dict[str, str]:
    """Return the store facts (survey, key fingerprint, creation time) of the store at ``url``."""
    return dict(query(url, "SELECT name, value FROM store_facts"))


def build_store_at(survey: SurveyCopy, revision: str) -> None:
    """Create the store of ``survey`` at schema ``revision`` and import the sample into it.

    The import runs through this toolkit's ingest, which writes only tables
    that revision 0001 already had.
    """
    config, pseudonymizer = survey.config, survey.pseudonymizer
    engine, location = create_engine(survey.url, config)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
            check_survey(connection, config, pseudonymizer, location)
        _imports, failures = ingest_sources(Store(engine, location), config, pseudonymizer)
    finally:
        engine.dispose()
    assert failures == []


def source_personal_values() -> set[str]:
    """Return every name, NIK, phone number and e-mail address typed in the two sample sources that are imported."""
    values = set()
    for file_name, _encoding, _delimiter in SAMPLE_SOURCES.values():
        for record in sample_records(file_name):
            values.update(record[column].strip() for column in SAMPLE_PERSONAL_COLUMNS[file_name]
                          if record[column].strip())
    return values


def edit_survey_toml(survey: SurveyCopy, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the survey.toml of ``survey``."""
    path = survey.directory / "survey.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def open_and_close(survey: SurveyCopy) -> None:
    """Open the store of ``survey`` (creating or upgrading it) and close it again."""
    survey.open().close()


# Creating and upgrading the schema.

def test_open_store_creates_schema_at_head(sample_survey):
    open_and_close(sample_survey)

    assert stored_revision(sample_survey.url) == head_revision()


def test_open_store_records_survey_and_key(sample_survey):
    open_and_close(sample_survey)

    facts = store_facts(sample_survey.url)
    assert sorted(facts) == ["created_at", "key_fingerprint", "survey"]
    assert facts["survey"] == SAMPLE_SURVEY_NAME


def test_open_store_reopens_same_survey(sample_survey):
    open_and_close(sample_survey)
    before = table_dump(sample_survey.url)

    open_and_close(sample_survey)

    assert table_dump(sample_survey.url) == before


def test_open_store_upgrades_0001_with_data(sample_survey):
    build_store_at(sample_survey, "0001")
    before = table_dump(sample_survey.url)

    open_and_close(sample_survey)

    after = table_dump(sample_survey.url)
    tables_of_0001 = [name for name in before if name != "alembic_version"]
    added_tables = {name: rows for name, rows in after.items() if name not in before}
    assert stored_revision(sample_survey.url) == head_revision()
    assert {name: after[name] for name in tables_of_0001} == {name: before[name] for name in tables_of_0001}
    assert "duplicate_decisions" in added_tables
    assert [name for name, rows in added_tables.items() if rows] == []
    assert len(before["responses"]) == 316


def test_open_store_upgraded_0001_skips_same_files(sample_survey):
    """A store made by the first schema still recognises the files it imported."""
    build_store_at(sample_survey, "0001")

    imports, failures = sample_survey.ingest()

    assert failures == []
    assert [file_import.skipped for file_import in imports] == [True, True]


def test_open_store_rejects_newer_schema(sample_survey):
    open_and_close(sample_survey)
    engine = sa.create_engine(sample_survey.url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = :revision"),
                           {"revision": FUTURE_REVISION})
    engine.dispose()

    with pytest.raises(StoreError) as caught:
        open_and_close(sample_survey)

    assert caught.value.code == "store-too-new"
    assert stored_revision(sample_survey.url) == FUTURE_REVISION


def create_unrelated_table(url: str) -> None:
    """Create a table named like one of the store's, with a row of another application's data, at ``url``."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE responses (id INTEGER PRIMARY KEY, answer TEXT)"))
        connection.execute(sa.text("INSERT INTO responses VALUES (1, 'not a survey response')"))
    engine.dispose()


def test_open_store_rejects_unrelated_tables(sample_survey):
    """A database that already has a table named like one of the store's is not a store."""
    create_unrelated_table(sample_survey.url)

    with pytest.raises(StoreError) as caught:
        open_and_close(sample_survey)

    assert caught.value.code == "store-foreign-database"


def test_open_store_leaves_unrelated_tables_alone(sample_survey):
    """Opening a database that is not a store changes nothing in it."""
    create_unrelated_table(sample_survey.url)

    with pytest.raises(StoreError):
        open_and_close(sample_survey)

    assert sorted(table_dump(sample_survey.url)) == ["responses"]
    assert query(sample_survey.url, "SELECT id, answer FROM responses") == [(1, "not a survey response")]


# One store, one survey, one pseudonym key.

@pytest.mark.parametrize(("old", "new"), [
    ('region = "KAB. TABALONG"', 'region = "KAB. BALANGAN"'),
    ("year = 2024", "year = 2025"),
])
def test_open_store_rejects_other_survey(sample_survey, old, new):
    open_and_close(sample_survey)
    edit_survey_toml(sample_survey, old, new)

    with pytest.raises(StoreError) as caught:
        open_and_close(sample_survey)

    assert caught.value.code == "store-other-survey"


def test_open_store_rejects_other_key(sample_survey):
    open_and_close(sample_survey)
    other_key = Pseudonymizer(bytes(range(32)))

    with pytest.raises(StoreError) as caught:
        open_store(sample_survey.config, other_key, sample_survey.url)

    assert caught.value.code == "store-other-key"


# Addresses that cannot be used.

def bad_store_urls(tmp_path) -> dict[str, str]:
    """Return store URLs that cannot be opened, by case name; the password is PASSWORD where there is one."""
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file, not a folder", encoding="utf-8")
    port = closed_port()
    return {
        "plain-text": "not a database address",
        "missing-colon": f"postgresql+psycopg//smartcity:{PASSWORD}@127.0.0.1/smartcity",
        "port-not-number": f"postgresql+psycopg://smartcity:{PASSWORD}@127.0.0.1:port/smartcity",
        "unknown-driver": f"postgresql+nodriver://smartcity:{PASSWORD}@127.0.0.1/smartcity",
        "closed-port": f"postgresql+psycopg://smartcity:{PASSWORD}@127.0.0.1:{port}/smartcity",
        "password-in-query": f"postgresql+psycopg:///smartcity?host=127.0.0.1&port={port}&user=smartcity"
                             f"&password={PASSWORD}",
        "sqlite-under-file": sqlite_url(not_a_folder / STORE_FILE),
    }


@pytest.mark.parametrize(("case", "code"), [
    ("plain-text", "store-url-invalid"),
    ("missing-colon", "store-url-invalid"),
    ("port-not-number", "store-url-invalid"),
    ("unknown-driver", "store-driver-missing"),
    ("closed-port", "store-unreachable"),
    ("password-in-query", "store-unreachable"),
    ("sqlite-under-file", "store-unreachable"),
])
def test_open_store_bad_url_code(tmp_path, case, code):
    survey = SurveyCopy(copy_sample(tmp_path / "survey"), bad_store_urls(tmp_path)[case])

    with pytest.raises(StoreError) as caught:
        open_and_close(survey)

    assert caught.value.code == code


@pytest.mark.parametrize("case", [
    "missing-colon",
    "port-not-number",
    "unknown-driver",
    "closed-port",
    "password-in-query",
])
def test_open_store_bad_url_hides_password(tmp_path, caplog, case):
    survey = SurveyCopy(copy_sample(tmp_path / "survey"), bad_store_urls(tmp_path)[case])
    caplog.set_level(logging.DEBUG)

    with pytest.raises(StoreError) as caught:
        open_and_close(survey)

    assert PASSWORD not in str(caught.value)
    assert PASSWORD not in caplog.text


# Where the store is.

@pytest.mark.parametrize(("argument", "configured", "expected"), [
    ("sqlite:///given.sqlite", "sqlite:///configured.sqlite", "sqlite:///given.sqlite"),
    (None, "sqlite:///configured.sqlite", "sqlite:///configured.sqlite"),
    (None, None, "default"),
])
def test_store_url_precedence(tmp_path, argument, configured, expected):
    survey = copy_sample(tmp_path / "survey")
    if configured:
        with (survey / "survey.toml").open("a", encoding="utf-8") as toml_file:
            toml_file.write(f'\n[store]\nurl = "{configured}"\n')
    config = load_survey_config(survey)
    default = sqlite_url((survey / KEY_FOLDER / STORE_FILE).resolve())

    assert store_url(config, argument) == (default if expected == "default" else expected)


@POSIX_ONLY
@pytest.mark.parametrize("location", ["survey-folder", "given-path"])
def test_sqlite_store_file_owner_only(tmp_path, location):
    survey_dir = copy_sample(tmp_path / "survey")
    path = (survey_dir / KEY_FOLDER / STORE_FILE if location == "survey-folder"
            else tmp_path / "stores" / "tabalong.sqlite")
    survey = SurveyCopy(survey_dir, sqlite_url(path) if location == "given-path" else None)

    open_and_close(survey)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# Personal data.

def test_store_withholds_personal_values(sample_survey):
    sample_survey.collect()

    text = json.dumps(table_dump(sample_survey.url), ensure_ascii=False, default=str)

    assert sorted(value for value in sample_personal_values() if value in text) == []


def test_sqlite_store_file_withholds_personal_values(tmp_path):
    path = tmp_path / "store.sqlite"
    survey = SurveyCopy(copy_sample(tmp_path / "survey"), sqlite_url(path))
    survey.collect()

    content = path.read_bytes()

    leaked = [value for value in sample_personal_values()
              if value.encode("utf-8") in content or json.dumps(value)[1:-1].encode("ascii") in content]
    assert sorted(leaked) == []


def test_store_keeps_personal_values_when_asked(sample_survey):
    with (sample_survey.directory / "survey.toml").open("a", encoding="utf-8") as toml_file:
        toml_file.write("\n[store]\nkeep_personal_data = true\n")
    sample_survey.collect()

    rows = query(sample_survey.url, "SELECT personal_values FROM raw_rows")

    stored_values = {value for (personal,) in rows
                     for value in ((json.loads(personal) if isinstance(personal, str) else personal) or {}).values()}
    assert stored_values == source_personal_values()


def test_store_keeps_personal_values_in_raw_rows_only(sample_survey):
    with (sample_survey.directory / "survey.toml").open("a", encoding="utf-8") as toml_file:
        toml_file.write("\n[store]\nkeep_personal_data = true\n")
    sample_survey.collect()

    dump = table_dump(sample_survey.url)
    for row in dump["raw_rows"]:
        row.pop("personal_values")
    text = json.dumps(dump, ensure_ascii=False, default=str)

    assert sorted(value for value in sample_personal_values() if value in text) == []
