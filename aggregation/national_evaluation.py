"""Recompute every row of a national table: Nilai Final, agreement with the published one, ranks, region codes.

Ranks use the rounded Nilai Final, as published; regions with the same
score share a rank and the next rank skips (1, 2, 2, 4). The overall rank
is over every region read, the category rank over the regions of its
category.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from aggregation.evaluation import Evaluation, RegionScores, compute_evaluation
from aggregation.evaluation_rules import EvaluationRules
from aggregation.national_table import NationalTable, TableRow
from aggregation.regions import EXACT, FUZZY, TRUNCATED, RegionMatch, RegionMatcher

# Name matches that assign an official region; the others are reported for checking.
CONFIDENT_MATCHES = (EXACT, TRUNCATED, FUZZY)
APPROXIMATE_MATCHES = (TRUNCATED, FUZZY)


@dataclass(frozen=True)
class RegionResult:
    """One region's row of the national table with its recomputed Nilai Final, ranks and official region.

    Attributes:
        row: the row as published.
        evaluation: the recomputed Nilai Final.
        match: the official region its name was matched to.
        rank: rank of the rounded Nilai Final among every region.
        category_rank: rank within the region's category.
    """

    row: TableRow
    evaluation: Evaluation
    match: RegionMatch
    rank: int = 0
    category_rank: int = 0

    @property
    def agrees(self) -> bool | None:
        """Whether the published Nilai Final equals the recomputed one; None when none is published."""
        if self.row.published_final is None:
            return None
        return self.row.published_final == self.evaluation.final_score


@dataclass
class TableEvaluation:
    """The recomputed national table, with what needs attention."""

    table: NationalTable
    results: list[RegionResult] = field(default_factory=list)

    @property
    def disagreements(self) -> list[RegionResult]:
        """Regions whose published Nilai Final differs from the recomputed one."""
        return [result for result in self.results if result.agrees is False]

    @property
    def approximate_matches(self) -> list[RegionResult]:
        """Regions whose name matched an official one only after allowing a truncation or typo."""
        return [result for result in self.results if result.match.status in APPROXIMATE_MATCHES]

    @property
    def uncertain_matches(self) -> list[RegionResult]:
        """Regions whose name matched below the threshold, ambiguously, or not at all."""
        return [result for result in self.results if result.match.status not in CONFIDENT_MATCHES]

    @property
    def duplicate_regions(self) -> list[list[RegionResult]]:
        """Groups of rows matched to the same official region."""
        groups: dict[str, list[RegionResult]] = {}
        for result in self.results:
            if result.match.region is not None:
                groups.setdefault(result.match.region.code, []).append(result)
        return [group for group in groups.values() if len(group) > 1]


def evaluate_table(table: NationalTable, rules: EvaluationRules, matcher: RegionMatcher) -> TableEvaluation:
    """Recompute, match and rank every region read from ``table``."""
    results = [RegionResult(row, compute_evaluation(RegionScores(row.category, row.scores), rules),
                            matcher.match(row.region)) for row in table.rows]

    overall = competition_ranks([result.evaluation.final_score for result in results])
    ranked = []
    for result, rank in zip(results, overall):
        peers = [other.evaluation.final_score for other in results
                 if other.evaluation.category == result.evaluation.category]
        category_rank = 1 + sum(score > result.evaluation.final_score for score in peers)
        ranked.append(RegionResult(result.row, result.evaluation, result.match, rank, category_rank))
    return TableEvaluation(table, ranked)


def competition_ranks(scores: list[Decimal]) -> list[int]:
    """Return the rank of each score, highest first; equal scores share the best rank of their group."""
    return [1 + sum(other > score for other in scores) for score in scores]
