"""Specification of the result writers (aggregation.writers): CSV dialects, XLSX, JSON, atomic replacement."""

from __future__ import annotations

import csv
import json
import os
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from aggregation.writers import format_cell, write_atomically, write_csv, write_json, write_xlsx
from smartcity_impact.errors import OutputError

HEADER = ["item", "name", "n", "mean", "score"]
ROWS = [[50, "Layanan daring, cepat", 50, 3.7777777777777803, Decimal("3.78")],
        [51, "Tanpa nilai", 0, None, None]]


def current_umask() -> int:
    """Return the process umask without changing it for longer than this call."""
    umask = os.umask(0o077)
    os.umask(umask)
    return umask


@pytest.mark.parametrize(("value", "dialect", "text"), [
    (3.7777777777777803, "standard", "3.7777777777777803"),
    (3.7777777777777803, "excel-id", "3,7777777777777803"),
    (Decimal("3.80"), "standard", "3.80"),
    (Decimal("3.80"), "excel-id", "3,80"),
    (50, "excel-id", "50"),
    (None, "standard", ""),
    (True, "standard", "true"),
    ("Smart Economy II. Kesejahteraan Rakyat (Welfare)", "excel-id",
     "Smart Economy II. Kesejahteraan Rakyat (Welfare)"),
])
def test_writer_format_cell(value, dialect, text):
    assert format_cell(value, dialect) == text


def test_writer_csv_standard(tmp_path):
    path = tmp_path / "scores.csv"

    write_csv(path, HEADER, ROWS)

    content = path.read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8").splitlines()[1] == '50,"Layanan daring, cepat",50,3.7777777777777803,3.78'


def test_writer_csv_excel_id_bom(tmp_path):
    path = tmp_path / "scores.csv"

    write_csv(path, HEADER, ROWS, "excel-id")

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_writer_csv_excel_id_semicolon_comma(tmp_path):
    path = tmp_path / "scores.csv"

    write_csv(path, HEADER, ROWS, "excel-id")

    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "item;name;n;mean;score"
    assert lines[1] == "50;Layanan daring, cepat;50;3,7777777777777803;3,78"


def test_writer_csv_none_blank(tmp_path):
    path = tmp_path / "scores.csv"

    write_csv(path, HEADER, ROWS)

    with path.open(encoding="utf-8", newline="") as csv_file:
        records = list(csv.reader(csv_file))
    assert records[2] == ["51", "Tanpa nilai", "0", "", ""]


def test_writer_csv_crlf_lines(tmp_path):
    path = tmp_path / "scores.csv"

    write_csv(path, HEADER, ROWS)

    assert path.read_bytes().count(b"\r\n") == 3


def test_writer_json_decimal_number(tmp_path):
    path = tmp_path / "summary.json"

    write_json(path, {"score": Decimal("3.78"), "region": "KAB. TABALONG"})

    assert json.loads(path.read_text(encoding="utf-8")) == {"score": 3.78, "region": "KAB. TABALONG"}


def test_writer_json_keeps_non_ascii(tmp_path):
    path = tmp_path / "summary.json"

    write_json(path, {"name": "Kafé"})

    assert "Kafé" in path.read_text(encoding="utf-8")


def test_writer_xlsx_rows(tmp_path):
    path = tmp_path / "scores.xlsx"

    write_xlsx(path, "Impact scores", HEADER, ROWS, {3: "0.0000", 4: "0.00"})

    sheet = load_workbook(path).active
    assert sheet.title == "Impact scores"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 3


def test_writer_xlsx_numbers_not_text(tmp_path):
    path = tmp_path / "scores.xlsx"

    write_xlsx(path, "Impact scores", HEADER, ROWS, {3: "0.0000", 4: "0.00"})

    sheet = load_workbook(path).active
    assert sheet["D2"].value == pytest.approx(3.7777777777777803)
    assert sheet["E2"].value == pytest.approx(3.78)
    assert sheet["E2"].number_format == "0.00"


def test_writer_xlsx_header_frozen_bold(tmp_path):
    path = tmp_path / "scores.xlsx"

    write_xlsx(path, "Impact scores", HEADER, ROWS)

    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


def test_writer_atomic_replaces_file(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("old", encoding="utf-8")

    write_atomically(path, b"new")

    assert path.read_bytes() == b"new"


def test_writer_atomic_leaves_no_temporary(tmp_path):
    write_atomically(tmp_path / "scores.csv", b"content")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv"]


def test_writer_atomic_creates_folder(tmp_path):
    path = tmp_path / "hasil" / "2024" / "scores.csv"

    write_atomically(path, b"content")

    assert path.read_bytes() == b"content"


def test_writer_atomic_mode_follows_umask(tmp_path):
    """Result files are shared like any new file, not left readable by their owner only (mkstemp's 0o600)."""
    path = tmp_path / "scores.csv"

    write_atomically(path, b"content")

    assert path.stat().st_mode & 0o777 == 0o666 & ~current_umask()


def test_writer_unwritable_raises_output_error(tmp_path):
    """The folder is a file, so nothing can be written there."""
    blocker = tmp_path / "hasil"
    blocker.write_text("not a folder", encoding="utf-8")

    with pytest.raises(OutputError) as raised:
        write_atomically(blocker / "scores.csv", b"content")

    assert raised.value.code == "output-not-writable"


def test_writer_failed_replace_keeps_previous(tmp_path):
    """A folder where the file should be makes the final rename fail; the temporary file is removed."""
    (tmp_path / "scores.csv").mkdir()

    with pytest.raises(OutputError):
        write_atomically(tmp_path / "scores.csv", b"content")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv"]
    assert (tmp_path / "scores.csv").is_dir()
