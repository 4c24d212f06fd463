"""Regenerate the synthetic sample responses of KAB. TABALONG 2024, deterministically.

Writes ``google_forms_responses.csv`` (online, as Google Forms downloads it
with the Indonesian interface) and ``formulir_kertas.csv`` (paper forms typed
in Excel with Indonesian settings: ``;``, Windows-1252, dd/mm/yyyy). After the
planted defects are excluded, each dimension has exactly 50 valid respondents
and every item mean equals Tabalong's published 2024 score: 3.8, except item
57 (2.8) and item 75 (3.6), so the Impact score is 3.78.

It also writes ``formulir_kertas_entri2.csv``, a second keying of 30 of the
paper forms by another keyer, for the double data entry comparison. It has
four planted disagreements and one form that the first keying lacks.

Run from anywhere: ``python sample_responses/generate.py``. Uses only the
standard library and the instrument file shipped with the toolkit.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSTRUMENT = HERE.parent / "survey" / "instruments" / "impact-2024.toml"
SEED = 2024
VALID_PER_DIMENSION = 50
ONLINE_PER_DIMENSION = {"governance": 34, "branding": 34, "economy": 34, "living": 33, "society": 33,
                        "environment": 33}
# Published 2024 item scores of Tabalong; every other item is 3.8.
SPECIAL_SCORES = {57: 2.8, 75: 3.6}
# How many of the 50 valid respondents give 4, 3, 2 and 1 to produce each score exactly.
ANSWER_COUNTS = {3.8: {4: 40, 3: 10}, 2.8: {4: 10, 3: 20, 2: 20}, 3.6: {4: 30, 3: 20}}
STRAIGHT_LINER_DIMENSION = "society"

FORM_CHOICES = {"governance": "Smart Governance (Tata Kelola Pemerintahan)", "branding": "Smart Branding (Citra Daerah)",
                "economy": "Smart Economy (Ekonomi)", "living": "Smart Living (Kehidupan)",
                "society": "Smart Society (Masyarakat)", "environment": "Smart Environment (Lingkungan)"}
PAPER_CHOICES = {"governance": "Governance", "branding": "Branding", "economy": "Economy", "living": "Living",
                 "society": "Society", "environment": "Environment"}
AGREE_LABELS = {1: "1 - Sangat Tidak Setuju", 2: "2 - Tidak Setuju", 3: "3 - Setuju", 4: "4 - Sangat Setuju"}
QUALITY_LABELS = {1: "Tidak Baik", 2: "Kurang Baik", 3: "Baik", 4: "Sangat Baik"}

FIRST_NAMES = ["Ahmad", "Siti", "Muhammad", "Nur", "Rizky", "Dewi", "Budi", "Rina", "Agus", "Fitri", "Hendra", "Yulia",
               "Andi", "Rahmah", "Fajar", "Aulia", "Iwan", "Maya", "Dedi", "Lestari", "Rahmat", "Nadia", "Taufik",
               "Wulan", "Yusuf", "Intan", "Arif", "Putri", "Bayu", "Zahra"]
LAST_NAMES = ["Saputra", "Rahman", "Hidayat", "Lestari", "Pratama", "Wijaya", "Fauzi", "Kurniawan", "Susanti",
              "Hakim", "Maulana", "Anggraini", "Setiawan", "Nugroho", "Permata", "Syahputra", "Noor", "Aditya"]
SUB_DISTRICTS = ["Tanjung", "Murung Pudak", "Kelua", "Tanta", "Banua Lawas", "Haruai", "Upau", "Bintang Ara",
                 "Jaro", "Muara Uya", "Muara Harus", "Pugaan"]
OCCUPATIONS = ["Pegawai swasta", "Wiraswasta", "PNS", "Pelajar/Mahasiswa", "Petani", "Ibu rumah tangga", "Guru",
               "Pedagang"]
ENUMERATORS = ["ENUM-01 Rahmat", "ENUM-02 Siti Aisyah", "ENUM-03 Fajar"]

# The second keying: its own random stream, so the files above stay as they are.
SECOND_KEYING_SEED = 2025
SECOND_KEYING_FORMS = 30
# Planted disagreements: form number, column, value of the first keying, value typed the second time.
SECOND_KEYING_DISAGREEMENTS = (
    ("0011", "Q69", "3", "4"),
    ("0025", "Kecamatan", "Murung Pudak", "Murung Pudal"),
    ("0049", "Tanggal Wawancara", "24/07/2024", "27/07/2024"),
    ("0072", "No. HP", "0812-5000-0192", "0812-5000-0912"),
)
# A form typed only the second time: its first keying was skipped.
SECOND_KEYING_EXTRA_FORM = 104
SECOND_KEYING_EXTRA_PERSON = {"name": "Intan Maulana", "phone": "0812-5999-0104", "age": "33", "gender": "Perempuan",
                              "sub_district": "Kelua", "occupation": "Pedagang"}


def load_items() -> dict[str, list[dict]]:
    """Return the items of each dimension code, in evaluation order."""
    with INSTRUMENT.open("rb") as instrument_file:
        instrument = tomllib.load(instrument_file)
    items = {}
    for dimension in instrument["dimensions"]:
        items[dimension["code"]] = [dict(item, numeral=sub["numeral"]) for sub in dimension["sub_dimensions"]
                                    for item in sub["items"]]
    return items


def answer_matrix(rng: random.Random, numbers: list[int], straight_liner: bool) -> list[dict[int, int]]:
    """Return 50 answer sets whose item means are exact and where no row is constant but the planted one."""
    columns = {}
    for number in numbers:
        counts = ANSWER_COUNTS[SPECIAL_SCORES.get(number, 3.8)]
        column = [value for value, count in counts.items() for _ in range(count)]
        rng.shuffle(column)
        columns[number] = column

    if straight_liner:
        for number in numbers:
            column = columns[number]
            swap = column.index(4)
            column[0], column[swap] = column[swap], column[0]

    first = 1 if straight_liner else 0
    for row in range(first, VALID_PER_DIMENSION):
        while len({columns[n][row] for n in numbers}) == 1:
            number = rng.choice(numbers)
            column = columns[number]
            others = [r for r in range(first, VALID_PER_DIMENSION) if column[r] != column[row]]
            other = rng.choice(others)
            column[row], column[other] = column[other], column[row]
    # Swaps keep column sums; a final pass confirms no constant row was created elsewhere.
    constant = [r for r in range(first, VALID_PER_DIMENSION) if len({columns[n][r] for n in numbers}) == 1]
    if constant:
        return answer_matrix(rng, numbers, straight_liner)
    return [{n: columns[n][row] for n in numbers} for row in range(VALID_PER_DIMENSION)]


class People:
    """Synthetic respondents with unique phone numbers and e-mail addresses."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = 0

    def next(self) -> dict[str, str]:
        """Return a new synthetic person."""
        self.serial += 1
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        digits = f"8125{self.serial:07d}"
        layout = self.serial % 3
        phone = [f"0{digits[:3]}-{digits[3:7]}-{digits[7:]}", f"+62 {digits[:3]} {digits[3:7]} {digits[7:]}",
                 f"0{digits}"][layout]
        return {
            "name": f"{first} {last}",
            "phone": phone,
            "digits": digits,
            "email": f"{first.lower()}.{last.lower()}{self.serial}@example.com",
            "age": str(self.rng.randint(17, 68)),
            "gender": self.rng.choice(["Laki-laki", "Perempuan"]),
            "sub_district": self.rng.choice(SUB_DISTRICTS),
            "occupation": self.rng.choice(OCCUPATIONS),
        }


