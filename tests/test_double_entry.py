"""Specification of double data entry verification: survey.double_entry, ``second_entry`` and ``compare-entries``.

The keyings are in tests/data/double_entry, written by make_fixtures.py there.
first.csv against second.csv plants seven disagreements (listed below), one
form only in each file and a form that differs only by surrounding spaces.
The sample's second keying, sample_responses/formulir_kertas_entri2.csv,
plants four disagreements and one form that the first keying lacks.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from helpers_pipeline import SAMPLE_DIR, copy_sample, load_script, run_cli, sample_personal_values
from smartcity_impact.errors import ConfigError, ReadError
from survey.config import load_survey_config
from survey.double_entry import Agreement, compare_entries, compare_source_entries

DATA = Path(__file__).resolve().parent / "data" / "double_entry"
COMPARISON_FILE = "perbandingan_entri.csv"

# first.csv against second.csv: form, column, row in each file, value in each (None: withheld).
FIXTURE_DISAGREEMENTS = [
    ("0001", "Kecamatan", 2, 3, "Tanjung", "tanjung"),
    ("0001", "Q51", 2, 3, "3", "4"),
    ("0002", "Nama", 3, 5, None, None),
    ("0002", "No. HP", 3, 5, None, None),
    ("0004", "Tanggal Wawancara", 5, 6, "03/07/2024", "30/07/2024"),
    ("0004", "Keterangan", 5, 6, None, None),
    ("0004", "Q52", 5, 6, "3", ""),
]
# The sample's planted disagreements: form, column, value in each keying (None: withheld).
SAMPLE_DISAGREEMENTS = [
    ("0007", "Q69", "3", "4"),
    ("0023", "Tanggal Wawancara", "15/07/2024", "16/07/2024"),
    ("0062", "Kecamatan", "Murung Pudak", "Murung Pudal"),
    ("0094", "No. HP", None, None),
]


def disagreement_view(comparison) -> list[tuple]:
    """Return each disagreement as (form, column, first row, second row, first value, second value)."""
    return [(d.form_number, d.column, d.first_row, d.second_row, d.first_value, d.second_value)
            for d in comparison.disagreements]


def printed_lines(result) -> list[str]:
    """Return the lines a command printed to standard output, without their indentation."""
    return [line.strip() for line in result.stdout.splitlines()]


def forms_view(forms) -> list[tuple]:
    """Return FormRows as (form number, file name, rows)."""
    return [(form.form_number, form.file.name, form.rows) for form in forms]


def fixture_personal_values() -> set[str]:
    """Return the names and phone numbers of both fixture keyings, as typed and case-folded, and phone digits."""
    generator = load_script(DATA / "make_fixtures.py")
    values = {row[column] for row in generator.FIRST_ROWS + generator.SECOND_ROWS for column in (3, 4)}
    digits = {"".join(character for character in value if character.isdigit()) for value in values}
    return values | {value.casefold() for value in values} | {d for d in digits if len(d) >= 8}


@pytest.fixture(scope="module")
def fixture_comparison():
    """first.csv compared with second.csv."""
    return compare_entries(DATA / "first.csv", DATA / "second.csv")


@pytest.fixture(scope="module")
def sample_comparison(tmp_path_factory):
    """The comparison of the sample's paper source with its second keying, through survey.toml."""
    survey = copy_sample(tmp_path_factory.mktemp("double-entry-sample"))
    (comparison,) = compare_source_entries(load_survey_config(survey))
    return comparison


@pytest.fixture
def keyings(tmp_path) -> Path:
    """A copy of the fixture keyings in tmp_path, so that the command writes its CSV file there."""
    for path in DATA.iterdir():
        if path.suffix in (".csv", ".xlsx"):
            shutil.copyfile(path, tmp_path / path.name)
    return tmp_path


def test_fixture_files_match_generator():
    generator = load_script(DATA / "make_fixtures.py")

    # Workbook bytes depend on the openpyxl version, so only the text files are compared byte for byte.
    built = {name: data for name, data in generator.build_fixtures().items() if not data.startswith(b"PK")}

    assert [name for name, data in built.items() if (DATA / name).read_bytes() != data] == []


def test_compare_entries_disagreements_exact(fixture_comparison):
    assert disagreement_view(fixture_comparison) == FIXTURE_DISAGREEMENTS


