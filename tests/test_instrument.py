"""Specification of the survey instrument (survey.instrument).

The bundled 2024 instrument must match, item by item, the evaluation form's
list in tests/data/impact_questions_2024.tsv. Broken instrument files under
tests/data/instruments/ (written by make_instruments.py there) must raise
InstrumentError with a stable code.
"""

from __future__ import annotations

import csv
import filecmp
import shutil

import pytest

from helpers_pipeline import DATA_DIR, SAMPLE_DIR, load_script
from smartcity_impact.errors import InstrumentError
from survey.config import load_survey_config
from survey.instrument import load_instrument

INSTRUMENTS_DIR = DATA_DIR / "instruments"
QUESTIONS_TSV = DATA_DIR / "impact_questions_2024.tsv"


def read_questions() -> list[dict[str, str]]:
    """Return the rows of the 2024 question list."""
    with QUESTIONS_TSV.open(encoding="utf-8", newline="") as tsv_file:
        return list(csv.DictReader(tsv_file, delimiter="\t"))


QUESTIONS = read_questions()


@pytest.fixture(scope="module")
def bundled():
    return load_instrument("impact-2024")


def test_instrument_fixtures_match_generator(tmp_path):
    generator = load_script(INSTRUMENTS_DIR / "make_instruments.py")

    for path in generator.write_instruments(tmp_path):
        committed = INSTRUMENTS_DIR / path.name
        assert filecmp.cmp(path, committed, shallow=False), f"{committed} is stale: run make_instruments.py"


def test_instrument_bundled_has_54_items(bundled):
    assert len(bundled.items) == 54


def test_instrument_bundled_numbers_50_to_103(bundled):
    assert [item.number for item in bundled.items] == list(range(50, 104))


def test_instrument_bundled_codes(bundled):
    assert [item.code for item in bundled.items] == [f"Q{number}" for number in range(50, 104)]


def test_instrument_bundled_six_dimensions(bundled):
    assert [dimension.code for dimension in bundled.dimensions] == [
        "governance", "branding", "economy", "living", "society", "environment"]


@pytest.mark.parametrize("dimension_index", range(6))
def test_instrument_bundled_three_by_three(bundled, dimension_index):
    dimension = bundled.dimensions[dimension_index]

    assert [sub.numeral for sub in dimension.sub_dimensions] == ["I", "II", "III"]
    assert [len(sub.items) for sub in dimension.sub_dimensions] == [3, 3, 3]


def test_instrument_bundled_scale(bundled):
    assert (bundled.scale.minimum, bundled.scale.maximum) == (1, 4)
    assert "Tidak tahu" in bundled.scale.missing_labels


def test_instrument_question_list_complete():
    assert [int(row["number"]) for row in QUESTIONS] == list(range(50, 104))


@pytest.mark.parametrize("row", QUESTIONS, ids=[f"Q{row['number']}" for row in QUESTIONS])
def test_instrument_matches_question_list(bundled, row):
    """The TSV writes the sub-dimension as 'II. Sub Dimensi: <name>'."""
    item = bundled.items_by_number[int(row["number"])]
    dimension = bundled.dimension(item.dimension)
    sub = bundled.sub_dimension(item.sub_dimension)
    numeral, name = row["sub_dimension"].split(". Sub Dimensi: ", 1)

    assert dimension.name == row["dimension"]
    assert sub.numeral == numeral
    assert sub.name == name
    assert item.question == row["question_text"]
    assert item.statement == row["item_statement"]


@pytest.mark.parametrize(("file_name", "code", "fragment"), [
    ("wrong_item_count.toml", "instrument-structure", "economy.II"),
    ("duplicate_numbers.toml", "instrument-structure", "not unique"),
    ("gap_in_numbers.toml", "instrument-structure", "from 1 to 54"),
    ("five_dimensions.toml", "instrument-structure", "5 dimensions"),
    ("invalid_toml.toml", "instrument-invalid", "line 4"),
    ("missing_scale.toml", "instrument-invalid", "'scale'"),
    ("windows_1252.toml", "instrument-invalid", "utf-8"),
])
def test_instrument_broken_file_raises(english, file_name, code, fragment):
    with pytest.raises(InstrumentError) as raised:
        load_instrument(str(INSTRUMENTS_DIR / file_name))

    assert raised.value.code == code
    assert fragment in str(raised.value)
    assert file_name in str(raised.value)


def test_instrument_unknown_name_raises():
    with pytest.raises(InstrumentError) as raised:
        load_instrument("impact-1999")

    assert raised.value.code == "instrument-not-found"


def test_instrument_other_file_loads_by_path():
    instrument = load_instrument(str(INSTRUMENTS_DIR / "impact-test-2025.toml"))

    assert instrument.id == "impact-test-2025"
    assert [item.number for item in instrument.items] == list(range(1, 55))
    assert (instrument.scale.minimum, instrument.scale.maximum) == (1, 5)


def test_instrument_other_file_from_survey_toml(tmp_path):
    """A survey.toml names the instrument file relative to its folder; the sample's sub-dimension codes still fit."""
    shutil.copyfile(INSTRUMENTS_DIR / "impact-test-2025.toml", tmp_path / "instrument-2025.toml")
    text = (SAMPLE_DIR / "survey.toml").read_text(encoding="utf-8")
    (tmp_path / "survey.toml").write_text(text.replace('instrument = "impact-2024"',
                                                      'instrument = "instrument-2025.toml"'), encoding="utf-8")

    config = load_survey_config(tmp_path)

    assert config.instrument.id == "impact-test-2025"
    assert config.instrument.items[0].code == "Q1"
