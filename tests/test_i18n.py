"""Translations: a complete Indonesian catalogue, intact placeholders, number formats and the CLI language."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from smartcity_impact import i18n

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "update_catalog.py"
CATALOG_FILE = ROOT / "smartcity_impact" / "locales" / "id" / "LC_MESSAGES" / "messages.po"
CLI = [sys.executable, "-c", "from smartcity_impact.cli import main; main()"]
LANGUAGE_VARIABLES = ("SMARTCITY_IMPACT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")

BRACE_FIELD = re.compile(r"\{[^{}]*\}")
NAMED_PERCENT_FIELD = re.compile(r"%\(\w+\)[#0+-]?\d*(?:\.\d+)?[sdifrx]")
POSITIONAL_PERCENT_FIELD = re.compile(r"%[#0+-]?\d*(?:\.\d+)?[sdifrx]")

USAGE_ID = "Penggunaan:"
USAGE_EN = "Usage:"


def load_update_catalog():
    """Import scripts/update_catalog.py, which is not part of an installed package."""
    spec = importlib.util.spec_from_file_location("update_catalog", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def placeholders(text: str) -> tuple[list[str], list[str]]:
    """Return the named fields of ``text`` sorted ({file}, %(prog)s) and its positional %-fields in order."""
    named = sorted(BRACE_FIELD.findall(text) + NAMED_PERCENT_FIELD.findall(text))
    positional = POSITIONAL_PERCENT_FIELD.findall(NAMED_PERCENT_FIELD.sub("", text))
    return named, positional


def first_msgid(message) -> str:
    """Return the msgid of a message, the singular one of a plural entry."""
    return message.id if isinstance(message.id, str) else message.id[0]


def translations_of(message) -> list[str]:
    """Return the msgstr of a message as a list: one string, or every plural form."""
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def cli_environment(**variables: str) -> dict[str, str]:
    """Return this process's environment with a neutral locale, no language choice, and ``variables``."""
    environment = {name: value for name, value in os.environ.items() if name not in LANGUAGE_VARIABLES}
    environment["LANG"] = "C.UTF-8"
    environment.update(variables)
    return environment


def run_cli(*arguments: str, **variables: str) -> subprocess.CompletedProcess:
    """Run ``smartcity-impact`` with ``arguments`` in a subprocess and capture its output."""
    return subprocess.run([*CLI, *arguments], env=cli_environment(**variables), capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def update_catalog():
    return load_update_catalog()


@pytest.fixture(scope="module")
def template(update_catalog):
    """The msgids extracted from the current sources."""
    return update_catalog.extract_template(ROOT)


@pytest.fixture(scope="module")
def merged_catalog(update_catalog, tmp_path_factory):
    """The Indonesian catalogue as scripts/update_catalog.py would update it, written to a temporary folder."""
    locales = tmp_path_factory.mktemp("locales")
    catalog_file = locales / "id" / "LC_MESSAGES" / "messages.po"
    catalog_file.parent.mkdir(parents=True)
    shutil.copyfile(CATALOG_FILE, catalog_file)
    return update_catalog.update_catalogs(template_file=locales / "messages.pot", catalog_file=catalog_file, root=ROOT)


@pytest.fixture(scope="module")
def catalog():
    """The committed Indonesian catalogue."""
    with CATALOG_FILE.open("rb") as catalog_file:
        return read_po(catalog_file, locale="id")


@pytest.fixture
def language():
    """Restore the active language after a test that changes it."""
    previous = i18n.active_language()
    yield
    i18n.set_language(previous)


def test_catalog_translates_every_extracted_msgid(merged_catalog):
    empty = [first_msgid(message) for message in merged_catalog
             if message.id and not all(translations_of(message))]
    assert empty == []


def test_catalog_has_no_fuzzy_translation(merged_catalog):
    fuzzy = [first_msgid(message) for message in merged_catalog if message.id and message.fuzzy]
    assert fuzzy == []


def test_catalog_placeholders_match_msgids(catalog):
    mismatches = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            pairs = [(message.id, message.string)]
        else:
            # Indonesian has one plural form, used for every count: it must carry
            # the fields of the plural msgid.
            pairs = [(message.id[1], form) for form in translations_of(message)]
        for msgid, msgstr in pairs:
            if msgstr and placeholders(msgid) != placeholders(msgstr):
                mismatches.append((msgid, msgstr))
    assert mismatches == []


def test_catalog_passes_babel_checks(catalog):
    errors = [(first_msgid(message), [str(error) for error in message_errors])
              for message, message_errors in catalog.check()]
    assert errors == []


def test_catalog_has_one_plural_form(catalog):
    assert catalog.num_plurals == 1


def test_template_click_extra_arguments_plural(template):
    message = template.get("Got unexpected extra argument ({args})")
    assert message.id == ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})")


