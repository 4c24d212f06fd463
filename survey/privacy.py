"""Keep personal data out of everything the toolkit writes.

Text copied from a source cell into an output (an offending answer, a form
number, an enumerator) is withheld when it could carry personal data: when it
contains one of the row's personal values (name, phone number, e-mail, NIK,
address), looks like a phone number or an e-mail address, or is a merged or
shifted row (long, or containing a delimiter).
"""

from __future__ import annotations

import re

WITHHELD = "[withheld]"
MAX_COPIED_LENGTH = 40
MIN_PERSONAL_LENGTH = 3
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
DELIMITERS = (";", "\t", "|", "\n")


def redact(value: str | None, personal_values: list[str]) -> str | None:
    """Return ``value``, or WITHHELD when it could carry personal data; None stays None."""
    if not value:
        return value
    folded = value.casefold()
    if any(len(personal) >= MIN_PERSONAL_LENGTH and personal.casefold() in folded for personal in personal_values):
        return WITHHELD
    if EMAIL.search(value) or PHONE.search(value):
        return WITHHELD
    if len(value) > MAX_COPIED_LENGTH or any(delimiter in value for delimiter in DELIMITERS):
        return WITHHELD
    return value


def is_contact_value(text: str) -> bool:
    """True when ``text`` is, as a whole, shaped like an e-mail address or a phone number."""
    text = text.strip()
    return bool(EMAIL.fullmatch(text) or PHONE.fullmatch(text))
