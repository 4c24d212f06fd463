"""Shared fixtures: the bundled instrument, source configurations, the reader fixture files and store URLs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers_pipeline import copy_sample
from helpers_store import BACKENDS, SurveyCopy, fresh_postgres_database, postgres_server_url, sqlite_url
from smartcity_impact.i18n import active_language, set_language
from survey.columns import match_columns
from survey.config import SourceConfig
from survey.instrument import load_instrument
from survey.normalization import normalize_table
from survey.readers import read_source

READER_DATA = Path(__file__).parent / "data" / "readers"


@pytest.fixture
def english():
    """Render messages in English during the test, then restore the language that was active."""
    previous = active_language()
    set_language("en")
    yield
    set_language(previous)


@pytest.fixture(scope="session")
def instrument():
    """The bundled 2024 Impact instrument."""
    return load_instrument()


@pytest.fixture
def reader_data() -> Path:
    """The folder of reader fixture files written by ``tests/data/readers/make_fixtures.py``."""
    return READER_DATA


@pytest.fixture
def make_source():
    """Return a factory of SourceConfig: a file name is taken from the reader fixtures, a path as given."""

    def build(path: str | Path, kind: str = "google_forms", **settings) -> SourceConfig:
        path = Path(path)
        if not path.is_absolute():
            path = READER_DATA / path
        mode = "online" if kind == "google_forms" else "offline"
        settings.setdefault("name", path.stem)
        settings.setdefault("mode", mode)
        return SourceConfig(path=path, kind=kind, **settings)

    return build


@pytest.fixture
def read_responses(instrument):
    """Return a function that reads, matches and normalizes one source into its Responses."""

    def read(source: SourceConfig):
        table = read_source(source)
        column_map = match_columns(table, instrument, source.columns)
        return normalize_table(table, column_map, source, instrument)

    return read


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> Iterator[str]:
    """URL of a new, empty response store: a SQLite file in tmp_path, or a new database on the test PostgreSQL server.

    The PostgreSQL case is skipped when SMARTCITY_IMPACT_TEST_POSTGRES is not set, and fails when CI is set too.
    """
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "store.sqlite")
        return
    with fresh_postgres_database(postgres_server_url()) as url:
        yield url


@pytest.fixture
def sample_survey(tmp_path, store_url) -> SurveyCopy:
    """A copy of the sample survey in tmp_path with an empty store on each backend."""
    return SurveyCopy(copy_sample(tmp_path / "survey"), store_url)
