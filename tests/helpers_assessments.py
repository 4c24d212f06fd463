"""Build Response and Assessment records by hand, for the tests of the quality statistics.

A form's answers are given in the order of its quota cell's items: a scale
point, ``DK`` for "don't know", ``BAD`` for a non-blank cell that is not an
answer (out of range, unreadable) or None for a blank cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

from survey.checks import Assessment, cell_items
from survey.instrument import Instrument, load_instrument
from survey.responses import Problem, Response

DK = "dk"
BAD = "bad"
WITA = dt.timezone(dt.timedelta(hours=8))


@cache
def bundled_instrument() -> Instrument:
    """The bundled 2024 instrument, loaded once."""
    return load_instrument()


def build_response(response_id: str, items: Sequence[int], values: Sequence[int | str | None], *,
                   mode: str = "online", enumerator: str | None = None, day: dt.date | None = None) -> Response:
    """Return a Response with ``values`` given to ``items``; ``day`` is its interview date at midnight WITA."""
    answers = {number: value for number, value in zip(items, values, strict=True) if isinstance(value, int)}
    dont_know = frozenset(number for number, value in zip(items, values, strict=True) if value == DK)
    touched = frozenset(number for number, value in zip(items, values, strict=True) if value is not None)
    submitted_at = dt.datetime.combine(day, dt.time(), WITA) if day else None
    return Response(response_id=response_id, source="hand", file="hand.csv", row=0, mode=mode,
                    enumerator=enumerator, form_number=None, submitted_at=submitted_at, declared_dimension=None,
                    answers=answers, dont_know=dont_know, touched_items=touched, problems=(),
                    content_key=response_id)


def build_assessment(response_id: str, cell: str | None, values: Sequence[int | str | None], *,
                     reasons: Sequence[str] = (), items: Sequence[int] | None = None, **response_fields) -> Assessment:
    """Return the Assessment of a form of quota ``cell`` with ``values`` in the order of the cell's items.

    ``reasons`` are exclusion codes; none makes the response valid. A form
    without a cell (``cell=None``) needs its ``items``.
    """
    if items is None:
        items = cell_items(bundled_instrument(), cell)
    response = build_response(response_id, items, values, **response_fields)
    dimension = cell.split(".")[0] if cell else None
    return Assessment(response, dimension, cell, tuple(Problem(code) for code in reasons), ())


def uniform(value: int | str | None, count: int = 9) -> list[int | str | None]:
    """Return ``count`` copies of ``value``: the same answer to every item of a cell."""
    return [value] * count