def form_timestamp(moment: dt.datetime) -> str:
    """Return ``moment`` as Google Forms writes it in CSV downloads: 2024/07/15 9:03:12 AM GMT+7."""
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {meridiem} GMT+7"


def form_answer(item: dict, value: int) -> str:
    """Return the Google Forms choice text of ``value`` for ``item``."""
    return QUALITY_LABELS[value] if item["numeral"] == "III" else AGREE_LABELS[value]


def form_header(items: dict[str, list[dict]]) -> list[str]:
    """Return the Google Forms column titles: details, routing question, one column per item."""
    header = ["Stempel waktu", "Alamat email", "Nama Lengkap", "Nomor HP/WA", "Usia", "Jenis Kelamin", "Kecamatan",
              "Pekerjaan", "Pilih dimensi layanan yang pernah Anda gunakan"]
    for dimension_items in items.values():
        for item in dimension_items:
            header.append(f"{item['number']}. {item['statement']}" if item["number"] % 2 == 0 else item["question"])
    return header


def paper_header(items: dict[str, list[dict]]) -> list[str]:
    """Return the paper-form column titles: form details, respondent details, dimension, item codes."""
    header = ["No. Formulir", "Enumerator", "Tanggal Wawancara", "Nama", "No. HP", "Usia", "Jenis Kelamin",
              "Kecamatan", "Pekerjaan", "Dimensi"]
    return header + [f"Q{item['number']}" for dimension_items in items.values() for item in dimension_items]


