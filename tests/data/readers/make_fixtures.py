"""Write the reader test fixtures: small source files in the formats users send.

Every file is built from the tables below so that its bytes are exact and
reproducible: BOMs, Windows-1252 and UTF-16 encodings, CRLF line ends, and
workbooks whose zip entries and document properties carry fixed dates
(openpyxl would otherwise stamp the current time into them).

Run ``python tests/data/readers/make_fixtures.py`` after changing a table and
commit the script together with the files it writes. The test suite checks
that the committed text files equal what ``build_fixtures`` returns (workbook
bytes depend on the openpyxl version).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FIXED_ZIP_TIME = (2024, 8, 1, 0, 0, 0)
FIXED_PROPERTY_TIME = "2024-08-01T00:00:00Z"
CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")

# Statements of the Smart Governance items 50-58, as in the instrument file.
STATEMENTS = {
    50: "layanan/program dapat diakses secara daring/online?",
    51: "layanan/program dilaksanakan secara transparan dan prosedur yang jelas?",
    52: "kualitas layanan/program menjadi lebih cepat dan murah?",
    53: "masyarakat dilibatkan dalam perumusan kebijakan untuk mendukung layanan/program?",
    54: "fasilitas/mekanisme/kanal/ruang untuk memberikan masukan guna perbaikan "
        "kebijakan/layanan/program sudah tersedia?",
    55: "masukan dari masyarakat terkait kebijakan/layanan/program telah direspon sesuai standar waktu "
        "yang ditentukan?",
    56: "terdapat keterbukaan informasi tentang program dan seluruh aktivitas pemerintah daerah?",
    57: "informasi dan data pemerintah daerah dapat diakses melalui satu kanal yang sudah terintegrasi?",
    58: "data dan informasi yang disampaikan oleh pemerintah daerah sudah memenuhi kebutuhan masyarakat/ "
        "pelaku usaha/akademisi/komunitas lainnya?",
}
QUESTION_PREFIX = "Berdasarkan hasil survey terhadap 50 responden pengguna layanan, berapa rata-rata nilai "
ITEMS = tuple(STATEMENTS)

# Google Forms responses: submitted (WIB), e-mail, name, phone, age, dimension choice, answers to 50-58.
# Integers are linear-scale answers, which a workbook stores as numeric cells.
GOOGLE_ROWS = [
    (dt.datetime(2024, 7, 15, 9, 3, 12), "Budi.Santoso@Example.com", "Budi Santoso", "081234567890", 34,
     "Smart Governance (Tata Kelola Pemerintahan)",
     [4, "Setuju", 4, 3, "Sangat Setuju", "Tidak tahu", "Baik", "Sangat Baik", "Baik"]),
    (dt.datetime(2024, 7, 15, 13, 45, 0), "siti.rahmah@example.com", "Siti Rahmah", "+62 813-1111-2222", 27,
     "Smart Governance (Tata Kelola Pemerintahan)",
     [3, "4 - Sangat Setuju", 3, 4, "Tidak Setuju", 3, "Kurang Baik", "Baik", "Sangat Baik"]),
    (dt.datetime(2024, 7, 16, 20, 0, 5), "", "Agus Hidayat", "0813 5555 0000", 52, "Governance",
     [2, "Sangat Tidak Setuju", 3, 3, "Setuju", 4, "Sangat Baik", "Tidak Baik", "Baik"]),
]
GOOGLE_DETAIL_HEADERS = {
    "id": ["Stempel waktu", "Alamat email", "Nama Lengkap", "Nomor HP/WA", "Usia",
           "Pilih dimensi layanan yang pernah Anda gunakan"],
    "en": ["Timestamp", "Email Address", "Full Name", "Phone Number", "Age", "Smart city dimension"],
    "cap": ["Cap waktu", "Alamat email", "Nama", "No. HP", "Umur", "Dimensi"],
}

# Typed paper forms: form number, enumerator, interview date, name, phone, age, sub-district,
# occupation, dimension, answers to 50-58. None is a row of empty cells (";;;;" in CSV) and () an
# empty line. Dates are datetime.date in workbooks. An impossible date stays text there, as in Excel.
PAPER_ROWS = [
    ("0007", "ENUM-01 Rahmat", dt.date(2024, 7, 5), "Dédi Kurniawan", "081234560001", 41, "Tanjung", "Petani",
     "Governance", ["4", "4,0", "3", "3", "4", "4", "3", "3", "4"]),
    ("0008", "ENUM-02 Siti Aisyah", "31/02/2024", "Rina Lestari", "0812-3456-0002", 29, "Murung Pudak", "Guru",
     "Governance", ["3", "3", "3", "4", "4", "4", "3", "3", "4"]),
    None,
    ("0009", "ENUM-03 Fajar", dt.date(2024, 7, 15), "Wulan Sari", "+62 812 3456 0003", 35, "Bintang Ara",
     "Ibu rumah tangga – pedagang", "Governance", ["4", "3", "3,5", "4", "3", "4", "4", "3", "3"]),
    None,
    (),
]
PAPER_HEADERS = ["No. Formulir", "Enumerator", "Tanggal Wawancara", "Nama", "No. HP", "Usia", "Kecamatan",
                 "Pekerjaan", "Dimensi"] + [f"Q{number}" for number in ITEMS]


def google_timestamp(moment: dt.datetime) -> str:
    """Return ``moment`` as Google Forms writes it in CSV downloads: 2024/07/15 9:03:12 AM GMT+7."""
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {meridiem} GMT+7"


def item_titles(style: str) -> list[str]:
    """Return the item column titles of one header style.

    ``id``: odd items by full question text, even items as ``50. statement``
    (Google Forms with numbered questions). ``en``: codes ``Q50``. ``cap``: bare numbers ``50``.
    """
    if style == "id":
        return [f"{n}. {STATEMENTS[n]}" if n % 2 == 0 else QUESTION_PREFIX + STATEMENTS[n] for n in ITEMS]
    if style == "en":
        return [f"Q{n}" for n in ITEMS]
    return [str(n) for n in ITEMS]


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    """Return ``rows`` as CSV text with CRLF line ends, quoting only cells that need it."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if delimiter in cell or '"' in cell or "\n" in cell:
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def xlsx_bytes(workbook: Workbook) -> bytes:
    """Return ``workbook`` as .xlsx bytes with fixed zip entry dates and document property dates."""
    saved = io.BytesIO()
    workbook.save(saved)
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = CORE_DATES.sub(rb"\g<1>" + FIXED_PROPERTY_TIME.encode() + rb"\g<2>", data)
            target.writestr(zipfile.ZipInfo(entry.filename, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def google_csv(style: str) -> bytes:
    """Return the Google Forms responses as a CSV download: UTF-8 without BOM, ``,``."""
    rows = [GOOGLE_DETAIL_HEADERS[style] + item_titles(style)]
    for moment, email, name, phone, age, dimension, answers in GOOGLE_ROWS:
        rows.append([google_timestamp(moment), email, name, phone, str(age), dimension] + [str(a) for a in answers])
    return csv_text(rows, ",").encode("utf-8")


def google_xlsx() -> bytes:
    """Return the Google Forms responses as Google Sheets downloads them as .xlsx.

    The timestamp is a datetime cell, the age and linear-scale answers are
    numeric cells, and the phone number is a text cell with its leading zero.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Respons Formulir 1"
    sheet.append(GOOGLE_DETAIL_HEADERS["id"] + item_titles("id"))
    for moment, email, name, phone, age, dimension, answers in GOOGLE_ROWS:
        sheet.append([moment, email or None, name, phone, age, dimension] + answers)
    return xlsx_bytes(workbook)


def paper_csv_rows() -> list[list[str]]:
    """Return the paper-form rows as Excel with Indonesian settings types them: dd/mm/yyyy, decimal comma."""
    rows = [PAPER_HEADERS]
    for row in PAPER_ROWS:
        if row is None:
            rows.append([""] * len(PAPER_HEADERS))
            continue
        if not row:
            rows.append([])
            continue
        form_number, enumerator, day, name, phone, age, sub_district, occupation, dimension, answers = row
        day_text = day.strftime("%d/%m/%Y") if isinstance(day, dt.date) else day
        rows.append([form_number, enumerator, day_text, name, phone, str(age), sub_district, occupation,
                     dimension] + answers)
    return rows


def paper_xlsx() -> bytes:
    """Return the paper forms as a workbook: numbers and dates typed, form numbers and phones as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Formulir"
    sheet.append(PAPER_HEADERS)
    for index, row in enumerate(PAPER_ROWS, start=2):
        if not row:
            # A blank row that keeps its formatting: Excel stores it with empty cells.
            sheet.cell(row=index, column=1, value="")
            continue
        form_number, enumerator, day, name, phone, age, sub_district, occupation, dimension, answers = row
        numbers = [float(a.replace(",", ".")) if "," in a else int(a) for a in answers]
        values = [form_number, enumerator, day, name, phone, age, sub_district, occupation, dimension] + numbers
        for column, value in enumerate(values, start=1):
            sheet.cell(row=index, column=column, value=value)
    return xlsx_bytes(workbook)


def two_sheets_xlsx() -> bytes:
    """Return a workbook whose first sheet contains summary notes and whose second contains the responses."""
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Rekap"
    notes.append(["Catatan", "Rekap sementara, bukan data responden"])
    responses = workbook.create_sheet("Respons Formulir 1")
    responses.append(GOOGLE_DETAIL_HEADERS["en"] + item_titles("en"))
    moment, email, name, phone, age, dimension, answers = GOOGLE_ROWS[0]
    responses.append([moment, email, name, phone, age, dimension] + answers)
    return xlsx_bytes(workbook)


def empty_xlsx() -> bytes:
    """Return a workbook with one worksheet and no cells."""
    return xlsx_bytes(Workbook())


def small_paper_csv(lines: list[str]) -> bytes:
    """Return ``;``-separated paper-form lines (already joined by ``;``) as Windows-1252 with CRLF."""
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def build_fixtures() -> dict[str, bytes]:
    """Return every fixture file name with its bytes."""
    paper_text = csv_text(paper_csv_rows(), ";")
    paper_workbook = paper_xlsx()
    google_workbook = google_xlsx()

    fixtures = {
        # Google Forms downloads with three header styles, and the same responses as a workbook.
        "google_forms_id.csv": google_csv("id"),
        "google_forms_en.csv": google_csv("en"),
        "google_forms_cap_waktu.csv": google_csv("cap"),
        "google_forms_id.xlsx": google_workbook,
        # Paper forms typed in Excel with Indonesian settings, saved three ways.
        "paper_cp1252.csv": paper_text.encode("cp1252"),
        "paper_utf8_bom.csv": b"\xef\xbb\xbf" + paper_text.encode("utf-8"),
        "paper.xlsx": paper_workbook,
        # Excel "Unicode text": UTF-16 little-endian with BOM, tab-separated.
        "unicode_text.txt": "\ufeff".encode("utf-16-le") + csv_text([
            ["No. Formulir", "Nama", "Tanggal Wawancara", "Dimensi", "Q50", "Q51", "Q52"],
            ["0011", "Dédi Kurniawan", "05/07/2024", "Governance", "4", "3", "4"],
            ["0012", "Nur Aini", "06/07/2024", "Governance", "3", "3", "2"],
        ], "\t").encode("utf-16-le"),
        # A UTF-8 BOM before a quoted first header, in a file that is otherwise Windows-1252,
        # so the BOM is decoded as the three characters "ï»¿".
        "bom_misread.csv": b"\xef\xbb\xbf" + small_paper_csv([
            '"No. Formulir";Nama;Dimensi;Q50;Q51;Q52',
            "0001;Dédi Kurniawan;Governance;4;3;4",
        ]),
        # A misread BOM saved again as UTF-8: the first header starts with the text "ï»¿".
        "bom_saved_as_text.csv": "ï»¿Stempel waktu,Nama,Q50,Q51,Q52\r\n2024/07/15 9:03:12 AM GMT+7,Ani,4,3,4\r\n"
        .encode("utf-8"),
        # A Google Forms download whose free-text answer spans two lines.
        "multiline_cell.csv": csv_text([
            ["Stempel waktu", "Nama Lengkap", "Saran dan masukan", "Q50", "Q51", "Q52"],
            ["2024/07/15 9:03:12 AM GMT+7", "Ani", "Sudah baik", "4", "3", "4"],
            ["2024/07/15 9:10:40 AM GMT+7", "Budi", "Pelayanan cepat.\nTapi antrean panjang.", "3", "3", "2"],
            ["2024/07/15 9:12:01 AM GMT+7", "Cici", "", "4", "4", "4"],
        ], ",").encode("utf-8"),
        "extra_cells.csv": small_paper_csv([
            "No. Formulir;Nama;Dimensi;Q50;Q51;Q52",
            "0001;Ani;Governance;4;3;4",
            "0002;Budi;Governance;4;3;4;3;4",
            "0003;Cici;Governance;3;3;3;;",
        ]),
        # Two columns titled "Nama" (respondent and enumerator) and two columns of item 50.
        "duplicate_columns.csv": csv_text([
            ["Stempel waktu", "Nama", "Kecamatan", "Nama", "Q50", "50. " + STATEMENTS[50], "Q51", "Q52"],
            ["2024/07/15 9:03:12 AM GMT+7", "Ani", "Tanjung", "Rahmat", "4", "4 - Sangat Setuju", "3", "3"],
            ["2024/07/15 9:10:40 AM GMT+7", "Budi", "Kelua", "Rahmat", "4", "Setuju", "3", "3"],
            ["2024/07/15 9:12:01 AM GMT+7", "Cici", "Jaro", "Fajar", "", "3", "3", "3"],
            ["2024/07/15 9:20:33 AM GMT+7", "Dewi", "Tanta", "Fajar", "Tidak tahu", "2", "3", "3"],
        ], ",").encode("utf-8"),
        # Interview dates in the forms typists produce, one row each.
        "interview_dates.csv": small_paper_csv([
            "No. Formulir;Tanggal Wawancara;Dimensi;Q50;Q51;Q52",
            "0001;05/07/2024;Governance;4;3;4",
            "0002;2024-07-05;Governance;4;3;4",
            "0003;45478;Governance;4;3;4",
            "0004;45488,5;Governance;4;3;4",
            "0005;31/02/2024;Governance;4;3;4",
            "0006;13/13/2024;Governance;4;3;4",
        ]),
        # Reader errors.
        "empty.csv": b"",
        "whitespace_only.csv": b"  \r\n\t\r\n   \r\n",
        "semicolons_only.csv": b";;;;\r\n;;;;\r\n",
        "pipe_separated.csv": "Stempel waktu|Nama|Q50|Q51|Q52\r\n2024/07/15 9:03:12 AM GMT+7|Ani|4|3|4\r\n"
        .encode("utf-8"),
        # 0x81 and 0x9D are undefined in Windows-1252; 0xE9 (é) makes the file non-UTF-8.
        "undecodable_0x81.csv": b"No. Formulir;Nama;Q50\r\n0001;D\xe9di;4\r\n0002;Ani\x81;3\r\n",
        "undecodable_0x9d.csv": b"No. Formulir;Nama;Q50\r\n0001;D\xe9di;4\r\n0002;Ani;3\r\n0003;Budi\x9d;4\r\n",
        "workbook_renamed.csv": google_workbook,
        "old_format.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "truncated.xlsx": paper_workbook[:400],
        "two_sheets.xlsx": two_sheets_xlsx(),
        "empty_sheet.xlsx": empty_xlsx(),
    }
    return fixtures


def main() -> None:
    """Write every fixture next to this script."""
    fixtures = build_fixtures()
    for name, data in fixtures.items():
        (HERE / name).write_bytes(data)
    print(f"{len(fixtures)} fixture files written to {HERE}")


if __name__ == "__main__":
    main()
