"""The survey configuration, ``survey.toml`` in the survey folder.

It names the region, year, evaluation category, instrument, sampling design,
survey window, the sources to read and, for each sub-dimension, the programme
whose users were surveyed and the responsible agency (OPD). Every key is
checked on load; a missing or invalid key raises ConfigError naming the key
and the allowed values.
"""

from __future__ import annotations

import datetime as dt
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from smartcity_impact.errors import ConfigError
from smartcity_impact.i18n import gettext as _
from survey.config_keys import check_known_keys, config_error, require, require_choice
from survey.instrument import Instrument, load_instrument
from survey.source_config import MODES, SourceConfig, read_second_entries, read_sources

# MODES and SourceConfig are imported from here by the rest of the toolkit.
__all__ = ["MODES", "SourceConfig", "StoreSettings", "Programme", "SurveyConfig", "load_survey_config"]

logger = logging.getLogger(__name__)

CONFIG_FILE_NAME = "survey.toml"
CATEGORIES = ("REGULER", "KPPN IKN")
DESIGNS = ("per-dimension", "per-sub-dimension")
TIME_ZONES = ("WIB", "WITA", "WIT")
DEFAULT_QUOTA = 50
MIN_YEAR, MAX_YEAR = 2000, 2100
# "person" is the name, birth date and sub-district together.
RESPONDENT_KEYS = ("phone", "email", "nik", "person")
DEFAULT_RESPONDENT_KEYS = ("phone", "email")

# [evaluation] contains the other dimension scores of the evaluation, read by smartcity_impact.evaluate.
TOP_LEVEL_KEYS = ("survey", "sources", "sub_dimensions", "checks", "store", "evaluation")
STORE_KEYS = ("url", "keep_personal_data")
SURVEY_KEYS = ("region", "region_code", "year", "category", "instrument", "quota", "design", "designs", "window",
               "timezone")
SUB_DIMENSION_KEYS = ("programme", "agency")
# Thresholds of the quality checks: key -> (default, smallest allowed, largest allowed).
CHECK_THRESHOLDS: dict[str, tuple[float, float, float]] = {
    "minimum_age": (17, 0, 120),
    "burst_count": (5, 2, 1000),
    "burst_minutes": (2, 0.1, 1440),
    "night_start_hour": (0, 0, 23),
    "night_end_hour": (5, 0, 24),
    "dont_know_share": (0.3, 0, 1),
    "identical_answers_minimum": (2, 2, 1000),
    "enumerator_identical_minimum": (3, 2, 1000),
    "near_zero_variance_share": (0.95, 0.5, 1),
    "near_zero_variance_minimum": (10, 2, 100000),
}
CHECK_KEYS = ("respondent_keys", *CHECK_THRESHOLDS)


@dataclass(frozen=True)
class StoreSettings:
    """Where the response store is and what it keeps.

    ``url`` is an SQLAlchemy database URL (None: the SQLite file in the survey
    folder). With ``keep_personal_data`` the raw personal values of each row
    are stored besides their pseudonyms; by default they are not.
    """

    url: str | None = None
    keep_personal_data: bool = False


@dataclass(frozen=True)
class Programme:
    """The programme or service whose users rated a sub-dimension, and its agency (OPD)."""

    programme: str
    agency: str


@dataclass(frozen=True)
class SurveyConfig:
    """A loaded and checked ``survey.toml``."""

    directory: Path
    region: str
    region_code: str
    year: int
    category: str
    instrument: Instrument
    quota: int
    designs: dict[str, str]
    window_start: dt.date | None
    window_end: dt.date | None
    sources: tuple[SourceConfig, ...]
    programmes: dict[str, Programme]
    respondent_keys: tuple[str, ...]
    thresholds: dict[str, float] = field(default_factory=lambda: {k: v[0] for k, v in CHECK_THRESHOLDS.items()})
    store: StoreSettings = field(default_factory=lambda: StoreSettings())
    # Source name -> file of its second keying (``second_entry``), for the double data entry comparison.
    second_entries: dict[str, Path] = field(default_factory=dict)

    def design_of(self, dimension: str) -> str:
        """Return the sampling design of ``dimension``: per-dimension or per-sub-dimension."""
        return self.designs[dimension]


