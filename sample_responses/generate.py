"""Regenerate the synthetic sample responses of KAB. TABALONG 2024, deterministically.

Writes ``google_forms_responses.csv`` (online, as Google Forms downloads it
with the Indonesian interface) and ``formulir_kertas.csv`` (paper forms typed
in Excel with Indonesian settings: ``;``, Windows-1252, dd/mm/yyyy). After the
planted defects are excluded, each dimension has exactly 50 valid respondents
and every item mean equals Tabalong's published 2024 score: 3.8, except item
57 (2.8) and item 75 (3.6), so the Impact score is 3.78.

The answers of a dimension are correlated through a tendency of each
respondent, so Cronbach's alpha of every dimension is at least 0.7, and the
online and offline respondents of a dimension do not differ (Mann-Whitney
p >= 0.05). Every check of the toolkit that a source file can trigger fires on
a planted row and nowhere else; README.md here lists them.

It also writes ``formulir_kertas_entri2.csv``, a second keying of 30 of the
paper forms by another keyer, for the double data entry comparison. It has
four planted disagreements and one form that the first keying lacks.

Run from anywhere: ``python sample_responses/generate.py``. Uses only the
standard library and the instrument file shipped with the toolkit.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import statistics
import tomllib
from collections import Counter
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

# The respondent tendency behind correlated answers: a critical minority sits CRITICAL_SHIFT below the
# others, and each answer adds ITEM_NOISE to the tendency before the lowest answers of an item are handed out.
CRITICAL_SHARE = 0.14
CRITICAL_SHIFT = 2.0
TENDENCY_SPREAD = 0.3
ITEM_NOISE = 0.5
# Thresholds that every dimension's matrix must reach, else it is drawn again.
MIN_ALPHA = 0.7
# Three items of a sub-dimension reach less: with 80% of the answers at 4 and no constant row, most
# respondents give one 3, which is noise within its sub-dimension. The report calls alpha below 0.5
# "unacceptable"; 0.55 keeps clear of that bound, which alpha often hits exactly.
MIN_SUB_DIMENSION_ALPHA = 0.55
MIN_MODE_P_VALUE = 0.05
MAX_DRAWS = 1000
# The defaults of the near-zero-variance check (survey/config.py CHECK_THRESHOLDS): one value in at least
# 95% of at least 10 valid answers of an item within one source.
NEAR_ZERO_SHARE = 0.95
NEAR_ZERO_MINIMUM = 10

FORM_CHOICES = {"governance": "Smart Governance (Tata Kelola Pemerintahan)", "branding": "Smart Branding (Citra Daerah)",
                "economy": "Smart Economy (Ekonomi)", "living": "Smart Living (Kehidupan)",
                "society": "Smart Society (Masyarakat)", "environment": "Smart Environment (Lingkungan)"}
PAPER_CHOICES = {"governance": "Governance", "branding": "Branding", "economy": "Economy", "living": "Living",
                 "society": "Society", "environment": "Environment"}
AGREE_LABELS = {1: "1 - Sangat Tidak Setuju", 2: "2 - Tidak Setuju", 3: "3 - Setuju", 4: "4 - Sangat Setuju"}
QUALITY_LABELS = {1: "Tidak Baik", 2: "Kurang Baik", 3: "Baik", 4: "Sangat Baik"}

# Screening questions of the Google form, recognised by survey/fields.py, and the answer everyone eligible gives.
CONSENT_TITLE = "Persetujuan"
RESIDENT_TITLE = "Apakah Anda berdomisili di Kabupaten Tabalong?"
PROGRAMME_USER_TITLE = "Apakah Anda pernah menggunakan layanan/program pada dimensi yang Anda pilih?"
ELIGIBLE = {"consent": "Ya, saya bersedia", "resident": "Ya", "programme_user": "Ya"}
# Google Forms keeps the column of a deleted question: item 103 was asked twice for a while.
REPEATED_ITEM = 103

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
# Province 63 (Kalimantan Selatan) and regency 09 (Tabalong) open every NIK of the sample.
NIK_REGION = "6309"

# Planted defects on valid respondents: (dimension, index in the dimension's matrix). The first
# ONLINE_PER_DIMENSION rows of a matrix answer online, the others on paper.
DOUBLE_SUBMISSION = ("governance", 5)
ALSO_ON_PAPER = ("living", 3)
BURST = (("governance", 10), ("branding", 10), ("economy", 10), ("living", 10), ("society", 10))
BURST_START = dt.datetime(2024, 7, 24, 10, 15, 3)
BURST_OFFSETS_SECONDS = (0, 21, 47, 74, 102)
NIGHT_TIME = ("environment", 12)
# 01:14 at GMT+7, as Google Forms writes it, is 02:14 WITA.
NIGHT_MOMENT = dt.datetime(2024, 7, 28, 1, 14, 52)
OUTSIDE_WINDOW = ("economy", 20)
OUTSIDE_WINDOW_MOMENT = dt.datetime(2024, 9, 2, 9, 41, 27)
UNREADABLE_SCREENING = ("living", 8)
UNREADABLE_AGE = ("branding", 15)
IDENTICAL_ANSWERS_DIMENSION = "environment"
INVALID_DATE = ("economy", 36)
INVALID_DATE_DAY = dt.date(2024, 7, 31)
INVALID_DATE_TEXT = "31/06/2024"
UNREADABLE_DIMENSION = ("environment", 38)
UNREADABLE_DIMENSION_TEXT = "Envirnoment"
INVALID_PHONE = ("branding", 40)
INVALID_PHONE_TEXT = "6,28125E+12"
INVALID_NIK = ("society", 39)
# Paper forms of one enumerator with identical answers.
ENUMERATOR_IDENTICAL_DIMENSION = "branding"
ENUMERATOR_IDENTICAL_FORMS = 3
ENUMERATOR_IDENTICAL_NAME = "ENUM-02 Siti Aisyah"
# Enumerators take turns, and none may get a third paper form with the answers of two of their forms
# of the same dimension, so paper forms with the same answers must be few.
MAX_PAPER_FORMS_PER_PATTERN = 4
# The dimension of the item that every valid paper form answers with 4: its item with the fewest other
# answers on paper, so that the fewest answers move.
UNIFORM_PAPER_DIMENSION = "living"

# The second keying: its own random stream, drawn from the paper forms without a planted defect.
SECOND_KEYING_SEED = 2025
SECOND_KEYING_FORMS = 30
# Planted disagreements: form number, column, value of the first keying, value typed the second time.
SECOND_KEYING_DISAGREEMENTS = (
    ("0007", "Q69", "3", "4"),
    ("0023", "Tanggal Wawancara", "15/07/2024", "16/07/2024"),
    ("0062", "Kecamatan", "Murung Pudak", "Murung Pudal"),
    ("0094", "No. HP", "0812-5000-0138", "0812-5000-1038"),
)
# A form typed only the second time: its first keying was skipped. Its number follows the last form.
SECOND_KEYING_EXTRA_PERSON = {"name": "Intan Maulana", "phone": "0812-5999-0108", "nik": "6309034507910108",
                              "age": "33", "gender": "Perempuan", "sub_district": "Kelua", "occupation": "Pedagang"}


def load_items() -> dict[str, list[dict]]:
    """Return the items of each dimension code, in evaluation order."""
    with INSTRUMENT.open("rb") as instrument_file:
        instrument = tomllib.load(instrument_file)
    items = {}
    for dimension in instrument["dimensions"]:
        items[dimension["code"]] = [dict(item, numeral=sub["numeral"]) for sub in dimension["sub_dimensions"]
                                    for item in sub["items"]]
    return items


# --- Answer matrices -------------------------------------------------------------------------------------


def answer_matrix(rng: random.Random, numbers: list[int], online_count: int,
                  straight_liner: bool) -> list[list[int]]:
    """Return 50 answer rows (one value per item of ``numbers``) with exact item means.

    The answers are correlated through a respondent tendency, so that
    Cronbach's alpha is at least MIN_ALPHA. No row is constant but the planted
    straight-liner, which is row 0 (all 4). The rows are ordered so that the
    first ``online_count`` (online) and the others (offline) do not differ by
    the Mann-Whitney test of the toolkit's mode comparison.
    """
    for _draw in range(MAX_DRAWS):
        rows = correlated_rows(rng, numbers)
        keep = make_straight_liner(rows) if straight_liner else None
        if not break_constant_rows(rng, rows, keep) or cronbach_alpha(rows) < MIN_ALPHA:
            continue
        ordered = order_by_mode(rng, rows, online_count, keep)
        if ordered is not None:
            return ordered
    raise RuntimeError(f"no answer matrix for items {numbers} reached alpha {MIN_ALPHA} in {MAX_DRAWS} draws")


def correlated_rows(rng: random.Random, numbers: list[int]) -> list[list[int]]:
    """Return 50 rows whose columns have the exact answer counts, the lowest answers going to low tendencies."""
    tendencies = [rng.gauss(0, TENDENCY_SPREAD) - (CRITICAL_SHIFT if rng.random() < CRITICAL_SHARE else 0)
                  for _ in range(VALID_PER_DIMENSION)]
    columns = []
    for number in numbers:
        counts = ANSWER_COUNTS[SPECIAL_SCORES.get(number, 3.8)]
        values = sorted(value for value, count in counts.items() for _ in range(count))
        order = sorted(range(VALID_PER_DIMENSION), key=lambda row: tendencies[row] + rng.gauss(0, ITEM_NOISE))
        column = [0] * VALID_PER_DIMENSION
        for value, row in zip(values, order):
            column[row] = value
        columns.append(column)
    return [list(row) for row in zip(*columns)]


def deficit(row: list[int]) -> int:
    """Return how far a row falls short of the top answer 4 on all its items."""
    return sum(4 - value for value in row)


def make_straight_liner(rows: list[list[int]]) -> int:
    """Turn the row with the highest answers into all 4 by swaps within columns; return its index.

    Each lower answer of that row goes to the row with the most lower answers that has a 4 in its column.
    """
    keep = min(range(len(rows)), key=lambda row: (deficit(rows[row]), row))
    for column in range(len(rows[keep])):
        if rows[keep][column] == 4:
            continue
        donors = [row for row in range(len(rows)) if rows[row][column] == 4]
        donor = max(donors, key=lambda row: (deficit(rows[row]), -row))
        rows[keep][column], rows[donor][column] = rows[donor][column], rows[keep][column]
    return keep


def break_constant_rows(rng: random.Random, rows: list[list[int]], keep: int | None) -> bool:
    """Swap answers within columns until no row but ``keep`` is constant; return False if that fails.

    A row of all 4 takes a lower answer from the row with the fewest lower
    answers that can spare one. A row of all 3 gives one to the row with the
    most. So low answers stay concentrated, and alpha stays high. Ties are
    broken at random, so that no item is favoured.
    """
    items = len(rows[0])
    for _attempt in range(10 * len(rows)):
        constant = [row for row in range(len(rows)) if row != keep and len(set(rows[row])) == 1]
        if not constant:
            return True
        row = constant[0]
        value = rows[row][0]
        candidates = []
        for donor, answers in enumerate(rows):
            # The donor takes ``value`` in one column, so it must keep another answer somewhere else.
            if donor in (row, keep) or answers.count(value) >= items - 1:
                continue
            rank = deficit(answers) if value == 4 else -deficit(answers)
            candidates += [(rank, donor, column) for column, given in enumerate(answers) if given != value]
        if not candidates:
            return False
        lowest = min(rank for rank, _donor, _column in candidates)
        _rank, donor, column = rng.choice([candidate for candidate in candidates if candidate[0] == lowest])
        rows[row][column], rows[donor][column] = rows[donor][column], rows[row][column]
    return False


def cronbach_alpha(rows: list[list[int]]) -> float:
    """Return Cronbach's alpha of respondent rows, with sample variances as aggregation/reliability.py."""
    items = len(rows[0])
    item_variances = sum(statistics.variance(column) for column in zip(*rows))
    total_variance = statistics.variance([sum(row) for row in rows])
    return items / (items - 1) * (1 - item_variances / total_variance)


