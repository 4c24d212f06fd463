"""Parse numbers written with either decimal convention, never guessing between them.

In a source with decimal comma (Excel with Indonesian settings) ``25.000`` is
twenty-five thousand and ``3,5`` is three and a half; in a source with decimal
point it is the other way round. A text that is not a well-formed number in
the source's convention is not a number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

GROUPED = {
    ",": re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"),
    ".": re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"),
}
PLAIN = {
    ",": re.compile(r"^[+-]?\d+(,\d+)?$"),
    ".": re.compile(r"^[+-]?\d+(\.\d+)?$"),
}


def parse_number(text: str, decimal: str) -> Decimal | None:
    """Return the number ``text`` writes in a source whose decimal mark is ``decimal``, or None."""
    text = text.strip()
    thousands = "." if decimal == "," else ","
    if GROUPED[decimal].match(text):
        text = text.replace(thousands, "")
    elif not PLAIN[decimal].match(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
