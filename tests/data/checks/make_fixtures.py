"""Write the survey folders that tests/test_checks.py and its neighbours read, deterministically.

Each case is a folder with a ``survey.toml`` and one or two small CSV files
(UTF-8, comma-separated, header in row 1) that plant one kind of defect. The
expected reason codes of every row are written down in the tests, not derived
from this script. Run it after changing a case and commit its output:
``python tests/data/checks/make_fixtures.py``. Uses only the standard library.

The 2024 instrument numbers its items 50-103: nine per dimension, in the
order of DIMENSIONS, three per sub-dimension (I, II, III).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
NUMERALS = ("I", "II", "III")
FIRST_ITEM = 50
DIMENSION_CHOICES = {code: code.capitalize() for code in DIMENSIONS}
ITEM_COLUMNS = [f"Q{number}" for number in range(FIRST_ITEM, FIRST_ITEM + 54)]
ONLINE_HEADER = ["Stempel waktu", "Alamat email", "Nama", "No. HP", "Dimensi", *ITEM_COLUMNS]
PAPER_HEADER = ["No. Formulir", "Tanggal Wawancara", "Nama", "No. HP", "Dimensi", *ITEM_COLUMNS]
# A second column for item 103, as Google Forms adds one when a question is edited after responses arrived.
SECOND_Q103_COLUMN = "103. terdapat sumber energi baru yang berasal dari hasil pengelolaan sampah/limbah?"
# Nine answers mixing 3 and 4, so no respondent of a whole dimension straight-lines by accident.
MIXED_ANSWERS = (4, 3, 4, 4, 3, 4, 3, 4, 4)


def items_of(dimension: str) -> list[int]:
    """Return the nine item numbers of ``dimension``."""
    first = FIRST_ITEM + 9 * DIMENSIONS.index(dimension)
    return list(range(first, first + 9))


def sub_items(dimension: str, numeral: str) -> list[int]:
    """Return the three item numbers of sub-dimension ``numeral`` of ``dimension``."""
    start = 3 * NUMERALS.index(numeral)
    return items_of(dimension)[start:start + 3]


def answers(numbers: list[int], shift: int = 0, **overrides: str) -> dict[int, str]:
    """Return answer texts for ``numbers``; ``shift`` rotates the pattern, ``Q52="5"`` replaces one cell."""
    texts = {number: str(MIXED_ANSWERS[(index + shift) % len(MIXED_ANSWERS)]) for index, number in enumerate(numbers)}
    for code, text in overrides.items():
        number = int(code.removeprefix("Q"))
        if text == "":
            texts.pop(number, None)
        else:
            texts[number] = text
    return texts


def constant(numbers: list[int], value: int) -> dict[int, str]:
    """Return the same answer for every item of ``numbers``."""
    return {number: str(value) for number in numbers}


@dataclass
class Row:
    """One respondent's row; ``when`` is the timestamp or interview date text as typed."""

    when: str
    name: str
    phone: str = ""
    email: str = ""
    dimension: str = ""
    answers: dict[int, str] = field(default_factory=dict)
    form_number: str = ""
    surplus: tuple[str, ...] = ()
    extra_columns: tuple[str, ...] = ()


def online_cells(row: Row) -> list[str]:
    """Return the cells of ``row`` in ONLINE_HEADER order, with any extra and surplus cells."""
    choice = DIMENSION_CHOICES.get(row.dimension, row.dimension)
    items = [row.answers.get(number, "") for number in range(FIRST_ITEM, FIRST_ITEM + 54)]
    return [row.when, row.email, row.name, row.phone, choice, *items, *row.extra_columns, *row.surplus]


def paper_cells(row: Row) -> list[str]:
    """Return the cells of ``row`` in PAPER_HEADER order."""
    choice = DIMENSION_CHOICES.get(row.dimension, row.dimension)
    items = [row.answers.get(number, "") for number in range(FIRST_ITEM, FIRST_ITEM + 54)]
    return [row.form_number, row.when, row.name, row.phone, choice, *items, *row.extra_columns]


