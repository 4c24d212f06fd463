"""Timing checks of online submissions: bursts of many submissions in a short window, and night-time hours.

Many forms sent within minutes of each other suggest one person filling in
forms for others; a submission in the middle of the night is unusual for a
public-service survey. Both only flag a response for review. Paper forms
carry an interview date without a time, so only online responses are checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from survey.responses import Response

ONLINE = "online"


def burst_members(responses: Sequence[Response], count: int, minutes: float) -> set[int]:
    """Return the indexes of online responses in any window of ``minutes`` with at least ``count`` submissions."""
    timed = sorted((r.submitted_at, i) for i, r in enumerate(responses) if r.mode == ONLINE and r.submitted_at)
    window = dt.timedelta(minutes=minutes)
    members: set[int] = set()
    start = 0
    for end in range(len(timed)):
        while timed[end][0] - timed[start][0] > window:
            start += 1
        if end - start + 1 >= count:
            members.update(index for _moment, index in timed[start:end + 1])
    return members


def at_night(response: Response, zone: dt.tzinfo, start_hour: float, end_hour: float) -> bool:
    """True when an online response was submitted from ``start_hour`` to before ``end_hour``, local time in ``zone``."""
    if response.mode != ONLINE or response.submitted_at is None:
        return False
    local = response.submitted_at.astimezone(zone)
    hour = local.hour + local.minute / 60
    if start_hour <= end_hour:
        return start_hour <= hour < end_hour
    return hour >= start_hour or hour < end_hour
