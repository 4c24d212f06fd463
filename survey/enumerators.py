"""Enumerator dashboard: the workload and answer patterns of each enumerator's offline forms.

Definitions this module follows:
- An enumerator's forms are the offline responses that name the enumerator,
  valid or excluded, except copies of another form (``duplicate-submission``,
  ``removed-from-source``). Names are compared case-folded with spaces
  collapsed, and the first spelling met is shown.
- The interview day is the date of ``submitted_at`` in the time zone it was
  read in; a paper form gives its interview date. Forms without a date count
  as forms but not towards days worked or forms per day.
- The rates are over the forms placed in a quota cell: the straight-lining
  rate among those that answered every item of their cell (the share whose
  answers are all equal, as the ``straight-lining`` flag of the checks), and
  the missing-answer and "don't know" rates over all item cells of the
  forms' cells, with the item states of ``aggregation.nonresponse``.
- Mean deviation from the other enumerators, over valid forms only: the mean,
  over every answer in this enumerator's forms, of the answer minus the
  other enumerators' mean answer to the same item. Answers to items that no
  other enumerator's respondent answered are left out. So it is this
  enumerator's mean answer minus the others' mean on the same mix of items,
  and a positive value means higher ratings than the others'.
- Identical answers: two or more forms of one enumerator and cell in which
  every item of the cell has the same state and value (the same answers, the
  same "don't know", the same blanks), whether valid or not. Each member can
  be flagged ``enumerator-identical-answers`` for review. Unlike the checks'
  ``identical-answers`` flag, it needs no shared personal details.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from aggregation.nonresponse import ANSWERED, DONT_KNOW, MISSING, is_copy, item_states
from survey.checks import Assessment, cell_items
from survey.instrument import Instrument
from survey.responses import Problem
from survey.text import fold_text

OFFLINE = "offline"
IDENTICAL_ANSWERS = "enumerator-identical-answers"


@dataclass(frozen=True)
class EnumeratorSummary:
    """One row of the enumerator dashboard.

    Attributes:
        enumerator: the enumerator's name as first written.
        forms: the enumerator's forms, valid or excluded.
        valid_forms: the forms that are valid.
        days_worked: distinct interview days among the dated forms.
        forms_per_day_mean: dated forms / days worked; None without a dated form.
        forms_per_day_max: the maximum number of forms on one day; None without a dated form.
        undated_forms: forms without an interview date.
        straight_lining_rate: share of the complete forms with all answers equal; None without one.
        missing_answer_rate: share of blank item cells; None without a form placed in a cell.
        dont_know_rate: share of "don't know" item cells; None without a form placed in a cell.
        mean_deviation: the enumerator's mean answer minus the others' on the same items; None
            when no valid answer can be compared.
    """

    enumerator: str
    forms: int
    valid_forms: int
    days_worked: int
    forms_per_day_mean: float | None
    forms_per_day_max: int | None
    undated_forms: int
    straight_lining_rate: float | None
    missing_answer_rate: float | None
    dont_know_rate: float | None
    mean_deviation: float | None


@dataclass(frozen=True)
class IdenticalAnswers:
    """Forms of one enumerator and quota cell with the same answer to every item of the cell.

    ``answers`` is aligned with ``items``: the scale point given, or the state
    ``dont-know``, ``missing`` or ``invalid``. ``response_ids`` keeps the order
    of the assessments given.
    """

    enumerator: str
    cell: str
    response_ids: tuple[str, ...]
    items: tuple[int, ...]
    answers: tuple[int | str, ...]


def enumerator_forms(assessments: Sequence[Assessment]) -> dict[str, list[Assessment]]:
    """Return each enumerator's forms, keyed by the name as first written and sorted by it."""
    forms: dict[str, list[Assessment]] = {}
    names: dict[str, str] = {}
    for assessment in assessments:
        response = assessment.response
        if response.mode != OFFLINE or not response.enumerator or is_copy(assessment):
            continue
        name = names.setdefault(fold_text(response.enumerator), response.enumerator)
        forms.setdefault(name, []).append(assessment)
    return dict(sorted(forms.items()))


def summarize_enumerators(assessments: Sequence[Assessment], instrument: Instrument) -> list[EnumeratorSummary]:
    """Return one dashboard row per enumerator of offline forms, sorted by name."""
    forms = enumerator_forms(assessments)
    deviations = mean_deviations(forms)
    return [summarize_forms(name, own, instrument, deviations[name]) for name, own in forms.items()]


