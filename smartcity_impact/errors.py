"""Exceptions for work that cannot go on: an unreadable file, an invalid configuration.

Quality findings about single responses are data (reason codes), not exceptions.
Every error carries a stable code and the place it concerns (file, row, column,
value), and renders its message through the translation catalogue, so the same
error reads in Indonesian or English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from smartcity_impact.i18n import gettext as _


class SmartCityImpactError(Exception):
    """Base of every error the toolkit raises on purpose.

    Args:
        code: stable kebab-case identifier, for tests and logs.
        message: English message template (a gettext msgid) with ``{name}`` fields.
        hint: English template of what the user should do next.
        file, row, column, value: where the problem is; any may be None.
        params: values substituted into ``message`` and ``hint``.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        hint: str | None = None,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        **params: Any,
    ) -> None:
        self.code = code
        self.template = message
        self.hint_template = hint
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.value = value
        self.params = params
        super().__init__(self.render())

    def render(self) -> str:
        """Return the message in the active language: place, problem, then what to do."""
        fields = {"file": self.file, "row": self.row, "column": self.column, "value": self.value}
        fields.update(self.params)

        parts = []
        location = self.render_location()
        if location:
            parts.append(location)
        parts.append(_(self.template).format(**fields))
        if self.hint_template:
            parts.append(_(self.hint_template).format(**fields))
        return " ".join(parts)

    def render_location(self) -> str:
        """Return "File X, row N, column 'C':" in the active language, or ''."""
        location = describe_location(self.file, self.row, self.column)
        return location + ":" if location else ""

    def __str__(self) -> str:
        return self.render()


def describe_location(file: str | Path | None, row: int | None = None, column: str | None = None) -> str:
    """Return "File X, row N, column 'C'" in the active language, leaving out the parts that are None."""
    pieces = []
    if file:
        pieces.append(_("File {file}").format(file=file))
    if row is not None:
        pieces.append(_("row {row}").format(row=row))
    if column:
        pieces.append(_("column '{column}'").format(column=column))
    return ", ".join(pieces)


class ConfigError(SmartCityImpactError):
    """``survey.toml`` is missing, unreadable or has an invalid key."""


class InstrumentError(SmartCityImpactError):
    """An instrument file does not have the structure the survey needs."""


class ReadError(SmartCityImpactError):
    """A source file cannot be read or its columns cannot be matched to items."""


class SheetError(ReadError):
    """A Google Sheet cannot be fetched: no access, invalid credentials, quota, server or network failure."""


class OutputError(SmartCityImpactError):
    """A result file cannot be written."""
