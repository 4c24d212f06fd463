"""Answer patterns shared between respondents: identical answers given by respondents with identical details.

Two people can give the same nine answers, but the same answers together with
the same age, gender, sub-district, village, occupation and education are more
likely one person, or one enumerator, filling in several forms. Members of such
a group are flagged for review, not excluded: they carry different contact
details, so they are not duplicates by the respondent key.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from survey.responses import Response

DEMOGRAPHIC_FIELDS = ("age", "gender", "sub_district", "village", "occupation", "education")


def answer_signature(response: Response, cell: str) -> tuple:
    """Return what identical-looking responses share: the cell, the answers and the don't-know items."""
    return cell, tuple(sorted(response.answers.items())), tuple(sorted(response.dont_know))


def identical_groups(responses: list[tuple[int, Response, str]], minimum: int) -> list[list[int]]:
    """Return groups (of at least ``minimum`` indexes) with the same answers and demographic details.

    ``responses`` lists (index, response, quota cell) of the responses to compare.
    A response without any demographic detail is left out, because there is
    nothing but the answers to compare.
    """
    groups: dict[tuple, list[int]] = {}
    for index, response, cell in responses:
        details = tuple(response.details.get(name, "").strip().casefold() for name in DEMOGRAPHIC_FIELDS)
        if not any(details):
            continue
        groups.setdefault((answer_signature(response, cell), details), []).append(index)
    return [members for members in groups.values() if len(members) >= minimum]


def dont_know_share(response: Response, items: list[int]) -> float:
    """Return the share of ``items`` answered "don't know" (0 for no items)."""
    if not items:
        return 0.0
    return sum(1 for number in items if number in response.dont_know) / len(items)


@dataclass(frozen=True)
class NearZeroItem:
    """An item whose valid answers in one source are nearly all the same: ``share`` of ``n`` are ``value``."""

    source: str
    item: int
    n: int
    value: int
    share: float


def near_zero_variance_items(assessments, share: float, minimum: int) -> list[NearZeroItem]:
    """Return the items whose valid answers within a source have one value in at least ``share`` of them.

    Only items with at least ``minimum`` valid answers in the source count:
    with few answers, agreement proves little. Sources are compared
    separately, because answers that all paper forms share but the online
    ones do not point at how the paper forms were filled in.
    """
    answers: dict[tuple[str, int], list[int]] = {}
    for assessment in assessments:
        if not assessment.valid:
            continue
        for number, value in assessment.response.answers.items():
            answers.setdefault((assessment.response.source, number), []).append(value)

    found = []
    for (source, number), values in sorted(answers.items()):
        if len(values) < minimum:
            continue
        value, count = Counter(values).most_common(1)[0]
        if count / len(values) >= share:
            found.append(NearZeroItem(source, number, len(values), value, count / len(values)))
    return found
