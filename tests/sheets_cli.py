"""Run ``smartcity-impact`` in a child process whose Google Sheet requests go to the loopback fake.

Usage: ``python tests/sheets_cli.py PORT ARGUMENTS...``, where PORT is the fake
Sheets API's port on 127.0.0.1. The socket guard is installed first, so the
process cannot reach any address that is not loopback.
"""

from __future__ import annotations

import os
import sys

from helpers_sheets import install_socket_guard, loopback_transport

import survey.sheets
from smartcity_impact.cli import main


def run(arguments: list[str]) -> None:
    """Install the guard and the loopback transport, then run the command line with ``arguments[1:]``."""
    install_socket_guard()
    survey.sheets.TRANSPORT = loopback_transport(int(arguments[0]))
    # oauthlib accepts a token endpoint without TLS only with this variable set; the fake's is http://127.0.0.1.
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
    main(arguments[1:])


if __name__ == "__main__":
    run(sys.argv[1:])
