"""Domain records for one response as read and normalized, before the checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One finding about a response: a reason code and where it is (column, offending value)."""

    code: str
    column: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class Response:
    """One respondent's submission with its provenance.

    ``answers`` maps item number to the scale point given; items answered
    "don't know" are in ``dont_know``. ``phone_key`` and ``email_key`` are the
    normalized contact details used to recognise the same respondent; they are
    kept in memory only and never written to an output.
    """

    response_id: str
    source: str
    file: str
    row: int
    mode: str
    enumerator: str | None
    form_number: str | None
    submitted_at: dt.datetime | None
    declared_dimension: str | None
    answers: dict[int, int]
    dont_know: frozenset[int]
    touched_items: frozenset[int]
    problems: tuple[Problem, ...]
    content_key: str
    phone_key: str | None = None
    email_key: str | None = None
    details: dict[str, str] = field(default_factory=dict)
