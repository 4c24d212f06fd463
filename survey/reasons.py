"""Reason codes for excluded responses and flags for review, with their descriptions.

Codes are stable kebab-case identifiers written to output files; descriptions
are English msgids shown translated.
"""

from __future__ import annotations

from smartcity_impact.i18n import gettext as _

EXCLUDE = "exclude"
REVIEW = "review"

# code -> (severity, English description)
REASONS: dict[str, tuple[str, str]] = {
    "out-of-range": (EXCLUDE, "an answer is a number outside the scale 1-4 or not a whole number"),
    "unreadable-answer": (EXCLUDE, "an answer is neither a number 1-4 nor a label of the scale"),
    "extra-cells": (EXCLUDE, "the row has more cells than the header has columns"),
    "row-in-one-cell": (EXCLUDE, "the whole row is in one cell, so the file was split with another delimiter"),
    "conflicting-answers": (EXCLUDE, "two columns of the same item hold different answers"),
    "no-answers": (EXCLUDE, "the response has no answer to any item"),
    "multiple-dimensions": (EXCLUDE, "the respondent answered items of more than one dimension"),
    "multiple-sub-dimensions": (EXCLUDE, "the respondent answered items of more than one sub-dimension"),
    "dimension-mismatch": (EXCLUDE, "the dimension chosen differs from the dimension of the items answered"),
    "incomplete": (EXCLUDE, "fewer items answered than the quota cell requires"),
    "duplicate-submission": (EXCLUDE, "identical to the submission that is kept"),
    "duplicate-respondent": (EXCLUDE, "the same respondent (same phone number, e-mail, NIK or name with birth date "
                                      "and sub-district) as the response that is kept"),
    "removed-from-source": (EXCLUDE, "the latest import of its file no longer has this row; it stays in the store"),
    "not-resident": (EXCLUDE, "the respondent is not a resident of the region (screening question)"),
    "under-age": (EXCLUDE, "the respondent is younger than the minimum age"),
    "not-programme-user": (EXCLUDE, "the respondent has not used the programme surveyed (screening question)"),
    "no-consent": (EXCLUDE, "no consent to take part is recorded"),
    "excluded-on-review": (EXCLUDE, "excluded by the coordinator after review"),
    "over-quota": (EXCLUDE, "beyond the quota of its cell when exactly the quota is used"),
    "straight-lining": (REVIEW, "every item of the cell has the same answer"),
    "invalid-date": (REVIEW, "the timestamp or interview date is impossible or unreadable"),
    "unreadable-dimension": (REVIEW, "the dimension chosen is not one of the instrument's dimensions"),
    "outside-window": (REVIEW, "submitted outside the survey window"),
    "invalid-nik": (REVIEW, "the NIK does not have 16 digits or is a placeholder, so a duplicate may go unseen"),
    "unreadable-screening": (REVIEW, "a screening answer (resident, programme user, consent) is neither yes nor no"),
    "unreadable-age": (REVIEW, "the age is not a number of years"),
    "burst": (REVIEW, "one of many online submissions within a few minutes"),
    "night-time": (REVIEW, "submitted online at night"),
    "identical-answers": (REVIEW, "the same answers and the same personal details as another response"),
    "many-dont-know": (REVIEW, "many items answered with don't know"),
    "enumerator-identical-answers": (REVIEW, "one of several forms of one enumerator with identical answers"),
    "entry-disagreement": (REVIEW, "the second keying of this paper form differs in some columns"),
    "invalid-phone": (REVIEW, "the phone number cannot be read (for example 6,28E+12), so a duplicate may go unseen"),
}


def describe_reason(code: str) -> str:
    """Return the description of reason ``code`` in the active language."""
    return _(REASONS[code][1])


def severity_of(code: str) -> str:
    """Return ``exclude`` or ``review`` for reason ``code``."""
    return REASONS[code][0]