def order_by_mode(rng: random.Random, rows: list[list[int]], online_count: int,
                  keep: int | None) -> list[list[int]] | None:
    """Return ``rows`` shuffled so that the online and offline totals do not differ; ``keep`` goes first.

    Returns None when no shuffle of MAX_DRAWS reaches MIN_MODE_P_VALUE.
    """
    others = [row for row in range(len(rows)) if row != keep]
    for _draw in range(MAX_DRAWS):
        rng.shuffle(others)
        order = ([keep] if keep is not None else []) + others
        totals = [sum(rows[row]) for row in order]
        if mann_whitney_p(totals[:online_count], totals[online_count:]) >= MIN_MODE_P_VALUE:
            return [list(rows[row]) for row in order]
    return None


def mann_whitney_p(first: list[float], second: list[float]) -> float:
    """Return the two-sided p-value of the Mann-Whitney U test of two groups.

    It is the normal approximation with tie and continuity correction.
    aggregation/mode_effect.py calls scipy.stats.mannwhitneyu with its default
    method, which computes this unless a group has at most 8 values and no
    value is tied. Each mode of a sample dimension has at least 16 respondents.
    """
    values = sorted(first + second)
    count = len(values)
    ranks: dict[float, float] = {}
    tie_sizes = []
    start = 0
    while start < count:
        end = start
        while end < count and values[end] == values[start]:
            end += 1
        ranks[values[start]] = (start + 1 + end) / 2
        tie_sizes.append(end - start)
        start = end

    u_first = sum(ranks[value] for value in first) - len(first) * (len(first) + 1) / 2
    mean = len(first) * len(second) / 2
    tie_term = sum(size ** 3 - size for size in tie_sizes) / (count * (count - 1))
    spread = math.sqrt(len(first) * len(second) / 12 * ((count + 1) - tie_term))
    z = (abs(u_first - mean) - 0.5) / spread
    return min(1.0, math.erfc(z / math.sqrt(2)))


