"""Translations and locale-aware number formatting for everything a user reads.

Messages are written in English in the code (gettext msgids) and translated
through the catalogues in ``locales/<lang>/LC_MESSAGES/messages.po``. Indonesian
is the default language; English is the msgid itself. The ``.po`` catalogues
are compiled in memory with Babel when first used, so no compiled ``.mo`` file
has to be kept in step with its source.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
import logging
import os
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal as babel_format_decimal
from babel.numbers import format_percent as babel_format_percent

logger = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
SUPPORTED_LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_active: gettext_module.NullTranslations | None = None
_active_language = DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def load_translations(language: str) -> gettext_module.NullTranslations:
    """Compile and return the catalogue of ``language``; English needs none."""
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po_path.exists():
        return gettext_module.NullTranslations()

    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def language_from_environment() -> str:
    """Return the language named by SMARTCITY_IMPACT_LANG or the POSIX locale, else Indonesian."""
    for variable in ("SMARTCITY_IMPACT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        language = value.split(":")[0].split("_")[0].split(".")[0].lower()
        if language in SUPPORTED_LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Make ``language`` ("id" or "en") the language of every later message."""
    global _active, _active_language
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _active = load_translations(language)
    _active_language = language
    logger.debug("language set to %s", language)


def active_language() -> str:
    """Return the language messages are currently rendered in."""
    translations()
    return _active_language


def translations() -> gettext_module.NullTranslations:
    """Return the active catalogue, choosing it from the environment on first use."""
    if _active is None:
        set_language(language_from_environment())
    assert _active is not None
    return _active


def gettext(message: str) -> str:
    """Translate ``message`` into the active language."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on ``count``."""
    return translations().ngettext(singular, plural, count)


def format_decimal(value: float, decimals: int = 2) -> str:
    """Format ``value`` with exactly ``decimals`` places in the active locale (3,78 in Indonesian).

    Babel rounds half to even on the decimal value it is given; callers that
    need half away from zero round with ``aggregation.scores.round_half_up`` first.
    """
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return babel_format_decimal(value, format=pattern, locale=Locale.parse(active_language()))


def format_integer(value: int) -> str:
    """Format a count with the active locale's grouping (57.300 in Indonesian)."""
    return babel_format_decimal(value, format="#,##0", locale=Locale.parse(active_language()))


def format_datetime(value: dt.datetime) -> str:
    """Format a moment in this computer's time zone, in the active locale (4 Des 2026 21.29 in Indonesian).

    A moment without a time zone is taken as UTC, which is how the store records times.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    local = value.astimezone()
    return babel_format_datetime(local, format="d MMM y HH:mm", locale=Locale.parse(active_language()))


def format_share(value: float, decimals: int = 1) -> str:
    """Format a share (0.125) as a percentage in the active locale (12,5% in Indonesian)."""
    pattern = "#,##0." + "0" * decimals + "%" if decimals else "#,##0%"
    return babel_format_percent(value, format=pattern, locale=Locale.parse(active_language()))
