"""Specification of the enumerator dashboard (survey.enumerators).

Requirements; each test names the one it checks.

E1  An enumerator's forms: offline responses naming the enumerator, valid or
    excluded, except copies (duplicate-submission, removed-from-source).
    Names match case-folded with spaces collapsed; the first spelling is shown.
E2  Workload: forms, valid forms, distinct interview days of the dated forms,
    dated forms per day (mean and max) and undated forms.
E3  Straight-lining rate among the forms that answered every item of their
    cell; missing-answer and "don't know" rates over all item cells.
E4  Mean deviation, over valid forms: the mean over this enumerator's answers
    of the answer minus the other enumerators' mean answer to that item;
    None when no other enumerator answered the items.
E5  Identical answers: two or more forms of one enumerator and cell with the
    same state and value on every item of the cell, valid or not; copies
    are left out. Each member gets the flag enumerator-identical-answers
    naming the other members.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers_assessments import BAD, DK, build_assessment, uniform
from helpers_pipeline import copy_sample
from survey.collection import collect_survey
from survey.config import load_survey_config
from survey.enumerators import check_identical_answers, identical_answers_flags, summarize_enumerators
from survey.responses import Problem

JULY_1, JULY_2, JULY_3 = dt.date(2024, 7, 1), dt.date(2024, 7, 2), dt.date(2024, 7, 3)
MOSTLY_FOUR = uniform(4, 8) + [3]


def paper(response_id, values, enumerator="ENUM-A", day=JULY_1, cell="governance", reasons=()):
    """Return an offline governance form (or of ``cell``) of ``enumerator``."""
    return build_assessment(response_id, cell, values, reasons=reasons, mode="offline", enumerator=enumerator,
                            day=day)


def hand_assessments():
    """ENUM-A: four forms and a copy; ENUM-B: two forms; an online and an anonymous form left out."""
    return [
        paper("a1", uniform(4)),
        paper("a2", MOSTLY_FOUR),
        paper("a3", [DK, None] + uniform(3, 7), day=JULY_2, reasons=("incomplete",)),
        paper("a4", MOSTLY_FOUR, reasons=("duplicate-submission",)),
        paper("a5", MOSTLY_FOUR, enumerator=" enum-a ", day=None),
        paper("b1", uniform(3, 8) + [2], enumerator="ENUM-B", day=JULY_3),
        paper("b2", uniform(2), enumerator="ENUM-B", day=JULY_3),
        build_assessment("online", "governance", uniform(1), mode="online", enumerator="ENUM-A", day=JULY_1),
        paper("anonymous", uniform(1), enumerator=None),
    ]


@pytest.fixture
def dashboard(instrument):
    return {row.enumerator: row for row in summarize_enumerators(hand_assessments(), instrument)}


def test_enumerators_names(dashboard):
    """E1: " enum-a " is ENUM-A; the online and anonymous forms name no row."""
    assert list(dashboard) == ["ENUM-A", "ENUM-B"]


# ENUM-A: a1, a2, a3, a5 (a4 is a copy); a3 is excluded; a1, a2 on July 1, a3 on July 2, a5 undated.
# ENUM-B: b1, b2, both on July 3.
@pytest.mark.parametrize("field, expected_a, expected_b", [
    ("forms", 4, 2),
    ("valid_forms", 3, 2),
    ("days_worked", 2, 1),
    ("forms_per_day_mean", 1.5, 2.0),
    ("forms_per_day_max", 2, 2),
    ("undated_forms", 1, 0),
])
def test_enumerators_workload(dashboard, field, expected_a, expected_b):
    """E1, E2."""
    assert getattr(dashboard["ENUM-A"], field) == expected_a
    assert getattr(dashboard["ENUM-B"], field) == expected_b


# ENUM-A: complete forms a1, a2, a5 of which a1 straight-lines; 36 item cells, one blank, one DK.
# ENUM-B: b2 of b1, b2 straight-lines; 18 item cells, all answered.
@pytest.mark.parametrize("field, expected_a, expected_b", [
    ("straight_lining_rate", 1 / 3, 1 / 2),
    ("missing_answer_rate", 1 / 36, 0.0),
    ("dont_know_rate", 1 / 36, 0.0),
])
def test_enumerators_rates(dashboard, field, expected_a, expected_b):
    """E3."""
    assert getattr(dashboard["ENUM-A"], field) == pytest.approx(expected_a)
    assert getattr(dashboard["ENUM-B"], field) == pytest.approx(expected_b)


def test_enumerators_mean_deviation_a(dashboard):
    """E4: ENUM-B's item means are 2.5 (items 50-57) and 2 (item 58).

    a1 deviates 8 · 1.5 + 2 = 14, a2 and a5 8 · 1.5 + 1 = 13 each: 40 over 27 answers.
    """
    assert dashboard["ENUM-A"].mean_deviation == pytest.approx(40 / 27)


def test_enumerators_mean_deviation_b(dashboard):
    """E4: ENUM-A's valid item means are 4 (items 50-57) and 10/3 (item 58).

    b1 deviates 8 · (−1) + (2 − 10/3), b2 8 · (−2) + (2 − 10/3): −80/3 over 18 answers.
    """
    assert dashboard["ENUM-B"].mean_deviation == pytest.approx(-80 / 54)


def test_enumerators_single_no_deviation(instrument):
    """E4."""
    rows = summarize_enumerators([paper("a1", uniform(4))], instrument)

    assert rows[0].mean_deviation is None


def test_enumerators_undated_no_rate_per_day(instrument):
    """E2."""
    row = summarize_enumerators([paper("a1", uniform(4), day=None)], instrument)[0]

    assert row.days_worked == 0
    assert row.forms_per_day_mean is None
    assert row.forms_per_day_max is None


def test_enumerators_form_without_cell(instrument):
    """E1, E3: a form with items of two dimensions is a form, outside the rates."""
    two_dimensions = build_assessment("x", None, [3, 3], items=(50, 59), reasons=("multiple-dimensions",),
                                      mode="offline", enumerator="ENUM-A", day=JULY_1)

    row = summarize_enumerators([two_dimensions], instrument)[0]

    assert row.forms == 1
    assert row.missing_answer_rate is None
    assert row.straight_lining_rate is None


def test_enumerators_identical_hand_groups(instrument):
    """E1, E5: a2 and a5 (" enum-a ") match; their copy a4 is left out."""
    groups = check_identical_answers(hand_assessments(), instrument)

    assert [(g.enumerator, g.cell, g.response_ids) for g in groups] == [("ENUM-A", "governance", ("a2", "a5"))]


def test_enumerators_identical_vector(instrument):
    """E5: the items of the cell and the value or state of each."""
    group = check_identical_answers(hand_assessments(), instrument)[0]

    assert group.items == tuple(range(50, 59))
    assert group.answers == (4, 4, 4, 4, 4, 4, 4, 4, 3)


@pytest.mark.parametrize("first, second, grouped", [
    (paper("x", MOSTLY_FOUR), paper("y", MOSTLY_FOUR, day=JULY_2), True),
    (paper("x", MOSTLY_FOUR), paper("y", MOSTLY_FOUR, enumerator="ENUM-B"), False),
    (paper("x", MOSTLY_FOUR), paper("y", MOSTLY_FOUR, cell="branding"), False),
    (paper("x", [DK] + uniform(4, 8)), paper("y", [DK] + uniform(4, 8), reasons=("incomplete",)), True),
    (paper("x", [DK, 4] + uniform(4, 7)), paper("y", [4, DK] + uniform(4, 7)), False),
    (paper("x", [None] + uniform(4, 8)), paper("y", [BAD] + uniform(4, 8)), False),
    (paper("x", MOSTLY_FOUR), paper("y", MOSTLY_FOUR, reasons=("over-quota",)), True),
    (paper("x", MOSTLY_FOUR), paper("y", MOSTLY_FOUR, reasons=("removed-from-source",)), False),
    (paper("x", uniform(4)), paper("y", uniform(3)), False),
])
def test_enumerators_identical_cases(instrument, first, second, grouped):
    """E5."""
    groups = check_identical_answers([first, second], instrument)

    assert bool(groups) == grouped


def test_enumerators_identical_flags(instrument):
    """E5."""
    flags = identical_answers_flags(check_identical_answers(hand_assessments(), instrument))

    assert flags == {"a2": Problem("enumerator-identical-answers", None, "a5"),
                     "a5": Problem("enumerator-identical-answers", None, "a2")}


@pytest.fixture(scope="module")
def sample_collection(tmp_path_factory):
    """The configuration and collection of a copy of the sample survey."""
    config = load_survey_config(copy_sample(tmp_path_factory.mktemp("sample")))
    return config, collect_survey(config)


# The sample's paper forms, checked against formulir_kertas.csv; the row typed into one cell names no
# enumerator. ENUM-01 has three excluded forms (the answer 5, the dimension that differs from the
# items, the respondent who also answered online) and the form dated 31/06/2024, which is undated.
# ENUM-02 has one (the note after the last column). ENUM-03 has three: the answer 3,5, the form
# without answers, and the form with four "Tidak tahu" and a blank among the 34 · 9 = 306 item cells
# of its forms in a cell. The deviations were checked independently with pandas on the valid forms
# of formulir_kertas.csv.
# (forms, valid, days, forms per day, max per day, undated, missing rate, "don't know" rate, mean deviation)
SAMPLE_DASHBOARD = {
    "ENUM-01 Rahmat": (35, 32, 30, 34 / 30, 2, 1, 0.0, 0.0, 0.04515979776396448),
    "ENUM-02 Siti Aisyah": (36, 35, 31, 36 / 31, 2, 0, 0.0, 0.0, -0.05816849816849819),
    "ENUM-03 Fajar": (35, 32, 30, 35 / 30, 2, 0, 1 / 306, 4 / 306, 0.004676978114478115),
}


@pytest.mark.parametrize("name", list(SAMPLE_DASHBOARD))
def test_enumerators_sample_dashboard(sample_collection, name):
    config, collection = sample_collection
    rows = {row.enumerator: row for row in summarize_enumerators(collection.assessments, config.instrument)}
    (forms, valid, days, per_day, per_day_max, undated, missing_rate, dont_know_rate,
     deviation) = SAMPLE_DASHBOARD[name]
    row = rows[name]

    assert row.forms == forms
    assert row.valid_forms == valid
    assert row.days_worked == days
    assert row.forms_per_day_mean == pytest.approx(per_day)
    assert row.forms_per_day_max == per_day_max
    assert row.undated_forms == undated
    assert row.straight_lining_rate == 0.0
    assert row.missing_answer_rate == pytest.approx(missing_rate)
    assert row.dont_know_rate == pytest.approx(dont_know_rate)
    assert row.mean_deviation == pytest.approx(deviation)


def test_enumerators_sample_identical_groups(sample_collection):
    """E5: with most answers at 4, pairs of one enumerator's forms match by chance.

    The three planted Smart Branding forms of ENUM-02 are the only larger group.
    """
    config, collection = sample_collection

    groups = check_identical_answers(collection.assessments, config.instrument)

    assert [(g.enumerator, g.cell, g.response_ids) for g in groups] == [
        ("ENUM-01 Rahmat", "living", ("paper-forms:10", "paper-forms:16")),
        ("ENUM-01 Rahmat", "governance", ("paper-forms:13", "paper-forms:93")),
        ("ENUM-01 Rahmat", "environment", ("paper-forms:19", "paper-forms:31")),
        ("ENUM-01 Rahmat", "economy", ("paper-forms:25", "paper-forms:64")),
        ("ENUM-01 Rahmat", "society", ("paper-forms:40", "paper-forms:55")),
        ("ENUM-01 Rahmat", "environment", ("paper-forms:42", "paper-forms:91")),
        ("ENUM-01 Rahmat", "living", ("paper-forms:97", "paper-forms:106")),
        ("ENUM-02 Siti Aisyah", "branding", ("paper-forms:14", "paper-forms:77")),
        ("ENUM-02 Siti Aisyah", "living", ("paper-forms:17", "paper-forms:80")),
        ("ENUM-02 Siti Aisyah", "environment", ("paper-forms:23", "paper-forms:89")),
        ("ENUM-02 Siti Aisyah", "branding", ("paper-forms:26", "paper-forms:34", "paper-forms:44")),
        ("ENUM-02 Siti Aisyah", "economy", ("paper-forms:35", "paper-forms:95")),
        ("ENUM-03 Fajar", "economy", ("paper-forms:15", "paper-forms:39")),
        ("ENUM-03 Fajar", "governance", ("paper-forms:21", "paper-forms:81")),
        ("ENUM-03 Fajar", "environment", ("paper-forms:24", "paper-forms:30")),
        ("ENUM-03 Fajar", "branding", ("paper-forms:27", "paper-forms:105")),
        ("ENUM-03 Fajar", "governance", ("paper-forms:33", "paper-forms:63")),
        ("ENUM-03 Fajar", "society", ("paper-forms:78", "paper-forms:102")),
    ]
