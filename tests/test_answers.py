"""Specification of survey.answers.normalize_answer: one answer cell to a scale point, missing or rejected."""

from __future__ import annotations

import pytest

from survey.answers import OUT_OF_RANGE, UNREADABLE, normalize_answer


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1", 1),
        ("4", 4),
        (" 3 ", 3),
        ("Setuju", 3),
        ("Tidak Setuju", 2),
        ("Sangat Tidak Setuju", 1),
        ("Sangat Setuju", 4),
        ("sangat setuju ", 4),
        ("SANGAT  SETUJU", 4),
        ("Baik", 3),
        ("Kurang Baik", 2),
        ("Tidak Baik", 1),
        ("Sangat Baik", 4),
        ("Strongly agree", 4),
        ("4 - Sangat Setuju", 4),
        ("2 - Tidak Setuju", 2),
        ("4. Sangat Setuju", 4),
        ("1) Sangat Tidak Setuju", 1),
    ],
)
def test_normalize_answer_reads_scale_point(instrument, cell, expected):
    assert normalize_answer(cell, instrument.scale, ",").value == expected


@pytest.mark.parametrize(
    ("cell", "decimal", "expected"),
    [
        ("4,0", ",", 4),
        ("4.0", ".", 4),
        ("3", ",", 3),
        ("3", ".", 3),
    ],
)
def test_normalize_answer_whole_number_in_source_convention(instrument, cell, decimal, expected):
    assert normalize_answer(cell, instrument.scale, decimal).value == expected


@pytest.mark.parametrize(
    ("cell", "decimal", "reason"),
    [
        ("0", ",", OUT_OF_RANGE),
        ("5", ",", OUT_OF_RANGE),
        ("-1", ",", OUT_OF_RANGE),
        ("3,5", ",", OUT_OF_RANGE),
        ("3.5", ".", OUT_OF_RANGE),
        ("25.000", ",", OUT_OF_RANGE),
        ("4 - Tidak Setuju", ",", UNREADABLE),
        ("3 - Sangat Setuju", ",", UNREADABLE),
        ("lumayan", ",", UNREADABLE),
        ("Setuju sekali", ",", UNREADABLE),
        ("4.0", ",", UNREADABLE),
        ("3,5", ".", UNREADABLE),
        ("3 4", ",", UNREADABLE),
    ],
)
def test_normalize_answer_rejects_with_reason(instrument, cell, decimal, reason):
    assert normalize_answer(cell, instrument.scale, decimal).reason == reason


@pytest.mark.parametrize("cell", ["4 - Tidak Setuju", "lumayan", "0", "5", "3,5"])
def test_normalize_answer_rejection_has_no_value(instrument, cell):
    assert normalize_answer(cell, instrument.scale, ",").value is None


@pytest.mark.parametrize("cell", ["Tidak tahu", "tidak TAHU ", "TT", "Tidak tahu / tidak menjawab", "N/A"])
def test_normalize_answer_dont_know_is_missing(instrument, cell):
    answer = normalize_answer(cell, instrument.scale, ",")

    assert answer.value is None
    assert answer.dont_know
    assert answer.reason is None


@pytest.mark.parametrize("cell", ["", "   ", "\u00a0"])
def test_normalize_answer_blank_is_missing(instrument, cell):
    answer = normalize_answer(cell, instrument.scale, ",")

    assert answer.value is None
    assert not answer.dont_know
    assert answer.reason is None


def test_normalize_answer_label_never_matches_inside_label(instrument):
    # "Setuju" (3) is a word of "Tidak Setuju" (2) and of "Sangat Tidak Setuju" (1).
    values = [normalize_answer(cell, instrument.scale, ",").value
              for cell in ("Setuju", "Tidak Setuju", "Sangat Tidak Setuju")]

    assert values == [3, 2, 1]