def swap_answers(rows: list[list[int]], first: int, second: int, columns: tuple[int, ...]) -> None:
    """Swap the answers of two rows in ``columns``; column counts stay as they are."""
    for column in columns:
        rows[first][column], rows[second][column] = rows[second][column], rows[first][column]


def exchange_low_answer(rows: list[list[int]], giver: int, column: int, others: list[int],
                        protected_columns: set[int]) -> bool:
    """Move the answer of ``giver`` in ``column`` to a row of ``others`` that gives back an equal one elsewhere.

    Both rows keep their totals, so alpha and the mode comparison do not
    change. Returns False when no row of ``others`` fits.
    """
    value = rows[giver][column]
    # The rows with the most low answers take it first, so that the item keeps following the tendency.
    for taker in sorted(others, key=lambda row: -deficit(rows[row])):
        if rows[taker][column] != 4:
            continue
        for other_column in range(len(rows[giver])):
            if other_column == column or other_column in protected_columns:
                continue
            if rows[giver][other_column] == 4 and rows[taker][other_column] == value:
                swap_answers(rows, giver, taker, (column, other_column))
                return True
    return False


def is_near_zero(values: list[int]) -> bool:
    """True when the toolkit's near-zero-variance check would flag these valid answers of one item and source."""
    if len(values) < NEAR_ZERO_MINIMUM:
        return False
    return Counter(values).most_common(1)[0][1] / len(values) >= NEAR_ZERO_SHARE


