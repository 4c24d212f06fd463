"""Eligibility of a respondent: a resident of the region, old enough, a user of the programme, consenting.

The screening answers come from the source's columns (``resident``,
``programme_user``, ``consent`` and ``age`` in survey.fields); a source without
such a column is not screened on it. A ``No`` excludes the response; so does
a blank consent cell, because the consent was then not recorded. An answer
that is neither yes nor no is flagged for review.
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
# field -> reason code when the answer is no
SCREENING_CODES = {"resident": "not-resident", "programme_user": "not-programme-user", "consent": "no-consent"}


def screening_answer(text: str) -> bool | None:
    """Return True for a yes, False for a no, None for anything else (a blank included)."""
    folded = fold_text(text).rstrip(".!")
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


def eligibility_problems(response: Response, minimum_age: float) -> list[Problem]:
    """Return the eligibility problems of ``response``: exclusions for a no or a low age, flags for the unreadable."""
    problems = []
    for field_name, code in SCREENING_CODES.items():
        if field_name not in response.details:
            continue
        text = response.details[field_name]
        answer = screening_answer(text)
        if answer is False or (field_name == "consent" and not text.strip()):
            problems.append(Problem(code, field_name, text or None))
        elif answer is None and text.strip():
            problems.append(Problem("unreadable-screening", field_name, text))

    age_text = response.details.get("age", "").strip()
    if age_text:
        match = AGE.match(fold_text(age_text))
        if match is None:
            problems.append(Problem("unreadable-age", "age", age_text))
        elif int(match.group(1)) < minimum_age:
            problems.append(Problem("under-age", "age", match.group(1)))
    return problems