@dataclass
class Source:
    """One CSV file of a case: its layout (online or paper) and its rows; None is a blank row."""

    file: str
    kind: str
    rows: list[Row | None]
    extra_header: tuple[str, ...] = ()
    second_entry: list[Row | None] | None = None

    @property
    def second_file(self) -> str:
        """The file of the second keying of a paper source."""
        return f"{Path(self.file).stem}_entri2.csv"

    @property
    def name(self) -> str:
        """The source name in survey.toml, which prefixes every response id."""
        return Path(self.file).stem

    def records(self, rows: list[Row | None] | None = None) -> list[list[str]]:
        """Return the header and every row (default: the source's rows) as CSV records."""
        header = ONLINE_HEADER if self.kind == "google_forms" else PAPER_HEADER
        records = [[*header, *self.extra_header]]
        width = len(records[0])
        for row in self.rows if rows is None else rows:
            if row is None:
                records.append([""] * width)
            elif self.kind == "google_forms":
                records.append(online_cells(row))
            else:
                records.append(paper_cells(row))
        return records


@dataclass
class Case:
    """A survey folder: its sources, quota, per-dimension design overrides and check thresholds."""

    sources: list[Source]
    quota: int = 50
    designs: dict[str, str] = field(default_factory=dict)
    checks: dict[str, int] = field(default_factory=dict)


def survey_toml(case: Case) -> str:
    """Return the survey.toml of ``case``: the 2024 instrument, window July-August 2024."""
    lines = [
        "# Test survey generated by tests/data/checks/make_fixtures.py; edit the script, not this file.",
        "[survey]",
        'region = "KAB. CONTOH"',
        'region_code = "99.01"',
        "year = 2024",
        'category = "REGULER"',
        'instrument = "impact-2024"',
        f"quota = {case.quota}",
        'design = "per-dimension"',
        "",
    ]
    if case.designs:
        lines.append("[survey.designs]")
        lines += [f'{dimension} = "{design}"' for dimension, design in case.designs.items()]
        lines.append("")
    lines += ["[survey.window]", "start = 2024-07-01", "end = 2024-08-31", ""]
    if case.checks:
        lines.append("[checks]")
        lines += [f"{key} = {value}" for key, value in case.checks.items()]
        lines.append("")
    for source in case.sources:
        lines += ["[[sources]]", f'name = "{source.name}"', f'path = "{source.file}"', f'kind = "{source.kind}"']
        if source.second_entry is not None:
            lines.append(f'second_entry = "{source.second_file}"')
        lines.append("")
    for dimension in DIMENSIONS:
        for numeral in NUMERALS:
            code = f"{dimension}.{numeral}"
            lines += [f'[sub_dimensions."{code}"]', f'programme = "Programme {code}"', f'agency = "Agency {code}"', ""]
    return "\n".join(lines)


def online(rows: list[Row | None], file: str = "responses.csv", extra_header: tuple[str, ...] = ()) -> Source:
    """Return a Google Forms source."""
    return Source(file, "google_forms", rows, extra_header)


GOVERNANCE = items_of("governance")
BRANDING = items_of("branding")
ECONOMY = items_of("economy")
LIVING = items_of("living")
SOCIETY = items_of("society")
ENVIRONMENT = items_of("environment")


def duplicate_submission() -> Case:
    """Rows 2/3: the same form sent twice. Rows 4/5: an earlier copy with a stray cell, then a clean copy."""
    first = Row("10/07/2024 09:00:00", "Ani Lestari", "081211110001", "ani@example.com", "governance",
                answers(GOVERNANCE))
    stray = Row("11/07/2024 10:00:00", "Budi Santoso", "081211110002", "budi@example.com", "economy",
                answers(ECONOMY, 1), surplus=("catatan",))
    clean = Row("12/07/2024 10:00:00", stray.name, stray.phone, stray.email, "economy", answers(ECONOMY, 1))
    second = Row("10/07/2024 09:00:40", first.name, first.phone, first.email, "governance", answers(GOVERNANCE))
    return Case([online([first, second, stray, clean])])


