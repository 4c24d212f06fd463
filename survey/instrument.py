"""The survey instrument: dimensions, sub-dimensions, items and the answer scale.

An instrument is a TOML data file (``survey/instruments/impact-2024.toml`` for
2024). Loading checks the structure the evaluation relies on: six dimensions,
three sub-dimensions each, three items each, item numbers unique and
consecutive. Another year's instrument is another file, with no code change.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from smartcity_impact.errors import InstrumentError
from smartcity_impact.i18n import gettext as _

logger = logging.getLogger(__name__)

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"
DIMENSION_COUNT = 6
SUB_DIMENSIONS_PER_DIMENSION = 3
ITEMS_PER_SUB_DIMENSION = 3


@dataclass(frozen=True)
class Item:
    """One rated statement (butir pertanyaan), numbered as in the evaluation form."""

    number: int
    dimension: str
    sub_dimension: str
    question: str
    statement: str

    @property
    def code(self) -> str:
        """Stable column code used in paper forms and outputs, e.g. ``Q50``."""
        return f"Q{self.number}"


@dataclass(frozen=True)
class SubDimension:
    """A sub-dimension (sub dimensi) such as ``governance.I`` with its three items."""

    code: str
    dimension: str
    numeral: str
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Dimension:
    """A smart-city dimension (dimensi) with its sub-dimensions and routing aliases."""

    code: str
    name: str
    aliases: tuple[str, ...]
    sub_dimensions: tuple[SubDimension, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """The dimension's items in evaluation order."""
        return tuple(item for sub in self.sub_dimensions for item in sub.items)