def plant_uniform_paper_item(rows: list[list[int]], column: int, online_count: int, protected: set[int]) -> bool:
    """Move every answer below 4 of ``column`` from the paper rows to online rows; return False if one cannot move."""
    online = [row for row in range(online_count) if row not in protected]
    for paper in range(online_count, len(rows)):
        if rows[paper][column] != 4 and not exchange_low_answer(rows, paper, column, online, set()):
            return False
    return True


def spread_uniform_items(rows: list[list[int]], online_count: int, protected: set[int],
                         protected_columns: set[int]) -> bool:
    """Exchange answers until no item but ``protected_columns`` is near-zero-variance online or on paper.

    Returns False when an item cannot be varied that way.
    """
    online = [row for row in range(online_count) if row not in protected]
    paper = [row for row in range(online_count, len(rows)) if row not in protected]
    for _attempt in range(100):
        changed = False
        for column in range(len(rows[0])):
            if column in protected_columns:
                continue
            for givers, takers, group in ((online, paper, paper), (paper, online, online)):
                if not is_near_zero([rows[row][column] for row in group]):
                    continue
                low = [row for row in givers if rows[row][column] != 4]
                if not any(exchange_low_answer(rows, giver, column, takers, protected_columns) for giver in low):
                    return False
                changed = True
        if not changed:
            return True
    return False


