"""Specification of survey.pseudonyms: personal data is replaced by keyed pseudonyms when a survey is read.

Every test works on its own copy of the sample survey (or its own folder) in tmp_path.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import logging
import os
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers_pipeline import copy_sample, run_cli, sample_personal_values
from smartcity_impact.errors import SmartCityImpactError
from smartcity_impact.pipeline import run_survey
from survey import pseudonyms
from survey.collection import collect_survey
from survey.columns import match_columns
from survey.config import load_survey_config
from survey.normalization import normalize_nik, normalize_table
from survey.pseudonyms import KEY_FILE, KEY_FOLDER, Pseudonymizer, survey_pseudonymizer
from survey.readers import read_source

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="file permission bits are POSIX")
# Column titles of the respondent's name, phone number and e-mail address in the sample files.
SAME_PHONE = ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "0812 3456 7890", "081234567890",
              "+62-812-3456-7890"]


def key_path(survey: Path) -> Path:
    return survey / KEY_FOLDER / KEY_FILE


def collect(survey: Path):
    """Return the collection of the survey folder ``survey``, as the run command reads it."""
    return collect_survey(load_survey_config(survey))


def responses_by_id(collection) -> dict:
    return {assessment.response.response_id: assessment.response for assessment in collection.assessments}


def write_paper_form(path: Path, phones: list[str]) -> Path:
    """Write a paper-form CSV with one complete governance row per phone number."""
    with path.open("w", encoding="utf-8", newline="") as csv_file:
        writer = csv.writer(csv_file, delimiter=";")
        writer.writerow(["No. Formulir", "Nama", "No. HP", *[f"Q{number}" for number in range(50, 59)]])
        for index, phone in enumerate(phones, start=1):
            writer.writerow([f"{index:04d}", f"Responden {index}", phone, *["4"] * 9])
    return path


def phone_keys(path: Path, make_source, instrument, pseudonymizer=None) -> list[str | None]:
    """Return the phone pseudonym of every row of the paper-form file at ``path``."""
    source = make_source(path, kind="paper_form")
    table = read_source(source)
    responses = normalize_table(table, match_columns(table, instrument, {}), source, instrument, pseudonymizer)
    return [response.phone_key for response in responses]


# The key file.

@POSIX_ONLY
def test_key_file_owner_only(tmp_path):
    survey = copy_sample(tmp_path / "survey")

    collect(survey)

    key = key_path(survey)
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes()) == 32


def test_key_reused_next_run(tmp_path, english):
    survey = copy_sample(tmp_path / "survey")
    run_survey(survey, tmp_path / "first")
    secret = key_path(survey).read_bytes()

    # The second run is a new process, so only the stored key can give it the same pseudonyms.
    second = run_cli("run", str(survey), "--out", str(tmp_path / "second"), "--lang", "en")

    assert second.status == 2, second.stderr
    assert key_path(survey).read_bytes() == secret
    first_excluded = (tmp_path / "first" / "responses_excluded.csv").read_text(encoding="utf-8")
    second_excluded = (tmp_path / "second" / "responses_excluded.csv").read_text(encoding="utf-8")
    assert first_excluded == second_excluded


def test_key_reused_same_pseudonyms(tmp_path):
    survey = copy_sample(tmp_path / "survey")

    first = responses_by_id(collect(survey))
    second = responses_by_id(collect(survey))

    assert {key: r.pseudonyms for key, r in first.items()} == {key: r.pseudonyms for key, r in second.items()}
    assert first["google-forms:2"].phone_key == Pseudonymizer(key_path(survey).read_bytes()).pseudonym(
        "phone", "81250000018")


def test_key_reused_by_concurrent_runs(tmp_path, monkeypatch):
    """Runs that start together share one key: O_EXCL lets one create it, and the others read it."""
    monkeypatch.setattr(pseudonyms, "READ_RETRY_SECONDS", 0.01)
    barrier = threading.Barrier(8)

    def create(_index: int) -> bytes:
        barrier.wait()
        return survey_pseudonymizer(tmp_path).secret

    with ThreadPoolExecutor(max_workers=8) as pool:
        secrets_seen = set(pool.map(create, range(8)))

    assert secrets_seen == {key_path(tmp_path).read_bytes()}


def test_different_folders_different_pseudonyms(tmp_path):
    first = responses_by_id(collect(copy_sample(tmp_path / "first")))
    second = responses_by_id(collect(copy_sample(tmp_path / "second")))

    assert first["google-forms:2"].phone_key is not None
    assert first["google-forms:2"].phone_key != second["google-forms:2"].phone_key
    assert first["google-forms:2"].email_key != second["google-forms:2"].email_key
    assert first["google-forms:2"].pseudonyms["name"] != second["google-forms:2"].pseudonyms["name"]


@POSIX_ONLY
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604], ids=["0644", "0640", "0604"])
def test_wide_key_permissions_warn(tmp_path, caplog, english, mode):
    key = key_path(tmp_path)
    key.parent.mkdir(mode=0o700)
    key.write_bytes(bytes(range(32)))
    key.chmod(mode)
    caplog.set_level(logging.WARNING)

    survey_pseudonymizer(tmp_path)

    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert str(key) in warnings[0]
    assert "chmod 600" in warnings[0]
    assert bytes(range(32)).hex() not in caplog.text


@POSIX_ONLY
def test_owner_only_key_no_warning(tmp_path, caplog):
    survey_pseudonymizer(tmp_path)
    caplog.set_level(logging.WARNING)

    survey_pseudonymizer(tmp_path)

    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_short_key_file_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(pseudonyms, "READ_RETRY_SECONDS", 0)
    key = key_path(tmp_path)
    key.parent.mkdir()
    key.write_bytes(b"short")

    with pytest.raises(SmartCityImpactError) as raised:
        survey_pseudonymizer(tmp_path)

    assert raised.value.code == "pseudonym-key-damaged"
    assert str(key) in str(raised.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions that bind the user")
def test_read_only_folder_rejected(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(SmartCityImpactError) as raised:
            survey_pseudonymizer(tmp_path)
    finally:
        tmp_path.chmod(0o700)

    assert raised.value.code == "pseudonym-key-not-created"


def test_pseudonymizer_repr_hides_secret():
    pseudonymizer = Pseudonymizer(bytes(range(32)))

    assert bytes(range(32)).hex() not in repr(pseudonymizer)
    assert repr(bytes(range(32))) not in repr(pseudonymizer)


def test_pseudonymizer_rejects_short_secret():
    with pytest.raises(ValueError):
        Pseudonymizer(b"0123456789")


# Pseudonyms of personal values.

def test_phone_formats_one_pseudonym(tmp_path, make_source, instrument):
    path = write_paper_form(tmp_path / "formulir.csv", [*SAME_PHONE, "0812-3456-7891"])

    keys = phone_keys(path, make_source, instrument, survey_pseudonymizer(tmp_path))

    assert keys[0] is not None
    assert set(keys[:len(SAME_PHONE)]) == {keys[0]}
    assert keys[-1] != keys[0]


def test_phone_pseudonym_hex_digits(tmp_path, make_source, instrument):
    path = write_paper_form(tmp_path / "formulir.csv", ["0812-3456-7890"])

    key = phone_keys(path, make_source, instrument)[0]

    assert len(key) == 32
    assert int(key, 16) >= 0


def test_phone_pseudonym_not_plain_hash(tmp_path, make_source, instrument):
    """A keyed hash: the pseudonym is not the SHA-256 of the number that anyone could compute."""
    path = write_paper_form(tmp_path / "formulir.csv", ["0812-3456-7890"])

    key = phone_keys(path, make_source, instrument)[0]

    for message in ("81234567890", "phone:81234567890"):
        assert key not in hashlib.sha256(message.encode()).hexdigest()


@pytest.mark.parametrize(("text", "expected"), [
    ("6309011234560001", "6309011234560001"),
    ("6309 0112 3456 0001", "6309011234560001"),
    ("6309.0112.3456.0001", "6309011234560001"),
    ("0000000000000000", None),
    ("630901123456000", None),
    ("6,30901E+15", None),
    ("", None),
    (None, None),
])
def test_normalize_nik_sixteen_digits(text, expected):
    assert normalize_nik(text) == expected


def test_responses_hold_no_raw_personal_values(tmp_path):
    values = sample_personal_values()
    phone_digits = {"".join(c for c in value if c.isdigit()) for value in values if "@" not in value}
    national = {digits[2:] if digits.startswith("62") else digits.lstrip("0") for digits in phone_digits}
    searched = values | {value.casefold() for value in values} | {d for d in phone_digits | national if len(d) >= 8}

    collection = collect(copy_sample(tmp_path / "survey"))
    text = "\n".join(repr(assessment.response) for assessment in collection.assessments)

    assert len(values) > 600
    assert len(collection.assessments) > 300
    assert sorted(value for value in searched if value in text) == []


def test_responses_keep_pseudonym_per_field(tmp_path):
    response = responses_by_id(collect(copy_sample(tmp_path / "survey")))["google-forms:2"]

    assert sorted(response.pseudonyms) == ["email", "name", "phone"]
    assert response.pseudonyms["phone"] == response.phone_key
    assert response.pseudonyms["email"] == response.email_key
    assert response.nik_key is None


def test_key_absent_from_outputs_and_logs(tmp_path, caplog, english):
    caplog.set_level(logging.DEBUG)
    survey = copy_sample(tmp_path / "survey")

    run_survey(survey)
    run_survey(survey)
    secret = key_path(survey).read_bytes()
    cli = run_cli("run", str(survey), "--lang", "en")

    forms = [secret.hex(), secret.hex().upper(), base64.b64encode(secret).decode(), repr(secret)]
    outputs = sorted(path for path in (survey / "hasil").rglob("*") if path.is_file())
    assert len(outputs) == 6
    for path in outputs:
        content = path.read_bytes()
        assert secret not in content, path.name
        assert [form for form in forms if form.encode() in content] == [], path.name
    assert [form for form in forms if form in caplog.text] == []
    assert [form for form in forms if form in cli.stdout + cli.stderr] == []


# Duplicate respondents on pseudonyms.

def test_sample_duplicate_respondent_found(tmp_path):
    collection = collect(copy_sample(tmp_path / "survey"))
    assessments = {assessment.response.response_id: assessment for assessment in collection.assessments}

    duplicate = assessments["paper-forms:79"]

    assert [(reason.code, reason.value) for reason in duplicate.reasons] == [
        ("duplicate-respondent", "google-forms:140")]
    assert duplicate.response.phone_key == assessments["google-forms:140"].response.phone_key


def test_excluded_list_shows_respondent_pseudonym(tmp_path, english):
    survey = copy_sample(tmp_path / "survey")
    result = run_survey(survey)
    responses = responses_by_id(result.collection)

    with (survey / "hasil" / "responses_excluded.csv").open(encoding="utf-8", newline="") as csv_file:
        records = list(csv.reader(csv_file))

    assert records[0][:3] == ["response", "respondent pseudonym", "source"]
    shown = {record[0]: record[1] for record in records[1:]}
    assert shown["paper-forms:79"] == responses["google-forms:140"].phone_key
    assert shown == {response_id: responses[response_id].respondent_key or "" for response_id in shown}


def set_niks(survey: Path, niks: dict[int, str]) -> None:
    """Write NIKs into the NIK column of the paper forms of ``survey``: ``niks`` maps spreadsheet row to NIK."""
    path = survey / "formulir_kertas.csv"
    with path.open(encoding="cp1252", newline="") as csv_file:
        records = list(csv.reader(csv_file, delimiter=";"))
    column = records[0].index("NIK")
    for number, nik in niks.items():
        records[number - 1][column] = nik
    with path.open("w", encoding="cp1252", newline="") as csv_file:
        csv.writer(csv_file, delimiter=";", lineterminator="\r\n").writerows(records)


def set_respondent_keys(survey: Path, keys: str) -> None:
    path = survey / "survey.toml"
    path.write_text(path.read_text(encoding="utf-8") + f"\n[checks]\nrespondent_keys = {keys}\n", encoding="utf-8")


def test_nik_respondent_key_finds_duplicate(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    set_niks(survey, {2: "6309 0112 3456 0001", 3: "6309011234560001"})
    set_respondent_keys(survey, '["phone", "email", "nik"]')

    collection = collect(survey)
    assessments = {assessment.response.response_id: assessment for assessment in collection.assessments}

    kept, duplicate = assessments["paper-forms:2"], assessments["paper-forms:3"]
    assert kept.response.nik_key is not None
    assert kept.response.nik_key == duplicate.response.nik_key
    assert kept.reasons == ()
    assert [(reason.code, reason.value) for reason in duplicate.reasons] == [("duplicate-respondent", "paper-forms:2")]


def test_nik_not_a_default_respondent_key(tmp_path):
    survey = copy_sample(tmp_path / "survey")
    set_niks(survey, {2: "6309 0112 3456 0001", 3: "6309011234560001"})

    assessments = {a.response.response_id: a for a in collect(survey).assessments}

    assert load_survey_config(survey).respondent_keys == ("phone", "email")
    for response_id in ("paper-forms:2", "paper-forms:3"):
        assert "duplicate-respondent" not in [reason.code for reason in assessments[response_id].reasons]


def test_key_folder_blocked_by_file(tmp_path):
    (tmp_path / KEY_FOLDER).write_text("not a folder", encoding="utf-8")

    with pytest.raises(SmartCityImpactError) as raised:
        survey_pseudonymizer(tmp_path)

    assert raised.value.code == "pseudonym-key-not-created"
    assert str(tmp_path / KEY_FOLDER) in str(raised.value)
