"""Eligibility of a respondent: a resident of the region, old enough, a user of the programme, consenting.

The screening answers come from the source's columns (``resident``,
``programme_user``, ``consent`` and ``age`` in survey.fields), which
normalization keeps in canonical form (``yes``, ``no``, blank or
``unreadable``; the age in years). A source without such a column is not
screened on it. A ``No`` excludes the response, and so does a blank consent
cell, because the consent was then not recorded. An answer that is neither yes
nor no is flagged for review without its text, which may be another
respondent's data in a shifted row.
"""

from __future__ import annotations

import re

from survey.responses import Problem, Response
from survey.text import fold_text

YES = frozenset({"ya", "iya", "y", "yes", "1", "benar", "setuju", "bersedia", "ya, saya bersedia", "saya bersedia",
                 "ya, bersedia", "true"})
NO = frozenset({"tidak", "tdk", "t", "no", "n", "0", "bukan", "tidak setuju", "tidak bersedia",
                "saya tidak bersedia", "tidak, saya tidak bersedia", "false"})
AGE = re.compile(r"^(\d{1,3})(?:\s*(?:tahun|thn|th|years?))?$")
# field -> reason code when the screening question is answered no
SCREENING_CODES = {"resident": "not-resident", "programme_user": "not-programme-user", "consent": "no-consent"}
YES_ANSWER, NO_ANSWER, UNREADABLE = "yes", "no", "unreadable"


def screening_answer(text: str) -> bool | None:
    """Return True for a yes, False for a no, None for anything else (a blank included)."""
    folded = fold_text(text).rstrip(".!")
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


def age_in_years(text: str) -> str | None:
    """Return an age written as ``27``, ``27 tahun`` or ``27 th`` as its digits, else None."""
    match = AGE.match(fold_text(text))
    return match.group(1) if match else None


def eligibility_problems(response: Response, minimum_age: float) -> list[Problem]:
    """Return the eligibility problems of ``response``: exclusions for a no or a low age, flags for the unreadable."""
    problems = []
    for field_name, code in SCREENING_CODES.items():
        if field_name not in response.details:
            continue
        answer = response.details[field_name]
        if answer == NO_ANSWER or (field_name == "consent" and not answer):
            problems.append(Problem(code, field_name))
        elif answer == UNREADABLE:
            problems.append(Problem("unreadable-screening", field_name))

    age = response.details.get("age", "")
    if age == UNREADABLE:
        problems.append(Problem("unreadable-age", "age"))
    elif age and int(age) < minimum_age:
        problems.append(Problem("under-age", "age", age))
    return problems
