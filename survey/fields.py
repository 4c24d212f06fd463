"""The respondent details a source may carry, with the column titles that name them.

Titles are compared after ``normalize_text``; a source in ``survey.toml`` can
map any other title to a field with its ``columns`` table.
"""

from __future__ import annotations

# Fields that identify a person. They are used to recognise the same
# respondent and are never written to an output.
PERSONAL_FIELDS = ("name", "phone", "email", "nik", "address", "birth_date")

FIELD_TITLES: dict[str, tuple[str, ...]] = {
    "timestamp": ("stempel waktu", "cap waktu", "timestamp", "waktu pengisian"),
    "email": ("alamat email", "email address", "email", "e-mail", "alamat e-mail", "surel"),
    "name": ("nama", "nama lengkap", "nama responden", "name", "full name", "nama lengkap responden"),
    "phone": ("nomor hp", "no hp", "no. hp", "nomor hp/wa", "no. hp/wa", "no hp/wa", "nomor whatsapp",
              "nomor telepon", "no. telepon", "no telp", "no. telp", "telepon", "phone", "phone number",
              "nomor hp/whatsapp", "no. hp/whatsapp"),
    "age": ("usia", "umur", "usia (tahun)", "umur (tahun)", "age"),
    "gender": ("jenis kelamin", "gender", "sex"),
    "sub_district": ("kecamatan", "sub-district", "sub district"),
    "village": ("desa/kelurahan", "kelurahan/desa", "kelurahan", "desa", "village"),
    "occupation": ("pekerjaan", "occupation"),
    "education": ("pendidikan terakhir", "pendidikan", "education"),
    "dimension": ("dimensi", "dimensi smart city", "pilih dimensi", "dimensi yang dinilai",
                  "dimensi layanan yang dinilai", "pilih dimensi layanan yang pernah anda gunakan",
                  "dimension", "smart city dimension"),
    "form_number": ("no. formulir", "no formulir", "nomor formulir", "no. kuesioner", "nomor kuesioner",
                    "no kuesioner", "form number", "form no", "form no."),
    "enumerator": ("enumerator", "nama enumerator", "petugas", "petugas survei", "nama petugas", "kode enumerator"),
    "interview_date": ("tanggal wawancara", "tanggal survei", "tanggal pengisian", "tanggal", "interview date",
                       "date"),
    "nik": ("nik", "nomor induk kependudukan"),
    "address": ("alamat", "alamat rumah", "address"),
    "resident": ("domisili", "berdomisili", "penduduk", "warga setempat", "resident"),
    "programme_user": ("pengguna layanan", "pernah menggunakan layanan", "service user"),
    "consent": ("persetujuan", "persetujuan responden", "kesediaan", "consent"),
    "birth_date": ("tanggal lahir", "tgl lahir", "tgl. lahir", "tanggal lahir responden", "date of birth",
                   "birth date"),
}

# Screening questions are written with the region or programme in them, so a
# title that starts with one of these also names the field.
FIELD_PREFIXES: dict[str, tuple[str, ...]] = {
    "resident": ("apakah anda berdomisili di", "apakah anda penduduk", "apakah anda warga", "are you a resident of"),
    "programme_user": ("apakah anda pernah menggunakan", "apakah anda pengguna", "have you used"),
    "consent": ("apakah anda bersedia", "saya bersedia", "do you agree to take part"),
}
