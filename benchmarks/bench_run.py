"""Measure the time and peak memory of ``run`` and ``status`` on the sample scaled to many respondents.

Usage: ``python benchmarks/bench_run.py [ROWS ...]`` (default: the sample's own
number of rows, and 57300, a national-scale store of 191 regions x 300). Each
size is built in a temporary folder by repeating the sample's rows, in the
same proportion per source, as other respondents (see ``make_distinct``). On each folder, three operations run one after
the other, each once in a fresh process so that its peak memory is its own:
``run_survey`` into an empty store (every row imported), ``run_survey`` again
(the files are unchanged, so nothing is imported), and ``survey_status``. Each
is reported as a Markdown table row.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE = REPOSITORY / "sample_responses"
NATIONAL_ROWS = 57300


# (file, encoding, delimiter, phone column title, e-mail column title or None, phone prefix). Each source
# gets its own phone prefix, so that copies in the two sources are different respondents.
SOURCES = (("google_forms_responses.csv", "utf-8", ",", "Nomor HP/WA", "Alamat email", "0813"),
           ("formulir_kertas.csv", "cp1252", ";", "No. HP", None, "0814"))


# How Google Forms writes a timestamp in its CSV download, as in the sample.
FORM_TIME = "%Y/%m/%d %I:%M:%S %p GMT+7"


def data_rows(folder: Path) -> int:
    """Return the number of data rows of the two sources in ``folder``, read as CSV records."""
    total = 0
    for name, encoding, delimiter, *_columns in SOURCES:
        with (folder / name).open(encoding=encoding, newline="") as source:
            total += sum(1 for _record in csv.reader(source, delimiter=delimiter)) - 1
    return total


def sample_rows() -> int:
    """Return the number of data rows of the bundled sample."""
    return data_rows(SAMPLE)


def scaled_copy(target: Path, respondents: int) -> None:
    """Write a survey folder whose two sources repeat the sample's rows until ``respondents`` rows exist.

    The second keying of the paper forms is copied as it is.
    """
    target.mkdir(parents=True)
    for name in ("survey.toml", "formulir_kertas_entri2.csv"):
        shutil.copyfile(SAMPLE / name, target / name)
    for name, encoding, delimiter, phone_title, email_title, prefix in SOURCES:
        with (SAMPLE / name).open(encoding=encoding, newline="") as sample_file:
            header, *rows = list(csv.reader(sample_file, delimiter=delimiter))
        phone, email = header.index(phone_title), header.index(email_title) if email_title else None
        share = round(respondents * len(rows) / sample_rows())
        with (target / name).open("w", encoding=encoding, newline="") as output:
            writer = csv.writer(output, delimiter=delimiter)
            writer.writerow(header)
            for index in range(share):
                row = list(rows[index % len(rows)])
                copy = index // len(rows)
                if copy and len(row) > phone:
                    make_distinct(row, header, copy, phone, email, f"{prefix}{copy:04d}{index % len(rows):04d}",
                                  f"r{copy}.{index % len(rows)}@example.com")
                writer.writerow(row)


def make_distinct(row: list[str], header: list[str], copy: int, phone: int, email: int | None, number: str,
                  address: str) -> None:
    """Make copy number ``copy`` of a sample row another respondent, as a real survey's rows are.

    Besides the phone number and e-mail address, the occupation and the
    enumerator get the copy's number, and an online timestamp moves by a
    minute per copy, so that the copies do not form bursts, identical
    answers or one enumerator's identical forms.
    """
    row[phone] = number
    if email is not None:
        row[email] = address
    for title in ("Pekerjaan", "Enumerator"):
        if title in header and row[header.index(title)]:
            row[header.index(title)] += f" {copy}"
    if "Stempel waktu" in header:
        position = header.index("Stempel waktu")
        try:
            moment = dt.datetime.strptime(row[position], FORM_TIME)
        except ValueError:
            return
        row[position] = (moment + dt.timedelta(seconds=61 * copy)).strftime(FORM_TIME)


# Each operation runs in its own process, in this order, on the same survey folder and store.
OPERATIONS = (
    ("run, empty store", "from smartcity_impact.pipeline import run_survey as job"),
    ("run, nothing new", "from smartcity_impact.pipeline import run_survey as job"),
    ("status", "from smartcity_impact.fieldwork import survey_status as job"),
)
CHILD = """
import json, resource, time
{import_line}
start = time.perf_counter()
job({survey!r})
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def measure(respondents: int) -> list[dict]:
    """Run each operation on a scaled copy in a child process; return their wall times and peak memory."""
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        survey = Path(folder) / "survey"
        scaled_copy(survey, respondents)
        rows = data_rows(survey)
        for name, import_line in OPERATIONS:
            code = CHILD.format(import_line=import_line, survey=str(survey))
            started = time.perf_counter()
            output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
            result = json.loads(output.strip().splitlines()[-1])
            result.update(operation=name, rows=rows, process_seconds=time.perf_counter() - started)
            figures.append(result)
    return figures


def main() -> None:
    """Print one Markdown row per size and operation."""
    sizes = [int(argument) for argument in sys.argv[1:]] or [sample_rows(), NATIONAL_ROWS]
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{resource.getpagesize()} B pages")
    print("| rows read | operation | call (s) | whole process (s) | peak memory (MiB) |")
    print("| ---: | --- | ---: | ---: | ---: |")
    for size in sizes:
        for figures in measure(size):
            print(f"| {figures['rows']:,} | {figures['operation']} | {figures['seconds']:.2f} | "
                  f"{figures['process_seconds']:.2f} | {figures['peak_kib'] / 1024:.0f} |")


if __name__ == "__main__":
    main()