def form_row(items, person, dimension, answers, moment, overrides=None) -> list[str]:
    """Return one Google Forms row; ``overrides`` replaces answer texts by item number."""
    row = [form_timestamp(moment), person["email"], person["name"], person["phone"], person["age"],
           person["gender"], person["sub_district"], person["occupation"], FORM_CHOICES[dimension]]
    for dimension_items in items.values():
        for item in dimension_items:
            text = form_answer(item, answers[item["number"]]) if item["number"] in answers else ""
            row.append((overrides or {}).get(item["number"], text))
    return row


def paper_row(items, form_number, enumerator, person, dimension, answers, day, overrides=None) -> list[str]:
    """Return one typed paper-form row; ``overrides`` replaces answer texts by item number."""
    row = [f"{form_number:04d}", enumerator, f"{day:%d/%m/%Y}", person["name"], person["phone"], person["age"],
           person["gender"], person["sub_district"], person["occupation"], PAPER_CHOICES[dimension]]
    for dimension_items in items.values():
        for item in dimension_items:
            text = str(answers[item["number"]]) if item["number"] in answers else ""
            row.append((overrides or {}).get(item["number"], text))
    return row


def generate() -> tuple[list[list[str]], list[list[str]]]:
    """Return the online rows and the paper rows, each with header, defects included."""
    rng = random.Random(SEED)
    items = load_items()
    people = People(rng)
    online: list[tuple[dt.datetime, list[str]]] = []
    paper: list[tuple[dt.date, list[str]]] = []
    start = dt.datetime(2024, 7, 1, 8, 0, 0)

    online_people = {}
    for dimension, dimension_items in items.items():
        numbers = [item["number"] for item in dimension_items]
        matrix = answer_matrix(rng, numbers, dimension == STRAIGHT_LINER_DIMENSION)
        for index, answers in enumerate(matrix):
            person = people.next()
            if index < ONLINE_PER_DIMENSION[dimension]:
                moment = start + dt.timedelta(minutes=rng.randint(0, 50 * 24 * 60), seconds=rng.randint(0, 59))
                moment = moment.replace(hour=rng.randint(7, 21))
                online.append((moment, form_row(items, person, dimension, answers, moment)))
                online_people.setdefault(dimension, []).append((person, answers, moment))
            else:
                day = (start + dt.timedelta(days=rng.randint(0, 50))).date()
                paper.append((day, [person, dimension, answers]))

    online += online_defects(rng, items, people, online_people)
    online.sort(key=lambda entry: entry[0])
    paper_rows = number_paper_forms(rng, items, paper, paper_defects(items, people, online_people))
    return [form_header(items)] + [row for _, row in online], [paper_header(items)] + paper_rows


def online_defects(rng, items, people, online_people) -> list[tuple[dt.datetime, list[str]]]:
    """Return the planted online defects: a double submission, an unreadable answer, two dimensions."""
    rows = []
    person, answers, moment = online_people["governance"][5]
    rows.append((moment + dt.timedelta(seconds=40), form_row(items, person, "governance", answers,
                                                             moment + dt.timedelta(seconds=40))))

    economy = [item["number"] for item in items["economy"]]
    moment = dt.datetime(2024, 7, 20, 10, 12, 5)
    rows.append((moment, form_row(items, people.next(), "economy", {n: 4 if n % 2 else 3 for n in economy}, moment,
                                  overrides={economy[4]: "Lumayan"})))

    governance = [item["number"] for item in items["governance"]]
    answers = {n: 3 if n % 2 else 4 for n in governance}
    answers[items["branding"][0]["number"]] = 4
    moment = dt.datetime(2024, 8, 2, 14, 30, 41)
    rows.append((moment, form_row(items, people.next(), "governance", answers, moment)))
    return rows


