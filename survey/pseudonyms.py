"""Keyed pseudonyms for personal data: HMAC-SHA256 with a secret kept per survey.

A survey's secret is 32 random bytes in
``<survey folder>/.smartcity-impact/pseudonym.key``, created on the first run.
The same secret gives the same person the same pseudonym on every run of that
survey, and another survey folder has another secret, so its pseudonyms differ.
Without the secret, a pseudonym cannot be matched to a phone number or NIK by
hashing guessed values. The secret is never logged or written to an output.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from smartcity_impact.errors import SmartCityImpactError
from smartcity_impact.i18n import gettext as _

logger = logging.getLogger(__name__)

KEY_FOLDER = ".smartcity-impact"
KEY_FILE = "pseudonym.key"
SECRET_BYTES = 32
PSEUDONYM_HEX_DIGITS = 32
FOLDER_MODE = 0o700
FILE_MODE = 0o600
# Another run may have created the key file and not yet written the secret,
# so a short file is read again for up to READ_ATTEMPTS * READ_RETRY_SECONDS.
READ_ATTEMPTS = 10
READ_RETRY_SECONDS = 0.1


@dataclass(frozen=True)
class Pseudonymizer:
    """Keyed pseudonyms of normalized personal values; ``repr`` leaves the secret out."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) < SECRET_BYTES:
            raise ValueError(f"the pseudonym secret must have at least {SECRET_BYTES} bytes, not {len(self.secret)}")

    def pseudonym(self, field_name: str, normalized_value: str) -> str:
        """Return the pseudonym of ``normalized_value`` of field ``field_name`` as 32 hex digits.

        The field name is part of the hashed message, so a value that is both
        a name and an address gets two unrelated pseudonyms.
        """
        message = f"{field_name}:{normalized_value}".encode("utf-8")
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_DIGITS]


@lru_cache(maxsize=1)
def ephemeral_pseudonymizer() -> Pseudonymizer:
    """Return the Pseudonymizer of this process, with a random secret that is never stored.

    For library use and tests without a survey folder: its pseudonyms are
    stable within one process only, so they cannot be compared across runs.
    """
    return Pseudonymizer(secrets.token_bytes(SECRET_BYTES))


def survey_pseudonymizer(directory: str | Path) -> Pseudonymizer:
    """Return the Pseudonymizer of the survey folder ``directory``, creating its secret on first use.

    Raises:
        SmartCityImpactError: the key file cannot be created or read, or has the wrong size.
    """
    return Pseudonymizer(load_or_create_secret(Path(directory) / KEY_FOLDER / KEY_FILE))


def load_or_create_secret(path: Path) -> bytes:
    """Return the secret stored at ``path``, or create the file with a new random secret.

    The file is created with O_CREAT | O_EXCL, so two runs starting together
    never overwrite each other's secret: the second one reads the first one's.
    """
    try:
        path.parent.mkdir(mode=FOLDER_MODE, exist_ok=True)
    except OSError as err:
        raise creation_error(path.parent, err) from err

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags, FILE_MODE)
    except FileExistsError:
        return read_secret(path)
    except OSError as err:
        raise creation_error(path, err) from err

    secret = secrets.token_bytes(SECRET_BYTES)
    try:
        with os.fdopen(descriptor, "wb") as key_file:
            key_file.write(secret)
            key_file.flush()
            os.fsync(key_file.fileno())
    except OSError as err:
        # An empty or short key file would stop every later run, so it is removed.
        path.unlink(missing_ok=True)
        raise creation_error(path, err) from err
    logger.info(_("%s: created the pseudonym key of this survey; keep it with the survey's data"), path)
    return secret


def read_secret(path: Path) -> bytes:
    """Return the secret of an existing key file, warning when other users can read it."""
    for _attempt in range(READ_ATTEMPTS):
        try:
            secret = path.read_bytes()
        except OSError as err:
            raise SmartCityImpactError("pseudonym-key-unreadable", "The pseudonym key cannot be read: {reason}.",
                                       hint="Check that your user can read the file.", file=path,
                                       reason=err.strerror or str(err)) from err
        if len(secret) >= SECRET_BYTES:
            break
        time.sleep(READ_RETRY_SECONDS)

    if len(secret) != SECRET_BYTES:
        raise SmartCityImpactError(
            "pseudonym-key-damaged", "The pseudonym key has {size} bytes instead of {expected}, so it is damaged.",
            hint="Restore the file from a backup. If you delete it, the next run creates a new key and the "
                 "pseudonyms will differ from those of earlier runs.",
            file=path, size=len(secret), expected=SECRET_BYTES)
    warn_if_readable_by_others(path)
    return secret


def warn_if_readable_by_others(path: Path) -> None:
    """Log a warning when the key file grants any permission to its group or to other users.

    Only POSIX permission bits are checked; on Windows ``os.stat`` reports no
    group or other permissions that mean anything, so nothing is checked there.
    """
    if os.name != "posix":
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning(_("%s: the pseudonym key can be read by other users (permissions %s); run chmod 600 %s so "
                         "that only you can read it"), path, format(mode, "04o"), path)


def creation_error(path: Path, err: OSError) -> SmartCityImpactError:
    """Return the error for a key file or key folder at ``path`` that cannot be created."""
    return SmartCityImpactError("pseudonym-key-not-created", "The pseudonym key cannot be created: {reason}.",
                                hint="Run the toolkit as a user who can write to the survey folder.", file=path,
                                reason=err.strerror or str(err))