def duplicate_phone() -> Case:
    """One respondent online twice and on paper once, the phone number written three ways."""
    online_rows = [
        Row("10/07/2024 10:00:00", "Citra Dewi", "0812-3456-7890", "", "living", answers(LIVING)),
        Row("11/07/2024 10:00:00", "Dodi Hakim", "081299990002", "", "living", answers(LIVING, 2)),
        Row("20/07/2024 16:30:00", "Citra D.", "6281234567890", "", "living", answers(LIVING, 4)),
    ]
    paper_rows = [Row("05/07/2024", "Citra Dewi", "+62 812 3456 7890", "", "living", answers(LIVING, 1),
                      form_number="0001")]
    return Case([online(online_rows, "online.csv"), Source("paper.csv", "paper_form", paper_rows)])


def duplicate_email() -> Case:
    """The same e-mail address in different case; the earlier submission is further down the file."""
    return Case([online([
        Row("15/07/2024 08:00:00", "Eko Prasetyo", "", "Eko.Prasetyo@Example.COM", "branding", answers(BRANDING)),
        Row("12/07/2024 08:00:00", "Eko P.", "081277770003", " eko.prasetyo@example.com", "branding",
            answers(BRANDING, 3)),
        Row("13/07/2024 08:00:00", "Fani Rahma", "081277770004", "fani@example.com", "branding", answers(BRANDING, 5)),
    ])])


def multiple_dimensions() -> Case:
    """Row 2: governance and one branding item. Row 3: two whole dimensions, none chosen. Row 4: valid."""
    return Case([online([
        Row("10/07/2024 09:00:00", "Gita Putri", "081233330001", "", "governance",
            answers(GOVERNANCE) | {BRANDING[0]: "4"}),
        Row("10/07/2024 10:00:00", "Hadi Noor", "081233330002", "", "",
            answers(GOVERNANCE) | answers(BRANDING, 1)),
        Row("10/07/2024 11:00:00", "Indah Sari", "081233330003", "", "governance", answers(GOVERNANCE, 2)),
    ])])


def dimension_mismatch() -> Case:
    """Row 2 chose Economy but rated governance items; row 3 chose and rated governance."""
    return Case([online([
        Row("10/07/2024 09:00:00", "Joko Widodo", "081244440001", "", "economy", answers(GOVERNANCE)),
        Row("10/07/2024 10:00:00", "Kartika Ayu", "081244440002", "", "governance", answers(GOVERNANCE, 1)),
    ])])


def out_of_range() -> Case:
    """Item 52 answered 5, 0, 3.5 and 'Lumayan bagus' in rows 2-5; row 6 is valid."""
    rows = [
        Row(f"10/07/2024 {8 + index:02d}:00:00", f"Responden {index}", f"08125555000{index}", "", "governance",
            answers(GOVERNANCE, index, Q52=text))
        for index, text in enumerate(("5", "0", "3.5", "Lumayan bagus", "3"), start=1)
    ]
    return Case([online(rows)])


def incomplete() -> Case:
    """Item 58 blank in row 2 and 'Tidak tahu' in row 3; row 4 answered all nine."""
    return Case([online([
        Row("10/07/2024 09:00:00", "Lina Marlina", "081266660001", "", "governance", answers(GOVERNANCE, Q58="")),
        Row("10/07/2024 10:00:00", "Mira Andini", "081266660002", "", "governance",
            answers(GOVERNANCE, 1, Q58="Tidak tahu")),
        Row("10/07/2024 11:00:00", "Nando Saputra", "081266660003", "", "governance", answers(GOVERNANCE, 2)),
    ])])


def straight_lining() -> Case:
    """Rows 2 and 3 give one answer to all nine items; row 4 varies."""
    return Case([online([
        Row("10/07/2024 09:00:00", "Oki Pratama", "081277770001", "", "society", constant(SOCIETY, 4)),
        Row("10/07/2024 10:00:00", "Putu Ayu", "081277770002", "", "society", constant(SOCIETY, 2)),
        Row("10/07/2024 11:00:00", "Qori Amalia", "081277770003", "", "society", answers(SOCIETY)),
    ])])


