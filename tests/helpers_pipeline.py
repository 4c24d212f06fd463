"""Shared helpers of the pipeline tests: test data paths, reading a survey folder, running the command line."""

from __future__ import annotations

import csv
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


from survey.checks import Assessment
from survey.collection import assess_survey, with_entry_flags
from survey.columns import match_columns
from survey.config import SurveyConfig, load_survey_config
from survey.double_entry import compare_source_entries
from survey.normalization import normalize_table
from survey.readers import read_source
from survey.responses import Response

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPOSITORY / "sample_responses"
SAMPLE_FILES = ("survey.toml", "google_forms_responses.csv", "formulir_kertas.csv", "formulir_kertas_entri2.csv")
DATA_DIR = Path(__file__).resolve().parent / "data"
CHECKS_DIR = DATA_DIR / "checks"
CLI_TIMEOUT_SECONDS = 120
LANGUAGE_VARIABLES = ("SMARTCITY_IMPACT_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")


# Columns of the sample sources that hold a name, NIK, phone number or e-mail address.
SAMPLE_PERSONAL_COLUMNS = {
    "google_forms_responses.csv": ("Nama Lengkap", "Nomor HP/WA", "Alamat email"),
    "formulir_kertas.csv": ("Nama", "NIK", "No. HP"),
    "formulir_kertas_entri2.csv": ("Nama", "NIK", "No. HP"),
}
# A paper form typed into its first cell contains all its cells there, separated by commas.
MERGED_ROW_MIN_COMMAS = 3


def sample_records(file_name: str) -> list[dict[str, str]]:
    """Return the data rows of a sample source as dictionaries, read with the csv module alone."""
    encoding, delimiter = ("cp1252", ";") if file_name.startswith("formulir_kertas") else ("utf-8", ",")
    with (SAMPLE_DIR / file_name).open(encoding=encoding, newline="") as csv_file:
        return list(csv.DictReader(csv_file, delimiter=delimiter))


def sample_personal_values() -> set[str]:
    """Return every respondent name, NIK, phone number and e-mail address in the sample files, as typed.

    The values of a row typed into its first cell are taken from that cell.
    """
    values = set()
    for file_name, columns in SAMPLE_PERSONAL_COLUMNS.items():
        for record in sample_records(file_name):
            first_column = next(iter(record))
            if record[first_column].count(",") >= MERGED_ROW_MIN_COMMAS:
                record = dict(zip(record, record[first_column].split(","), strict=False))
            values.update(record[column].strip() for column in columns if record[column].strip())
    return values


def copy_sample(target: Path) -> Path:
    """Copy the sample survey folder (configuration, sources and second keying, not its results) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        shutil.copyfile(SAMPLE_DIR / name, target / name)
    return target


def load_script(path: Path) -> ModuleType:
    """Import a generator script such as tests/data/checks/make_fixtures.py, which is not in a package."""
    spec = importlib.util.spec_from_file_location(f"{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def read_responses(config: SurveyConfig) -> list[Response]:
    """Read and normalize every source of ``config`` in order, as collect_survey does before the checks."""
    responses = []
    for source in config.sources:
        table = read_source(source)
        column_map = match_columns(table, config.instrument, source.columns)
        responses.extend(normalize_table(table, column_map, source, config.instrument))
    return responses


def assess_case(case: str, exact_quota: bool = False) -> dict[str, Assessment]:
    """Return the assessments of checks fixture ``case`` keyed by response id (``responses:2``)."""
    config = load_survey_config(CHECKS_DIR / case)
    assessments = assess_survey(read_responses(config), config, exact_quota)
    assessments = with_entry_flags(assessments, tuple(compare_source_entries(config)))
    return {assessment.response.response_id: assessment for assessment in assessments}


def reason_codes(assessment: Assessment) -> tuple[str, ...]:
    """Return the codes of the reasons that exclude ``assessment``, in the order they were found."""
    return tuple(problem.code for problem in assessment.reasons)


def flag_codes(assessment: Assessment) -> tuple[str, ...]:
    """Return the codes of the review flags of ``assessment``."""
    return tuple(problem.code for problem in assessment.flags)


@dataclass(frozen=True)
class CliRun:
    """Exit status and output of one command-line run."""

    status: int
    stdout: str
    stderr: str

    @property
    def flat_stderr(self) -> str:
        """Standard error with every run of whitespace as one space, so wrapped lines read whole."""
        return " ".join(self.stderr.split())

    @property
    def flat_stdout(self) -> str:
        """Standard output with every run of whitespace as one space."""
        return " ".join(self.stdout.split())


def cli_environment() -> dict[str, str]:
    """Return the environment of a user whose locale names no supported language: LANG=C.UTF-8."""
    environment = {name: value for name, value in os.environ.items() if name not in LANGUAGE_VARIABLES}
    environment["LANG"] = "C.UTF-8"
    environment["PYTHONIOENCODING"] = "utf-8"
    return environment


def run_cli(*arguments: str, cwd: Path | None = None) -> CliRun:
    """Run ``smartcity-impact ARGUMENTS`` in a new Python process and return its status and output."""
    command = [sys.executable, "-c", "from smartcity_impact.cli import main; main()", *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=cli_environment(),
                               cwd=cwd, timeout=CLI_TIMEOUT_SECONDS, check=False)
    return CliRun(completed.returncode, completed.stdout, completed.stderr)
