"""Quota status: valid respondents per quota cell against the quota, by collection mode."""

from __future__ import annotations

from dataclasses import dataclass

from survey.checks import Assessment
from survey.config import SurveyConfig


@dataclass(frozen=True)
class QuotaCell:
    """Valid respondents of one quota cell (a dimension, or a sub-dimension under that design)."""

    cell: str
    dimension: str
    name: str
    quota: int
    valid: int
    online: int
    offline: int

    @property
    def shortfall(self) -> int:
        """Respondents still needed to reach the quota (0 when met)."""
        return max(self.quota - self.valid, 0)

    @property
    def excess(self) -> int:
        """Valid respondents beyond the quota (0 when not exceeded)."""
        return max(self.valid - self.quota, 0)

    @property
    def met(self) -> bool:
        """True when the cell has at least its quota of valid respondents."""
        return self.valid >= self.quota


def quota_cells(config: SurveyConfig) -> list[tuple[str, str, str]]:
    """Return (cell, dimension, name) of every quota cell in evaluation order, following each dimension's design.

    A sub-dimension cell is named by its dimension and numeral (``Smart Economy II``), short enough for a table.
    """
    cells = []
    for dimension in config.instrument.dimensions:
        if config.design_of(dimension.code) == "per-dimension":
            cells.append((dimension.code, dimension.code, dimension.name))
            continue
        for sub in dimension.sub_dimensions:
            cells.append((sub.code, dimension.code, f"{dimension.name} {sub.numeral}"))
    return cells


def quota_status(assessments: list[Assessment], config: SurveyConfig) -> list[QuotaCell]:
    """Return the quota status of every cell, counting valid responses by mode."""
    status = []
    for cell, dimension, name in quota_cells(config):
        valid = [a for a in assessments if a.valid and a.cell == cell]
        online = sum(1 for a in valid if a.response.mode == "online")
        status.append(QuotaCell(cell, dimension, name, config.quota, len(valid), online, len(valid) - online))
    return status
