"""Shared fixtures: the bundled instrument, source configurations and the reader fixture files."""

from __future__ import annotations

from pathlib import Path

import pytest

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
