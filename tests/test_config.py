"""Specification of survey.toml loading (survey.config.load_survey_config).

Every invalid case starts from the valid tests/data/config/survey.toml, changes
one line and expects a ConfigError that names the key and, where the key has
a fixed set of values, those values. Messages are checked in English.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers_pipeline import DATA_DIR, SAMPLE_DIR
from smartcity_impact.errors import ConfigError
from survey.config import load_survey_config

BASE_CONFIG = DATA_DIR / "config" / "survey.toml"
SHEET_KEY = "1FormResponsesTabalong2024xYz_-abc"
FORMS_SOURCE = 'path = "google_forms_responses.csv"\nkind = "google_forms"'
SHEET_SOURCE = 'kind = "google_sheet"'
ECONOMY_II = '[sub_dimensions."economy.II"]\nprogramme = "Programme economy.II"\nagency = "Agency economy.II"\n'

# (case id, text replaced, replacement, key named, fragments the English message contains)
INVALID_CASES = [
    ("timezone-unknown", "year = 2024", 'year = 2024\ntimezone = "WITE"', "survey.timezone",
     ["survey.timezone", "'WITE'", "WIB, WITA, WIT"]),
    ("year-two-digits", "year = 2024", "year = 25", "survey.year", ["survey.year", "'25'", "four-digit"]),
    ("year-quoted", "year = 2024", 'year = "2024"', "survey.year", ["survey.year", "'2024'", "whole number"]),
    ("path-escape", 'path = "formulir_kertas.csv"', 'path = "kertas\\formulir_kertas.csv"',
     "sources[2].path", ["sources[2].path", "control character", "single quotes"]),
    ("same-file-twice", 'path = "formulir_kertas.csv"', 'path = "google_forms_responses.csv"', "sources[2].path",
     ["sources[2].path", "sources[1]"]),
    ("missing-region", 'region = "KAB. CONTOH"\n', "", "survey.region", ["survey.region", "missing"]),
    ("category-regular", 'category = "REGULER"', 'category = "REGULAR"', "survey.category",
     ["survey.category", "'REGULAR'", "REGULER, KPPN IKN"]),
    ("design-per-item", 'design = "per-dimension"', 'design = "per-item"', "survey.design",
     ["survey.design", "'per-item'", "per-dimension, per-sub-dimension"]),
    ("unknown-survey-key", 'region = "KAB. CONTOH"', 'regoin = "KAB. CONTOH"', "survey.regoin",
     ["survey.regoin", "did you mean 'region'"]),
    ("unknown-top-level-key", "[[sources]]", "[[source]]", "source", ["'source'", "did you mean 'sources'"]),
    ("missing-sub-dimension", ECONOMY_II, "", "sub_dimensions.economy.II",
     ["sub_dimensions.economy.II", "missing", "programme", "agency"]),
    ("source-kind-invalid", 'kind = "google_forms"', 'kind = "google_form"', "sources[1].kind",
     ["sources[1].kind", "'google_form'", "google_forms, paper_form"]),
    ("quota-zero", "quota = 50", "quota = 0", "survey.quota", ["survey.quota", "at least 1", "'0'"]),
    ("quota-text", "quota = 50", 'quota = "50"', "survey.quota", ["survey.quota", "at least 1"]),
    ("window-not-date", "start = 2024-07-01", 'start = "1 Juli 2024"', "survey.window.start",
     ["survey.window.start", "'1 Juli 2024'", "2024-07-01"]),
    ("window-reversed", "end = 2024-08-31", "end = 2024-06-30", "survey.window",
     ["survey.window", "2024-07-01", "2024-06-30"]),
    ("date-order-invalid", 'date_order = "DMY"', 'date_order = "DD/MM/YYYY"', "sources[2].date_order",
     ["sources[2].date_order", "DMY, MDY, YMD"]),
    ("respondent-key-invalid", 'respondent_keys = ["phone", "email"]', 'respondent_keys = ["name"]',
     "checks.respondent_keys", ["checks.respondent_keys", "'name'", "phone, email, nik"]),
    ("source-names-shared", 'name = "paper-forms"', 'name = "google-forms"', "sources.name",
     ["'google-forms'"]),
    ("design-override-unknown", 'design = "per-dimension"',
     'design = "per-dimension"\n\n[survey.designs]\nekonomi = "per-sub-dimension"', "survey.designs.ekonomi",
     ["survey.designs.ekonomi", "did you mean 'economy'"]),
    ("design-override-invalid", 'design = "per-dimension"',
     'design = "per-dimension"\n\n[survey.designs]\neconomy = "per-item"', "survey.designs.economy",
     ["survey.designs.economy", "per-dimension, per-sub-dimension"]),
    ("sheet-spreadsheet-missing", FORMS_SOURCE, 'kind = "google_sheet"', "sources[1].spreadsheet",
     ["sources[1].spreadsheet", "missing"]),
    ("sheet-spreadsheet-invalid", FORMS_SOURCE, f'{SHEET_SOURCE}\nspreadsheet = "docs.google.com/forms/abc"',
     "sources[1].spreadsheet", ["sources[1].spreadsheet", "'docs.google.com/forms/abc'", "/spreadsheets/d/KEY"]),
    ("sheet-with-path", FORMS_SOURCE, f'{SHEET_SOURCE}\nspreadsheet = "{SHEET_KEY}"\npath = "x.csv"',
     "sources[1].path", ["sources[1].path", "spreadsheet, worksheet, credentials"]),
    ("sheet-worksheet-negative", FORMS_SOURCE, f'{SHEET_SOURCE}\nspreadsheet = "{SHEET_KEY}"\nworksheet = -1',
     "sources[1].worksheet", ["sources[1].worksheet", "gid number"]),
    ("file-with-worksheet", 'kind = "paper_form"', 'kind = "paper_form"\nworksheet = "Sheet1"',
     "sources[2].worksheet", ["sources[2].worksheet", "did you mean 'sheet'"]),
    ("sheet-listed-twice", 'name = "paper-forms"\npath = "formulir_kertas.csv"\nkind = "paper_form"',
     f'name = "paper-forms"\n{SHEET_SOURCE}\nspreadsheet = "{SHEET_KEY}"\n\n[[sources]]\nname = "again"\n'
     f'{SHEET_SOURCE}\nspreadsheet = "https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit"',
     "sources[3].worksheet", ["sources[3].worksheet", "sources[2]"]),
]


def write_config(folder, old: str = "", new: str = ""):
    """Write the base survey.toml into ``folder`` with ``old`` replaced by ``new``; return the folder."""
    text = BASE_CONFIG.read_text(encoding="utf-8")
    assert old in text, f"the base configuration has no {old!r}"
    (folder / "survey.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_config_sample_loads():
    config = load_survey_config(SAMPLE_DIR)

    assert config.region == "KAB. TABALONG"
    assert config.category == "REGULER"
    assert config.quota == 50
    assert [source.name for source in config.sources] == ["google-forms", "paper-forms"]


def test_config_sample_window():
    config = load_survey_config(SAMPLE_DIR)

    assert (config.window_start, config.window_end) == (dt.date(2024, 7, 1), dt.date(2024, 8, 31))


def test_config_sample_source_modes():
    config = load_survey_config(SAMPLE_DIR)

    assert [source.mode for source in config.sources] == ["online", "offline"]


def test_config_sample_programmes_complete():
    config = load_survey_config(SAMPLE_DIR)

    assert len(config.programmes) == 18
    assert config.programmes["society.III"].agency == "BPBD"


def test_config_base_loads(tmp_path):
    config = load_survey_config(write_config(tmp_path))

    assert config.designs == dict.fromkeys(
        ("governance", "branding", "economy", "living", "society", "environment"), "per-dimension")


@pytest.mark.parametrize(("spreadsheet", "worksheet_line", "worksheet"), [
    (SHEET_KEY, "", None),
    (f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit#gid=1234567", "", 1234567),
    (f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit?usp=sharing", 'worksheet = "Rekap"', "Rekap"),
    (f"https://docs.google.com/spreadsheets/d/{SHEET_KEY}/edit#gid=5", "worksheet = 0", 0),
])
def test_config_sheet_source(tmp_path, spreadsheet, worksheet_line, worksheet):
    sheet = f'{SHEET_SOURCE}\nspreadsheet = "{spreadsheet}"\n{worksheet_line}\ncredentials = "kunci/akun.json"'

    source = load_survey_config(write_config(tmp_path, FORMS_SOURCE, sheet)).sources[0]

    assert (source.kind, source.mode, source.path) == ("google_sheet", "online", None)
    assert source.spreadsheet == SHEET_KEY
    assert source.worksheet == worksheet
    assert source.credentials == tmp_path / "kunci" / "akun.json"
    assert source.login_file == tmp_path / ".smartcity-impact" / "google-login.json"


def test_config_sheet_label(tmp_path):
    sheet = f'{SHEET_SOURCE}\nspreadsheet = "{SHEET_KEY}"\nworksheet = "Tanggapan Formulir 1"'

    source = load_survey_config(write_config(tmp_path, FORMS_SOURCE, sheet)).sources[0]

    assert source.label == "Google Sheet Tanggapan Formulir 1"


def test_config_source_path_relative_to_folder(tmp_path):
    config = load_survey_config(write_config(tmp_path))

    assert config.sources[0].path == tmp_path / "google_forms_responses.csv"


@pytest.mark.parametrize(("old", "new", "key", "fragments"), [case[1:] for case in INVALID_CASES],
                         ids=[case[0] for case in INVALID_CASES])
def test_config_invalid_key_raises(tmp_path, old, new, key, fragments, english):
    folder = write_config(tmp_path, old, new)

    with pytest.raises(ConfigError) as raised:
        load_survey_config(folder)

    assert raised.value.code == "config-invalid"
    assert raised.value.params["key"] == key
    for fragment in fragments:
        assert fragment in str(raised.value)


def test_config_error_names_file(tmp_path, english):
    folder = write_config(tmp_path, 'category = "REGULER"', 'category = "REGULAR"')

    with pytest.raises(ConfigError) as raised:
        load_survey_config(folder)

    assert str(folder / "survey.toml") in str(raised.value)


def test_config_invalid_toml_raises(tmp_path, english):
    folder = write_config(tmp_path, 'region = "KAB. CONTOH"', 'region = "KAB. CONTOH')

    with pytest.raises(ConfigError) as raised:
        load_survey_config(folder)

    assert raised.value.code == "config-invalid-toml"
    assert "line 3" in str(raised.value)


def test_config_missing_folder_raises(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load_survey_config(tmp_path / "tidak-ada")

    assert raised.value.code == "survey-dir-not-found"


def test_config_missing_file_raises(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load_survey_config(tmp_path)

    assert raised.value.code == "config-not-found"


def test_config_missing_file_hint_names_sample(tmp_path, english):
    with pytest.raises(ConfigError) as raised:
        load_survey_config(tmp_path)

    assert "survey.toml" in str(raised.value)
    assert "sample_responses" in str(raised.value)


def test_config_design_override_per_dimension(tmp_path):
    folder = write_config(tmp_path, 'design = "per-dimension"',
                          'design = "per-dimension"\n\n[survey.designs]\neconomy = "per-sub-dimension"')

    config = load_survey_config(folder)

    assert config.design_of("economy") == "per-sub-dimension"
    assert config.design_of("governance") == "per-dimension"


def test_config_default_design_per_sub_dimension(tmp_path):
    folder = write_config(tmp_path, 'design = "per-dimension"', 'design = "per-sub-dimension"')

    config = load_survey_config(folder)

    assert set(config.designs.values()) == {"per-sub-dimension"}


def test_config_quota_defaults_to_fifty(tmp_path):
    folder = write_config(tmp_path, "quota = 50\n", "")

    assert load_survey_config(folder).quota == 50


def test_config_window_optional(tmp_path):
    folder = write_config(tmp_path, "[survey.window]\nstart = 2024-07-01\nend = 2024-08-31\n", "")

    config = load_survey_config(folder)

    assert (config.window_start, config.window_end) == (None, None)


def test_config_tab_delimiter_accepted(tmp_path):
    folder = write_config(tmp_path, 'date_order = "DMY"', 'date_order = "DMY"\ndelimiter = "\\\\t"')

    assert load_survey_config(folder).sources[1].delimiter == "\t"


def test_config_sample_copy_loads(tmp_path):
    """The sample's survey.toml has no absolute path: a copy elsewhere loads the same way."""
    shutil.copyfile(SAMPLE_DIR / "survey.toml", tmp_path / "survey.toml")

    config = load_survey_config(tmp_path)

    assert config.sources[1].path == tmp_path / "formulir_kertas.csv"


def test_config_file_given_as_folder_raises(tmp_path):
    folder = write_config(tmp_path)

    with pytest.raises(ConfigError) as raised:
        load_survey_config(folder / "survey.toml")

    assert raised.value.code == "survey-dir-is-file"


def test_config_item_code_column_override(tmp_path):
    folder = write_config(tmp_path, 'kind = "google_forms"', 'kind = "google_forms"\ncolumns = { Q59 = "Wisata?" }')

    config = load_survey_config(folder)

    assert config.sources[0].columns == {"Q59": "Wisata?"}


def test_config_timezone_reaches_sources(tmp_path):
    config = load_survey_config(write_config(tmp_path, "year = 2024", 'year = 2024\ntimezone = "WITA"'))

    assert [source.time_zone for source in config.sources] == ["WITA", "WITA"]


def test_config_timezone_default_wib(tmp_path):
    config = load_survey_config(write_config(tmp_path))

    assert config.sources[0].time_zone == "WIB"
