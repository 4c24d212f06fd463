"""Translate Click's own messages (usage lines, option errors) with the toolkit's catalogue.

Click looks its messages up through the standard ``gettext`` functions that
each of its modules imported by name, so those names are rebound to the
toolkit's translations. The msgids below are Click 8's, marked here so that
``pybabel extract`` keeps them in the catalogue.
"""

from __future__ import annotations

import importlib

from smartcity_impact.i18n import gettext, ngettext

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it."""
    return message


CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing argument '{param_hint}'."),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Option {name!r} requires an argument."),
    N_("{value!r} is not one of {choices}."),
    N_("{value!r} is not {choice}."),
    N_("default: {default}"),
    N_("Aborted!"),
    N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"),
    N_("Did you mean {possibility}?"),
    N_("(Possible options: {possibilities})"),
)


def translate_click() -> None:
    """Make every Click module translate its messages with the toolkit's active catalogue."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
