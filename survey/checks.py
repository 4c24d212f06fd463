"""First checks: decide for each response whether it is valid or excluded, and what to review.

Rules, in order:
1. Row problems found while reading (an answer outside the scale or unreadable,
   two columns of one item disagreeing, surplus cells) exclude the response;
   an impossible date or an unreadable dimension choice is flagged for review.
2. The quota cell is the dimension of the items answered (or, under the
   per-sub-dimension design, its sub-dimension). Items of several dimensions,
   or of several sub-dimensions under that design, exclude the response, and
   so does a dimension choice that disagrees with the items answered.
3. A response with fewer answered items than its cell has is incomplete and
   excluded; "don't know" counts as not answered.
4. Exact duplicate submissions, and several submissions by the same
   respondent (same pseudonym of the phone number, e-mail, NIK, or name with
   birth date and sub-district, as ``respondent_keys`` lists, in any source):
   the earliest valid submission is kept and the others are excluded, each
   naming the response it duplicates. The coordinator's decisions override
   this: a member marked ``different`` leaves the group, members marked
   ``keep`` are kept (and then only they), a member marked ``drop`` is not
   kept even when it is the earliest.
5. All answers of the cell equal (straight-lining) and submissions outside the
   survey window are flagged for review; the response is kept.
6. Eligibility (survey.eligibility): a respondent who is not a resident, is
   below the minimum age, has not used the programme or gave no consent is
   excluded; a response that the coordinator excluded on review is excluded.
7. Quality flags for review, after the duplicates: bursts of online
   submissions and night-time submissions (survey.timing), identical answers
   with identical details (survey.patterns), and many "don't know" answers.
8. With ``exact_quota``, the valid responses of a cell beyond its quota, in
   order of submission, are excluded as over-quota.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass

from smartcity_impact.i18n import gettext as _
from survey.config import SurveyConfig
from survey.eligibility import eligibility_problems
from survey.instrument import Instrument
from survey.patterns import dont_know_share, identical_groups
from survey.reasons import EXCLUDE, severity_of
from survey.responses import Problem, Response
from survey.timestamps import INDONESIAN_ZONES
from survey.timing import at_night, burst_members

logger = logging.getLogger(__name__)

DUPLICATE_CODES = ("duplicate-submission", "duplicate-respondent")
LATEST = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Assessment:
    """The outcome of the checks for one response: its quota cell, exclusion reasons and review flags.

    ``duplicate_groups`` lists the duplicate groups the response belongs to,
    each as (group id, what the members share: ``identical`` or the respondent
    keys such as ``phone, email``). A group's id is its earliest member's id.
    """

    response: Response
    dimension: str | None
    cell: str | None
    reasons: tuple[Problem, ...]
    flags: tuple[Problem, ...]
    duplicate_groups: tuple[tuple[str, str], ...] = ()

    @property
    def valid(self) -> bool:
        """True when no reason excludes the response."""
        return not self.reasons

    @property
    def outcome(self) -> str:
        """``accepted``, ``duplicate`` (excluded only as a duplicate) or ``rejected``."""
        if self.valid:
            return "accepted"
        if all(reason.code in DUPLICATE_CODES for reason in self.reasons):
            return "duplicate"
        return "rejected"


@dataclass
class Finding:
    """Findings of the checks so far about one response; the duplicate and quota rules add reasons later."""

    response: Response
    dimension: str | None
    cell: str | None
    reasons: list[Problem]
    flags: list[Problem]
    groups: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def assess_responses(responses: list[Response], config: SurveyConfig, exact_quota: bool = False,
                     decisions: dict[str, str] | None = None,
                     reviews: dict[str, str] | None = None) -> list[Assessment]:
    """Return one Assessment per response, in the order given.

    ``decisions`` maps a response id to the coordinator's decision on its
    duplicate group: ``keep``, ``drop`` or ``different``. ``reviews`` maps a
    response id to the coordinator's review decision: ``keep`` or ``exclude``.
    """
    reviews = reviews or {}
    findings = [assess_response(response, config, reviews.get(response.response_id)) for response in responses]
    order = submission_order(responses)
    decisions = decisions or {}

    mark_duplicates(findings, order, lambda r: r.content_key, decisions)
    mark_respondent_duplicates(findings, order, config.respondent_keys, decisions)
    mark_quality_flags(findings, config)
    if exact_quota:
        mark_over_quota(findings, order, config.quota)

    assessments = [Assessment(f.response, f.dimension, f.cell, tuple(f.reasons), tuple(f.flags), tuple(f.groups))
                   for f in findings]
    excluded = sum(1 for a in assessments if not a.valid)
    logger.info(_("%d responses checked: %d valid, %d excluded"), len(assessments), len(assessments) - excluded,
                excluded)
    return assessments


def submission_order(responses: list[Response]) -> list[int]:
    """Return response indexes by submission time; unknown times last, then source order and row."""
    return sorted(range(len(responses)), key=lambda i: (responses[i].submitted_at or LATEST, i))


def assess_response(response: Response, config: SurveyConfig, review: str | None = None) -> Finding:
    """Return the Finding of one response after rules 1, 2, 3, 5 and 6."""
    problems = [*response.problems, *eligibility_problems(response, config.thresholds["minimum_age"])]
    reasons = [p for p in problems if severity_of(p.code) == EXCLUDE]
    flags = [p for p in problems if severity_of(p.code) != EXCLUDE]
    if review == "exclude":
        reasons.append(Problem("excluded-on-review"))
    instrument = config.instrument

    dimension, cell, cell_problems = place_in_cell(response, config)
    reasons.extend(cell_problems)
    if cell is not None:
        required = cell_items(instrument, cell)
        answered = [number for number in required if number in response.answers]
        if len(answered) < len(required):
            missing = ", ".join(f"Q{n}" for n in required if n not in response.answers)
            reasons.append(Problem("incomplete", missing, f"{len(answered)}/{len(required)}"))
        elif len({response.answers[n] for n in required}) == 1:
            flags.append(Problem("straight-lining", None, str(response.answers[required[0]])))

    if outside_window(response.submitted_at, config):
        flags.append(Problem("outside-window", None, response.submitted_at.date().isoformat()))
    return Finding(response, dimension, cell, reasons, flags)


def place_in_cell(response: Response, config: SurveyConfig) -> tuple[str | None, str | None, list[Problem]]:
    """Return the dimension and quota cell of a response, or the problems that prevent placing it."""
    instrument = config.instrument
    touched = [instrument.items_by_number[n] for n in sorted(response.touched_items)]
    dimensions = sorted({item.dimension for item in touched})

    if not touched:
        return response.declared_dimension, None, [Problem("no-answers")]
    if len(dimensions) > 1:
        return None, None, [Problem("multiple-dimensions", None, ", ".join(dimensions))]
    dimension = dimensions[0]
    if response.declared_dimension and response.declared_dimension != dimension:
        return dimension, None, [Problem("dimension-mismatch", None, f"{response.declared_dimension} / {dimension}")]

    if config.design_of(dimension) == "per-dimension":
        return dimension, dimension, []
    subs = sorted({item.sub_dimension for item in touched})
    if len(subs) > 1:
        return dimension, None, [Problem("multiple-sub-dimensions", None, ", ".join(subs))]
    return dimension, subs[0], []


def cell_items(instrument: Instrument, cell: str) -> list[int]:
    """Return the item numbers a respondent of quota ``cell`` (a dimension or sub-dimension code) rates."""
    if "." in cell:
        return [item.number for item in instrument.sub_dimension(cell).items]
    return [item.number for item in instrument.dimension(cell).items]


def outside_window(moment: dt.datetime | None, config: SurveyConfig) -> bool:
    """True when ``moment`` falls before the window's start date or after its end date."""
    if moment is None:
        return False
    if config.window_start and moment.date() < config.window_start:
        return True
    return bool(config.window_end and moment.date() > config.window_end)