def summarize_forms(name: str, forms: list[Assessment], instrument: Instrument,
                    mean_deviation: float | None) -> EnumeratorSummary:
    """Return the dashboard row of one enumerator's ``forms``."""
    per_day = Counter(a.response.submitted_at.date() for a in forms if a.response.submitted_at is not None)
    dated = sum(per_day.values())

    placed = [assessment for assessment in forms if assessment.cell is not None]
    states = [state for assessment in placed for state in item_states(assessment, instrument).values()]
    complete = [assessment for assessment in placed if all_answered(assessment, instrument)]
    straight = [assessment for assessment in complete if is_straight_lined(assessment, instrument)]

    return EnumeratorSummary(
        enumerator=name,
        forms=len(forms),
        valid_forms=sum(1 for assessment in forms if assessment.valid),
        days_worked=len(per_day),
        forms_per_day_mean=dated / len(per_day) if per_day else None,
        forms_per_day_max=max(per_day.values()) if per_day else None,
        undated_forms=len(forms) - dated,
        straight_lining_rate=len(straight) / len(complete) if complete else None,
        missing_answer_rate=states.count(MISSING) / len(states) if states else None,
        dont_know_rate=states.count(DONT_KNOW) / len(states) if states else None,
        mean_deviation=mean_deviation,
    )


def all_answered(assessment: Assessment, instrument: Instrument) -> bool:
    """True when every item of the form's cell has a scale point."""
    return all(state == ANSWERED for state in item_states(assessment, instrument).values())


def is_straight_lined(assessment: Assessment, instrument: Instrument) -> bool:
    """True when the answers to the items of the form's cell are all equal."""
    answers = assessment.response.answers
    return len({answers[number] for number in cell_items(instrument, assessment.cell)}) == 1


def mean_deviations(forms: dict[str, list[Assessment]]) -> dict[str, float | None]:
    """Return each enumerator's mean deviation from the other enumerators, over valid forms.

    The others' mean of an item is the item's total over all enumerators less
    this enumerator's own, divided likewise, so the work grows with the number
    of answers, not with its square.
    """
    answers = {name: [(number, value) for a in own if a.valid for number, value in a.response.answers.items()]
               for name, own in forms.items()}
    sums, counts = answer_totals(pair for pairs in answers.values() for pair in pairs)

    deviations = {}
    for name, own in answers.items():
        own_sums, own_counts = answer_totals(own)
        differences = [value - (sums[number] - own_sums[number]) / (counts[number] - own_counts[number])
                       for number, value in own if counts[number] > own_counts[number]]
        deviations[name] = statistics.fmean(differences) if differences else None
    return deviations


def answer_totals(pairs) -> tuple[Counter, Counter]:
    """Return the sum and the number of answers per item of (item number, answer) pairs."""
    sums, counts = Counter(), Counter()
    for number, value in pairs:
        sums[number] += value
        counts[number] += 1
    return sums, counts


def check_identical_answers(assessments: Sequence[Assessment], instrument: Instrument) -> list[IdenticalAnswers]:
    """Return the groups of two or more forms of one enumerator and cell with identical answers.

    Groups are ordered by enumerator, then by their first member's place in ``assessments``.
    When most answers are at the top of the scale, two forms also match by chance. A group is
    therefore a reason to review, not proof of copying, and the checks flag only groups of
    ``enumerator_identical_minimum`` forms or more.
    """
    groups = []
    for name, own in enumerator_forms(assessments).items():
        members: dict[tuple, list[Assessment]] = {}
        for assessment in own:
            if assessment.cell is None:
                continue
            members.setdefault((assessment.cell, answer_vector(assessment, instrument)), []).append(assessment)

        for (cell, vector), group in members.items():
            if len(group) > 1:
                items = tuple(cell_items(instrument, cell))
                ids = tuple(assessment.response.response_id for assessment in group)
                groups.append(IdenticalAnswers(name, cell, ids, items, vector))
    return groups


def answer_vector(assessment: Assessment, instrument: Instrument) -> tuple[int | str, ...]:
    """Return, per item of the form's cell, the scale point given or the item's state."""
    answers = assessment.response.answers
    return tuple(answers.get(number, state) for number, state in item_states(assessment, instrument).items())


def identical_answers_flags(groups: Sequence[IdenticalAnswers]) -> dict[str, Problem]:
    """Return the review flag ``enumerator-identical-answers`` of every group member, by response id.

    The flag's value lists the other members' ids, as the checks' ``identical-answers`` flag does.
    """
    flags = {}
    for group in groups:
        for response_id in group.response_ids:
            others = [other for other in group.response_ids if other != response_id]
            flags[response_id] = Problem(IDENTICAL_ANSWERS, None, ", ".join(others))
    return flags
