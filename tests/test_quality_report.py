"""Specification of the quality report: quality_flags.csv, laporan_kualitas.html and review decisions.

The HTML report is opened in a real headless Chromium (Debian's package,
driven through Playwright) and must load without console errors.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpers_pipeline import copy_sample, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def read_flags(path: Path) -> list[dict[str, str]]:
    """Return the rows of a quality_flags.csv."""
    with path.open(encoding="utf-8", newline="") as csv_file:
        return list(csv.DictReader(csv_file))


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Path, object]:
    """Run ``check`` in English on a copy of the sample; return the survey folder and the command's result."""
    survey = copy_sample(tmp_path_factory.mktemp("quality") / "survey")
    return survey, run_cli("check", str(survey), "--lang", "en")


def test_check_exit_status_two_for_planted_unreadable_answers(checked):
    _survey, result = checked

    assert result.status == 2


def test_check_writes_both_files(checked):
    survey, _result = checked

    assert (survey / "hasil" / "quality_flags.csv").is_file()
    assert (survey / "hasil" / "laporan_kualitas.html").is_file()


def test_check_prints_the_report_path(checked):
    _survey, result = checked

    assert "laporan_kualitas.html" in result.stdout


def test_quality_flags_one_row_per_finding(checked):
    survey, _result = checked

    rows = read_flags(survey / "hasil" / "quality_flags.csv")
    pairs = {(row["response"], row["code"]) for row in rows}

    assert len(pairs) == len(rows)


def test_quality_report_opens_in_chromium_without_console_errors(checked):
    playwright = pytest.importorskip("playwright.sync_api")
    survey, _result = checked
    report = survey / "hasil" / "laporan_kualitas.html"
    messages = []

    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        page.on("console", lambda message: messages.append((message.type, message.text)))
        page.on("pageerror", lambda error: messages.append(("pageerror", str(error))))
        page.goto(report.as_uri())
        headings = page.locator("h2").all_inner_texts()
        browser.close()

    assert [message for message in messages if message[0] in ("error", "pageerror")] == []
    assert "Correction log" in headings
    assert "Findings per check" in headings


def test_review_exclude_changes_next_run(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    first = run_cli("run", str(survey), "--lang", "en")

    recorded = run_cli("review", str(survey), "google-forms:2", "--exclude", "--initials", "AB",
                       "--reason", "respondent lives outside the region", "--lang", "en")
    second = run_cli("run", str(survey), "--lang", "en")
    log = (survey / "hasil" / "laporan_kualitas.html").read_text(encoding="utf-8")

    assert first.status == 2
    assert recorded.status == 0
    assert "Smart Governance  │    50 │    49" in second.stdout
    assert "excluded-on-review" in (survey / "hasil" / "responses_excluded.csv").read_text(encoding="utf-8")
    assert "respondent lives outside the region" in log


def test_review_unknown_response_exit_one(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    run_cli("ingest", str(survey))

    result = run_cli("review", str(survey), "google-forms:9999", "--keep", "--initials", "AB", "--lang", "en")

    assert result.status == 1
    assert "google-forms:9999" in result.stderr


def test_review_keep_and_exclude_together_rejected(tmp_path):
    survey = copy_sample(tmp_path / "survey")

    result = run_cli("review", str(survey), "google-forms:2", "--keep", "--exclude", "--initials", "AB")

    assert result.status == 1
