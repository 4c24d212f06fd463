"""Response records as the store keeps them: a Response to a JSON document and back, losing nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from survey.responses import Problem, Response


def response_record(response: Response) -> dict[str, Any]:
    """Return ``response`` as a JSON-ready dict; ``response_from_record`` gives back an equal Response."""
    return {
        "response_id": response.response_id,
        "source": response.source,
        "file": response.file,
        "row": response.row,
        "mode": response.mode,
        "enumerator": response.enumerator,
        "form_number": response.form_number,
        "submitted_at": response.submitted_at.isoformat() if response.submitted_at else None,
        "declared_dimension": response.declared_dimension,
        "answers": {str(number): value for number, value in response.answers.items()},
        "dont_know": sorted(response.dont_know),
        "touched_items": sorted(response.touched_items),
        "problems": [[p.code, p.column, p.value] for p in response.problems],
        "content_key": response.content_key,
        "phone_key": response.phone_key,
        "email_key": response.email_key,
        "nik_key": response.nik_key,
        "person_key": response.person_key,
        "pseudonyms": dict(response.pseudonyms),
        "details": dict(response.details),
    }


def response_from_record(record: dict[str, Any], **changes: Any) -> Response:
    """Return the Response stored as ``record``, with the fields in ``changes`` replaced."""
    submitted_at = record["submitted_at"]
    fields = {
        "response_id": record["response_id"],
        "source": record["source"],
        "file": record["file"],
        "row": record["row"],
        "mode": record["mode"],
        "enumerator": record["enumerator"],
        "form_number": record["form_number"],
        "submitted_at": dt.datetime.fromisoformat(submitted_at) if submitted_at else None,
        "declared_dimension": record["declared_dimension"],
        "answers": {int(number): value for number, value in record["answers"].items()},
        "dont_know": frozenset(record["dont_know"]),
        "touched_items": frozenset(record["touched_items"]),
        "problems": tuple(Problem(*problem) for problem in record["problems"]),
        "content_key": record["content_key"],
        "phone_key": record["phone_key"],
        "email_key": record["email_key"],
        "nik_key": record["nik_key"],
        "person_key": record.get("person_key"),
        "pseudonyms": dict(record["pseudonyms"]),
        "details": dict(record["details"]),
    }
    fields.update(changes)
    return Response(**fields)
