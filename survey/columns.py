"""Match the columns of a RawTable to respondent fields and instrument items.

A column is matched to an item by its code (``Q50``), its number (``50``), a
number prefix (``50. ...``) or its normalized question text or statement.
A column that matches more than one item raises ReadError naming the column.
A renamed item column is an item of a partly present sub-dimension without a
column, beside a column that matches nothing. It raises ReadError naming that
column and the missing item.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass, field

from smartcity_impact.errors import ReadError
from smartcity_impact.i18n import gettext as _
from survey.fields import FIELD_PREFIXES, FIELD_TITLES
from survey.instrument import Instrument, Item
from survey.privacy import is_contact_value
from survey.table import RawTable
from survey.text import normalize_text, words_of

logger = logging.getLogger(__name__)

CODE_TITLE = re.compile(r"^(?:q|item|butir)?\s*(\d{1,3})$")
NUMBERED_TITLE = re.compile(r"^(?:q|item|butir)?\s*(\d{1,3})\s*[.):-]\s*(.+)$")
GRID_ROW = re.compile(r"\[(.+)\]$")
MIN_CONTAINED_LENGTH = 15


@dataclass
class ColumnMap:
    """Positions of the columns of one table, by the field or item they hold."""

    fields: dict[str, list[int]] = field(default_factory=dict)
    items: dict[int, list[int]] = field(default_factory=dict)
    unmatched: list[int] = field(default_factory=list)


def match_columns(table: RawTable, instrument: Instrument, overrides: dict[str, str],
                  designs: dict[str, str] | None = None) -> ColumnMap:
    """Return where each field and item of ``table`` is, by column position.

    ``overrides`` maps a field name, or an item code such as ``Q59``, to the exact
    column title that contains it. A column with one of that field's standard
    titles is then not taken as the field.

    Raises:
        ReadError: a column matches several items, or an item column seems renamed.
    """
    if any(is_contact_value(header) for header in table.headers):
        # The titles are then a respondent's answers, which must not be printed.
        raise ReadError("header-missing", "A cell of the first row is an e-mail address or a phone number, so the row "
                        "is a response, not the row of column titles.",
                        hint="Put the header row of the export back as the first row of the file.",
                        file=table.path, row=1)
    column_map = ColumnMap()
    override_titles = {normalize_text(title): name for name, title in overrides.items()}
    field_titles = {normalize_text(title): name for name, titles in FIELD_TITLES.items() if name not in overrides
                    for title in titles}

    for position, header in enumerate(table.headers):
        key = normalize_text(header)
        field_name = override_titles.get(key) or field_titles.get(key) or prefixed_field(key, overrides)
        item_code = CODE_TITLE.match(normalize_text(field_name)) if field_name else None
        if item_code and int(item_code.group(1)) in instrument.items_by_number:
            column_map.items.setdefault(int(item_code.group(1)), []).append(position)
            continue
        if field_name:
            column_map.fields.setdefault(field_name, []).append(position)
            continue
        item = match_item_column(table, position, instrument)
        if item is None:
            column_map.unmatched.append(position)
        else:
            column_map.items.setdefault(item.number, []).append(position)

    report_duplicate_fields(table, column_map)
    check_item_coverage(table, instrument, column_map, designs or {})
    return column_map


def prefixed_field(key: str, overrides: dict[str, str]) -> str | None:
    """Return the screening field whose title prefix starts ``key`` (a normalized title), unless overridden."""
    for name, prefixes in FIELD_PREFIXES.items():
        if name not in overrides and key.startswith(prefixes):
            return name
    return None


def match_item_column(table: RawTable, position: int, instrument: Instrument) -> Item | None:
    """Return the item a column title names, None if it names none; raise ReadError if it names several."""
    header = table.headers[position]
    key = normalize_text(header)
    if not key:
        return None

    code = CODE_TITLE.match(key)
    if code:
        return instrument.items_by_number.get(int(code.group(1)))

    numbered = NUMBERED_TITLE.match(key)
    if numbered and int(numbered.group(1)) in instrument.items_by_number:
        item = instrument.items_by_number[int(numbered.group(1))]
        by_text = items_matching_text(numbered.group(2), instrument)
        if by_text and item not in by_text:
            raise ambiguous_column(table, header, [item, *by_text])
        return item

    candidates = items_matching_text(header, instrument)
    if len(candidates) > 1:
        raise ambiguous_column(table, header, candidates)
    if candidates:
        logger.info(_("%s: column '%s' matched to %s by its text"), table.path.name, header, candidates[0].code)
        return candidates[0]
    return None


def items_matching_text(title: str, instrument: Instrument) -> list[Item]:
    """Return the items whose statement or question equals, or is contained in, ``title``."""
    texts = [words_of(title)]
    grid = GRID_ROW.search(title.strip())
    if grid:
        texts.append(words_of(grid.group(1)))

    exact, contained = [], []
    for item in instrument.items:
        statement, question = words_of(item.statement), words_of(item.question)
        for text in texts:
            if text in (statement, question):
                exact.append(item)
                break
            if len(statement) >= MIN_CONTAINED_LENGTH and statement in text:
                contained.append(item)
                break
    return exact or contained


def ambiguous_column(table: RawTable, header: str, items: list[Item]) -> ReadError:
    """Return the ReadError for a column whose title fits several items."""
    codes = ", ".join(item.code for item in items)
    return ReadError("column-ambiguous", "The column title fits several items ({items}).",
                     hint="Rename the column to one item code such as {example}.",
                     file=table.path, row=1, column=header, items=codes, example=items[0].code)


def report_duplicate_fields(table: RawTable, column_map: ColumnMap) -> None:
    """Log respondent fields that appear in several columns; the first column by position is used."""
    for field_name, positions in column_map.fields.items():
        if len(positions) > 1:
            titles = ", ".join(f"'{table.headers[p]}' ({p + 1})" for p in positions)
            logger.warning(_("%s: field %s appears in columns %s; the first is used"), table.path.name,
                           field_name, titles)


def check_item_coverage(table: RawTable, instrument: Instrument, column_map: ColumnMap,
                        designs: dict[str, str]) -> None:
    """Raise ReadError when no column is an item, or when a quota cell has some item columns but not all.

    A source may carry only some dimensions (one paper file per dimension), so a
    wholly absent dimension is fine. A partly present sub-dimension, or a partly
    present dimension surveyed per dimension, means a renamed or deleted column,
    and its respondents could never be complete.
    """
    if not column_map.items:
        titles = ", ".join(f"'{table.headers[p]}'" for p in column_map.unmatched if table.headers[p]) or "-"
        raise ReadError("no-item-columns", "No column matches an item of the instrument.",
                        hint="Title the item columns with the item code (Q50 ...), its number or its statement. "
                             "Columns that match nothing: {titles}.", file=table.path, row=1, titles=titles)

    groups = [list(sub.items) for sub in instrument.sub_dimensions]
    groups += [list(d.items) for d in instrument.dimensions if designs.get(d.code) == "per-dimension"]
    for items in groups:
        present = [item for item in items if item.number in column_map.items]
        missing = [item for item in items if item.number not in column_map.items]
        if present and missing:
            raise missing_item_column(table, column_map, missing[0])

    unmatched_titles = [table.headers[p] for p in column_map.unmatched if table.headers[p]]
    if unmatched_titles:
        logger.warning(_("%s: columns matching no item or field are ignored: %s"), table.path.name,
                       ", ".join(unmatched_titles))


def check_routed_dimensions(table: RawTable, instrument: Instrument, column_map: ColumnMap,
                            first_rows: dict[str, int]) -> None:
    """Raise ReadError when rows choose a dimension whose items have no column in the file.

    ``first_rows`` maps each dimension chosen in the routing column to the first
    row that chose it. Without this check those respondents would all be
    excluded as having no answers, and the coordinator would only see a count.
    """
    for code, row in first_rows.items():
        dimension = instrument.dimension(code)
        if any(item.number in column_map.items for item in dimension.items):
            continue
        titles = ", ".join(f"'{table.headers[p]}'" for p in column_map.unmatched if table.headers[p]) or "-"
        raise ReadError("dimension-without-columns", "Rows choose dimension {dimension}, but no column matches "
                        "its items ({first} to {last}).",
                        hint="Title those columns with the item codes or statements. Columns that match nothing: "
                             "{titles}.", file=table.path, row=row,
                        column=table.headers[column_map.fields["dimension"][0]],
                        dimension=dimension.name, first=dimension.items[0].code, last=dimension.items[-1].code,
                        titles=titles)


def missing_item_column(table: RawTable, column_map: ColumnMap, item: Item) -> ReadError:
    """Return the ReadError for an item without a column, naming the likeliest renamed column."""
    titles = [table.headers[p] for p in column_map.unmatched if table.headers[p]]
    by_words = {words_of(title): title for title in titles}
    close = difflib.get_close_matches(words_of(item.statement), list(by_words), n=1, cutoff=0.3)
    if close:
        return ReadError("column-unmatched", "The column matches no item, and item {item} has no column.",
                         hint="Rename the column to '{item}' or to the item's text: '{statement}'.",
                         file=table.path, row=1, column=by_words[close[0]], item=item.code,
                         statement=item.statement)
    return ReadError("item-column-missing", "Item {item} has no column, but other items of its sub-dimension do.",
                     hint="Add a column '{item}' with the answers to: '{statement}'.",
                     file=table.path, row=1, item=item.code, statement=item.statement)