@pytest.mark.parametrize(("column", "withheld", "personal"), [
    ("Nama", True, True),
    ("No. HP", True, True),
    ("Keterangan", True, False),
    ("Q51", False, False),
])
def test_compare_entries_withheld_values(fixture_comparison, column, withheld, personal):
    (disagreement,) = [d for d in fixture_comparison.disagreements if d.column == column]

    assert disagreement.withheld is withheld
    assert disagreement.personal is personal


def test_compare_entries_personal_columns(fixture_comparison):
    assert fixture_comparison.personal_columns == ("Nama", "No. HP")


def test_compare_entries_surrounding_spaces_ignored(fixture_comparison):
    assert [d for d in fixture_comparison.disagreements if d.form_number == "0003"] == []


@pytest.mark.parametrize(("attribute", "expected"), [
    ("only_in_first", [("0005", "first.csv", (6,))]),
    ("only_in_second", [("0006", "second.csv", (4,))]),
    ("repeated", []),
    ("blank_form_numbers", []),
])
def test_compare_entries_unmatched_forms(fixture_comparison, attribute, expected):
    assert forms_view(getattr(fixture_comparison, attribute)) == expected


@pytest.mark.parametrize(("attribute", "expected"), [
    ("source", "first"),
    ("form_column", "No. Formulir"),
    ("first_forms", 5),
    ("second_forms", 5),
    ("forms_total", 6),
    ("matched", 4),
])
def test_compare_entries_counts(fixture_comparison, attribute, expected):
    assert getattr(fixture_comparison, attribute) == expected


@pytest.mark.parametrize(("column", "expected"), [
    ("Q50", Agreement(4, 4)),
    ("Q51", Agreement(4, 3)),
    ("Q52", Agreement(4, 3)),
    ("Keterangan", Agreement(1, 0)),
    ("Enumerator", Agreement(4, 4)),
])
def test_compare_entries_agreement_per_column(fixture_comparison, column, expected):
    """A cell blank in both keyings is not counted, so Keterangan counts only form 0004."""
    assert fixture_comparison.by_column[column] == expected


def test_compare_entries_agreement_overall(fixture_comparison):
    assert fixture_comparison.overall == Agreement(33, 26)


def test_compare_entries_agreement_per_enumerator(fixture_comparison):
    assert fixture_comparison.by_enumerator == {"ENUM-01 Rahmat": Agreement(16, 14),
                                                "ENUM-02 Siti Aisyah": Agreement(17, 12)}


def test_agreement_rate_without_cells():
    assert Agreement(0, 0).rate is None


def test_compare_entries_form_column_not_compared(fixture_comparison):
    assert "No. Formulir" not in fixture_comparison.by_column


def test_compare_entries_repeated_forms():
    comparison = compare_entries(DATA / "repeated_first.csv", DATA / "repeated_second.csv")

    assert forms_view(comparison.repeated) == [("0002", "repeated_first.csv", (3, 4)),
                                               ("0003", "repeated_second.csv", (4, 5))]


def test_compare_entries_blank_form_numbers():
    comparison = compare_entries(DATA / "repeated_first.csv", DATA / "repeated_second.csv")

    assert forms_view(comparison.blank_form_numbers) == [("", "repeated_first.csv", (5,)),
                                                         ("", "repeated_second.csv", (6,))]


def test_compare_entries_repeated_forms_not_matched():
    comparison = compare_entries(DATA / "repeated_first.csv", DATA / "repeated_second.csv")

    assert comparison.matched == 1


@pytest.mark.parametrize(("attribute", "expected"), [
    ("columns_only_in_first", ("Kecamatan",)),
    ("columns_only_in_second", ("Kecamatn", "Catatan")),
])
def test_compare_entries_columns_only_in_one_file(attribute, expected):
    comparison = compare_entries(DATA / "first.csv", DATA / "columns_second.csv")

    assert getattr(comparison, attribute) == expected


def test_compare_entries_xlsx_same_disagreements(fixture_comparison):
    comparison = compare_entries(DATA / "first.csv", DATA / "second.xlsx")

    assert disagreement_view(comparison) == disagreement_view(fixture_comparison)


def test_compare_entries_xlsx_form_numbers_without_zeros():
    """The workbook stores form 0006 as the number 6, which still pairs with no form of the first keying."""
    comparison = compare_entries(DATA / "first.csv", DATA / "second.xlsx")

    assert forms_view(comparison.only_in_second) == [("6", "second.xlsx", (4,))]


def test_compare_entries_xlsx_same_agreement(fixture_comparison):
    comparison = compare_entries(DATA / "first.csv", DATA / "second.xlsx")

    assert comparison.by_column == fixture_comparison.by_column


