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
    "don't know" are in ``dont_know``. Personal data is not kept: ``pseudonyms``
    maps each personal field (name, phone, email, nik, address) that could be
    normalized to its keyed pseudonym (see survey.pseudonyms). ``phone_key``,
    ``email_key`` and ``nik_key`` repeat the pseudonyms that recognise the same
    respondent; ``person_key`` is the pseudonym of the name, birth date and
    sub-district together, when all three are given.
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
    nik_key: str | None = None
    person_key: str | None = None
    pseudonyms: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)

    @property
    def respondent_key(self) -> str | None:
        """The pseudonym that names the respondent in outputs: of the phone number, else e-mail, else NIK."""
        return self.phone_key or self.email_key or self.nik_key
