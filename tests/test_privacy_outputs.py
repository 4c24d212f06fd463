"""No output of a sample run holds a respondent's name, phone number or e-mail address.

Every file the commands write into the survey folder is scanned, the
response store and the workbooks (unzipped) included, and so is everything
the commands print, logs included.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers_pipeline import SAMPLE_FILES, copy_sample, run_cli, sample_personal_values

KEY_FILE = Path(".smartcity-impact") / "pseudonym.key"


def searched_values() -> set[str]:
    """Return the sample's personal values as typed, case-folded, and as phone digits with and without 0/62."""
    values = sample_personal_values()
    digits = {"".join(c for c in value if c.isdigit()) for value in values if "@" not in value}
    national = {d[2:] if d.startswith("62") else d.lstrip("0") for d in digits}
    return values | {value.casefold() for value in values} | {d for d in digits | national if len(d) >= 8}


def texts_of(path: Path) -> list[str]:
    """Return the text of a written file: each member of a zip container (XLSX), else its bytes as UTF-8."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as archive:
            return [archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()]
    return [data.decode("utf-8", errors="replace"), data.decode("latin-1")]


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory) -> tuple[Path, str]:
    """Run, export to every format, ingest again and print the status of a copy of the sample, verbosely."""
    survey = copy_sample(tmp_path_factory.mktemp("privacy") / "survey")
    printed = []
    for arguments in (("run", str(survey), "--verbose"), ("export", str(survey), "--verbose"),
                      ("ingest", str(survey), "--verbose"), ("status", str(survey), "--verbose")):
        result = run_cli(*arguments)
        printed.append(result.stdout + result.stderr)
    return survey, "\n".join(printed)


def written_files(survey: Path) -> list[Path]:
    """Return every file the commands wrote into ``survey`` (not the sources, not the pseudonym key)."""
    return sorted(path for path in survey.rglob("*") if path.is_file()
                  and path.name not in SAMPLE_FILES and path.relative_to(survey) != KEY_FILE)


def test_outputs_include_store_and_workbooks(sample_outputs):
    survey, _printed = sample_outputs

    names = {path.name for path in written_files(survey)}

    assert {"store.sqlite", "duplikat_responden.xlsx", "impact_scores.xlsx", "responses.sav"} <= names


def test_outputs_hold_no_personal_values(sample_outputs):
    survey, _printed = sample_outputs
    values = searched_values()

    leaked = sorted({(path.name, value) for path in written_files(survey) for text in texts_of(path)
                     for value in values if value in text})

    assert leaked == []


def test_printed_output_holds_no_personal_values(sample_outputs):
    _survey, printed = sample_outputs

    leaked = sorted(value for value in searched_values() if value in printed)

    assert leaked == []


def test_missing_header_row_names_no_personal_value(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    online = survey / "google_forms_responses.csv"
    online.write_text("".join(online.read_text(encoding="utf-8").splitlines(keepends=True)[1:]), encoding="utf-8")

    result = run_cli("run", str(survey), "--lang", "en")
    printed = result.stdout + result.stderr

    assert result.status == 1
    assert "header row" in printed
    assert sorted(value for value in searched_values() if value in printed) == []