def outside_window() -> Case:
    """Window 2024-07-01 to 2024-08-31: rows 2 and 3 fall outside, rows 4 and 5 on its first and last day."""
    return Case([online([
        Row("15/09/2024 09:00:00", "Rudi Hartono", "081288880001", "", "environment", answers(ENVIRONMENT)),
        Row("30/06/2024 23:59:00", "Sari Wulandari", "081288880002", "", "environment", answers(ENVIRONMENT, 1)),
        Row("31/08/2024 23:00:00", "Tono Sugiarto", "081288880003", "", "environment", answers(ENVIRONMENT, 2)),
        Row("01/07/2024 06:00:00", "Umi Kalsum", "081288880004", "", "environment", answers(ENVIRONMENT, 3)),
    ])])


def per_sub_dimension() -> Case:
    """Economy surveyed per sub-dimension.

    Rows: a whole sub-dimension, items of two sub-dimensions, two items of
    one, and nine governance items (governance stays per dimension).
    """
    welfare = sub_items("economy", "II")
    return Case([online([
        Row("10/07/2024 09:00:00", "Vina Oktavia", "081299990001", "", "economy", answers(welfare)),
        Row("10/07/2024 10:00:00", "Wawan Setiawan", "081299990002", "", "economy",
            answers(welfare, 1) | {ECONOMY[0]: "3"}),
        Row("10/07/2024 11:00:00", "Yani Susanti", "081299990003", "", "economy", answers(welfare[:2])),
        Row("10/07/2024 12:00:00", "Zaki Maulana", "081299990004", "", "governance", answers(GOVERNANCE)),
    ])], designs={"economy": "per-sub-dimension"})


def exact_quota() -> Case:
    """52 valid governance respondents for a quota of 50, not in submission order.

    Row k + 2 was submitted (29 k mod 52) hours after 2024-07-01 08:00, so the
    two latest are k = 34 (row 36) and k = 43 (row 45): 29 is 9's inverse mod 52.
    """
    start = dt.datetime(2024, 7, 1, 8, 0, 0)
    rows = []
    for k in range(52):
        moment = start + dt.timedelta(hours=(29 * k) % 52)
        rows.append(Row(f"{moment:%d/%m/%Y %H:%M:%S}", f"Responden {k + 1:02d}", f"0813{k + 1:08d}", "",
                        "governance", answers(GOVERNANCE, k)))
    return Case([online(rows)])


# Screening and age columns, as a Google Form asks them before the items.
SCREENING_HEADER = ("Apakah Anda berdomisili di Kabupaten Contoh?",
                    "Apakah Anda pernah menggunakan layanan/program ini?", "Persetujuan", "Usia")


def screening(resident: str = "Ya", user: str = "Ya", consent: str = "Ya, saya bersedia",
              age: str = "30") -> tuple[str, ...]:
    """Return the screening cells of a row in SCREENING_HEADER order."""
    return resident, user, consent, age


def eligibility() -> Case:
    """Rows 2-5 fail one screening question each; rows 6 and 7 are unreadable; row 8 is eligible."""
    rows = [
        Row("10/07/2024 09:00:00", "Vina Amalia", "081244440001", "", "governance", answers(GOVERNANCE),
            extra_columns=screening(resident="Tidak")),
        Row("10/07/2024 10:00:00", "Wahyu Pratama", "081244440002", "", "governance", answers(GOVERNANCE, 1),
            extra_columns=screening(age="15")),
        Row("10/07/2024 11:00:00", "Yanti Susilo", "081244440003", "", "governance", answers(GOVERNANCE, 2),
            extra_columns=screening(user="tidak")),
        Row("10/07/2024 12:00:00", "Zaki Ramli", "081244440004", "", "governance", answers(GOVERNANCE, 3),
            extra_columns=screening(consent="")),
        Row("10/07/2024 13:00:00", "Ayu Kartika", "081244440005", "", "governance", answers(GOVERNANCE, 4),
            extra_columns=screening(consent="Mungkin")),
        Row("10/07/2024 14:00:00", "Bagas Wirawan", "081244440006", "", "governance", answers(GOVERNANCE, 5),
            extra_columns=screening(age="dua puluh")),
        Row("10/07/2024 15:00:00", "Cindy Paramita", "081244440007", "", "governance", answers(GOVERNANCE, 6),
            extra_columns=screening(age="17 tahun")),
    ]
    return Case([online(rows, extra_header=SCREENING_HEADER)])


