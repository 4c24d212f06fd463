"""The official list of kabupaten/kota with Kemendagri codes, and tolerant matching of region names to it.

Published tables spell names loosely ("KAB. KONawe SELATAN", "KOTA BAU-BAU")
and sometimes with typos or a missing last letter. A name is normalized
(case, the type word KAB./KABUPATEN/KOTA, punctuation and spaces), compared
exactly, and otherwise scored with rapidfuzz's normalized Indel similarity
(``fuzz.ratio``, 0-100) against the official names of the same type.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from smartcity_impact.errors import ConfigError

logger = logging.getLogger(__name__)

REGIONS_FILE = Path(__file__).parent / "data" / "kabupaten_kota.csv"
REGENCY, CITY = "KAB", "KOTA"
DEFAULT_THRESHOLD = 90.0
# Below this similarity a name has no candidate at all.
MINIMUM_SCORE = 70.0
# Shorter names are too often the start of several official names to be taken as truncated.
MINIMUM_TRUNCATED_LENGTH = 4
TYPE_PREFIX = re.compile(r"^(?:(?P<regency>kabupaten|kab)|(?P<city>kota|kotamadya))\b\s*(?:adm(?:inistrasi)?\b\s*)?")
NON_WORD = re.compile(r"[\W_]+")

# Match statuses, stable codes for the report.
EXACT, FUZZY, BELOW_THRESHOLD, NO_CANDIDATE = "exact", "fuzzy", "below-threshold", "no-candidate"
# A name without a type that is both a kabupaten and a kota, such as BANDUNG.
AMBIGUOUS = "ambiguous"
# The official name is the published one plus one final letter (TABALON for TABALONG).
TRUNCATED = "truncated"


@dataclass(frozen=True)
class Region:
    """A kabupaten (regency) or kota (city) with its Kemendagri code, such as ``63.09`` Kabupaten Tabalong."""

    code: str
    name: str

    @property
    def kind(self) -> str:
        """``KAB`` or ``KOTA``: Kemendagri numbers regencies 01-69 and cities 71-99 within a province."""
        return CITY if int(self.code.split(".")[1]) >= 70 else REGENCY

    @property
    def short_name(self) -> str:
        """The name as the evaluation tables print it, such as ``KAB. TABALONG`` or ``KOTA BAU BAU``."""
        _kind, words = split_region_name(self.name)
        return f"{'KAB.' if self.kind == REGENCY else 'KOTA'} {words.upper()}"


@dataclass(frozen=True)
class RegionMatch:
    """The official region a published name was matched to.

    Attributes:
        text: the name as published.
        region: the region matched, None when the best candidate scored below the threshold.
        candidate: the best candidate of the same type, None when none reached the minimum score.
        score: the similarity of ``candidate`` (100 for an exact match after normalization).
        status: ``exact``, ``truncated``, ``fuzzy``, ``below-threshold``, ``ambiguous`` or ``no-candidate``.
    """

    text: str
    region: Region | None
    candidate: Region | None
    score: float
    status: str


def fold_name(text: str) -> str:
    """Return ``text`` case-folded with punctuation replaced by single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(NON_WORD.sub(" ", text).split())


def split_region_name(text: str) -> tuple[str | None, str]:
    """Return the type named at the start of ``text`` (KAB, KOTA or None) and the folded name after it.

    Only a whole leading word counts, so ``Kotabaru`` and ``Lima Puluh Kota`` keep their ``kota``.
    """
    folded = fold_name(text)
    prefix = TYPE_PREFIX.match(folded)
    if not prefix:
        return None, folded
    kind = REGENCY if prefix.group("regency") else CITY
    return kind, folded[prefix.end():].strip()


def comparison_key(words: str) -> str:
    """Return the folded name without spaces, so that ``BAU BAU`` equals ``BAUBAU``."""
    return words.replace(" ", "")


@lru_cache(maxsize=4)
def load_regions(path: Path = REGIONS_FILE) -> tuple[Region, ...]:
    """Read the official list of kabupaten/kota: a CSV of ``code,name`` after ``#`` comment lines.

    Raises:
        ConfigError: the file is missing or a line has no valid code.
    """
    # NOTE: the list follows the Kepmendagri of 2025; a region renamed or created
    # after it is reported as having no candidate until the list is updated.
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    except OSError as err:
        raise ConfigError("regions-not-readable", "The list of kabupaten/kota cannot be read: {reason}.", file=path,
                          reason=err.strerror) from err

    regions = []
    for record in csv.DictReader(lines):
        if not re.fullmatch(r"\d\d\.\d\d", record.get("code") or ""):
            raise ConfigError("regions-invalid", "The list of kabupaten/kota has an invalid code '{value}'.",
                              file=path, value=record.get("code"))
        regions.append(Region(record["code"], record["name"]))
    return tuple(regions)


class RegionMatcher:
    """Matches published region names to the official list, of the same type when the name states one."""

    def __init__(self, regions: tuple[Region, ...], threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        # Per stated type (None: no type stated), each official region under a
        # lookup key, and the name compared for that key.
        self.regions: dict[str | None, dict[str, Region]] = {None: {}, REGENCY: {}, CITY: {}}
        self.names: dict[str | None, dict[str, str]] = {None: {}, REGENCY: {}, CITY: {}}
        for region in regions:
            key = comparison_key(split_region_name(region.name)[1])
            for kind, lookup in ((region.kind, key), (None, f"{region.kind} {key}")):
                self.regions[kind][lookup] = region
                self.names[kind][lookup] = key

    def match(self, text: str) -> RegionMatch:
        """Return the official region of the published name ``text``, with how sure the match is."""
        kind, words = split_region_name(text)
        key = comparison_key(words)
        exact = [self.regions[kind][lookup] for lookup, name in self.names[kind].items() if name == key]
        if len(exact) == 1:
            return RegionMatch(text, exact[0], exact[0], 100.0, EXACT)
        if len(exact) > 1:
            return RegionMatch(text, None, exact[0], 100.0, AMBIGUOUS)

        truncated = [lookup for lookup, name in self.names[kind].items()
                     if len(key) >= MINIMUM_TRUNCATED_LENGTH and name.startswith(key) and len(name) == len(key) + 1]
        if len(truncated) == 1:
            region = self.regions[kind][truncated[0]]
            return RegionMatch(text, region, region, fuzz.ratio(key, self.names[kind][truncated[0]]), TRUNCATED)
        return self.match_fuzzy(text, key, kind)

    def match_fuzzy(self, text: str, key: str, kind: str | None) -> RegionMatch:
        """Return the most similar official name of the same type, or no candidate below MINIMUM_SCORE."""
        best = None
        if key:
            best = process.extractOne(key, self.names[kind], scorer=fuzz.ratio, score_cutoff=MINIMUM_SCORE)
        if best is None:
            logger.info("region %r: no candidate", text)
            return RegionMatch(text, None, None, 0.0, NO_CANDIDATE)

        _name, score, lookup = best
        candidate = self.regions[kind][lookup]
        if score >= self.threshold:
            logger.info("region %r matched to %s %s (similarity %.1f)", text, candidate.code, candidate.name, score)
            return RegionMatch(text, candidate, candidate, score, FUZZY)
        return RegionMatch(text, None, candidate, score, BELOW_THRESHOLD)