def resolve_group(findings: list[Finding], members: list[int], code: str, match: str,
                  decisions: dict[str, str]) -> None:
    """Keep one member of a duplicate group (or those marked keep) and exclude the others with ``code``.

    By default the first valid member in submission order is kept (else the
    first). Members marked ``different`` leave the group; a member marked
    ``drop`` is never the one kept by default.
    """
    group_id = findings[members[0]].response.response_id
    for index in members:
        findings[index].groups.append((group_id, match))

    decided = {index: decisions.get(findings[index].response.response_id) for index in members}
    together = [index for index in members if decided[index] != "different"]
    if len(together) < 2:
        return
    kept = [index for index in together if decided[index] == "keep"]
    if not kept:
        candidates = [index for index in together if decided[index] != "drop"]
        valid = [index for index in candidates if not findings[index].reasons]
        kept = (valid or candidates)[:1]

    kept_id = findings[kept[0]].response.response_id if kept else "-"
    for index in together:
        if index not in kept:
            findings[index].reasons.append(Problem(code, None, kept_id))


def mark_duplicates(findings: list[Finding], order: list[int], key_of, decisions: dict[str, str]) -> None:
    """Group identical submissions (same ``key_of``) and exclude all but the kept one of each group."""
    groups: dict[str, list[int]] = {}
    for index in order:
        key = key_of(findings[index].response)
        if key:
            groups.setdefault(key, []).append(index)
    for members in groups.values():
        if len(members) > 1:
            resolve_group(findings, members, "duplicate-submission", "identical", decisions)


