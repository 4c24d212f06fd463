"""Measure the time and peak memory of ``run_survey`` on the sample scaled to many respondents.

Usage: ``python benchmarks/bench_run.py [RESPONDENTS ...]`` (default: 300 and
57300, the sample and a national-scale store of 191 regions x 300). Each size
is built in a temporary folder by repeating the sample's rows with new phone
numbers and e-mail addresses. Each size runs once in a fresh process, so peak
memory is that run's own, and is reported as a Markdown table row.
"""

from __future__ import annotations

import csv
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE = REPOSITORY / "sample_responses"
DEFAULT_SIZES = (300, 57300)


def scaled_copy(target: Path, respondents: int) -> None:
    """Write a survey folder whose two sources repeat the sample's rows until ``respondents`` rows exist."""
    target.mkdir(parents=True)
    (target / "survey.toml").write_text((SAMPLE / "survey.toml").read_text(encoding="utf-8"), encoding="utf-8")
    sources = (("google_forms_responses.csv", "utf-8", ",", 3), ("formulir_kertas.csv", "cp1252", ";", 4))
    for name, encoding, delimiter, phone_column in sources:
        with (SAMPLE / name).open(encoding=encoding, newline="") as sample_file:
            header, *rows = list(csv.reader(sample_file, delimiter=delimiter))
        share = round(respondents * len(rows) / 307)
        with (target / name).open("w", encoding=encoding, newline="") as output:
            writer = csv.writer(output, delimiter=delimiter)
            writer.writerow(header)
            for index in range(share):
                row = list(rows[index % len(rows)])
                copy = index // len(rows)
                if copy:
                    row[phone_column] = f"0813{copy:04d}{index % len(rows):04d}"
                    if name == "google_forms_responses.csv":
                        row[1] = f"r{copy}.{index % len(rows)}@example.com"
                writer.writerow(row)


def measure(respondents: int) -> dict:
    """Run the pipeline on a scaled copy in a child process and return its wall time and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        survey = Path(folder) / "survey"
        scaled_copy(survey, respondents)
        code = ("import json, resource, time; from smartcity_impact.pipeline import run_survey; "
                "start = time.perf_counter(); result = run_survey(%r); elapsed = time.perf_counter() - start; "
                "print(json.dumps({'seconds': elapsed, 'rows': sum(c.read for c in result.collection.source_counts), "
                "'peak_kib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))") % str(survey)
        started = time.perf_counter()
        output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        figures["process_seconds"] = time.perf_counter() - started
        return figures


def main() -> None:
    """Print one Markdown row per size given on the command line."""
    sizes = [int(argument) for argument in sys.argv[1:]] or list(DEFAULT_SIZES)
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"{resource.getpagesize()} B pages")
    print("| rows read | run_survey (s) | whole process (s) | peak memory (MiB) |")
    print("| ---: | ---: | ---: | ---: |")
    for size in sizes:
        figures = measure(size)
        print(f"| {figures['rows']} | {figures['seconds']:.2f} | {figures['process_seconds']:.2f} | "
              f"{figures['peak_kib'] / 1024:.0f} |")


if __name__ == "__main__":
    main()