def test_template_runtime_messages_cover_modes(update_catalog):
    from survey.config import MODES

    runtime = {message for message, _origin in update_catalog.RUNTIME_MESSAGES}
    assert set(MODES) <= runtime


def test_extractor_finds_error_templates_and_tables(update_catalog, tmp_path):
    package = tmp_path / "survey"
    package.mkdir()
    (package / "sample.py").write_text(
        "from smartcity_impact.errors import ReadError\n"
        "from smartcity_impact.i18n import gettext as _\n"
        "REASONS = {'late': ('review', 'submitted late')}\n"
        "def fail(path, name):\n"
        "    print(f\"[b]{_('Inside an f-string')}[/b]\")\n"
        "    raise ReadError('sample', 'Row {row} is odd.', hint='Fix row {row}.', file=path, row=1, name=name)\n",
        encoding="utf-8")

    template = update_catalog.extract_template(tmp_path)

    msgids = {first_msgid(message) for message in template if message.id}
    assert "Row {row} is odd." in msgids
    assert "Fix row {row}." in msgids
    assert "submitted late" in msgids
    assert "Inside an f-string" in msgids
    assert "sample" not in msgids


def test_ngettext_click_plural_indonesian(language):
    i18n.set_language("id")

    singular = i18n.ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    plural = i18n.ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 2)

    assert singular == "Ada argumen berlebih yang tidak diharapkan ({args})"
    assert plural == singular


def test_format_decimal_indonesian_comma(language):
    i18n.set_language("id")
    assert i18n.format_decimal(3.7777, 2) == "3,78"


def test_format_decimal_english_point(language):
    i18n.set_language("en")
    assert i18n.format_decimal(3.7777, 2) == "3.78"


def test_cli_help_indonesian_by_default():
    result = run_cli("--help")
    assert result.returncode == 0
    assert USAGE_ID in result.stdout
    assert USAGE_EN not in result.stdout
    assert "Tampilkan pesan ini lalu keluar." in result.stdout


def test_cli_help_english_with_lang_option():
    result = run_cli("--lang", "en", "--help")
    assert result.returncode == 0
    assert USAGE_EN in result.stdout
    assert USAGE_ID not in result.stdout


def test_cli_help_english_from_environment():
    result = run_cli("--help", SMARTCITY_IMPACT_LANG="en")
    assert result.returncode == 0
    assert USAGE_EN in result.stdout
    assert USAGE_ID not in result.stdout


def test_cli_run_help_indonesian_by_default():
    result = run_cli("run", "--help")
    assert result.returncode == 0
    assert USAGE_ID in result.stdout
    assert USAGE_EN not in result.stdout
    assert "Folder berkas hasil" in result.stdout


def test_cli_run_help_english_with_lang_option():
    result = run_cli("run", "--help", "--lang", "en")
    assert result.returncode == 0
    assert USAGE_EN in result.stdout
    assert "Folder for the result files" in result.stdout


def test_cli_run_help_english_from_environment():
    result = run_cli("run", "--help", SMARTCITY_IMPACT_LANG="en")
    assert result.returncode == 0
    assert USAGE_EN in result.stdout
    assert USAGE_ID not in result.stdout


def test_cli_lang_option_overrides_environment():
    result = run_cli("--lang", "id", "--help", SMARTCITY_IMPACT_LANG="en")
    assert USAGE_ID in result.stdout


def test_cli_missing_argument_indonesian():
    result = run_cli("run")
    assert "Tidak ada nilai untuk argumen 'SURVEY_DIR'." in result.stderr


def test_cli_invalid_choice_indonesian():
    result = run_cli("run", "--csv-dialect", "semicolon", "survey")
    assert "'semicolon' bukan salah satu dari 'standard', 'excel-id'." in result.stderr


def test_cli_unknown_option_suggestion_indonesian():
    result = run_cli("run", "--verbos", "survey")
    assert "Opsi '--verbos' tidak dikenal. Mungkin maksud Anda '--verbose'?" in result.stderr