def paper_defects(items, people, online_people) -> list[tuple[dt.date, list]]:
    """Return the planted paper defects: a respondent also online, 5 and 3,5 answers, an incomplete form."""
    defects = []
    person, answers, moment = online_people["living"][3]
    same_person = dict(person, phone=f"+62{person['digits']}")
    other_answers = {n: 3 for n in answers}
    other_answers[min(answers)] = 4
    defects.append((moment.date() + dt.timedelta(days=3), [same_person, "living", other_answers, {}]))

    branding = [item["number"] for item in items["branding"]]
    defects.append((dt.date(2024, 7, 22), [people.next(), "branding", {n: 4 if n % 3 else 3 for n in branding},
                                           {branding[2]: "5"}]))
    environment = [item["number"] for item in items["environment"]]
    defects.append((dt.date(2024, 7, 25), [people.next(), "environment", {n: 4 if n % 2 else 3 for n in environment},
                                           {environment[6]: "3,5"}]))
    society = [item["number"] for item in items["society"]]
    defects.append((dt.date(2024, 8, 5), [people.next(), "society", {n: 4 if n % 2 else 3 for n in society},
                                          {society[1]: "Tidak tahu", society[7]: ""}]))
    return defects


def number_paper_forms(rng, items, paper, defects) -> list[list[str]]:
    """Return the paper rows in typing order (by interview date), with form numbers and enumerators."""
    entries = [(day, [*details, {}]) for day, details in paper] + defects
    entries.sort(key=lambda entry: entry[0])
    rows = []
    for form_number, (day, (person, dimension, answers, overrides)) in enumerate(entries, start=1):
        enumerator = ENUMERATORS[form_number % len(ENUMERATORS)]
        rows.append(paper_row(items, form_number, enumerator, person, dimension, answers, day, overrides))
    return rows


def second_keying(paper: list[list[str]]) -> list[list[str]]:
    """Return the second keying of 30 paper forms, header included, in the order the second keyer typed them.

    The forms are copied from the first keying (``paper``), the planted
    disagreements are typed differently, and one form is added that the first
    keying lacks.
    """
    header, rows = paper[0], paper[1:]
    rng = random.Random(SECOND_KEYING_SEED)
    keyed = [list(row) for row in rng.sample(rows, SECOND_KEYING_FORMS)]

    by_form = {row[0]: row for row in keyed}
    for form_number, column, first_value, second_value in SECOND_KEYING_DISAGREEMENTS:
        row = by_form[form_number]
        position = header.index(column)
        if row[position] != first_value:
            raise ValueError(f"form {form_number} has {row[position]!r} in {column}, not {first_value!r}")
        row[position] = second_value

    items = load_items()
    economy = [item["number"] for item in items["economy"]]
    answers = {number: 3 if number % 4 == 0 else 4 for number in economy}
    keyed.append(paper_row(items, SECOND_KEYING_EXTRA_FORM, ENUMERATORS[0], SECOND_KEYING_EXTRA_PERSON, "economy",
                           answers, dt.date(2024, 8, 16)))
    rng.shuffle(keyed)
    return [header] + keyed


def write_paper_file(path: Path, rows: list[list[str]]) -> None:
    """Write typed paper forms as Excel with Indonesian settings saves them: ``;``, Windows-1252, CRLF."""
    with path.open("w", encoding="cp1252", newline="") as paper_file:
        csv.writer(paper_file, delimiter=";", lineterminator="\r\n").writerows(rows)


def main() -> None:
    """Write the sample files next to this script."""
    online, paper = generate()
    with (HERE / "google_forms_responses.csv").open("w", encoding="utf-8", newline="") as online_file:
        csv.writer(online_file, lineterminator="\r\n").writerows(online)
    write_paper_file(HERE / "formulir_kertas.csv", paper)
    second = second_keying(paper)
    write_paper_file(HERE / "formulir_kertas_entri2.csv", second)
    print(f"{len(online) - 1} online rows, {len(paper) - 1} paper rows, {len(second) - 1} rows of the second "
          f"keying written to {HERE}")


if __name__ == "__main__":
    main()
