"""Turn one answer cell into a scale point, a missing answer, or a rejection with its reason.

Accepted: integers on the scale ("4", "4,0" or "4.0" in the source's decimal
convention), the scale labels ("Sangat Setuju", "Baik"), and a number joined to
its label ("4 - Sangat Setuju") when both agree. Labels are compared whole
after normalization, so "Setuju" never matches inside "Tidak Setuju".
"Tidak tahu" and blanks are missing. Anything else is rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from survey.instrument import Scale
from survey.numbers import parse_number
from survey.text import normalize_text

NUMBER_AND_LABEL = re.compile(r"^(\d+)\s*[-.:)=]\s*(.+)$")

# Reason codes of a rejected answer.
OUT_OF_RANGE = "out-of-range"
UNREADABLE = "unreadable-answer"


@dataclass(frozen=True)
class Answer:
    """One normalized answer: a scale point, missing (blank or "don't know"), or rejected with a reason."""

    value: int | None
    dont_know: bool = False
    reason: str | None = None


BLANK = Answer(None)
DONT_KNOW = Answer(None, dont_know=True)


@lru_cache(maxsize=8)
def label_lookup(scale: Scale) -> tuple[dict[str, int], frozenset[str]]:
    """Return the normalized labels of ``scale`` with their points, and the normalized missing labels."""
    labels = {normalize_text(label): value for label, value in scale.labels.items()}
    missing = frozenset(normalize_text(label) for label in scale.missing_labels)
    return labels, missing


@lru_cache(maxsize=4096)
def normalize_answer(cell: str, scale: Scale, decimal: str) -> Answer:
    """Return the Answer that the text of ``cell`` stands for on ``scale``."""
    text = normalize_text(cell)
    if not text:
        return BLANK
    labels, missing = label_lookup(scale)
    if text in missing:
        return DONT_KNOW
    if text in labels:
        return Answer(labels[text])

    combined = NUMBER_AND_LABEL.match(text)
    if combined and combined.group(2).strip() in labels:
        number = int(combined.group(1))
        if labels[combined.group(2).strip()] == number:
            return Answer(number)
        return Answer(None, reason=UNREADABLE)

    number = parse_number(text, decimal)
    if number is None:
        return Answer(None, reason=UNREADABLE)
    if number != int(number) or not scale.minimum <= number <= scale.maximum:
        return Answer(None, reason=OUT_OF_RANGE)
    return Answer(int(number))
