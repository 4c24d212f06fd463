"""Google credentials of a ``google_sheet`` source: a service-account key, or a user's login stored by ``login``.

The credentials file is the one named by ``credentials`` in ``survey.toml``,
else by the ``GOOGLE_APPLICATION_CREDENTIALS`` environment variable. Its
``type`` decides how it is used:

- ``service_account``: a key of a service account, created in the Google Cloud
  console; the sheet must be shared with the account's e-mail address;
- ``authorized_user``: a user's refresh token, such as the file that
  ``gcloud auth application-default login`` writes;
- ``installed`` (an OAuth client of type "Desktop app"): the user logs in once
  with ``smartcity-impact login``, which stores the refresh token in the
  survey folder's ``.smartcity-impact/google-login.json`` (mode 0600).

Only the read-only Sheets scope is requested. The contents of these files
(private keys, client secrets, refresh and access tokens) are never logged
or put into a message. Messages name the file and, for a service account,
its e-mail address.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import google.oauth2.credentials
import requests
from google.auth.credentials import Credentials
from google.oauth2 import service_account
from google_auth_oauthlib.flow import InstalledAppFlow, WSGITimeoutError
from oauthlib.oauth2 import OAuth2Error

from smartcity_impact.errors import SheetError
from smartcity_impact.i18n import gettext as _
from survey.pseudonyms import FILE_MODE, FOLDER_MODE
from survey.source_config import SourceConfig

logger = logging.getLogger(__name__)

SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
ENVIRONMENT_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS"
LOGIN_TIMEOUT_SECONDS = 300
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
SERVICE_ACCOUNT_FIELDS = ("client_email", "private_key", "token_uri")
AUTHORIZED_USER_FIELDS = ("client_id", "client_secret", "refresh_token")
OAUTH_CLIENT_TYPES = ("installed", "web")


@dataclass(frozen=True)
class SheetCredentials:
    """Credentials to fetch a sheet with, and the details of them that messages may show.

    ``account`` is the service account's e-mail address (None for a user's
    login); ``file`` is the credentials file that was used.
    """

    credentials: Credentials
    account: str | None
    file: Path


def credentials_file(source: SourceConfig) -> Path:
    """Return the credentials file of ``source``: its ``credentials`` key, else GOOGLE_APPLICATION_CREDENTIALS.

    Raises:
        SheetError: neither names a file.
    """
    if source.credentials is not None:
        return source.credentials
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if from_environment:
        return Path(from_environment).expanduser()
    raise SheetError("sheet-credentials-missing", "No Google credentials are given for this source.",
                     hint="Set 'credentials' of this source in survey.toml to the key file of a service account "
                          "(or to an OAuth client file, then run 'smartcity-impact login'), or set the "
                          "environment variable GOOGLE_APPLICATION_CREDENTIALS to the key file.",
                     file=source.label)


def load_credentials(source: SourceConfig) -> SheetCredentials:
    """Return the credentials that ``source`` fetches its sheet with.

    Raises:
        SheetError: no file is named, the file cannot be read, it is no
            credentials file, or it is an OAuth client and no user has logged in.
    """
    path = credentials_file(source)
    info = read_credentials_info(source, path)
    kind = info.get("type")
    if kind == "service_account":
        check_fields(source, path, info, SERVICE_ACCOUNT_FIELDS)
        try:
            credentials = service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
        except (ValueError, TypeError) as err:
            # The library's message may quote part of the key, so only its type is logged.
            logger.debug("service account key not loaded: %s", type(err).__name__)
            raise unreadable_credentials(source, path, _("the private key cannot be read")) from None
        logger.info(_("%s: fetched as service account %s"), source.label, credentials.service_account_email)
        return SheetCredentials(credentials, credentials.service_account_email, path)
    if kind == "authorized_user":
        check_fields(source, path, info, AUTHORIZED_USER_FIELDS)
        return SheetCredentials(user_credentials(info), None, path)
    if any(client_type in info for client_type in OAUTH_CLIENT_TYPES):
        return SheetCredentials(stored_login(source, path), None, path)
    raise unreadable_credentials(source, path, _("it is neither a service account key nor an OAuth client or "
                                                 "login file"))


def read_credentials_info(source: SourceConfig, path: Path) -> dict:
    """Return the JSON object of the credentials file, raising SheetError without quoting its content."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise unreadable_credentials(source, path, _("the file does not exist")) from None
    except (OSError, UnicodeDecodeError):
        raise unreadable_credentials(source, path, _("the file cannot be opened")) from None
    try:
        info = json.loads(text)
    except json.JSONDecodeError:
        raise unreadable_credentials(source, path, _("the file is not JSON")) from None
    if not isinstance(info, dict):
        raise unreadable_credentials(source, path, _("the file is not a JSON object"))
    return info


def check_fields(source: SourceConfig, path: Path, info: dict, fields: tuple[str, ...]) -> None:
    """Raise SheetError naming the fields of ``fields`` that ``info`` lacks or leaves empty."""
    missing = [name for name in fields if not isinstance(info.get(name), str) or not info[name].strip()]
    if missing:
        raise unreadable_credentials(source, path, _("the fields {fields} are missing").format(
            fields=", ".join(missing)))