def identical_paper_rows(rows: list[list[int]], online_count: int, size: int,
                         protected: set[int]) -> list[int] | None:
    """Return the first ``size`` paper rows of the most common answer pattern on paper, or None if it is rarer."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for row in range(online_count, len(rows)):
        if row not in protected:
            groups.setdefault(tuple(rows[row]), []).append(row)
    largest = max(groups.values(), key=lambda members: (len(members), -members[0]))
    return largest[:size] if len(largest) >= size else None


def identical_online_rows(rows: list[list[int]], online_count: int, protected: set[int]) -> list[int] | None:
    """Return the first two online rows with the same answers, or None."""
    seen: dict[tuple[int, ...], int] = {}
    for row in range(online_count):
        if row in protected:
            continue
        pattern = tuple(rows[row])
        if pattern in seen:
            return [seen[pattern], row]
        seen[pattern] = row
    return None


def plan_dimension(rng: random.Random, dimension: str, items: list[dict]) -> tuple[list[dict[int, int]], dict]:
    """Return the answers of the 50 valid respondents of ``dimension`` with its planted patterns, and the rows chosen.

    The planted patterns are moved into place by exchanging answers between
    rows (``exchange_low_answer``), which keeps every row total, so alpha and
    the mode comparison stay as ``answer_matrix`` drew them. The second value
    may map ``uniform_item`` to the item that every valid paper form answers
    with 4, ``enumerator_identical`` to the paper rows of one enumerator's
    identical forms and ``identical_answers`` to the two online rows that get
    the same personal details.
    """
    numbers = [item["number"] for item in items]
    numerals = [item["numeral"] for item in items]
    sub_dimensions = [[column for column, own in enumerate(numerals) if own == numeral]
                      for numeral in dict.fromkeys(numerals)]
    online_count = ONLINE_PER_DIMENSION[dimension]
    roles = {ALSO_ON_PAPER, DOUBLE_SUBMISSION, *BURST, NIGHT_TIME, OUTSIDE_WINDOW, UNREADABLE_SCREENING,
             UNREADABLE_AGE, INVALID_DATE, UNREADABLE_DIMENSION, INVALID_PHONE, INVALID_NIK}
    # Rows with another planted defect stay out of the planted answer patterns, so each shows one finding.
    protected = {index for code, index in roles if code == dimension}
    if dimension == STRAIGHT_LINER_DIMENSION:
        protected.add(0)

    for _draw in range(MAX_DRAWS):
        rows = answer_matrix(rng, numbers, online_count, dimension == STRAIGHT_LINER_DIMENSION)
        chosen: dict = {}
        uniform: set[int] = set()
        if dimension == UNIFORM_PAPER_DIMENSION:
            paper_rows = rows[online_count:]
            column = min(range(len(numbers)), key=lambda c: sum(row[c] != 4 for row in paper_rows))
            if not plant_uniform_paper_item(rows, column, online_count, protected):
                continue
            uniform = {column}
            chosen["uniform_item"] = numbers[column]
        if dimension == ENUMERATOR_IDENTICAL_DIMENSION:
            chosen["enumerator_identical"] = identical_paper_rows(rows, online_count, ENUMERATOR_IDENTICAL_FORMS,
                                                                 protected)
        if dimension == IDENTICAL_ANSWERS_DIMENSION:
            chosen["identical_answers"] = identical_online_rows(rows, online_count, protected)
        if any(value is None for value in chosen.values()):
            continue
        guarded = protected | {row for key in ("enumerator_identical", "identical_answers")
                               for row in chosen.get(key, ())}
        if not spread_uniform_items(rows, online_count, guarded, uniform):
            continue
        if any(cronbach_alpha([[row[c] for c in columns] for row in rows]) < MIN_SUB_DIMENSION_ALPHA
               for columns in sub_dimensions):
            continue
        if max(Counter(tuple(row) for row in rows[online_count:]).values()) > MAX_PAPER_FORMS_PER_PATTERN:
            continue
        return [dict(zip(numbers, row)) for row in rows], chosen
    raise RuntimeError(f"no answers of {dimension} met the planted patterns in {MAX_DRAWS} draws")


def build_matrices(rng: random.Random, items: dict[str, list[dict]]) -> tuple[dict[str, list[dict[int, int]]], dict]:
    """Return the answers of the 50 valid respondents of each dimension, and the rows chosen for planted patterns."""
    matrices, chosen = {}, {}
    for dimension, dimension_items in items.items():
        matrices[dimension], own = plan_dimension(rng, dimension, dimension_items)
        chosen.update(own)
    return matrices, chosen


# --- Respondents and rows --------------------------------------------------------------------------------


class People:
    """Synthetic respondents with unique phone numbers, e-mail addresses and NIK."""

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
        person = {
            "name": f"{first} {last}",
            "phone": phone,
            "digits": digits,
            "email": f"{first.lower()}.{last.lower()}{self.serial}@example.com",
            "age": str(self.rng.randint(17, 68)),
            "gender": self.rng.choice(["Laki-laki", "Perempuan"]),
            "sub_district": self.rng.choice(SUB_DISTRICTS),
            "occupation": self.rng.choice(OCCUPATIONS),
        }
        person["nik"] = nik_of(person, self.serial)
        return person


def nik_of(person: dict[str, str], serial: int) -> str:
    """Return a synthetic NIK: region, sub-district, birth date (day + 40 for women), serial number."""
    sub_district = SUB_DISTRICTS.index(person["sub_district"]) + 1
    month = serial % 12 + 1
    day = serial % 28 + 1 + (40 if person["gender"] == "Perempuan" else 0)
    # Interviews run in July and August, so someone born after July has not had this year's birthday.
    year = 2024 - int(person["age"]) - (1 if month > 7 else 0)
    return f"{NIK_REGION}{sub_district:02d}{day:02d}{month:02d}{year % 100:02d}{serial % 10000:04d}"


def form_timestamp(moment: dt.datetime) -> str:
    """Return ``moment`` as Google Forms writes it in CSV downloads: 2024/07/15 9:03:12 AM GMT+7."""
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {meridiem} GMT+7"


def form_answer(item: dict, value: int) -> str:
    """Return the Google Forms choice text of ``value`` for ``item``."""
    return QUALITY_LABELS[value] if item["numeral"] == "III" else AGREE_LABELS[value]


def form_header(items: dict[str, list[dict]]) -> list[str]:
    """Return the Google Forms column titles: consent, screening, details, routing, items, a deleted question."""
    header = ["Stempel waktu", "Alamat email", CONSENT_TITLE, RESIDENT_TITLE, "Nama Lengkap", "Nomor HP/WA", "Usia",
              "Jenis Kelamin", "Kecamatan", "Pekerjaan", "Pilih dimensi layanan yang pernah Anda gunakan",
              PROGRAMME_USER_TITLE]
    for dimension_items in items.values():
        for item in dimension_items:
            header.append(f"{item['number']}. {item['statement']}" if item["number"] % 2 == 0 else item["question"])
    repeated = next(item for dimension_items in items.values() for item in dimension_items
                    if item["number"] == REPEATED_ITEM)
    return header + [f"{repeated['number']}. {repeated['statement']}"]


def paper_header(items: dict[str, list[dict]]) -> list[str]:
    """Return the paper-form column titles: form details, respondent details, dimension, item codes."""
    header = ["No. Formulir", "Enumerator", "Tanggal Wawancara", "Nama", "NIK", "No. HP", "Usia", "Jenis Kelamin",
              "Kecamatan", "Pekerjaan", "Dimensi"]
    return header + [f"Q{item['number']}" for dimension_items in items.values() for item in dimension_items]


def online_entry(person: dict, dimension: str, answers: dict[int, int], moment: dt.datetime, **extra) -> dict:
    """Return one online submission to be written by ``form_row``.

    ``extra`` may set ``overrides`` (answer texts by item number),
    ``screening`` (answers by field), ``age`` (the age as typed) and
    ``repeated`` (the answer in the column of the deleted question).
    """
    return {"person": person, "dimension": dimension, "answers": answers, "moment": moment, **extra}


def form_row(items: dict[str, list[dict]], entry: dict) -> list[str]:
    """Return one Google Forms row."""
    person, overrides = entry["person"], entry.get("overrides", {})
    screening = ELIGIBLE | entry.get("screening", {})
    row = [form_timestamp(entry["moment"]), person["email"], screening["consent"], screening["resident"],
           person["name"], person["phone"], entry.get("age", person["age"]), person["gender"], person["sub_district"],
           person["occupation"], FORM_CHOICES[entry["dimension"]], screening["programme_user"]]
    for dimension_items in items.values():
        for item in dimension_items:
            value = entry["answers"].get(item["number"])
            row.append(overrides.get(item["number"], form_answer(item, value) if value else ""))
    return row + [entry.get("repeated", "")]


def paper_entry(day: dt.date, person: dict, dimension: str, answers: dict[int, int], **extra) -> dict:
    """Return one paper form to be numbered and written by ``paper_row``.

    ``extra`` may set these keys:

    - ``overrides``: answer texts by item number;
    - ``date``, ``nik``, ``phone``, ``dimension_text``: cells as typed;
    - ``note``: a cell typed after the last column;
    - ``merged``: True types the whole row into the first cell, comma-separated;
    - ``enumerator``: the enumerator, instead of the next in turn;
    - ``planted``: True keeps the form out of the second keying.
    """
    return {"day": day, "person": person, "dimension": dimension, "answers": answers, **extra}


def paper_row(items: dict[str, list[dict]], form_number: int, enumerator: str, entry: dict) -> list[str]:
    """Return one typed paper-form row."""
    person, overrides = entry["person"], entry.get("overrides", {})
    row = [f"{form_number:04d}", enumerator, entry.get("date", f"{entry['day']:%d/%m/%Y}"), person["name"],
           entry.get("nik", person["nik"]), entry.get("phone", person["phone"]), person["age"], person["gender"],
           person["sub_district"], person["occupation"],
           entry.get("dimension_text", PAPER_CHOICES[entry["dimension"]])]
    for dimension_items in items.values():
        for item in dimension_items:
            value = entry["answers"].get(item["number"])
            row.append(overrides.get(item["number"], str(value) if value else ""))
    if entry.get("merged"):
        return [",".join(row)] + [""] * (len(row) - 1)
    if entry.get("note"):
        return row + [entry["note"]]
    return row


def answer_key(entry: dict) -> tuple:
    """Return what the enumerator check compares: the dimension and every answer cell as typed."""
    overrides = entry.get("overrides", {})
    cells = {number: overrides.get(number, str(value)) for number, value in entry["answers"].items()}
    cells.update(overrides)
    return entry["dimension"], tuple(sorted(cells.items()))


# --- The sample ------------------------------------------------------------------------------------------


def generate() -> tuple[list[list[str]], list[list[str]], set[int]]:
    """Return the online rows and the paper rows, each with header, defects included.

    The third value is the set of numbers of the paper forms with a planted defect.
    """
    rng = random.Random(SEED)
    items = load_items()
    matrices, chosen = build_matrices(rng, items)
    people = People(rng)
    online: dict[tuple[str, int], dict] = {}
    paper: dict[tuple[str, int], dict] = {}
    start = dt.datetime(2024, 7, 1, 8, 0, 0)

    # The answers and personal details of every respondent, so that only the planted pair shares both.
    seen = set()
    for dimension, matrix in matrices.items():
        for index, answers in enumerate(matrix):
            person = people.next()
            while (dimension, tuple(answers.items()), *personal_details(person)) in seen:
                person = people.next()
            seen.add((dimension, tuple(answers.items()), *personal_details(person)))
            if index < ONLINE_PER_DIMENSION[dimension]:
                moment = start + dt.timedelta(minutes=rng.randint(0, 50 * 24 * 60), seconds=rng.randint(0, 59))
                moment = moment.replace(hour=rng.randint(7, 21))
                online[dimension, index] = online_entry(person, dimension, answers, moment)
            else:
                day = (start + dt.timedelta(days=rng.randint(0, 50))).date()
                paper[dimension, index] = paper_entry(day, person, dimension, answers)

    plant_online_flags(online, chosen["identical_answers"])
    plant_paper_flags(paper, chosen["enumerator_identical"])
    online_entries = list(online.values()) + online_defects(items, people, online)
    online_entries.sort(key=lambda entry: entry["moment"])
    paper_entries = list(paper.values()) + paper_defects(items, people, online)
    check_identical_details(online_entries + paper_entries)

    paper_rows, planted = number_paper_forms(items, paper_entries)
    online_rows = [form_row(items, entry) for entry in online_entries]
    return [form_header(items)] + online_rows, [paper_header(items)] + paper_rows, planted


def plant_online_flags(online: dict[tuple[str, int], dict], identical: tuple[int, int]) -> None:
    """Plant the review flags on valid online respondents: burst, night, late, screening, age, identical answers."""
    for offset, key in zip(BURST_OFFSETS_SECONDS, BURST):
        online[key]["moment"] = BURST_START + dt.timedelta(seconds=offset)
    online[NIGHT_TIME]["moment"] = NIGHT_MOMENT
    online[OUTSIDE_WINDOW]["moment"] = OUTSIDE_WINDOW_MOMENT
    online[UNREADABLE_SCREENING]["screening"] = {"resident": "Baru pindah ke Tanjung"}
    online[UNREADABLE_AGE]["age"] = "40-an"

    first, second = (online[IDENTICAL_ANSWERS_DIMENSION, index] for index in identical)
    shared = {name: first["person"][name] for name in ("age", "gender", "sub_district", "occupation")}
    second["person"] = second["person"] | shared


def plant_paper_flags(paper: dict[tuple[str, int], dict], identical: list[int]) -> None:
    """Plant the review flags on valid paper forms: date, dimension, phone, NIK, one enumerator's identical forms."""
    paper[INVALID_DATE].update(day=INVALID_DATE_DAY, date=INVALID_DATE_TEXT, planted=True)
    paper[UNREADABLE_DIMENSION].update(dimension_text=UNREADABLE_DIMENSION_TEXT, planted=True)
    paper[INVALID_PHONE].update(phone=INVALID_PHONE_TEXT, planted=True)
    nik = paper[INVALID_NIK]["person"]["nik"]
    paper[INVALID_NIK].update(nik=nik[:9] + nik[10:], planted=True)
    for index in identical:
        paper[ENUMERATOR_IDENTICAL_DIMENSION, index].update(enumerator=ENUMERATOR_IDENTICAL_NAME, planted=True)