def mark_respondent_duplicates(findings: list[Finding], order: list[int], keys: tuple[str, ...],
                               decisions: dict[str, str]) -> None:
    """Group responses sharing any respondent key (phone, email, nik or person pseudonym) and keep one per group."""
    parent = list(range(len(findings)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with_key: dict[tuple[str, str], int] = {}
    for index in order:
        if any(p.code == "duplicate-submission" for p in findings[index].reasons):
            continue
        response = findings[index].response
        for key in keys:
            value = getattr(response, f"{key}_key")
            if value is None:
                continue
            other = first_with_key.setdefault((key, value), index)
            parent[root(index)] = root(other)

    groups: dict[int, list[int]] = {}
    for index in order:
        groups.setdefault(root(index), []).append(index)
    for members in groups.values():
        if len(members) > 1:
            resolve_group(findings, members, "duplicate-respondent", shared_keys(findings, members, keys),
                          decisions)


def shared_keys(findings: list[Finding], members: list[int], keys: tuple[str, ...]) -> str:
    """Return the respondent keys that at least two members of a group share, such as ``phone, email``."""
    shared = []
    for key in keys:
        values = [getattr(findings[index].response, f"{key}_key") for index in members]
        present = [value for value in values if value is not None]
        if len(present) != len(set(present)):
            shared.append(key)
    return ", ".join(shared)


def mark_quality_flags(findings: list[Finding], config: SurveyConfig) -> None:
    """Flag bursts, night-time submissions, identical answers with identical details and many don't-knows."""
    thresholds = config.thresholds
    # Copies excluded as duplicates are one submission counted again, so they do not make a burst.
    originals = [index for index, finding in enumerate(findings)
                 if not any(p.code in DUPLICATE_CODES for p in finding.reasons)]
    responses = [findings[index].response for index in originals]
    for member in burst_members(responses, int(thresholds["burst_count"]), thresholds["burst_minutes"]):
        finding = findings[originals[member]]
        finding.flags.append(Problem("burst", None, submission_minute(finding.response)))

    zones = {source.name: INDONESIAN_ZONES[source.time_zone] for source in config.sources}
    for finding in findings:
        zone = zones.get(finding.response.source)
        if zone and at_night(finding.response, zone, thresholds["night_start_hour"], thresholds["night_end_hour"]):
            local = finding.response.submitted_at.astimezone(zone)
            finding.flags.append(Problem("night-time", None, local.strftime("%H:%M")))

    candidates = [(i, f.response, f.cell) for i, f in enumerate(findings)
                  if f.cell and not any(p.code in DUPLICATE_CODES for p in f.reasons)]
    for members in identical_groups(candidates, int(thresholds["identical_answers_minimum"])):
        for index in members:
            others = [findings[other].response.response_id for other in members if other != index]
            findings[index].flags.append(Problem("identical-answers", None, ", ".join(others)))

    for finding in findings:
        if finding.cell is None:
            continue
        share = dont_know_share(finding.response, cell_items(config.instrument, finding.cell))
        if share > thresholds["dont_know_share"]:
            finding.flags.append(Problem("many-dont-know", None, f"{share:.0%}"))


def submission_minute(response: Response) -> str:
    """Return the submission time to the minute, as the flag's value."""
    return response.submitted_at.isoformat(timespec="minutes") if response.submitted_at else ""


def mark_over_quota(findings: list[Finding], order: list[int], quota: int) -> None:
    """Exclude the valid responses of each cell beyond the first ``quota`` in submission order."""
    counts: dict[str, int] = {}
    for index in order:
        finding = findings[index]
        if finding.reasons or finding.cell is None:
            continue
        counts[finding.cell] = counts.get(finding.cell, 0) + 1
        if counts[finding.cell] > quota:
            finding.reasons.append(Problem("over-quota", None, finding.cell))
