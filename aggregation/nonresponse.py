"""Item nonresponse and "don't know" (Tidak tahu) answers, per item and per respondent.

Definitions this module follows:
- The responses counted are those placed in a quota cell, valid or excluded,
  except copies of another form: responses excluded as
  ``duplicate-submission`` or ``removed-from-source``. Excluded responses are
  counted because that is where nonresponse shows. Under the first checks a
  "don't know" or a blank makes a response incomplete, so valid responses have
  neither.
- Each item of a counted response's cell is in one state: ``answered`` (a scale
  point), ``dont-know``, ``missing`` (a blank cell) or ``invalid`` (a non-blank
  cell that is neither a scale point nor a "don't know" label, such as an
  answer out of range or two columns of the item that disagree).
- Per item, the rates are among the counted responses whose cell contains the
  item. Per respondent, they are over the items of its cell.
- A respondent answering "don't know" to more than a share of its items (30%
  by default) is returned for review. The checks flag the same responses
  ``many-dont-know`` with the threshold ``dont_know_share`` of ``[checks]``
  in survey.toml, copies included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from survey.checks import Assessment, cell_items
from survey.instrument import Instrument

ANSWERED = "answered"
DONT_KNOW = "dont-know"
MISSING = "missing"
INVALID = "invalid"

# Reasons that mark a response as a copy of another form rather than a form of its own.
COPY_CODES = ("duplicate-submission", "removed-from-source")
DEFAULT_DONT_KNOW_THRESHOLD = 0.3


@dataclass(frozen=True)
class ItemNonresponse:
    """Answer states of one item among the counted responses of the cells that contain it.

    ``respondents == answered + dont_know + missing + invalid``. The rates are
    ``dont_know / respondents`` and ``missing / respondents``; None without respondents.
    """

    number: int
    respondents: int
    answered: int
    dont_know: int
    missing: int
    invalid: int
    dont_know_rate: float | None
    missing_rate: float | None


@dataclass(frozen=True)
class RespondentNonresponse:
    """Answer states of one counted response over the items of its cell.

    ``items == answered + dont_know + missing + invalid``. The rates are
    ``dont_know / items`` and ``missing / items``.
    """

    response_id: str
    cell: str
    items: int
    answered: int
    dont_know: int
    missing: int
    invalid: int
    dont_know_rate: float
    missing_rate: float


def is_copy(assessment: Assessment) -> bool:
    """True when the response is excluded as a copy of another form."""
    return any(reason.code in COPY_CODES for reason in assessment.reasons)


def is_counted(assessment: Assessment) -> bool:
    """True when the response is placed in a quota cell and is not a copy of another form."""
    return assessment.cell is not None and not is_copy(assessment)


def item_states(assessment: Assessment, instrument: Instrument) -> dict[int, str]:
    """Return the state of each item of the response's cell: answered, dont-know, missing or invalid.

    Raises:
        ValueError: the assessment has no quota cell.
    """
    if assessment.cell is None:
        raise ValueError(f"response {assessment.response.response_id} has no quota cell")
    response = assessment.response
    states = {}
    for number in cell_items(instrument, assessment.cell):
        if number in response.answers:
            states[number] = ANSWERED
        elif number in response.dont_know:
            states[number] = DONT_KNOW
        elif number in response.touched_items:
            states[number] = INVALID
        else:
            states[number] = MISSING
    return states


def estimate_item_nonresponse(assessments: Sequence[Assessment], instrument: Instrument) -> dict[int, ItemNonresponse]:
    """Return the answer states of every item of ``instrument``, in evaluation order, over the counted responses."""
    tallies = {item.number: {ANSWERED: 0, DONT_KNOW: 0, MISSING: 0, INVALID: 0} for item in instrument.items}
    for assessment in assessments:
        if not is_counted(assessment):
            continue
        for number, state in item_states(assessment, instrument).items():
            tallies[number][state] += 1

    records = {}
    for number, tally in tallies.items():
        respondents = sum(tally.values())
        records[number] = ItemNonresponse(number, respondents, tally[ANSWERED], tally[DONT_KNOW], tally[MISSING],
                                          tally[INVALID], share(tally[DONT_KNOW], respondents),
                                          share(tally[MISSING], respondents))
    return records


def estimate_respondent_nonresponse(assessments: Sequence[Assessment],
                                    instrument: Instrument) -> list[RespondentNonresponse]:
    """Return the answer states of every counted response, in the order given."""
    return [respondent_nonresponse(assessment, instrument) for assessment in assessments if is_counted(assessment)]


def respondent_nonresponse(assessment: Assessment, instrument: Instrument) -> RespondentNonresponse:
    """Return the answer states of one response over the items of its cell.

    Raises:
        ValueError: the assessment has no quota cell.
    """
    states = list(item_states(assessment, instrument).values())
    items = len(states)
    return RespondentNonresponse(assessment.response.response_id, assessment.cell, items, states.count(ANSWERED),
                                 states.count(DONT_KNOW), states.count(MISSING), states.count(INVALID),
                                 states.count(DONT_KNOW) / items, states.count(MISSING) / items)


def check_many_dont_know(assessments: Sequence[Assessment], instrument: Instrument,
                         threshold: float = DEFAULT_DONT_KNOW_THRESHOLD) -> list[RespondentNonresponse]:
    """Return the counted responses with "don't know" on more than ``threshold`` of their items, in the order given.

    Raises:
        ValueError: ``threshold`` is not between 0 and 1.
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold!r}")
    return [record for record in estimate_respondent_nonresponse(assessments, instrument)
            if record.dont_know_rate > threshold]


def share(part: int, whole: int) -> float | None:
    """Return ``part / whole``, or None when ``whole`` is 0."""
    return part / whole if whole else None
