"""Translate Click's own messages (usage lines, option errors) with the toolkit's catalogue.

Click looks its messages up through the standard ``gettext`` functions that
each of its modules imported by name, so those names are rebound to the
toolkit's translations. The msgids below are Click 8.5's, marked here so that
the extraction keeps them in the catalogue. If a Click release rewords one,
that message shows in English until it is listed and translated again.
"""

from __future__ import annotations

import importlib

from smartcity_impact.i18n import gettext, ngettext

CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it."""
    return message


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message that Click looks up with ``ngettext`` for extraction as one plural entry."""
    return singular, plural


# Help pages (--help, --version).
HELP_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
)

# Errors in the command line: a missing argument, an unknown or misused
# option, an invalid choice, surplus arguments.
USAGE_ERROR_MESSAGES = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Choose from:\n\t{choices}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Aborted!"),
)

# Click calls ngettext(singular, plural, count) for these. With Indonesian's
# single plural form, the translation must read right for any count and use
# the fields of the plural msgid.
PLURAL_MESSAGES = (
    ngettext_noop("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    ngettext_noop("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    ngettext_noop("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    ngettext_noop("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
)


def translate_click() -> None:
    """Make every Click module translate its messages with the toolkit's active catalogue."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