def test_compare_entries_form_column_given():
    comparison = compare_entries(DATA / "custom_form_column.csv", DATA / "custom_form_column.csv",
                                 form_column="Kode Lembar")

    assert comparison.matched == 5


@pytest.mark.parametrize(("first", "form_column", "code"), [
    ("custom_form_column.csv", None, "form-column-missing"),
    ("custom_form_column.csv", "Kode Lembr", "form-column-not-found"),
    ("first.csv", "Nomor Lembar", "form-column-not-found"),
    ("empty.csv", None, "file-empty"),
    ("missing.csv", None, "file-not-found"),
])
def test_compare_entries_unreadable_input(first, form_column, code):
    with pytest.raises(ReadError) as raised:
        compare_entries(DATA / first, DATA / "first.csv", form_column=form_column)

    assert raised.value.code == code


def test_compare_entries_form_column_suggestion(english):
    with pytest.raises(ReadError, match="Did you mean 'Kode Lembar'"):
        compare_entries(DATA / "custom_form_column.csv", DATA / "first.csv", form_column="Kode Lembr")


@pytest.mark.parametrize(("first", "second", "partial", "expected"), [
    ("agree_first.csv", "agree_second.csv", False, True),
    ("first.csv", "second.csv", False, False),
    ("first.csv", "agree_second.csv", False, False),
    ("first.csv", "agree_second.csv", True, True),
    ("agree_second.csv", "first.csv", True, False),
    ("first.csv", "columns_second.csv", False, False),
    ("repeated_first.csv", "repeated_second.csv", True, False),
])
def test_keyings_agree_cases(first, second, partial, expected):
    comparison = compare_entries(DATA / first, DATA / second)

    assert comparison.keyings_agree(partial) is expected


def test_compare_entries_result_without_personal_values(fixture_comparison):
    text = repr(fixture_comparison)

    assert sorted(value for value in fixture_personal_values() if value in text) == []


@pytest.mark.parametrize("name", ["google_forms_responses.csv", "formulir_kertas.csv",
                                  "formulir_kertas_entri2.csv"])
def test_sample_files_match_generator(tmp_path, name):
    generator = load_script(SAMPLE_DIR / "generate.py")
    generator.HERE = tmp_path

    generator.main()

    assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes()


def test_sample_second_keying_disagreements(sample_comparison):
    view = [(d.form_number, d.column, d.first_value, d.second_value) for d in sample_comparison.disagreements]

    assert view == SAMPLE_DISAGREEMENTS


def test_sample_second_keying_only_in_second(sample_comparison):
    assert forms_view(sample_comparison.only_in_second) == [("0108", "formulir_kertas_entri2.csv", (31,))]


@pytest.mark.parametrize(("attribute", "expected"), [
    ("source", "paper-forms"),
    ("first_forms", 107),
    ("second_forms", 31),
    ("matched", 30),
    ("repeated", ()),
    ("blank_form_numbers", ()),
    ("columns_only_in_first", ()),
    ("columns_only_in_second", ()),
])
def test_sample_second_keying_counts(sample_comparison, attribute, expected):
    assert getattr(sample_comparison, attribute) == expected


def test_sample_second_keying_not_keyed_twice(sample_comparison):
    assert len(sample_comparison.only_in_first) == 107 - 30


def test_config_second_entry_path():
    config = load_survey_config(SAMPLE_DIR)

    assert config.second_entries == {"paper-forms": SAMPLE_DIR / "formulir_kertas_entri2.csv"}


def test_compare_source_entries_without_second_entry(tmp_path):
    survey = copy_sample(tmp_path)
    toml = survey / "survey.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('second_entry = "formulir_kertas_entri2.csv"\n', ""),
                    encoding="utf-8")

    assert compare_source_entries(load_survey_config(survey)) == []