def timing() -> Case:
    """Rows 2-6: five forms within two minutes. Rows 7-10: four within two minutes. Rows 11-12: 02:30 and 05:00."""
    burst = [Row(f"11/07/2024 09:{seconds // 60:02d}:{seconds % 60:02d}", f"Cepat {index}",
                 f"08124300000{index}", "", "branding", answers(BRANDING, index))
             for index, seconds in enumerate((0, 30, 60, 90, 120), start=1)]
    near = [Row(f"12/07/2024 09:{seconds // 60:02d}:{seconds % 60:02d}", f"Dekat {index}",
                f"08124300010{index}", "", "branding", answers(BRANDING, index))
            for index, seconds in enumerate((0, 40, 80, 120), start=1)]
    night = [Row("13/07/2024 02:30:00", "Malam Hari", "081243000201", "", "branding", answers(BRANDING, 5)),
             Row("13/07/2024 05:00:00", "Subuh Hari", "081243000202", "", "branding", answers(BRANDING, 6))]
    return Case([online(burst + near + night)])


# Age, gender and sub-district columns after the items.
DEMOGRAPHIC_HEADER = ("Usia", "Jenis Kelamin", "Kecamatan")


def identical_answers() -> Case:
    """Rows 2 and 3: the same answers, age, gender and sub-district. Row 4: another age. Row 5: other answers."""
    same = ("34", "Perempuan", "Tanjung")
    return Case([online([
        Row("10/07/2024 09:00:00", "Dina Aprilia", "081245450001", "", "living", answers(LIVING, 2),
            extra_columns=same),
        Row("15/07/2024 11:00:00", "Dini Aprilia", "081245450002", "", "living", answers(LIVING, 2),
            extra_columns=same),
        Row("16/07/2024 11:00:00", "Edo Firmansyah", "081245450003", "", "living", answers(LIVING, 2),
            extra_columns=("35", "Perempuan", "Tanjung")),
        Row("17/07/2024 11:00:00", "Fitri Handayani", "081245450004", "", "living", answers(LIVING, 3),
            extra_columns=same),
    ], extra_header=DEMOGRAPHIC_HEADER)])


def many_dont_know() -> Case:
    """Row 2: 'Tidak tahu' on three of nine items (33%). Row 3: on two (22%). Row 4: none."""
    return Case([online([
        Row("10/07/2024 09:00:00", "Gilang Ramadhan", "081246460001", "", "society",
            answers(SOCIETY, Q87="Tidak tahu", Q89="Tidak tahu", Q91="Tidak tahu")),
        Row("10/07/2024 10:00:00", "Hana Pertiwi", "081246460002", "", "society",
            answers(SOCIETY, 1, Q87="Tidak tahu", Q89="Tidak tahu")),
        Row("10/07/2024 11:00:00", "Ilham Saputra", "081246460003", "", "society", answers(SOCIETY, 2)),
    ])])


def near_zero_variance() -> Case:
    """Ten paper forms: item 50 always 4 (100%), item 51 4 in nine of ten (90%), the other items mixed."""
    rows = [Row(f"{10 + index:02d}/07/2024", f"Warga {index}", f"08124700000{index}", "", "governance",
                answers(GOVERNANCE, index) | {GOVERNANCE[0]: "4", GOVERNANCE[1]: "3" if index == 0 else "4"},
                form_number=f"{index + 1:03d}")
            for index in range(10)]
    return Case([Source("paper.csv", "paper_form", rows)])