def unreadable_credentials(source: SourceConfig, path: Path, reason: str) -> SheetError:
    """Return the SheetError for a credentials file that cannot be used, naming the file only."""
    return SheetError("sheet-credentials-unreadable", "The Google credentials file {value} cannot be used: "
                      "{reason}.", hint="Download the key of the service account again (JSON) from the Google "
                      "Cloud console and set 'credentials' in survey.toml to it.", file=source.label,
                      value=str(path), reason=reason)


def user_credentials(info: dict) -> google.oauth2.credentials.Credentials:
    """Return the credentials of a user's refresh token, refreshed at the token endpoint the file names.

    ``Credentials.from_authorized_user_info`` always uses Google's endpoint, so
    the credentials are built here to honour ``token_uri`` as google-auth does
    for service-account keys. Files without it (gcloud's) use Google's.
    """
    return google.oauth2.credentials.Credentials(
        token=None,
        refresh_token=info["refresh_token"],
        token_uri=info.get("token_uri") or GOOGLE_TOKEN_URI,
        client_id=info["client_id"],
        client_secret=info["client_secret"],
        scopes=list(SCOPES),
        quota_project_id=info.get("quota_project_id"),
    )


def stored_login(source: SourceConfig, client_file: Path) -> google.oauth2.credentials.Credentials:
    """Return the user credentials that ``login`` stored for the survey folder of ``source``.

    Raises:
        SheetError: no user has logged in from this folder, or the stored login cannot be read.
    """
    path = source.login_file
    if path is None or not path.exists():
        raise SheetError("sheet-login-required", "The credentials file {value} is an OAuth client, and no Google "
                         "login is stored for this survey folder.",
                         hint="Run 'smartcity-impact login' with this survey folder and log in with a Google "
                              "account that can open the sheet.", file=source.label, value=str(client_file))
    info = read_credentials_info(source, path)
    check_fields(source, path, info, AUTHORIZED_USER_FIELDS)
    return user_credentials(info)


def log_in(source: SourceConfig, open_browser: bool = True) -> Path:
    """Log a Google user in with the OAuth client of ``source`` through the browser and store the login.

    A local server on 127.0.0.1 receives Google's redirect with the authorization code. The refresh token is
    written to ``.smartcity-impact/google-login.json`` (mode 0600) and that path
    is returned.

    Raises:
        SheetError: the credentials file is no OAuth client, the login was not
            completed within five minutes, or Google refused it.
    """
    client_file = credentials_file(source)
    info = read_credentials_info(source, client_file)
    if not any(client_type in info for client_type in OAUTH_CLIENT_TYPES):
        raise SheetError("sheet-login-not-oauth-client", "The credentials file {value} is not an OAuth client, so "
                         "there is nothing to log in to.",
                         hint="A service-account key needs no login. To log in as a user, create an OAuth client "
                              "of type 'Desktop app' in the Google Cloud console and set 'credentials' to its JSON "
                              "file.", file=source.label, value=str(client_file))

    flow = InstalledAppFlow.from_client_config(info, scopes=list(SCOPES))
    try:
        credentials = flow.run_local_server(
            host="127.0.0.1", port=0, open_browser=open_browser, timeout_seconds=LOGIN_TIMEOUT_SECONDS,
            authorization_prompt_message=_("Open this address in a browser and log in with a Google account that "
                                           "can open the sheet:") + "\n{url}",
            success_message=_("Login complete. You can close this window."))
    except WSGITimeoutError:
        raise SheetError("sheet-login-timed-out", "The Google login was not completed within {seconds} seconds.",
                         hint="Run the command again and finish the login in the browser.", file=source.label,
                         seconds=LOGIN_TIMEOUT_SECONDS) from None
    except (OAuth2Error, requests.RequestException, ValueError) as err:
        logger.debug("login failed: %s", type(err).__name__)
        raise SheetError("sheet-login-failed", "Google did not complete the login ({reason}).",
                         hint="Run the command again; check that the OAuth client is of type 'Desktop app'.",
                         file=source.label, reason=type(err).__name__) from None

    path = source.login_file
    try:
        write_login(path, {"type": "authorized_user", "client_id": credentials.client_id,
                           "client_secret": credentials.client_secret, "refresh_token": credentials.refresh_token,
                           "token_uri": credentials.token_uri})
    except OSError as err:
        raise SheetError("sheet-login-not-stored", "The Google login cannot be stored in {value}: {reason}.",
                         hint="Run the toolkit as a user who can write to the survey folder.", file=source.label,
                         value=str(path), reason=err.strerror or type(err).__name__) from None
    logger.info(_("Google login stored in %s"), path)
    return path


def write_login(path: Path, info: dict) -> None:
    """Write ``info`` to ``path`` readable by its owner only, replacing an earlier login."""
    path.parent.mkdir(mode=FOLDER_MODE, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as login_file:
        json.dump(info, login_file)
    os.replace(temporary, path)
