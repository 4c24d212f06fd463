"""Specifications of the printable paper forms: one per quota cell, with the item codes the paper reader expects."""

from __future__ import annotations

import re

import pytest

from helpers_pipeline import SAMPLE_DIR, copy_sample, run_cli
from smartcity_impact.errors import ConfigError
from survey.config import load_survey_config
from survey.forms import render_paper_form, write_paper_forms

ITEM_CODE = re.compile(r"<td>(Q\d+)</td>")


@pytest.fixture(scope="module")
def sample_config():
    return load_survey_config(SAMPLE_DIR)


def test_paper_form_lists_dimension_items(sample_config):
    html = render_paper_form(sample_config, "governance")

    assert ITEM_CODE.findall(html) == [f"Q{number}" for number in range(50, 59)]


def test_paper_form_names_programme_and_agency(sample_config):
    html = render_paper_form(sample_config, "economy")

    assert "Bursa kerja daring" in html
    assert "Disnakertrans" in html


def test_paper_form_has_scale_labels(sample_config):
    html = render_paper_form(sample_config, "living")

    for label in ("Sangat Tidak Setuju", "Tidak Setuju", "Setuju", "Sangat Setuju"):
        assert f"<br>{label}</th>" in html


def test_paper_form_per_sub_dimension_cell(tmp_path):
    survey_dir = copy_sample(tmp_path / "survey")
    toml = survey_dir / "survey.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'design = "per-dimension"', 'design = "per-dimension"\ndesigns = { economy = "per-sub-dimension" }'),
        encoding="utf-8")
    config = load_survey_config(survey_dir)

    html = render_paper_form(config, "economy.II")

    assert ITEM_CODE.findall(html) == ["Q71", "Q72", "Q73"]


def test_paper_form_unknown_cell_raises(sample_config):
    with pytest.raises(ConfigError) as raised:
        render_paper_form(sample_config, "economy.II")

    assert raised.value.code == "cell-unknown"


def test_paper_form_english_headings(sample_config, english):
    html = render_paper_form(sample_config, "society")

    assert "Statement" in html
    assert 'lang="en"' in html


def test_write_paper_forms_every_cell(tmp_path, sample_config):
    paths = write_paper_forms(sample_config, tmp_path)

    assert [path.name for path in paths] == [f"formulir_{code}.html" for code in
                                            ("governance", "branding", "economy", "living", "society",
                                             "environment")]


def test_form_command_writes_chosen_cell(tmp_path):
    survey_dir = copy_sample(tmp_path / "survey")

    run = run_cli("form", str(survey_dir), "--cell", "branding")

    assert run.status == 0
    assert (survey_dir / "formulir" / "formulir_branding.html").exists()
    assert not (survey_dir / "formulir" / "formulir_governance.html").exists()