def numbers_of(items: dict[str, list[dict]], dimension: str) -> list[int]:
    """Return the item numbers of ``dimension``."""
    return [item["number"] for item in items[dimension]]


def online_defects(items, people, online) -> list[dict]:
    """Return the planted online rows that are excluded.

    A double submission, an unreadable answer, items of two dimensions, the
    four screening exclusions and two different answers to the item asked twice.
    """
    original = online[DOUBLE_SUBMISSION]
    rows = [dict(original, moment=original["moment"] + dt.timedelta(seconds=40), duplicate=True)]

    economy = numbers_of(items, "economy")
    rows.append(online_entry(people.next(), "economy", {n: 4 if n % 2 else 3 for n in economy},
                             dt.datetime(2024, 7, 20, 10, 12, 5), overrides={economy[4]: "Lumayan"}))

    governance = numbers_of(items, "governance")
    answers = {n: 3 if n % 2 else 4 for n in governance}
    answers[numbers_of(items, "branding")[0]] = 4
    rows.append(online_entry(people.next(), "governance", answers, dt.datetime(2024, 8, 2, 14, 30, 41)))

    screened = (
        ("branding", dt.datetime(2024, 7, 9, 16, 22, 10), {"screening": {"resident": "Tidak"}}),
        ("living", dt.datetime(2024, 7, 16, 19, 5, 44), {"age": "15"}),
        ("economy", dt.datetime(2024, 8, 6, 12, 48, 31), {"screening": {"programme_user": "Tidak"}}),
        ("society", dt.datetime(2024, 8, 13, 20, 31, 9), {"screening": {"consent": "Tidak bersedia"}}),
    )
    for shift, (dimension, moment, extra) in enumerate(screened):
        answers = {n: 3 if n % 3 == shift % 3 else 4 for n in numbers_of(items, dimension)}
        rows.append(online_entry(people.next(), dimension, answers, moment, **extra))

    environment = numbers_of(items, "environment")
    answers = {n: 3 if n % 4 == 1 else 4 for n in environment}
    repeated = next(item for item in items["environment"] if item["number"] == REPEATED_ITEM)
    rows.append(online_entry(people.next(), "environment", answers, dt.datetime(2024, 7, 30, 11, 3, 58),
                             repeated=form_answer(repeated, 3 if answers[REPEATED_ITEM] == 4 else 4)))
    return rows