@dataclass(frozen=True, eq=False)
class Scale:
    """The answer scale: integer points with their labels, and the labels that mean missing.

    Compared and hashed by identity, so lookups built from it can be cached.
    """

    minimum: int
    maximum: int
    labels: dict[str, int]
    missing_labels: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Instrument:
    """A whole instrument as loaded and checked from its data file.

    Compared and hashed by identity, so per-instrument lookups can be cached cheaply.
    """

    id: str
    year: int
    title: str
    scale: Scale
    dimensions: tuple[Dimension, ...]
    source: Path

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All items in evaluation order (50 to 103 in 2024)."""
        return tuple(item for dimension in self.dimensions for item in dimension.items)

    @cached_property
    def items_by_number(self) -> dict[int, Item]:
        """Items keyed by their number."""
        return {item.number: item for item in self.items}

    @cached_property
    def sub_dimensions(self) -> tuple[SubDimension, ...]:
        """All sub-dimensions in evaluation order."""
        return tuple(sub for dimension in self.dimensions for sub in dimension.sub_dimensions)

    def dimension(self, code: str) -> Dimension:
        """Return the dimension with ``code``; raises KeyError if there is none."""
        for dimension in self.dimensions:
            if dimension.code == code:
                return dimension
        raise KeyError(code)

    def sub_dimension(self, code: str) -> SubDimension:
        """Return the sub-dimension with ``code`` (``governance.I``); raises KeyError if there is none."""
        for sub in self.sub_dimensions:
            if sub.code == code:
                return sub
        raise KeyError(code)


def resolve_instrument_path(name_or_path: str, base_dir: Path | None = None) -> Path:
    """Return the file of a bundled instrument id (``impact-2024``) or of a path relative to ``base_dir``."""
    bundled = INSTRUMENTS_DIR / f"{name_or_path}.toml"
    if bundled.exists():
        return bundled

    path = Path(name_or_path)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if path.exists():
        return path

    available = ", ".join(sorted(p.stem for p in INSTRUMENTS_DIR.glob("*.toml")))
    raise InstrumentError(
        "instrument-not-found",
        "Instrument '{value}' not found.",
        hint="Use a bundled instrument ({available}) or the path of an instrument file.",
        value=name_or_path,
        available=available,
    )


def load_instrument(name_or_path: str = "impact-2024", base_dir: Path | None = None) -> Instrument:
    """Load and check an instrument.

    Raises:
        InstrumentError: the file is missing, is not valid UTF-8 TOML, or does not
            have 6 dimensions x 3 sub-dimensions x 3 items numbered consecutively.
    """
    path = resolve_instrument_path(name_or_path, base_dir)
    try:
        with path.open("rb") as instrument_file:
            data = tomllib.load(instrument_file)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InstrumentError(
            "instrument-invalid", "The instrument file is not valid TOML: {reason}.", file=path, reason=str(err)
        ) from err

    try:
        instrument = build_instrument(data, path)
    except (KeyError, TypeError, ValueError) as err:
        raise InstrumentError(
            "instrument-invalid",
            "The instrument file is missing or has an invalid entry: {reason}.",
            file=path,
            reason=str(err),
        ) from err

    check_instrument_structure(instrument)
    logger.info(_("instrument %s loaded from %s: %d items"), instrument.id, path, len(instrument.items))
    return instrument


def build_instrument(data: dict, path: Path) -> Instrument:
    """Build the records of an instrument from its parsed TOML ``data``."""
    scale_data = data["scale"]
    labels = {}
    for point in scale_data["points"]:
        for label in point["labels"]:
            labels[label] = int(point["value"])
    scale = Scale(
        minimum=int(scale_data["minimum"]),
        maximum=int(scale_data["maximum"]),
        labels=labels,
        missing_labels=tuple(scale_data.get("missing_labels", ())),
    )

    dimensions = []
    for dimension_data in data["dimensions"]:
        code = dimension_data["code"]
        subs = []
        for sub_data in dimension_data["sub_dimensions"]:
            sub_code = f"{code}.{sub_data['numeral']}"
            items = tuple(
                Item(int(i["number"]), code, sub_code, i["question"], i["statement"]) for i in sub_data["items"]
            )
            subs.append(SubDimension(sub_code, code, sub_data["numeral"], sub_data["name"], items))
        aliases = tuple(dimension_data.get("aliases", ()))
        dimensions.append(Dimension(code, dimension_data["name"], aliases, tuple(subs)))

    return Instrument(data["id"], int(data["year"]), data.get("title", data["id"]), scale, tuple(dimensions), path)


def check_instrument_structure(instrument: Instrument) -> None:
    """Raise InstrumentError unless the instrument has 6 x 3 x 3 items numbered consecutively in evaluation order."""

    def fail(reason: str, **params: object) -> InstrumentError:
        return InstrumentError("instrument-structure", reason, file=instrument.source, **params)

    if len(instrument.dimensions) != DIMENSION_COUNT:
        raise fail("The instrument has {count} dimensions; it needs 6.", count=len(instrument.dimensions))
    for dimension in instrument.dimensions:
        if len(dimension.sub_dimensions) != SUB_DIMENSIONS_PER_DIMENSION:
            raise fail(
                "Dimension {dimension} has {count} sub-dimensions; it needs 3.",
                dimension=dimension.name,
                count=len(dimension.sub_dimensions),
            )
        for sub in dimension.sub_dimensions:
            if len(sub.items) != ITEMS_PER_SUB_DIMENSION:
                raise fail(
                    "Sub-dimension {sub_dimension} has {count} items; it needs 3.",
                    sub_dimension=sub.code,
                    count=len(sub.items),
                )

    numbers = [item.number for item in instrument.items]
    if len(set(numbers)) != len(numbers):
        raise fail("Item numbers are not unique.")
    expected = list(range(numbers[0], numbers[0] + len(numbers)))
    if numbers != expected:
        raise fail("Item numbers must run from {first} to {last} without gaps, in evaluation order.",
                   first=expected[0], last=expected[-1])
    if instrument.scale.minimum >= instrument.scale.maximum:
        raise fail("The scale minimum must be below its maximum.")