def load_survey_config(directory: str | Path) -> SurveyConfig:
    """Load ``survey.toml`` from the survey folder ``directory`` and check every key.

    Raises:
        ConfigError: the folder or file is missing, the TOML is invalid, or a key
            is missing, unknown or has a value outside the allowed ones.
        InstrumentError: the instrument named in the file cannot be loaded.
    """
    directory = Path(directory)
    path = directory / CONFIG_FILE_NAME
    if directory.is_file():
        raise ConfigError("survey-dir-is-file", "'{value}' is a file, not a survey folder.",
                          hint="Give the folder that contains survey.toml.", value=str(directory))
    if not directory.is_dir():
        raise ConfigError("survey-dir-not-found", "Survey folder '{value}' not found.",
                          hint="Check the folder name.", value=str(directory))
    if not path.exists():
        raise ConfigError("config-not-found", "Survey folder '{value}' has no survey.toml.",
                          hint="Copy survey.toml from sample_responses/ and edit it.", value=str(directory))
    try:
        with path.open("rb") as config_file:
            data = tomllib.load(config_file)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError("config-invalid-toml", "The file is not valid TOML: {reason}.",
                          hint="Fix the line named above. Write Windows paths with / or in single quotes, "
                               "such as path = 'D:\\Survei\\formulir.csv'.", file=path, reason=str(err)) from err

    check_known_keys(data, TOP_LEVEL_KEYS, "", path)
    survey = require(data, "survey", "", path, dict)
    check_known_keys(survey, SURVEY_KEYS, "survey.", path)

    instrument = load_instrument(str(survey.get("instrument", "impact-2024")), directory)
    window_start, window_end = read_window(survey, "start", path), read_window(survey, "end", path)
    if window_start and window_end and window_start > window_end:
        raise config_error("survey.window", "Key '{key}' has a start {start} after its end {end}.", path,
                           start=window_start.isoformat(), end=window_end.isoformat())

    config = SurveyConfig(
        directory=directory,
        region=require(survey, "region", "survey.", path),
        region_code=str(require(survey, "region_code", "survey.", path, (str, int))),
        year=read_year(survey, path),
        category=require_choice(require(survey, "category", "survey.", path), CATEGORIES, "survey.category", path),
        instrument=instrument,
        quota=read_quota(survey, path),
        designs=read_designs(survey, instrument, path),
        window_start=window_start,
        window_end=window_end,
        sources=read_sources(data, directory, path, tuple(item.code for item in instrument.items),
                             read_time_zone(survey, path)),
        programmes=read_programmes(data, instrument, path),
        respondent_keys=read_respondent_keys(data, path),
        thresholds=read_thresholds(data, path),
        store=read_store_settings(data, path),
        second_entries=read_second_entries(data, directory, path),
    )
    if instrument.year != config.year:
        logger.warning(_("%s: the survey year is %s but the instrument %s is of %s; check survey.instrument"), path,
                       config.year, instrument.id, instrument.year)
    logger.info(_("survey configuration read from %s: %s %s, %d sources"), path, config.region, config.year,
                len(config.sources))
    return config


def read_year(survey: dict, path: Path) -> int:
    """Return the evaluation year, a four-digit year such as 2024."""
    year = require(survey, "year", "survey.", path, int)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise config_error("survey.year", "Key '{key}' must be a four-digit year such as 2024, not '{value}'.", path,
                           value=year)
    return year


def read_quota(survey: dict, path: Path) -> int:
    """Return the quota per cell: ``survey.quota``, or 50 when it is not set."""
    quota = survey.get("quota", DEFAULT_QUOTA)
    if not isinstance(quota, int) or isinstance(quota, bool) or quota < 1:
        raise config_error("survey.quota", "Key '{key}' must be a whole number of at least 1, not '{value}'.",
                           path, value=quota)
    return quota