def paper_defects(items, people, online) -> list[dict]:
    """Return the planted paper forms that are excluded.

    A respondent also online, the answers 5 and 3,5, an incomplete form with
    many "don't know", a note after the last column, a row typed into one
    cell, a form without answers and a dimension that differs from the items answered.
    """
    entry = online[ALSO_ON_PAPER]
    same_person = dict(entry["person"], phone=f"+62{entry['person']['digits']}")
    other_answers = {n: 3 for n in entry["answers"]}
    other_answers[min(other_answers)] = 4
    defects = [paper_entry(entry["moment"].date() + dt.timedelta(days=3), same_person, ALSO_ON_PAPER[0],
                           other_answers)]

    branding = numbers_of(items, "branding")
    defects.append(paper_entry(dt.date(2024, 7, 22), people.next(), "branding",
                               {n: 4 if n % 3 else 3 for n in branding}, overrides={branding[2]: "5"}))
    environment = numbers_of(items, "environment")
    defects.append(paper_entry(dt.date(2024, 7, 25), people.next(), "environment",
                               {n: 4 if n % 2 else 3 for n in environment}, overrides={environment[6]: "3,5"}))
    society = numbers_of(items, "society")
    unanswered = {society[1]: "Tidak tahu", society[3]: "Tidak tahu", society[5]: "Tidak tahu",
                  society[6]: "Tidak tahu", society[7]: ""}
    defects.append(paper_entry(dt.date(2024, 8, 5), people.next(), "society", {n: 4 if n % 2 else 3 for n in society},
                               overrides=unanswered))

    governance = numbers_of(items, "governance")
    defects.append(paper_entry(dt.date(2024, 7, 18), people.next(), "governance",
                               {n: 3 if n % 4 == 2 else 4 for n in governance},
                               note="responden minta pertanyaan dibacakan"))
    living = numbers_of(items, "living")
    defects.append(paper_entry(dt.date(2024, 8, 8), people.next(), "living",
                               {n: 3 if n % 4 == 3 else 4 for n in living}, merged=True))
    defects.append(paper_entry(dt.date(2024, 7, 29), people.next(), "economy", {}))
    defects.append(paper_entry(dt.date(2024, 8, 14), people.next(), "living",
                               {n: 3 if n % 4 == 0 else 4 for n in living}, dimension_text=PAPER_CHOICES["economy"]))
    for defect in defects:
        defect["planted"] = True
    return defects