def all_defects() -> Case:
    """Every reason code at once, with a quota of 2 for --exact-quota and economy per sub-dimension.

    Row 13 is blank. The test module lists the expected codes of every row.
    """
    # Each row carries extra columns: a second column for item 103, the NIK, then the screening questions.
    def extra(q103: str = "", nik: str = "", **screened: str) -> tuple[str, ...]:
        return (q103, nik, *screening(**screened))

    rows: list[Row | None] = [
        Row("02/07/2024 09:00:00", "Ahmad Fauzi", "081210000001", "ahmad@example.com", "governance",
            answers(GOVERNANCE)),
        Row("02/07/2024 09:05:00", "Ahmad Fauzi", "081210000001", "ahmad@example.com", "governance",
            answers(GOVERNANCE)),
        Row("03/07/2024 09:00:00", "Ahmad F.", "+62 812 1000 0001", "", "governance", answers(GOVERNANCE, 1)),
        Row("04/07/2024 09:00:00", "Bunga Citra", "081210000004", "bunga@example.com", "governance",
            answers(GOVERNANCE, 2)),
        Row("05/07/2024 09:00:00", "Bunga C.", "081210000005", "Bunga@Example.com", "branding", answers(BRANDING)),
        Row("06/07/2024 09:00:00", "Cahya Purnama", "081210000006", "", "governance", answers(GOVERNANCE, 3)),
        Row("07/07/2024 09:00:00", "Dian Permata", "081210000007", "", "governance",
            answers(GOVERNANCE) | {BRANDING[0]: "4"}),
        Row("08/07/2024 09:00:00", "Endang Sri", "081210000008", "", "economy", answers(LIVING)),
        Row("09/07/2024 09:00:00", "Farid Hidayat", "081210000009", "", "living", answers(LIVING, 1, Q80="5")),
        Row("10/07/2024 09:00:00", "Galih Aditya", "081210000010", "", "living",
            answers(LIVING, 2, Q81="Lumayan bagus")),
        Row("11/07/2024 09:00:00", "Hesti Anggraini", "081210000011", "", "living",
            answers(LIVING, 3, Q85="Tidak tahu")),
        None,
        Row("12/07/2024 09:00:00", "Irfan Syahputra", "081210000013", "", "society", constant(SOCIETY, 3)),
        Row("15/09/2024 09:00:00", "Juwita Kurnia", "081210000014", "", "society", answers(SOCIETY)),
        Row("13/07/2024 09:00:00", "Kurnia Rahman", "081210000015", "", "environment", answers(ENVIRONMENT),
            surplus=("", "lihat catatan")),
        Row("14/07/2024 09:00:00", "Lukman Hakim", "081210000016", "", "environment", {}),
        Row("15/07/2024 09:00:00", "Mega Utami", "081210000017", "", "economy",
            answers(sub_items("economy", "II")) | {ECONOMY[0]: "4"}),
        Row("16/07/2024 09:00:00", "Nia Ramadhani", "081210000018", "", "economy",
            answers(sub_items("economy", "II"), 1)),
        Row("31/02/2024 10:00:00", "Oscar Nugroho", "081210000019", "", "environment", answers(ENVIRONMENT, 1)),
        Row("17/07/2024 09:00:00", "Purnama Sari", "081210000020", "", "Smart Kota", answers(BRANDING, 2)),
        Row("18/07/2024 09:00:00", "Rina Wati", "081210000021", "", "environment", answers(ENVIRONMENT, 2, Q103="4"),
            extra_columns=extra(q103="2")),
        Row("19/07/2024 09:00:00", "Sinta Dewi", "6,28121E+12", "", "environment", answers(ENVIRONMENT, 3)),
        Row("20/07/2024 09:00:00;Taufik Hidayat;081210000024;;society;4;3;4;4;3;4;3;4;4", ""),
        Row("21/07/2024 09:00:00", "Umar Said", "081210000025", "", "living", answers(LIVING, 4),
            extra_columns=extra(nik="6309 0000 0000")),
        Row("22/07/2024 09:00:00", "Vino Bastian", "081210000026", "", "governance", answers(GOVERNANCE, 4),
            extra_columns=extra(resident="Tidak")),
        Row("22/07/2024 10:00:00", "Wulan Sari", "081210000027", "", "governance", answers(GOVERNANCE, 5),
            extra_columns=extra(age="16")),
        Row("22/07/2024 11:00:00", "Yoga Pratama", "081210000028", "", "governance", answers(GOVERNANCE, 6),
            extra_columns=extra(user="Tidak")),
        Row("22/07/2024 12:00:00", "Zahra Amelia", "081210000029", "", "governance", answers(GOVERNANCE, 7),
            extra_columns=extra(consent="Tidak bersedia")),
        Row("22/07/2024 13:00:00", "Aldi Maulana", "081210000030", "", "living", answers(LIVING, 5),
            extra_columns=extra(resident="Kadang")),
        Row("22/07/2024 14:00:00", "Bella Safitri", "081210000031", "", "branding", answers(BRANDING, 5),
            extra_columns=extra(age="tiga puluh")),
        Row("23/07/2024 02:30:00", "Candra Wijaya", "081210000032", "", "economy",
            answers(sub_items("economy", "III"))),
        Row("23/07/2024 02:31:00", "Desi Ratnasari", "081210000033", "", "economy",
            answers(sub_items("economy", "III"), 1)),
        Row("24/07/2024 09:00:00", "Erik Santoso", "081210000034", "", "economy", answers(sub_items("economy", "I"))),
        Row("25/07/2024 09:00:00", "Erika Santosa", "081210000035", "", "economy", answers(sub_items("economy", "I"))),
        Row("26/07/2024 09:00:00", "Fajar Nugraha", "081210000036", "", "living",
            answers(LIVING, 6, Q77="Tidak tahu", Q79="Tidak tahu", Q81="Tidak tahu", Q83="Tidak tahu")),
    ]
    for row in rows:
        if row is not None and not row.extra_columns and row.name:
            row.extra_columns = extra()
    # Three paper forms of one enumerator with the same answers.
    paper_rows = [Row(f"{day:02d}/07/2024", name, phone, "", "economy", answers(sub_items("economy", "II"), 4),
                      form_number=f"00{index}", extra_columns=("ENUM-07 Yusuf",))
                  for index, (day, name, phone) in enumerate(((27, "Gina Lestari", "081210000040"),
                                                              (28, "Hari Susanto", "081210000041"),
                                                              (29, "Indah Permata", "081210000042")), start=1)]
    # The second keying of the paper forms differs in one answer of form 002.
    second_rows = [dataclasses.replace(row) for row in paper_rows]
    second_rows[1] = dataclasses.replace(second_rows[1], answers=second_rows[1].answers | {ECONOMY[4]: "3"})
    return Case([online(rows, extra_header=(SECOND_Q103_COLUMN, "NIK", *SCREENING_HEADER)),
                 Source("paper.csv", "paper_form", paper_rows, extra_header=("Enumerator",),
                        second_entry=second_rows)], quota=2,
                designs={"economy": "per-sub-dimension"}, checks={"burst_count": 2})