def read_designs(survey: dict, instrument: Instrument, path: Path) -> dict[str, str]:
    """Return the sampling design of every dimension: the default, overridden per dimension."""
    default = require_choice(survey.get("design", "per-dimension"), DESIGNS, "survey.design", path)
    overrides = survey.get("designs", {})
    if not isinstance(overrides, dict):
        raise config_error("survey.designs", "Key '{key}' must be a table of dimension = design.", path)

    codes = tuple(dimension.code for dimension in instrument.dimensions)
    check_known_keys(overrides, codes, "survey.designs.", path)
    designs = {code: default for code in codes}
    for code, design in overrides.items():
        designs[code] = require_choice(design, DESIGNS, f"survey.designs.{code}", path)
    return designs


def read_window(survey: dict, bound: str, path: Path) -> dt.date | None:
    """Return the start or end date of the survey window, or None when not set."""
    window = survey.get("window", {})
    if not isinstance(window, dict):
        raise config_error("survey.window", "Key '{key}' must be a table with start and end dates.", path)
    check_known_keys(window, ("start", "end"), "survey.window.", path)
    value = window.get(bound)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, dt.date):
        raise config_error(f"survey.window.{bound}", "Key '{key}' must be a date such as 2024-07-01, not '{value}'.",
                           path, value=value)
    return value


def read_time_zone(survey: dict, path: Path) -> str:
    """Return the survey's time zone (WIB, WITA or WIT), in which times written without a zone are read."""
    return require_choice(survey.get("timezone", "WIB"), TIME_ZONES, "survey.timezone", path)


def read_programmes(data: dict, instrument: Instrument, path: Path) -> dict[str, Programme]:
    """Return the programme and agency of every sub-dimension; each one is required."""
    table = data.get("sub_dimensions", {})
    if not isinstance(table, dict):
        raise config_error("sub_dimensions", "Key '{key}' must be a table per sub-dimension.", path)
    codes = tuple(sub.code for sub in instrument.sub_dimensions)
    check_known_keys(table, codes, "sub_dimensions.", path)

    programmes = {}
    for code in codes:
        if code not in table:
            raise config_error(f"sub_dimensions.{code}",
                               "Key '{key}' is missing: name the programme surveyed and its agency (OPD).", path)
        entry = table[code]
        prefix = f"sub_dimensions.{code}."
        check_known_keys(entry, SUB_DIMENSION_KEYS, prefix, path)
        programmes[code] = Programme(require(entry, "programme", prefix, path), require(entry, "agency", prefix, path))
    return programmes


def read_respondent_keys(data: dict, path: Path) -> tuple[str, ...]:
    """Return the personal fields that identify the same respondent across submissions."""
    checks = data.get("checks", {})
    check_known_keys(checks, CHECK_KEYS, "checks.", path)
    keys = checks.get("respondent_keys", list(DEFAULT_RESPONDENT_KEYS))
    if not isinstance(keys, list) or not keys:
        raise config_error("checks.respondent_keys", "Key '{key}' must list one or more of: {allowed}.", path,
                           allowed=", ".join(RESPONDENT_KEYS))
    for key in keys:
        require_choice(key, RESPONDENT_KEYS, "checks.respondent_keys", path)
    return tuple(keys)


def read_store_settings(data: dict, path: Path) -> StoreSettings:
    """Return the ``[store]`` settings: the database URL and whether raw personal values are kept."""
    store = data.get("store", {})
    if not isinstance(store, dict):
        raise config_error("store", "Key '{key}' must be a table such as [store].", path)
    check_known_keys(store, STORE_KEYS, "store.", path)
    url = store.get("url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise config_error("store.url", "Key '{key}' must be a database URL such as "
                           "'postgresql+psycopg://user@host/database'.", path)
    keep = store.get("keep_personal_data", False)
    if not isinstance(keep, bool):
        raise config_error("store.keep_personal_data", "Key '{key}' must be true or false.", path)
    return StoreSettings(url.strip() if url else None, keep)


def read_thresholds(data: dict, path: Path) -> dict[str, float]:
    """Return the thresholds of the quality checks from ``[checks]``, each default where not given."""
    checks = data.get("checks", {})
    thresholds = {}
    for key, (default, lowest, highest) in CHECK_THRESHOLDS.items():
        value = checks.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lowest <= value <= highest:
            raise config_error(f"checks.{key}", "Key '{key}' must be a number from {lowest} to {highest}.", path,
                               lowest=lowest, highest=highest)
        thresholds[key] = value
    return thresholds
