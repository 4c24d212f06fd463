"""The raw table a reader returns: every cell as text, with its spreadsheet row number."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RawTable:
    """Cells of one source file exactly as read, before any interpretation.

    Attributes:
        path: the file read; for a Google Sheet, its label ``Google Sheet <worksheet title>``.
        headers: column titles in file order; duplicates are kept and distinguished by position.
        rows: one list of cell texts per data row, each as long as ``headers``.
        row_numbers: the spreadsheet row number of each data row (the header is row 1).
        extra_cells: for rows with more cells than headers, the non-empty surplus cells.
        decimal: the decimal mark numbers in the cells use ("," or ".").
        encoding: the text encoding detected or configured ("xlsx" for workbooks).
        delimiter: the CSV delimiter, or None for workbooks.
        blank_rows: the row numbers of rows with no content, which are not responses.
        content_hash: for a source that is no file (a Google Sheet), the SHA-256 of the values fetched; None
            for files, whose bytes are hashed instead.
    """

    path: Path
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    decimal: str
    encoding: str
    delimiter: str | None = None
    extra_cells: dict[int, list[str]] = field(default_factory=dict)
    blank_rows: list[int] = field(default_factory=list)
    content_hash: str | None = None