CASES = {
    "duplicate_submission": duplicate_submission,
    "duplicate_phone": duplicate_phone,
    "duplicate_email": duplicate_email,
    "multiple_dimensions": multiple_dimensions,
    "dimension_mismatch": dimension_mismatch,
    "out_of_range": out_of_range,
    "incomplete": incomplete,
    "straight_lining": straight_lining,
    "outside_window": outside_window,
    "eligibility": eligibility,
    "timing": timing,
    "identical_answers": identical_answers,
    "many_dont_know": many_dont_know,
    "near_zero_variance": near_zero_variance,
    "per_sub_dimension": per_sub_dimension,
    "exact_quota": exact_quota,
    "all_defects": all_defects,
}


def write_cases(target: Path) -> list[Path]:
    """Write every case folder under ``target`` and return the files written."""
    written = []
    for name, build in CASES.items():
        case = build()
        folder = target / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "survey.toml").write_text(survey_toml(case), encoding="utf-8", newline="\n")
        written.append(folder / "survey.toml")
        for source in case.sources:
            with (folder / source.file).open("w", encoding="utf-8", newline="") as csv_file:
                csv.writer(csv_file, lineterminator="\r\n").writerows(source.records())
            written.append(folder / source.file)
            if source.second_entry is not None:
                with (folder / source.second_file).open("w", encoding="utf-8", newline="") as csv_file:
                    csv.writer(csv_file, lineterminator="\r\n").writerows(source.records(source.second_entry))
                written.append(folder / source.second_file)
    return written


def main() -> None:
    """Write the cases next to this script."""
    written = write_cases(HERE)
    print(f"{len(written)} files written under {HERE}")


if __name__ == "__main__":
    main()