def number_paper_forms(items, paper: list[dict]) -> tuple[list[list[str]], set[int]]:
    """Return the paper rows in typing order (by interview date) and the numbers of the planted forms.

    Forms are numbered from 1 and the enumerators take turns, except that no
    enumerator gets a third form with the answers of two earlier ones of the
    same dimension: that is planted once, with ENUMERATOR_IDENTICAL_NAME.
    """
    paper = sorted(paper, key=lambda entry: entry["day"])
    forms_per_key = Counter((entry["enumerator"], *answer_key(entry)) for entry in paper if "enumerator" in entry)
    rows, planted = [], set()
    for form_number, entry in enumerate(paper, start=1):
        enumerator = entry.get("enumerator")
        if enumerator is None:
            turn = form_number % len(ENUMERATORS)
            candidates = ENUMERATORS[turn:] + ENUMERATORS[:turn]
            enumerator = next(name for name in candidates if forms_per_key[(name, *answer_key(entry))] < 2)
            forms_per_key[(enumerator, *answer_key(entry))] += 1
        rows.append(paper_row(items, form_number, enumerator, entry))
        if entry.get("planted"):
            planted.add(form_number)
    return rows, planted


def personal_details(person: dict[str, str]) -> tuple[str, ...]:
    """Return the details the checks' ``identical-answers`` rule compares: age, gender, sub-district, occupation."""
    return person["age"], person["gender"], person["sub_district"], person["occupation"]


def check_identical_details(entries: list[dict]) -> None:
    """Raise RuntimeError unless exactly one pair of respondents shares answers and personal details.

    This is the checks' ``identical-answers`` rule; the copy of the double
    submission is left out, as the checks leave out duplicates.
    """
    groups: Counter = Counter()
    for entry in entries:
        if entry.get("duplicate") or entry.get("merged") or not entry["answers"]:
            continue
        person = entry["person"] | ({"age": entry["age"]} if "age" in entry else {})
        groups[(*answer_key(entry), personal_details(person))] += 1
    shared = sorted(count for count in groups.values() if count > 1)
    if shared != [2]:
        raise RuntimeError(f"respondents sharing answers and details: {shared}, expected one pair")


def second_keying(paper: list[list[str]], planted: set[int]) -> list[list[str]]:
    """Return the second keying of 30 paper forms, header included, in the order the second keyer typed them.

    The forms are copied from the first keying (``paper``) among those
    without a planted defect, the planted disagreements are typed
    differently, and one form is added that the first keying lacks.
    """
    header, rows = paper[0], paper[1:]
    rng = random.Random(SECOND_KEYING_SEED)
    regular = [row for number, row in enumerate(rows, start=1) if number not in planted]
    keyed = [list(row) for row in rng.sample(regular, SECOND_KEYING_FORMS)]

    by_form = {row[0]: row for row in keyed}
    for form_number, column, first_value, second_value in SECOND_KEYING_DISAGREEMENTS:
        row = by_form[form_number]
        position = header.index(column)
        if row[position] != first_value:
            raise ValueError(f"form {form_number} has {row[position]!r} in {column}, not {first_value!r}")
        row[position] = second_value

    items = load_items()
    economy = numbers_of(items, "economy")
    answers = {number: 3 if number % 4 == 0 else 4 for number in economy}
    extra = paper_entry(dt.date(2024, 8, 16), SECOND_KEYING_EXTRA_PERSON, "economy", answers)
    keyed.append(paper_row(items, len(rows) + 1, ENUMERATORS[0], extra))
    rng.shuffle(keyed)
    return [header] + keyed


def write_paper_file(path: Path, rows: list[list[str]]) -> None:
    """Write typed paper forms as Excel with Indonesian settings saves them: ``;``, Windows-1252, CRLF."""
    with path.open("w", encoding="cp1252", newline="") as paper_file:
        csv.writer(paper_file, delimiter=";", lineterminator="\r\n").writerows(rows)


def main() -> None:
    """Write the sample files next to this script."""
    online, paper, planted = generate()
    with (HERE / "google_forms_responses.csv").open("w", encoding="utf-8", newline="") as online_file:
        csv.writer(online_file, lineterminator="\r\n").writerows(online)
    write_paper_file(HERE / "formulir_kertas.csv", paper)
    second = second_keying(paper, planted)
    write_paper_file(HERE / "formulir_kertas_entri2.csv", second)
    print(f"{len(online) - 1} online rows, {len(paper) - 1} paper rows, {len(second) - 1} rows of the second "
          f"keying written to {HERE}")


if __name__ == "__main__":
    main()
