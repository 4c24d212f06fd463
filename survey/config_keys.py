"""Checks shared by every table of ``survey.toml``: unknown keys, required keys, allowed values."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from smartcity_impact.errors import ConfigError
from smartcity_impact.i18n import gettext as _


def config_error(key: str, message: str, path: Path, **params: Any) -> ConfigError:
    """Return a ConfigError about ``key`` of the file at ``path``."""
    return ConfigError("config-invalid", message, file=path, key=key, **params)


def check_known_keys(table: dict, allowed: tuple[str, ...], prefix: str, path: Path) -> None:
    """Raise ConfigError for a key of ``table`` that is not in ``allowed``, suggesting the closest one."""
    for key in table:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1)
        if close:
            raise config_error(f"{prefix}{key}", "Unknown key '{key}'. Allowed keys: {allowed}; did you mean "
                               "'{suggestion}'?", path, allowed=", ".join(allowed), suggestion=close[0])
        raise config_error(f"{prefix}{key}", "Unknown key '{key}'. Allowed keys: {allowed}.", path,
                           allowed=", ".join(allowed))


def require(table: dict, key: str, prefix: str, path: Path, kind: type | tuple[type, ...] = str) -> Any:
    """Return ``table[key]``, raising ConfigError when it is missing, empty or of the wrong type."""
    if key not in table or table[key] in ("", None):
        raise config_error(f"{prefix}{key}", "Key '{key}' is missing.", path)
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = _("a whole number without quotes") if kind is int else _("text in quotes")
        raise config_error(f"{prefix}{key}", "Key '{key}' has an invalid value '{value}'; expected {expected}.", path,
                           value=value, expected=expected)
    return value


def require_choice(value: Any, allowed: tuple[str, ...], key: str, path: Path) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise ConfigError listing them."""
    if value not in allowed:
        raise config_error(
            key, "Key '{key}' has the value '{value}'; allowed values: {allowed}.", path,
            value=value, allowed=", ".join(allowed),
        )
    return value
