"""The list of excluded responses, with reasons and provenance and without personal data.

Each row names its respondent only by a pseudonym (see survey.pseudonyms), so
a coordinator can see which excluded rows are the same person without seeing
who it is.
"""

from __future__ import annotations

from typing import Any

from smartcity_impact.click_messages import N_
from smartcity_impact.i18n import gettext as _
from survey.checks import Assessment
from survey.privacy import WITHHELD
from survey.reasons import describe_reason


def excluded_header() -> list[str]:
    """Return the column titles of the excluded list in the active language."""
    return [_("response"), _("respondent pseudonym"), _("source"), _("file"), _("row"), _("mode"), _("enumerator"),
            _("form number"), _("submitted at"), _("dimension"), _("outcome"), _("reasons"), _("details")]


# Screening fields that name the column of an eligibility problem, with their names as msgids.
SCREENING_LABELS = {"age": N_("age"), "resident": N_("resident of the region"),
                    "programme_user": N_("user of the programme"), "consent": N_("consent")}


def shown(value: str | None) -> str | None:
    """Return a copied cell value for an output, naming a withheld one in the active language."""
    return _("[withheld: may contain personal data]") if value == WITHHELD else value


def column_label(column: str | None) -> str | None:
    """Return a problem's column: a source's column title as it is, a screening field by its translated name."""
    return _(SCREENING_LABELS[column]) if column in SCREENING_LABELS else column


def describe_problem(problem) -> str:
    """Return one problem as "description (column: value)" in the active language."""
    place = ": ".join(part for part in (column_label(problem.column), shown(problem.value)) if part)
    return f"{describe_reason(problem.code)} ({place})" if place else describe_reason(problem.code)


def excluded_rows(assessments: list[Assessment]) -> list[list[Any]]:
    """Return one row per excluded response in source and row order.

    Only provenance, the respondent pseudonym (of the phone number, else the
    e-mail address, else the NIK), reason codes and the offending answer values
    are written; names, phone numbers, e-mail addresses and other personal
    fields never are.
    """
    rows = []
    for assessment in assessments:
        if assessment.valid:
            continue
        response = assessment.response
        rows.append([
            response.response_id,
            response.respondent_key,
            response.source,
            response.file,
            response.row,
            _(response.mode),
            shown(response.enumerator),
            shown(response.form_number),
            response.submitted_at.isoformat() if response.submitted_at else None,
            assessment.dimension,
            _(assessment.outcome),
            ";".join(problem.code for problem in assessment.reasons),
            " | ".join(describe_problem(problem) for problem in (*assessment.reasons, *assessment.flags)),
        ])
    return rows
