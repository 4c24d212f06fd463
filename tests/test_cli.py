"""Specification of the ``smartcity-impact`` command line, run as a separate process like a user runs it.

The environment has LANG=C.UTF-8 and no SMARTCITY_IMPACT_LANG, so the
default language (Indonesian) applies. Messages are checked in English
(``--lang en``) or by their language-independent parts. Every damaged copy
of a sample file must stop with a message on standard error that names the
file, and the row and column where there is one, with no traceback.
"""

from __future__ import annotations

import csv
import io

import pytest

from helpers_pipeline import copy_sample, run_cli
from helpers_store import FIRST_ONLINE_ITEM_COLUMN

OUTPUT_FILES = ["impact_scores.csv", "impact_scores.xlsx", "impact_summary.json", "responses_excluded.csv",
                "quality_flags.csv", "laporan_kualitas.html"]
PAPER_FILE = "formulir_kertas.csv"
ONLINE_FILE = "google_forms_responses.csv"


def read_paper(survey) -> list[list[str]]:
    """Return the records of the sample's paper file (Windows-1252, ``;``)."""
    text = (survey / PAPER_FILE).read_text(encoding="cp1252")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def write_paper(survey, records: list[list[str]], delimiter: str = ";") -> None:
    """Write the paper file back in the sample's encoding, Windows-1252, with ``delimiter``."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(records)
    (survey / PAPER_FILE).write_bytes(buffer.getvalue().encode("cp1252"))


def assert_no_traceback(run) -> None:
    """Check that neither output stream shows a Python traceback."""
    assert "Traceback" not in run.stderr
    assert "Traceback" not in run.stdout


@pytest.fixture(scope="module")
def indonesian_run(tmp_path_factory):
    """Run the sample once in the default language, into a folder given with --out."""
    survey = copy_sample(tmp_path_factory.mktemp("sample"))
    out = tmp_path_factory.mktemp("keluaran")
    return run_cli("run", str(survey), "--out", str(out)), survey, out


@pytest.fixture(scope="module")
def english_run(tmp_path_factory):
    """Run the sample once in English, into the default folder SURVEY_DIR/hasil."""
    survey = copy_sample(tmp_path_factory.mktemp("sample-en"))
    return run_cli("run", str(survey), "--lang", "en"), survey


def test_cli_sample_exit_status_two(indonesian_run):
    """The sample plants three unreadable answers: results are written, and the status says so."""
    run, _survey, _out = indonesian_run

    assert run.status == 2


def test_cli_default_language_indonesian(indonesian_run):
    run, _survey, _out = indonesian_run

    assert "3,78" in run.stdout
    assert "Impact score" not in run.stdout


def test_cli_out_folder_written(indonesian_run):
    _run, survey, out = indonesian_run

    assert sorted(path.name for path in out.iterdir()) == sorted(OUTPUT_FILES)
    assert not (survey / "hasil").exists()


def test_cli_sample_defects_on_stderr(indonesian_run):
    run, _survey, _out = indonesian_run

    assert "formulir_kertas.csv" in run.stderr
    assert "Q61" in run.stderr
    assert "Q101" in run.stderr


def test_cli_sample_no_traceback(indonesian_run):
    run, _survey, _out = indonesian_run

    assert_no_traceback(run)


def test_cli_sample_straight_liner_listed(english_run):
    """The sample's straight-liner is kept and listed for review with its file and row.

    The sample flags 23 valid rows: 12 online and 11 on paper, as sample_responses/README.md lists them.
    """
    run, _survey = english_run

    assert "Flagged for review and kept (23):" in run.flat_stdout
    assert "google_forms_responses.csv, row 87" in run.flat_stdout


def test_cli_english_score(english_run):
    run, _survey = english_run

    assert "Impact score: 3.78" in run.flat_stdout
    assert run.status == 2


def test_cli_default_out_folder(english_run):
    _run, survey = english_run

    assert sorted(path.name for path in (survey / "hasil").iterdir()) == sorted(OUTPUT_FILES)


def test_cli_wrong_delimiter(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    write_paper(survey, read_paper(survey), delimiter="|")

    run = run_cli("run", str(survey), "--lang", "en")

    assert run.status == 1
    assert PAPER_FILE in run.stderr
    assert "row 1" in run.flat_stderr
    assert "delimiter" in run.flat_stderr
    assert_no_traceback(run)


def test_cli_wrong_encoding(tmp_path):
    """0x81 and 0x9D are undefined in Windows-1252 and invalid alone in UTF-8. Row 5 contains them."""
    survey = copy_sample(tmp_path / "survey")
    lines = (survey / PAPER_FILE).read_bytes().split(b"\r\n")
    lines[4] = lines[4].replace(b";", b"\x81\x9d;", 1)
    (survey / PAPER_FILE).write_bytes(b"\r\n".join(lines))

    run = run_cli("run", str(survey), "--lang", "en")

    assert run.status == 1
    assert PAPER_FILE in run.stderr
    assert "row 5" in run.flat_stderr
    assert "0x81" in run.flat_stderr
    assert_no_traceback(run)


def test_cli_renamed_question_column(tmp_path):
    """The column of item 52 renamed by hand, so it matches no item and item 52 has no column."""
    survey = copy_sample(tmp_path / "survey")
    records = list(csv.reader(io.StringIO((survey / ONLINE_FILE).read_text(encoding="utf-8"), newline="")))
    position = records[0].index("52. kualitas layanan/program menjadi lebih cepat dan murah?")
    records[0][position] = "Kualitas layanan menjadi lebih cepat"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(records)
    (survey / ONLINE_FILE).write_text(buffer.getvalue(), encoding="utf-8")

    run = run_cli("run", str(survey), "--lang", "en")

    assert run.status == 1
    assert ONLINE_FILE in run.stderr
    assert "row 1" in run.flat_stderr
    assert "column 'Kualitas layanan menjadi lebih cepat'" in run.flat_stderr
    assert "Q52" in run.flat_stderr
    assert_no_traceback(run)


def test_cli_text_answer(tmp_path):
    """'Lumayan bagus' typed over the first answer of paper row 2: the row is rejected, the rest is scored."""
    survey = copy_sample(tmp_path / "survey")
    records = read_paper(survey)
    header, first = records[0], records[1]
    position = next(i for i, cell in enumerate(first) if header[i].startswith("Q") and cell)
    first[position] = "Lumayan bagus"
    write_paper(survey, records)

    run = run_cli("run", str(survey), "--lang", "en")

    assert run.status == 2
    assert f"File {PAPER_FILE}, row 2, column '{header[position]}'" in run.flat_stderr
    assert "Lumayan bagus" in run.flat_stderr
    assert (survey / "hasil" / "impact_scores.csv").exists()
    assert_no_traceback(run)


def test_cli_empty_file(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    (survey / ONLINE_FILE).write_bytes(b"")

    run = run_cli("run", str(survey), "--lang", "en")

    assert run.status == 1
    assert ONLINE_FILE in run.stderr
    assert "empty" in run.flat_stderr
    assert_no_traceback(run)


def test_cli_missing_survey_folder(tmp_path):
    run = run_cli("run", str(tmp_path / "tidak-ada"), "--lang", "en")

    assert run.status == 1
    assert "tidak-ada" in run.stderr
    assert_no_traceback(run)


def test_cli_invalid_category(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    text = (survey / "survey.toml").read_text(encoding="utf-8")
    (survey / "survey.toml").write_text(text.replace('category = "REGULER"', 'category = "REGULAR"'),
                                        encoding="utf-8")

    run = run_cli("run", str(survey), "--lang", "en")

    assert run.status == 1
    assert "survey.category" in run.stderr
    assert "REGULER, KPPN IKN" in run.flat_stderr
    assert_no_traceback(run)


def test_cli_invalid_category_indonesian(tmp_path):
    """In the default language the key and its allowed values still appear as written in survey.toml."""
    survey = copy_sample(tmp_path / "survey")
    text = (survey / "survey.toml").read_text(encoding="utf-8")
    (survey / "survey.toml").write_text(text.replace('category = "REGULER"', 'category = "REGULAR"'),
                                        encoding="utf-8")

    run = run_cli("run", str(survey))

    assert run.status == 1
    assert "survey.category" in run.stderr
    assert_no_traceback(run)


def test_cli_unknown_option_exit_one(tmp_path):
    """A usage error is an input error (1), not status 2, which means results were written."""
    run = run_cli("run", str(tmp_path), "--lang", "en", "--quota-exact")

    assert run.status == 1
    assert "--quota-exact" in run.stderr
    assert_no_traceback(run)


def test_cli_help_lists_options():
    run = run_cli("run", "--help", "--lang", "en")

    assert run.status == 0
    assert "--csv-dialect" in run.stdout
    assert "--exact-quota" in run.stdout


def test_cli_reworded_dimension_stops(tmp_path):
    """Reworded questions of a whole dimension no longer drop its respondents silently."""
    survey = copy_sample(tmp_path / "survey")
    export = survey / "google_forms_responses.csv"
    with export.open(encoding="utf-8", newline="") as export_file:
        rows = list(csv.reader(export_file))
    for index in range(FIRST_ONLINE_ITEM_COLUMN, FIRST_ONLINE_ITEM_COLUMN + 9):
        rows[0][index] = f"Pertanyaan tata kelola {index}"
    with export.open("w", encoding="utf-8", newline="") as export_file:
        csv.writer(export_file).writerows(rows)

    run = run_cli("run", str(survey), "--lang", "en")

    assert run.status == 1
    assert "Smart Governance" in run.flat_stderr
    assert "google_forms_responses.csv, row 2, column 'Pilih dimensi layanan yang pernah Anda gunakan'" in run.flat_stderr
