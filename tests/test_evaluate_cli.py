"""Specification of ``smartcity-impact evaluate`` and of the Nilai Final that ``run`` prints, run as a user runs them.

The environment names no language, so output is Indonesian (decimal commas)
unless ``--lang en`` is given.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from helpers_pipeline import copy_sample, run_cli

DATA = Path(__file__).parent / "data" / "evaluation"
TABLE_FILES = ["evaluation.csv", "evaluation.html", "evaluation.xlsx"]


@pytest.fixture(scope="module")
def table_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("evaluasi")
    return run_cli("evaluate", str(DATA / "national_2024_part1.tsv"), "--out", str(out)), out


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """Run the sample survey, whose survey.toml has Tabalong's other published dimension scores."""
    survey = copy_sample(tmp_path_factory.mktemp("sample"))
    return run_cli("run", str(survey)), survey


def test_evaluate_questions_indonesian():
    run = run_cli("evaluate", str(DATA / "tabalong_2024_question_scores.tsv"), "--category", "REGULER")

    assert run.status == 0
    assert "Nilai Final: 3,55" in run.stdout


@pytest.mark.parametrize("score", ["3,80", "3,55", "3,45", "3,78", "3,33"])
def test_evaluate_questions_dimension_scores(score):
    run = run_cli("evaluate", str(DATA / "tabalong_2024_question_scores.tsv"), "--category", "REGULER")

    assert score in run.stdout


def test_evaluate_questions_english():
    run = run_cli("evaluate", str(DATA / "tabalong_2024_question_scores.tsv"), "--category", "REGULER",
                  "--lang", "en")

    assert "Nilai Final: 3.55" in run.stdout
    assert "Evaluation dimension" in run.stdout


def test_evaluate_questions_category_required():
    run = run_cli("evaluate", str(DATA / "tabalong_2024_question_scores.tsv"), "--lang", "en")

    assert run.status == 1
    assert "--category" in run.flat_stderr


def test_evaluate_target_impact_needed():
    run = run_cli("evaluate", str(DATA / "tabalong_2024_question_scores.tsv"), "--category", "REGULER",
                  "--target", "3,50", "--lang", "en")

    assert "Impact needed for Nilai Final 3.50: 3.53" in run.flat_stdout


def test_evaluate_target_unreachable():
    run = run_cli("evaluate", str(DATA / "tabalong_2024_question_scores.tsv"), "--category", "REGULER",
                  "--target", "3.60", "--lang", "en")

    assert "cannot be reached: even Impact 4.00 gives 3.59" in run.flat_stdout


def test_evaluate_options_only_kppn_ikn():
    """Without Program Kolaborasi a KPPN IKN region's Nilai Final counts it as 0: Karo's 2,26."""
    run = run_cli("evaluate", "--baseline", "2,8", "--output", "2,24", "--outcome", "2,72", "--impact", "2,8",
                  "--quick-win", "2,12", "--category", "KPPN IKN")

    assert "Nilai Final: 2,26" in run.stdout


def test_evaluate_improvement_printed():
    run = run_cli("evaluate", str(DATA / "tabalong_2024_question_scores.tsv"), "--category", "REGULER",
                  "--previous-final", "3,45", "--lang", "en")

    assert "Tingkat Improvement: +0.10 (previous Nilai Final 3.45)" in run.flat_stdout


def test_evaluate_table_exit_zero(table_run):
    run, _out = table_run

    assert run.status == 0


def test_evaluate_table_all_agree(table_run):
    run, _out = table_run

    assert "(70)" in run.stdout
    assert "Traceback" not in run.stderr


def test_evaluate_table_files_written(table_run):
    _run, out = table_run

    assert sorted(path.name for path in out.iterdir()) == TABLE_FILES


def test_evaluate_table_csv_codes(table_run):
    """The CSV lists the regions by rank with their Kemendagri code, Gunungkidul first."""
    _run, out = table_run
    with (out / "evaluation.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.reader(table))

    assert len(rows) == 71
    assert rows[1][3:5] == ["KAB. GUNUNGKIDUL", "34.03"]


def test_evaluate_table_html_region(table_run):
    _run, out = table_run

    assert "KAB. KONawe SELATAN" in (out / "evaluation.html").read_text(encoding="utf-8")


def test_evaluate_table_rejected_row_status_two(tmp_path):
    run = run_cli("evaluate", str(DATA / "unreadable_number.tsv"), "--out", str(tmp_path), "--lang", "en")

    assert run.status == 2
    assert "row 3, column 'OUTPUT'" in run.flat_stderr
    assert "'2.69' is not a number" in run.flat_stderr


def test_evaluate_table_unknown_header_indonesian(tmp_path):
    run = run_cli("evaluate", str(DATA / "unknown_header.tsv"), "--out", str(tmp_path))

    assert run.status == 1
    assert "Traceback" not in run.stderr
    assert "'QUICK WINS'" in run.flat_stderr
    assert "Unknown column" not in run.stderr


def test_evaluate_table_names_reported(tmp_path):
    run = run_cli("evaluate", str(DATA / "names_to_check.tsv"), "--out", str(tmp_path), "--lang", "en")

    assert "'KAB. ANTAH BERANTAH' matches no kabupaten/kota" in run.flat_stdout
    assert "'KAB. TABALON' is 63.09 Kabupaten Tabalong" in run.flat_stdout


def test_evaluate_table_region_what_if(tmp_path):
    run = run_cli("evaluate", str(DATA / "national_2024_part1.tsv"), "--out", str(tmp_path), "--region",
                  "KAB. BANYUWANGI", "--target", "3,65", "--lang", "en")

    assert "Impact needed for Nilai Final 3.65: 3.85" in run.flat_stdout


def test_evaluate_bad_score_option():
    run = run_cli("evaluate", "--baseline", "tiga", "--lang", "en")

    assert run.status == 1
    assert "'tiga' is not a score" in run.flat_stderr


def test_run_prints_final_score(sample_run):
    run, _survey = sample_run

    assert "Nilai Final: 3,55" in run.stdout


def test_evaluate_survey_folder(sample_run, tmp_path):
    """After run, evaluate on the survey folder joins its Impact score with the scores of [evaluation]."""
    _run, survey = sample_run

    run = run_cli("evaluate", str(survey), "--previous-final", "3,45", "--out", str(tmp_path))
    record = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))

    assert "Nilai Final: 3,55" in run.stdout
    assert record["region_code"] == "63.09"
    assert record["improvement"] == 0.1


def test_evaluate_survey_score_given_twice(sample_run):
    _run, survey = sample_run

    run = run_cli("evaluate", str(survey), "--baseline", "3", "--lang", "en")

    assert run.status == 1
    assert "given twice" in run.flat_stderr


def test_evaluate_summary_without_category_option(sample_run):
    """An impact_summary.json states the category, so the other scores are enough."""
    _run, survey = sample_run

    run = run_cli("evaluate", str(survey / "hasil" / "impact_summary.json"), "--baseline", "3,8", "--output",
                  "3,55", "--outcome", "3,45", "--quick-win", "3,33")

    assert "Nilai Final: 3,55" in run.stdout