@pytest.mark.parametrize(("google_line", "paper_line", "key"), [
    ("", "second_entry = 42", "sources[2].second_entry"),
    ("", 'second_entry = ""', "sources[2].second_entry"),
    ("", 'second_entry = "formulir_kertas.csv"', "sources[2].second_entry"),
    ("", 'second_entry = "google_forms_responses.csv"', "sources[2].second_entry"),
    ("", 'second_entry = "kertas\\formulir.csv"', "sources[2].second_entry"),
    ('second_entry = "entri2.csv"', 'second_entry = "entri2.csv"', "sources[2].second_entry"),
    ('second_entri = "entri2.csv"', "", "sources[1].second_entri"),
])
def test_config_second_entry_invalid(tmp_path, google_line, paper_line, key):
    survey = copy_sample(tmp_path)
    toml = survey / "survey.toml"
    text = toml.read_text(encoding="utf-8").replace('second_entry = "formulir_kertas_entri2.csv"', paper_line)
    text = text.replace('kind = "google_forms"\n', f'kind = "google_forms"\n{google_line}\n')
    toml.write_text(text, encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        load_survey_config(survey)

    assert raised.value.params["key"] == key


@pytest.mark.parametrize(("arguments", "status"), [
    (("agree_first.csv", "agree_second.csv"), 0),
    (("first.csv", "second.csv"), 2),
    (("first.csv", "second.xlsx"), 2),
    (("first.csv", "agree_second.csv"), 2),
    (("first.csv", "agree_second.csv", "--partial"), 0),
    (("custom_form_column.csv", "custom_form_column.csv", "--form-column", "Kode Lembar"), 0),
    (("custom_form_column.csv", "first.csv"), 1),
    (("empty.csv", "first.csv"), 1),
    (("first.csv", "missing.csv"), 1),
])
def test_cli_compare_entries_exit_status(keyings, arguments, status):
    files = [str(keyings / argument) if argument.endswith((".csv", ".xlsx")) else argument for argument in arguments]

    result = run_cli("compare-entries", *files)

    assert result.status == status, result.stderr


def test_cli_compare_entries_csv_rows(keyings):
    run_cli("compare-entries", str(keyings / "first.csv"), str(keyings / "second.csv"), "--lang", "en")

    with (keyings / COMPARISON_FILE).open(encoding="utf-8", newline="") as csv_file:
        rows = list(csv.reader(csv_file))
    withheld = "[withheld: may contain personal data]"
    assert rows == [
        ["form number", "column", "first file", "row in first file", "value in first file", "second file",
         "row in second file", "value in second file", "enumerator"],
        ["0001", "Kecamatan", "first.csv", "2", "Tanjung", "second.csv", "3", "tanjung", "ENUM-01 Rahmat"],
        ["0001", "Q51", "first.csv", "2", "3", "second.csv", "3", "4", "ENUM-01 Rahmat"],
        ["0002", "Nama", "first.csv", "3", withheld, "second.csv", "5", withheld, "ENUM-02 Siti Aisyah"],
        ["0002", "No. HP", "first.csv", "3", withheld, "second.csv", "5", withheld, "ENUM-02 Siti Aisyah"],
        ["0004", "Tanggal Wawancara", "first.csv", "5", "03/07/2024", "second.csv", "6", "30/07/2024",
         "ENUM-02 Siti Aisyah"],
        ["0004", "Keterangan", "first.csv", "5", withheld, "second.csv", "6", withheld, "ENUM-02 Siti Aisyah"],
        ["0004", "Q52", "first.csv", "5", "3", "second.csv", "6", "", "ENUM-02 Siti Aisyah"],
    ]


def test_cli_compare_entries_agreeing_csv_header_only(keyings):
    run_cli("compare-entries", str(keyings / "agree_first.csv"), str(keyings / "agree_second.csv"))

    assert len((keyings / COMPARISON_FILE).read_text(encoding="utf-8").splitlines()) == 1


def test_cli_compare_entries_out_excel_id(keyings, tmp_path):
    out = tmp_path / "hasil"

    run_cli("compare-entries", str(keyings / "first.csv"), str(keyings / "second.csv"), "--out", str(out),
            "--csv-dialect", "excel-id")

    data = (out / COMPARISON_FILE).read_bytes()
    assert data.startswith("\ufeffnomor formulir;kolom;".encode("utf-8"))
    assert not (keyings / COMPARISON_FILE).exists()


@pytest.mark.parametrize("language", ["id", "en"])
def test_cli_compare_entries_no_personal_values(keyings, language):
    result = run_cli("compare-entries", str(keyings / "first.csv"), str(keyings / "second.csv"), "--verbose",
                     "--lang", language)

    text = "\n".join([result.stdout, result.stderr, (keyings / COMPARISON_FILE).read_text(encoding="utf-8")])
    assert sorted(value for value in fixture_personal_values() if value in text) == []


def test_cli_compare_entries_sample_no_personal_values(tmp_path):
    survey = copy_sample(tmp_path)

    result = run_cli("compare-entries", str(survey / "formulir_kertas.csv"),
                     str(survey / "formulir_kertas_entri2.csv"), "--verbose")

    text = "\n".join([result.stdout, result.stderr, (survey / COMPARISON_FILE).read_text(encoding="utf-8")])
    assert sorted(value for value in sample_personal_values() if value in text) == []


@pytest.mark.parametrize("line", [
    "Entri pertama: first.csv, 5 formulir. Entri kedua: second.csv, 5 formulir. "
    "Nomor formulir di kolom 'No. Formulir'.",
    "Formulir dibandingkan: 6; berpasangan: 4; hanya di entri pertama: 1; hanya di entri kedua: 1.",
    "Ketidaksesuaian: 7 sel di 3 formulir.",
    "Tingkat kesesuaian: 78,79% (26 dari 33 sel terisi).",
    "Formulir 0001, kolom 'Q51': first.csv baris 2 '3', second.csv baris 3 '4'",
    "Formulir 0002, kolom 'No. HP': first.csv baris 3 [disembunyikan: mungkin berisi data pribadi], second.csv "
    "baris 5 [disembunyikan: mungkin berisi data pribadi]",
    "Formulir 0004, kolom 'Q52': first.csv baris 5 '3', second.csv baris 6 (kosong)",
    "Hanya di entri kedua (1): 0006 (baris 4)",
    "Hanya di entri pertama (1): 0005 (baris 6)",
])
def test_cli_compare_entries_indonesian_by_default(keyings, line):
    result = run_cli("compare-entries", str(keyings / "first.csv"), str(keyings / "second.csv"))

    assert line in printed_lines(result)


@pytest.mark.parametrize("line", [
    "Forms compared: 6; matched: 4; only in the first keying: 1; only in the second keying: 1.",
    "Disagreements: 7 cells in 3 forms.",
    "Agreement rate: 78.79% (26 of 33 filled cells).",
    "Form 0001, column 'Kecamatan': first.csv row 2 'Tanjung', second.csv row 3 'tanjung'",
    "Only in the second keying (1): 0006 (row 4)",
])
def test_cli_compare_entries_english(keyings, line):
    result = run_cli("compare-entries", str(keyings / "first.csv"), str(keyings / "second.csv"), "--lang", "en")

    assert line in printed_lines(result)


@pytest.mark.parametrize("line", [
    "Formulir dibandingkan: 108; berpasangan: 30; hanya di entri pertama: 77; hanya di entri kedua: 1.",
    "Ketidaksesuaian: 4 sel di 4 formulir.",
    "Formulir 0007, kolom 'Q69': formulir_kertas.csv baris 8 '3', formulir_kertas_entri2.csv baris 19 '4'",
    "Formulir 0023, kolom 'Tanggal Wawancara': formulir_kertas.csv baris 24 '15/07/2024', "
    "formulir_kertas_entri2.csv baris 9 '16/07/2024'",
    "Formulir 0062, kolom 'Kecamatan': formulir_kertas.csv baris 63 'Murung Pudak', formulir_kertas_entri2.csv "
    "baris 5 'Murung Pudal'",
    "Hanya di entri kedua (1): 0108 (baris 31)",
    "Formulir yang tidak dientri dua kali: 77.",
])
def test_cli_compare_entries_sample_lines(tmp_path, line):
    survey = copy_sample(tmp_path)

    result = run_cli("compare-entries", str(survey / "formulir_kertas.csv"),
                     str(survey / "formulir_kertas_entri2.csv"), "--partial")

    assert line in printed_lines(result)


def test_cli_compare_entries_sample_exit_status(tmp_path):
    survey = copy_sample(tmp_path)

    result = run_cli("compare-entries", str(survey / "formulir_kertas.csv"),
                     str(survey / "formulir_kertas_entri2.csv"), "--partial")

    assert result.status == 2


def test_cli_compare_entries_column_suggestion(keyings):
    result = run_cli("compare-entries", str(keyings / "first.csv"), str(keyings / "columns_second.csv"), "--lang",
                     "en")

    assert ("Column 'Kecamatan' is only in first.csv, so it was not compared. Did you mean 'Kecamatn'?"
            in printed_lines(result))


def test_cli_compare_entries_unreadable_message(keyings):
    result = run_cli("compare-entries", str(keyings / "custom_form_column.csv"), str(keyings / "first.csv"))

    assert "custom_form_column.csv" in result.flat_stderr
    assert "--form-column" in result.flat_stderr
